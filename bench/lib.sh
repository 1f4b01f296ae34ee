#!/usr/bin/env bash
# Shared helpers for the DataTasks benchmarks. Source it; do not run it.
#
# Environment (all optional):
#   BENCH_TMP         where generated data goes (default /tmp/datatasks-bench); needs ~6 GB free, same disk as the repo
#                     gives the fairest file-system comparison. Reused between runs when the data already exists.
#   BENCH_KEEP_DATA   1 keeps BENCH_TMP after run.sh finishes (default: run.sh deletes it).
#   BENCH_SKIP_BUILD  1 reuses the CLI already published in BENCH_CLI_DIR.
#   BENCH_CLI_DIR     where the CLI is published (default bench/out/cli).
#   BENCH_RUNS        hyperfine runs per command (default depends on the benchmark).

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
BENCH_OUT="${BENCH_OUT:-$BENCH_DIR/out}"
BENCH_TMP="${BENCH_TMP:-/tmp/datatasks-bench}"
BENCH_CLI_DIR="${BENCH_CLI_DIR:-$BENCH_OUT/cli}"
DT_DLL="$BENCH_CLI_DIR/dotnet-data.dll"
# The native AOT build: what `dotnet tool install` gives on linux-x64 (the "any" package is the JIT build above).
BENCH_NATIVE_DIR="${BENCH_NATIVE_DIR:-$BENCH_OUT/cli-native}"
DT_NATIVE="$BENCH_NATIVE_DIR/dotnet-data"
mkdir -p "$BENCH_OUT" "$BENCH_TMP"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Make sure no inherited setting points the CLI somewhere else.
unset DATATASKS_REMOTE DATATASKS_CACHE_DIR

log() { printf '\n== %s\n' "$*"; }

# Publishes the CLI in Release into BENCH_CLI_DIR (its own artifacts folder, so it never collides with other builds).
build_cli() {
  if [[ "${BENCH_SKIP_BUILD:-0}" == 1 && -f "$DT_DLL" && -x "$DT_NATIVE" ]]; then
    echo "using the CLI already published at $DT_DLL"
    return
  fi
  log "building: dotnet publish src/DataTasks.Cli -c Release -p:PublishAot=false -o $BENCH_CLI_DIR --artifacts-path $BENCH_OUT/artifacts"
  (cd "$REPO_ROOT" && dotnet publish src/DataTasks.Cli -c Release -p:PublishAot=false -o "$BENCH_CLI_DIR" --artifacts-path "$BENCH_OUT/artifacts" -nologo -v quiet)
  log "building: dotnet publish src/DataTasks.Cli -c Release -r linux-x64 -o $BENCH_NATIVE_DIR (native AOT, as the linux-x64 tool package ships it)"
  (cd "$REPO_ROOT" && dotnet publish src/DataTasks.Cli -c Release -r linux-x64 -o "$BENCH_NATIVE_DIR" --artifacts-path "$BENCH_OUT/artifacts-native" -nologo -v quiet)
  echo "commit: $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO_ROOT" diff --quiet 2>/dev/null || echo ' (+ uncommitted changes)')"
}

# The CLI as users on linux-x64 run it after `dotnet tool install` (the native build); DT_JIT is the framework-dependent
# build that every other platform gets and that `dotnet run --project src/DataTasks.Cli` runs.
dt() { "$DT_NATIVE" "$@"; }
DT="$DT_NATIVE"
DT_JIT="dotnet $DT_DLL"

require_tools() {
  local missing=()
  for t in "$@"; do command -v "$t" >/dev/null || missing+=("$t"); done
  if ((${#missing[@]})); then
    echo "missing tools: ${missing[*]} (Debian: apt-get update && apt-get install -y ${missing[*]})" >&2
    exit 2
  fi
}

machine_info() {
  log "machine"
  echo "date:       $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpus:       $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "sha-ni:     $(grep -q -m1 -w sha_ni /proc/cpuinfo && echo yes || echo no)"
  echo "memory:     $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
  echo "dotnet:     $(dotnet --version) (runtime $(dotnet --list-runtimes | awk '/NETCore.App/ {v=$2} END {print v}'))"
  echo "openssl:    $(openssl version)"
  echo "git:        $(git --version)"
  echo "hyperfine:  $(hyperfine --version)"
  echo "bench tmp:  $BENCH_TMP on $(findmnt -n -o FSTYPE,SOURCE -T "$BENCH_TMP" | tr -s ' ') ($(df -h --output=avail "$BENCH_TMP" | tail -1 | tr -d ' ') free)"
}

# Writes <size> random bytes to <file> unless it already has that size.
random_file() {
  local file="$1" bytes="$2"
  if [[ -f "$file" && "$(stat -c %s "$file")" == "$bytes" ]]; then return; fi
  head -c "$bytes" /dev/urandom >"$file"
}

# hf <name> <hyperfine args...>: runs hyperfine, prints its report, and keeps markdown/csv exports in bench/out.
hf() {
  local name="$1"; shift
  hyperfine --style basic --export-markdown "$BENCH_OUT/$name.md" --export-csv "$BENCH_OUT/$name.csv" "$@"
}

# mean_of <name> <command-name>: the mean seconds hyperfine recorded for that command.
mean_of() {
  awk -F, -v n="$2" 'NR > 1 && $1 == n { printf "%.3f\n", $2 }' "$BENCH_OUT/$1.csv"
}

# ratio <a> <b>: a / b with 2 decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# The machine is shared and noisy: wait (up to BENCH_QUIET_WAIT seconds, default 120) until the 1-minute load average
# drops below BENCH_QUIET_LOAD (default 0.5), then print the load the benchmark starts under.
wait_quiet() {
  local limit="${BENCH_QUIET_WAIT:-120}" max="${BENCH_QUIET_LOAD:-0.5}" waited=0
  while awk -v m="$max" '{ exit !($1 >= m) }' /proc/loadavg && ((waited < limit)); do
    sleep 5; waited=$((waited + 5))
  done
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (waited ${waited}s for < $max)"
}

# median_of <name> <command-name>: the median seconds (less sensitive to the machine's noise than the mean).
median_of() {
  awk -F, -v n="$2" 'NR > 1 && $1 == n { printf "%.3f\n", $4 }' "$BENCH_OUT/$1.csv"
}
