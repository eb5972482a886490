"""Benchmark scripts started without their peer packages installed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"

# Runs a script as `python bench/<script>` does, with `module` made unimportable: a None entry
# in sys.modules makes `import module` raise ModuleNotFoundError, as for a missing package.
RUN_WITHOUT = """
import runpy, sys
sys.modules[sys.argv[1]] = None
sys.path.insert(0, sys.argv[2])
script = sys.argv[3]
sys.argv = [script]
runpy.run_path(script, run_name="__main__")
"""


@pytest.mark.parametrize(
    ("script", "module"),
    [
        ("bench_payload.py", "msgspec"),
        ("bench_payload.py", "pydantic"),
        ("bench_signature.py", "svix"),
        ("redaction_peers.py", "scrubadub"),
    ],
)
def test_missing_peer_names_make_bench(script: str, module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", RUN_WITHOUT, module, str(BENCH), str(BENCH / script)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # The first peer that is missing is named, which is `module` unless others are missing too.
    assert re.search(r"the benchmark peer '[\w.]+' is not installed", result.stderr)
    assert "Run `make bench`" in result.stderr
    assert "requirements-bench.txt" in result.stderr
