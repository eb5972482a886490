"""Access to the shared data folder beside the repository, with a clear skip when absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("CUSTOMBOOKS_SHARED", REPOSITORY.parent / "shared"))


def shared_path(relative: str) -> Path:
    """Return ``SHARED / relative``, skipping the calling test when it does not exist."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(
            f"{path} is absent: set CUSTOMBOOKS_SHARED to the shared data folder to run this test"
        )
    return path
