"""`graphkit export ftm`: FollowTheMoney packages validated by the official followthemoney
library, their manifest, the redaction policy (leak test in every script and width form), and
the round trip back into graphkit."""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit import schema
from graphkit.cli import main
from graphkit.ingest import load_files
from graphkit.projection import evidence_window
from graphkit.store.workspace import Workspace
from graphkit.workflows.demo import demo_files
from graphkit.workflows.ftm_export import ENTITIES_FILE, MANIFEST_FILE, export_ftm, mention_key
from graphkit.workflows.inspect import export
from graphkit.workflows.redaction import PolicyError, load_policy, text_key
from tests.helpers.ftm_check import ftm_problems, read_entities

KEY_ENV = "GRAPHKIT_PSEUDONYM_KEY"
KEY = "k3y-only-the-agency-knows-8842"
FIXTURES = "opensanctions_ftm_fixtures"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo case set in a workspace (the graph every export test starts from)."""
    store = Workspace(tmp_path_factory.mktemp("demo") / "ws")
    load_files(demo_files(), store)
    yield store
    store.close()


@pytest.fixture()
def key(monkeypatch):
    monkeypatch.setenv(KEY_ENV, KEY)
    return KEY


def structure(store) -> dict[str, int]:
    """Node counts by kind and edge counts by relation."""
    return {k: v for k, v in store.counts().items() if v}


def test_plain_package_is_valid_ftm_and_loads_back_the_same(demo, tmp_path):
    package = export_ftm(demo, tmp_path / "pkg")
    assert ftm_problems(tmp_path / "pkg" / ENTITIES_FILE) == []
    with Workspace(tmp_path / "back") as back:
        report = load_files([tmp_path / "pkg" / ENTITIES_FILE], back)
        assert report.total.rejected == 0
        assert structure(back) == structure(demo)
    assert len(package.entities) == report.total.read


def test_redacted_package_is_valid_and_loads_back_the_same(demo, tmp_path, key):
    export_ftm(demo, tmp_path / "pkg", policy=load_policy("default"))
    assert ftm_problems(tmp_path / "pkg" / ENTITIES_FILE) == []
    with Workspace(tmp_path / "back") as back:
        assert load_files([tmp_path / "pkg" / ENTITIES_FILE], back).total.rejected == 0
        assert structure(back) == structure(demo)


def test_the_kinds_go_out_as_the_ftm_schemata_the_docs_name(demo, tmp_path):
    package = export_ftm(demo, tmp_path / "pkg")
    by_schema = Counter(e["schema"] for e in package.entities)
    counts = demo.counts()
    assert by_schema["Person"] == counts["Person"] and by_schema["Asset"] == counts["Technology"]
    assert by_schema["Organization"] == counts["Intermediary"] and by_schema["Event"] == counts["Approach"]
    assert by_schema["Project"] == counts["Case"] and by_schema["Ownership"] == counts["OWNS"]
    assert by_schema["Employment"] == counts["EMPLOYED_BY"]
    events = [e for e in package.entities if e["schema"] == "Event"]
    assert all(e["properties"]["organizer"] and e["properties"]["involved"] for e in events)
    roles = Counter(e["properties"]["role"][0] for e in package.entities if e["schema"] == "UnknownLink")
    assert roles == {"contacted": counts["CONTACTED"], "introduced": counts["INTRODUCED"], "via": counts["VIA"],
                     "concerns": counts["CONCERNS"], "holds": counts["HOLDS"], "sought": counts["SOUGHT"],
                     "transferred": counts["TRANSFERRED"], "part of": counts["PART_OF"]}


def test_manifest_names_version_parameters_snapshot_hashes_and_rules(demo, tmp_path, key):
    import graphkit

    result = export(demo, "ftm", output=tmp_path / "pkg", case="C-2023-01", redact="default")
    manifest = json.loads((tmp_path / "pkg" / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["graphkit_version"] == graphkit.__version__
    assert manifest["parameters"]["case"] == "C-2023-01" and manifest["parameters"]["redact"] == "default"
    assert manifest["parameters"]["redaction_policy"]["source"] == "graphkit/redaction.toml"
    assert manifest["input"]["snapshot_hash"] == demo.snapshot_hash()
    data = (tmp_path / "pkg" / ENTITIES_FILE).read_bytes()
    assert manifest["files"] == {ENTITIES_FILE: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
                                                 "entities": len(result.package.entities)}}
    withheld = {(w["rule"], w["what"]) for w in manifest["withheld"]}
    assert ("pseudonymise", "Person names and properties") in withheld
    assert ("drop", "Approach.notes") in withheld and ("dates", "finer date parts") in withheld
    assert all(w["count"] > 0 and w["rule_text"] for w in manifest["withheld"])
    assert KEY not in json.dumps(manifest)


def _pseudonymised(store) -> list:
    policy = load_policy("default")
    return [n for n in store.iter_nodes() if policy.pseudonymises(n.kind, n.properties)]


def _width_and_script_forms(value: str) -> set[str]:
    """``value`` as written, NFKC/NFKD, full-width, half-width, hiragana and katakana, upper
    and lower case, without spaces, and as JSON escapes."""
    forms = {value, unicodedata.normalize("NFKC", value), unicodedata.normalize("NFKD", value),
             unicodedata.normalize("NFC", value)}
    full = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in value)
    half = unicodedata.normalize("NFKC", value)
    hira = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in half)
    kata = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in half)
    halfwidth_kana = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFF66, 0xFF9E)}
    half_kana = "".join(halfwidth_kana.get(c, c) for c in unicodedata.normalize("NFKD", kata).replace("\u3099", "ﾞ")
                        .replace("\u309a", "ﾟ"))
    for form in [full, half, hira, kata, half_kana]:
        forms |= {form, form.upper(), form.lower(), form.casefold(), form.replace(" ", ""), form.replace(" ", "\u3000")}
    forms |= {json.dumps(f)[1:-1] for f in list(forms)}  # \\uXXXX escapes
    return {f for f in forms if f.strip()}


def _redacted_values(store, package_entities) -> set[str]:
    """Every value the default policy must keep home: names, aliases and properties of the
    pseudonymised nodes, and the dropped properties (notes, phone, e-mail, address, summary)
    of every node, long enough to identify someone (mention_key)."""
    values: set[str] = set()
    for node in _pseudonymised(store):
        values |= {node.name, *node.aliases}
        values |= {str(v) for p, v in node.properties.items() if p in ("identifiers", "entity_id", "notes", "address",
                                                                        "phone", "email", "birth_date")}
        values |= {str(x) for p, v in node.properties.items() if isinstance(v, list) and p != "cases" for x in v}
    for node in store.iter_nodes():
        for prop in ("notes", "phone", "email", "address", "summary"):
            value = node.properties.get(prop)
            values |= {str(x) for x in (value if isinstance(value, list) else [value]) if x}
    return {v for v in values if mention_key(v)}


#: A hex digest standing alone (the manifest's sha256 sums, the snapshot hash, hashed ids).
#: Its 32+ characters hold any short hex-looking secret by chance (a 4-character one such as
#: "e039" about once in a thousand 64-character digests), and the snapshot hash changes with the
#: path the demo files were read from, so the byte search masks digests before it looks.
DIGEST = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{32,}(?![0-9A-Za-z])")


def find_leaks(directory: Path, secrets: set[str]) -> list[tuple[str, str, str]]:
    """Every (secret, form, where) found in the package: each form of each secret searched
    for in the bytes of every file (UTF-8, UTF-16, CP932, EUC-JP) outside hex digests, and
    each secret's folded form (NFKC, case, kana, no spaces) searched for in every property value."""
    files = sorted(p for p in directory.iterdir())
    blob = re.compile(DIGEST.pattern.encode()).sub(b"#", b"\n".join(p.read_bytes() for p in files))
    values = [text_key(DIGEST.sub("#", s)) for path in files if path.name == ENTITIES_FILE
              for e in read_entities(path) for v in e["properties"].values() for s in v]
    leaks = []
    for secret in secrets:
        for form in _width_and_script_forms(secret):
            for encoding in ("utf-8", "utf-16-le", "cp932", "euc-jp"):
                try:
                    encoded = form.encode(encoding)
                except UnicodeEncodeError:
                    continue
                if len(encoded) >= 4 and encoded in blob:
                    leaks.append((secret, form, encoding))
        folded = mention_key(secret)
        if folded and any(folded in v for v in values):
            leaks.append((secret, "folded", "property values"))
    return leaks


def test_leak_no_redacted_value_in_any_byte_in_any_form(demo, tmp_path, key):
    package = export_ftm(demo, tmp_path / "pkg", policy=load_policy("default"))
    secrets = _redacted_values(demo, package.entities)
    assert len(_pseudonymised(demo)) >= 30 and len(secrets) >= 100  # the test has something to find
    assert sorted(p.name for p in (tmp_path / "pkg").iterdir()) == [ENTITIES_FILE, MANIFEST_FILE]
    assert find_leaks(tmp_path / "pkg", secrets) == []


def test_leak_test_finds_planted_values(demo, tmp_path, key):
    """The leak search can fail: it finds a pseudonymised person's name planted in full width,
    as katakana and as half-width katakana, each in a text no export would write."""
    export_ftm(demo, tmp_path / "pkg", policy=load_policy("default"))
    person = next(n for n in _pseudonymised(demo)
                  if any(a.isascii() for a in n.aliases) and any("ぁ" <= c <= "ゖ" for a in n.aliases for c in a))
    latin = next(a for a in person.aliases if a.isascii() and mention_key(a))
    kana = next(a for a in person.aliases if any("ぁ" <= c <= "ゖ" for c in a))
    full = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in latin)
    katakana = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in kana)
    halfwidth = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFF66, 0xFF9E)}
    half = "".join(halfwidth.get(c, c) for c in katakana)
    assert half != katakana != kana and full != latin
    for number, (planted, secret) in enumerate(((full, latin), (katakana, kana), (half, kana))):
        path = tmp_path / f"planted-{number}"
        path.mkdir()
        (path / ENTITIES_FILE).write_text(json.dumps({"id": "x", "schema": "Note", "properties": {
            "description": [f"met {planted} twice"]}}, ensure_ascii=False) + "\n", encoding="utf-8")
        assert find_leaks(path, {secret}), planted


def test_leak_search_skips_digests_but_not_a_secret_beside_one(tmp_path):
    """A digest that happens to contain a short secret's letters is not a leak (it failed CI
    once on "E039" inside a snapshot hash); the same secret written next to a digest is."""
    digest = hashlib.sha256(b"x").hexdigest()[:20] + "e039" + hashlib.sha256(b"y").hexdigest()[:40]
    for text, leaked in ((f"sha256:{digest}", False), (f"{digest} E039", True), (f"id e039-{digest}", True)):
        (tmp_path / ENTITIES_FILE).write_text(json.dumps({"id": "x", "schema": "Note", "properties": {
            "description": [text]}}) + "\n", encoding="utf-8")
        assert bool(find_leaks(tmp_path, {"E039"})) is leaked, text


def test_pseudonyms_are_stable_under_one_key_and_change_with_another(demo, tmp_path, monkeypatch, key):
    policy = load_policy("default")
    first = export_ftm(demo, tmp_path / "a", policy=policy)
    second = export_ftm(demo, tmp_path / "b", policy=policy, case="C-2023-01")
    monkeypatch.setenv(KEY_ENV, "another key")
    third = export_ftm(demo, tmp_path / "c", policy=policy)

    def people(package):
        return {e["id"]: e["properties"]["name"][0] for e in package.entities
                if e["schema"] == "Person" and e["id"].startswith("gk-")}

    assert people(second) and set(people(second).items()) <= set(people(first).items())
    assert not set(people(first)) & set(people(third))
    assert len(set(people(first).values())) == len(people(first))


def test_dates_are_no_finer_than_the_policy(demo, tmp_path, key):
    package = export_ftm(demo, tmp_path / "pkg", policy=load_policy("default"))
    dates = [v for e in package.entities for p, vs in e["properties"].items() if "date" in p.lower() for v in vs]
    assert dates and all(len(d) <= 7 for d in dates)
    plain = export_ftm(demo, tmp_path / "plain")
    assert any(len(v) == 10 for e in plain.entities for p, vs in e["properties"].items() if p == "date" for v in vs)


def test_a_missing_key_is_one_clear_line(demo, tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.delenv("GRAPHKIT_PSEUDONYM_KEY_FILE", raising=False)
    with pytest.raises(PolicyError, match="no pseudonym key: set the environment variable GRAPHKIT_PSEUDONYM_KEY"):
        export_ftm(demo, tmp_path / "pkg", policy=load_policy("default"))
    result = CliRunner().invoke(main, ["export", "ftm", "-o", str(tmp_path / "pkg"), "--redact", "default",
                                       "--workspace", str(demo.location)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "no pseudonym key" in result.output and len(result.output.strip().splitlines()) == 1


def test_key_file_beside_the_policy_and_never_in_the_output(demo, tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    (tmp_path / "agency.key").write_text("file-kept-key-5521\n", encoding="utf-8")
    policy_text = (Path(schema.__file__).parent / "redaction.toml").read_text(encoding="utf-8")
    policy_path = tmp_path / "policy.toml"
    policy_path.write_text(policy_text.replace('file = ""', 'file = "agency.key"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "ftm", "-o", str(tmp_path / "pkg"), "--redact", str(policy_path),
                                       "--workspace", str(demo.location)])
    assert result.exit_code == 0, result.output
    blob = b"".join(p.read_bytes() for p in (tmp_path / "pkg").iterdir())
    assert b"file-kept-key-5521" not in blob and "file-kept-key-5521" not in result.output


def test_a_bad_policy_is_refused_with_its_reason(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[pseudonymise]\nkinds = ["Vessel"]\n', encoding="utf-8")
    with pytest.raises(PolicyError, match="kinds"):
        load_policy(bad)
    bad.write_text('[dates]\nprecision = "week"\n', encoding="utf-8")
    with pytest.raises(PolicyError, match="precision"):
        load_policy(bad)


def test_case_and_window_filters(demo, tmp_path):
    package = export_ftm(demo, tmp_path / "case", case="C-2023-01")
    projects = [e for e in package.entities if e["schema"] == "Project"]
    assert [p["properties"]["name"] for p in projects] == [["C-2023-01"]]
    in_case = {n for n in demo.node_ids_in_case("C-2023-01")}
    approaches = [n for n in demo.iter_nodes([schema.APPROACH_KIND]) if n.id in in_case]
    assert sum(e["schema"] == "Event" for e in package.entities) == len(approaches)
    window = export_ftm(demo, tmp_path / "win", since="2023-01", until="2023-06")
    start, end = evidence_window("2023-01", "2023-06")
    link_dates = [v for e in window.entities if e["schema"] == "UnknownLink"
                  for p, vs in e["properties"].items() if p in ("startDate", "endDate") for v in vs]
    assert link_dates and all(start[:7] <= d[:7] <= end[:7] for d in link_dates)
    assert ftm_problems(tmp_path / "win" / ENTITIES_FILE) == []


def test_ftm_in_graphkit_and_out_again_keeps_ids_and_schemata(tmp_path, shared_datasets):
    path = shared_datasets / FIXTURES / "zala_aero_cluster.entities.ftm.json"
    original = {e["id"]: e["schema"] for e in read_entities(path)
                if e["schema"] in ("Person", "Company", "Organization", "Sanction")}
    with Workspace(tmp_path / "ws") as store:
        load_files([path], store)
        package = export_ftm(store, tmp_path / "pkg")
    assert ftm_problems(tmp_path / "pkg" / ENTITIES_FILE) == []
    out = {e["id"]: e["schema"] for e in package.entities}
    assert {i: out.get(i) for i in original} == original


def test_the_command_writes_the_package(demo, tmp_path, key):
    result = CliRunner().invoke(main, ["export", "ftm", "-o", str(tmp_path / "pkg"), "--redact", "default",
                                       "--since", "2023", "--workspace", str(demo.location)])
    assert result.exit_code == 0, result.output
    assert "FtM entities" in result.output and KEY not in result.output
    assert ftm_problems(tmp_path / "pkg" / ENTITIES_FILE) == []
    refused = CliRunner().invoke(main, ["export", "edges", "--redact", "default", "--workspace", str(demo.location)])
    assert refused.exit_code != 0 and "--redact applies to export ftm only" in refused.output


def test_a_policy_of_ones_own_pseudonymises_companies_and_keeps_years(demo, tmp_path, key):
    policy_path = tmp_path / "strict.toml"
    policy_path.write_text('[pseudonymise]\nkinds = ["Person", "Company", "Intermediary"]\nsides = ["domestic"]\n'
                           '[drop]\nproperties = ["notes", "summary"]\n[dates]\nprecision = "year"\n'
                           '[key]\nenv = "GRAPHKIT_PSEUDONYM_KEY"\n', encoding="utf-8")
    policy = load_policy(policy_path)
    package = export_ftm(demo, tmp_path / "pkg", policy=policy)
    assert ftm_problems(tmp_path / "pkg" / ENTITIES_FILE) == []
    hidden = [n for n in demo.iter_nodes(schema.ACTOR_KINDS) if n.properties.get("foreign") is False]
    assert {n.kind for n in hidden} >= {"Person", "Company"}
    secrets = {v for n in hidden for v in (n.name, *n.aliases) if mention_key(v)}
    assert find_leaks(tmp_path / "pkg", secrets) == []
    dates = [v for e in package.entities for p, vs in e["properties"].items() if "date" in p.lower() for v in vs]
    assert dates and all(len(d) == 4 for d in dates)
    companies = [e for e in package.entities if e["schema"] == "Company"]
    assert sum(e["id"].startswith("gk-") for e in companies) == sum(n.kind == "Company" for n in hidden)
    with Workspace(tmp_path / "back") as back:
        load_files([tmp_path / "pkg" / ENTITIES_FILE], back)
        assert structure(back) == structure(demo)
