"""zarr-python, given only the URLs Tessera returns, reads the same arrays Tessera describes, and the
chunk objects Tessera lists for a region decode to exactly what zarr-python reads for that region."""
import numcodecs
import numpy as np
import pytest
import requests
import zarr

QUERIES = ["gene=ARHGAP5&phenotype=CMPO_0000118", "study=idr0094", "organism=Mus%20musculus"]


def images(base, query):
    answer = requests.get(f"{base}/v1/images?{query}", timeout=10).json()
    assert answer["items"], query
    return answer["items"]


def decode_chunk(raw: bytes, array: dict, dtype: np.dtype) -> np.ndarray:
    """Decodes one chunk (an inner chunk for sharded arrays) from the metadata Tessera returned, not zarr's own."""
    shape = array["chunks"]
    if array["shards"]:
        array = {**array, "codecs": array["codecs"][0]["configuration"]["codecs"]}
    if array["zarr_format"] == 2:
        codecs = array["codecs"]
        data = numcodecs.get_codec(codecs["compressor"]).decode(raw) if codecs["compressor"] else raw
        for spec in reversed(codecs["filters"] or []):
            data = numcodecs.get_codec(spec).decode(data)
        order = array["order"]
    else:
        data, order = raw, "C"
        for codec in reversed(array["codecs"]):
            name, config = codec["name"], dict(codec.get("configuration", {}))
            if name in ("zstd", "gzip", "blosc"):
                if name == "blosc":
                    config["shuffle"] = {"noshuffle": 0, "shuffle": 1, "bitshuffle": 2}.get(config.get("shuffle"), 0)
                    config.pop("typesize", None)
                config.pop("checksum", None)
                data = numcodecs.get_codec({"id": name, **config}).decode(data)
            else:
                assert name == "bytes", f"codec {name} is not expected in the examples"
    order_char = {"little": "<", "big": ">"}.get(array["byte_order"], "|")
    return np.frombuffer(bytes(data), dtype=dtype.newbyteorder(order_char)).reshape(shape, order=order)


@pytest.mark.parametrize("query", QUERIES)
def test_zarr_python_reads_what_tessera_describes(demo, query):
    for item in images(demo, query):
        image = requests.get(f"{demo}/v1/images/{item['id']}", timeout=10).json()
        for level in image["levels"]:
            array = zarr.open_array(level["url"], mode="r")
            described = level["array"]
            assert list(array.shape) == described["shape"]
            assert list(array.chunks) == described["chunks"]
            assert (list(array.shards) if array.shards else None) == described["shards"]
            assert array.dtype.itemsize * 8 == int("".join(ch for ch in described["data_type"] if ch.isdigit()))


def assert_chunks_rebuild(base: str, image: dict, level: dict, region: list[tuple[int, int]]) -> None:
    """Fetches the chunks Tessera lists for `region` (by URL and byte range), decodes them from Tessera's
    metadata alone, assembles the region, and compares it with what zarr-python reads there."""
    query_string = "&".join(f"{axis['name']}={lo}:{hi}" for axis, (lo, hi) in zip(image["axes"], region))
    listing = requests.get(f"{base}/v1/images/{image['id']}/chunks?level={level['level']}&{query_string}", timeout=10).json()
    assert listing["unit"] == "chunk"
    array = zarr.open_array(level["url"], mode="r")
    expected = array[tuple(slice(lo, hi) for lo, hi in region)]
    assembled = np.full(expected.shape, listing["array"]["fill_value"], dtype=array.dtype)
    for chunk in listing["chunks"]:
        if chunk.get("fill"):
            continue  # an empty inner chunk or absent shard is fill_value
        if "byte_range" in chunk:
            start, end = chunk["byte_range"]
            response = requests.get(chunk["url"], headers={"Range": f"bytes={start}-{end}"}, timeout=10)
            assert response.status_code == 206 and len(response.content) == end - start + 1, chunk["url"]
        else:
            response = requests.get(chunk["url"], timeout=10)
            if response.status_code == 404:
                continue  # an absent chunk is fill_value
            assert response.status_code == 200, chunk["url"]
        data = decode_chunk(response.content, listing["array"], array.dtype)
        inside = tuple(slice(lo, hi) for lo, hi in chunk["selection"])
        target = tuple(slice(o + lo - r0, o + hi - r0) for o, (lo, hi), (r0, _) in zip(chunk["origin"], chunk["selection"], region))
        assembled[target] = data[inside]
    np.testing.assert_array_equal(assembled, expected)


def off_centre(image: dict, shape: list[int]) -> list[tuple[int, int]]:
    """A box that crosses chunk borders on every spatial axis, on the first channel and time point."""
    return [(0, 1) if axis["type"] in ("channel", "time") else (s // 3, s - s // 5) for axis, s in zip(image["axes"], shape)]


def with_labels(base: str, image_id: str) -> list[dict]:
    image = requests.get(f"{base}/v1/images/{image_id}", timeout=10).json()
    return [image] + [requests.get(f"{base}/v1/images/{label['id']}", timeout=10).json() for label in image["labels"]]


@pytest.mark.parametrize("query", QUERIES)
def test_listed_chunks_decode_to_the_region_zarr_python_reads(demo, query):
    checked = 0
    for item in images(demo, query):
        for image in with_labels(demo, item["id"]):
            for level in image["levels"]:
                assert_chunks_rebuild(demo, image, level, off_centre(image, level["array"]["shape"]))
                checked += 1
    assert checked > 0


def test_every_array_variety_decodes_like_zarr_python(arrays_demo):
    """Big-endian and Fortran-ordered v2 chunks, NaN fill, unwritten chunks, several and edge shards,
    empty inner chunks, indexes at start and end, v2-style keys: whole levels and off-centre boxes."""
    listed = images(arrays_demo, "study=arrays&limit=1000")
    assert len(listed) == 6
    for item in listed:
        image = requests.get(f"{arrays_demo}/v1/images/{item['id']}", timeout=10).json()
        for level in image["levels"]:
            shape = level["array"]["shape"]
            assert_chunks_rebuild(arrays_demo, image, level, [(0, s) for s in shape])
            assert_chunks_rebuild(arrays_demo, image, level, off_centre(image, shape))


def test_sharded_arrays_read_through_the_served_urls_as_from_disk(demo):
    """zarr-python reads shards with ranged and suffix-ranged GETs; the demo's object route must answer them."""
    from conftest import ROOT
    checked = 0
    for item in images(demo, "study=idr0094"):
        image = requests.get(f"{demo}/v1/images/{item['id']}", timeout=10).json()
        for level in image["levels"]:
            if not level["array"]["shards"]:
                continue
            served = zarr.open_array(level["url"], mode="r")[...]
            local = zarr.open_array(str(ROOT / "Examples" / level["url"].split("/data/", 1)[1].replace("%20", " ")), mode="r")[...]
            np.testing.assert_array_equal(served, local)
            checked += 1
    assert checked == 7
