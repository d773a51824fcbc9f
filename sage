#!/usr/bin/env bash
# Runs the SAGE command-line client from this checkout, building it first when its sources changed.
# Installed as a tool instead: dotnet pack src/Sage.Cli -c Release && dotnet tool install -g --add-source ./artifacts sage
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dll="$root/src/Sage.Cli/bin/Release/net10.0/sage.dll"
if [[ ! -f "$dll" ]] || [[ -n "$(find "$root/src/Sage.Cli" -newer "$dll" \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' \) -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]]; then
  if ! log=$(dotnet build "$root/src/Sage.Cli/Sage.Cli.csproj" -c Release -nologo -v quiet 2>&1); then
    echo "$log" >&2
    exit 2
  fi
fi
exec dotnet "$dll" "$@"
