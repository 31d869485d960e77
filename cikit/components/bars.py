"""Stacked bars drawn as HTML: light enough for every phone in a room.

The same reading as :func:`cikit.components.charts.level_chart` (one bar per statement,
the share of each level, "don't know" in grey), without a charting library: a phone
showing the group's results must not load bqplot and pandas to draw a few rectangles.
Every label is escaped; each bar also says its numbers in words for screen readers.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

LEVEL_COLOURS = ("#c2410c", "#f59e0b", "#65a30d", "#1f6f5c")
DONT_KNOW_COLOUR = "#9ca3af"


def level_colours(count: int) -> list[str]:
    """Level colours for ``count`` series, the last being "don't know"."""
    return [*LEVEL_COLOURS[: max(0, count - 1)], DONT_KNOW_COLOUR][:count]


def legend(series: Sequence[str], colours: Sequence[str]) -> str:
    """The colour key, as :func:`cikit.components.charts.legend_html` draws it."""
    items = "".join(
        f'<span class="cikit-legend-item"><span class="cikit-swatch" style="background:{c}">'
        f"</span>{html.escape(s)}</span>"
        for s, c in zip(series, colours, strict=False)
    )
    return f'<div class="cikit-legend">{items}</div>'


def stacked_bars(
    labels: Sequence[str],
    shares: Sequence[Sequence[float]],
    *,
    series: Sequence[str],
    title: str,
    percent: callable = lambda share: f"{round(share * 100)} %",
) -> str:
    """HTML for 100 % stacked horizontal bars.

    ``shares[k][i]`` is the share (0-1) of series ``k`` for bar ``i``; the last series is
    "don't know".  ``percent`` formats a share for the person's language.
    """
    colours = level_colours(len(series))
    rows = []
    for index, label in enumerate(labels):
        parts, words = [], []
        for k, name in enumerate(series):
            share = float(shares[k][index]) if index < len(shares[k]) else 0.0
            if share <= 0:
                continue
            shown = percent(share)
            words.append(f"{name} {shown}")
            text = html.escape(shown) if share >= 0.12 else ""
            parts.append(
                f'<span class="cikit-bar-part" style="width:{share * 100:.2f}%;'
                f'background:{colours[k]}" title="{html.escape(name, quote=True)} · '
                f'{html.escape(shown, quote=True)}">{text}</span>'
            )
        bar = "".join(parts) or '<span class="cikit-bar-empty">—</span>'
        rows.append(
            '<div class="cikit-bar-row">'
            f'<span class="cikit-bar-label">{html.escape(label)}</span>'
            f'<span class="cikit-bar" aria-hidden="true">{bar}</span>'
            f'<span class="cikit-sr">{html.escape(label)} : {html.escape(", ".join(words))}</span>'
            "</div>"
        )
    return (
        f'<figure class="cikit-chart cikit-bars"><figcaption>{html.escape(title)}</figcaption>'
        f"{''.join(rows)}</figure>"
    )


def count_bars(
    labels: Sequence[str],
    counts: Sequence[int],
    *,
    colours: Sequence[str],
    notes: Sequence[str],
    title: str,
    unit: callable = str,
) -> str:
    """HTML for horizontal bars of whole counts, one colour per bar, the longest the largest.

    Each bar writes its count inside; ``notes[i]`` (e.g. the bar's agreement level) and
    ``unit`` (``3`` → « 3 point(s) ») complete what a screen reader says.
    """
    top = max([int(c) for c in counts] + [1])
    rows = []
    for label, count, colour, note in zip(labels, counts, colours, notes, strict=True):
        count = int(count)
        words = ", ".join(part for part in (unit(count), note) if part)
        if count > 0:
            bar = (
                f'<span class="cikit-bar-part" style="width:{count / top * 100:.2f}%;'
                f'background:{colour}" title="{html.escape(words, quote=True)}">{count}</span>'
            )
        else:
            bar = '<span class="cikit-bar-empty">0</span>'
        rows.append(
            '<div class="cikit-bar-row">'
            f'<span class="cikit-bar-label">{html.escape(label)}</span>'
            f'<span class="cikit-bar" aria-hidden="true">{bar}</span>'
            f'<span class="cikit-sr">{html.escape(label)} : {html.escape(words)}</span>'
            "</div>"
        )
    return (
        f'<figure class="cikit-chart cikit-bars"><figcaption>{html.escape(title)}</figcaption>'
        f"{''.join(rows)}</figure>"
    )
