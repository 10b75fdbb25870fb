"""The crawl benchmark's Python baseline, written the way a user would: walk the bucket over s3fs like the
crawler does (list a folder; a folder holding zarr.json/.zattrs/.zgroup is a Zarr root, else read its curation
files and descend), open every root with zarr-python over an FsspecStore and parse it with ome-zarr-models'
HCS/Well/Image/BioFormats2Raw/ImageLabel models, which read every well, field, label image and array document.
Plates fan out one task per well; everything runs on a thread pool of --concurrency threads.

Usage: baseline_crawl.py s3://BUCKET --endpoint-url URL [--concurrency 64]
Prints JSON: objects (distinct objects read), seconds, objects_per_second, studies, plates, wells, images
(label images included, as a catalogue counts them), labels, and the S3 requests by kind.
"""
import argparse
import csv
import io
import json
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

import pydantic
import s3fs
import zarr
from zarr.storage import FsspecStore
from ome_zarr_models.v04 import bioformats2raw as bf04, hcs as hcs04, image as image04, image_label as label04
from ome_zarr_models.v04 import well as well04
from ome_zarr_models.v05 import bioformats2raw as bf05, hcs as hcs05, image as image05, well as well05

MODELS = {  # by Zarr format: OME-NGFF 0.4 lives in Zarr v2, 0.5 in Zarr v3
    2: {"plate": hcs04.HCSAttrs, "well": well04.Well, "image": image04.Image, "collection": bf04.BioFormats2Raw},
    3: {"plate": hcs05.HCSAttrs, "well": well05.Well, "image": image05.Image, "collection": bf05.BioFormats2Raw},
}

MAXIMUM_DEPTH = 7  # folders below the bucket searched for Zarr roots: the study and 6 below it, as the crawler

# Every S3 request s3fs makes, by operation, and the keys that were read; requests run on s3fs's and zarr's loops.
requests: Counter = Counter()
read_keys: set = set()
lock = threading.Lock()
original_call = s3fs.S3FileSystem._call_s3


async def counted_call(self, method, *args, **kwargs):
    try:
        result = await original_call(self, method, *args, **kwargs)
    except Exception:
        with lock:
            requests[method + " (failed)"] += 1
        raise
    with lock:
        requests[method] += 1
        if method == "get_object":
            read_keys.add(kwargs["Key"])
    return result

s3fs.S3FileSystem._call_s3 = counted_call


def guarded(task):
    """A task that fails is counted and noted, and loses only its own part of the bucket."""
    def run(self, path, *args):
        try:
            return task(self, path, *args)
        except Exception as error:
            with lock:
                self.counts["errors"] += 1
                self.errors.append(f"{path}: {type(error).__name__}: {error}"[:300])
            return []
    return run


class Crawl:
    def __init__(self, bucket: str, endpoint: str, concurrency: int):
        # max_concurrency=1: s3fs otherwise HEADs every object before its GET, to split big downloads
        options = {"anon": True, "endpoint_url": endpoint, "max_concurrency": 1,
                   "config_kwargs": {"max_pool_connections": concurrency}}
        self.fs = s3fs.S3FileSystem(**options)  # listings and curation files, from the pool's threads
        self.zarr_fs = s3fs.S3FileSystem(asynchronous=True, **options)  # zarr-python wants an async filesystem
        self.bucket = bucket
        self.concurrency = concurrency
        self.counts = Counter()
        self.errors: list[str] = []

    def run(self) -> None:
        with ThreadPoolExecutor(self.concurrency) as pool:
            pending = {pool.submit(self.walk, self.bucket, 0)}
            while pending:  # tasks return their follow-up tasks, so no thread blocks waiting on another
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    pending |= {pool.submit(*task) for task in future.result()}
        if self.zarr_fs._s3 is not None:  # close zarr's session on zarr's loop, or aiohttp complains at exit
            zarr.core.sync.sync(self.zarr_fs._s3.close())

    @guarded
    def walk(self, folder: str, depth: int) -> list:
        entries = self.fs.ls(folder, detail=True)
        names = {entry["name"].rsplit("/", 1)[-1]: entry for entry in entries}
        if names.keys() & {"zarr.json", ".zattrs", ".zgroup"}:
            return [(self.open_root, folder)]
        for name, entry in names.items():
            if depth == 1 and name.endswith("-study.txt"):
                study = dict(line.split("\t", 1) for line in self.fs.cat_file(entry["name"]).decode().splitlines()
                             if "\t" in line)
                self.count(studies=1 if study.get("Comment[IDR Study Accession]") else 0)
            elif name.endswith("-annotation.csv"):
                self.count(annotation_rows=len(list(csv.DictReader(io.StringIO(self.fs.cat_file(entry["name"]).decode())))))
        if depth > MAXIMUM_DEPTH:
            return []
        return [(self.walk, entry["name"], depth + 1) for entry in entries if entry["type"] == "directory"]

    @guarded
    def open_root(self, root: str) -> list:
        group = zarr.open_group(FsspecStore(self.zarr_fs, path=root, read_only=True), mode="r")
        models = MODELS[group.metadata.zarr_format]
        attributes = group.attrs.asdict()
        ome = attributes.get("ome", attributes)
        if "plate" in ome:
            plate = models["plate"].model_validate(ome)
            self.count(plates=1)
            return [(self.read_well, f"{root}/{well.path}", group, well.path) for well in plate.plate.wells]
        if "bioformats2raw.layout" in ome:
            self.read_images(models["collection"].from_zarr(group), group)
            xml = ET.fromstring(self.fs.cat_file(f"{root}/OME/METADATA.ome.xml"))
            self.count(ome_xml_images=sum(1 for e in xml.iter() if e.tag.endswith("}Image") and e.get("Name")))
            return []
        self.read_images(models["image"].from_zarr(group), group)
        return []

    @guarded
    def read_well(self, path: str, plate: zarr.Group, well: str) -> list:
        group = plate[well]
        self.read_images(MODELS[group.metadata.zarr_format]["well"].from_zarr(group), group)
        self.count(wells=1)
        return []

    def read_images(self, model, group: zarr.Group) -> None:
        """Counts the model's images and label images; ome-zarr-models' 0.4 Labels does not load the label
        images its `labels` list names, so those are opened here."""
        flat = model.to_flat()
        for path, node in list(flat.items()):
            attributes = attributes_of(node)
            if "multiscales" in attributes:  # the 0.5 models load label images as Images: tell them by path
                self.count(labels=1) if "/labels/" in path else self.count(images=1)
            for name in attributes.get("labels", []):  # a `labels` group
                if f"{path}/{name}" not in flat and group.metadata.zarr_format == 2:
                    label04.ImageLabel.from_zarr(group[f"{path}/{name}".strip("/")])
                    self.count(labels=1)

    def count(self, **amounts) -> None:
        with lock:
            self.counts.update(amounts)


def attributes_of(node) -> dict:
    """A node's OME attributes, whichever model or dict ome-zarr-models left them as."""
    attributes = node.attributes
    if isinstance(attributes, pydantic.BaseModel):
        attributes = attributes.model_dump(by_alias=True, exclude_none=True)
    return attributes.get("ome", attributes) if isinstance(attributes, dict) else {}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("bucket", help="s3://BUCKET")
    ap.add_argument("--endpoint-url", required=True)
    ap.add_argument("--concurrency", type=int, default=64)
    args = ap.parse_args()
    crawl = Crawl(args.bucket.removeprefix("s3://").strip("/"), args.endpoint_url, args.concurrency)
    start = time.perf_counter()
    crawl.run()
    seconds = time.perf_counter() - start
    for error in crawl.errors[:10]:
        print(error, file=sys.stderr)
    counts = crawl.counts
    counts["images"] += counts["labels"]
    print(json.dumps({"objects": len(read_keys), "seconds": round(seconds, 3),
                      "objects_per_second": round(len(read_keys) / seconds, 1), **dict(sorted(counts.items())),
                      "requests": dict(sorted(requests.items()))}))


if __name__ == "__main__":
    main()
