#!/usr/bin/env bash
# Benchmark 7 - the runtime library and the typed tree: DataArtifacts.Resolve on 1,000 present, verified files against
# File.Exists on the same files (side by side in one process, best of 5 rounds of 200,000 calls), the first resolve
# with and without a saved stat cache, and the source generator plus a compile of its output on a 10,000-entry
# manifest against the same paths as plain string constants (DATATASKS_BENCH_DEEP=1: the worst-case folder shape).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
log "runtime: building bench/runtime (Release)"
(cd "$REPO_ROOT" && dotnet build bench/runtime -c Release --artifacts-path "$BENCH_OUT/artifacts-runtime" -nologo -v quiet)
wait_quiet
echo "command: dotnet $BENCH_OUT/artifacts-runtime/bin/RuntimeBench/release/RuntimeBench.dll $BENCH_TMP/runtime"
dotnet "$BENCH_OUT/artifacts-runtime/bin/RuntimeBench/release/RuntimeBench.dll" "$BENCH_TMP/runtime"
