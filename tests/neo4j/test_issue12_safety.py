"""Issue 12 against the real server: credentials in URIs (10), Ctrl-C during a load (15),
a connection lost during COMMIT (16)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from graphkit.cli import main
from graphkit.store.neo4j import open_neo4j_store

REPO = Path(__file__).resolve().parents[2]


def test_uri_user_info_is_never_printed(neo4j_env):
    port = neo4j_env["NEO4J_URI"].rsplit(":", 1)[1]
    for uri in (f"bolt://spy:hunter2secret@127.0.0.1:{port}", "bolt://spy:hunter2secret@127.0.0.1:1",
                "bolt+ssc://spy:hunter2secret@127.0.0.1:1", "nonsense://spy:hunter2secret@h"):
        done = CliRunner().invoke(main, ["info", "--neo4j"], env={"NEO4J_URI": uri})
        assert done.exit_code == 1, (uri, done.output)
        assert "hunter2secret" not in done.output and "spy" not in done.output, done.output
        assert "Traceback" not in done.output


def test_connection_lost_during_commit_says_the_batch_is_uncertain(neo4j_env, wiper, tmp_path, monkeypatch):
    from neo4j import Session
    from neo4j.exceptions import IncompleteCommit

    with open_neo4j_store() as store:
        wiper(store)
    contacts = tmp_path / "contacts.csv"
    rows = [f"C{i},K1,2024-01-{1 + i % 28:02d},Li Wei {i},CN,Sato {i},JP" for i in range(60)]
    contacts.write_text("contact_id,case_id,date,from_name,from_country,to_name,to_country\n"
                        + "\n".join(rows) + "\n", encoding="utf-8")
    original = Session.execute_write
    calls = {"n": 0}

    def lose_connection_on_the_third_commit(self, work, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            original(self, work, *args, **kwargs)  # the server commits it ...
            raise IncompleteCommit("Failed to read from defunct connection")  # ... the reply is lost
        return original(self, work, *args, **kwargs)

    monkeypatch.setattr(Session, "execute_write", lose_connection_on_the_third_commit)
    done = CliRunner().invoke(main, ["load", "--neo4j", str(contacts)])
    assert done.exit_code == 1, done.output
    assert "may or may not have been written" in done.output and "run the same load again" in done.output
    assert "not reachable" not in done.output and "Every batch written so far is complete" not in done.output
    assert "Traceback" not in done.output
    monkeypatch.setattr(Session, "execute_write", original)
    again = CliRunner().invoke(main, ["load", "--neo4j", str(contacts)])  # settles it
    assert again.exit_code == 0, again.output
    with open_neo4j_store() as store:
        assert store.counts()["Person"] == 120


def test_ctrl_c_during_a_load_stops_cleanly_and_says_what_was_committed(neo4j_env, wiper, tmp_path):
    with open_neo4j_store() as store:
        wiper(store)
    contacts = tmp_path / "big.csv"
    made = CliRunner().invoke(main, ["generate", "--contacts", "30000", "-o", str(contacts)])
    assert made.exit_code == 0, made.output
    env = {**os.environ, **neo4j_env, "GRAPHKIT_NEO4J": "1"}
    process = subprocess.Popen([sys.executable, str(REPO / "cli.py"), "load", "--neo4j", "--no-progress",
                                str(contacts)], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    with open_neo4j_store() as store:
        while time.monotonic() < deadline and process.poll() is None:  # wait for the first commits
            if store.counts().get("Record", 0) > 0 or sum(store.counts().values()) > 0:
                break
            time.sleep(0.2)
    assert process.poll() is None, "the load ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, (out, err)
    assert "Interrupted (Ctrl-C)" in err and "committed write transaction(s)" in err, err
    assert "Traceback" not in err and "Exception ignored" not in err and "KeyboardInterrupt" not in err, err
