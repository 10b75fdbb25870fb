#!/usr/bin/env bash
# Chunk resolution, for BENCHMARKS.md. Targets: 1,000,000 chunk keys resolved in process well under a second;
# GET /v1/images/{id}/chunks for a 10,000-chunk region of a sharded array under 100 ms with a warm shard-index
# cache; a 100,000-chunk region streamed without buffering the answer (server memory flat).
# Reference in the same run: zarr-python enumerating the same chunk keys.
# Needs: Swift, the project venv (scripts/test makes it), curl. Run from anywhere; takes a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --scratch-path .build-release --product tessera >/dev/null
swift build -c release --scratch-path .build-release --product tessera-bench >/dev/null
bin=.build-release/release
work=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "== in process: 1,000,000 chunk keys and URLs (1000 × 1000 grid)"
echo "tessera:     $("$bin/tessera-bench" 1000)"
echo "zarr-python: $(.venv/bin/python bench/zarr_keys.py 1000)"

.venv/bin/python bench/make_bench_bucket.py "$work/bucket"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
TESSERA_LOG_LEVEL=error "$bin/tessera" demo --examples "$work/bucket" --port "$port" --sqlite "$work/bench.sqlite" >/dev/null &
server=$!
base="http://127.0.0.1:$port"
until curl -sf "$base/healthz" >/dev/null; do sleep 0.2; done
id() { curl -s "$base/v1/images?study=bench&limit=10" | python3 -c "import json,sys; print([i['id'] for i in json.load(sys.stdin)['items'] if i['name']=='$1'][0])"; }
sharded=$(id sharded)
big=$(id big)

# Times N requests of a URL (after one warm-up) and prints count, median and p95 in milliseconds, and bytes.
timed() {
    local url=$1 n=$2
    curl -s -o /dev/null "$url"
    for _ in $(seq "$n"); do curl -s -o /dev/null -w '%{time_total} %{size_download}\n' "$url"; done | python3 -c "
import math, sys, statistics
rows = [line.split() for line in sys.stdin]
times = sorted(float(t) * 1000 for t, _ in rows)
p95 = times[math.ceil(0.95 * len(times)) - 1]  # nearest rank
print(f'{len(times)} requests: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, {rows[0][1]} bytes')"
}
peak() { awk '/VmHWM/ {print $2 / 1024 " MiB"}' "/proc/$server/status"; }

echo "== GET /chunks, 10,000 inner chunks of 100 shards, warm shard-index cache"
timed "$base/v1/images/$sharded/chunks?level=0" 30
echo "== GET /chunks, 1,000 chunks (unsharded)"
timed "$base/v1/images/$big/chunks?y=0:32&x=0:32000" 30
echo "server peak RSS after the small answers: $(peak)"
echo "== GET /chunks, 100,000 chunks (unsharded), streamed"
timed "$base/v1/images/$big/chunks?y=0:3200&x=0:32000" 5
echo "server peak RSS after 100,000-chunk answers: $(peak)"
echo "== GET /chunks, 1,000,000 chunks (unsharded), streamed"
timed "$base/v1/images/$big/chunks?y=0:32000&x=0:32000" 2
echo "server peak RSS after 1,000,000-chunk answers: $(peak)"
