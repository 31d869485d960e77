"""The network map on screen: bqplot's Graph mark with fixed positions.

It draws what it is given (positions, colours, sizes, tie levels) and computes
nothing; the positions come from :func:`cikit.analysis.network.layout`.
Fixed positions (``x``/``y`` set) turn bqplot's force layout off, so the map is
the same on every screen and does not move while people look at it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import bqplot as bq
import ipywidgets as ipw

from cikit import palette

# Tie levels 1-4 (awareness … integration): light grey to near black, thin to thick.
TIE_COLOURS = palette.TIES
TIE_WIDTHS = (1.5, 2.5, 4.0, 6.0)
SECTOR_COLOURS = palette.SECTORS


def _label_marks(
    labels: Sequence[str], positions: Sequence[tuple[float, float]], scales: dict
) -> list[bq.Label]:
    """Labels outside the circle: left of the left half, right of the right half.

    Ties are chords inside the circle, so labels out there cover no line and no
    other partner.  Partners at the top or bottom get a centred label above or below.
    """
    groups: dict[str, tuple[list, list, list]] = {
        a: ([], [], []) for a in ("start", "middle", "end")
    }
    for label, (x, y) in zip(labels, positions, strict=True):
        dx, dy = x - 0.5, y - 0.5
        norm = math.hypot(dx, dy) or 1.0
        ux, uy = dx / norm, dy / norm
        align = "middle" if abs(ux) < 0.2 else ("start" if ux > 0 else "end")
        xs, ys, texts = groups[align]
        xs.append(x + 0.09 * ux)
        ys.append(y + 0.1 * uy - (0.02 if align != "middle" else 0.0))
        texts.append(label)
    return [
        bq.Label(x=xs, y=ys, text=texts, align=align, scales=scales, colors=[palette.LABEL_INK],
                 default_size=12, font_unit="px", font_weight="normal")
        for align, (xs, ys, texts) in groups.items()
        if texts
    ]  # fmt: skip


def network_map(
    labels: Sequence[str],
    positions: Sequence[tuple[float, float]],
    *,
    colours: Sequence[str],
    sizes: Sequence[float],
    links: Sequence[tuple[int, int, int]],
    title: str,
    height: int = 480,
) -> bq.Figure:
    """A map of partners placed on a circle (``positions`` in [0, 1], centre 0.5, 0.5).

    ``links`` are ``(node index, node index, level 1-4)``; ``sizes`` are node
    radii in pixels (the app maps centrality to them).
    """
    node_data = [
        {"label": " ", "shape": "circle", "shape_attrs": {"r": float(size)}} for size in sizes
    ]
    link_data = [
        {
            "source": int(a),
            "target": int(b),
            "value": int(level),
            "link_width": TIE_WIDTHS[max(1, min(4, int(level))) - 1],
        }
        for a, b, level in links
    ]
    # Room on both sides for the labels drawn outside the circle.
    x_scale = bq.LinearScale(min=-0.55, max=1.55)
    y_scale = bq.LinearScale(min=-0.14, max=1.14)
    link_scale = bq.ColorScale(min=1, max=4, colors=list(TIE_COLOURS))
    graph = bq.Graph(
        node_data=node_data,
        link_data=link_data,
        link_type="line",
        directed=False,
        x=[p[0] for p in positions],
        y=[p[1] for p in positions],
        colors=list(colours),
        scales={"x": x_scale, "y": y_scale, "link_color": link_scale},
        highlight_links=True,
        interactions={},
        static=True,
    )
    marks = [graph, *_label_marks(labels, positions, {"x": x_scale, "y": y_scale})]
    figure = bq.Figure(
        marks=marks,
        title=title,
        fig_margin={"top": 40, "bottom": 10, "left": 4, "right": 4},
        layout=ipw.Layout(width="100%", max_width="760px", height=f"{height}px"),
        title_style={"font-size": "16px"},
    )
    figure.add_class("cikit-chart")
    figure.add_class("cikit-network-map")
    return figure
