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


def tessera_binary() -> Path:
    """The tessera executable under test: $TESSERA_BIN, else the debug build."""
    return Path(os.environ.get("TESSERA_BIN", ROOT / ".build/debug/tessera"))


def run_server(arguments: list[str], name: str = "tessera", env: dict[str, str] | None = None):
    """`tessera <arguments> --port <free port>` from the repository root (with `env` added to the environment);
    yields its base URL once /healthz answers and stops it afterwards."""
    port = free_port()
    process = subprocess.Popen([str(tessera_binary()), *arguments, "--port", str(port)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, **(env or {})})
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                if requests.get(base + "/healthz", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            assert process.poll() is None, f"{name} exited early"
            assert time.monotonic() < deadline, f"{name} did not start"
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def run_demo(examples: Path):
    """`tessera demo` over `examples` on a free port; yields its base URL and stops it afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        yield from run_server(["demo", "--sqlite", f"{folder}/demo.sqlite", "--examples", str(examples)],
                              "tessera demo")


@pytest.fixture(scope="session")
def demo():
    """The demo over the bundled example studies."""
    yield from run_demo(ROOT / "Examples")


@pytest.fixture(scope="session")
def arrays_demo():
    """The demo over the array-variety bucket (scripts/fixtures/make_arrays.py)."""
    yield from run_demo(ROOT / "Tests/Fixtures/arrays")
