"""Reference for the in-process figure: zarr-python enumerating the chunk keys (and URLs) of a region.
Usage: zarr_keys.py SIDE   (a SIDE × SIDE chunk grid of (1, 32, 32) chunks; prints JSON)"""
import json
import statistics
import sys
import time

import zarr

side = int(sys.argv[1])
array = zarr.create_array(store=zarr.storage.MemoryStore(), shape=(1, side * 32, side * 32), chunks=(1, 32, 32),
                          dtype="u1", chunk_key_encoding={"name": "default", "separator": "/"})
base = "https://example.org/bucket/study/plate.ome.zarr/A/1/0/0/"
timings = []
for _ in range(3):
    start = time.perf_counter()
    count = sum(len(base + array.metadata.encode_chunk_key(coords)) > 0 for coords in array._iter_chunk_coords())
    timings.append(time.perf_counter() - start)
print(json.dumps({"chunks": count, "best_seconds": min(timings), "median_seconds": statistics.median(timings)}))
