#!/usr/bin/env bash
# Benchmark 2 - status: 10,000 tracked, unchanged files (1-4 KiB of random bytes each, 100 folders x 100 files) after
# add, push and one status run that warms the stat cache. Times the whole `dotnet data status` process against
# `git status` on a parallel copy of the same files committed to git (git's own .gitignore would hide data/ in the
# DataTasks tree, so the copy is the fair comparison: both walk the same 100 folders and stat the same 10,000 files,
# and both look for untracked files - DataTasks because a .datapattern exists). Goals: status < 0.5 s warm, within 5x
# of git status. Also times status with a cold stat cache (state deleted before each run: every file is re-hashed).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_tools hyperfine git perl
build_cli

W="$BENCH_TMP/status"
log "status: generating 10,000 files in $W/repo/data (100 folders x 100 files, 1-4 KiB)"
if [[ ! -f "$W/.generated" ]]; then
  rm -rf "$W" && mkdir -p "$W/repo/data" "$W/remote"
  perl -e '
    srand(42); open(my $r, "<", "/dev/urandom") or die; binmode $r;
    for my $d (0..99) { my $dir = sprintf("%s/d%02d", $ARGV[0], $d); mkdir $dir or die "$dir: $!";
      for my $f (0..99) { my $n = 1024 + int(rand(3073)); read($r, my $buf, $n) == $n or die;
        open(my $o, ">", sprintf("%s/f%03d.bin", $dir, $f)) or die; binmode $o; print $o $buf; close $o; } }' "$W/repo/data"
  touch "$W/.generated"
fi
rm -rf "$W/repo/.datatasks" "$W/repo/artifacts.json" "$W/repo/.gitignore" "$W/remote" && mkdir -p "$W/remote"
dt -C "$W/repo" init --remote ../remote >/dev/null
printf 'data/**\n' >"$W/repo/.datapattern"
dt -C "$W/repo" add --all | tail -1
dt -C "$W/repo" push | tail -1
dt -C "$W/repo" status >/dev/null # warms the stat cache
echo "status summary: $(dt -C "$W/repo" status --json | sed -n '/"summary"/,/}/p' | tr -d ' \n')"

log "status: git copy in $W/git (the same files, committed)"
rm -rf "$W/git" && mkdir -p "$W/git" && cp -a "$W/repo/data" "$W/git/data"
git -C "$W/git" init -q
git -C "$W/git" add -A
git -C "$W/git" -c user.name=bench -c user.email=bench@localhost commit -qm data
echo "files tracked by git: $(git -C "$W/git" ls-files | wc -l)"
git -C "$W/git" status >/dev/null # refreshes the index once, like the stat-cache warm-up

STATUS="$DT -C $W/repo status"
STATUS_JIT="$DT_JIT -C $W/repo status"
GIT="git -C $W/git status"
wait_quiet
hf status-warm -N --warmup 3 --runs "${BENCH_RUNS:-20}" \
  -n "dotnet data status (warm stat cache)" "$STATUS" \
  -n "dotnet data status (warm; JIT build)" "$STATUS_JIT" \
  -n "git status" "$GIT"

COLD="rm -rf $W/repo/.datatasks/state"
echo "prepare for the cold run: $COLD (file contents stay in the page cache)"
hf status-cold --warmup 1 --runs "${BENCH_RUNS:-10}" --prepare "$COLD" \
  -n "dotnet data status (cold stat cache)" "$STATUS"
dt -C "$W/repo" status >/dev/null

warm=$(mean_of status-warm "dotnet data status (warm stat cache)"); git=$(mean_of status-warm "git status")
warm_md=$(median_of status-warm "dotnet data status (warm stat cache)"); git_md=$(median_of status-warm "git status")
jit=$(mean_of status-warm "dotnet data status (warm; JIT build)")
cold=$(mean_of status-cold "dotnet data status (cold stat cache)")
log "status result (10,000 files; mean, median in brackets)"
echo "dotnet data status, warm:  $warm s [$warm_md s] (goal < 0.5 s)"
echo "git status:                $git s [$git_md s]"
echo "status / git status:       $(ratio "$warm" "$git")x [$(ratio "$warm_md" "$git_md")x] (goal <= 5x)"
echo "JIT build, warm:           $jit s ($(ratio "$jit" "$git")x git status)"
echo "dotnet data status, cold:  $cold s (context: re-hashes all 10,000 files)"

if [[ "${BENCH_PHASES:-1}" == 1 ]]; then
  log "status: where the warm time goes (bench/status-phases, first call includes JIT)"
  dotnet publish "$BENCH_DIR/status-phases" -c Release -o "$BENCH_OUT/status-phases" --artifacts-path "$BENCH_OUT/artifacts" -nologo -v quiet
  echo "command: dotnet $BENCH_OUT/status-phases/StatusPhases.dll $W/repo 2>/dev/null"
  for run in 1 2 3; do dotnet "$BENCH_OUT/status-phases/StatusPhases.dll" "$W/repo" 2>/dev/null; done

  log "status: the same warm status under other JIT settings (runtime knobs only; the code is unchanged)"
  hf status-jit -N --warmup 2 --runs "${BENCH_RUNS:-15}" \
    -n "default (as shipped)" "$STATUS_JIT" \
    -n "DOTNET_TC_QuickJitForLoops=1" "env DOTNET_TC_QuickJitForLoops=1 $STATUS_JIT" \
    -n "DOTNET_TieredCompilation=0" "env DOTNET_TieredCompilation=0 $STATUS_JIT" \
    -n "DOTNET_TieredPGO=0" "env DOTNET_TieredPGO=0 $STATUS_JIT"
fi
