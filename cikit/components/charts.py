"""bqplot chart builders.  They draw what they are given and compute nothing."""

from __future__ import annotations

from collections.abc import Sequence

import bqplot as bq
import ipywidgets as ipw

from cikit import palette

PRESENT = palette.PRESENT
MISSING = palette.MISSING


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
    stub = top * 0.04
    # Reverse so the first sector is drawn at the top.
    x_scale = bq.OrdinalScale(reverse=True)
    y_scale = bq.LinearScale(min=0, max=float(top))
    scales = {"x": x_scale, "y": y_scale}
    # Two marks, one colour each: present sectors with their count, missing ones as a stub.
    present = bq.Bars(
        x=list(labels),
        y=[c if c > 0 else 0 for c in counts],
        scales=scales,
        orientation="horizontal",
        colors=[PRESENT],
        padding=0.25,
    )
    missing = bq.Bars(
        x=list(labels),
        y=[stub if c == 0 else 0 for c in counts],
        scales=scales,
        orientation="horizontal",
        colors=[MISSING],
        padding=0.25,
    )
    x_axis = bq.Axis(scale=x_scale, side="left", tick_style={"font-size": "13px"})
    y_axis = bq.Axis(
        scale=y_scale,
        side="bottom",
        label=count_label,
        tick_format="d",
        tick_values=list(range(0, top + 1, max(1, top // 6 or 1))),
        tick_style={"font-size": "12px"},
    )
    figure = bq.Figure(
        marks=[present, missing],
        axes=[x_axis, y_axis],
        title=title,
        fig_margin={"top": 40, "bottom": 45, "left": 160, "right": 15},
        layout=ipw.Layout(width="100%", max_width="760px", height="340px"),
        title_style={"font-size": "16px"},
    )
    figure.add_class("cikit-chart")
    return figure


def legend_html(series: Sequence[str], colours: Sequence[str]) -> str:
    """A legend as HTML under a chart: bqplot's own legend sits on top of the bars."""
    import html

    items = "".join(
        f'<span class="cikit-legend-item"><span class="cikit-swatch" style="background:{c}"></span>'
        f"{html.escape(s)}</span>"
        for s, c in zip(series, colours, strict=True)
    )
    return f'<div class="cikit-legend">{items}</div>'


def level_colours(count: int) -> list[str]:
    """Colours of ``count`` series: the levels, then grey for "don't know"."""
    return [*LEVEL_COLOURS[: count - 1], DONT_KNOW_COLOUR]


LEVEL_COLOURS = palette.LEVELS
DONT_KNOW_COLOUR = palette.DONT_KNOW


def level_chart(
    labels: Sequence[str],
    shares: Sequence[Sequence[float]],
    *,
    series: Sequence[str],
    title: str,
    axis_label: str,
) -> bq.Figure:
    """100 % stacked horizontal bars: for each statement, the share of each level.

    ``shares[k][i]`` is the share (0-1) of level ``k`` for statement ``i``; the last
    series is "don't know", drawn in grey so it never reads as a level.
    """
    x_scale = bq.OrdinalScale(reverse=True)
    y_scale = bq.LinearScale(min=0.0, max=1.0)
    colours = level_colours(len(series))
    bars = bq.Bars(
        x=list(labels),
        y=[list(row) for row in shares],
        scales={"x": x_scale, "y": y_scale},
        orientation="horizontal",
        type="stacked",
        colors=colours,
        labels=list(series),
        padding=0.3,
    )
    x_axis = bq.Axis(scale=x_scale, side="left", tick_style={"font-size": "13px"})
    y_axis = bq.Axis(
        scale=y_scale,
        side="bottom",
        label=axis_label,
        tick_format=".0%",
        tick_values=[0, 0.25, 0.5, 0.75, 1.0],
        tick_style={"font-size": "12px"},
    )
    height = 90 + 38 * max(len(labels), 1)
    figure = bq.Figure(
        marks=[bars],
        axes=[x_axis, y_axis],
        title=title,
        fig_margin={"top": 40, "bottom": 45, "left": 40, "right": 24},
        layout=ipw.Layout(width="100%", max_width="760px", height=f"{height}px"),
        title_style={"font-size": "16px"},
    )
    figure.add_class("cikit-chart")
    return figure


def count_bars(
    labels: Sequence[str],
    counts: Sequence[Sequence[float]],
    *,
    colours: Sequence[str],
    title: str,
    axis_label: str,
    left_margin: int = 170,
) -> bq.Figure:
    """Horizontal bars of whole counts, stacked by series (one colour per series).

    ``counts[k][i]`` is series ``k``'s count for label ``i``; a label usually has
    one non-zero series, which is how terms get the colour of their kind and
    candidates the colour of their agreement level.  Labels are drawn top-down
    in the order given.
    """
    x_scale = bq.OrdinalScale(reverse=True)
    top = max([sum(column) for column in zip(*counts, strict=True)] + [1])
    y_scale = bq.LinearScale(min=0.0, max=float(top))
    bars = bq.Bars(
        x=list(labels),
        y=[list(row) for row in counts],
        scales={"x": x_scale, "y": y_scale},
        orientation="horizontal",
        type="stacked",
        colors=list(colours),
        padding=0.3,
    )
    step = max(1, int(top) // 6 or 1)
    x_axis = bq.Axis(scale=x_scale, side="left", tick_style={"font-size": "13px"})
    y_axis = bq.Axis(
        scale=y_scale,
        side="bottom",
        label=axis_label,
        tick_format="d",
        tick_values=list(range(0, int(top) + 1, step)),
        tick_style={"font-size": "12px"},
    )
    height = 95 + 30 * max(len(labels), 1)
    figure = bq.Figure(
        marks=[bars],
        axes=[x_axis, y_axis],
        title=title,
        fig_margin={"top": 40, "bottom": 45, "left": left_margin, "right": 20},
        layout=ipw.Layout(width="100%", max_width="760px", height=f"{height}px"),
        title_style={"font-size": "16px"},
    )
    figure.add_class("cikit-chart")
    return figure


SERIES_COLOURS = palette.SERIES


def curve_chart(
    lines: Sequence[tuple[str, Sequence[float], Sequence[float]]],
    *,
    title: str,
    value_label: str,
    forecast: tuple[Sequence[float], Sequence[float]] | None = None,
    baseline: tuple[float, float] | None = None,
    target: tuple[float, float] | None = None,
    x_range: tuple[float, float] | None = None,
) -> bq.Figure:
    """An indicator's curve: one line per group, the forecast dashed, baseline and target marked.

    ``lines`` are ``(label, xs, values)`` with x in decimal years.  The first line
    is drawn thickest (the total, or the group people chose first).
    """
    xs_all = [x for _, xs, _ in lines for x in xs]
    ys_all = [y for _, _, ys in lines for y in ys]
    for point in (baseline, target):
        if point is not None:
            xs_all.append(point[0])
            ys_all.append(point[1])
    if forecast is not None:
        xs_all += list(forecast[0])
        ys_all += list(forecast[1])
    low, high = (min(ys_all), max(ys_all)) if ys_all else (0.0, 1.0)
    pad = (high - low) * 0.12 or max(abs(high), 1.0) * 0.1
    x_low, x_high = x_range or ((min(xs_all), max(xs_all)) if xs_all else (2000.0, 2001.0))
    if x_high - x_low < 1:
        x_low, x_high = x_low - 0.5, x_high + 0.5
    x_scale = bq.LinearScale(min=float(x_low) - 0.3, max=float(x_high) + 0.3)
    y_scale = bq.LinearScale(min=float(min(0.0, low - pad)), max=float(high + pad))
    scales = {"x": x_scale, "y": y_scale}
    marks: list[bq.Mark] = []
    for number, (label, xs, ys) in enumerate(lines):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        marks.append(
            bq.Lines(
                x=list(xs), y=list(ys), scales=scales, colors=[colour], labels=[label],
                stroke_width=4 if number == 0 else 2.5, marker="circle", marker_size=40,
            )
        )  # fmt: skip
    if forecast is not None and len(forecast[0]):
        marks.append(
            bq.Lines(
                x=list(forecast[0]), y=list(forecast[1]), scales=scales, colors=[palette.MUTED],
                line_style="dashed", stroke_width=2.5,
            )
        )  # fmt: skip
    for point, colour, marker in ((baseline, palette.BASELINE, "square"),
                                  (target, palette.TARGET, "diamond")):  # fmt: skip
        if point is not None:
            marks.append(
                bq.Scatter(
                    x=[point[0]], y=[point[1]], scales=scales, colors=[colour], marker=marker,
                    default_size=160, stroke=palette.WHITE,
                )
            )  # fmt: skip
    x_axis = bq.Axis(scale=x_scale, tick_format="d", label="", tick_style={"font-size": "12px"})
    y_axis = bq.Axis(
        scale=y_scale, side="left", label=value_label, tick_style={"font-size": "12px"}
    )
    figure = bq.Figure(
        marks=marks,
        axes=[x_axis, y_axis],
        title=title,
        fig_margin={"top": 40, "bottom": 35, "left": 60, "right": 20},
        layout=ipw.Layout(width="100%", max_width="760px", height="340px"),
        title_style={"font-size": "16px"},
    )
    figure.add_class("cikit-chart")
    return figure
