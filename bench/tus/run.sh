#!/usr/bin/env bash
# tus benchmark: a generated video-like file through tus (tus-js-client 4.3.1 from node, PATCH
# chunks of 10 MiB) beside the form upload (curl -F, POST /api/videos) of the same file, into the
# file store, on the same server process, in the same run. Then the same tus upload again, killed
# half-way and resumed after a restart, which makes completion read the object back for its SHA-256.
#   bench/tus/run.sh [size-in-MiB=1024] [chunk-MiB=10]
# Prints wall time, MB/s, the server's RSS peak (VmHWM after clear_refs) and CPU seconds for each.
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mib=${1:-1024}
chunk_mib=${2:-10}
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

# Warm up both routes once (JIT, pools), then measure each from an idle baseline.
curl -sf -F "file=@$src;type=video/mp4" "$base/api/videos" >/dev/null
tus_upload >/dev/null
sync

measure_form() {
  reset_peak $pid; idle_kb=$(kb $pid VmRSS); cpu0=$(cpu_s $pid); t0=$(now)
  curl -sf -F "file=@$src;type=video/mp4" "$base/api/videos" >"$out/form.json"
  t1=$(now); cpu1=$(cpu_s $pid)
  form_s=$(echo "$t1 - $t0" | bc -l); form_cpu=$(echo "$cpu1 - $cpu0" | bc -l)
  form_peak_kb=$(kb $pid VmHWM); form_idle_kb=$idle_kb
  [ "$(jq -r .sha256 "$out/form.json")" = "$sha_local" ] || { echo "form SHA-256 mismatch"; exit 1; }
}
measure_tus() {
  reset_peak $pid; idle_kb=$(kb $pid VmRSS); cpu0=$(cpu_s $pid); t0=$(now)
  tus_upload >"$out/tus.jsonl"
  t1=$(now); cpu1=$(cpu_s $pid)
  tus_s=$(echo "$t1 - $t0" | bc -l); tus_cpu=$(echo "$cpu1 - $cpu0" | bc -l)
  tus_peak_kb=$(kb $pid VmHWM); tus_idle_kb=$idle_kb
  video=$(tail -1 "$out/tus.jsonl" | jq -r .videoId)
  [ "$(video_sha "$video")" = "$sha_local" ] || { echo "tus SHA-256 mismatch"; exit 1; }
}
# Alternate, so neither route always runs on a warmer page cache.
measure_form; measure_tus

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
printf '\n%-52s %10s %10s %12s %10s\n' "run (${size_mib} MiB, tus chunks ${chunk_mib} MiB)" "seconds" "MB/s" "RSS peak MiB" "CPU s"
printf '%-52s %10.2f %10.1f %12d %10.2f\n' "form upload: curl -F POST /api/videos" "$form_s" "$(echo "$mb / $form_s" | bc -l)" $((form_peak_kb/1024)) "$form_cpu"
printf '%-52s %10.2f %10.1f %12d %10.2f\n' "tus upload: tus-js-client PATCH /api/uploads/{id}" "$tus_s" "$(echo "$mb / $tus_s" | bc -l)" $((tus_peak_kb/1024)) "$tus_cpu"
printf '\nratio tus / form wall time: %.2f (target <= 1.2)\n' "$(echo "$tus_s / $form_s" | bc -l)"
printf 'server RSS idle before: form %d MiB, tus %d MiB\n' $((form_idle_kb/1024)) $((tus_idle_kb/1024))
printf 'SHA-256 at completion: computed while streaming (%s); read back after a restart (%s)\n' "${streamed:-?}" "${readback:-?}"
printf 'killed at half, restarted, resumed: %.2f s after the kill; bytes sent twice: %d (one chunk: %d)\n' "$resume_s" "$patches" $((chunk_mib * 1048576))
