"""graphkit: map foreign approach networks.

Load case and contact records into one evidence-linked graph of people, companies,
intermediaries and technologies; find the brokers and the likely transfer paths; draw
offline link charts and write auditable reports.

>>> import graphkit
>>> graphkit.__version__
'0.1.0'

Every command is also a call on a store (:mod:`graphkit.workflows`), re-exported here and
imported on first use (``import graphkit`` loads neither pandas nor networkx)::

    import graphkit as gk

    with gk.open_store("case-ws") as store:          # or gk.open_store(neo4j=True)
        gk.load(store, ["contacts.csv"])
        ranked = gk.brokers(store, case="C-2024-01", top=10)
    ranked.shown                                     # the rows `graphkit brokers` prints
"""
from __future__ import annotations

__version__ = "0.1.0"

# The public API: each name is imported from its module on first use (PEP 562), so that
# `graphkit --help` and `import graphkit` stay fast. name -> "module:attribute".
_PUBLIC_API = {
    "open_store": "graphkit.store:open_store",
    "StoreSpec": "graphkit.workflows.stores:StoreSpec",
    "load": "graphkit.workflows.load:load",
    "load_plan": "graphkit.workflows.load:load_plan",
    "list_loads": "graphkit.workflows.load:list_loads",
    "unload": "graphkit.workflows.load:unload",
    "info": "graphkit.workflows.inspect:info",
    "explain": "graphkit.workflows.inspect:explain",
    "export": "graphkit.workflows.inspect:export",
    "push": "graphkit.workflows.sync:push",
    "pull": "graphkit.workflows.sync:pull",
    "actor_graph": "graphkit.projection:actor_graph",
    "brokers": "graphkit.workflows.analyse:brokers",
    "cuts": "graphkit.workflows.analyse:cuts",
    "paths": "graphkit.workflows.analyse:paths",
    "communities": "graphkit.workflows.analyse:communities",
    "ego": "graphkit.workflows.analyse:ego",
    "view": "graphkit.workflows.chart:view",
    "report": "graphkit.workflows.report:report",
    "brief": "graphkit.workflows.brief:brief",
    "timeline": "graphkit.workflows.timeline:timeline",
    "approach_events": "graphkit.projection:approach_events",
    "page_language": "graphkit.language:page_language",
    "run_demo": "graphkit.workflows.demo:run_demo",
    "generate": "graphkit.workflows.generate:generate",
    "load_lists": "graphkit.workflows.lists:load_lists",
    "list_table": "graphkit.workflows.lists:list_table",
    "remove_list": "graphkit.workflows.lists:remove_list",
    "screen": "graphkit.workflows.screen:screen",
}
__all__ = ["__version__", *_PUBLIC_API]


def __getattr__(name: str) -> object:
    """Import a public name from its module the first time it is asked for."""
    target = _PUBLIC_API.get(name)
    if target is None:
        raise AttributeError(f"module 'graphkit' has no attribute {name!r}")
    from importlib import import_module

    module, attribute = target.split(":")
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC_API})
