#!/usr/bin/env bash
# Runs every DataTasks benchmark: builds the CLI once (Release, into bench/out/cli), then hashing, status, pull,
# start-up, S3, the runtime library, log, tree and the SDK (BENCH_ONLY="a b" picks some). Each benchmark is also runnable alone: bench/<name>.sh. Results (hyperfine markdown/csv and the full log)
# land in bench/out/. Generated data goes to BENCH_TMP (default /tmp/datatasks-bench, ~4 GB) and is deleted at the end
# unless BENCH_KEEP_DATA=1. See docs/benchmarks.md for the figures and how to read them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_tools hyperfine openssl git perl strace

LOG="$BENCH_OUT/run-$(date -u +%Y%m%dT%H%M%SZ).log"
exec > >(tee "$LOG") 2>&1
machine_info
build_cli
export BENCH_SKIP_BUILD=1

for name in ${BENCH_ONLY:-hashing status pull startup s3 runtime log tree sdk}; do
  bash "$BENCH_DIR/$name.sh"
done

if [[ "${BENCH_KEEP_DATA:-0}" != 1 ]]; then
  rm -rf "$BENCH_TMP"
  echo "deleted $BENCH_TMP"
fi
echo "log: $LOG"
