#!/usr/bin/env bash
# Benchmark 3 - pull from a folder remote: 50 files x 20 MB (1 GB) of random bytes.
#   cold: machine cache and data/ deleted before each run (every object is copied remote -> cache, verified, then
#         copied cache -> data/);
#   warm: only data/ deleted (objects come from the machine cache, which must not re-hash them);
# against `cp -r` of the remote's objects folder to a new folder. Nothing is dropped from the page cache: the remote's
# objects are read from memory by every command (they are read once before timing). `sync` runs before each timed run
# so no command pays for the previous one's write-back.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_tools hyperfine strace
build_cli

W="$BENCH_TMP/pull"
FILES=50
SIZE=$((20 * 1000 * 1000))
log "pull: generating $FILES x $SIZE bytes in $W/src/data, pushing to the folder remote $W/remote"
mkdir -p "$W/src/data"
for i in $(seq -w 1 "$FILES"); do random_file "$W/src/data/p$i.bin" "$SIZE"; done
rm -rf "$W/remote" "$W/cache" "$W/repo" "$W/cp" && mkdir -p "$W/remote"
rm -rf "$W/src/.datatasks" "$W/src/artifacts.json" "$W/src/.gitignore"
dt -C "$W/src" init --remote "$W/remote" >/dev/null
dt -C "$W/src" add data | tail -1
dt -C "$W/src" push | tail -1
# The clone that pulls: the committed files only (artifacts.json and .datatasks/config.json), as git would give it.
mkdir -p "$W/repo/.datatasks"
cp "$W/src/artifacts.json" "$W/repo/" && cp "$W/src/.datatasks/config.json" "$W/repo/.datatasks/"
echo "remote: $(find "$W/remote" -type f | wc -l) objects, $(du -sh "$W/remote" | cut -f1)"
cat "$W"/remote/* >/dev/null

CACHE="$W/cache"
PULL="$DT -C $W/repo --cache-dir $CACHE pull"
CP="cp -r $W/remote $W/cp"
wait_quiet
echo "prepare: cold pull: rm -rf $CACHE $W/repo/data && sync;  warm pull: rm -rf $W/repo/data && sync;  cp: rm -rf $W/cp && sync"
hf pull --runs "${BENCH_RUNS:-7}" --warmup 1 \
  --prepare "rm -rf $CACHE $W/repo/data && sync" -n "dotnet data pull (cold machine cache)" "$PULL" \
  --prepare "rm -rf $W/repo/data && sync" -n "dotnet data pull (warm machine cache)" "$PULL" \
  --prepare "rm -rf $W/cp && sync" -n "cp -r objects" "$CP" \
  --prepare "rm -rf $W/cp $W/cp2 && sync" -n "cp -r objects twice (context)" "$CP && cp -r $W/cp $W/cp2"
rm -rf "$W/cp" "$W/cp2"

log "pull: does a warm-cache pull re-hash cached objects? (strace of one run: 256 KiB read() calls are the hasher's)"
rm -rf "$W/repo/data"
strace -f -o "$W/strace.log" -e trace=read,copy_file_range,sendfile,ioctl "$DT_NATIVE" -C "$W/repo" --cache-dir "$CACHE" pull >/dev/null
echo "read() calls returning 256 KiB (the hasher's buffer): $(grep -c ' = 262144$' "$W/strace.log" || true) (a re-hash of 1 GB would need ~$((FILES * SIZE / 262144)))"
echo "copy_file_range/sendfile calls (kernel-side copies): $(grep -cE '^[0-9]+ +(copy_file_range|sendfile)' "$W/strace.log" || true)"
echo "FICLONE attempts: $(grep -c 'FICLONE' "$W/strace.log" || true)"
rm -f "$W/strace.log"
echo "verify after pull: $(dt -C "$W/repo" verify | tail -1)"

cold=$(mean_of pull "dotnet data pull (cold machine cache)"); warm=$(mean_of pull "dotnet data pull (warm machine cache)")
cp=$(mean_of pull "cp -r objects"); cp2=$(mean_of pull "cp -r objects twice (context)")
cold_md=$(median_of pull "dotnet data pull (cold machine cache)"); warm_md=$(median_of pull "dotnet data pull (warm machine cache)")
cp_md=$(median_of pull "cp -r objects")
log "pull result ($FILES x $SIZE bytes; medians: cold $cold_md s = $(ratio "$cold_md" "$cp_md")x cp, warm $warm_md s = $(ratio "$warm_md" "$cp_md")x cp, cp $cp_md s)"
echo "pull, cold machine cache:  $cold s  ($(ratio "$cold" "$cp")x cp -r, $(ratio "$cold" "$cp2")x two cp -r)"
echo "pull, warm machine cache:  $warm s  ($(ratio "$warm" "$cp")x cp -r)"
echo "cp -r objects:             $cp s"
echo "cp -r twice:               $cp2 s"
