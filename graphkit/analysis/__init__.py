"""Analysis of the actor graph: brokers, structural holes, brokerage roles, cut points,
transfer paths, communities and neighbourhoods.

Every function takes a networkx graph (the actor projection of
:func:`graphkit.projection.actor_graph`, or any networkx graph) and returns plain data.
Hot kernels run in the compiled engine (:mod:`graphkit.analysis.engine`, NetworKit);
networkx stays the reference in the tests. This package imports networkx, scipy, pandas
and its engine only, never stores or views.
"""
from __future__ import annotations
