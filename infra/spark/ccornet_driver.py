"""spark-submit entry point for ccornet jobs.

The Spark driver started by spark-submit loads the Spark Connect plugin (spark.plugins in
spark-defaults.conf), so it serves Spark Connect on a local port. This script waits for that port,
runs `ccornet <job> ... --engine spark --spark-remote sc://localhost:<port>` as a child process,
stops Spark and exits with ccornet's exit code, so a scheduler sees the job's own result.

    spark-submit [options] ccornet_driver.py <job> [job options]

Environment:
    CCORNET_BIN           the ccornet executable (default: ccornet on PATH)
    CCORNET_CONNECT_PORT  the Spark Connect port (default: spark.connect.grpc.binding.port, else 15002)
    CCORNET_CONNECT_WAIT  seconds to wait for the port (default 120)
"""
import os
import signal
import socket
import subprocess
import sys
import time

from pyspark.sql import SparkSession

PLUGIN = "org.apache.spark.sql.connect.SparkConnectPlugin"


def wait_for_port(port, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("localhost", port), timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"ccornet_driver: Spark Connect did not listen on localhost:{port} within {seconds}s "
                     f"(is spark.plugins={PLUGIN} set and the spark-connect package on the classpath?)")


def main(argv):
    if not argv or argv[0].startswith("-"):
        raise SystemExit("usage: spark-submit [spark options] ccornet_driver.py <job> [job options]")
    if "--engine" in argv or "--spark-remote" in argv:
        raise SystemExit("ccornet_driver: do not pass --engine/--spark-remote; the driver sets them")

    spark = SparkSession.builder.appName(f"ccornet {argv[0]}").getOrCreate()
    conf = spark.sparkContext.getConf()
    if PLUGIN not in conf.get("spark.plugins", ""):
        spark.stop()
        raise SystemExit(f"ccornet_driver: spark.plugins must include {PLUGIN} (see infra/spark/spark-defaults.conf)")
    port = int(os.environ.get("CCORNET_CONNECT_PORT") or conf.get("spark.connect.grpc.binding.port", "15002"))
    wait_for_port(port, float(os.environ.get("CCORNET_CONNECT_WAIT", "120")))

    command = [os.environ.get("CCORNET_BIN", "ccornet"), *argv,
               "--engine", "spark", "--spark-remote", f"sc://localhost:{port}"]
    print("ccornet_driver: " + " ".join(command), file=sys.stderr, flush=True)
    child = subprocess.Popen(command)

    # A scheduler stops the driver with SIGTERM: pass it on as Ctrl+C, which ccornet turns into
    # cancellation (and an interrupt of the running Spark operation) before exiting with 130.
    def forward(signum, _frame):
        child.send_signal(signal.SIGINT)
    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)

    code = child.wait()
    spark.stop()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
