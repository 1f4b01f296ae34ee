#!/usr/bin/env bash
# Times describe and find on a 10,000-entry artifacts.json against jq/grep over the same file (the baseline).
# Usage: bench/describe.sh [entries]   (needs dotnet, jq, git; builds the CLI once)
set -euo pipefail
n=${1:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
dotnet build "$root/src/DataTasks.Cli" -c Release -v q -nologo >/dev/null
cli=$(ls "$root"/src/DataTasks.Cli/bin/Release/*/DataTasks.Cli.dll | head -1)
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
cd "$dir" && git init -q . && dotnet "$cli" init --no-install >/dev/null
python3 - "$n" > artifacts.json <<'PY'
import json, sys
n = int(sys.argv[1])
e = {f"data/f{i//100:03}/e{i:05}.bin": {"storage_key": None, "size": i, "created_at": "2026-01-01T00:00:00Z",
     "description": f"entry {i}", "tags": [f"t{i%10}"], "inputs": [f"data/f{(i-1)//100:03}/e{i-1:05}.bin"] if i else [],
     "metadata": {"i": i, "even": i % 2 == 0}} for i in range(n)}
print(json.dumps({"version": 2, "entries": e}, indent=2))
PY
t() { local s=$(date +%s.%N); "$@" >/dev/null; echo "$(echo "$(date +%s.%N) - $s" | bc)"; }
echo "describe --json: $(t dotnet "$cli" describe --json) s"
echo "describe (text): $(t dotnet "$cli" describe) s"
echo "find --tag t3:   $(t dotnet "$cli" find --tag t3 --json) s"
echo "jq baseline:     $(t jq '.entries | to_entries | map(select(.value.tags | index("t3")))' artifacts.json) s"
echo "grep baseline:   $(t grep -c '"t3"' artifacts.json) s"
