#!/usr/bin/env bash
# Installs what is missing, builds, and starts SAGE on http://127.0.0.1:8000 with embedded
# defaults: SQLite and file storage under ./data, the local embedding engine.
# Extra arguments go to the server, e.g. ./run.sh --Sage:Storage:Provider=S3
set -euo pipefail
cd "$(dirname "$0")"

scripts/ensure-tools.sh
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build)
dotnet build src/Sage.Server/Sage.Server.csproj -c Release -nologo -v quiet
out="$(pwd)/src/Sage.Server/bin/Release/net10.0"
exec dotnet "$out/Sage.Server.dll" --contentRoot "$out" "$@"
