"""The analysis commands as calls: brokers, cuts, paths, communities, ego.

Each workflow reads the actor graph of a store (filtered by ``case``, ``since`` and
``until``; an empty selection is a :class:`~graphkit.errors.NotFound` saying why), runs one
analysis and returns a result object holding the graph, the full table and what the command
prints. ``graphkit brokers`` prints ``brokers(store, ...).shown``; a notebook does the same.

>>> import tempfile, pathlib
>>> from graphkit.model import Batch, Edge, Evidence, Node
>>> from graphkit.store.workspace import Workspace
>>> ws = Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws")
>>> _ = ws.write(Batch(nodes=[Node(id=n, kind="Person", name=n.upper(), properties={"foreign": n == "a"})
...                           for n in "abc"],
...                    edges=[Edge(f"e{u}{v}", u, v, "CONTACTED", evidence=[Evidence(f"r{u}{v}", "c.csv", 2)])
...                           for u, v in [("a", "b"), ("b", "c")]]))
>>> brokers(ws, top=1).shown["name"].tolist()
['B']
>>> [p.names for p in paths(ws, "A", "C").paths]
[('A', 'B', 'C')]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from graphkit.errors import BadValue
from graphkit.store.base import Store

if TYPE_CHECKING:  # pandas and networkx load when a workflow runs, not on import
    from graphkit.projection import ActorArrays
    from graphkit.store.neo4j import Neo4jStore
    import networkx as nx
    import pandas as pd

    from graphkit.analysis.communities import CommunityResult
    from graphkit.analysis.paths import TransferPath

BROKER_TABLE_COLUMNS = [
    "rank", "name", "kind", "country", "foreign", "degree", "betweenness", "pagerank",
    "constraint", "brokerage", "gatekeeper", "representative", "liaison", "articulation", "reason",
]
"""The columns ``graphkit brokers`` prints as a table (csv and json carry every column)."""

ROLE_TABLE_COLUMNS = ["brokerage", "gatekeeper", "representative", "liaison"]
"""The role columns of the printed table, left out when there are no roles."""


def actor_graph(store: Store, *, case: str | None = None, since: str | None = None,
                until: str | None = None) -> "nx.MultiDiGraph":
    """The actor graph the analysis commands work on; NotFound when the selection is empty."""
    from graphkit.projection import selected_actor_graph

    return selected_actor_graph(store, case=case, since=since, until=until)


def actor_arrays(store: Store, *, case: str | None = None, since: str | None = None,
                 until: str | None = None) -> "ActorArrays":
    """The projection as arrays for the whole-graph analysis; NotFound when the selection is empty."""
    from graphkit.projection import selected_actor_arrays

    return selected_actor_arrays(store, case=case, since=since, until=until)


@dataclass
class BrokersResult:
    """``table``: every actor ranked, every measure (``table.attrs`` says how betweenness was
    computed); ``top``: how many to show; ``graph``: the projection analysed (the arrays, or
    the graph when the partition needs it; empty with the GDS engine)."""

    table: "pd.DataFrame"
    top: int
    graph: "nx.MultiDiGraph | ActorArrays" = field(repr=False)
    written: dict[str, Any] | None = None
    """With ``write``: the run id and how many nodes got (or lost) broker scores."""

    @property
    def shown(self) -> "pd.DataFrame":
        """The top ``top`` rows with every column (what csv and json print)."""
        return self.table.head(self.top)

    @property
    def main_columns(self) -> "pd.DataFrame":
        """The top rows with the main columns only (what the table format prints); without
        roles (no partition, see :attr:`note`), without the role columns."""
        shown = self.shown
        left_out = set(ROLE_TABLE_COLUMNS) if self.table.attrs.get("roles_note") else set()
        return shown[[c for c in BROKER_TABLE_COLUMNS if c in shown.columns and c not in left_out]]

    @property
    def note(self) -> str:
        """How betweenness was computed and how sure it is, the size of the graph, what the
        rank rests on and which reading the roles use, and why roles are missing if they are:
        one line each."""
        attrs = self.table.attrs
        info = attrs["betweenness"]
        note = f"betweenness: {info['method']} ({info['engine']})"
        if info["method"] != "exact":
            note += f", sample {info['sample']}, seed {info['seed']}"
            note += _sampling_error(self.shown, info)
        lines = [note + f"; {attrs['actors']} actors, {attrs['contacts']} directed ties"]
        lines.append(rank_basis(attrs))
        if attrs.get("roles_note"):
            lines.append(attrs["roles_note"])
        return "\n".join(lines)


def rank_basis(attrs: dict) -> str:
    """One line: the rank rests on two-way betweenness; the reading roles and reasons use.

    >>> print(rank_basis({"reading": "directed", "reciprocated": 0.0}))
    rank: betweenness with every tie taken both ways; roles, reasons and degrees: ties as loaded (from -> to), none recorded both ways: for a list of ties without direction, --reading undirected counts them both ways as the rank does
    """
    text = "rank: betweenness with every tie taken both ways; roles, reasons and degrees: "
    if attrs.get("reading") == "undirected":
        return text + "every tie both ways too (--reading undirected)"
    share = attrs.get("reciprocated") or 0.0
    if share == 0:
        return text + ("ties as loaded (from -> to), none recorded both ways: for a list of ties "
                       "without direction, --reading undirected counts them both ways as the rank does")
    return text + f"ties as loaded (from -> to; {share:.0%} recorded both ways; --reading undirected to count both ways)"


def _sampling_error(shown: "pd.DataFrame", info: dict) -> str:
    """The stated error of sampled scores: the worst-case bound, said to be loose when it
    exceeds the scores shown, and the measured standard error of those scores."""
    text = ""
    scores = shown["betweenness"]
    bound = info.get("error_bound")
    if bound is not None:
        text += f", error <= {bound:.4g} with probability {1 - info['delta']:.2f}"
        if info.get("method") == "sources":
            above = int((scores < bound).sum())
            text += " (Hoeffding worst case, loose"
            text += f": larger than {above} of the {len(scores)} scores shown)" if above else ")"
    if "betweenness_se" in shown and info.get("batches") and len(shown):
        worst = float(shown["betweenness_se"].max())
        relative = (shown["betweenness_se"] / shown["betweenness"].where(shown["betweenness"] > 0)).max()
        text += f"; measured standard error <= {worst:.2g} on the scores shown"
        if relative == relative:  # not NaN
            text += f" (at most {relative:.0%} of a score)"
        text += f", from {info['batches']} independent batches of sources"
    return text


def brokers(store: Store, *, case: str | None = None, since: str | None = None,
            until: str | None = None, partition: str = "foreign", top: int = 20,
            exact: bool | None = None, method: str | None = None, sample: int | None = None,
            epsilon: float = 0.01, weighted: bool = False, seed: int = 0,
            reading: str = "directed", progress: bool = False, engine: str = "local",
            write: bool = False, on_warning: "Callable[[str], None] | None" = None) -> BrokersResult:
    """Rank the actors as brokers (:func:`graphkit.analysis.brokers.broker_table`).

    ``weighted`` weighs ties by their number of contacts; ``top`` actors get a reason;
    ``reading`` ("directed" or "undirected") is how roles and reasons read the ties;
    ``progress`` shows a bar on stderr when the run takes more than a couple of seconds.
    ``engine="gds"`` ranks inside Neo4j with the Graph Data Science library
    (:func:`graphkit.workflows.gds_brokers.gds_broker_table`; Neo4j only); ``write`` keeps the
    ranking on the Neo4j nodes (``broker_*`` properties and the run id, Neo4j only).
    Before the evidence-laden graph is built (a partition the arrays do not hold), a store
    large enough for it to need much memory is said in one line
    (:func:`graphkit.projection.memory_warning`) to ``on_warning`` (default: ``warnings.warn``).
    """
    if engine not in ENGINES:
        raise BadValue(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}", value=engine)
    neo4j = _neo4j_store(store) if engine == "gds" or write else None
    if engine == "gds" and neo4j is not None:
        import networkx as nx

        from graphkit.workflows.gds_brokers import gds_broker_table

        table = gds_broker_table(neo4j, case=case, since=since, until=until, partition=partition,
                                 top=top, exact=exact, sample=sample, seed=seed, weighted=weighted,
                                 reading=reading)
        result = BrokersResult(table=table, top=top, graph=nx.MultiDiGraph())
    else:
        result = _local_brokers(store, case=case, since=since, until=until, partition=partition,
                                top=top, exact=exact, method=method, sample=sample, epsilon=epsilon,
                                weighted=weighted, seed=seed, reading=reading, progress=progress,
                                on_warning=on_warning)
    if write and neo4j is not None:
        result.written = write_brokers(neo4j, result.table, engine=engine)
    return result


ARRAY_PARTITIONS = ("foreign", "country", "org", "kind")
"""Partitions the projection as arrays holds (:class:`graphkit.projection.ActorArrays`)."""

ENGINES = ("local", "gds")
"""Where ``brokers`` computes: graphkit's own engine on this machine, or GDS inside Neo4j."""


def _neo4j_store(store: Store) -> "Neo4jStore":
    from graphkit.store.neo4j import Neo4jStore

    if not isinstance(store, Neo4jStore):
        raise BadValue("--engine gds and --write work on Neo4j: add --neo4j", value=store.location)
    return store


def write_brokers(store: "Neo4jStore", table: "pd.DataFrame", *, engine: str) -> dict[str, Any]:
    """Keep a broker table's ranking on the Neo4j nodes under a new run id
    (:func:`graphkit.store.neo4j_gds.write_broker_scores`); return the run id and counts."""
    import math

    from graphkit.analysis.brokers import ROLE_COLUMNS
    from graphkit.store.base import new_load_id
    from graphkit.store.neo4j_gds import write_broker_scores

    def number(value: Any) -> Any:
        return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)

    rows = []
    for record in table.to_dict("records"):
        roles = [role for role in ROLE_COLUMNS if (number(record.get(role)) or 0) > 0]
        rows.append({"id": record["id"], "rank": int(record["rank"]), "betweenness": number(record.get("betweenness")),
                     "pagerank": number(record.get("pagerank")), "constraint": number(record.get("constraint")),
                     "brokerage": number(record.get("brokerage")), "roles": roles,
                     "community": None if record.get("community") is None or record["community"] != record["community"]
                     else int(record["community"])})
    run_id = new_load_id()
    written, cleared = write_broker_scores(store, rows, run_id=run_id, engine=engine)
    return {"run": run_id, "written": written, "cleared": cleared}


def _local_brokers(store: Store, *, case: str | None, since: str | None, until: str | None,
                   partition: str, top: int, exact: bool | None, method: str | None,
                   sample: int | None, epsilon: float, weighted: bool, seed: int, reading: str,
                   progress: bool, on_warning: "Callable[[str], None] | None" = None) -> BrokersResult:
    import warnings

    import networkx as nx

    from graphkit.projection import memory_warning

    if partition not in ARRAY_PARTITIONS:
        line = memory_warning(store)
        if line is not None:
            (on_warning or (lambda text: warnings.warn(text, ResourceWarning, stacklevel=3)))(line)

    from graphkit.analysis.brokers import BROKER_STEPS, broker_table
    from graphkit.progress import steps

    with steps(("reading the graph", *BROKER_STEPS), "brokers", enabled=progress) as step:
        step("reading the graph")
        # the projection as arrays (one aggregate read, no object per tie) unless the partition
        # needs what only the evidence-laden graph holds (cases, or another node property)
        graph: Any = (actor_arrays(store, case=case, since=since, until=until) if partition in ARRAY_PARTITIONS
                      else actor_graph(store, case=case, since=since, until=until))
        options: dict[str, Any] = dict(partition=partition, weight="contacts" if weighted else None, exact=exact,
                                       seed=seed, top_reasons=top, method=method, sample=sample,
                                       epsilon=epsilon, reading=reading)
        table = broker_table(graph, on_step=step, **options)
        if table.attrs.get("roles_note") and not isinstance(graph, nx.MultiDiGraph):
            # no actor has the partition: the note names the attributes there are to partition
            # by, cases among them, which only the evidence-laden graph knows (small data, as a rule)
            graph = actor_graph(store, case=case, since=since, until=until)
            table = broker_table(graph, **options)
    return BrokersResult(table=table, top=top, graph=graph)


@dataclass
class CutsResult:
    """``table``: the cut points (empty when nothing separates any part of the network)."""

    table: "pd.DataFrame"
    graph: "nx.MultiDiGraph" = field(repr=False)

    @property
    def shown(self) -> "pd.DataFrame":
        """The table without its ``ids`` column (what the table format prints)."""
        return self.table.drop(columns="ids")


def cuts(store: Store, *, case: str | None = None, since: str | None = None, until: str | None = None,
         partition: str = "foreign", limit: int = 50) -> CutsResult:
    """Minimum vertex cut, articulation points and bridges (:func:`graphkit.analysis.cuts.cut_table`)."""
    from graphkit.analysis.cuts import cut_table

    graph = actor_graph(store, case=case, since=since, until=until)
    return CutsResult(table=cut_table(graph, partition=partition, limit=limit), graph=graph)


@dataclass
class PathsResult:
    """``paths``: the likely transfer paths, most likely first; ``frame``: one row per hop."""

    paths: "list[TransferPath]"
    frame: "pd.DataFrame"
    graph: "nx.MultiDiGraph" = field(repr=False)


def paths(store: Store, sources: Any, targets: Any, *, k: int = 10, time_respecting: bool = False,
          max_gap: int | None = None, max_hops: int | None = None, case: str | None = None,
          since: str | None = None, until: str | None = None,
          distinct_evidence: bool = True) -> PathsResult:
    """The ``k`` most likely transfer paths (:func:`graphkit.analysis.paths.likely_paths`).

    ``sources`` and ``targets`` are selectors: a name, an id, ``foreign``, ``case:ID``,
    ``KIND:NAME``, several joined by commas. ``max_gap`` (days) needs ``time_respecting``.
    """
    from graphkit.analysis.paths import likely_paths, paths_frame

    graph = actor_graph(store, case=case, since=since, until=until)
    found = likely_paths(graph, sources, targets, k=k, time_respecting=time_respecting,
                         max_gap_days=max_gap, max_hops=max_hops,
                         distinct_evidence=distinct_evidence)
    return PathsResult(paths=found, frame=paths_frame(found), graph=graph)


@dataclass
class CommunitiesResult:
    """``communities``: the Louvain result (membership, count, modularity, engine);
    ``frame``: one row per actor; ``seed``: the random seed used."""

    communities: "CommunityResult"
    frame: "pd.DataFrame"
    seed: int
    graph: "nx.MultiDiGraph" = field(repr=False)

    @property
    def note(self) -> str:
        """How many communities, the modularity, the engine and the seed, in one line."""
        found = self.communities
        return (f"{found.count} communities, modularity {found.modularity:.4f} "
                f"(Louvain, {found.engine}, seed {self.seed}).")


def communities(store: Store, *, seed: int = 0, resolution: float = 1.0, case: str | None = None,
                since: str | None = None, until: str | None = None) -> CommunitiesResult:
    """Louvain communities of the actors (:func:`graphkit.analysis.communities.louvain`)."""
    from graphkit.analysis.communities import communities_frame, louvain

    graph = actor_graph(store, case=case, since=since, until=until)
    found = louvain(graph, seed=seed, resolution=resolution)
    return CommunitiesResult(communities=found, frame=communities_frame(graph, found), seed=seed,
                             graph=graph)


@dataclass
class EgoResult:
    """``ego``: the neighbourhood graph; ``frame``: one row per node with its distance and degree."""

    name: str
    depth: int
    ego: "nx.Graph" = field(repr=False)
    frame: "pd.DataFrame"

    @property
    def note(self) -> str:
        """The size of the neighbourhood in one line."""
        return (f"{self.ego.number_of_nodes()} nodes and {self.ego.number_of_edges()} edges within "
                f"{self.depth} hop(s) of {self.name}.")


def ego(store: Store, name: str, *, depth: int = 1, case: str | None = None, since: str | None = None,
        until: str | None = None) -> EgoResult:
    """Every node within ``depth`` hops of ``name`` (:func:`graphkit.analysis.communities.ego_network`)."""
    from graphkit.analysis.communities import ego_frame, ego_network

    found = ego_network(actor_graph(store, case=case, since=since, until=until), name, depth=depth)
    return EgoResult(name=name, depth=depth, ego=found, frame=ego_frame(found))
