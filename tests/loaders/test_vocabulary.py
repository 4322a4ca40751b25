"""One code per channel and outcome in both languages (issue 11.6, issue 15 section 1), and
reloads that do not write the same rejects again (issue 11.7)."""
from __future__ import annotations

from pathlib import Path

from graphkit import schema
from graphkit.ingest import load_files, unmapped_lines
from graphkit.loaders.mapping import mapping_from_dict
from graphkit.store.workspace import Workspace

HEADER = "contact_id,date,from_name,from_country,to_name,channel,outcome\n"


def _contacts(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_both_registers_give_one_code_and_keep_the_word_as_written(tmp_path):
    path = _contacts(tmp_path / "c.csv", [
        "K1,2024-05-01,Li Wei,CN,Sato,email,declined",
        "K2,2024-05-02,Li Wei,CN,Sato,メール,辞退",
        "K3,2024-05-03,Li Wei,CN,Sato,ビジネスＳＮＳ,面談実施",
        "K4,2024-05-04,Li Wei,CN,Sato,networking site,meeting held",
    ])
    with Workspace(tmp_path / "ws") as ws:
        report = load_files([path], ws)
        approaches = {n.properties["contact_id"]: n.properties for n in ws.iter_nodes(["Approach"])}
        raw = {r.source_id: r.raw for r in ws.get_records(
            {rid for e in ws.iter_edges(["CONTACTED"]) for rid in (ev.record_id for ev in e.evidence)}).values()}
    assert approaches["K1"]["channel"] == approaches["K2"]["channel"] == "email"
    assert approaches["K1"]["outcome"] == approaches["K2"]["outcome"] == "declined"
    assert approaches["K3"]["channel"] == approaches["K4"]["channel"] == "networking_site"
    assert approaches["K3"]["outcome"] == approaches["K4"]["outcome"] == "meeting_held"
    assert raw["K2"]["channel"] == "メール" and raw["K3"]["channel"] == "ビジネスＳＮＳ"  # the evidence
    assert unmapped_lines(report) == []


def test_unknown_words_are_kept_as_given_and_listed_as_unmapped(tmp_path):
    path = _contacts(tmp_path / "c.csv", [
        "K1,2024-05-01,Li Wei,CN,Sato,carrier pigeon,declined",
        "K2,2024-05-02,Li Wei,CN,Sato,carrier pigeon,聞き流した",
        "K3,2024-05-03,Li Wei,CN,,email,declined",  # rejected: its words are not counted
    ])
    with Workspace(tmp_path / "ws") as ws:
        report = load_files([path], ws)
        approaches = {n.properties["contact_id"]: n.properties for n in ws.iter_nodes(["Approach"])}
    assert approaches["K1"]["channel"] == "carrier pigeon"  # not dropped, not guessed
    assert approaches["K2"]["outcome"] == "聞き流した"
    assert report.files[0].unmapped == {("channel", "carrier pigeon"): 2, ("outcome", "聞き流した"): 1}
    assert unmapped_lines(report) == [
        f"{report.files[0].file}: unmapped channel words kept as given: carrier pigeon (2 rows)",
        f"{report.files[0].file}: unmapped outcome words kept as given: 聞き流した (1 row)",
    ]


def test_agency_variants_map_to_the_code_through_the_mapping_file(tmp_path):
    path = _contacts(tmp_path / "c.csv", ["K1,2024-05-01,Li Wei,CN,Sato,SNS(業務用),資料渡し"])
    mapping = mapping_from_dict({"layout": "contacts",
                                 "values": {"channel": {"SNS(業務用)": "ビジネスSNS"},
                                            "outcome": {"資料渡し": "information provided"}}})
    with Workspace(tmp_path / "ws") as ws:
        report = load_files([path], ws, mapping=mapping)
        (approach,) = ws.iter_nodes(["Approach"])
    assert (approach.properties["channel"], approach.properties["outcome"]) == ("networking_site", "information_provided")
    assert unmapped_lines(report) == []


def test_every_demo_channel_and_outcome_word_has_a_code():
    import pandas as pd

    from graphkit.resources import demo_dir

    for name, encoding in (("contacts.csv", "utf-8"), ("contacts_jp.csv", "cp932")):
        frame = pd.read_csv(demo_dir() / name, encoding=encoding, dtype=str)
        for field in ("channel", "outcome"):
            unknown = {w for w in frame[field].dropna() if schema.term_code(field, w) is None}
            assert not unknown, (name, field, unknown)


def test_reloading_the_same_files_writes_no_reject_twice(tmp_path):
    path = _contacts(tmp_path / "c.csv", ["K1,2024-05-01,Li Wei,CN,,email,declined",
                                          "K2,2024-13-01,Li Wei,CN,Sato,email,declined"])
    with Workspace(tmp_path / "ws") as ws:
        load_files([path], ws)
        first = ws.rejects_path.read_bytes()
        load_files([path], ws)
        assert ws.rejects_path.read_bytes() == first  # nothing appended
        assert ws.rejects_count() == 2
    assert len(first.decode("utf-8-sig").splitlines()) == 3  # header and two rows
