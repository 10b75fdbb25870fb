"""examples/find_and_measure.py, run as a researcher runs it: against the demo, and against catalogs crawled
from the S3 test server (public bucket read over plain HTTP, private bucket through the S3 API with
credentials). Its images and per-channel means must equal what zarr-python reads from Examples/ on disk."""
import json
import os
import subprocess
import sys
import tempfile
from urllib.parse import unquote

import numpy as np
import pytest
import requests
import zarr

from conftest import ROOT, run_server, tessera_binary

SCRIPT = ROOT / "examples/find_and_measure.py"
QUERY = ["--gene", "ARHGAP5", "--phenotype", "CMPO_0000118"]
# Crosses chunk borders (chunks are 32 x 32) on both spatial axes.
REGION = {"y": (10, 50), "x": (3, 60)}
REGION_ARGUMENT = ",".join(f"{axis}={lo}:{hi}" for axis, (lo, hi) in REGION.items())


def run_script(api: str, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(SCRIPT), "--api", api, *QUERY, "--region", REGION_ARGUMENT, *extra],
                            capture_output=True, text=True, timeout=300, env=env, cwd=ROOT)
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def measured(api: str, *extra: str, env: dict | None = None) -> list[dict]:
    return [json.loads(line) for line in run_script(api, "--json", *extra, env=env).stdout.splitlines()]


def expected_from_disk(rows: list[dict], published_base: str) -> None:
    """Maps each array URL back to its folder under Examples/ and checks the script's means against
    zarr-python reading that folder directly (c/y/x arrays, so: mean over y and x per channel)."""
    for row in rows:
        assert row["array_url"].startswith(published_base), row["array_url"]
        local = zarr.open_array(str(ROOT / "Examples" / unquote(row["array_url"][len(published_base):])), mode="r")
        region = local[:, slice(*REGION["y"]), slice(*REGION["x"])]
        assert row["region"] == [[0, local.shape[0]], list(REGION["y"]), list(REGION["x"])]
        np.testing.assert_allclose(row["means"], region.mean(axis=(1, 2)), rtol=1e-12, err_msg=row["id"])
        # 2 channels x 2 chunk rows x 2 chunk columns, each its own object; zarr-python read exactly those.
        assert row["chunks"] == row["objects_listed"] == row["objects_read"] == 8 and row["objects_match"], row


@pytest.fixture(scope="module")
def demo_rows(demo):
    return measured(demo)


def test_script_against_the_demo(demo, demo_rows):
    listed = requests.get(f"{demo}/v1/images?gene=ARHGAP5&phenotype=CMPO_0000118", timeout=10).json()["items"]
    assert len(demo_rows) == 8
    assert sorted(row["id"] for row in demo_rows) == sorted(item["id"] for item in listed)
    assert {(row["plate"], row["well"]) for row in demo_rows} == {
        (plate, well) for plate in ("LM2_ONTARGETPlus_1A", "MDA-MB-231_ONTARGETPlus_1B") for well in ("F9", "N3")}
    expected_from_disk(demo_rows, f"{demo}/data/")

    # The researcher-facing table: a header, one row per image with its means, and the summary.
    table = run_script(demo).stdout
    rows = [line for line in table.splitlines() if line.startswith("img_")]
    assert len(rows) == 8
    for row in demo_rows:
        line = next(line for line in rows if line.startswith(row["id"]))
        assert line.endswith(" ".join(f"{value:.1f}" for value in row["means"])), line
    assert "8 of 8 matching images measured, 0 skipped; studies idr0028; level 0." in table
    assert "zarr-python read exactly the objects Tessera listed for each region." in table


@pytest.fixture(scope="module")
def s3_server():
    """The S3 test server scripts/test starts (scripts/s3-test-server): skipped when pytest runs alone
    without one, a failure when scripts/test requires it (TESSERA_REQUIRE_S3=1)."""
    names = ["TESSERA_TEST_S3_ENDPOINT", "TESSERA_TEST_S3_ACCESS_KEY_ID", "TESSERA_TEST_S3_SECRET_ACCESS_KEY"]
    missing = [name for name in names if not os.environ.get(name)]
    if missing:
        reason = f"no S3 test server: {', '.join(missing)} unset (scripts/test starts one and sets them)"
        if os.environ.get("TESSERA_REQUIRE_S3") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return {"endpoint": os.environ["TESSERA_TEST_S3_ENDPOINT"].rstrip("/"),
            "key": os.environ["TESSERA_TEST_S3_ACCESS_KEY_ID"], "secret": os.environ["TESSERA_TEST_S3_SECRET_ACCESS_KEY"],
            "region": os.environ.get("TESSERA_TEST_S3_REGION", "us-east-1"),
            "private": os.environ.get("TESSERA_TEST_S3_BUCKET", "tessera-examples"),
            "public": os.environ.get("TESSERA_TEST_S3_PUBLIC_BUCKET", "tessera-public")}


def environment(server: dict | None) -> dict:
    """The process environment without AWS settings, then the test server's credentials when given."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    if server:
        env |= {"AWS_ACCESS_KEY_ID": server["key"], "AWS_SECRET_ACCESS_KEY": server["secret"], "AWS_REGION": server["region"]}
    return env


@pytest.mark.parametrize("bucket", ["public", "private"])
def test_script_against_a_catalog_crawled_from_s3(s3_server, demo_rows, bucket):
    """public: crawled anonymously, the returned URLs are read over plain HTTP as they are; private:
    crawled with credentials, the script reads the same URLs through the S3 API (--s3-endpoint)."""
    server = s3_server
    prefix = "examples/" if bucket == "public" else ""
    source = f"s3://{server[bucket]}/{prefix}"
    signed = environment(server if bucket == "private" else None)
    with tempfile.TemporaryDirectory() as folder:
        db = f"sqlite:{folder}/catalog.sqlite"
        for arguments in (["migrate", "--db", db],
                          ["crawl", "--db", db, source, "--endpoint-url", server["endpoint"], "--region", server["region"],
                           *(["--no-sign-request"] if bucket == "public" else [])]):
            result = subprocess.run([str(tessera_binary()), *arguments], capture_output=True, text=True, timeout=300,
                                    env=signed, cwd=ROOT)
            assert result.returncode == 0, f"tessera {arguments[0]}: {result.stderr}"
        serve = run_server(["serve", "--db", db], "tessera serve")
        api = next(serve)
        try:
            extra = ["--s3-endpoint", server["endpoint"]] if bucket == "private" else []
            rows = measured(api, *extra, env=signed)
        finally:
            serve.close()
    published = f"{server['endpoint']}/{server[bucket]}/{prefix}"
    expected_from_disk(rows, published)
    by_id = {row["id"]: row for row in demo_rows}
    assert sorted(row["id"] for row in rows) == sorted(by_id)
    for row in rows:
        assert row["means"] == by_id[row["id"]]["means"]
        assert row["array_url"].removeprefix(published) == by_id[row["id"]]["array_url"].split("/data/", 1)[1]
