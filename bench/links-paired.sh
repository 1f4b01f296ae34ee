#!/usr/bin/env bash
# Before/after for bench/links.sh on a shared, noisy machine: the same pulls, baseline and new build interleaved run by
# run (A B, B A, ...) so load drifting over minutes hits both alike; hyperfine runs all of one command, then all of
# the next. Reuses the clones, caches and remotes bench/links.sh left in $BENCH_TMP/links (run it first, with
# BENCH_KEEP_DATA-like care: links.sh never deletes them; the XFS loop file is unmounted at its end, so the reflink row
# is not repeated here).
#   usage: BENCH_BASELINE_CLI=/path/to/older/dotnet-data [BENCH_RUNS=5] bash bench/links-paired.sh
# Prints per row the median wall and median user+system CPU (GNU time) of each build and the ratio of the medians.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
W="$BENCH_TMP/links"
BASE="${BENCH_BASELINE_CLI:?set BENCH_BASELINE_CLI to the older dotnet-data}"
RUNS="${BENCH_RUNS:-5}"
[[ -d "$W/repo-hardlink" ]] || { echo "run bench/links.sh first: $W has no clones" >&2; exit 2; }
echo "new: $DT ($(git -C "$REPO_ROOT" rev-parse --short HEAD)); baseline: $BASE; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# one <mode> <cold|warm> <binary> -> "wall cpu" of one pull after its prepare step.
one() {
  local mode="$1" kind="$2" bin="$3" repo="$W/repo-$1" cache="$W/cache-$1"
  if [[ "$kind" == cold ]]; then rm -rf "$cache" "$repo/data"; else rm -rf "$repo/data"; fi
  sync
  DATATASKS_LINK="$mode" /usr/bin/time -f "%e %U %S" -o "$W/time.txt" "$bin" -C "$repo" --cache-dir "$cache" -q pull >/dev/null
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$W/time.txt"
}
cp_one() {
  rm -rf "$W/cp" && sync
  /usr/bin/time -f "%e %U %S" -o "$W/time.txt" cp -r "$W/remote" "$W/cp"
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$W/time.txt"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-14s %-28s %-28s %-16s %s\n' row "new: wall / cpu (median)" "baseline: wall / cpu" "new / baseline" "cp -r wall / cpu (same rounds)"
for row in "hardlink cold" "hardlink warm" "symlink cold" "symlink warm" "copy cold" "copy warm"; do
  read -r mode kind <<<"$row"
  : >"$W/new.txt"; : >"$W/base.txt"; : >"$W/cp.txt"
  [[ "$kind" == warm ]] && { one "$mode" cold "$DT" >/dev/null; }
  for ((i = 0; i < RUNS; i++)); do
    if ((i % 2)); then one "$mode" "$kind" "$BASE" >>"$W/base.txt"; one "$mode" "$kind" "$DT" >>"$W/new.txt"
    else one "$mode" "$kind" "$DT" >>"$W/new.txt"; one "$mode" "$kind" "$BASE" >>"$W/base.txt"; fi
    cp_one >>"$W/cp.txt"
  done
  nw=$(cut -d' ' -f1 "$W/new.txt" | median); nc=$(cut -d' ' -f2 "$W/new.txt" | median)
  bw=$(cut -d' ' -f1 "$W/base.txt" | median); bc=$(cut -d' ' -f2 "$W/base.txt" | median)
  cw=$(cut -d' ' -f1 "$W/cp.txt" | median); cc=$(cut -d' ' -f2 "$W/cp.txt" | median)
  printf '%-14s %-28s %-28s %-16s %s\n' "$row" "$nw s / $nc s" "$bw s / $bc s" "$(ratio "$nw" "$bw") / $(ratio "$nc" "$bc")" "$cw s / $cc s"
done
rm -rf "$W/cp" "$W/time.txt" "$W/new.txt" "$W/base.txt" "$W/cp.txt"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
