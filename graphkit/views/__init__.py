"""Views: interactive link charts of the actor graph (offline, single-file, safe with hostile data).

>>> from graphkit.views import link_chart, LinkChart, ViewTooLarge
"""
from __future__ import annotations

from graphkit.views.chartdata import ViewTooLarge
from graphkit.views.linkchart import LinkChart, link_chart

__all__ = ["LinkChart", "ViewTooLarge", "link_chart"]
