#!/usr/bin/env bash
# `sage upload` (tus, 8 MiB chunks) of a large file beside curl's form upload of the same file
# (POST /api/videos), in the same run, against the local Release server on the file store.
#   bench/cli/run.sh [size-in-MiB=1024] [runs=3]
# Prints each run's wall times, the ratio sage/curl (target <= 1.15) and the CLI's peak RSS (target <= 60 MiB).
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mib=${1:-1024}
runs=${2:-3}
out=$(pwd)/bench/out/cli
rm -rf "$out"; mkdir -p "$out/data" "$out/state"
src="$out/source.mp4"

echo "Generating ${size_mib} MiB source..."
{ printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41'; head -c $((size_mib * 1024 * 1024 - 24)) /dev/urandom; } > "$src"
sync

dotnet build src/Sage.Server/Sage.Server.csproj -c Release -nologo -v quiet >/dev/null
dotnet build src/Sage.Cli/Sage.Cli.csproj -c Release -nologo -v quiet >/dev/null
bin="$(pwd)/src/Sage.Server/bin/Release/net10.0"
cli="$(pwd)/src/Sage.Cli/bin/Release/net10.0/sage.dll"
port=$((20000 + RANDOM % 20000))
Sage__DataDirectory="$out/data" Logging__LogLevel__Default=Warning \
  dotnet "$bin/Sage.Server.dll" --contentRoot "$bin" --urls "http://127.0.0.1:$port" >"$out/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.2; done
export SAGE_URL="http://127.0.0.1:$port" SAGE_STATE_DIR="$out/state"

now() { date +%s.%N; }
# Peak RSS of the CLI process, sampled from /proc while it runs (KiB).
sage_upload() {
  dotnet "$cli" upload "$src" >"$out/sage.out" 2>/dev/null &
  local cpid=$! peak=0 hwm
  while kill -0 $cpid 2>/dev/null; do
    hwm=$(awk '$1=="VmHWM:" {print $2}' "/proc/$cpid/status" 2>/dev/null || echo 0)
    [ -n "$hwm" ] && [ "$hwm" -gt "$peak" ] && peak=$hwm
    sleep 0.05
  done
  wait $cpid
  echo "$peak"
}

# Warm up both paths once (server JIT, pools, page cache).
curl -sf -F "file=@$src;type=video/mp4" "$SAGE_URL/api/videos" >/dev/null
sage_upload >/dev/null

echo "| run | curl -F | sage upload | ratio | sage peak RSS |"
echo "|---|---|---|---|---|"
for run in $(seq "$runs"); do
  t0=$(now); curl -sf -F "file=@$src;type=video/mp4" "$SAGE_URL/api/videos" >/dev/null; t1=$(now)
  curl_s=$(echo "$t1 - $t0" | bc -l)
  t0=$(now); peak_kb=$(sage_upload); t1=$(now)
  sage_s=$(echo "$t1 - $t0" | bc -l)
  id=$(cut -f1 "$out/sage.out")
  sha_server=$(curl -sf "$SAGE_URL/api/videos/$id" | jq -r .sha256)
  [ "$sha_server" = "$(sha256sum "$src" | cut -d' ' -f1)" ] || { echo "SHA-256 mismatch for $id"; exit 1; }
  printf '| %d | %.2f s | %.2f s | %.2f | %.1f MiB |\n' "$run" "$curl_s" "$sage_s" "$(echo "$sage_s / $curl_s" | bc -l)" "$(echo "$peak_kb / 1024" | bc -l)"
done
