#!/usr/bin/env bash
# Benchmark 8 - at scale: 100,000 tracked entries (issue 15). 100,000 files of 16-64 random bytes in 1,000 folders
# (data/dNN/sNN/fNNN.bin, the shape bench/tree.sh uses) and their manifest (~12 MB, every entry synced, written directly
# with perl's Digest::SHA), committed to git together with the files' git copy in a parallel repository. Times, side by
# side in one hyperfine run each (the machine is shared: interleaved runs make the ratios fair):
#   - add of one new file (the manifest restored before each run, so each run adds the same new path) vs `git add`;
#   - add of one edited tracked file (new random content before each run) vs `git add` of the same edit;
#   - status, warm stat cache, vs `git status` on the same files;
#   - status on 10,000 unchanged files vs `git status` (the shape bench/status.sh uses), re-measured in the same run.
# Peak memory (max RSS) of each add comes from /usr/bin/time over BENCH_MEM_RUNS runs (default 5; the median is shown).
# BENCH_BASELINE_CLI=/path/to/dotnet-data adds an older native build to every comparison (before/after in one run).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_tools hyperfine git perl
# Only the native build is timed here, so an already built one is enough with BENCH_SKIP_BUILD=1.
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 || ! -x "$DT_NATIVE" ]]; then build_cli; fi
[[ -x /usr/bin/time ]] || { echo "missing /usr/bin/time (Debian: apt-get install -y time)" >&2; exit 2; }

W="$BENCH_TMP/scale"
BASE="${BENCH_BASELINE_CLI:-}"
log "scale: generating 100,000 files and their manifest in $W/repo (plus a 10,000-file repository in $W/small)"
if [[ ! -f "$W/.generated" ]]; then
  rm -rf "$W" && mkdir -p "$W/repo/data" "$W/small/data"
  # gen <root> <folders> <subfolders>: 100 files per subfolder, manifest of synced entries.
  gen() {
    perl -MDigest::SHA=sha256_hex -e '
      my ($root, $nd, $ns) = @ARGV; srand(8); open(my $r, "<", "/dev/urandom") or die; binmode $r;
      my @e;
      for my $d (0..$nd - 1) { for my $s (0..$ns - 1) { my $dir = sprintf("%s/data/d%02d/s%02d", $root, $d, $s);
        system("mkdir", "-p", $dir) == 0 or die;
        for my $f (0..99) { my $n = 16 + int(rand(49)); read($r, my $buf, $n) == $n or die;
          my $rel = sprintf("data/d%02d/s%02d/f%03d.bin", $d, $s, $f);
          open(my $o, ">", "$root/$rel") or die; binmode $o; print $o $buf; close $o;
          push @e, [$rel, sha256_hex($buf), $n]; } } }
      open(my $m, ">", "$root/artifacts.json") or die;
      print $m "{\n  \"version\": 2,\n  \"entries\": {\n";
      for my $i (0..$#e) { my ($p, $k, $n) = @{$e[$i]};
        print $m "    \"$p\": {\n      \"storage_key\": \"$k\",\n      \"size\": $n,\n      \"created_at\": \"2026-01-01T00:00:00Z\"\n    }", ($i < $#e ? "," : ""), "\n"; }
      print $m "  }\n}\n"; close $m;' "$@"
  }
  gen "$W/repo" 100 10
  gen "$W/small" 100 1
  for r in repo small; do
    printf 'data/**\n' >"$W/$r/.datapattern"
    # The DataTasks repository is a git repository with its manifest committed (git ignores data/, as init sets up).
    printf '/data/\n/.datatasks/\n' >"$W/$r/.gitignore"
    git -C "$W/$r" init -q && git -C "$W/$r" add -A
    git -C "$W/$r" -c user.name=bench -c user.email=bench@localhost commit -qm manifest
    # The parallel git copy: the same files, committed.
    mkdir -p "$W/$r-git" && cp -a "$W/$r/data" "$W/$r-git/data"
    git -C "$W/$r-git" init -q && git -C "$W/$r-git" add -A
    git -C "$W/$r-git" -c user.name=bench -c user.email=bench@localhost commit -qm data
  done
  touch "$W/.generated"
fi

R="$W/repo" G="$W/repo-git"
cp "$R/artifacts.json" "$W/artifacts.orig"
echo "manifest: $(grep -c storage_key "$R/artifacts.json") entries, $(du -h "$R/artifacts.json" | cut -f1); git index: $(git -C "$G" ls-files | wc -l) files"
for r in repo small; do
  rm -rf "$W/$r/.datatasks/state"
  dt -C "$W/$r" status >/dev/null # hashes every file once and warms the stat cache
  [[ -z "$BASE" ]] || "$BASE" -C "$W/$r" status >/dev/null
  git -C "$W/$r-git" status >/dev/null # refreshes the index once, the counterpart of the warm stat cache
done
echo "status summary: $(dt -C "$R" status --json | sed -n '/"summary"/,/}/p' | tr -d ' \n')"

NEW=data/d00/s00/new.bin EDIT=data/d00/s00/f000.bin
# Before each add: the manifest as committed (so the new path is new again), fresh random content for the file.
PREP_NEW_DT="cp $W/artifacts.orig $R/artifacts.json && head -c 40 /dev/urandom >$R/$NEW"
PREP_NEW_GIT="git -C $G rm -q --cached --ignore-unmatch $NEW && head -c 40 /dev/urandom >$G/$NEW"
PREP_EDIT_DT="cp $W/artifacts.orig $R/artifacts.json && head -c 40 /dev/urandom >$R/$EDIT"
PREP_EDIT_GIT="head -c 40 /dev/urandom >$G/$EDIT"

# hyperfine -N runs prepare commands without a shell too.
sh_c() { printf "bash -c '%s'" "$1"; }
PREP_NEW_DT=$(sh_c "$PREP_NEW_DT") PREP_NEW_GIT=$(sh_c "$PREP_NEW_GIT") PREP_EDIT_DT=$(sh_c "$PREP_EDIT_DT") PREP_EDIT_GIT=$(sh_c "$PREP_EDIT_GIT")

# with_base <name> <prepare> <command args...>: hyperfine arguments for the baseline build, when one is given.
with_base() { [[ -z "$BASE" ]] || printf '%s\0' --prepare "$2" -n "$1 (baseline build)" "$BASE $3"; }

wait_quiet
uptime
mapfile -d '' extra < <(with_base "dotnet data add <new file>" "$PREP_NEW_DT" "-C $R add $NEW")
hf scale-add-new -N --warmup 2 --runs "${BENCH_RUNS:-15}" \
  --prepare "$PREP_NEW_DT" -n "dotnet data add <new file>" "$DT -C $R add $NEW" \
  --prepare "$PREP_NEW_GIT" -n "git add <new file>" "git -C $G add $NEW" "${extra[@]}"

mapfile -d '' extra < <(with_base "dotnet data add <edited file>" "$PREP_EDIT_DT" "-C $R add $EDIT")
hf scale-add-edit -N --warmup 2 --runs "${BENCH_RUNS:-15}" \
  --prepare "$PREP_EDIT_DT" -n "dotnet data add <edited file>" "$DT -C $R add $EDIT" \
  --prepare "$PREP_EDIT_GIT" -n "git add <edited file>" "git -C $G add $EDIT" "${extra[@]}"

# Status on the repositories as the adds left them: one changed file in each (the new one, added), the rest unchanged.
extra=()
[[ -z "$BASE" ]] || extra=(-n "dotnet data status 100k (baseline build)" "$BASE -C $R status" -n "dotnet data status 10k (baseline build)" "$BASE -C $W/small status")
hf scale-status -N --warmup 3 --runs "${BENCH_RUNS:-15}" \
  -n "dotnet data status 100k" "$DT -C $R status" \
  -n "git status 100k" "git -C $G status" \
  -n "dotnet data status 10k" "$DT -C $W/small status" \
  -n "git status 10k" "git -C $W/small-git status" "${extra[@]}"

# mem <label> <prepare> <command...>: median max RSS (KiB) and elapsed of BENCH_MEM_RUNS runs.
mem() {
  local label="$1" prep="$2"; shift 2
  local out=() i
  for ((i = 0; i < ${BENCH_MEM_RUNS:-5}; i++)); do
    eval "$prep"
    out+=("$(/usr/bin/time -f '%M %e' "$@" 2>&1 >/dev/null | tail -1)")
  done
  printf '%s\n' "${out[@]}" | sort -n | awk -v l="$label" '{ k[NR] = $1; s[NR] = $2 } END { m = int((NR + 1) / 2); printf "%-44s max RSS %6.1f MB (median of %d; %s s)\n", l, k[m] / 1024, NR, s[m] }'
}
log "scale: peak memory (/usr/bin/time -f '%M %e', median of ${BENCH_MEM_RUNS:-5})"
mem "dotnet data add <new file>" "$PREP_NEW_DT" $DT -C "$R" add "$NEW"
mem "git add <new file>" "$PREP_NEW_GIT" git -C "$G" add "$NEW"
mem "dotnet data add <edited file>" "$PREP_EDIT_DT" $DT -C "$R" add "$EDIT"
mem "git add <edited file>" "$PREP_EDIT_GIT" git -C "$G" add "$EDIT"
mem "dotnet data status 100k" true $DT -C "$R" status
mem "git status 100k" true git -C "$G" status
if [[ -n "$BASE" ]]; then
  mem "baseline build: add <new file>" "$PREP_NEW_DT" "$BASE" -C "$R" add "$NEW"
  mem "baseline build: add <edited file>" "$PREP_EDIT_DT" "$BASE" -C "$R" add "$EDIT"
  mem "baseline build: status 100k" true "$BASE" -C "$R" status
fi

log "scale: result (means; goals: one-file add <= 0.3 s and <= 100 MB, status <= 3x git status)"
an=$(mean_of scale-add-new "dotnet data add <new file>"); gn=$(mean_of scale-add-new "git add <new file>")
ae=$(mean_of scale-add-edit "dotnet data add <edited file>"); ge=$(mean_of scale-add-edit "git add <edited file>")
s=$(mean_of scale-status "dotnet data status 100k"); gs=$(mean_of scale-status "git status 100k")
s1=$(mean_of scale-status "dotnet data status 10k"); gs1=$(mean_of scale-status "git status 10k")
echo "add <new file>:      $an s (git add $gn s, $(ratio "$an" "$gn")x)"
echo "add <edited file>:   $ae s (git add $ge s, $(ratio "$ae" "$ge")x)"
echo "status 100k:     $s s (git status $gs s, $(ratio "$s" "$gs")x)"
echo "status 10k:      $s1 s (git status $gs1 s, $(ratio "$s1" "$gs1")x)"
cp "$W/artifacts.orig" "$R/artifacts.json"
