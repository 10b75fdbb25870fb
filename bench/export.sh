#!/usr/bin/env bash
# Streamed exports, for BENCHMARKS.md. Target (from the query-API issue): a 1,000,000-row export must not grow
# the server's memory. A release `tessera serve` over a synthetic catalog of N images streams the whole image
# list as CSV and as NDJSON; the server's resident memory is sampled every 0.2 s throughout, and compared with
# its memory after answering one JSON page. Prints the BENCHMARKS.md section. Needs Swift, curl, python3.
# Usage: bench/export.sh [--images N]
set -euo pipefail
cd "$(dirname "$0")/.."

images=1000000
while [ $# -gt 0 ]; do
    case $1 in
        --images) images=$2; shift 2 ;;
        *) echo "usage: bench/export.sh [--images N]" >&2; exit 2 ;;
    esac
done
source bench/lib.sh

bin=${TESSERA_BIN:-.build-release/release/tessera}
if [ -z "${TESSERA_BIN:-}" ] && { [ ! -x "$bin" ] || [ -n "$(find Sources Package.swift -newer "$bin" | head -n 1)" ]; }; then
    say "building Tessera (release)"
    swift build -c release --scratch-path .build-release --product tessera >/dev/null
fi

work=$(mktemp -d)
trap 'kill "${server:-}" "${sampler:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p .bench
catalog=.bench/export-$images.sqlite
if [ ! -f "$catalog" ]; then
    say "making a catalog of $images images"
    "$bin" migrate --db "sqlite:$catalog.tmp" >/dev/null
    python3 bench/make_export_catalog.py "$catalog.tmp" --images "$images" >/dev/null
    mv "$catalog.tmp" "$catalog"
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
TESSERA_LOG_LEVEL=error "$bin" serve --db "sqlite:$catalog" --port "$port" &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done

rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
curl -sf "$base/v1/images?limit=1000" >/dev/null
after_page=$(rss)
say "server RSS after one JSON page of 1000 images: $after_page KiB"

results=$work/results
for format in csv ndjson; do
    ( while kill -0 "$server" 2>/dev/null; do rss >> "$work/$format.rss"; sleep 0.2; done ) &
    sampler=$!
    start=$(date +%s.%N)
    curl -sf "$base/v1/images?format=$format" -o "$work/$format.out"
    end=$(date +%s.%N)
    kill "$sampler"; wait "$sampler" 2>/dev/null || true
    lines=$(wc -l < "$work/$format.out")
    rows=$([ "$format" = csv ] && echo $((lines - 1)) || echo "$lines")
    bytes=$(stat -c %s "$work/$format.out")
    peak=$(sort -n "$work/$format.rss" | tail -n 1)
    # Resident memory a tenth of the way through and at the end: flat when the export streams.
    samples=$(wc -l < "$work/$format.rss")
    early=$(sed -n "$((samples / 10 + 1))p" "$work/$format.rss")
    late=$(tail -n 1 "$work/$format.rss")
    echo "$format $rows $bytes $start $end $peak $early $late" >> "$results"
    say "$format: $rows rows, $bytes bytes, peak RSS $peak KiB"
done

python3 - "$results" "$after_page" "$images" <<'PY'
import sys
results, after_page, images = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
print(f"Release `tessera serve` over a SQLite catalog of {images:,} synthetic images (one level each); the whole list")
print("streamed by `curl` with `format=`; the server's resident memory sampled every 0.2 s during the export.\n")
print(f"Server RSS after answering one JSON page of 1,000 images: {after_page / 1024:.0f} MiB.\n")
print("| export | rows | size | time | rows/s | server RSS at 10% | at 100% | peak | peak over one page |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for line in open(results):
    name, rows, size, start, end, peak, early, late = line.split()
    seconds = float(end) - float(start)
    mib = lambda kib: f"{int(kib) / 1024:.0f} MiB"
    print(f"| {name.upper()} | {int(rows):,} | {int(size) / 2**20:.0f} MiB | {seconds:.1f} s | {int(rows) / seconds:,.0f} | "
          f"{mib(early)} | {mib(late)} | {mib(peak)} | {(int(peak) - after_page) / 1024:+.0f} MiB |")
PY
