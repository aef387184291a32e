#!/usr/bin/env bash
# Runs every job that writes (generate, features, thresholds, train, score, evaluate) with its output on a
# file system too small for it, and checks that each one fails with exit code 1, says the disk is full
# and leaves nothing at --out: no partial folder, no hidden staging folder. `train` may keep its checkpoint folder
# (OUT.checkpoint, for --resume) but no half-written epoch in it.
# Needs root (it mounts a tmpfs) and a finished demo run to read from.
# Usage: check-full-disk.sh RUN_DIR   (RUN_DIR: the output of `ccornet pipeline --out RUN_DIR`)
# Exit codes: 0 every job failed cleanly, 1 some job did not, 2 usage.
set -uo pipefail

if [ $# -ne 1 ] || [ ! -d "$1/lake" ] || [ ! -f "$1/thresholds.json" ]; then
  echo "usage: $0 RUN_DIR   (RUN_DIR from 'ccornet pipeline --out RUN_DIR')" >&2
  exit 2
fi
run=$(realpath "$1")
ccornet=${CCORNET:-"dotnet run -c Release --project $(dirname "$0")/../../jobs/CcOrNet.Jobs --"}
train_features=$(ls -d "$run"/features/as_of=* | head -n 1)
test_features=$(ls -d "$run"/features/as_of=* | tail -n 1)
as_of=${test_features##*as_of=}
predictions=$(ls -d "$run"/predictions/dt=* | tail -n 1)

disk=$(mktemp -d)
trap 'umount "$disk" 2>/dev/null; rmdir "$disk"' EXIT
failures=0

# check NAME OUT SIZE ARGS...: runs `ccornet ARGS` with its output OUT on a fresh tmpfs of SIZE and checks the outcome.
check() {
  local name=$1 out=$2 size=$3; shift 3
  umount "$disk" 2>/dev/null
  mount -t tmpfs -o "size=$size" tmpfs "$disk" || { echo "check-full-disk: cannot mount a tmpfs (root needed)" >&2; exit 2; }
  local log status left
  log=$($ccornet "$@" 2>&1 >/dev/null); status=$?
  left=$(cd "$disk" && find . -mindepth 1 \( -name "$out" -o -name ".$out*" -o -path "./$out.checkpoint/.*" \) -print | sort | tr '\n' ' ')
  if [ "$status" -eq 1 ] && grep -Eq "No space left on device|disk was full" <<<"$log" && [ -z "$left" ]; then
    printf '%-10s ok: exit 1, %s\n' "$name" "$(grep -m1 'error' <<<"$log" | cut -c1-160)"
  else
    printf '%-10s FAILED: exit %s, left: [%s]\n%s\n' "$name" "$status" "$left" "$(tail -n 3 <<<"$log")"
    failures=$((failures + 1))
  fi
}

check generate   lake            2m generate --users 200000 --out "$disk/lake"
check features   features        2m features --events "$run/lake/events" --users-table "$run/lake/users" --as-of "$as_of" \
                                    --observation-days 365 --horizon-days 184 --out "$disk/features"
check thresholds thresholds.json 4k thresholds --features "$train_features" --out "$disk/thresholds.json"
check train      bundle          2m train --features "$train_features" --thresholds "$run/thresholds.json" --epochs 1 --out "$disk/bundle"
check score      predictions     2m score --model "$run/model" --features "$test_features" --as-of "$as_of" --out "$disk/predictions"
check evaluate   evaluation      64k evaluate --predictions "$predictions" --labels "$test_features" --out "$disk/evaluation"

if [ "$failures" -gt 0 ]; then echo "check-full-disk: $failures job(s) did not fail cleanly"; exit 1; fi
echo "check-full-disk: every job failed cleanly"
