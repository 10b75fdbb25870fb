#!/usr/bin/env bash
# S3 crawl, for BENCHMARKS.md. Targets (from the S3-crawler issue), on a generated bucket of >= 100,000 objects
# served by `rclone serve s3` on 127.0.0.1: Tessera's crawl reads >= 20x as many objects/s as a Python baseline
# (zarr-python + ome-zarr-models over s3fs, same concurrency) and >= 50% of the server's raw GET rate (wrk on
# the same keys); a re-crawl of the unchanged bucket is >= 10x faster than the full crawl; peak RSS < 256 MB.
# Needs Python >= 3.12 (makes .venv-bench from bench/requirements.txt), Swift and curl; as root it installs wrk and
# GNU time with apt-get. Prints the BENCHMARKS.md section; appends nothing. Takes a release build.
# Usage: bench/crawl.sh [--objects N] [--seed N] [--skip-tessera]
set -euo pipefail
cd "$(dirname "$0")/.."

objects=100000 seed=1 skip_tessera= concurrency=64
while [ $# -gt 0 ]; do
    case $1 in
        --objects) objects=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --skip-tessera) skip_tessera=1; shift ;;
        *) echo "usage: bench/crawl.sh [--objects N] [--seed N] [--skip-tessera]" >&2; exit 2 ;;
    esac
done
source bench/lib.sh

# --- Tools: wrk and GNU time (for peak RSS) from Debian, the rest from the bench venv ------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[ -x /usr/bin/time ] || missing+=(time)
install_packages "${missing[@]}"
find_python "ome-zarr >= 0.19"
requirements_hash=$(sha256sum bench/requirements.txt | cut -d' ' -f1)
if [ "$(cat .venv-bench/.requirements-hash 2>/dev/null)" != "$requirements_hash" ]; then
    say "creating .venv-bench with $("$python" --version)"
    rm -rf .venv-bench
    "$python" -m venv .venv-bench
    .venv-bench/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt
    echo "$requirements_hash" > .venv-bench/.requirements-hash
fi
py=.venv-bench/bin/python

# --- The bucket, reused while the generator, its pins and its parameters are unchanged ---------------------
# rclone serves .bench/'s folders as buckets and ignores files at its top, so the stamp and key list live there.
mkdir -p .bench
bucket=.bench/crawl-bucket
stamp=$(cat bench/make_crawl_bucket.py bench/requirements.txt <(echo "objects=$objects seed=$seed") | sha256sum | cut -d' ' -f1)
if [ "$(cat .bench/crawl-bucket.stamp 2>/dev/null)" != "$stamp" ]; then
    say "generating $bucket (>= $objects objects, seed $seed)"
    rm -f .bench/crawl-bucket.stamp
    SECONDS=0
    "$py" bench/make_crawl_bucket.py "$bucket" --objects "$objects" --seed "$seed" --keys .bench/crawl-keys.txt \
        > .bench/crawl-bucket.json
    say "generated in $SECONDS s: $(cat .bench/crawl-bucket.json)"
    echo "$stamp" > .bench/crawl-bucket.stamp
else
    say "reusing $bucket: $(cat .bench/crawl-bucket.json)"
fi

# --- Tessera, rebuilt when a source is newer than the binary -------------------------------------------------
# TESSERA_BIN=PATH benchmarks that binary instead (no build).
bin=${TESSERA_BIN:-.build-release/release/tessera}
if [ -z "$skip_tessera" ] && [ -z "${TESSERA_BIN:-}" ] \
    && { [ ! -x "$bin" ] || [ -n "$(find Sources Package.swift -newer "$bin" | head -n 1)" ]; }; then
    say "building Tessera (release)"
    swift build -c release --scratch-path .build-release --product tessera >/dev/null
fi

# --- The server: path-style, anonymous, read-only; directory listings cached for the whole run -------------
work=$(mktemp -d)
trap 'kill "${server:-}" "${plain_server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
# Starts rclone with extra flags; sets $started to its pid and $started_endpoint to its URL.
serve() {
    local port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    started_endpoint="http://127.0.0.1:$port"
    .venv-bench/bin/rclone serve s3 .bench --addr "127.0.0.1:$port" --read-only --dir-cache-time 1h \
        --log-file "$work/rclone-$port.log" "$@" &
    started=$!
    for _ in $(seq 100); do curl -sf "$started_endpoint/" >/dev/null && break; sleep 0.1; done
    curl -sf "$started_endpoint/" >/dev/null || { cat "$work/rclone-$port.log" >&2; exit 1; }
}
serve
server=$started endpoint=$started_endpoint measured_server=$started
say "rclone $(.venv-bench/bin/rclone version | head -n 1 | awk '{print $2}') serving .bench on $endpoint"

# CPU seconds (user + system) a process has used so far.
ticks=$(getconf CLK_TCK)
cpu_seconds() { awk -v ticks="$ticks" '{printf "%.2f", ($14 + $15) / ticks}' "/proc/$1/stat"; }
calc() { awk "BEGIN {printf \"%.2f\", $1}"; }

# Runs a command under GNU time and records "NAME WALL_SECONDS PEAK_KIB OBJECTS CPU_SECONDS SERVER_CPU_SECONDS" in
# $work/results, OBJECTS being the KEY of the JSON the command prints and the server the one whose pid is
# $measured_server; the command's output stays in $work/NAME.{out,err}.
measure() {
    local name=$1 key=$2 before wall kib user system; shift 2
    before=$(cpu_seconds "$measured_server")
    /usr/bin/time -f '%e %M %U %S' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" \
        || { cat "$work/$name.err" >&2; exit 1; }
    say "  $(cut -c1-400 "$work/$name.out")"
    read -r wall kib user system < "$work/$name.time"
    echo "$name $wall $kib $("$py" -c "import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$work/$name.out" "$key")" \
        "$(calc "$user + $system")" "$(calc "$(cpu_seconds "$measured_server") - $before")" >> "$work/results"
}

# --- (a) Raw GET rate, (b) full crawls, (c) re-crawls ---------------------------------------------------------
# The server's speed drifts during a run on this shared machine (a quarter and more within minutes), so the runs
# are paired: three rounds of a raw GET rate, a full crawl and a re-crawl of its catalog, and a last raw rate.
# Each full crawl is compared with the mean of the raw rates just before and just after it, each re-crawl with
# the full crawl just before it; the targets are judged on the medians of these three paired ratios. One
# unmeasured wrk pass and one flat listing of the bucket warm the server first, as the crawls find it.
keys=$(wc -l < .bench/crawl-keys.txt)
wrk_run() { wrk -t2 -c"$concurrency" -d"$1" -s bench/get_keys.lua "$endpoint/crawl-bucket" -- .bench/crawl-keys.txt; }
raw_rate() {
    local before
    before=$(cpu_seconds "$server")
    wrk_run 10s > "$work/wrk$1.out"
    if grep -q "Non-2xx" "$work/wrk$1.out"; then cat "$work/wrk$1.out" >&2; echo "wrk got error answers" >&2; exit 1; fi
    awk -v name="raw$1" -v server="$(calc "$(cpu_seconds "$server") - $before")" \
        '/requests in/ {sub(/s,$/, "", $4); print name, $4, 0, $1, 0, server}' "$work/wrk$1.out" >> "$work/results"
    say "  wrk $1 of 4: $(grep -E 'requests in|Requests/sec' "$work/wrk$1.out" | xargs)"
}
say "warming the server: 10 s of wrk GETs over the $keys metadata keys at $concurrency connections, one flat listing"
wrk_run 10s >/dev/null
"$py" -c 'import s3fs, sys; print(len(s3fs.S3FileSystem(anon=True, client_kwargs={"endpoint_url": sys.argv[1]}).find("crawl-bucket")))' \
    "$endpoint" >/dev/null
: > "$work/results"

tessera_crawl() {
    TESSERA_LOG_LEVEL=error measure "$1" objects_read "$bin" crawl s3://crawl-bucket --endpoint-url "${3:-$endpoint}" \
        --no-sign-request --concurrency "$concurrency" --db "$2" --json
}
for run in 1 2 3; do
    raw_rate "$run"
    [ -n "$skip_tessera" ] && continue
    db="sqlite:$work/catalog-$run.sqlite"
    "$bin" migrate --db "$db" >/dev/null
    say "Tessera: full crawl $run of 3 into a fresh catalog, then a re-crawl of the unchanged bucket"
    tessera_crawl "full$run" "$db"
    tessera_crawl "recrawl$run" "$db"
done
raw_rate 4
if [ -z "$skip_tessera" ]; then
    # A re-crawl is mostly the server listing the bucket, and `rclone serve s3` makes each listed object's ETag
    # from its bytes (S3 stores keep ETags). The same crawls against an rclone that sends no ETags show what the
    # re-crawl costs when listing does not read the objects; Tessera then compares size and date.
    serve --etag-hash ""
    plain_server=$started measured_server=$started
    say "Tessera against rclone without ETags on $started_endpoint: a full crawl to warm it, a full crawl, three re-crawls"
    for run in 0 1; do
        db="sqlite:$work/catalog-plain-$run.sqlite"
        "$bin" migrate --db "$db" >/dev/null
        tessera_crawl "plainfull$run" "$db" "$started_endpoint"
    done
    sed -i '/^plainfull0 /d' "$work/results"
    for run in 1 2 3; do tessera_crawl "plainrecrawl$run" "$db" "$started_endpoint"; done
    kill "$plain_server"
    measured_server=$server
fi

# --- (d) The Python baseline, same server and concurrency ----------------------------------------------------
say "Python baseline (zarr-python + ome-zarr-models over s3fs, $concurrency threads)"
measure baseline objects "$py" bench/baseline_crawl.py s3://crawl-bucket --endpoint-url "$endpoint" --concurrency "$concurrency"
server_kib=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")

# --- The section for BENCHMARKS.md ------------------------------------------------------------------------
"$py" - "$work" "$seed" "$concurrency" "$server_kib" <<'EOF'
import json, statistics, sys, textwrap
from pathlib import Path

work, seed, concurrency, server_kib = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
bucket = json.loads(Path(".bench/crawl-bucket.json").read_text())
measured = {name: {"wall": float(wall), "mb": int(kib) * 1024 / 1e6, "objects": int(objects), "cpu": float(cpu),
                   "server_cpu": float(server_cpu)}
            for name, wall, kib, objects, cpu, server_cpu in (line.split() for line in (work / "results").read_text().splitlines())}
for run in measured.values():
    run["rate"] = run["objects"] / run["wall"]
# Raw ran four times, full and recrawl three: the median (by rate) stands for each, with the highest peak RSS.
runs, series = {}, {}
for name in ("raw", "full", "recrawl", "baseline", "plainfull", "plainrecrawl"):
    # wrk runs for a fixed time (ordered by rate), the others for a fixed number of objects (by wall time).
    group = sorted((run for key, run in measured.items() if key.rstrip("0123456789") == name),
                   key=lambda run: run["rate"] if name == "raw" else run["wall"])
    if group:
        runs[name] = {**group[len(group) // 2], "mb": max(run["mb"] for run in group)}
        series[name] = [measured[key] for key in sorted(measured) if key.rstrip("0123456789") == name]
images = {name: json.loads((work / f"{file}.out").read_text())["images"]
          for name, file in (("full", "full1"), ("baseline", "baseline")) if name in runs}
labels = {"raw": f"raw GET (wrk, 2 threads, {concurrency} connections; median of 4)", "full": "Tessera full crawl (median of 3)",
          "recrawl": "Tessera re-crawl (median of 3)", "baseline": f"Python baseline ({concurrency} threads)",
          "plainfull": "Tessera full crawl, server without ETags", "plainrecrawl": "Tessera re-crawl, server without ETags (median of 3)"}
def paragraph(text):
    print(textwrap.fill(" ".join(text.split()), 110, break_on_hyphens=False) + "\n")
print("\n## S3 crawl — `bench/crawl.sh`\n")
paragraph("""Targets (from the S3-crawler issue): on a generated bucket of at least 100,000 objects, Tessera's crawl
reads at least 20× as many objects per second as a Python baseline at the same concurrency and at least 50% of
the server's raw GET rate; a re-crawl of the unchanged bucket is at least 10× faster than the full crawl; peak
RSS stays under 256 MB.""")
paragraph(f"""The bucket (`bench/make_crawl_bucket.py`, seed {seed}): {bucket['objects']:,} objects ({bucket['metadata_objects']:,}
metadata, {bucket['chunk_objects']:,} chunks) in {bucket['studies']} IDR-like studies: {bucket['plates']} plates with
{bucket['wells']:,} wells (OME-NGFF 0.4 on Zarr v2 and 0.5 on Zarr v3), {bucket['images']:,} images (fields, plain
images, bioformats2raw series) and {bucket['labels']} label images, all written by ome-zarr and zarr. It is served by
`rclone serve s3` on 127.0.0.1 (path-style, anonymous, MD5 ETags). wrk GETs the {bucket['documents']:,} metadata
documents a crawler reads. The baseline walks the bucket over s3fs, opens each Zarr root with zarr-python and
parses it with ome-zarr-models' HCS, Well, Image and BioFormats2Raw models, one task per well. Objects are each
tool's own count of objects read; the baseline also reads `.zgroup` and arrays' `.zattrs`. Images catalogued:
{', '.join(f"{labels[name].split(' (')[0]} {count:,}" for name, count in images.items())} (of {bucket['images'] + bucket['labels']:,}, label images included).""")
print("| run | objects | wall s | objects/s | peak RSS MB |\n| --- | --- | --- | --- | --- |")
for name, run in runs.items():
    rss = "–" if name == "raw" else f"{run['mb']:.0f}"
    print(f"| {labels[name]} | {run['objects']:,} | {run['wall']:.1f} | {run['rate']:,.0f} | {rss} |")
for name in ("raw", "full", "recrawl", "plainrecrawl"):
    if len(series.get(name, [])) > 1:
        unit = "s" if "recrawl" in name else "objects/s"
        figures = ", ".join(f"{run['wall']:.2f}" if "recrawl" in name else f"{run['rate']:,.0f}" for run in series[name])
        print(f"\n{labels[name].split(' (')[0]}, {unit} in run order: {figures}.", end="")
print()
print(f"\nServer peak RSS (VmHWM) over the run: {server_kib * 1024 / 1e6:.0f} MB.")
if "full" in runs:
    full, recrawl, raw, baseline = runs["full"], runs["recrawl"], runs["raw"], runs["baseline"]
    def row(target, measured, met):
        print(f"| {target} | {measured} | {'met' if met else 'MISSED'} |")
    print("\n| target | measured | |\n| --- | --- | --- |")
    row("Tessera ≥ 20× the baseline's objects/s", f"{full['rate'] / baseline['rate']:.1f}× (wall time "
        f"{baseline['wall'] / full['wall']:.1f}× shorter)", full["rate"] >= 20 * baseline["rate"])
    # Paired: each full crawl against the raw rates measured just before and after it, and against its re-crawl.
    raws = [run["rate"] for run in series["raw"]]
    shares = [full_run["rate"] / ((raws[index] + raws[index + 1]) / 2) for index, full_run in enumerate(series["full"])]
    speedups = [full_run["wall"] / re_run["wall"] for full_run, re_run in zip(series["full"], series["recrawl"])]
    share, speedup = statistics.median(shares), statistics.median(speedups)
    row("Tessera ≥ 50% of the raw GET rate (median of paired runs)",
        f"{100 * share:.0f}% ({', '.join(f'{100 * value:.0f}%' for value in shares)}; medians alone "
        f"{100 * full['rate'] / raw['rate']:.0f}%)", share >= 0.5)
    row("re-crawl ≥ 10× faster than the full crawl (median of paired runs)",
        f"{speedup:.1f}× ({', '.join(f'{value:.1f}×' for value in speedups)}; medians alone "
        f"{full['wall'] / recrawl['wall']:.1f}×)", speedup >= 10)
    row("peak RSS < 256 MB (full crawl, re-crawl)", f"{full['mb']:.0f} MB, {recrawl['mb']:.0f} MB",
        full["mb"] < 256 and recrawl["mb"] < 256)
    print("\n| run (the median one) | wall s | client CPU s | server CPU s |\n| --- | --- | --- | --- |")
    for name, run in runs.items():
        client = "–" if name == "raw" else f"{run['cpu']:.2f}"
        print(f"| {labels[name]} | {run['wall']:.2f} | {client} | {run['server_cpu']:.2f} |")
    cpu_speedups = [full_run["cpu"] / re_run["cpu"] for full_run, re_run in zip(series["full"], series["recrawl"])]
    server_shares = [re_run["server_cpu"] / (re_run["server_cpu"] + re_run["cpu"]) for re_run in series["recrawl"]]
    print()
    paragraph(f"""CPU is user + system seconds: the client's from GNU time, the server's from its /proc counters over
    the same run (wrk's own CPU is not counted). Tessera's own CPU in a re-crawl is
    {statistics.median(cpu_speedups):.0f}× less than in the full crawl before it (median of the paired runs:
    {', '.join(f'{value:.0f}×' for value in cpu_speedups)}); the server spends
    {100 * statistics.median(server_shares):.0f}% of the re-crawl's CPU, listing the bucket's
    {bucket['objects']:,} keys.""")
    plain_full, plain_recrawl = runs["plainfull"], runs["plainrecrawl"]
    paragraph(f"""The re-crawl is mostly the server listing the bucket, and `rclone serve s3` makes each listed
    object's ETag from its bytes where S3 stores keep ETags. Against an rclone sending no ETags (`--etag-hash ""`;
    Tessera then compares sizes and dates) the full crawl took {plain_full['wall']:.1f} s and the re-crawl
    {plain_recrawl['wall']:.2f} s: {plain_full['wall'] / plain_recrawl['wall']:.1f}× faster.""")
EOF
