#!/usr/bin/env python3
"""Ask a Tessera catalog for images by gene and phenotype, then measure one region of each.

Only the URLs and metadata Tessera returns are used: the pixels are read straight from object storage
with zarr-python and dask, so the same script works on any study the catalog holds.

    python find_and_measure.py --api http://127.0.0.1:8080 --gene ARHGAP5 --phenotype CMPO_0000118 --region y=0:32,x=0:32
"""
import argparse
import json
import sys
from urllib.parse import unquote, urlsplit

import dask
import dask.array as da
import numpy as np
import requests
import zarr
from zarr.storage import FsspecStore, WrapperStore


class RecordingStore(WrapperStore):
    """Remembers the keys zarr-python reads, to compare them with the chunk objects Tessera listed."""

    def __init__(self, store):
        super().__init__(store)
        self.keys = set()

    async def get(self, key, prototype, byte_range=None):
        self.keys.add(key)
        return await super().get(key, prototype, byte_range)

    async def get_partial_values(self, prototype, key_ranges):
        key_ranges = list(key_ranges)
        self.keys.update(key for key, _ in key_ranges)
        return await super().get_partial_values(prototype, key_ranges)


def search(api, body, max_images):
    """Yields (total, image) over all pages: Tessera pages with an opaque cursor."""
    seen = 0
    while True:
        answer = requests.post(f"{api}/v1/search", json=body, timeout=120)
        if not answer.ok:  # errors are problem+json whose `detail` says what to fix
            sys.exit(f"search failed ({answer.status_code}): {answer.json().get('detail', answer.text)}")
        page = answer.json()
        for image in page["items"]:
            if seen == max_images:
                return
            seen += 1
            yield page["total"], image
        if not page["next_cursor"]:
            return
        body["cursor"] = page["next_cursor"]


def locate(url, s3_endpoint):
    """Where fsspec reads `url`: as returned (HTTP(S): the demo, public buckets), or through the S3 API,
    signed with your usual AWS credentials, when it lies under `s3_endpoint` (private buckets)."""
    if s3_endpoint:
        endpoint, parts = urlsplit(s3_endpoint), urlsplit(url)
        if parts.netloc == endpoint.netloc:  # path style: endpoint/bucket/key
            return "s3://" + unquote(parts.path.lstrip("/")), {"endpoint_url": s3_endpoint}
        if parts.netloc.endswith("." + endpoint.netloc):  # virtual-hosted: bucket.endpoint/key
            return "s3://" + parts.netloc[: -len(endpoint.netloc) - 1] + unquote(parts.path), {"endpoint_url": s3_endpoint}
    return url, {}


def selection(axes, region):
    """The region as a numpy index, by axis name: axes it does not name are read whole."""
    index = []
    for axis in axes:
        text = region.get(axis["name"])
        if text is None:
            index.append(slice(None))
        elif ":" in text:
            start, stop = text.split(":")
            index.append(slice(int(start) if start else None, int(stop) if stop else None))
        else:  # one index, kept as an axis of length 1
            index.append(slice(int(text), int(text) + 1))
    return tuple(index)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--api", default="http://127.0.0.1:8080", help="Tessera's base URL")
    parser.add_argument("--gene", action="append", default=[], help="gene symbol or id; repeat for any of several")
    parser.add_argument("--phenotype", action="append", default=[], help="CMPO id or name; repeat for any of several")
    parser.add_argument("--region", default="", help="per axis name, start:stop or one index, e.g. y=0:32,x=0:32")
    parser.add_argument("--level", type=int, default=0, help="resolution level (0 = full resolution)")
    parser.add_argument("--max-images", type=int, default=100, help="stop after this many images")
    parser.add_argument("--s3-endpoint", help="read URLs under this S3 endpoint with your AWS credentials (private buckets)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per image instead of a table")
    args = parser.parse_args()
    region = dict(part.split("=", 1) for part in args.region.split(",") if part)

    # Different kinds must all match; repeated values of one kind match any of them.
    conditions = [{"or": [{kind: value} for value in values]}
                  for kind, values in (("gene", args.gene), ("phenotype", args.phenotype)) if values]
    if not conditions:
        parser.error("give at least one --gene or --phenotype")
    body = {"query": {"and": conditions}, "level": "image", "limit": min(100, args.max_images),
            "array_level": args.level, "include": ["chunks"], "region": region}

    # Build every image's computation lazily first; dask then reads all regions' chunks in parallel.
    rows, skipped, total = [], [], 0
    for total, image in search(args.api.rstrip("/"), body, args.max_images):
        if image["chunks"] is None:  # the region does not fit this image (e.g. it is smaller): Tessera says why
            skipped.append(image)
            continue
        url, storage_options = locate(image["array_url"], args.s3_endpoint)
        store = RecordingStore(FsspecStore.from_url(url, storage_options=storage_options, read_only=True))
        try:
            array = zarr.open_array(store=store, mode="r")
        except Exception as error:  # typically a 403: a private bucket read over plain HTTP
            sys.exit(f"cannot open {image['array_url']}: {error}\n(a private bucket? see --s3-endpoint)")
        index = selection(image["axes"], region)
        pixels = da.from_zarr(array)[index]
        # One mean per channel: average over every other axis (y, x, and z or t when present).
        channel = [i for i, axis in enumerate(image["axes"]) if axis["type"] == "channel"]
        others = tuple(i for i in range(pixels.ndim) if i not in channel)
        spans = [slice_.indices(size)[:2] for slice_, size in zip(index, array.shape)]
        rows.append((image, store, pixels.mean(axis=others), spans))
    means = dask.compute(*[mean for _, _, mean, _ in rows])

    all_match = True
    if not args.json:
        print(f"{'image':22} {'study':8} {'plate/dataset':30} {'well':5} {'field':5} {'region':26} {'objects':>7}  mean per channel")
    for (image, store, _, spans), mean in zip(rows, means):
        # Tessera listed the objects holding the region (chunks, or shards with byte ranges): any reader needs
        # only those. Compare them with what zarr-python actually read (its metadata documents aside).
        listed = {chunk["url"] for chunk in image["chunks"]["items"]}
        read = {image["array_url"] + "/" + key for key in store.keys if not key.endswith((".zarray", ".zattrs", "zarr.json"))}
        all_match &= listed == read
        values = [float(value) for value in np.atleast_1d(mean)]
        if args.json:
            print(json.dumps({key: image.get(key) for key in ("id", "study", "plate", "well", "field", "dataset", "array_url", "array_level")}
                             | {"region": spans, "chunks": image["chunks"]["count"], "objects_listed": len(listed),
                                "objects_read": len(read), "objects_match": listed == read, "means": values}))
        else:
            region_text = ",".join(f"{axis['name']}={lo}:{hi}" for axis, (lo, hi) in zip(image["axes"], spans))
            print(f"{image['id']:22} {image['study']:8} {image.get('plate') or image.get('dataset') or '-':30} "
                  f"{image.get('well') or '-':5} {image.get('field') or '-':5} {region_text:26} "
                  f"{len(listed):>6}{' ' if listed == read else '!'}  " + " ".join(f"{value:.1f}" for value in values))
    for image in skipped:
        print(f"skipped {image['id']} ({image['study']}): {image['chunks_problem']}", file=sys.stderr)
    if not args.json:
        studies, levels = sorted({row[0]["study"] for row in rows}), sorted({row[0]["array_level"] for row in rows})
        print(f"\n{len(rows)} of {total} matching images measured, {len(skipped)} skipped; studies {', '.join(studies) or '-'}; "
              f"level {', '.join(map(str, levels)) or '-'}.")
        print("zarr-python read exactly the objects Tessera listed for each region." if all_match else
              "! marks images where zarr-python read other objects than Tessera listed.")
    return 0 if all_match else 1


if __name__ == "__main__":
    sys.exit(main())
