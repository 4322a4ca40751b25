"""Small inline SVG charts for the HTML report, drawn in Python: no script, no request.

Every text that comes from records (names, channels) is escaped with
:func:`markupsafe.escape` before it enters the SVG; the charts use presentation attributes
only (no ``style`` attributes), so the report's Content-Security-Policy stays strict.

>>> svg = bar_chart([("Leon <Varga>", 0.035), ("Sakura", 0.017)], title="Top brokers")
>>> str(svg).startswith("<svg") and "Leon &lt;Varga&gt;" in svg and "<Varga>" not in svg
True
"""
from __future__ import annotations

from typing import Sequence

import pandas as pd
from markupsafe import Markup
from markupsafe import escape as _html_escape

from graphkit.safe_text import for_display

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf")
OTHER_COLOUR = "#c7c7c7"


def _fmt(value: float) -> str:
    if value == int(value) and abs(value) >= 1:
        return f"{int(value):,}"
    return f"{value:.4g}"


def _clip(text: str, length: int = 38) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def escape(value: object) -> Markup:
    """HTML-escape text from records, its control and bidi characters shown as ``\\uXXXX``."""
    return _html_escape(for_display(str(value)))


def bar_chart(items: Sequence[tuple[str, float]], *, title: str, width: int = 640,
              empty: str = "(no data)") -> Markup:
    """A horizontal bar chart of ``(label, value)`` pairs, largest first as given; ``empty``
    is shown when there are none."""
    row, label_w, top = 22, 250, 30
    height = top + row * max(len(items), 1) + 10
    peak = max((v for _, v in items), default=0) or 1.0
    bar_w = width - label_w - 80
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
             f"<title>{escape(title)}</title>",
             f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>']
    if not items:
        parts.append(f'<text x="0" y="{top + 14}" fill="#555">{escape(empty)}</text>')
    for i, (label, value) in enumerate(items):
        y = top + i * row
        w = max(1.0, bar_w * float(value) / peak)
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(_clip(str(label)))}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{PALETTE[0]}">'
                     f"<title>{escape(str(label))}: {escape(_fmt(float(value)))}</title></rect>")
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 14}">{escape(_fmt(float(value)))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_columns(frame: pd.DataFrame, *, x: str, series: str, value: str, title: str,
                    width: int = 760, height: int = 260, max_series: int = 8,
                    categories: Sequence[str] | None = None, other: str = "other",
                    empty: str = "(no data)") -> Markup:
    """Stacked columns: one column per ``x`` value, stacked by ``series`` (the largest
    ``max_series`` series by total; the rest drawn together as ``other``), with a legend.
    ``categories`` fixes the columns and their order (e.g. every month, empty ones too);
    ``empty`` is shown when there is no data."""
    left, bottom, top, legend_h = 44, 40, 30, 18
    if frame.empty:
        return bar_chart([], title=title, width=width, empty=empty)
    totals = frame.groupby(series)[value].sum().sort_values(ascending=False, kind="stable")
    keep = list(totals.index[:max_series])
    data = frame.assign(**{series: frame[series].where(frame[series].isin(keep), "other")})
    table = data.pivot_table(index=x, columns=series, values=value, aggfunc="sum", fill_value=0)
    order = [s for s in keep if s in table.columns] + (["other"] if "other" in table.columns else [])
    table = table[order].sort_index()
    if categories is not None:
        table = table.reindex(list(categories), fill_value=0)
    colours = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(keep)} | {"other": OTHER_COLOUR}
    legend_rows = (len(order) + 3) // 4
    full_h = height + legend_rows * legend_h
    plot_w, plot_h = width - left - 10, height - top - bottom
    peak = float(table.sum(axis=1).max()) or 1.0
    step = plot_w / max(len(table), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{full_h}" '
             f'viewBox="0 0 {width} {full_h}" font-family="sans-serif" font-size="11">',
             f"<title>{escape(title)}</title>",
             f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#333"/>',
             f'<text x="{left - 4}" y="{top + 8}" text-anchor="end">{escape(_fmt(peak))}</text>',
             f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>']
    label_every = max(1, len(table) // 12)
    for i, (key, row) in enumerate(table.iterrows()):
        base: float = top + plot_h
        for name in order:
            count = float(row[name])
            if not count:
                continue
            h = plot_h * count / peak
            base -= h
            parts.append(f'<rect x="{left + i * step + 1:.1f}" y="{base:.1f}" width="{max(step - 2, 1):.1f}" '
                         f'height="{h:.1f}" fill="{colours[name]}"><title>{escape(str(key))} · '
                         f"{escape(other if name == 'other' else str(name))}: {escape(_fmt(count))}</title></rect>")
        if i % label_every == 0:
            parts.append(f'<text x="{left + i * step + step / 2:.1f}" y="{top + plot_h + 14}" '
                         f'text-anchor="middle">{escape(str(key))}</text>')
    for j, name in enumerate(order):
        lx, ly = (j % 4) * (width // 4), height + (j // 4) * legend_h
        parts.append(f'<rect x="{lx}" y="{ly - 10}" width="10" height="10" fill="{colours[name]}"/>')
        parts.append(f'<text x="{lx + 14}" y="{ly}">{escape(_clip(other if name == "other" else str(name), 24))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def month_range(months: Sequence[str]) -> list[str]:
    """Every month from the first to the last of ``months`` (``YYYY-MM``), in order.

    >>> month_range(["2024-11", "2025-02"])
    ['2024-11', '2024-12', '2025-01', '2025-02']
    """
    if not len(months):
        return []
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
