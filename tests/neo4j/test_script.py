"""scripts/neo4j on the real test server: idempotent start/stop, status, env, loopback only, GDS."""
from __future__ import annotations

import pytest

import os
import stat
import subprocess

import psutil

from graphkit.store.neo4j import open_neo4j_store

pytestmark = pytest.mark.neo4j


def test_start_twice_status_and_env(neo4j_server, server_control):
    again = server_control.script("start")
    assert again.returncode == 0 and "already running" in again.stderr
    status = server_control.script("status")
    assert status.returncode == 0 and status.stdout.startswith(f"running {neo4j_server['NEO4J_URI']}")
    env = server_control.script("env").stdout
    assert set(line.split("=")[0] for line in env.splitlines()) == {
        "export NEO4J_URI", "export NEO4J_USERNAME", "export NEO4J_PASSWORD", "export NEO4J_DATABASE"}
    mode = stat.S_IMODE((server_control.home / "password").stat().st_mode)
    assert mode == 0o600


def test_nothing_listens_beyond_loopback(neo4j_server, server_control):
    process = psutil.Process(server_control.pid())
    listening = [c.laddr for c in process.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
    assert listening, "the server listens on nothing?"
    assert {addr.ip for addr in listening} <= {"127.0.0.1", "::ffff:127.0.0.1"}, listening
    assert int(neo4j_server["NEO4J_URI"].rsplit(":", 1)[1]) in {addr.port for addr in listening}
    conf = (server_control.home / "conf" / "neo4j.conf").read_text()
    assert "dbms.usage_report.enabled=false" in conf and "server.http.enabled=false" in conf


def test_gds_plugin_is_loaded(neo4j_env):
    with open_neo4j_store() as store:
        records, _, _ = store.runner.driver.execute_query(
            "RETURN gds.version() AS version", database_=store.settings.database)
    assert records[0]["version"] == "2.13.9"


def test_password_is_in_no_server_log(neo4j_server, server_control):
    password = neo4j_server["NEO4J_PASSWORD"]
    for path in (server_control.home / "logs").glob("*.log"):
        assert password not in path.read_text(encoding="utf-8", errors="replace"), path
    assert password not in (server_control.home / "conf" / "neo4j.conf").read_text()


def test_stop_and_status_on_a_server_never_started(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(GRAPHKIT_NEO4J_HOME=str(tmp_path / "home"), NEO4J_BOLT_PORT="17699")
    script = os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "neo4j")
    stop = subprocess.run([script, "stop"], env=env, capture_output=True, text=True, timeout=60)
    assert stop.returncode == 0 and "not running" in stop.stderr
    status = subprocess.run([script, "status"], env=env, capture_output=True, text=True, timeout=60)
    assert status.returncode == 3 and status.stdout.strip() == "stopped"
