#!/usr/bin/env bash
# tus in the browser: the same file uploaded by headless Chromium (/usr/bin/chromium, through Playwright) through
# SAGE's own web UI (tus-js-client in the page, PATCHes of the UI's chunk size), by tus-js-client's browser bundle
# alone in a blank page, and by the same browser as one multipart/form-data POST (fetch + FormData: the reference),
# with curl -F beside them. Rounds alternate nothing (the browser's start-up is outside every figure); between
# uploads the video is deleted and the disk synced.
#   bench/tus/browser.sh [size-in-MiB=1024] [chunk-MiB=50, the UI's default] [rounds=2]
# Needs Chromium (scripts/ensure-tools.sh chromium) and web/node_modules (./run.sh or ./test.sh install them).
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mib=${1:-1024}
chunk_mib=${2:-50}
rounds=${3:-2}
out=$(pwd)/bench/out/tus-browser
rm -rf "$out"; mkdir -p "$out/data"
src="$out/source.mp4"
[ -x /usr/bin/chromium ] || { echo "Chromium is missing: scripts/ensure-tools.sh chromium"; exit 1; }
bundle=web/node_modules/tus-js-client/dist/tus.min.js
[ -f "$bundle" ] || (cd web && npm ci --no-audit --no-fund --loglevel=error)

echo "Generating ${size_mib} MiB source..."
{ printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41'; head -c $((size_mib * 1024 * 1024 - 24)) /dev/urandom; } > "$src"
sync
sha_local=$(sha256sum "$src" | cut -d' ' -f1)

dotnet build src/Sage.Server/Sage.Server.csproj -c Release -nologo -v quiet >/dev/null
dotnet build bench/Sage.Bench.BrowserUpload -c Release -nologo -v quiet >/dev/null
[ -f src/Sage.Server/wwwroot/index.html ] || (cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build >/dev/null)
bin=$(pwd)/src/Sage.Server/bin/Release/net10.0
browser="dotnet bench/Sage.Bench.BrowserUpload/bin/Release/net10.0/Sage.Bench.BrowserUpload.dll"
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
env Sage__DataDirectory="$out/data" Logging__LogLevel__Default=Warning dotnet "$bin/Sage.Server.dll" --contentRoot "$bin" --urls "$base" >"$out/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "$base/api/health" >/dev/null && break; sleep 0.2; done

cpu_s() { awk '{printf "%.2f", ($14+$15)/100}' "/proc/$1/stat"; }
chunk=$((chunk_mib * 1024 * 1024))
results="$out/results.tsv"; : >"$results"
# measure <route>: one upload; appends "route seconds server_cpu_s patches patch_ms gap_ms".
measure() {
  local route=$1 json cpu0 cpu1 video
  cpu0=$(cpu_s $pid)
  case $route in
    browser-ui) json=$($browser --base "$base" --file "$src" --chunk-bytes $chunk) ;;
    browser-tus-js-client) json=$($browser --base "$base" --file "$src" --chunk-bytes $chunk --bare-tus "$bundle") ;;
    browser-form) json=$($browser --base "$base" --file "$src" --form) ;;
    curl-form) json=$(curl -sf -w '\n%{time_total}' -F "file=@$src;type=video/mp4" "$base/api/videos" | jq -sRc 'split("\n") | {videoId: (.[0] | fromjson | .id), elapsedMs: ((.[1] | tonumber) * 1000), patches: 0, patchMs: 0, gapMs: 0}') ;;
  esac
  cpu1=$(cpu_s $pid)
  video=$(jq -r .videoId <<<"$json")
  [ "$(curl -sf "$base/api/videos/$video" | jq -r .sha256)" = "$sha_local" ] || { echo "$route: SHA-256 mismatch"; exit 1; }
  jq -r --arg r "$route" --arg cpu "$(echo "$cpu1 - $cpu0" | bc -l)" '[$r, .elapsedMs / 1000, ($cpu | tonumber), .patches, .patchMs, .gapMs] | @tsv' <<<"$json" >>"$results"
  curl -sf -X DELETE "$base/api/videos/$video" >/dev/null; sync; sleep 0.5
}
measure browser-form >/dev/null; sed -i '$d' "$results" # warm-up
for _ in $(seq "$rounds"); do
  for route in curl-form browser-form browser-ui browser-tus-js-client; do measure $route; done
done

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
col() { awk -F'\t' -v r="$1" -v c="$2" '$1==r {print $c}' "$results"; }
printf '\n%s MiB, tus chunks %s MiB, %s rounds (medians; every run in %s)\n' "$size_mib" "$chunk_mib" "$rounds" "$results"
printf '%-26s %9s %12s %9s %10s %8s\n' route seconds "server CPU s" PATCHes "PATCH ms" "gap ms"
for route in curl-form browser-form browser-ui browser-tus-js-client; do
  printf '%-26s %9.2f %12.2f %9d %10.1f %8.1f\n' $route "$(col $route 2 | median)" "$(col $route 3 | median)" "$(col $route 4 | median)" "$(col $route 5 | median)" "$(col $route 6 | median)"
done
form=$(col browser-form 2 | median)
printf '\nratio to the same browser'"'"'s form upload: UI %.2f, tus-js-client alone %.2f\n' \
  "$(echo "$(col browser-ui 2 | median) / $form" | bc -l)" "$(echo "$(col browser-tus-js-client 2 | median) / $form" | bc -l)"
