#!/usr/bin/env bash
# Benchmark 8 - describe and find on 10,000 entries (issue 16). A generated artifacts.json of 10,000 entries in 100
# folders, each with a description, a tag out of ten, one input (the entry before it) and two metadata fields; the
# files are not on disk, so describe shows them missing and does no hashing: what is timed is reading the manifest,
# building the dependents index and writing the report. Side by side: jq and grep over the same artifacts.json (the
# obvious baseline for "find the entries tagged t3").
# Usage: BENCH_SKIP_BUILD=1 BENCH_RUNS=10 bash bench/describe.sh [entries]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_tools hyperfine git jq python3
build_cli

N="${1:-10000}"
W="$BENCH_TMP/describe-$N"
log "describe: generating $N annotated entries in $W"
rm -rf "$W" && mkdir -p "$W" && git -C "$W" init -q
dt -C "$W" init --no-install >/dev/null
python3 - "$N" >"$W/artifacts.json" <<'PY'
import json, sys
n = int(sys.argv[1])
path = lambda i: f"data/f{i // 100:03}/e{i:05}.bin"
e = {path(i): {"storage_key": None, "size": i, "created_at": "2026-01-01T00:00:00Z",
               "description": f"entry {i}", "tags": [f"t{i % 10}"], **({"inputs": [path(i - 1)]} if i else {}),
               "metadata": {"even": i % 2 == 0, "i": i}} for i in range(n)}
print(json.dumps({"version": 2, "entries": dict(sorted(e.items()))}, indent=2))
PY
echo "manifest: $(du -h "$W/artifacts.json" | cut -f1); find --tag t3 finds $(dt -C "$W" find --tag t3 --json | jq '.entries | length') entries, jq $(jq '[.entries | to_entries[] | select(.value.tags | index("t3"))] | length' "$W/artifacts.json")"

wait_quiet
hf describe -N --warmup 2 --runs "${BENCH_RUNS:-10}" \
  -n "dotnet data describe" "$DT -C $W describe" \
  -n "dotnet data describe --json" "$DT -C $W describe --json" \
  -n "dotnet data find --tag t3 --json" "$DT -C $W find --tag t3 --json" \
  -n "dotnet data find 'entry 12*' --desc" "$DT -C $W find 'entry 12*' --desc" \
  -n "jq: entries tagged t3" "jq '[.entries | to_entries[] | select(.value.tags | index(\"t3\"))]' $W/artifacts.json" \
  -n "grep -c t3" "grep -c '\"t3\"' $W/artifacts.json"
D="$(mean_of describe "dotnet data describe")"
F="$(mean_of describe "dotnet data find --tag t3 --json")"
J="$(mean_of describe "jq: entries tagged t3")"
echo "describe: ${D}s ($(ratio "$D" "$J")x jq); find --tag: ${F}s ($(ratio "$F" "$J")x jq)"
