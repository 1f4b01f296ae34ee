#!/usr/bin/env bash
# Pull per link mode (issue 15): 1 GB in 10 files of 100 MB in a folder remote, pulled with each link mode
# (DATATASKS_LINK=copy, hardlink, symlink; reflink on an XFS loop file system when run as root), cold and warm, side by
# side with `cp -r` of the remote's objects, in one hyperfine run.
#   cold: that mode's machine cache and data/ deleted before each run (every object is copied remote -> cache and
#         verified on the way, then put into data/ by the mode);
#   warm: only data/ deleted (the cache is full: nothing is fetched or re-hashed; the mode alone makes the tree).
# Nothing is dropped from the page cache: the remote's objects are read once before timing, so every command reads
# them from memory; `sync` runs in each --prepare so no command pays for the previous one's write-back.
# Afterwards, for each mode: one more cold pull, `du` of cache + tree (hard links counted once) and `verify`.
#
# Environment: see lib.sh; BENCH_RUNS (default 3), BENCH_SKIP_BUILD=1 reuses bench/out/cli-native/dotnet-data;
# BENCH_BASELINE_CLI=/path/to/older/dotnet-data adds every pull row once more with that build ("... baseline"), in the
# same run, for before/after figures.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_tools hyperfine strace openssl

# Only the native CLI is measured, so only that one is built.
if [[ "${BENCH_SKIP_BUILD:-0}" == 1 && -x "$DT_NATIVE" ]]; then
  echo "using the CLI already published at $DT_NATIVE"
else
  log "building: dotnet publish src/DataTasks.Cli -c Release -r linux-x64 -o $BENCH_NATIVE_DIR (native AOT)"
  (cd "$REPO_ROOT" && dotnet publish src/DataTasks.Cli -c Release -r linux-x64 -o "$BENCH_NATIVE_DIR" --artifacts-path "$BENCH_OUT/artifacts-native" -nologo -v quiet)
fi
echo "commit: $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO_ROOT" diff --quiet 2>/dev/null || echo ' (+ uncommitted changes)')"

W="$BENCH_TMP/links"
FILES=10
SIZE=$((100 * 1000 * 1000))
RUNS="${BENCH_RUNS:-3}"
MODES=(copy hardlink symlink)

log "links: generating $FILES x $SIZE bytes in $W/src/data, pushing to the folder remote $W/remote"
mkdir -p "$W/src/data"
for i in $(seq -w 1 "$FILES"); do random_file "$W/src/data/p$i.bin" "$SIZE"; done
rm -rf "$W/remote" "$W/src-cache" "$W"/cache-* "$W"/repo-* "$W/cp" && mkdir -p "$W/remote"
rm -rf "$W/src/.datatasks" "$W/src/artifacts.json" "$W/src/.gitignore"
dt -C "$W/src" --cache-dir "$W/src-cache" init --remote "$W/remote" >/dev/null
dt -C "$W/src" --cache-dir "$W/src-cache" add data | tail -1
dt -C "$W/src" --cache-dir "$W/src-cache" push | tail -1
rm -rf "$W/src-cache"
echo "remote: $(find "$W/remote" -type f | wc -l) objects, $(du -sh "$W/remote" | cut -f1)"

# A clone that pulls: the committed files only (artifacts.json and .datatasks/config.json), as git would give it.
# $1 = the clone, $2 = the remote folder it pulls from.
make_clone() {
  mkdir -p "$1/.datatasks"
  cp "$W/src/artifacts.json" "$1/"
  sed "s#$W/remote#$2#g" "$W/src/.datatasks/config.json" >"$1/.datatasks/config.json"
}
for m in "${MODES[@]}"; do make_clone "$W/repo-$m" "$W/remote"; done

# The reflink row needs a file system with clones: XFS with reflink=1 on a sparse loop file (root only).
X="$W/xfs"
XFS=0
if [[ "$(id -u)" == 0 ]] && command -v mkfs.xfs >/dev/null; then
  mountpoint -q "$X" && umount "$X"
  rm -rf "$X" "$W/xfs.img" && mkdir -p "$X"
  truncate -s 8G "$W/xfs.img"
  mkfs.xfs -q -m reflink=1 "$W/xfs.img"
  if mount -o loop "$W/xfs.img" "$X"; then
    XFS=1
    trap 'umount "$X" 2>/dev/null || true; rm -f "$W/xfs.img"' EXIT
    cp -r "$W/remote" "$X/remote"
    make_clone "$X/repo-reflink" "$X/remote"
    echo "reflink row: XFS (reflink=1) on a loop file at $X ($(findmnt -n -o SOURCE "$X"))"
  else
    echo "reflink row skipped: cannot mount the XFS loop file (no loop devices here?)"
  fi
else
  echo "reflink row skipped: needs root (a loop-mounted XFS with reflink=1) and mkfs.xfs (apt-get install -y xfsprogs)"
fi

repo_of() { if [[ "$1" == reflink ]]; then echo "$X/repo-reflink"; else echo "$W/repo-$1"; fi; }
cache_of() { if [[ "$1" == reflink ]]; then echo "$X/cache-reflink"; else echo "$W/cache-$1"; fi; }
pull_of() { echo "DATATASKS_LINK=$1 ${2:-$DT} -C $(repo_of "$1") --cache-dir $(cache_of "$1") pull"; }
BASE="${BENCH_BASELINE_CLI:-}"
[[ -n "$BASE" ]] && echo "baseline CLI: $BASE"

cat "$W"/remote/* >/dev/null
((XFS)) && cat "$X"/remote/* >/dev/null

args=(--prepare "rm -rf $W/cp && sync" -n "cp -r objects" "cp -r $W/remote $W/cp")
# The floor of any pull that checks what it copies: every object copied (cp, in the kernel) and its copy hashed
# (openssl), all objects at once over the cores. A cold pull does this work and no more.
args+=(--prepare "rm -rf $W/cp && sync" -n "cp + openssl sha256 of each object, in parallel"
  "bash -c 'mkdir $W/cp && for f in $W/remote/*; do (cp \"\$f\" $W/cp/ && openssl dgst -sha256 \"$W/cp/\${f##*/}\" >/dev/null) & done; wait'")
all_modes=("${MODES[@]}")
((XFS)) && all_modes+=(reflink)
for m in "${all_modes[@]}"; do
  repo=$(repo_of "$m"); cache=$(cache_of "$m")
  args+=(--prepare "rm -rf $cache $repo/data && sync" -n "$m cold" "$(pull_of "$m")")
  args+=(--prepare "rm -rf $repo/data && sync" -n "$m warm" "$(pull_of "$m")")
  if [[ -n "$BASE" ]]; then
    args+=(--prepare "rm -rf $cache $repo/data && sync" -n "$m cold baseline" "$(pull_of "$m" "$BASE")")
    args+=(--prepare "rm -rf $repo/data && sync" -n "$m warm baseline" "$(pull_of "$m" "$BASE")")
  fi
done
# On XFS cp (coreutils 9) clones by default: its row is the reflink row's own floor; --reflink=never is a real copy.
((XFS)) && args+=(--prepare "rm -rf $X/cp && sync" -n "cp -r objects on XFS" "cp -r $X/remote $X/cp")
((XFS)) && args+=(--prepare "rm -rf $X/cp && sync" -n "cp -r --reflink=never on XFS" "cp -r --reflink=never $X/remote $X/cp")

log "links: the commands (prepare before each run in brackets)"
for ((i = 0; i < ${#args[@]}; i += 5)); do printf '  %-30s %s   [%s]\n' "${args[i+3]}" "${args[i+4]}" "${args[i+1]}"; done
wait_quiet
hf links --runs "$RUNS" --warmup 1 "${args[@]}"
rm -rf "$W/cp" "$X/cp"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# settled_used_kb <path>: the used KiB of the file system holding <path>, once two readings a second apart agree.
settled_used_kb() {
  local a b
  sync; a=$(df -k --output=used "$1" | tail -1)
  for _ in $(seq 30); do
    sleep 1; sync; b=$(df -k --output=used "$1" | tail -1)
    [[ "$a" == "$b" ]] && break
    a=$b
  done
  echo "$b"
}

log "links: disk used by cache + tree after a cold pull (du counts a hard-linked object once), and verify"
data_kb=$(du -sk "$W/remote" | cut -f1)
for m in "${all_modes[@]}"; do
  repo=$(repo_of "$m"); cache=$(cache_of "$m")
  rm -rf "$cache" "$repo/data" && sync
  # XFS frees the blocks of deleted files in the background: wait until its count of used blocks stops moving, or
  # the freeing would be subtracted from what the pull uses (a run read 0.40x the data that way).
  fs_before=$(settled_used_kb "$repo")
  eval "$(pull_of "$m")" >/dev/null
  sync
  used_kb=$(du -sck "$cache" "$repo/data" | tail -1 | cut -f1)
  # du cannot see blocks a clone shares; the file system's own count of used blocks can (alone on the XFS loop file).
  shared=""
  if [[ "$m" == reflink ]]; then
    fs_used=$(( $(settled_used_kb "$repo") - fs_before ))
    shared="; blocks the XFS really used: $((fs_used / 1024)) MB = $(ratio "$fs_used" "$data_kb")x the data"
  fi
  echo "$m: cache + tree by du $(du -shc "$cache" "$repo/data" | tail -1 | cut -f1) = $(ratio "$used_kb" "$data_kb")x the data$shared; verify: $(DATATASKS_LINK=$m dt -C "$repo" --cache-dir "$cache" verify | tail -1)"
done

log "links: what a warm hardlink pull does per file (strace -c of one run, $FILES files)"
rm -rf "$W/repo-hardlink/data"
DATATASKS_LINK=hardlink strace -f -c -o "$W/strace.txt" "$DT" -C "$W/repo-hardlink" --cache-dir "$W/cache-hardlink" pull >/dev/null
grep -E ' (link|linkat|rename|renameat|unlink|unlinkat|chmod|fchmodat|utimensat|statx|newfstatat|openat|read|write|fsync|fdatasync|mkdir|mkdirat)$' "$W/strace.txt" || true
rm -f "$W/strace.txt"

# cpu_of <command-name>: mean user + system seconds (on a loaded machine a steadier measure than wall time).
cpu_of() { awk -F, -v n="$1" 'NR > 1 && $1 == n { printf "%.2f\n", $5 + $6 }' "$BENCH_OUT/links.csv"; }

log "links: result (medians; ratio to cp -r objects on ext4; cpu = mean user + system)"
cp_md=$(median_of links "cp -r objects")
echo "cp -r objects: $cp_md s (cpu $(cpu_of "cp -r objects") s)"
for m in "${all_modes[@]}"; do
  cold=$(median_of links "$m cold"); warm=$(median_of links "$m warm")
  echo "$m: cold $cold s = $(ratio "$cold" "$cp_md")x cp (cpu $(cpu_of "$m cold") s);  warm $warm s = $(ratio "$warm" "$cp_md")x cp ($(ratio "$cp_md" "$warm")x faster than cp; cpu $(cpu_of "$m warm") s)"
  if [[ -n "$BASE" ]]; then
    bcold=$(median_of links "$m cold baseline"); bwarm=$(median_of links "$m warm baseline")
    echo "$m baseline: cold $bcold s = $(ratio "$bcold" "$cp_md")x cp (cpu $(cpu_of "$m cold baseline") s);  warm $bwarm s = $(ratio "$bwarm" "$cp_md")x cp ($(ratio "$cp_md" "$bwarm")x faster than cp; cpu $(cpu_of "$m warm baseline") s)"
  fi
done
if ((XFS)); then
  echo "cp -r on XFS: $(median_of links "cp -r objects on XFS") s;  --reflink=never: $(median_of links "cp -r --reflink=never on XFS") s"
fi
