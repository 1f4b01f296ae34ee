#!/usr/bin/env bash
# Benchmark 7 - tree on 100,000 entries: 100,000 tracked files of 16-64 random bytes in 1,000 folders two levels deep
# (data/dNN/sNN/fNNN.bin). The manifest is written directly with each file's SHA-256 (perl, Digest::SHA), then one
# status run warms the stat cache, so the timed runs measure what a user's repeated `tree` costs: stat 100,000 files,
# roll them up by folder, draw 1,100 lines. Side by side: `dotnet data status` on the same repository (the same walk,
# one line a file, no roll-up) and `git status` on a committed copy of the same files (what git needs to stat them).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_tools hyperfine git perl
build_cli

W="$BENCH_TMP/tree"
ENTRIES=100000
log "tree: generating $ENTRIES files and their manifest in $W/repo"
if [[ ! -f "$W/.generated" ]]; then
  rm -rf "$W" && mkdir -p "$W/repo/data"
  perl -MDigest::SHA=sha256_hex -e '
    srand(7); open(my $r, "<", "/dev/urandom") or die; binmode $r;
    my @e;
    for my $d (0..99) { for my $s (0..9) { my $dir = sprintf("%s/data/d%02d/s%02d", $ARGV[0], $d, $s);
      system("mkdir", "-p", $dir) == 0 or die;
      for my $f (0..99) { my $n = 16 + int(rand(49)); read($r, my $buf, $n) == $n or die;
        my $rel = sprintf("data/d%02d/s%02d/f%03d.bin", $d, $s, $f);
        open(my $o, ">", "$ARGV[0]/$rel") or die; binmode $o; print $o $buf; close $o;
        push @e, [$rel, sha256_hex($buf), $n]; } } }
    open(my $m, ">", "$ARGV[0]/artifacts.json") or die;
    print $m "{\n  \"version\": 2,\n  \"entries\": {\n";
    for my $i (0..$#e) { my ($p, $k, $n) = @{$e[$i]};
      print $m "    \"$p\": {\n      \"storage_key\": \"$k\",\n      \"size\": $n,\n      \"created_at\": \"2026-01-01T00:00:00Z\"\n    }", ($i < $#e ? "," : ""), "\n"; }
    print $m "  }\n}\n"; close $m;' "$W/repo"
  touch "$W/.generated"
fi
rm -rf "$W/repo/.datatasks/state"
dt -C "$W/repo" status >/dev/null # hashes every file once and warms the stat cache
echo "entries: $(grep -c storage_key "$W/repo/artifacts.json"); status summary: $(dt -C "$W/repo" status --json | sed -n '/"summary"/,/}/p' | tr -d ' \n')"
echo "tree output: $(dt -C "$W/repo" tree | wc -l) lines; first lines:"; dt -C "$W/repo" tree | head -4

log "tree: git copy in $W/git (the same files, committed)"
if [[ ! -d "$W/git/.git" ]]; then
  rm -rf "$W/git" && mkdir -p "$W/git" && cp -a "$W/repo/data" "$W/git/data"
  git -C "$W/git" init -q && git -C "$W/git" add -A
  git -C "$W/git" -c user.name=bench -c user.email=bench@localhost commit -qm data
fi
git -C "$W/git" status >/dev/null

wait_quiet
hf tree -N --warmup 2 --runs "${BENCH_RUNS:-10}" \
  -n "dotnet data tree" "$DT -C $W/repo tree" \
  -n "dotnet data tree --json" "$DT -C $W/repo tree --json" \
  -n "dotnet data status" "$DT -C $W/repo status" \
  -n "dotnet data tree (JIT build)" "$DT_JIT -C $W/repo tree" \
  -n "git status" "git -C $W/git status"
TREE_MEAN="$(mean_of tree "dotnet data tree")"
STATUS_MEAN="$(mean_of tree "dotnet data status")"
GIT_MEAN="$(mean_of tree "git status")"
echo "tree: ${TREE_MEAN}s; status: ${STATUS_MEAN}s (tree/status $(ratio "$TREE_MEAN" "$STATUS_MEAN")x); git status: ${GIT_MEAN}s (tree/git $(ratio "$TREE_MEAN" "$GIT_MEAN")x)"
