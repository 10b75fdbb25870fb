"""The committed example bucket is exactly what the committed generator writes."""
import filecmp
import subprocess
import sys

from conftest import ROOT


def test_examples_regenerate_byte_for_byte(tmp_path):
    # The examples' own curation files are a valid corpus: trimming a trimmed table changes nothing.
    subprocess.run([sys.executable, str(ROOT / "scripts/fixtures/make_examples.py"),
                    "--corpus", str(ROOT / "Examples"), "--out", str(tmp_path)], check=True, capture_output=True)
    differences = []

    def compare(left, right, relative):
        comparison = filecmp.dircmp(left, right, ignore=["README.md"])
        differences.extend(f"{relative}/{name}" for name in comparison.left_only + comparison.right_only)
        for name in comparison.common_files:
            if not filecmp.cmp(f"{left}/{name}", f"{right}/{name}", shallow=False):
                differences.append(f"{relative}/{name}")
        for name in comparison.common_dirs:
            compare(f"{left}/{name}", f"{right}/{name}", f"{relative}/{name}")

    compare(str(ROOT / "Examples"), str(tmp_path), ".")
    assert differences == []
