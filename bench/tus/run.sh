#!/usr/bin/env bash
# tus benchmark: a generated video-like file through tus (tus-js-client 4.3.1 from node, PATCH chunks of
# 10 MiB) beside the form upload (curl -F, POST /api/videos) of the same file, into the file store, on the same
# server process, in the same run. tus-js-client runs twice per round: with its node defaults (a fs.ReadStream
# piped per chunk in 64 KiB pieces) and with --whole-chunks (each chunk read whole and sent in one write, as a
# browser sends a Blob slice: tests/tus-client/whole-chunks.mjs). Rounds alternate the order; between uploads
# the stored video is deleted and the disk synced, so every upload starts from the same page-cache state.
# Then a tus upload is killed half-way and resumed after a restart; completion then reads the object back.
#   bench/tus/run.sh [size-in-MiB=1024] [chunk-MiB=10] [rounds=5]
# Prints, per route: the client's own time (curl's time_total; tus-js-client's from start() to onSuccess,
# which leaves out node's ~80 ms start-up), the process wall time, the server's RSS peak (VmHWM after
# clear_refs) and CPU seconds; the medians give the ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mib=${1:-1024}
chunk_mib=${2:-10}
rounds=${3:-5}
out=$(pwd)/bench/out/tus
rm -rf "$out"; mkdir -p "$out/data"
src="$out/source.mp4"
client=tests/tus-client
[ -d "$client/node_modules/tus-js-client" ] || (cd "$client" && npm ci --no-audit --no-fund --loglevel=error)

echo "Generating ${size_mib} MiB source..."
{ printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41'; head -c $((size_mib * 1024 * 1024 - 24)) /dev/urandom; } > "$src"
sync
sha_local=$(sha256sum "$src" | cut -d' ' -f1)

dotnet build src/Sage.Server/Sage.Server.csproj -c Release -nologo -v quiet >/dev/null
bin=$(pwd)/src/Sage.Server/bin/Release/net10.0
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
pid=
start_server() {
  env Sage__DataDirectory="$out/data" Logging__LogLevel__Default=Warning "Logging__LogLevel__Sage.Server.Uploads.Tus=Information" \
    dotnet "$bin/Sage.Server.dll" --contentRoot "$bin" --urls "$base" >>"$out/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf "$base/api/health" >/dev/null && break; sleep 0.2; done
}
trap 'kill $pid 2>/dev/null || true' EXIT
start_server

kb() { awk -v k="$2" '$1==k":" {print $2}' "/proc/$1/status"; }
cpu_s() { awk '{printf "%.2f", ($14+$15)/100}' "/proc/$1/stat"; }
reset_peak() { echo 5 > "/proc/$1/clear_refs"; }
now() { date +%s.%N; }
tus_upload() { node "$client/upload.mjs" --endpoint "$base/api/uploads/" --file "$src" --chunk-size $((chunk_mib * 1024 * 1024)) "$@"; }
video_sha() { curl -sf "$base/api/videos/$1" | jq -r .sha256; }
forget() { curl -sf -X DELETE "$base/api/videos/$1" >/dev/null; sync; sleep 0.5; }

# Warm up every route once (JIT, pools), then measure each from an idle baseline.
curl -sf -F "file=@$src;type=video/mp4" "$base/api/videos" | jq -r .id | while read -r id; do forget "$id"; done
tus_upload | tail -1 | jq -r .videoId | while read -r id; do forget "$id"; done
tus_upload --whole-chunks | tail -1 | jq -r .videoId | while read -r id; do forget "$id"; done

results="$out/results.tsv"; : >"$results"
# measure <route>: one upload; appends "route client_s wall_s peak_MiB growth_MiB cpu_s" to results.tsv.
measure() {
  local route=$1 video client_s
  reset_peak $pid; local idle_kb; idle_kb=$(kb $pid VmRSS); local cpu0; cpu0=$(cpu_s $pid); local t0; t0=$(now)
  case $route in
    form)
      client_s=$(curl -sf -w '%{time_total}' -o "$out/form.json" -F "file=@$src;type=video/mp4" "$base/api/videos")
      video=$(jq -r .id "$out/form.json") ;;
    tus-default)
      tus_upload >"$out/tus.jsonl"
      video=$(tail -1 "$out/tus.jsonl" | jq -r .videoId); client_s=$(tail -1 "$out/tus.jsonl" | jq -r '.elapsedMs / 1000') ;;
    tus-whole-chunks)
      tus_upload --whole-chunks >"$out/tus.jsonl"
      video=$(tail -1 "$out/tus.jsonl" | jq -r .videoId); client_s=$(tail -1 "$out/tus.jsonl" | jq -r '.elapsedMs / 1000') ;;
  esac
  local t1; t1=$(now); local cpu1; cpu1=$(cpu_s $pid); local peak_kb; peak_kb=$(kb $pid VmHWM)
  [ "$(video_sha "$video")" = "$sha_local" ] || { echo "$route: SHA-256 mismatch"; exit 1; }
  printf '%s\t%s\t%s\t%d\t%d\t%s\n' "$route" "$client_s" "$(echo "$t1 - $t0" | bc -l)" $((peak_kb / 1024)) $(((peak_kb - idle_kb) / 1024)) "$(echo "$cpu1 - $cpu0" | bc -l)" >>"$results"
  forget "$video"
}
for round in $(seq "$rounds"); do
  if [ $((round % 2)) = 1 ]; then order="form tus-whole-chunks tus-default"; else order="tus-default tus-whole-chunks form"; fi
  for route in $order; do measure "$route"; done
done

# Kill half-way, restart, let tus-js-client resume; completion then reads the object back to hash it.
tus_upload --retry-delays "$(printf '250,%.0s' $(seq 200))250" >"$out/resume.jsonl" &
node_pid=$!
half=$((size_mib * 1048576 / 2))
until grep -so '"bytesSent":[0-9]*' "$out/resume.jsonl" | awk -F: -v h=$half '$2 >= h {f=1} END {exit !f}'; do sleep 0.05; done
kill -9 $pid; wait $pid 2>/dev/null || true
start_server
t0=$(now); wait $node_pid; t1=$(now)
resume_s=$(echo "$t1 - $t0" | bc -l)
video=$(tail -1 "$out/resume.jsonl" | jq -r .videoId)
[ "$(video_sha "$video")" = "$sha_local" ] || { echo "resumed SHA-256 mismatch"; exit 1; }
patches=$(jq -r 'select(.event=="patch") | .offset' "$out/resume.jsonl" | awk -v c=$((chunk_mib * 1048576)) -v n=$((size_mib * 1048576)) '{s += (n - $1 < c ? n - $1 : c)} END {print s - n}')
readback=$(grep -A1 "read back from the store" "$out/server.log" | grep -o "in [0-9]* ms" | tail -1 || true)
streamed=$(grep -A1 "computed while streaming" "$out/server.log" | grep -o "in [0-9]* ms" | tail -1 || true)

mb=$(echo "$size_mib * 1.048576" | bc -l)
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
col() { awk -F'\t' -v r="$1" -v c="$2" '$1==r {print $c}' "$results"; }
printf '\n%s MiB, tus chunks %s MiB, %s rounds (each value: median; all runs in %s)\n' "$size_mib" "$chunk_mib" "$rounds" "$results"
printf '%-44s %9s %9s %9s %10s %11s %7s\n' "route" "client s" "wall s" "MB/s" "RSS peak" "RSS growth" "CPU s"
for route in form tus-whole-chunks tus-default; do
  c=$(col $route 2 | median)
  printf '%-44s %9.2f %9.2f %9.1f %6d MiB %7d MiB %7.2f\n' "$route" "$c" "$(col $route 3 | median)" "$(echo "$mb / $c" | bc -l)" \
    "$(col $route 4 | median)" "$(col $route 5 | median)" "$(col $route 6 | median)"
done
form_c=$(col form 2 | median)
printf '\nratio tus / form (client time, medians): whole chunks %.2f (target <= 1.2), tus-js-client node defaults %.2f\n' \
  "$(echo "$(col tus-whole-chunks 2 | median) / $form_c" | bc -l)" "$(echo "$(col tus-default 2 | median) / $form_c" | bc -l)"
printf 'each run (route, client s, wall s, RSS peak MiB, growth MiB, CPU s):\n'; sed 's/^/  /' "$results"
printf 'SHA-256 at completion: computed while streaming (%s); read back after a restart (%s)\n' "${streamed:-?}" "${readback:-?}"
printf 'killed at half, restarted, resumed: %.2f s after the kill; bytes sent twice: %d (one chunk: %d)\n' "$resume_s" "$patches" $((chunk_mib * 1048576))
