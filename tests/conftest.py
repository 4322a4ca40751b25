"""Shared test fixtures. Area fixtures live in each tests/<area>/conftest.py."""
from __future__ import annotations

import os
import shutil
import subprocess
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


# --- the real Neo4j test server (tests/neo4j and tests/store/test_store_conformance.py) -------
#
# The server gets its own home (config, data, logs, password) under ``test-output/neo4j-home``
# and its own Bolt port (``GRAPHKIT_TEST_NEO4J_PORT``, default 17687), so it never touches a
# server a user runs on 7687; Bolt TLS is optional there (self-signed), so bolt+ssc:// is
# tested. It is started with the repository's own scripts/neo4j. If it cannot start, every
# test that needs it FAILS (no skipping): these tests are the proof that graphkit works on
# Neo4j. The server is stopped at the end unless this session found it already running
# (``scripts/neo4j stop`` with the same environment stops it).

SCRIPT = REPO / "scripts" / "neo4j"
HOME = Path(os.environ.get("GRAPHKIT_TEST_NEO4J_HOME", REPO / "test-output" / "neo4j-home"))
PORT = os.environ.get("GRAPHKIT_TEST_NEO4J_PORT", "17687")


def server_env() -> dict[str, str]:
    """The environment scripts/neo4j runs with for the test server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(GRAPHKIT_NEO4J_HOME=str(HOME), NEO4J_BOLT_PORT=PORT, NEO4J_BOLT_TLS="optional")
    return env


def script(command: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(SCRIPT), command], env=server_env(), capture_output=True, text=True,
                          timeout=timeout)


def start_server() -> None:
    done = script("start")
    assert done.returncode == 0, f"scripts/neo4j start failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[dict[str, str]]:
    """Start (or find) the test server; yield its NEO4J_* settings."""
    was_running = script("status").returncode == 0
    start_server()
    done = script("env")
    assert done.returncode == 0, done.stderr
    settings = {}
    for line in done.stdout.splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        settings[key] = value.strip("'")
    assert settings["NEO4J_URI"] == f"bolt://127.0.0.1:{PORT}"
    yield settings
    if not was_running and not os.environ.get("GRAPHKIT_TEST_NEO4J_KEEP"):
        script("stop")


@pytest.fixture()
def neo4j_env(neo4j_server: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The test server's settings put in the environment (as `eval "$(scripts/neo4j env)"` does)."""
    for key, value in neo4j_server.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GRAPHKIT_NEO4J_CONFIG", raising=False)
    return neo4j_server


def wipe(store) -> None:
    """Delete everything in the test database (tests start from an empty graph)."""
    with store.runner.driver.session(database=store.settings.database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


@pytest.fixture(scope="session")
def server_control():
    """What the fault test needs: the server's home, its pid, and a way to start it again."""
    from types import SimpleNamespace

    def pid() -> int:
        return int((HOME / "run" / "graphkit-neo4j.pid").read_text())

    return SimpleNamespace(home=HOME, repo=REPO, pid=pid, start=start_server, script=script)


@pytest.fixture(scope="session")
def wiper():
    """The :func:`wipe` function, for tests that empty the database themselves."""
    return wipe
