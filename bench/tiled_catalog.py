"""Load a Tessera SQLite catalog's studies and images into a fresh Tiled SQLite catalog.

The Tiled baseline of bench/api.sh. The catalog holds what a Tiled user would register for the same data:

    /studies/<study id>   a container per study: {"name", "title", "license", "organisms"}
    /images/<image id>    a container per image: {"study", "plate", "well", "name", "kind", "zarr_url",
                          "genes", "phenotypes", "compounds", "organism", "cell_line", "sirna", ...}

Term lists hold every spelling Tessera matches an image by (its image_terms rows: gene symbols, CMPO
accessions and names, compound names and InChIKeys, organism names and taxon ids), each in the case the
curation files wrote it. Images sit side by side in one container, as a Bluesky catalog keeps its runs, so that
a query across studies is one `search` of its direct children and `distinct` can list a key's values
(`distinct` does not descend, and `search-deep` is slower on the same data: see bench/api.sh).

Nodes are written through Tiled's own HTTP API (the Python client's create_container), served in-process by
the app `tiled serve catalog` runs, with many requests in flight. Re-running replaces the Tiled catalog, so the
result only depends on the Tessera catalog. Prints {"studies": N, "images": N, "seconds": S} as JSON.
"""
import argparse
import asyncio
import json
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

# Tessera's term kinds and the metadata keys they are stored under.
TERM_KEYS = {"gene": "genes", "phenotype": "phenotypes", "compound": "compounds", "organism": "organism",
             "cell_line": "cell_line", "sirna": "sirna", "antibody": "antibody", "orf": "orf",
             "imaging_method": "imaging_method"}


def read_tessera(path: Path) -> tuple[list[dict], list[dict]]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    # image_terms holds normalised terms (lower case); the curation files' own spellings of each are kept
    # in annotations.value: the most common one is stored (later rows overwrite earlier ones).
    spelling = {(row["term_kind"], row["term"]): row["value"] for row in db.execute(
        "SELECT term_kind, term, value FROM annotations WHERE term IS NOT NULL GROUP BY 1, 2, 3 ORDER BY count(*)")}
    terms: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in db.execute("SELECT image_id, term_kind, term FROM image_terms ORDER BY image_id, term_kind, term"):
        key = TERM_KEYS.get(row["term_kind"], row["term_kind"])
        terms[row["image_id"]][key].append(spelling.get((row["term_kind"], row["term"]), row["term"]))
    studies = [{"key": row["id"], "metadata": {
        "name": row["name"], "title": row["title"], "license": row["license"],
        "organisms": json.loads(row["organisms"] or "[]")}}
        for row in db.execute("SELECT id, name, title, license, organisms FROM studies ORDER BY id")]
    images = []
    for row in db.execute("""
            SELECT i.id, i.study_id, i.kind, i.name, i.url, c.name AS container, c.kind AS container_kind,
                   w.row_name || w.column_name AS well
            FROM images i LEFT JOIN containers c ON c.id = i.container_id LEFT JOIN wells w ON w.id = i.well_id
            ORDER BY i.sort_key"""):
        metadata = {"study": row["study_id"], "name": row["name"], "kind": row["kind"], "zarr_url": row["url"],
                    "plate": row["container"] if row["container_kind"] == "plate" else None,
                    "dataset": row["container"] if row["container_kind"] == "dataset" else None,
                    "well": row["well"]}
        image_terms = terms.get(row["id"], {})
        metadata |= {key: sorted(image_terms.get(key, [])) for key in TERM_KEYS.values()}
        images.append({"key": row["id"], "metadata": metadata})
    return studies, images


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tessera-catalog", type=Path, required=True, help="Tessera's SQLite catalog file")
    ap.add_argument("--tiled-catalog", type=Path, required=True, help="the Tiled SQLite catalog file to (re)write")
    args = ap.parse_args()

    started = time.monotonic()
    studies, images = read_tessera(args.tessera_catalog)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{args.tiled_catalog}{suffix}").unlink(missing_ok=True)
    uri = f"sqlite:///{args.tiled_catalog.resolve()}"
    subprocess.run([sys.executable, "-m", "tiled", "catalog", "init", uri], check=True, capture_output=True)

    from tiled.catalog import from_uri
    from tiled.client import Context, from_context
    from tiled.config import Authentication
    from tiled.server.app import build_app

    api_key = "tesseraloader"
    adapter = from_uri(uri)
    app = build_app(adapter, Authentication(single_user_api_key=api_key))
    with Context.from_app(app, api_key=api_key) as context:
        client = from_context(context)
        for name, nodes in (("studies", studies), ("images", images)):
            parent = client.create_container(name)
            for node in nodes:
                parent.create_container(node["key"], metadata=node["metadata"])
        loaded = {name: len(client[name]) for name in ("studies", "images")}
    if loaded != {"studies": len(studies), "images": len(images)}:
        sys.exit(f"the Tiled catalog holds {loaded}, expected {len(studies)} studies and {len(images)} images")
    print(json.dumps(loaded | {"seconds": round(time.monotonic() - started, 1)}))


if __name__ == "__main__":
    main()
