#!/usr/bin/env bash
# Benchmark 5 - S3 transfers: push and pull of 1 GB as 100 x 10 MB and as 2 x 500 MB through s3rver on loopback
# (pull both through the machine cache, the default, and with --no-cache, which writes each byte once as rclone does),
# side by side in the same run with `rclone copy` against the same server (goal: at least as fast as rclone on both
# shapes), and the CLI's peak memory (max RSS, /usr/bin/time) during the 500 MB transfers.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_tools hyperfine rclone node npm /usr/bin/time
build_cli

W="$BENCH_TMP/s3"
S3RVER_DIR="$REPO_ROOT/tests/s3rver"
[[ -d "$S3RVER_DIR/node_modules/s3rver" ]] || npm ci --prefix "$S3RVER_DIR" --no-audit --no-fund >/dev/null
PORT="${BENCH_S3_PORT:-4610}"
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3 AWS_PROFILE

rm -rf "$W" && mkdir -p "$W/server"
node "$S3RVER_DIR/node_modules/s3rver/bin/s3rver.js" -d "$W/server" -a 127.0.0.1 -p "$PORT" \
  --configure-bucket dtbench --configure-bucket rcbench >"$W/s3rver.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done

# rclone against the same server, configured on the command line (no config file); AWS_CA_BUNDLE is unset because
# rclone rejects the one this environment sets.
RCLONE="env -u AWS_CA_BUNDLE rclone --config /dev/null --s3-provider Other --s3-endpoint http://127.0.0.1:$PORT \
--s3-access-key-id S3RVER --s3-secret-access-key S3RVER --s3-region us-east-1 --s3-force-path-style --transfers 8"

for shape in "100 10000000" "2 500000000"; do
  read -r count size <<<"$shape"
  name="${count}x$((size / 1000000))MB"
  R="$W/$name"
  mkdir -p "$R/repo/data" "$R/clone" "$R/rclone-down"
  log "s3 $name: generating $count files of $size bytes"
  for i in $(seq 1 "$count"); do random_file "$R/repo/data/f$i.bin" "$size"; done
  git -C "$R/repo" init -q
  dt -C "$R/repo" init --remote "s3://dtbench/$name" >/dev/null
  printf '{"remote": "s3://dtbench/%s", "s3": {"provider": "minio", "endpoint": "http://127.0.0.1:%s", "region": "us-east-1"}}\n' "$name" "$PORT" \
    >"$R/repo/.datatasks/config.json"
  dt -C "$R/repo" add data >/dev/null
  cat "$R"/repo/data/*.bin >/dev/null

  # Each push starts from an empty prefix: the objects are deleted through rclone between runs.
  cp "$R/repo/artifacts.json" "$R/artifacts.added.json"
  # The stat cache stays, so push does not re-hash (as after a real add); the upload itself still verifies every byte.
  RESET_DT="$RCLONE purge :s3:dtbench/$name >/dev/null 2>&1 || true; cp $R/artifacts.added.json $R/repo/artifacts.json"
  RESET_RC="$RCLONE purge :s3:rcbench/$name >/dev/null 2>&1 || true"
  wait_quiet
  hf "s3-push-$name" --runs "${BENCH_RUNS:-3}" --warmup 1 \
    --prepare "$RESET_DT" -n "dotnet data push ($name)" "$DT -C $R/repo --quiet push" \
    --prepare "$RESET_RC" -n "rclone copy up ($name)" "$RCLONE copy $R/repo/data :s3:rcbench/$name"

  # Pull: a clone with the pushed manifest and a cold machine cache, against rclone copy down.
  eval "$RESET_DT"; dt -C "$R/repo" --quiet push
  eval "$RESET_RC"; $RCLONE copy "$R/repo/data" ":s3:rcbench/$name"
  mkdir -p "$R/clone/.datatasks"
  cp "$R/repo/artifacts.json" "$R/clone/artifacts.json"; cp "$R/repo/.datatasks/config.json" "$R/clone/.datatasks/config.json"
  hf "s3-pull-$name" --runs "${BENCH_RUNS:-3}" --warmup 1 \
    --prepare "rm -rf $R/clone/data $R/cache $R/clone/.datatasks/state && sync" -n "dotnet data pull ($name)" "$DT -C $R/clone --cache-dir $R/cache --quiet pull" \
    --prepare "rm -rf $R/clone/data $R/cache $R/clone/.datatasks/state && sync" -n "dotnet data pull --no-cache ($name)" "$DT -C $R/clone --cache-dir $R/cache --quiet pull --no-cache" \
    --prepare "rm -rf $R/rclone-down && sync" -n "rclone copy down ($name)" "$RCLONE copy :s3:rcbench/$name $R/rclone-down"
  echo "verify after pull: $(dt -C "$R/clone" --cache-dir "$R/cache" verify | tail -1)"

  if [[ "$count" == 2 ]]; then
    log "s3 $name: peak memory (max RSS) of the CLI"
    eval "$RESET_DT"
    /usr/bin/time -f "push max RSS: %M KiB" "$DT_NATIVE" -C "$R/repo" --quiet push
    rm -rf "$R/clone/data" "$R/cache" "$R/clone/.datatasks/state"
    /usr/bin/time -f "pull max RSS: %M KiB" "$DT_NATIVE" -C "$R/clone" --cache-dir "$R/cache" --quiet pull
  fi
done
