"""A bqplot heat map of a table (partners × strategies or territories), and its HTML twin.

The chart draws what it is given.  Column labels are short codes (S1, S2… or
the territory's name) because a strategy is a sentence; the codes are spelt out
in the table under it, which also serves phones and screen readers.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import bqplot as bq
import ipywidgets as ipw
import numpy as np

from cikit import palette

EMPTY = palette.HEAT_EMPTY
SCHEME = list(palette.HEAT)
ROW_LABEL_MAX = 30


def short(text: str, limit: int = ROW_LABEL_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def heat_map(
    values: np.ndarray,
    rows: Sequence[str],
    columns: Sequence[str],
    *,
    title: str,
) -> bq.Figure:
    """Rows × columns of non-negative numbers; zero cells stay pale grey (a gap)."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        data = np.zeros((1, max(1, len(columns))))
        rows = rows or [""]
    top = float(data.max()) or 1.0
    row_scale = bq.OrdinalScale(reverse=True)
    column_scale = bq.OrdinalScale()
    colour = bq.ColorScale(min=0.0, max=top, colors=SCHEME)
    grid = bq.GridHeatMap(
        row=[short(r) for r in rows],
        column=list(columns),
        color=data,
        scales={"row": row_scale, "column": column_scale, "color": colour},
        stroke="white",
        null_color=EMPTY,
        display_format=".3~g",
        font_style={"font-size": "12px"},
    )
    height = 90 + 30 * len(rows)
    figure = bq.Figure(
        marks=[grid],
        axes=[
            bq.Axis(scale=row_scale, side="left", tick_style={"font-size": "12px"}),
            bq.Axis(scale=column_scale, side="top", tick_style={"font-size": "12px"}),
        ],  # fmt: skip
        title=title,
        fig_margin={"top": 60, "bottom": 10, "left": 215, "right": 10},
        layout=ipw.Layout(width="100%", max_width="900px", height=f"{height}px"),
        title_style={"font-size": "15px"},
    )
    figure.add_class("cikit-chart")
    figure.add_class("cikit-heatmap")
    return figure


def heat_table(
    values: np.ndarray,
    rows: Sequence[str],
    codes: Sequence[str],
    *,
    corner: str,
    number_format: str | Callable[[float], str] = "{:g}",
) -> str:
    """The same numbers as an HTML table, cells shaded like the chart, zeros marked.

    ``number_format`` is a format string or a function writing one number (e.g. for
    the reader's locale, :mod:`cikit.i18n.format`)."""
    data = np.asarray(values, dtype=float)
    top = float(data.max()) if data.size else 0.0
    head = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in codes)
    body = []
    for name, line in zip(rows, data, strict=True):
        cells = []
        for value in line:
            level = 0 if value <= 0 or top <= 0 else 1 + min(3, int(3 * value / top))
            if value <= 0:
                text = "·"
            elif callable(number_format):
                text = number_format(float(value))
            else:
                text = number_format.format(value)
            cells.append(f'<td class="cikit-heat-{level}">{html.escape(text)}</td>')
        body.append(f"<tr><th scope='row'>{html.escape(name)}</th>{''.join(cells)}</tr>")
    return (
        '<div class="cikit-scroll"><table class="cikit-heat-table">'
        f"<thead><tr><th scope='col'>{html.escape(corner)}</th>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )
