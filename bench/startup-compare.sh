#!/usr/bin/env bash
# Start-up side by side without hyperfine: median wall time of N runs of `--version` and of `status` on a small
# repository (20 files of 4 KB), for each native dotnet-data binary given (e.g. main's in /tmp/before and a branch's).
# usage: bench/startup-compare.sh [-n RUNS] <dotnet-data binary>...
set -euo pipefail
runs=50
if [[ "${1:-}" == "-n" ]]; then runs=$2; shift 2; fi
if [[ $# -eq 0 ]]; then echo "usage: $0 [-n RUNS] <dotnet-data binary>..." >&2; exit 2; fi

repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
git -C "$repo" init -q
mkdir -p "$repo/data"
for i in $(seq 1 20); do head -c 4096 /dev/urandom > "$repo/data/f$i.bin"; done
"$1" -C "$repo" init --no-install > /dev/null
"$1" -C "$repo" add data > /dev/null

# The median of $runs timings of the command given, in milliseconds with one decimal.
median_ms() {
  local times=() start end
  for _ in $(seq 1 "$runs"); do
    start=$(date +%s%N); "$@" > /dev/null 2>&1 || true; end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

printf '%-50s %14s %12s\n' binary "--version ms" "status ms"
for bin in "$@"; do
  printf '%-50s %14s %12s\n' "$bin" "$(median_ms "$bin" --version)" "$(median_ms "$bin" -C "$repo" status)"
done
