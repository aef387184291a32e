#!/usr/bin/env bash
# Submits one ccornet job to Spark:
#
#   infra/spark/submit.sh [spark-submit options] -- <job> [job options]
#   infra/spark/submit.sh --master yarn --deploy-mode client -- features --events /lake/events ... --out /lake/features/dt=2024-02-01
#
# spark-submit starts a driver with the Spark Connect plugin; ccornet_driver.py runs
# `ccornet <job> ... --engine spark --spark-remote sc://localhost:15002` next to it and exits with
# the job's exit code. Needs SPARK_HOME; CCORNET_BIN names the ccornet executable on the driver host.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
: "${SPARK_HOME:?set SPARK_HOME to a Spark 3.5 or 4.x distribution}"

spark_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do spark_args+=("$1"); shift; done
if [ $# -eq 0 ]; then
  echo "usage: $0 [spark-submit options] -- <job> [job options]" >&2
  exit 2
fi
shift # the --

exec "$SPARK_HOME/bin/spark-submit" \
  --properties-file "${CCORNET_SPARK_DEFAULTS:-$here/spark-defaults.conf}" \
  --name "ccornet $1" \
  "${spark_args[@]}" \
  "$here/ccornet_driver.py" "$@"
