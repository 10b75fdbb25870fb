"""Adds what the API benchmark queries and make_crawl_bucket.py does not write to its bucket.

- Compounds: the generated screens name genes and phenotypes only, and the curated IDR studies in
  Tests/Fixtures/idr carry no image data, so no image would answer a compound query. Each plate annotation
  table gets IDR's compound columns (`Compound Name`, `Compound InChIKey`), filled for about a third of its
  non-control wells with one of the first 12 compounds of idr0094's real annotation table.
- A large image: generated images are one chunk per level, so none holds a 1,000-chunk region. One dataset
  study gets `api-bench-region.ome.zarr`, a 5000 x 5000 (t, c, z, y, x) uint8 OME-NGFF 0.4 image in
  100 x 100 chunks. Only its metadata is written: a chunk listing needs no chunk objects, and absent chunks
  hold the fill value.

Usage: extend_api_bucket.py BUCKET --compounds IDR_ANNOTATION_CSV. Deterministic and idempotent: tables
already extended are left alone. Prints {"tables": N, "compounds": [...], "region_image": PATH} as JSON.
"""
import argparse
import csv
import io
import json
import zlib
from pathlib import Path

import zarr
from ome_zarr.format import FormatV04
from ome_zarr.writer import write_multiscales_metadata

COMPOUNDS = 12
REGION_IMAGE = "api-bench-region"


def read_compounds(table: Path) -> list[tuple[str, str]]:
    compounds: dict[str, str] = {}
    with table.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name, inchikey = row["Compound Name"].strip(), row["Compound InChIKey"].strip()
            if name and inchikey and len(compounds) < COMPOUNDS:
                compounds.setdefault(name, inchikey)
    return list(compounds.items())


def add_compounds(table: Path, compounds: list[tuple[str, str]]) -> bool:
    with table.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    if header[:2] != ["Plate", "Well"] or "Compound Name" in header:
        return False
    gene = header.index("Gene Symbol")
    out = [header + ["Compound Name", "Compound InChIKey"]]
    for row in rows[1:]:
        # A hash of the well, not a random draw: the same wells get the same compounds on every machine.
        pick = zlib.crc32(f"{row[0]}/{row[1]}".encode()) % (3 * len(compounds))
        treated = pick < len(compounds) and row[gene]  # control wells (no gene) stay untreated
        out.append(row + (list(compounds[pick]) if treated else ["", ""]))
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(out)
    table.write_text(text.getvalue(), encoding="utf-8")
    return True


def add_region_image(bucket: Path) -> Path:
    for table in sorted(bucket.glob("idr*/idr*-annotation.csv")):
        with table.open(newline="", encoding="utf-8") as f:
            if next(csv.reader(f))[0] == "Dataset Name":
                break
    else:
        raise SystemExit(f"{bucket} has no dataset study to put the region image in")
    dataset = sorted(p for p in table.parent.glob("*/*") if p.is_dir())[0]
    path = dataset / f"{REGION_IMAGE}.ome.zarr"
    root = zarr.open_group(str(path), mode="w", zarr_format=2)
    root.create_array("0", shape=(1, 1, 1, 5000, 5000), chunks=(1, 1, 1, 100, 100), dtype="uint8", fill_value=0,
                      chunk_key_encoding={"name": "v2", "separator": "/"})
    write_multiscales_metadata(root, [{"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [1] * 5}]}],
                               fmt=FormatV04(), axes=["t", "c", "z", "y", "x"], name=REGION_IMAGE)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("bucket", type=Path)
    ap.add_argument("--compounds", type=Path, required=True, help="an IDR annotation table with compound columns")
    args = ap.parse_args()
    compounds = read_compounds(args.compounds)
    tables = sum(add_compounds(table, compounds) for table in sorted(args.bucket.glob("idr*/idr*-annotation.csv")))
    region = add_region_image(args.bucket)
    print(json.dumps({"tables": tables, "compounds": [name for name, _ in compounds],
                      "region_image": str(region.relative_to(args.bucket))}))


if __name__ == "__main__":
    main()
