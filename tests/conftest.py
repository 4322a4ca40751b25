"""Shared test fixtures. Area fixtures live in each tests/<area>/conftest.py."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    """The public datasets beside the checkout (../shared/datasets); a missing folder fails."""
    path = SHARED / "datasets"
    assert path.is_dir(), f"expected the shared datasets at {path}"
    return path


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium through Playwright, one for the whole session.

    One Playwright instance only: a second ``sync_playwright()`` while the first is open fails
    ("Sync API inside the asyncio loop"). A missing browser is a failure, never a skip; the test
    set-up (scripts/test) installs it with ``apt-get install chromium``.
    """
    assert shutil.which(CHROMIUM) or Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
