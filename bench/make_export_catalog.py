"""A migrated SQLite catalog of N synthetic images (one study, 384-well plates, one level each), for the export
benchmark: what is measured is streaming rows out of the catalog, not how they got there.

Usage: make_export_catalog.py CATALOG --images N   (CATALOG already migrated by `tessera migrate`)
"""
import argparse
import json
import sqlite3

parser = argparse.ArgumentParser()
parser.add_argument("catalog")
parser.add_argument("--images", type=int, default=1_000_000)
arguments = parser.parse_args()

base = "http://data.example/bucket/bench/screen"
axes = json.dumps([{"name": "c", "type": "channel"}, {"name": "y", "type": "space", "unit": "micrometer"},
                   {"name": "x", "type": "space", "unit": "micrometer"}])
codecs = json.dumps([{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "zstd", "configuration": {"level": 0}}])
database = sqlite3.connect(arguments.catalog)
database.execute("INSERT INTO studies (id, name, url, title, organisms) VALUES ('bench', 'bench', ?, 'Export benchmark', '[\"Homo sapiens\"]')",
                 (base,))


def plate_rows():
    plates = (arguments.images + 383) // 384
    for plate in range(plates):
        yield (f"plt_{plate:012d}", "bench", "plate", f"P{plate:06d}", f"{base}/P{plate:06d}.ome.zarr")


def well_rows():
    for index in range((arguments.images)):
        plate, well = divmod(index, 384)
        row, column = divmod(well, 24)
        yield (f"wel_{index:012d}", "bench", f"plt_{plate:012d}", f"{chr(65 + row)}/{column + 1}", chr(65 + row), str(column + 1), row, column)


def image_rows():
    for index in range(arguments.images):
        plate, well = divmod(index, 384)
        row, column = divmod(well, 24)
        url = f"{base}/P{plate:06d}.ome.zarr/{chr(65 + row)}/{column + 1}/0"
        yield (f"img_{index:012d}", "bench", f"plt_{plate:012d}", f"wel_{index:012d}", "0", "image",
               f"P{plate:06d} {chr(65 + row)}{column + 1} field 0", url, "0.5", 3, axes, "{}", f"bench/{index:012d}")


def array_rows():
    for index in range(arguments.images):
        plate, well = divmod(index, 384)
        row, column = divmod(well, 24)
        url = f"{base}/P{plate:06d}.ome.zarr/{chr(65 + row)}/{column + 1}/0/0"
        yield (f"img_{index:012d}", 0, "0", url, 3, "[2,1024,1024]", "[1,256,256]", "uint16", "little", "0", "C", codecs,
               "default", "/", "{}")


database.executemany("INSERT INTO containers (id, study_id, kind, name, url) VALUES (?, ?, ?, ?, ?)", plate_rows())
database.executemany("INSERT INTO wells (id, study_id, container_id, path, row_name, column_name, row_index, column_index) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", well_rows())
database.executemany("INSERT INTO images (id, study_id, container_id, well_id, field, kind, name, url, ngff_version, zarr_format, "
                     "axes, document, sort_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", image_rows())
database.executemany("INSERT INTO arrays (image_id, level, path, url, zarr_format, shape, chunk_shape, data_type, byte_order, "
                     "fill_value, element_order, codecs, chunk_key_encoding, chunk_key_separator, document) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", array_rows())
database.commit()
print(json.dumps({"images": arguments.images}))
