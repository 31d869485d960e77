"""« Activités qui se renforcent / Mutually reinforcing activities » in reports.

The same rules as the app (:mod:`cikit.analysis.activites`) on the activities
running this month: coverage, gaps, overlaps (who to put in touch), the change
since the last snapshot, and the partner × strategy map as a static heat map.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from cikit import palette
from cikit.analysis import activites as mra
from cikit.i18n import Translator
from cikit.report import figures
from cikit.report.blocks import Bullets, Facts, Figure, Heading, Paragraph, Section, Table
from cikit.results import activites

WORKBOOK = activites.WORKBOOK
_RC = {"svg.fonttype": "none", "text.parse_math": False, "font.family": "DejaVu Sans",
       "font.size": 9, "svg.hashsalt": "cikit"}  # fmt: skip


def section(workspace, tr: Translator) -> Section:
    refs = activites.references(workspace, tr.lang)
    everything = workspace.activities()
    frame = mra.active_on(everything, activites.this_month())
    if everything.empty:
        return Section(
            workbook=WORKBOOK,
            status="not_started",
            headline=tr("No activity declared yet."),
            next_step=tr("Ask each partner to declare its activities (Activities workbook)."),
        )
    summary = mra.alignment(frame, refs)
    found = summary["gaps"]
    overlaps = mra.overlaps(frame, refs)
    complete = bool(refs.strategies) and not found["strategies"]
    headline = tr("{activities} activities by {partners} partners.").format(
        activities=summary["activities"], partners=summary["partners"]
    )
    if refs.strategies:
        headline += " " + tr("{covered} of {total} strategies of the agenda served.").format(
            covered=summary["strategies_covered"], total=summary["strategies_total"]
        )
    if found["strategies"]:
        next_step = tr("Find who could carry: {strategy}").format(strategy=found["strategies"][0])
    elif len(overlaps):
        next_step = tr("Put in touch: {partners}").format(
            partners=", ".join(overlaps.iloc[0]["partners"])
        )
    else:
        next_step = ""
    blocks: list = [
        Facts(
            tuple(
                (label, f"{summary[f'{name}_covered']}/{summary[f'{name}_total']}")
                for name, label in (
                    ("strategies", tr("Strategies served")),
                    ("indicators", tr("Headline indicators with an activity")),
                    ("territories", tr("Territories reached")),
                    ("populations", tr("Populations reached")),
                )
            )
        ),  # fmt: skip
        Heading(tr("Gaps")),
    ]
    gap_items = [*found["strategies"], *(refs.indicators.get(i, i) for i in found["indicators"]),
                 *found["territories"], *found["populations"]]  # fmt: skip
    blocks.append(Bullets(tuple(gap_items)) if gap_items else Paragraph(
        tr("None: everything is reached.")))  # fmt: skip
    blocks.append(
        Heading(tr("Overlaps: who to put in touch ({count})").format(count=len(overlaps)))
    )
    if len(overlaps):
        blocks.append(Table(pd.DataFrame({
            tr("Partners"): [", ".join(p) for p in overlaps["partners"]],
            tr("Strategy"): overlaps["strategy"],
            tr("For whom"): overlaps["population"],
            tr("Where"): overlaps["territory"],
        })))  # fmt: skip
    else:
        blocks.append(Paragraph(tr("No overlap found.")))
    snapshot = activites.last_snapshot(workspace)
    if snapshot is not None:
        change = mra.compare(snapshot["summary"], summary)
        taken = snapshot["taken_on"]
        blocks.append(Heading(tr("Since the last snapshot")))
        closed = [g for names in change["closed"].values() for g in names]
        opened = [g for names in change["opened"].values() for g in names]
        blocks.append(Facts((
            (tr("Snapshot {version} of {date}").format(version=snapshot["version"], date=taken),
             ""),
            (tr("Gaps closed since then"), "; ".join(closed) or tr("None.")),
            (tr("New gaps since then"), "; ".join(opened) or tr("None.")),
        )))  # fmt: skip
    table = mra.matrix(frame, refs)
    if not table.empty:
        codes = [f"S{n}" for n in range(1, len(refs.strategies) + 1)]
        columns = codes + ([tr("(no strategy)")] if len(table.columns) > len(codes) else [])
        blocks.append(Heading(tr("Activities by partner and strategy")))
        blocks.append(Figure(
            svg=functools.partial(heat_map_svg, table.to_numpy(), list(table.index), columns),
            alt=_alt(tr, table, refs),
        ))  # fmt: skip
        blocks.append(Bullets(tuple(f"{c} — {s}" for c, s in zip(codes, refs.strategies,
                                                                   strict=True))))  # fmt: skip
    return Section(
        workbook=WORKBOOK,
        status="done" if complete and not found["territories"] else "in_progress",
        headline=headline,
        next_step=next_step,
        blocks=blocks,
    )


def _alt(tr: Translator, table: pd.DataFrame, refs: mra.References) -> str:
    """The chart in words: how many activities each strategy has, and by how many partners."""
    parts = []
    for n, strategy in enumerate(refs.strategies, start=1):
        column = table[strategy] if strategy in table.columns else pd.Series(dtype=int)
        parts.append(tr("S{number}: {count} activities by {partners} partners").format(
            number=n, count=int(column.sum()), partners=int((column > 0).sum())))  # fmt: skip
    return "; ".join(parts) + "."


def heat_map_svg(values: np.ndarray, rows: list[str], columns: list[str]) -> str:
    """Partners × strategies as an SVG heat map with the count in each cell."""
    from matplotlib.colors import LinearSegmentedColormap

    plt = figures.pyplot()
    # The screen's heat-map colours, from none to the most activities.
    heat = LinearSegmentedColormap.from_list("cikit-heat", list(palette.HEAT))
    with plt.rc_context(_RC):
        height = 0.9 + 0.32 * len(rows)
        fig, ax = plt.subplots(figsize=(7.2, height))
        # Vector cells (pcolormesh), not a raster image: the SVG stays text and shapes.
        ax.pcolormesh(values, cmap=heat, vmin=0, vmax=max(1, values.max()),
                      edgecolors=palette.WHITE, linewidth=1.5)  # fmt: skip
        ax.set_xticks([j + 0.5 for j in range(len(columns))], labels=columns)
        ax.xaxis.tick_top()
        ax.set_yticks([i + 0.5 for i in range(len(rows))], labels=[_short(r) for r in rows])
        ax.invert_yaxis()
        for (i, j), value in np.ndenumerate(values):
            ax.text(j + 0.5, i + 0.5, f"{value:g}" if value else "·", ha="center",
                    va="center", color=palette.INK)  # fmt: skip
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        return figures.svg_text(fig)


def _short(label: str, limit: int = 40) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= limit else label[: limit - 1] + "…"
