"""Static charts for reports: matplotlib (Agg) drawn to SVG text.

Reports must work offline and in print, so they cannot use the app's bqplot
widgets.  These functions draw the same numbers as the app charts, from the
same analysis functions, as SVG whose labels stay text (``svg.fonttype =
"none"``) so a PDF reader can search them.  Typed text (a partner's or an
indicator's name) is never read as mathtext: ``$x$`` stays ``$x$``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from cikit import palette

INK = palette.INK
GRID = palette.GRID
COLOURS = palette.STATUS

_RC = {
    "svg.fonttype": "none",
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "svg.hashsalt": "cikit",  # the same chart gives the same SVG
}


def pyplot():
    """matplotlib's pyplot on the Agg backend, imported when a chart is drawn (a page that
    shows no chart must not pay for matplotlib)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def svg_text(fig, *, tight: bool = True) -> str:
    """A figure as SVG markup for an HTML page: no XML prolog, no metadata, figure closed.

    The metadata block names external schemas (creativecommons.org, purl.org) and the
    time of drawing; a report has no use for either, and must not point outside.
    """
    plt = pyplot()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight" if tight else None,
                metadata={"Date": None})  # fmt: skip
    plt.close(fig)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]  # no XML prolog or DOCTYPE inside an HTML page
    return re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)


_svg = svg_text


def _short(label: str, limit: int = 48) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= limit else label[: limit - 1] + "…"


def horizontal_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    colours: Sequence[str] | None = None,
    xmax: float | None = None,
    xlabel: str = "",
    value_labels: Sequence[str] | None = None,
) -> str:
    """One horizontal bar per label, first label on top, each value written at its bar's end."""
    plt = pyplot()
    count = max(len(labels), 1)
    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(7.2, 0.45 * count + 0.9))
        positions = list(range(len(labels)))[::-1]
        ax.barh(
            positions, values, color=list(colours or [COLOURS["main"]] * len(labels)), height=0.6
        )
        ax.set_yticks(positions, [_short(x) for x in labels])
        top = xmax if xmax is not None else max([*values, 1]) * 1.15
        ax.set_xlim(0, top)
        for pos, value, text in zip(
            positions, values, value_labels or [None] * len(labels), strict=True
        ):
            ax.text(value + top * 0.01, pos, text if text is not None else f"{value:g}",
                    va="center", fontsize=9, color=INK)  # fmt: skip
        ax.set_xlabel(xlabel)
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return _svg(fig)


def curve(
    series: Sequence[tuple[str, Sequence[float], Sequence[float], str]],
    *,
    ylabel: str = "",
    baseline: tuple[float, float] | None = None,
    target: tuple[float, float] | None = None,
    labels: tuple[str, str, str] = ("", "", ""),
) -> str:
    """An indicator's curve: each series as a line, the baseline → target path dashed.

    ``labels`` are the legend texts for the baseline, the target and the expected path.
    """
    plt = pyplot()
    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(7.2, 3.2))
        for name, xs, ys, colour in series:
            ax.plot(xs, ys, marker="o", color=colour, label=_short(name, 40), linewidth=2)
        if baseline and target:
            ax.plot([baseline[0], target[0]], [baseline[1], target[1]], linestyle="--",
                    color=COLOURS["none"], label=labels[2])  # fmt: skip
            ax.scatter(
                [baseline[0]], [baseline[1]], marker="s", color=INK, zorder=3, label=labels[0]
            )
            ax.scatter([target[0]], [target[1]], marker="*", s=120, color=COLOURS["good"], zorder=3,
                       label=labels[1])  # fmt: skip
        ax.set_ylabel(ylabel)
        ax.grid(color=GRID, linewidth=0.6)
        ax.xaxis.get_major_locator().set_params(integer=True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.legend(loc="best", fontsize=8, frameon=False)
        return _svg(fig)
