#!/bin/sh
# Makes bench/out/camera-600s-720p30.mp4 (and a 60 s cut for iterating): real camera footage from Debian's
# opencv-doc (vtest.avi 768x576 10 fps street, tree.avi, box.mp4, cup.mp4), each scaled to 1280x720 at 30 fps,
# concatenated (118 s), x264 veryfast at 5 Mbit/s, looped to 10 minutes with a pink-noise + tone AAC track.
# Everything lands in bench/out/ (git-ignored); nothing here is committed.
set -e
cd "$(dirname "$0")"
mkdir -p out/opencv
cd out/opencv
[ -f opencv-doc_*.deb ] || apt-get download opencv-doc
[ -d x ] || dpkg -x opencv-doc_*.deb x
D=x/usr/share/doc/opencv-doc
cp $D/examples/data/vtest.avi $D/examples/data/tree.avi .
gunzip -c $D/opencv4/html/box.mp4.gz > box.mp4
gunzip -c $D/opencv4/html/cup.mp4.gz > cup.mp4
V="scale=1280:720:flags=bicubic,fps=30,setsar=1,format=yuv420p"
ffmpeg -nostdin -hide_banner -loglevel error -y -i vtest.avi -i tree.avi -i box.mp4 -i cup.mp4 \
  -filter_complex "[0:v]$V[a];[1:v]$V[b];[2:v]$V[c];[3:v]$V[d];[a][b][c][d]concat=n=4:v=1:a=0[v]" \
  -map "[v]" -c:v libx264 -preset veryfast -b:v 5M -maxrate 6M -bufsize 10M -g 60 base.mp4
ffmpeg -nostdin -hide_banner -loglevel error -y -stream_loop -1 -i base.mp4 \
  -f lavfi -i "anoisesrc=color=pink:amplitude=0.05:sample_rate=48000" -f lavfi -i "sine=frequency=330:sample_rate=48000" \
  -filter_complex "[1:a][2:a]amix=inputs=2[a]" -map 0:v -map "[a]" -t 600 -c:v copy -c:a aac -b:a 128k ../camera-600s-720p30.mp4
ffmpeg -nostdin -hide_banner -loglevel error -y -i ../camera-600s-720p30.mp4 -t 60 -c copy ../camera-60s-720p30.mp4
