#!/usr/bin/env bash
# Upload benchmark: a generated video-like file through POST /api/videos into the file store,
# beside `cp` + `sync` of the same bytes on the same disk, in the same run.
#   bench/upload/run.sh [size-in-MiB=1024] [concurrent=5]
# Prints wall time, MB/s, the server's RSS growth (peak minus idle) and CPU seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mib=${1:-1024}
concurrent=${2:-5}
out=$(pwd)/bench/out/upload
rm -rf "$out"; mkdir -p "$out/data"
src="$out/source.mp4"

echo "Generating ${size_mib} MiB source..."
{ printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41'; head -c $((size_mib * 1024 * 1024 - 24)) /dev/urandom; } > "$src"
sync

dotnet build src/Sage.Server/Sage.Server.csproj -c Release -nologo -v quiet >/dev/null
bin="$(pwd)/src/Sage.Server/bin/Release/net10.0"
port=$((20000 + RANDOM % 20000))
Sage__DataDirectory="$out/data" Logging__LogLevel__Default=Warning \
  dotnet "$bin/Sage.Server.dll" --contentRoot "$bin" --urls "http://127.0.0.1:$port" >"$out/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.2; done

kb() { awk -v k="$2" '$1==k":" {print $2}' "/proc/$1/status"; }
cpu_s() { awk '{printf "%.2f", ($14+$15)/100}' "/proc/$1/stat"; }
reset_peak() { echo 5 > "/proc/$1/clear_refs"; }
now() { date +%s.%N; }

# Warm up once (JIT, pools), then measure from an idle baseline.
curl -sf -F "file=@$src;type=video/mp4" "http://127.0.0.1:$port/api/videos" >/dev/null
sync
reset_peak $pid
idle_kb=$(kb $pid VmRSS)

# Reference: cp + sync of the same bytes on the same disk.
t0=$(now); cp "$src" "$out/copy.mp4"; sync; t1=$(now)
cp_s=$(echo "$t1 - $t0" | bc -l)
rm -f "$out/copy.mp4"; sync

# Second reference: the same bytes written from user space in 10 MiB blocks, then fsync. cp uses
# copy_file_range and never copies the data through a process; a server receiving it has to.
t0=$(now); dd if="$src" of="$out/copy.mp4" bs=10M conv=fsync status=none; t1=$(now)
dd_s=$(echo "$t1 - $t0" | bc -l)
rm -f "$out/copy.mp4"; sync

cpu0=$(cpu_s $pid)
t0=$(now)
curl -sf -F "file=@$src;type=video/mp4" "http://127.0.0.1:$port/api/videos" >"$out/one.json"
t1=$(now)
cpu1=$(cpu_s $pid)
one_s=$(echo "$t1 - $t0" | bc -l)
one_peak_kb=$(kb $pid VmHWM)
sha_server=$(jq -r .sha256 "$out/one.json")
sha_local=$(sha256sum "$src" | cut -d' ' -f1)
[ "$sha_server" = "$sha_local" ] || { echo "SHA-256 mismatch: $sha_server vs $sha_local"; exit 1; }

reset_peak $pid
idle2_kb=$(kb $pid VmRSS)
t0=$(now)
for i in $(seq "$concurrent"); do
  curl -sf -F "file=@$src;type=video/mp4" "http://127.0.0.1:$port/api/videos" >/dev/null &
done
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null || true
t1=$(now)
many_s=$(echo "$t1 - $t0" | bc -l)
many_peak_kb=$(kb $pid VmHWM)

mb=$(echo "$size_mib * 1.048576" | bc -l)
printf '\n%-44s %10s %10s\n' "run (${size_mib} MiB)" "seconds" "MB/s"
printf '%-44s %10.2f %10.1f\n' "reference: cp + sync" "$cp_s" "$(echo "$mb / $cp_s" | bc -l)"
printf '%-44s %10.2f %10.1f\n' "reference: dd bs=10M conv=fsync" "$dd_s" "$(echo "$mb / $dd_s" | bc -l)"
printf '%-44s %10.2f %10.1f\n' "SAGE POST /api/videos (file store)" "$one_s" "$(echo "$mb / $one_s" | bc -l)"
printf '%-44s %10.2f %10.1f\n' "SAGE, $concurrent uploads at once (total)" "$many_s" "$(echo "$mb * $concurrent / $many_s" | bc -l)"
printf '\nratio SAGE / (cp + sync): %.2f (target <= 1.3)\n' "$(echo "$one_s / $cp_s" | bc -l)"
printf 'ratio SAGE / (dd + fsync): %.2f\n' "$(echo "$one_s / $dd_s" | bc -l)"
printf 'server CPU seconds for one upload: %.2f\n' "$(echo "$cpu1 - $cpu0" | bc -l)"
printf 'server RSS idle %d MiB; peak during one upload %d MiB (growth %d MiB)\n' $((idle_kb/1024)) $((one_peak_kb/1024)) $(((one_peak_kb-idle_kb)/1024))
printf 'server RSS idle %d MiB; peak during %d concurrent uploads %d MiB (growth %d MiB)\n' $((idle2_kb/1024)) "$concurrent" $((many_peak_kb/1024)) $(((many_peak_kb-idle2_kb)/1024))
