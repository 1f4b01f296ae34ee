#!/usr/bin/env bash
# One command: pack DataTasks.Sdk and the DataTasks runtime library from this checkout into a local feed
# (samples/sdk-app/.feed), then build and run this sample with them. The build hydrates data/ from the bundled
# folder remote (remote/), and shared/data/ from the "shared" namespace's own bundled remote (shared/remote/): no network
# beyond the package restore of the pack step, no credentials.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

# The SDK, and the runtime library the app uses (DataTasks, with DataTasks.Core).
for project in sdk/DataTasks.Sdk src/DataTasks.Core src/DataTasks; do
  dotnet pack "$repo/$project" -c Release -o "$here/.feed" -nologo -v:q
done

# A private packages folder, emptied of our packages, so a re-pack of the same version is always the one used.
export NUGET_PACKAGES="$here/.packages"
rm -rf "$NUGET_PACKAGES/datatasks.sdk" "$NUGET_PACKAGES/datatasks" "$NUGET_PACKAGES/datatasks.core"

dotnet build "$here/SdkApp.csproj" -nologo
dotnet "$here/bin/Debug/net10.0/SdkApp.dll" "$@"
