"""The network map on screen: bqplot's Graph mark with fixed positions.

It draws what it is given (positions, colours, sizes, tie levels) and computes
nothing; the positions come from :func:`cikit.analysis.network.layout`.
Fixed positions (``x``/``y`` set) turn bqplot's force layout off, so the map is
the same on every screen and does not move while people look at it.
"""

from __future__ import annotations

from collections.abc import Sequence

import bqplot as bq
import ipywidgets as ipw

# Tie levels 1-4 (awareness … integration): light grey to dark teal, thin to thick.
TIE_COLOURS = ("#d1d5db", "#9ca3af", "#4b5563", "#111827")
TIE_WIDTHS = (1.5, 2.5, 4.0, 6.0)
SECTOR_COLOURS = {
    "community": "#ea580c",
    "public": "#1d4ed8",
    "education": "#7c3aed",
    "health": "#0891b2",
    "philanthropy": "#15803d",
    "private": "#854d0e",
    "residents": "#db2777",
    "other": "#6b7280",
}


def network_map(
    labels: Sequence[str],
    positions: Sequence[tuple[float, float]],
    *,
    colours: Sequence[str],
    sizes: Sequence[float],
    links: Sequence[tuple[int, int, int]],
    title: str,
    height: int = 460,
) -> bq.Figure:
    """A map of partners: ``links`` are ``(node index, node index, level 1-4)``.

    ``sizes`` are node radii in pixels (the app maps centrality to them).
    """
    node_data = [
        {
            "label": label,
            "label_display": "outside",
            "shape": "circle",
            "shape_attrs": {"r": float(size)},
        }
        for label, size in zip(labels, sizes, strict=True)
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
    # Room on the right: labels are drawn beside their circle.
    x_scale = bq.LinearScale(min=-0.06, max=1.4)
    y_scale = bq.LinearScale(min=-0.1, max=1.1)
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
        interactions={"hover": "tooltip"},
        static=True,
    )
    figure = bq.Figure(
        marks=[graph],
        title=title,
        fig_margin={"top": 40, "bottom": 10, "left": 10, "right": 10},
        layout=ipw.Layout(width="100%", max_width="760px", height=f"{height}px"),
        title_style={"font-size": "16px"},
    )
    figure.add_class("cikit-chart")
    figure.add_class("cikit-network-map")
    return figure
