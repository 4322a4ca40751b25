"""The commands that look at a store as it is: info, explain, export.

Each returns a result object: :func:`info` the summary (``graphkit info``), :func:`explain`
the records behind a node or an edge (``graphkit explain``), :func:`export` a node or edge
table or the whole actor graph for Gephi (``graphkit export``), written to a file when given
one. The pieces they use live beside them: :mod:`graphkit.workflows.info`,
:mod:`graphkit.workflows.explain`, :mod:`graphkit.workflows.export`.

>>> import tempfile, pathlib
>>> from graphkit.model import Batch, Edge, Evidence, Node, Record
>>> from graphkit.store.workspace import Workspace
>>> ws = Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws")
>>> _ = ws.write(Batch(records=[Record("contacts:1", "contacts", "c.csv", 2, "1", "K1", {})],
...                    nodes=[Node(id="a", kind="Person", name="A", evidence={"contacts:1"}),
...                           Node(id="b", kind="Person", name="B")],
...                    edges=[Edge("e", "a", "b", "CONTACTED", evidence=[Evidence("contacts:1", "c.csv", 2)])]))
>>> info(ws).summary["edges"]
{'CONTACTED': 1}
>>> explain(ws, "A").records["row"].tolist()
[2]
>>> export(ws, "edges").frame[["source_name", "target_name"]].values.tolist()
[['A', 'B']]
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from graphkit.errors import BadValue
from graphkit.store.base import Store

if TYPE_CHECKING:  # pandas and networkx load when a workflow runs, not on import
    import networkx as nx
    import pandas as pd

    from graphkit.render import Rows
    from graphkit.workflows.ftm_export import FtmPackage

EXPORT_FORMATS = ("table", "csv", "json", "xlsx", "graphml", "gexf")


@dataclass
class InfoResult:
    """``summary``: :func:`graphkit.workflows.info.summarise`'s dict (nodes by kind, edges by
    relation, records, rejects, actors, first and last date, cases)."""

    summary: dict[str, Any]

    @property
    def frame(self) -> "pd.DataFrame":
        """The summary as (section, item, value) rows."""
        from graphkit.workflows.info import summary_frame

        return summary_frame(self.summary)

    @property
    def rows(self) -> "Rows":
        """The same rows without pandas (what ``graphkit info`` prints)."""
        from graphkit.workflows.info import summary_rows

        return summary_rows(self.summary)

    def to_json(self) -> str:
        """The summary as indented JSON (what ``--format json`` prints)."""
        return json.dumps(self.summary, ensure_ascii=False, indent=2)


def info(store: Store) -> InfoResult:
    """Summarise ``store``: what ``graphkit info`` prints."""
    from graphkit.workflows.info import summarise

    return InfoResult(summarise(store))


@dataclass
class NodeExplanation:
    """A node (id, kind, name, aliases, properties) and one row per record behind it."""

    node: dict[str, Any]
    records: "pd.DataFrame"

    def text(self) -> str:
        """The node and its records as readable lines for a terminal."""
        from graphkit.workflows.explain import records_text

        node = self.node
        lines = [f"{node['kind']}: {node['name']}  ({node['id']})",
                 "aliases: " + ("; ".join(node["aliases"]) or "-")]
        for key, value in node["properties"].items():
            shown = "; ".join(map(str, value)) if isinstance(value, list) else value
            lines.append(f"{key}: {shown}")
        lines.append(f"{len(self.records)} supporting record(s):")
        lines.append(records_text(self.records))
        return "\n".join(lines)

    def to_json(self) -> str:
        """The node and its records as indented JSON (what ``--format json`` prints)."""
        records = json.loads(self.records.to_json(orient="records", force_ascii=False))
        return json.dumps({"node": self.node, "records": records}, ensure_ascii=False, indent=2)


@dataclass
class EdgeExplanation:
    """Every relation between two nodes, one row per evidence item (``frame``)."""

    frame: "pd.DataFrame"


def explain(store: Store, name: str | None = None, *,
            edge: tuple[str, str] | None = None) -> NodeExplanation | EdgeExplanation:
    """The records behind the node ``name`` (an id, a name, an alias, a spelling variant) or,
    with ``edge=(a, b)``, behind every relation between a and b in both directions."""
    from graphkit.workflows.explain import explain_edge, explain_node

    if bool(name) == bool(edge):
        raise BadValue("give a name, or an edge (a, b) (not both)")
    if edge:
        return EdgeExplanation(explain_edge(store, *edge))
    found = explain_node(store, name)  # type: ignore[arg-type]
    return NodeExplanation(node=found["node"], records=found["records"])


def export_format(output: Path | None, fmt: str | None) -> str:
    """The export format: ``fmt`` if given, else the output file's suffix, else csv.

    >>> export_format(Path("graph.GEXF"), None), export_format(None, None)
    ('gexf', 'csv')
    """
    if fmt is not None:
        return fmt
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in EXPORT_FORMATS[1:] else "csv"


@dataclass
class ExportResult:
    """What :func:`export` produced: a table (``frame``) or, for graphml and gexf, the actor
    graph (``graph``) and its text (``document``); ``output`` the file written, if any."""

    what: str
    fmt: str
    output: Path | None
    frame: "pd.DataFrame | None" = None
    graph: "nx.MultiDiGraph | None" = None
    document: str | None = None
    package: "FtmPackage | None" = None
    """For ``ftm``: the FollowTheMoney package written (entities, manifest)."""

    @property
    def summary(self) -> str:
        """What was exported, e.g. ``12 nodes and 30 edges`` or ``30 edges``."""
        if self.package is not None:
            return self.package.summary
        if self.graph is not None:
            return f"{self.graph.number_of_nodes()} nodes and {self.graph.number_of_edges()} edges"
        return f"{0 if self.frame is None else len(self.frame)} {self.what}"


def export(store: Store, what: str = "edges", *, output: Path | str | None = None, fmt: str | None = None,
           kinds: Iterable[str] | None = None, relations: Iterable[str] | None = None,
           case: str | None = None, since: str | None = None, until: str | None = None,
           dynamic: bool = False, redact: str | Path | None = None) -> ExportResult:
    """Export ``what`` (``nodes`` or ``edges``) as a table, or with ``fmt`` graphml|gexf (or
    ``what`` graphml|gexf) the whole actor graph; write it to ``output`` when given
    (atomically, spreadsheet-safe). ``dynamic`` (gexf only): time intervals on every dated
    node and edge, so Gephi's timeline plays the graph. ``what="ftm"`` writes a
    FollowTheMoney package (entities and a manifest) into the directory ``output`` for a
    partner agency, under the redaction policy ``redact`` (a policy file, or ``"default"``;
    docs/exchange.md).

    ``kinds`` limits the node table (default every kind but Approach), ``relations`` the edge
    table (default the actor relations); ``case``, ``since``, ``until`` filter the evidence of
    the edges and of the graph.
    """
    from graphkit.workflows import export as tables

    if what == "ftm":
        return _export_ftm(store, output, case=case, since=since, until=until, redact=redact)
    if redact is not None:
        raise BadValue("a redaction policy applies to the ftm export only", value=str(redact))
    out = Path(output) if output is not None else None
    if what in tables.GRAPH_FORMATS:
        if fmt is not None and fmt != what:
            raise BadValue(f"export {what} writes {what}, not {fmt}", value=fmt)
        fmt = what
    fmt = export_format(out, fmt)
    if dynamic and fmt != "gexf":
        raise BadValue("--dynamic is for GEXF (Gephi's timeline): export gexf --dynamic", value=fmt)
    if fmt not in EXPORT_FORMATS:
        raise BadValue(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}", value=fmt)
    if fmt == "table" and out:
        raise BadValue("the table format only prints; write a file as csv, json or xlsx", value=fmt)
    if fmt == "xlsx" and not out:
        raise BadValue("the xlsx format writes a file: give an output FILE.xlsx", value=fmt)
    filters = {"case": case, "since": since, "until": until}
    if fmt in tables.GRAPH_FORMATS:
        graph = (tables.dynamic_gephi_graph if dynamic else tables.gephi_graph)(store, **filters)
        document = tables.graph_document(graph, fmt)
        if out:
            tables.write_graph(graph, out, fmt)
        return ExportResult(what, fmt, out, graph=graph, document=document)
    if what == "nodes":
        frame = tables.export_nodes(store, list(kinds) if kinds else None)
    elif what == "edges":
        frame = tables.export_edges(store, list(relations) if relations else None, **filters)
    else:
        raise BadValue(f"export nodes or edges, not {what!r}", value=what)
    if out:
        tables.write_table(frame, out, fmt)
    return ExportResult(what, fmt, out, frame=frame)


def _export_ftm(store: Store, output: Path | str | None, *, case: str | None, since: str | None,
                until: str | None, redact: str | Path | None) -> ExportResult:
    from graphkit.workflows.ftm_export import export_ftm
    from graphkit.workflows.redaction import load_policy

    if output is None:
        raise BadValue("the ftm export writes a package: give an output folder (-o DIR)")
    out = Path(output)
    if out.exists() and not out.is_dir():
        raise BadValue("the ftm export writes a folder, and this is a file", value=str(out))
    policy = load_policy(redact) if redact is not None else None
    package = export_ftm(store, out, policy=policy, case=case, since=since, until=until,
                         parameters={"redact": None if redact is None else str(redact)})
    return ExportResult("ftm", "ftm", out, package=package)
