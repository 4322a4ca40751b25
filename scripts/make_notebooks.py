"""Write the notebooks in notebooks/ (outputs cleared) from the cell texts below.

Run ``python scripts/make_notebooks.py`` after editing a cell here; the test suite executes the
notebooks end to end (tests/notebooks/). Editing a notebook in Jupyter is fine too: clear its
outputs before committing (``jupyter nbconvert --clear-output --inplace notebooks/*.ipynb``).
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

SETUP = '''\
from pathlib import Path

import graphkit  # in a source checkout: `pip install -e .` first (README)

# The repository root: this notebook lives in notebooks/ of a graphkit checkout.
REPO = Path.cwd().parent if Path.cwd().name == "notebooks" else Path.cwd()
print("graphkit", graphkit.__version__)'''

SHARED = '''\
import os


def find_shared(start: Path) -> Path:
    """The shared datasets folder: $GRAPHKIT_SHARED, else the first ``shared/datasets`` found
    beside the repository or one of its parents (``../shared`` of a checkout)."""
    if os.environ.get("GRAPHKIT_SHARED"):
        return Path(os.environ["GRAPHKIT_SHARED"])
    for folder in [start, *start.parents]:
        if (folder / "shared" / "datasets").is_dir():
            return folder / "shared"
    raise FileNotFoundError(
        "The shared datasets were not found: put them in ../shared/datasets beside the "
        "repository or set GRAPHKIT_SHARED to the folder that holds datasets/.")


SHARED_DIR = find_shared(REPO.parent)
CAVIAR = SHARED_DIR / "datasets" / "caviar"
print(CAVIAR)'''


def quickstart() -> nbformat.NotebookNode:
    return new_notebook(cells=[
        new_markdown_cell("""\
# graphkit quickstart

Load the fictional demo case set into a workspace, rank the brokers, find the likely transfer
paths to a technology, draw a link chart and write a report. Everything here is the public API;
the demo's story is told in `graphkit/demo/STORY.md`."""),
        new_code_cell(SETUP),
        new_markdown_cell("## Load records\n\n`load_files` reads CSV (UTF-8 or CP932), Excel and JSON Lines; "
                          "bad rows are set aside with their reason, good rows load."),
        new_code_cell('''\
import tempfile
from graphkit.ingest import load_files
from graphkit.store.workspace import Workspace
from graphkit.workflows.demo import demo_files

work = Path(tempfile.mkdtemp(prefix="graphkit-quickstart-"))
files = demo_files()  # the shipped records by name: stray files in the folder are never read
store = Workspace(work / "workspace")
loaded = load_files(files, store)
loaded.to_frame()[["file", "layout", "read", "loaded", "rejected"]]'''),
        new_code_cell('''\
from graphkit.ingest import rejects_lines
print("\\n".join(rejects_lines(loaded.rejects)))'''),
        new_markdown_cell("## The actor graph\n\nOne NetworkX graph of people, companies, intermediaries and "
                          "technologies; every edge carries the records that support it."),
        new_code_cell('''\
from collections import Counter
from graphkit.projection import actor_graph

G = actor_graph(store)
print(G.number_of_nodes(), "nodes,", G.number_of_edges(), "edges")
Counter(kind for _, kind in G.nodes(data="kind"))'''),
        new_markdown_cell("## A report: brokers, paths, charts\n\n`build_report` ranks brokers overall and per "
                          "case, finds the most likely paths from foreign actors to each technology and writes "
                          "HTML, CSV, XLSX and a manifest."),
        new_code_cell('''\
from graphkit.reports import build_report

report = build_report(store, work / "report", k_paths=3, seed=0)
report.brokers[["rank", "name", "kind", "country", "betweenness", "reason"]].head(8)'''),
        new_code_cell('''\
sorted(p.name for p in report.out_dir.iterdir())'''),
        new_markdown_cell("## Likely transfer paths to one technology\n\nEach hop lists its records "
                          "(file and row), so a path can go straight into a case file."),
        new_code_cell('''\
from graphkit.analysis.paths import likely_paths, paths_frame

paths = likely_paths(G, "foreign", 'technology:"quantum sensing"', k=3, time_respecting=True)
paths_frame(paths)[["rank", "probability", "hop", "from", "relation", "to", "date"]]'''),
        new_markdown_cell("## Link chart\n\nThe top broker is starred and the most likely path highlighted. "
                          "The chart works offline; hover a node or an edge for its records."),
        new_code_cell('''\
from graphkit.views.linkchart import link_chart

top = report.brokers["node_id"].head(1).tolist()
scores = dict(zip(report.brokers["node_id"], report.brokers["betweenness"]))
chart = link_chart(G, scores=scores, brokers=top, paths=paths[:1], title="Demo: all cases")
chart'''),
        new_code_cell('''\
store.close()'''),
    ])


def case_study() -> nbformat.NotebookNode:
    return new_notebook(cells=[
        new_markdown_cell("""\
# Case study: brokered access to a university quantum sensing laboratory (C-2023-02)

In the demo data (fictional; `graphkit/demo/STORY.md`) a foreign state-linked company,
Zhenhai Frontier Technologies, wants quantum sensing know-how held by the *Hokuriku Advanced
University Quantum Sensing Laboratory*. Its direct offers are declined. This notebook asks three
questions of the records of case C-2023-02:

1. Who brokered access to the target lab?
2. What is the most likely transfer path from Zhenhai to quantum sensing, and on what evidence?
3. How did the approaches unfold over time?"""),
        new_code_cell(SETUP),
        new_code_cell('''\
import tempfile
import pandas as pd
from graphkit.ingest import load_files
from graphkit.projection import actor_graph
from graphkit.store.workspace import Workspace
from graphkit.workflows.demo import demo_files

CASE = "C-2023-02"
LAB = "Hokuriku Advanced University Quantum Sensing Laboratory"
work = Path(tempfile.mkdtemp(prefix="graphkit-case-"))
store = Workspace(work / "workspace")
load_files(demo_files(), store)
G = actor_graph(store, case=CASE)
names = {n: d["name"] for n, d in G.nodes(data=True)}
lab = next(n for n, d in G.nodes(data=True) if d["name"] == LAB)
print(G.number_of_nodes(), "actors and technologies in", CASE)'''),
        new_markdown_cell("## 1. Who brokered access to the lab?\n\nFirst the people who *introduced* someone "
                          "to the lab or its staff, with the records behind each introduction."),
        new_code_cell('''\
staff = {lab} | {u for u, v, k in G.in_edges(lab, keys=True) if k == "EMPLOYED_BY"}
rows = []
for u, v, key, data in G.edges(keys=True, data=True):
    if key == "INTRODUCED" and v in staff:
        for ev in data["evidence"]:
            rows.append({"introducer": names[u], "introduced to": names[v], "date": ev.date,
                         "evidence": f"{Path(ev.file).name}:{ev.row}", "reliability": ev.reliability})
introductions = pd.DataFrame(rows).sort_values(["date", "introducer"]).reset_index(drop=True)
introductions'''),
        new_code_cell('''\
counts = introductions["introducer"].value_counts()
introducer = counts.index[0]
counts'''),
        new_markdown_cell("Every introduction to the lab's side goes through one go-between. The broker "
                          "ranking of the case (betweenness over the case's contacts, with brokerage roles and a "
                          "plain-language reason) shows who else stands between the two sides *inside* this case; "
                          "the overall ranking of all cases puts the go-between first."),
        new_code_cell('''\
from graphkit.reports import build_report

report = build_report(store, work / "report", case=CASE, seed=0)
brokers = report.case_brokers[CASE]
brokers[["rank", "name", "kind", "betweenness", "representative", "itinerant", "gatekeeper", "reason"]].head(6)'''),
        new_markdown_cell("## 2. The most likely transfer path\n\nTime-respecting: each hop must be supported "
                          "by a record dated no earlier than the hop before it. Paths are searched over the whole "
                          "graph, since ownership (Zhenhai owns its front company) is recorded outside the case."),
        new_code_cell('''\
from graphkit.analysis.paths import likely_paths, paths_frame

whole = actor_graph(store)
zhenhai = [n for n, d in whole.nodes(data=True) if d["name"].startswith("Zhenhai Frontier")]
found = likely_paths(whole, zhenhai, 'technology:"quantum sensing"', k=4, time_respecting=True)
for p in found:
    print(f"#{p.rank}  p={p.probability:.3f}  " + " → ".join(p.names))'''),
        new_code_cell('''\
broker = next(n for n, d in whole.nodes(data=True) if d["name"] == introducer)
main = next(p for p in found if broker in p.nodes)  # the most likely path through the go-between
print(" → ".join(main.names))
paths_frame([main])[["hop", "from", "relation", "to", "p", "date", "evidence"]]'''),
        new_markdown_cell("Every hop cites its records; here are the source rows behind the hop into the lab's "
                          "side of the network."),
        new_code_cell('''\
hop = main.hops[2]
records = store.get_records([e["record_id"] for e in hop.evidence])
pd.DataFrame([{"file": Path(r.file).name, "row": r.row, "case": r.case_id,
               "date": r.raw.get("date"), "from": r.raw.get("from_name"), "via": r.raw.get("via_name"),
               "to": r.raw.get("to_name"), "notes": r.raw.get("notes")} for r in records.values()])'''),
        new_markdown_cell("## 3. Timeline of the approaches"),
        new_code_cell('''\
rows = []
for u, v, key, data in G.edges(keys=True, data=True):
    if key == "CONTACTED":
        for ev in data["evidence"]:
            rows.append({"date": ev.date, "from": names[u], "to": names[v], "channel": ev.channel,
                         "outcome": ev.outcome, "evidence": f"{Path(ev.file).name}:{ev.row}"})
timeline = pd.DataFrame(rows).sort_values(["date", "from"]).reset_index(drop=True)
timeline.head(15)'''),
        new_code_cell('''\
monthly = timeline.assign(month=timeline["date"].str[:7]).pivot_table(
    index="month", columns="channel", values="evidence", aggfunc="count", fill_value=0)
monthly'''),
        new_markdown_cell("## The case's link chart\n\nThe broker is starred and the main path highlighted."),
        new_code_cell('''\
from graphkit.views.linkchart import link_chart

scores = dict(zip(brokers["node_id"], brokers["betweenness"]))
link_chart(whole.subgraph(set(G) | set(main.nodes)).copy(), scores=scores, brokers=[broker],
           paths=[main], title=f"{CASE}: access to the lab")'''),
        new_code_cell('''\
store.close()'''),
    ])


def caviar() -> nbformat.NotebookNode:
    return new_notebook(cells=[
        new_markdown_cell("""\
# CAVIAR: how the brokers changed as the police seized consignments

**Data.** The CAVIAR network: a Montréal drug-trafficking network investigated by the Montréal
police and the RCMP in 1994–1996 ("Project Caviar"). The police followed a *seize-and-wait*
strategy: 11 consignments were seized during phases 4–11 but arrests came only at the end, so
the network kept operating and adapted. The data are counts of intercepted communications
between 110 participants (numbered N1–N110) in 11 two-month phases, coded from 4,279
paragraphs of wiretap transcripts.

**Source.** Morselli, C. (2009) *Inside Criminal Networks*, Springer; Morselli, C. & Giguère, C.
(2006) "Legitimate strengths in criminal networks", *Crime, Law & Social Change* 45:185–200.
Files: `../shared/datasets/caviar/phases/phase1.csv` … `phase11.csv` (see its `SOURCE.md`).
The literature names N1 as the network's initiator and main coordinator, N12 as the main
coordinator of cocaine imports, N3 as N1's lieutenant and key liaison, and N87 as a financial
investor.

**Method.** Each intercepted communication becomes one contact record (phase = case id), loaded
with graphkit's contacts loader; a report ranks the brokers (betweenness) overall and per phase.

The notebook needs the shared datasets: it looks for `shared/datasets` beside the repository or
its parents, or in `$GRAPHKIT_SHARED`."""),
        new_code_cell(SETUP),
        new_code_cell(SHARED),
        new_markdown_cell("## From matrices to contact records"),
        new_code_cell('''\
import tempfile
import pandas as pd

work = Path(tempfile.mkdtemp(prefix="graphkit-caviar-"))
rows = []
for phase in range(1, 12):
    matrix = pd.read_csv(CAVIAR / "phases" / f"phase{phase}.csv", index_col=0)
    for sender in matrix.index:
        for receiver in matrix.columns:
            for n in range(int(matrix.loc[sender, receiver])):
                rows.append({"contact_id": f"P{phase:02d}-{sender}-{receiver}-{n + 1}",
                             "case_id": f"phase-{phase:02d}", "from_name": f"N{int(sender)}",
                             "to_name": f"N{int(receiver)}", "channel": "wiretap"})
contacts = pd.DataFrame(rows)
contacts.to_csv(work / "caviar_contacts.csv", index=False)
print(len(contacts), "intercepted communications")  # SOURCE.md: 3,611 over the 11 phases'''),
        new_code_cell('''\
from graphkit.ingest import load_files
from graphkit.store.workspace import Workspace

store = Workspace(work / "workspace")
loaded = load_files([work / "caviar_contacts.csv"], store, layout="contacts")
loaded.to_frame()[["file", "read", "loaded", "rejected"]]'''),
        new_markdown_cell("## The brokers of the whole investigation"),
        new_code_cell('''\
from graphkit.reports import build_report

report = build_report(store, work / "report", k_paths=1, seed=0, title="CAVIAR")
report.brokers[["rank", "name", "betweenness", "degree", "cases"]].head(8)'''),
        new_markdown_cell("N1 and N12 lead, with N3 and N87 in the top five: the literature's two coordinators, "
                          "the lieutenant and the investor."),
        new_markdown_cell("## Brokers phase by phase\n\nRank of the key players in each phase (blank: not "
                          "among the phase's top 10). Seizures happened in phases 4–11."),
        new_code_cell('''\
KEY = ["N1", "N3", "N12", "N87", "N76"]
ranks = {}
for phase, table in report.case_brokers.items():
    ranks[phase] = {name: rank for name, rank in zip(table["name"], table["rank"]) if name in KEY}
by_phase = pd.DataFrame(ranks).reindex(KEY).T.astype("Int64")
by_phase'''),
        new_code_cell('''\
top = pd.DataFrame({phase: table["name"].head(3).tolist() for phase, table in report.case_brokers.items()}).T
top.columns = ["1st", "2nd", "3rd"]
top'''),
        new_markdown_cell("""\
N1 ranks first in nine of the eleven phases. The exceptions come late in the seize-and-wait
period, after most seizures: in phase 9 his lieutenant N3 ranks first (N1 falls to third), and
in phase 11 N41 does, with N1 second and N12, the coordinator of cocaine imports, third. N87,
the investor, is among the top ten brokers only from phase 7 on. Over the whole investigation
the order is N1, N12, N3, N76, N87, as in the literature (SOURCE.md). The ranking is
betweenness on each phase's communications, so it shows who stood between the others in that
phase, not who gave orders."""),
        new_markdown_cell("## Link chart of the last phase\n\nThe phase's top three brokers are starred."),
        new_code_cell('''\
from graphkit.projection import actor_graph
from graphkit.views.linkchart import link_chart

last = report.case_brokers["phase-11"]
G11 = actor_graph(store, case="phase-11")
link_chart(G11, scores=dict(zip(last["node_id"], last["betweenness"])),
           brokers=last["node_id"].head(3).tolist(), title="CAVIAR phase 11")'''),
        new_code_cell('''\
store.close()'''),
    ])


def screening() -> nbformat.NotebookNode:
    return new_notebook(cells=[
        new_markdown_cell("""\
# Screening a case against export-control and sanctions lists

Load the official lists (DoD 1260H, METI's third-country specified entities) beside a small case
graph, then ask which actors are on a list or within two hops of a listed entity, and by which
chain. The case (`tests/lists/data/`) names listed firms in other scripts: an agent of 中航重机
(AVIC Heavy Machinery, a 1260H subsidiary of AVIC) and a METI intermediary written in katakana.
See docs/screening.md."""),
        new_code_cell(SETUP),
        new_code_cell(SHARED.replace('CAVIAR = SHARED_DIR / "datasets" / "caviar"\nprint(CAVIAR)',
                                     'LISTS = SHARED_DIR / "datasets" / "export_control_lists"\nprint(LISTS)')),
        new_markdown_cell("## The case and the lists\n\nLists are reference data: they are stored beside the "
                          "case graph and never become case nodes."),
        new_code_cell('''\
import tempfile
import graphkit as gk

work = Path(tempfile.mkdtemp(prefix="graphkit-screening-"))
store = gk.open_store(work / "workspace")
case = REPO / "tests" / "lists" / "data"
gk.load(store, [case / "screening_case.csv", case / "screening_relations.jsonl"])
changes = gk.load_lists(store, [LISTS / "us_dod_1260h_chinese_military_companies.csv",
                                LISTS / "jp_meti_third_country_specified_entities_20250912.txt"])
gk.list_table(store)[["list", "entries", "edition", "added"]]'''),
        new_markdown_cell("## Screening\n\nOne row per (actor, listed entry), riskiest first: direct matches, "
                          "then by distance and score. The chain names every hop's records."),
        new_code_cell('''\
result = gk.screen(store, hops=2)
result.frame[["actor", "list", "entry", "distance", "score", "verdict"]]'''),
        new_code_cell('''\
for chain in result.frame["chain"].head(9):
    print(chain)'''),
        new_markdown_cell("## A human decides\n\nA name match is a question. A decision that the katakana "
                          "intermediary is *not* the listed firm removes it and the hits through it."),
        new_code_cell('''\
from types import SimpleNamespace

row = result.frame[result.frame["actor"].str.startswith("アルファ")].iloc[0]
decision = SimpleNamespace(id_a=row["actor_id"], id_b=row["entry_id"], verdict="different")
after = gk.screen(store, decisions=[decision])
print(len(result.frame), "hits before,", len(after.frame), "after the decision")'''),
        new_code_cell('''\
store.close()'''),
    ])


def main() -> None:
    NOTEBOOKS.mkdir(exist_ok=True)
    for name, make in (("quickstart", quickstart), ("case_study", case_study), ("caviar", caviar),
                       ("screening", screening)):
        nb = make()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.metadata["language_info"] = {"name": "python"}
        nbformat.validate(nb)
        nbformat.write(nb, NOTEBOOKS / f"{name}.ipynb")
        print("wrote", NOTEBOOKS / f"{name}.ipynb")


if __name__ == "__main__":
    main()
