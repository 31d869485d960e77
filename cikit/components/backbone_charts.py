"""bqplot chart of the backbone self-assessment: partners' and staff's scores side by side.

Like :mod:`cikit.components.charts`, it draws what it is given and computes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import bqplot as bq
import ipywidgets as ipw

from cikit import palette

PARTNERS_COLOUR = palette.PARTNERS
STAFF_COLOUR = palette.STAFF
GROUP_COLOURS = palette.GROUPS


def gap_chart(
    labels: Sequence[str],
    partners: Sequence[float],
    staff: Sequence[float],
    *,
    title: str,
    axis_label: str,
    series: Sequence[str],
) -> bq.Figure:
    """Grouped horizontal bars on the 1-4 scale: one pair per function (partners, staff).

    A missing score (NaN: nobody of that group gave a level) is drawn as no bar; the
    table beside the chart says "—" for it.  Labels are drawn top-down in order.
    """

    def clean(values: Sequence[float]) -> list[float]:
        return [0.0 if v is None or math.isnan(v) else float(v) for v in values]

    x_scale = bq.OrdinalScale(reverse=True)
    y_scale = bq.LinearScale(min=0.0, max=4.0)
    bars = bq.Bars(
        x=list(labels),
        y=[clean(partners), clean(staff)],
        scales={"x": x_scale, "y": y_scale},
        orientation="horizontal",
        type="grouped",
        colors=list(GROUP_COLOURS),
        labels=list(series),
        padding=0.25,
    )
    x_axis = bq.Axis(scale=x_scale, side="left", tick_style={"font-size": "13px"})
    y_axis = bq.Axis(
        scale=y_scale,
        side="bottom",
        label=axis_label,
        tick_format="d",
        tick_values=[0, 1, 2, 3, 4],
        tick_style={"font-size": "12px"},
    )
    height = 90 + 52 * max(len(labels), 1)
    figure = bq.Figure(
        marks=[bars],
        axes=[x_axis, y_axis],
        title=title,
        fig_margin={"top": 40, "bottom": 45, "left": 110, "right": 20},
        layout=ipw.Layout(width="100%", max_width="760px", height=f"{height}px"),
        title_style={"font-size": "16px"},
    )
    figure.add_class("cikit-chart")
    figure.add_class("cikit-gap-chart")
    return figure
