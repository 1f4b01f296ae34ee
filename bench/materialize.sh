#!/usr/bin/env bash
# Benchmark 10 - the cost of verifying cache objects as they are materialised. A warm pull copies every object from
# the machine cache into data/ and hashes the bytes as it writes them (one read of each object, no second pass), so a
# cache object that rotted after it was verified never reaches a tree. Side by side in one hyperfine run:
#   dotnet data pull, warm machine cache (copy + SHA-256 of 1 GB as 50 x 20 MB);
#   cp -r of the cache's objects folder (a plain copy: what materialising cost before it verified);
#   cp -r, then sha256sum of the copies (copying and verifying with the standard tools: two passes).
# Everything is read from the page cache; `sync` runs before each timed run. Uses the framework-dependent (JIT) build
# unless DT_USE_NATIVE=1 and the native build exists (BENCH_SKIP_BUILD=1 after bench/run.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_tools hyperfine sha256sum

if [[ "${DT_USE_NATIVE:-0}" == 1 && -x "$DT_NATIVE" ]]; then
  TOOL="$DT_NATIVE"
else
  if [[ "${BENCH_SKIP_BUILD:-0}" != 1 || ! -f "$DT_DLL" ]]; then
    log "building: dotnet publish src/DataTasks.Cli -c Release -p:PublishAot=false -o $BENCH_CLI_DIR --artifacts-path $BENCH_OUT/artifacts"
    (cd "$REPO_ROOT" && dotnet publish src/DataTasks.Cli -c Release -p:PublishAot=false -o "$BENCH_CLI_DIR" --artifacts-path "$BENCH_OUT/artifacts" -nologo -v quiet)
  fi
  TOOL="dotnet $DT_DLL"
fi
echo "tool: $TOOL (commit $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown))"

W="$BENCH_TMP/materialize"
FILES=50
SIZE=$((20 * 1000 * 1000))
log "materialize: $FILES x $SIZE random bytes pushed to $W/remote, pulled once into the machine cache $W/cache"
rm -rf "$W" && mkdir -p "$W/src/data" "$W/remote"
for i in $(seq -w 1 "$FILES"); do random_file "$W/src/data/m$i.bin" "$SIZE"; done
$TOOL -C "$W/src" init --remote "$W/remote" >/dev/null
$TOOL -C "$W/src" add data | tail -1
$TOOL -C "$W/src" push | tail -1
mkdir -p "$W/repo/.datatasks"
cp "$W/src/artifacts.json" "$W/repo/" && cp "$W/src/.datatasks/config.json" "$W/repo/.datatasks/"
$TOOL -C "$W/repo" --cache-dir "$W/cache" --quiet pull
cat "$W"/cache/objects/*/* >/dev/null

PULL="$TOOL -C $W/repo --cache-dir $W/cache --quiet pull"
CP="cp -r $W/cache/objects $W/cp"
wait_quiet
hf materialize --runs "${BENCH_RUNS:-9}" --warmup 1 \
  --prepare "rm -rf $W/repo/data && sync" -n "dotnet data pull (warm cache: copy + hash)" "$PULL" \
  --prepare "rm -rf $W/cp && sync" -n "cp -r objects (plain copy)" "$CP" \
  --prepare "rm -rf $W/cp && sync" -n "cp -r + sha256sum (copy then verify)" "$CP && find $W/cp -type f -exec sha256sum {} + >/dev/null"
echo "verify after pull: $($TOOL -C "$W/repo" --cache-dir "$W/cache" verify | tail -1)"

pull=$(median_of materialize "dotnet data pull (warm cache: copy + hash)")
cp=$(median_of materialize "cp -r objects (plain copy)")
cps=$(median_of materialize "cp -r + sha256sum (copy then verify)")
log "materialize result (medians): warm pull $pull s = $(ratio "$pull" "$cp")x cp -r ($cp s), $(ratio "$pull" "$cps")x cp -r + sha256sum ($cps s)"
rm -rf "$W"
