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
# (awk, not grep: a count that never appears must not end the script under pipefail)
count() { awk -v key="$1" '$1 == key":" {s += $2} END {print s + 0}' "$log"; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
rm -f "$log"
echo "Total: $passed passed, $failed failed, $skipped skipped"
exit $status
