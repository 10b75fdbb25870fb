"""The committed example buckets are exactly what the committed generators write."""
import filecmp
import subprocess
import sys

from conftest import ROOT


def differences(committed, regenerated):
    found = []

    def compare(left, right, relative):
        comparison = filecmp.dircmp(left, right, ignore=["README.md"])
        found.extend(f"{relative}/{name}" for name in comparison.left_only + comparison.right_only)
        for name in comparison.common_files:
            if not filecmp.cmp(f"{left}/{name}", f"{right}/{name}", shallow=False):
                found.append(f"{relative}/{name}")
        for name in comparison.common_dirs:
            compare(f"{left}/{name}", f"{right}/{name}", f"{relative}/{name}")

    compare(str(committed), str(regenerated), ".")
    return found


def test_examples_regenerate_byte_for_byte(tmp_path):
    # The examples' own curation files are a valid corpus: trimming a trimmed table changes nothing.
    subprocess.run([sys.executable, str(ROOT / "scripts/fixtures/make_examples.py"),
                    "--corpus", str(ROOT / "Examples"), "--out", str(tmp_path)], check=True, capture_output=True)
    assert differences(ROOT / "Examples", tmp_path) == []


def test_array_fixtures_regenerate_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "scripts/fixtures/make_arrays.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    assert differences(ROOT / "Tests/Fixtures/arrays", tmp_path) == []


def test_idr_data_fixtures_regenerate_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "scripts/fixtures/make_idr_data.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for folder in ("idr-data", "idr-filesets"):
        assert differences(ROOT / "Tests/Fixtures" / folder, tmp_path / folder) == [], folder
