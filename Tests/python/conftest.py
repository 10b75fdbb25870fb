"""Shared fixtures: the repository, the built tessera executable and a running demo server."""
import os
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_demo(examples: Path):
    """`tessera demo` over `examples` on a free port; yields its base URL and stops it afterwards."""
    binary = Path(os.environ.get("TESSERA_BIN", ROOT / ".build/debug/tessera"))
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        process = subprocess.Popen(
            [str(binary), "demo", "--port", str(port), "--sqlite", f"{folder}/demo.sqlite", "--examples", str(examples)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                if requests.get(base + "/healthz", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            assert process.poll() is None, "tessera demo exited early"
            assert time.monotonic() < deadline, "tessera demo did not start"
            time.sleep(0.2)
        yield base
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def demo():
    """The demo over the bundled example studies."""
    yield from run_demo(ROOT / "Examples")


@pytest.fixture(scope="session")
def arrays_demo():
    """The demo over the array-variety bucket (scripts/fixtures/make_arrays.py)."""
    yield from run_demo(ROOT / "Tests/Fixtures/arrays")
