#!/usr/bin/env bash
# Installs the test-only dependencies (ffmpeg, the fauxqs S3 emulator) and runs every test.
set -euo pipefail
cd "$(dirname "$0")"

scripts/ensure-tools.sh chromium
(cd tests/fauxqs && npm ci --no-audit --no-fund --loglevel=error)
(cd tests/tus-client && npm ci --no-audit --no-fund --loglevel=error)
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build)

dotnet build Sage.slnx -c Release -nologo -v quiet
log=$(mktemp)
status=0
dotnet test Sage.slnx -c Release --no-build -nologo --blame-hang-timeout 5m --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?

# One closing line for the whole suite, summed over the test assemblies.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "Total: $passed passed, $failed failed, $skipped skipped"
exit $status
