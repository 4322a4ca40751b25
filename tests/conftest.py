"""Shared test fixtures. Area fixtures live in each tests/<area>/conftest.py."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Iterator

import pytest

# Pages are written in the locale's language unless told (graphkit.language.page_language). The
# tests that read English words from a page must not depend on the machine's locale, so they
# run with English pages; the tests of the language rule pass their own environment, and the
# bilingual tests ask for each language by name.
os.environ["GRAPHKIT_LANG"] = "en"

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

VESSEL_KIND = '''
[nodes.Vessel]
actor = true
entity = true
words = { en = "vessel", ja = "船舶" }
synonyms = ["ship", "船"]
description = "A ship: its owner and its contacts are actors of a case."
properties = { name = "name", aliases = "list", country = "country", foreign = "bool", identifiers = "identifiers", cases = "list" }
required = ["name"]

'''


@pytest.fixture()
def vessel_schema(tmp_path: Path) -> Path:
    """A copy of the packaged schema.toml with one more node kind, Vessel, and nothing else
    changed but the relations that may reach it (owned, contacted, part of a case).

    Adding a kind means exactly this: the test copy is the whole change.
    """
    import re
    from importlib import resources

    text = resources.files("graphkit").joinpath("schema.toml").read_text(encoding="utf-8")
    text = text.replace("[relations.CONTACTED]", VESSEL_KIND + "[relations.CONTACTED]", 1)

    def add_vessel(relation: str, end: str, source: str) -> str:
        block = re.compile(rf'(\[relations\.{relation}\](?:(?!\n\[)[\s\S])*?\n{end} = \[)([^\]]*)\]')
        changed, count = block.subn(lambda m: f'{m.group(1)}{m.group(2)}, "Vessel"]', source)
        assert count == 1, f"{relation}.{end} not found in schema.toml"
        return changed

    for relation, end in [("OWNS", "to"), ("CONTACTED", "to"), ("TARGETED", "to"), ("PART_OF", "from")]:
        text = add_vessel(relation, end, text)
    path = tmp_path / "schema-with-vessel.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def vessel_records(tmp_path: Path) -> list[Path]:
    """Record files naming a Vessel: an entities row (kind written in Japanese), an ownership
    relation (kind written as a synonym) and a contact with the ship."""
    folder = tmp_path / "vessel-records"
    folder.mkdir()
    entities = folder / "entities.csv"
    entities.write_text(
        "entity_id,kind,name,aliases,country,org,identifiers\n"
        "V1,船舶,Ocean Pioneer,オーシャン・パイオニア,Panama,,IMO 9321483\n"
        "C1,company,Blue Harbour Shipping Ltd.,,Singapore,,\n", encoding="utf-8")
    relations = folder / "relations.jsonl"
    relations.write_text(
        '{"from_name": "Blue Harbour Shipping Ltd.", "from_kind": "company", "to_name": "Ocean Pioneer",'
        ' "to_kind": "ship", "relation": "owns", "date": "2023-02", "case_id": "C-SEA", "reliability": "B"}\n',
        encoding="utf-8")
    contacts = folder / "contacts.csv"
    contacts.write_text(
        "contact_id,case_id,date,from_name,from_kind,from_country,to_name,to_kind,technology,channel,reliability\n"
        "CT-1,C-SEA,2023-05-01,Sato Ken,person,JP,オーシャン・パイオニア,vessel,sonar arrays,visit,0.7\n",
        encoding="utf-8")
    return [entities, relations, contacts]


@pytest.fixture()
def check_vessel_store() -> Any:
    """The checks a store loaded with the Vessel kind passes (see :func:`_check_vessel_store`);
    a fixture, so tests in any folder reach it without importing a conftest."""
    return _check_vessel_store


def _check_vessel_store(store: Any, out: Path) -> None:
    """Assert that ``store`` (loaded from :func:`vessel_records` under :func:`vessel_schema`)
    holds the Vessel, and that it is in the actor projection, the link chart and the exports."""
    from graphkit.workflows.export import export_nodes, write_graphml
    from graphkit.projection import actor_graph
    from graphkit.views.chartdata import chart_data

    counts = store.counts()
    assert counts["Vessel"] == 1, counts
    [vessel] = list(store.iter_nodes(["Vessel"]))
    assert vessel.name == "Ocean Pioneer"
    assert vessel.aliases == {"Ocean Pioneer", "オーシャン・パイオニア"}
    assert vessel.properties["country"] == "PA" and vessel.properties["foreign"] is True
    assert vessel.properties["identifiers"] == ["id:IMO 9321483"]

    G = actor_graph(store)
    assert G.nodes[vessel.id]["kind"] == "Vessel"
    owners = {G.nodes[u]["name"] for u, v, k in G.edges(keys=True) if v == vessel.id and k == "OWNS"}
    assert owners == {"Blue Harbour Shipping Ltd."}
    contacts = {G.nodes[u]["name"] for u, v, k in G.edges(keys=True) if v == vessel.id and k == "CONTACTED"}
    assert contacts == {"Sato Ken"}

    data = chart_data(G)
    [drawn] = [n for n in data["nodes"] if n["kind"] == "Vessel"]
    assert drawn["shape"] == "ellipse" and "Ocean Pioneer [PA]" in drawn["label"]
    assert {"kind": "Vessel", "shape": "ellipse", "color": "#BBBBBB", "description": "vessel"} in data["meta"]["legend"]["kinds"]

    nodes = export_nodes(store)
    assert nodes.loc[nodes["kind"] == "Vessel", "name"].tolist() == ["Ocean Pioneer"]
    graphml = write_graphml(store, out / "vessel.graphml").read_text(encoding="utf-8")
    assert "Ocean Pioneer" in graphml and "Vessel" in graphml
