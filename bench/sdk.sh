#!/usr/bin/env bash
# Benchmark: the cost of DataTasks.Sdk in a no-op `dotnet build`, side by side with the same project without
# DataTasks (the same files as plain <None CopyToOutputDirectory="PreserveNewest"> items), paired and interleaved.
#   shape 1: 1,000 artifacts of 4 KB        shape 2 (BENCH_SDK_LARGE=1): 2 GB in 4 files of 512 MB
# Then the first build with a warm machine cache (data/ and obj/ deleted) against the plain project's first build
# (obj/ deleted, the files already on disk).
# Environment: BENCH_TMP, BENCH_RUNS (paired no-op runs, default 20), BENCH_RUNS_FIRST (first builds, default 5; 2 for
# the large shape), BENCH_SDK_LARGE (default 0), BENCH_SDK_FIRST_ONLY (1: only the first builds; default 0).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_tools hyperfine git sha256sum python3

W="$BENCH_TMP/sdk"
FEED="$W/feed"
VERSION="0.0.0-bench.$(date -u +%Y%m%d%H%M%S)"
export NUGET_PACKAGES="$W/packages" DATATASKS_CACHE_DIR="$W/cache"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
machine_info
rm -rf "$W" && mkdir -p "$W"

log "packing: dotnet pack sdk/DataTasks.Sdk -c Release -p:Version=$VERSION -o $FEED"
dotnet pack "$REPO_ROOT/sdk/DataTasks.Sdk" -c Release -p:Version="$VERSION" -o "$FEED" --artifacts-path "$W/artifacts" -nologo -v quiet

# make_shape <name> <count> <bytes>: four projects (with, withpkg, plain, plainsdk) over one repository whose remote
# holds <count> files of <bytes>.
make_shape() {
  local name="$1" count="$2" bytes="$3" root="$W/$1"
  mkdir -p "$root/remote" "$root/.datatasks" "$root/with" "$root/withpkg" "$root/plain" "$root/plainsdk"
  git -C "$root" init -q
  echo "{\"remote\": \"remote\"}" >"$root/.datatasks/config.json"
  cat >"$root/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><add key="bench" value="$FEED" /></packageSources></configuration>
XML
  local i dir
  for ((i = 0; i < count; i++)); do
    dir="$root/data/set$((i % 10))"
    mkdir -p "$dir"
    head -c "$bytes" /dev/urandom >"$dir/f$i.bin"
  done
  (cd "$root" && find data -type f -name '*.bin' | sort | xargs sha256sum) | awk -v created="2026-01-01T00:00:00Z" -v root="$root" '
    BEGIN { print "{\n  \"version\": 2,\n  \"entries\": {" }
    { cmd = "stat -c %s " root "/" $2; cmd | getline size; close(cmd)
      lines[NR] = sprintf("    \"%s\": {\n      \"created_at\": \"%s\",\n      \"size\": %s,\n      \"storage_key\": \"%s\"\n    }", $2, created, size, $1)
      system("cp " root "/" $2 " " root "/remote/" $1) }
    END { for (i = 1; i <= NR; i++) printf "%s%s\n", lines[i], (i < NR ? "," : ""); print "  }\n}" }' >"$root/artifacts.json"
  cat >"$root/with/With.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <Sdk Name="DataTasks.Sdk" Version="$VERSION" />
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><DataArtifact Include="../data/**/*.bin" /></ItemGroup>
</Project>
XML
  cat >"$root/withpkg/WithPkg.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="DataTasks.Sdk" Version="$VERSION" PrivateAssets="all" />
    <DataArtifact Include="../data/**/*.bin" />
  </ItemGroup>
</Project>
XML
  cat >"$root/plain/Plain.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><None Include="../data/**/*.bin" CopyToOutputDirectory="PreserveNewest" Link="data/%(RecursiveDir)%(Filename)%(Extension)" /></ItemGroup>
</Project>
XML
  # The plain project plus <Sdk Name="DataTasks.Sdk"> with DataTasks turned off: what resolving and importing the SDK
  # alone costs (NuGet's SDK resolver, loaded cold in every fresh MSBuild process), apart from DataTasks' own work.
  cat >"$root/plainsdk/PlainSdk.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <Sdk Name="DataTasks.Sdk" Version="$VERSION" />
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><DataTasksEnabled>false</DataTasksEnabled></PropertyGroup>
  <ItemGroup><None Include="../data/**/*.bin" CopyToOutputDirectory="PreserveNewest" Link="data/%(RecursiveDir)%(Filename)%(Extension)" /></ItemGroup>
</Project>
XML
  echo "namespace B; public static class C { }" | tee "$root/with/C.cs" "$root/withpkg/C.cs" "$root/plainsdk/C.cs" >"$root/plain/C.cs"
  rm -rf "$root/data"   # a fresh clone: the first build of With hydrates it (and warms the machine cache)
  dotnet build "$root/with" -nologo -v quiet
  dotnet build "$root/withpkg" -nologo -v quiet
  dotnet build "$root/plain" -nologo -v quiet
  dotnet build "$root/plainsdk" -nologo -v quiet
}

bench_shape() {
  local name="$1" root="$W/$1"
  log "no-op builds, $name (the DataTasks summary line must not appear: the hydrate target is skipped)"
  if dotnet build "$root/with" --no-restore -nologo -tl:off | grep -q 'DataTasks: '; then
    echo "the no-op build hydrated: the stamp did not hold" >&2; exit 1
  fi
  # The build after that must take its selection from the cache under obj/ (no resolve task, no task assembly).
  if dotnet build "$root/with" --no-restore -nologo -tl:off -v:d | grep -q 'Task "ResolveDataArtifacts"'; then
    echo "the no-op build ran ResolveDataArtifacts: the selection cache did not hold" >&2; exit 1
  fi
  # Paired and interleaved (bench/paired.py): A, B, B, A, ... so load drifting on this shared machine hits both alike.
  # Each project against the same plain one, as CI runs it (--no-restore after a restore step) and as typed (dotnet
  # build, implicit restore):
  #   with      the <Sdk Name="DataTasks.Sdk"> form;
  #   withpkg   the <PackageReference Include="DataTasks.Sdk"> form;
  #   plainsdk  the plain project plus <Sdk Name="DataTasks.Sdk"> with DataTasks off: NuGet's SDK resolver alone.
  local mode flags project label
  # BENCH_SDK_FIRST_ONLY=1 skips the paired no-op comparisons (most of the run's time) for the first-build table.
  for mode in $([[ "${BENCH_SDK_FIRST_ONLY:-0}" == 1 ]] || echo no-restore restore); do
    flags="-nologo -v quiet"; [[ "$mode" == no-restore ]] && flags="--no-restore $flags"
    for project in with withpkg plainsdk; do
      case "$project" in
        with) label="DataTasks.Sdk, <Sdk> form" ;;
        withpkg) label="DataTasks.Sdk, PackageReference form" ;;
        plainsdk) label="plain + <Sdk> import only (DataTasks off)" ;;
      esac
      log "no-op builds, $name, $mode: $label vs plain"
      python3 "$REPO_ROOT/bench/paired.py" --runs "${BENCH_RUNS:-20}" --warmup 2 --out "$BENCH_OUT/sdk-noop-$project-$mode-$name" \
        "no-op, $label ($name, $mode)" "dotnet build $root/$project $flags" \
        "no-op, plain None items ($name, $mode)" "dotnet build $root/plain $flags"
    done
  done
  log "first build with a warm machine cache, $name (default link mode reflink,copy, and hardlink,copy)"
  hf "sdk-first-$name" --runs "${BENCH_RUNS_FIRST:-5}" \
    -n "first build, DataTasks.Sdk, warm cache ($name)" --prepare "rm -rf $root/data $root/with/obj/Debug $root/with/bin" "dotnet build $root/with --no-restore -nologo -v quiet" \
    -n "first build, DataTasks.Sdk, warm cache, hardlink mode ($name)" --prepare "rm -rf $root/data $root/with/obj/Debug $root/with/bin" "env DATATASKS_LINK=hardlink,copy dotnet build $root/with --no-restore -nologo -v quiet" \
    -n "first build, plain copy ($name)" --prepare "rm -rf $root/plain/obj/Debug $root/plain/bin" "dotnet build $root/plain --no-restore -nologo -v quiet"
}

log "generating: 1,000 x 4 KB"
make_shape files1000 1000 4096
wait_quiet 2>/dev/null || true
bench_shape files1000
if [[ "${BENCH_SDK_LARGE:-0}" == 1 ]]; then
  log "generating: 4 x 512 MB"
  make_shape large4 4 $((512 * 1024 * 1024))
  BENCH_RUNS_FIRST="${BENCH_RUNS_FIRST:-2}" bench_shape large4
fi
echo "commit: $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO_ROOT" diff --quiet 2>/dev/null || echo ' (+ uncommitted changes)')"
