"""The crawl benchmark's bucket: IDR-like studies (`idrNNNN/`) whose object count is dominated by metadata.

Screens hold HCS plates (OME-NGFF 0.4 on Zarr v2 and 0.5 on Zarr v3; wells of several fields, 2-3 levels,
labels on some fields); experiments hold plain images (some with labels) and bioformats2raw collections
(`x.czi.zarr/0/`, `1/`, `OME/METADATA.ome.xml`) in Dataset folders. Every study has an `idrNNNN-study.txt`
and an `idrNNNN-annotation.csv`. Pixels are tiny (one 32 × 32 uint8 chunk per level) but every Zarr object is
written by ome-zarr (`write_plate_metadata`, `write_well_metadata`, `write_image`, `write_labels`) and zarr.

Usage: make_crawl_bucket.py OUT [--objects 100000] [--seed 1] [--workers N] [--keys FILE] [--direct]
Studies are added until OUT holds at least --objects objects; prints the counts as JSON. Deterministic for a
seed and the pinned library versions (bench/requirements.txt). --keys writes the keys of the metadata
documents a crawler reads (percent-encoded, one a line), for the raw-GET load generator.
"""
import argparse
import functools
import json
import os
import shutil
import string
import sys
import tempfile
from multiprocessing import Pool
from pathlib import Path
from urllib.parse import quote

import numpy as np
import zarr
from ome_zarr.format import FormatV04, FormatV05
from ome_zarr.writer import write_image, write_labels, write_plate_metadata, write_well_metadata
from ome_zarr_models.common.omero import Omero

FORMATS = {"0.4": FormatV04(), "0.5": FormatV05()}
SIDE = 32  # level-0 y/x size: one chunk per level at every level
AXES = {3: ["c", "y", "x"], 4: ["c", "z", "y", "x"], 5: ["t", "c", "z", "y", "x"]}
OMERO = Omero.model_validate({"channels": [{"label": "DAPI", "color": "0000FF", "active": True,
                                            "window": {"min": 0, "max": 255, "start": 0, "end": 255}}]})
GENES = ["ARHGAP5", "DOCK6", "BCR", "RALBP1", "ECT2", "VAV1", "TIAM1", "RAC1", "CDC42", "RHOA"]
PHENOTYPES = [("round cell phenotype", "CMPO_0000118"), ("elongated cell phenotype", "CMPO_0000077"),
              ("increased nuclear size phenotype", "CMPO_0000140"), ("", "")]
ZARR_METADATA = {".zattrs", ".zgroup", ".zarray", "zarr.json"}


# ---------------------------------------------------------------- planning
def plan_study(seed: int, index: int) -> dict:
    """One study's layout, drawn from its own RNG so each study is the same whatever the others are."""
    rng = np.random.default_rng([seed, index])
    spec = {"seed": seed, "index": index, "accession": f"idr{1000 + index:04d}"}
    if index % 5 < 3:  # three screens for every two experiments, as in IDR
        spec["kind"] = "screen"
        spec["plates"] = []
        for p in range(int(rng.integers(1, 3))):
            big = rng.random() < 0.5
            rows, cols = (16, 24) if big else (8, 12)
            positions = sorted(rng.choice(rows * cols, size=int(rng.integers(24, 49)), replace=False))
            wells = [f"{string.ascii_uppercase[i // cols]}{i % cols + 1}" for i in positions]
            spec["plates"].append({
                "component": f"screen{'AB'[p % 2]}", "name": f"{spec['accession']}-plate{p + 1:02d}",
                "version": "0.4" if (index + p) % 2 == 0 else "0.5", "rows": rows, "cols": cols, "wells": wells,
                "fields": int(rng.integers(2, 5)), "levels": int(rng.integers(2, 4)),
                "labelled": [w for w in wells if rng.random() < 0.15]})
    else:
        spec["kind"] = "experiment"
        spec["datasets"] = []
        for e in range(int(rng.integers(1, 3))):
            for d in range(int(rng.integers(2, 5))):
                images = [{"name": f"sample_{e}{d}{k:02d}.tif", "version": str(rng.choice(["0.4", "0.5"])),
                           "levels": int(rng.integers(2, 4)), "labels": bool(rng.random() < 0.3)}
                          for k in range(int(rng.integers(3, 9)))]
                collections = [{"name": f"acquisition_{e}{d}{k:02d}.czi", "version": str(rng.choice(["0.4", "0.5"])),
                                "levels": int(rng.integers(2, 4)), "series": int(rng.integers(2, 5))}
                               for k in range(int(rng.integers(0, 3)))]
                spec["datasets"].append({"component": f"experiment{'AB'[e]}", "name": f"organoid assay {e}{d}",
                                         "images": images, "collections": collections})
    return spec


def image_objects(version: str, levels: int, labels: bool = False) -> int:
    """Objects one image writes: group documents, and per level an array document (+ .zattrs on v2) and a chunk."""
    group, level = (2, 3) if version == "0.4" else (1, 2)
    return group + levels * level + (group + group + levels * level if labels else 0)


def estimate(spec: dict) -> int:
    """Objects a study will hold (checked against the files written: the plan only aims the study count)."""
    total = 2
    for plate in spec.get("plates", []):
        group = 2 if plate["version"] == "0.4" else 1
        rows = len({w[0] for w in plate["wells"]})
        total += (1 + rows + len(plate["wells"])) * group
        total += len(plate["wells"]) * plate["fields"] * image_objects(plate["version"], plate["levels"])
        total += len(plate["labelled"]) * (image_objects(plate["version"], plate["levels"], True)
                                            - image_objects(plate["version"], plate["levels"]))
    for dataset in spec.get("datasets", []):
        total += sum(image_objects(i["version"], i["levels"], i["labels"]) for i in dataset["images"])
        for c in dataset["collections"]:
            group = 2 if c["version"] == "0.4" else 1
            total += 2 * group + 1 + c["series"] * image_objects(c["version"], c["levels"])
    return total


# ---------------------------------------------------------------- writing
TEMPLATES: Path | None = None  # where a worker writes its template images; None writes every image directly


def write_image_direct(path: Path, rng, version: str, rank: int, levels: int, name: str, labels: bool) -> None:
    fmt = FORMATS[version]
    group = zarr.open_group(str(path), mode="a", zarr_format=fmt.zarr_format)
    shape = (1,) * (rank - 2) + (SIDE, SIDE)
    pixels = rng.integers(1, 256, shape, dtype=np.uint8)  # no all-zero chunk: zarr would skip writing it
    factors = [2, 4][: levels - 1]
    write_image(pixels, group, scale_factors=factors, fmt=fmt, axes=AXES[rank],
                storage_options={"chunks": shape}, name=name, omero=OMERO)
    if labels:
        write_labels((pixels // 64 + 1).astype(np.uint32), group, name="cells", scale_factors=factors, fmt=fmt,
                     axes=AXES[rank], storage_options={"chunks": shape})
        if version == "0.5":  # ome-zarr writes the 0.5 `labels` group without the `version` 0.5 requires
            group["labels"].attrs["ome"] = {"version": "0.5", **group["labels"].attrs["ome"]}


def write_one_image(path: Path, rng, version: str, rank: int, levels: int, name: str, labels: bool) -> None:
    """write_image costs ~60 ms (dask) per tiny image, so by default each variant is written once by
    write_image/write_labels into a template, its files copied, and the copy's name rewritten by zarr."""
    if TEMPLATES is None:
        return write_image_direct(path, rng, version, rank, levels, name, labels)
    folders, files = template(version, rank, levels, labels)
    for folder in folders:
        os.makedirs(path / folder, exist_ok=True)
    for relative, data in files:
        (path / relative).write_bytes(data)
    group = zarr.open_group(str(path), mode="r+")
    if version == "0.4":
        multiscales = group.attrs["multiscales"]
        multiscales[0]["name"] = name
        group.attrs["multiscales"] = multiscales
    else:
        ome = group.attrs["ome"]
        ome["multiscales"][0]["name"] = name
        group.attrs["ome"] = ome


@functools.cache
def template(version: str, rank: int, levels: int, labels: bool) -> tuple[list[Path], list[tuple[Path, bytes]]]:
    """A template image's leaf folders and its files' bytes."""
    folder = TEMPLATES / f"{version}-{rank}-{levels}-{labels}"
    write_image_direct(folder, np.random.default_rng(0), version, rank, levels, "template", labels)
    files = [(f.relative_to(folder), f.read_bytes()) for f in sorted(folder.rglob("*")) if f.is_file()]
    parents = {relative.parent for relative, _ in files}
    return [p for p in parents if not any(q != p and p in q.parents for q in parents)], files


def open_root(path: Path, version: str) -> zarr.Group:
    path.parent.mkdir(parents=True, exist_ok=True)
    return zarr.open_group(str(path), mode="w", zarr_format=FORMATS[version].zarr_format)


def write_plate(folder: Path, plate: dict, rng) -> dict:
    fmt = FORMATS[plate["version"]]
    path = folder / plate["component"] / f"{plate['name']}.ome.zarr"
    root = open_root(path, plate["version"])
    rows = list(string.ascii_uppercase[: plate["rows"]])
    cols = [str(c) for c in range(1, plate["cols"] + 1)]
    wells = [f"{w[0]}/{w[1:]}" for w in plate["wells"]]
    write_plate_metadata(root, rows, cols, wells, fmt=fmt, field_count=plate["fields"], name=plate["name"])
    for well, well_path in zip(plate["wells"], wells):
        write_well_metadata(root.require_group(well_path), [str(f) for f in range(plate["fields"])], fmt=fmt)
        for f in range(plate["fields"]):
            write_one_image(path / well_path / str(f), rng, plate["version"], 3, plate["levels"],
                            f"{plate['name']} {well} field {f}", f == 0 and well in plate["labelled"])
    fields = len(wells) * plate["fields"]
    return {"plates": 1, "wells": len(wells), "images": fields, "labels": len(plate["labelled"])}


def ome_xml(names: list[str]) -> str:
    images = "".join(
        f'  <Image ID="Image:{i}" Name="{name}">\n'
        f'    <Pixels ID="Pixels:{i}" DimensionOrder="XYZCT" Type="uint8" SizeX="{SIDE}" SizeY="{SIDE}" SizeZ="1"'
        f' SizeC="1" SizeT="1"><Channel ID="Channel:{i}:0" Name="DAPI" SamplesPerPixel="1"/></Pixels>\n'
        f'  </Image>\n' for i, name in enumerate(names))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" Creator="make_crawl_bucket">\n'
            f'{images}</OME>\n')


def write_collection(folder: Path, c: dict, rng) -> list[str]:
    """A bioformats2raw layout: root with `bioformats2raw.layout`, numbered series, `OME/` with the series list."""
    root = open_root(folder / f"{c['name']}.zarr", c["version"])
    names = [f"{c['name']} [{s}]" for s in range(c["series"])]
    series = [str(s) for s in range(c["series"])]
    ome = root.require_group("OME")
    if c["version"] == "0.4":
        root.attrs["bioformats2raw.layout"] = 3
        ome.attrs["series"] = series
    else:
        root.attrs["ome"] = {"version": "0.5", "bioformats2raw.layout": 3}
        ome.attrs["ome"] = {"version": "0.5", "series": series}
    (folder / f"{c['name']}.zarr" / "OME" / "METADATA.ome.xml").write_text(ome_xml(names))
    for s, name in zip(series, names):
        write_one_image(folder / f"{c['name']}.zarr" / s, rng, c["version"], 5, c["levels"], name, False)
    return names


def study_file(spec: dict) -> str:
    screen = spec["kind"] == "screen"
    components = sorted({p["component"] for p in spec["plates"]} if screen else
                        {d["component"] for d in spec["datasets"]})
    kind = "Screen" if screen else "Experiment"
    lines = [
        "# STUDY DESCRIPTION SECTION", "# Study", f"Comment[IDR Study Accession]\t{spec['accession']}",
        f"Study Title\tSynthetic {'screen' if screen else 'organoid imaging'} study {spec['index']} for the crawl benchmark",
        f"Study Type\t{'high content screen' if screen else 'light sheet imaging'}",
        "Study Type Term Source REF\tEFO",
        f"Study Type Term Accession\t{'EFO_0007550' if screen else 'EFO_0007555'}",
        "Study Description\tGenerated OME-Zarr plates and images with IDR-style curation files.",
        f"Study Organism\t{'Homo sapiens' if screen else 'Mus musculus'}",
        "Study Organism Term Source REF\tNCBITaxon",
        f"Study Organism Term Accession\t{'NCBITaxon_9606' if screen else 'NCBITaxon_10090'}",
        f"Study {kind}s Number\t{len(components)}", "", "# Study License and Data DOI",
        "Study License\tCC BY 4.0", "Study License URL\thttps://creativecommons.org/licenses/by/4.0/", ""]
    for n, component in enumerate(components, start=1):
        lines += [f"{kind} Number\t{n}", f"Comment[IDR {kind} Name]\t{spec['accession']}-synthetic/{component}",
                  f"{kind} Description\tGenerated {component}.", ""]
    return "\n".join(lines) + "\n"


def annotation_rows(spec: dict, rng) -> list[str]:
    def phenotype():
        name, accession = PHENOTYPES[int(rng.integers(len(PHENOTYPES)))]
        return f"{name},{accession}"
    if spec["kind"] == "screen":
        rows = ["Plate,Well,Characteristics [Organism],Gene Symbol,Control Type,Phenotype 1,Phenotype 1 Term Accession"]
        for plate in spec["plates"]:
            for well in plate["wells"]:
                control = int(well[1:]) <= 2  # columns 1-2 hold the controls
                gene = "" if control else GENES[int(rng.integers(len(GENES)))]
                rows.append(f"{plate['name']},{well},Homo sapiens,{gene},{'negative control' if control else ''},"
                            f"{',' if control else phenotype()}")
        return rows
    rows = ["Dataset Name,Image Name,Characteristics [Organism],Characteristics [Cell Line],Phenotype 1,"
            "Phenotype 1 Term Accession"]
    for dataset in spec["datasets"]:
        names = [i["name"] for i in dataset["images"]]
        names += [f"{c['name']} [{s}]" for c in dataset["collections"] for s in range(c["series"])]
        rows += [f"{dataset['name']},{name},Mus musculus,mESC,{phenotype()}" for name in names]
    return rows


def write_study(args: tuple[Path, dict]) -> dict:
    out, spec = args
    folder = out / spec["accession"]
    folder.mkdir(parents=True)
    rng = np.random.default_rng([spec["seed"], spec["index"], 1])
    counts = {"studies": 1, "plates": 0, "wells": 0, "images": 0, "labels": 0}
    for plate in spec.get("plates", []):
        for key, value in write_plate(folder, plate, rng).items():
            counts[key] += value
    for dataset in spec.get("datasets", []):
        where = folder / dataset["component"] / dataset["name"]
        for image in dataset["images"]:
            where.mkdir(parents=True, exist_ok=True)
            write_one_image(where / f"{image['name']}.ome.zarr", rng, image["version"], 4, image["levels"],
                            image["name"], image["labels"])
            counts["images"] += 1
            counts["labels"] += image["labels"]
        for collection in dataset["collections"]:
            counts["images"] += len(write_collection(where, collection, rng))
    (folder / f"{spec['accession']}-study.txt").write_text(study_file(spec))
    rows = annotation_rows(spec, np.random.default_rng([spec["seed"], spec["index"], 2]))
    (folder / f"{spec['accession']}-annotation.csv").write_text("\n".join(rows) + "\n")
    return counts


def use_templates(folder: str | None) -> None:
    global TEMPLATES
    TEMPLATES = Path(folder, str(os.getpid())) if folder else None


def is_metadata(path: Path) -> bool:
    return path.name in ZARR_METADATA or path.suffix in (".txt", ".csv", ".xml")


def is_document(path: Path) -> bool:
    """What a crawler GETs: arrays' documents, the documents of groups with attributes (not plates' row
    groups), OME-XML and curation files; not `.zgroup`, arrays' `.zattrs` or chunks."""
    if path.name == ".zattrs":
        return not (path.parent / ".zarray").exists() and json.loads(path.read_text()) != {}
    if path.name == "zarr.json":
        document = json.loads(path.read_text())
        return document["node_type"] == "array" or bool(document.get("attributes"))
    return path.name == ".zarray" or path.suffix in (".txt", ".csv", ".xml")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--objects", type=int, default=100_000, help="at least this many objects (default 100000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    ap.add_argument("--keys", type=Path, help="write the metadata documents' keys here")
    ap.add_argument("--direct", action="store_true", help="write every image with write_image (slow; no templates)")
    args = ap.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    counts = dict.fromkeys(["studies", "plates", "wells", "images", "labels"], 0)
    index, objects = 0, 0
    templates = tempfile.TemporaryDirectory()  # outside the bucket, so templates are no objects
    with templates, Pool(args.workers, use_templates, (None if args.direct else templates.name,)) as pool:
        while objects < args.objects:  # the estimate aims the study count; the files written decide
            specs, planned = [], objects
            while planned < args.objects:
                specs.append(plan_study(args.seed, index))
                planned += estimate(specs[-1])
                index += 1
            for result in pool.imap_unordered(write_study, [(args.out, s) for s in specs]):
                counts = {k: counts[k] + result[k] for k in counts}
            objects = sum(len(files) for _, _, files in os.walk(args.out))
    files = sorted(Path(root, f) for root, _, names in os.walk(args.out) for f in names)
    documents = [f for f in files if is_document(f)]
    metadata = [f for f in files if is_metadata(f)]
    if args.keys:
        args.keys.write_text("".join(quote(str(f.relative_to(args.out))) + "\n" for f in documents))
    print(json.dumps({"objects": len(files), "metadata_objects": len(metadata), "chunk_objects": len(files) - len(metadata),
                      "documents": len(documents), **counts}))


if __name__ == "__main__":
    sys.exit(main())
