#!/usr/bin/env bash
# One command: pack DataTasks.Sdk from this checkout into a local feed (samples/sdk-app/.feed), then build and run
# this sample with it. The build hydrates data/ from the bundled folder remote (remote/): no network beyond the
# package restore of the pack step, no credentials.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

dotnet pack "$repo/sdk/DataTasks.Sdk" -c Release -o "$here/.feed" -nologo -v:q

# A private packages folder, emptied of the SDK, so a re-pack of the same version is always the one used.
export NUGET_PACKAGES="$here/.packages"
rm -rf "$NUGET_PACKAGES/datatasks.sdk"

dotnet build "$here/SdkApp.csproj" -nologo
dotnet "$here/bin/Debug/net10.0/SdkApp.dll" "$@"
