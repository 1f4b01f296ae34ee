#!/usr/bin/env bash
# Benchmark 4 - start-up cost, for context: `dotnet data --version` and `status` in an empty repository (init only),
# with git's equivalents beside them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_tools hyperfine git
build_cli

W="$BENCH_TMP/startup"
rm -rf "$W" && mkdir -p "$W/repo" "$W/git"
dt -C "$W/repo" init >/dev/null
git -C "$W/git" init -q
wait_quiet
hf startup -N --warmup 3 --runs "${BENCH_RUNS:-30}" \
  -n "dotnet data --version" "$DT --version" \
  -n "dotnet data status (empty repo)" "$DT -C $W/repo status" \
  -n "dotnet data --version (JIT build)" "$DT_JIT --version" \
  -n "dotnet data status (empty repo, JIT build)" "$DT_JIT -C $W/repo status" \
  -n "git --version" "git --version" \
  -n "git status (empty repo)" "git -C $W/git status"
