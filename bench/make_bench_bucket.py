"""The benchmark bucket: one study with a sharded v0.5 image of 10 × 10 shards of 10 × 10 inner chunks
(10,000 inner chunks, written by zarr-python) and a metadata-only v0.4 image of 2,000 × 2,000 chunks
(listing needs no chunk data). Usage: make_bench_bucket.py OUT"""
import json
import sys
from pathlib import Path

import numpy as np
import zarr
from zarr.codecs import ZstdCodec

out = Path(sys.argv[1]) / "bench"
axes = [{"name": "c", "type": "channel"}, {"name": "y", "type": "space"}, {"name": "x", "type": "space"}]
dataset = [{"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [1, 1, 1]}]}]

group = zarr.open_group(out / "sharded.ome.zarr", mode="w", zarr_format=3)
array = group.create_array("0", shape=(1, 3200, 3200), dtype="u1", chunks=(1, 32, 32), shards=(1, 320, 320),
                           compressors=ZstdCodec(level=1), dimension_names=["c", "y", "x"])
array[...] = (np.arange(3200 * 3200, dtype=np.uint32) % 251 + 1).astype("u1").reshape(1, 3200, 3200)
group.attrs["ome"] = {"version": "0.5", "multiscales": [{"name": "sharded", "axes": axes, "datasets": dataset}]}

big = out / "big.ome.zarr"
(big / "0").mkdir(parents=True)
(big / ".zgroup").write_text(json.dumps({"zarr_format": 2}))
(big / ".zattrs").write_text(json.dumps({"multiscales": [{"version": "0.4", "name": "big", "axes": axes, "datasets": dataset}]}))
(big / "0" / ".zarray").write_text(json.dumps({
    "zarr_format": 2, "shape": [1, 64000, 64000], "chunks": [1, 32, 32], "dtype": "<u2", "compressor": None,
    "fill_value": 0, "order": "C", "filters": None, "dimension_separator": "/"}))
