"""Acceptance test of the IDR bulkmap semantics: the map annotations Tessera reports for the real IDR
curation files in Tests/Fixtures/idr match an independent Python reference (bulkmap_reference.py).

The six study folders hold curation files only, no image data: every addressable row of an
annotation CSV still yields its map annotations.
"""
import re
import subprocess

import pytest
import requests

from bulkmap_reference import addressable_rows, study_map_annotations
from conftest import ROOT, run_server, tessera_binary

FIXTURE = ROOT / "Tests/Fixtures/idr"
STUDY_INFO = "idr.openmicroscopy.org/study/info"
STUDIES = sorted(p for p in FIXTURE.iterdir() if p.is_dir() and re.match(r"idr\d{4}-", p.name))


def accession(study):
    return re.match(r"idr\d{4}", study.name).group()


@pytest.fixture(scope="module")
def idr_catalog(tmp_path_factory):
    """A fresh SQLite catalog of the IDR fixture, served on a free port; yields the base URL."""
    database = f"sqlite:{tmp_path_factory.mktemp('idr')}/idr.sqlite"
    migrate = subprocess.run([str(tessera_binary()), "migrate", "--db", database],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert migrate.returncode == 0, f"tessera migrate exited {migrate.returncode}:\n{migrate.stderr}"
    crawl = subprocess.run([str(tessera_binary()), "crawl", "--db", database, str(FIXTURE), "--no-progress"],
                           cwd=ROOT, capture_output=True, text=True, timeout=600)
    # Rows without image data are reported as unmatched, not as errors: the crawl succeeds.
    assert crawl.returncode == 0, f"tessera crawl exited {crawl.returncode}:\n{crawl.stderr}"
    yield from run_server(["serve", "--db", database], "tessera serve")


@pytest.mark.parametrize("study", STUDIES, ids=accession)
def test_map_annotations_match_reference(idr_catalog, study):
    response = requests.get(f"{idr_catalog}/v1/studies/{accession(study)}", timeout=30)
    assert response.status_code == 200, response.text
    expected = [{"namespace": namespace, **counts} for namespace, counts in study_map_annotations(study).items()]
    study_answer = response.json()
    assert "map_annotations" in study_answer, sorted(study_answer)
    # The study file's own annotation (`idr.openmicroscopy.org/study/info`) does not come from a bulkmap config.
    from_tables = [entry for entry in study_answer["map_annotations"] if entry["namespace"] != STUDY_INFO]
    assert from_tables == expected
    assert study_answer["unmatched_rows"] == sum(1 for _ in addressable_rows(study))
