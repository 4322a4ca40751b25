"""Every file of ``export_control_lists`` read by its layout; counts checked against SOURCE.md."""
from __future__ import annotations

import csv
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from graphkit.errors import InputError
from graphkit.lists import read_list_file, read_lists

LISTS = Path("../shared/datasets/export_control_lists")
FTM = Path("../shared/datasets/opensanctions_ftm_fixtures")


def _read(name: str):
    return read_list_file(LISTS / name)


def test_1260h_rows_and_parent_links():
    # SOURCE.md: 397 rows; 197 rows have a Parent Name (33 distinct parents). The file repeats
    # a company once per yearly edition: 234 distinct companies, 139 of them with a parent.
    parsed = _read("us_dod_1260h_chinese_military_companies.csv")
    with open(LISTS / "us_dod_1260h_chinese_military_companies.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 397 and sum(1 for r in rows if r["Parent Name"].strip()) == 197
    assert parsed.info.name == "us_dod_1260h" and parsed.info.entries == 234
    assert sum(len(e.sources) for e in parsed.entries) == 397
    with_parent = [e for e in parsed.entries if e.owners]
    assert len(with_parent) == 139
    assert len({o.name for e in with_parent for o in e.owners}) == 33
    # Every parent spelling is resolved to an entry of the list (both AVIC spellings to AVIC).
    by_id = {e.entry_id: e for e in parsed.entries}
    avic = {by_id[o.entry_id].name for e in with_parent for o in e.owners
            if o.name.startswith("Aviation Industry Corporation of China")}
    assert avic == {"Aviation Industry Corporation of China Ltd."}  # the listed entry (Clean Name)
    assert all(o.entry_id for e in with_parent for o in e.owners)
    smic_rows = [r for r in rows if r["Parent Name"] == "Semiconductor Manufacturing International Corporation"]
    smic_children = {e.entry_id for e in with_parent for o in e.owners
                     if by_id[o.entry_id].name == "Semiconductor Manufacturing International Corporation"}
    assert len(smic_rows) == 25 and len(smic_children) == 13  # SOURCE.md: "25 subsidiaries of SMIC" (rows)
    heavy = next(e for e in parsed.entries if e.name == "AVIC Heavy Machinery Company Limited")
    assert heavy.names == ("AVIC Heavy Machinery Company Limited", "AVIC Heavy Machinery Company Limited (AVIC Heavy Machinery)",
                           "AVIC Heavy Machinery")
    assert heavy.listed == "2021-06-03" and heavy.sources[0] == "us_dod_1260h_chinese_military_companies.csv:7"


def test_1286_yearly_repeats_fold_into_one_entry_per_name():
    parsed = _read("us_ndaa_section_1286_foreign_talent_and_institutions.csv")
    with open(LISTS / "us_ndaa_section_1286_foreign_talent_and_institutions.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # SOURCE.md: 443 rows = 197 distinct names; three of them differ from another only by a
    # trailing space ("Northwestern Polytechnical University "), so 194 entries.
    assert len(rows) == 443 and len({r["name"] for r in rows}) == 197
    assert parsed.info.entries == len({r["name"].strip() for r in rows}) == 194
    assert sum(len(e.sources) for e in parsed.entries) == 443
    npu = next(e for e in parsed.entries if e.name == "Northwestern Polytechnical University")
    assert len(npu.sources) == 4 and npu.listed == "2022"  # four yearly reports, one with the space
    assert Counter(len(e.sources) for e in parsed.entries) == {1: 63, 2: 48, 3: 48, 4: 35}


@pytest.mark.parametrize("file_name, entries", [
    ("us_ndaa_section_889_telecom.csv", 5), ("us_ndaa_section_5949_semiconductors.csv", 3),
    ("us_ndaa_section_154.csv", 6), ("us_inksna_nonproliferation.csv", 28),
    ("us_bis_military_end_user_list.csv", 13),
])
def test_small_us_lists(file_name, entries):
    assert _read(file_name).info.entries == entries


def test_bis_meu_and_inksna_fields():
    meu = _read("us_bis_military_end_user_list.csv")
    gru = next(e for e in meu.entries if e.name == "Main Intelligence Directorate")
    assert gru.names == ("Main Intelligence Directorate", "GRU") and gru.countries == ("RU",)
    assert gru.program == "US-BIS-MIEU" and gru.listed == "2021-03-16"
    inksna = _read("us_inksna_nonproliferation.csv")
    assert Counter(e.kind for e in inksna.entries) == {"person": 14, "organisation": 14}
    first = inksna.entries[0]
    assert first.listed == "2026-01-22" and first.ended == "2028-01-22"


def test_fcc_free_text_names_the_firms():
    parsed = _read("us_fcc_covered_list.csv")
    names = [e.name for e in parsed.entries]
    # 16 rows: 12 name a firm (one names two: Pacific Networks and its subsidiary ComNet),
    # 4 describe foreign-made equipment only.
    assert names == ["Huawei Technologies Company", "ZTE Corporation", "Hytera Communications Corporation",
                     "Hangzhou Hikvision Digital Technology Company", "Dahua Technology Company", "AO Kaspersky Lab",
                     "China Mobile International USA Inc.", "China Telecom (Americas) Corp.", "Pacific Networks Corp",
                     "ComNet (USA) LLC", "China Unicom (Americas) Operations Limited", "Kaspersky Lab",
                     "Digitalsystem Technology Inc."]
    comnet = parsed.entries[9]
    assert [o.name for o in comnet.owners] == ["Pacific Networks Corp"] and comnet.owners[0].entry_id == parsed.entries[8].entry_id
    assert parsed.entries[0].listed == "2021-03-12"


def test_prc_counter_sanctions_chinese_names_and_dmy_dates():
    parsed = _read("cn_counter_sanctions.csv")
    assert parsed.info.entries == 610
    countries = Counter(c for e in parsed.entries for c in e.countries[:1])
    # SOURCE.md counts the cells: US 327, "Japan" 80, TW 45; three more cells say "JP".
    assert countries["US"] == 327 and countries["JP"] == 80 + 3 and countries["TW"] == 45
    ned = parsed.entries[0]
    assert ned.names == ("National Endowment for Democracy", "美国国家民主基金会") and ned.listed == "2019-12-02"
    skyla = next(e for e in parsed.entries if e.name == "Skyla")
    assert skyla.listed == "2022-08-03" and skyla.ended == "2023-07-13"  # 03.08.22 / 13.07.23


def test_eu_833_annexes():
    parsed = _read("eu_reg_833_2014_russia_consolidated.csv")
    assert parsed.info.entries == 1746
    annex = Counter(re.match(r"EU 833/2014 Annex (\S+):", e.program).group(1) for e in parsed.entries)
    assert annex["IV"] == 921 and annex["XLII"] == 633  # SOURCE.md
    assert Counter(e.kind for e in parsed.entries)["vessel"] == 633
    sirius = next(e for e in parsed.entries if e.name == "JSC Sirius")
    assert "JSC Concern Sirius" in sirius.names and sirius.listed == "2014-09-12"
    assert sirius.addresses == ("119435, Moscow, Pirogovskaya M. Str., 18, Building 1, Russian Federation",)


@pytest.mark.parametrize("file_name, entries, edition, listed", [
    # SOURCE.md: ≈560 address lines (560 entries, one numbered 561 after a page break),
    # 56 address lines, ≈27 entries. Numbers run 1..N without a gap (the parser checks).
    ("jp_meti_russia_specified_entities_20250912.txt", 561, "2025-09-12", "2022-03-01"),
    ("jp_meti_third_country_specified_entities_20250912.txt", 56, "2025-09-12", "2023-12-15"),
    ("jp_meti_belarus_specified_entities.txt", 27, "2022-07-05", "2022-03-08"),
])
def test_meti_lists(file_name, entries, edition, listed):
    parsed = _read(file_name)
    assert parsed.info.entries == entries and parsed.info.edition == edition
    assert all(e.listed == listed for e in parsed.entries)
    # every entry has a Japanese name first, an English name second, and an address
    cjk = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
    odd = [e.names[0] for e in parsed.entries if not (cjk.search(e.names[0]) and not cjk.search(e.names[1]))]
    assert odd == (["MPI VOLNA"] if "russia" in file_name else [])  # its Japanese name is in Latin letters
    assert all(e.addresses for e in parsed.entries)


def test_meti_aliases_brackets_and_page_glue():
    parsed = _read("jp_meti_third_country_specified_entities_20250912.txt")
    ijet = parsed.entries[1]
    assert ijet.names[:2] == ("アイ・ジェット・グローバル DMCC", "I JET GLOBAL DMCC")
    assert {"iJet", "Trade Med Middle East", "アイジェット・フライト・サポート・サービス", "トレード・ミッド・ミドルイースト"} <= set(ijet.names)
    assert ijet.countries == ("SY",)
    # entry 3 repeats entry 2 with the Dubai address; entry 4 was glued onto its last line
    assert parsed.entries[2].entry_id == ijet.entry_id + "#2" and parsed.entries[2].countries == ("AE",)
    success = parsed.entries[3]
    assert success.names[1] == "Success Aviation Services FZC"
    assert success.sources == ("jp_meti_third_country_specified_entities_20250912.txt:33",)  # "...Emirates.4 サクセス..."
    guangzhou = parsed.entries[8]
    assert "广州欧赛科技有限公司" in guangzhou.names and guangzhou.names[0] == "グアンジョウ・オーサイ・テクノロジー有限会社"
    russia = _read("jp_meti_russia_specified_entities_20250912.txt")
    admiralty = russia.entries[0]  # full-width "１", header dates with spaces
    assert admiralty.names == ("株式会社アドミラルティ造船所", "Admiralty Shipyard JSC")
    assert russia.entries[9].names[:2] == ("対外諜報庁", "Foreign Intelligence Service (SVR)")  # glued after "127055RU."
    fsb = russia.entries[5]
    assert fsb.names == ("連邦保安庁", "Federal Security Service (FSB)", "Federalnaya Sluzhba Bezopasnosti")
    assert len(fsb.addresses) == 2


def test_ftm_entities_with_listed_topics_and_ownership():
    parsed = read_list_file(FTM / "zala_aero_cluster.entities.ftm.json")
    assert parsed.info.name == "zala_aero_cluster"
    names = {e.name for e in parsed.entries}
    assert len(parsed.entries) == 14  # persons and companies with a sanction / export / debarment topic
    assert {"JSC Kalashnikov Concern", "Limited Liability Company Aeroscan", "Alexander Vyacheslavovich ZAKHAROV"} <= names
    cst = next(e for e in parsed.entries if "LLC CST" in e.names)
    owners = {(o.name, o.start) for o in cst.owners}
    assert ("JSC Kalashnikov Concern", "2016-03-29") in owners  # SOURCE.md: 49% owned by Kalashnikov
    assert all(o.entry_id for o in cst.owners)
    with pytest.raises(InputError, match="de_parteispenden.entities.ftm.json: no entity with a listed topic"):
        read_list_file(FTM / "de_parteispenden.entities.ftm.json")


def test_the_page_file_and_unknown_files_say_why(tmp_path):
    with pytest.raises(InputError, match="jp_meti_russia_export_measures_page.txt: .*names no entity"):
        _read("jp_meti_russia_export_measures_page.txt")
    with pytest.raises(InputError, match="SOURCE.md: not a list graphkit knows"):
        _read("SOURCE.md")


def test_a_broken_file_names_file_and_line_and_nothing_is_returned(tmp_path):
    broken = tmp_path / "cn_counter_sanctions.csv"
    lines = (LISTS / "cn_counter_sanctions.csv").read_text("utf-8").splitlines()
    lines[5] = lines[5].replace("02.12.2019", "31.31.2019")
    broken.write_text("\n".join(lines) + "\n", "utf-8")
    good = LISTS / "us_ndaa_section_889_telecom.csv"
    with pytest.raises(InputError) as err:
        read_lists([good, broken])
    assert str(err.value).startswith("cn_counter_sanctions.csv, row 6:")
    gap = tmp_path / "jp_meti_belarus_specified_entities.txt"
    text = (LISTS / "jp_meti_belarus_specified_entities.txt").read_text("utf-8")
    gap.write_text(text.replace("３ 株式会社第140", "４ 株式会社第140", 1), "utf-8")
    with pytest.raises(InputError, match=r"jp_meti_belarus_specified_entities.txt, row 19: METI list entries out of order"):
        read_list_file(gap)
    missing = tmp_path / "us_ndaa_section_889_telecom.csv"
    shutil.copy(good, missing)
    missing.write_text(missing.read_text("utf-8").replace("name,", "nom,", 1), "utf-8")
    with pytest.raises(InputError, match="us_ndaa_section_889_telecom.csv, row 1: the us_ndaa_889 layout needs the column"):
        read_list_file(missing)


def test_every_list_file_has_a_layout():
    entity_files = [p for p in sorted(LISTS.iterdir()) if p.name not in {"SOURCE.md", "jp_meti_russia_export_measures_page.txt"}]
    parsed = read_lists(entity_files)
    assert len(parsed) == 13 and sum(p.info.entries for p in parsed) == 234 + 194 + 5 + 3 + 6 + 28 + 13 + 13 + 610 + 1746 + 561 + 56 + 27
