"""bqplot chart builders.  They draw what they are given and compute nothing."""

from __future__ import annotations

from collections.abc import Sequence

import bqplot as bq
import ipywidgets as ipw

PRESENT = "#1f6f5c"
MISSING = "#c2410c"


def sector_chart(
    labels: Sequence[str],
    counts: Sequence[int],
    *,
    title: str,
    count_label: str,
) -> bq.Figure:
    """Horizontal bars: partners per sector; sectors with none drawn as a short orange stub.

    The stub keeps missing sectors visible on the chart (a zero-length bar would
    vanish), which is the point of the chart: who is not at the table.
    """
    top = max([*counts, 1])
    shown = [c if c > 0 else top * 0.04 for c in counts]
    colours = [PRESENT if c > 0 else MISSING for c in counts]
    # Reverse so the first sector is drawn at the top.
    x_scale = bq.OrdinalScale(reverse=True)
    y_scale = bq.LinearScale(min=0, max=float(top) * 1.15)
    bars = bq.Bars(
        x=list(labels),
        y=shown,
        scales={"x": x_scale, "y": y_scale},
        orientation="horizontal",
        colors=colours,
        color_mode="element",
        padding=0.25,
        tooltip=bq.Tooltip(fields=["x"], labels=[title]),
    )
    bars.colors = colours
    x_axis = bq.Axis(scale=x_scale, side="left", tick_style={"font-size": "13px"})
    y_axis = bq.Axis(
        scale=y_scale,
        side="bottom",
        label=count_label,
        tick_format="d",
        num_ticks=min(top, 6) + 1,
        tick_style={"font-size": "12px"},
    )
    figure = bq.Figure(
        marks=[bars],
        axes=[x_axis, y_axis],
        title=title,
        fig_margin={"top": 40, "bottom": 45, "left": 230, "right": 15},
        layout=ipw.Layout(width="100%", max_width="760px", height="340px"),
        title_style={"font-size": "16px"},
    )
    figure.add_class("cikit-chart")
    return figure
