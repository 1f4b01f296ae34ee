#!/usr/bin/env bash
# Benchmark 6 - log: `dotnet data log` on a repository whose artifacts.json was changed by 1,000 commits (the manifest
# grows from 100 to 1,100 entries; every commit adds one entry and every fifth also re-keys an old one). The history is
# written with one `git fast-import` run. Times `dotnet data log`, `log --oneline`, `log <path>` (one entry's history)
# and `log --json` against plain `git log -- artifacts.json` (the baseline: what git itself needs to list the same
# commits) and `git log -p -- artifacts.json` (git's own line diffs of every version, for context).
# Also counts the git processes one `dotnet data log` starts (strace): two (git log + git cat-file --batch), whatever
# the number of commits.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_tools hyperfine git perl strace
build_cli

W="$BENCH_TMP/log"
COMMITS="${BENCH_LOG_COMMITS:-1000}"
log "log: generating $COMMITS commits touching artifacts.json in $W/repo (git fast-import)"
rm -rf "$W" && mkdir -p "$W/repo"
git -C "$W/repo" init -q
perl -e '
  use strict; my $n = $ARGV[0]; my %e; my $t = 1767225600;
  sub key { my $s = shift; my $k = ""; for my $i (0..7) { $k .= sprintf("%08x", (($s * 2654435761 + $i * 40503) ^ ($s << 3)) & 0xffffffff) } return $k }
  for my $i (0..99) { $e{sprintf("data/base/f%04d.bin", $i)} = [key($i), 1000 + $i] }
  for my $c (1..$n) {
    $e{sprintf("data/run/%04d/model.bin", $c)} = [key(100000 + $c), 5000 + $c];
    if ($c % 5 == 0) { my $p = sprintf("data/base/f%04d.bin", $c % 100); $e{$p} = [key(200000 + $c), 2000 + $c] }
    my $j = "{\n  \"version\": 2,\n  \"entries\": {\n";
    my @p = sort keys %e;
    for my $k (0..$#p) { my ($key, $size) = @{$e{$p[$k]}};
      $j .= "    \"$p[$k]\": {\n      \"storage_key\": \"$key\",\n      \"size\": $size,\n      \"created_at\": \"2026-01-01T00:00:00Z\"\n    }" . ($k < $#p ? "," : "") . "\n" }
    $j .= "  }\n}\n";
    my $msg = "run $c";
    my $when = $t + $c * 60;
    print "commit refs/heads/main\ncommitter Bench <bench\@localhost> $when +0000\n";
    print "data ", length($msg), "\n$msg\n";
    print "M 100644 inline artifacts.json\ndata ", length($j), "\n$j\n";
  }' "$COMMITS" | git -C "$W/repo" fast-import --quiet
git -C "$W/repo" symbolic-ref HEAD refs/heads/main
git -C "$W/repo" checkout -q -f main
git -C "$W/repo" gc -q
echo "commits touching artifacts.json: $(git -C "$W/repo" rev-list --count HEAD -- artifacts.json); entries at HEAD: $(grep -c storage_key "$W/repo/artifacts.json"); repository: $(du -sh "$W/repo/.git" | cut -f1)"
echo "dotnet data log --oneline | head -3:"; dt -C "$W/repo" log --oneline | head -3
echo "lines of 'dotnet data log': $(dt -C "$W/repo" log | wc -l)"

log "log: git processes started by one 'dotnet data log' (strace -f -e execve)"
strace -f -qq -e trace=execve -o "$BENCH_OUT/log-strace.txt" "$DT" -C "$W/repo" log >/dev/null
echo "git processes: $(grep -c 'execve(\"[^\"]*git\"' "$BENCH_OUT/log-strace.txt") ($(grep -o 'execve("[^"]*git", \[[^]]*' "$BENCH_OUT/log-strace.txt" | sed 's/.*\["git", //' | cut -c1-60 | tr '\n' ';'))"

# The floor: git alone inflating every version of the manifest that log reads (what cat-file costs, with no parsing).
git -C "$W/repo" log --format= --raw --no-abbrev -- artifacts.json | awk '{print $4}' >"$W/blobs.txt"
echo "manifest versions: $(wc -l <"$W/blobs.txt"), $(git -C "$W/repo" cat-file --batch <"$W/blobs.txt" | wc -c) bytes through cat-file"

wait_quiet
hf log -N --warmup 2 --runs "${BENCH_RUNS:-10}" \
  -n "dotnet data log" "$DT -C $W/repo log" \
  -n "dotnet data log --oneline" "$DT -C $W/repo log --oneline" \
  -n "dotnet data log <path>" "$DT -C $W/repo log data/base/f0050.bin" \
  -n "dotnet data log --json" "$DT -C $W/repo log --json" \
  -n "dotnet data log (JIT build)" "$DT_JIT -C $W/repo log" \
  -n "git log -- artifacts.json" "git -C $W/repo --no-pager log -- artifacts.json" \
  -n "git log -p -- artifacts.json" "git -C $W/repo --no-pager log -p -- artifacts.json" \
  -n "git cat-file --batch (every version, floor)" "bash -c 'git -C $W/repo cat-file --batch < $W/blobs.txt > /dev/null'"
DT_MEAN="$(mean_of log "dotnet data log")"
GIT_MEAN="$(mean_of log "git log -- artifacts.json")"
GITP_MEAN="$(mean_of log "git log -p -- artifacts.json")"
echo "dotnet data log: ${DT_MEAN}s; git log: ${GIT_MEAN}s (ratio $(ratio "$DT_MEAN" "$GIT_MEAN")x); git log -p: ${GITP_MEAN}s (ratio $(ratio "$DT_MEAN" "$GITP_MEAN")x)"
