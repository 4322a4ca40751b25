"""Shared test fixtures. Area fixtures live in each tests/<area>/conftest.py."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    """The public datasets beside the checkout (../shared/datasets); a missing folder fails."""
    path = SHARED / "datasets"
    assert path.is_dir(), f"expected the shared datasets at {path}"
    return path
