"""The message a benchmark exits with when a peer package it compares against is missing."""

from __future__ import annotations


def missing_peer(error: ModuleNotFoundError) -> str:
    """Return the message for ``error``, naming the package and how to install the peers."""
    return (
        f"the benchmark peer {error.name!r} is not installed. Run `make bench`, which installs "
        "the peers from requirements-bench.txt into .venv and runs every benchmark, or "
        "`.venv/bin/python -m pip install -r requirements-bench.txt` to run one script."
    )
