#!/usr/bin/env bash
# Benchmark 1 - hashing: `dotnet data add` of 2 GB in 20 files (100 MB each, random bytes) against
# `openssl dgst -sha256` over the same files, 2 at a time. Every add starts with a fresh stat cache
# (.datatasks/state deleted, artifacts.json reset), so it hashes all 2 GB. Both sides read from a warm page cache:
# the prepare step reads every file before each timed run. Goal: add throughput >= 0.9x openssl's.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_tools hyperfine openssl
build_cli

W="$BENCH_TMP/hashing"
FILES=20
SIZE=$((100 * 1000 * 1000))
log "hashing: generating $FILES x $SIZE bytes of random data in $W/repo/data"
mkdir -p "$W/repo/data"
for i in $(seq -w 1 "$FILES"); do random_file "$W/repo/data/f$i.bin" "$SIZE"; done
rm -rf "$W/repo/.datatasks" "$W/repo/artifacts.json"
dt -C "$W/repo" init >/dev/null
cp "$W/repo/artifacts.json" "$W/artifacts.empty.json"
TOTAL=$(cat "$W"/repo/data/*.bin | wc -c)

RESET="rm -rf $W/repo/.datatasks/state && cp $W/artifacts.empty.json $W/repo/artifacts.json"
WARM="cat $W/repo/data/*.bin > /dev/null"
ADD="$DT -C $W/repo add data"
OPENSSL="cd $W/repo/data && ls *.bin | xargs -P 2 -n 1 openssl dgst -sha256 > /dev/null"
OPENSSL1="cd $W/repo/data && ls *.bin | xargs -P 1 -n 1 openssl dgst -sha256 > /dev/null"
wait_quiet
echo "prepare (before every run of every command): $RESET && $WARM"
hf hashing --runs "${BENCH_RUNS:-10}" --warmup 1 \
  --prepare "$RESET && $WARM" \
  -n "dotnet data add" "$ADD" \
  -n "openssl -P2" "$OPENSSL" \
  -n "openssl -P1" "$OPENSSL1"

# The timed add really hashed everything: run it once more and check the manifest.
eval "$RESET" && dt -C "$W/repo" add data >/dev/null
echo "entries in artifacts.json after one more add: $(grep -c '"storage_key"' "$W/repo/artifacts.json") (expect $FILES)"

add=$(mean_of hashing "dotnet data add"); ossl=$(mean_of hashing "openssl -P2"); ossl1=$(mean_of hashing "openssl -P1")
mbps() { awk -v b="$TOTAL" -v t="$1" 'BEGIN { printf "%.0f", b / t / 1e6 }'; }
log "hashing result ($TOTAL bytes)"
echo "dotnet data add:        $add s  $(mbps "$add") MB/s"
echo "openssl -sha256, -P 2:  $ossl s  $(mbps "$ossl") MB/s"
echo "openssl -sha256, -P 1:  $ossl1 s  $(mbps "$ossl1") MB/s (one core, context)"
echo "add throughput / openssl -P 2 throughput = $(ratio "$ossl" "$add") (goal >= 0.90); on medians: $(ratio "$(median_of hashing "openssl -P2")" "$(median_of hashing "dotnet data add")")"
