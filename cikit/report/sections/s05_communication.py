"""Continuous communication in the overview and the report: the network, the plan, the logs.

The section reads the same records as the workbook: survey waves (rounds
``relations``), and the versioned decisions ``table.*``, ``decision.*`` and
``lesson.*``.  The network map is drawn again with matplotlib (SVG, Agg
backend) from the same measures as the screen, so a report needs no widget.
"""

from __future__ import annotations

import functools
import math

import pandas as pd

from cikit import content, palette
from cikit.analysis.logs import FREQUENCY_LABELS, KIND_LABELS, LESSON_LABELS
from cikit.analysis.network import Measures, by_sector, compare, layout
from cikit.i18n import Translator
from cikit.i18n.format import date, number, percent
from cikit.report import figures
from cikit.report.blocks import Bullets, Facts, Figure, Heading, Paragraph, Section, Table
from cikit.results import communication

WORKBOOK = communication.WORKBOOK
SHOWN_RECORDS = 5
SECTOR_COLOURS = palette.SECTORS
TIE_COLOURS = palette.TIES
TIE_WIDTHS = (0.8, 1.4, 2.4, 3.6)


def _pct(value: float | None, lang: str) -> str:
    return percent(value, lang)


def _score(value: float | None, lang: str) -> str:
    return number(value, lang)


def network_svg(
    found: Measures,
    names: dict[int, str],
    sectors: dict[int, str],
    title: str,
    legend: list[tuple[str, str]] | None = None,
) -> str:
    """The network map as SVG text: circles coloured by sector and sized by centrality.

    ``legend`` is (sector label, colour) pairs, drawn in a corner.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure as MplFigure

    order = by_sector(found.partners, sectors, [e.id for e in content.sectors()])
    positions = layout(found.graph, order=order)
    with matplotlib.rc_context({"svg.fonttype": "none", "font.size": 8}):
        fig = MplFigure(figsize=(9, 4.6))
        ax = fig.add_axes((0.0, 0.01, 0.8, 0.9))
        ax.set_axis_off()
        ax.set_title(title, fontsize=12)
        # One collection per level (weakest first, so closer work is drawn on top).
        segments: dict[int, list] = {}
        for row in found.ties.itertuples(index=False):
            rank = max(1, min(4, int(row.rank)))
            segments.setdefault(rank, []).append([positions[int(row.a)], positions[int(row.b)]])
        for rank in sorted(segments):
            ax.add_collection(
                LineCollection(segments[rank], colors=TIE_COLOURS[rank - 1],
                               linewidths=TIE_WIDTHS[rank - 1], zorder=1)
            )  # fmt: skip
        for p in found.partners:
            x, y = positions[p]
            size = 60 + 900 * found.centrality.get(p, 0.0)
            colour = palette.sector(sectors.get(p))
            ax.scatter([x], [y], s=size, color=colour, edgecolors=palette.EDGE, linewidths=0.8,
                       zorder=2)  # fmt: skip
            name = names.get(p, str(p))
            label = name if len(name) <= 28 else name[:27].rstrip() + "…"
            # Labels outside the circle (ties are chords inside): left half to the left.
            radius = (size**0.5) / 2 + 4
            dx, dy = x - 0.5, y - 0.5
            norm = math.hypot(dx, dy) or 1.0
            ux, uy = dx / norm, dy / norm
            ha = "center" if abs(ux) < 0.2 else ("left" if ux > 0 else "right")
            ax.annotate(label, (x, y), xytext=(radius * ux, radius * uy), ha=ha,
                        va="bottom" if uy > 0.5 else ("top" if uy < -0.5 else "center"),
                        textcoords="offset points", zorder=3)  # fmt: skip
        if legend:
            from matplotlib.lines import Line2D

            handles = [
                Line2D([], [], marker="o", linestyle="", markersize=8, color=colour, label=label)
                for label, colour in legend
            ]
            ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.0, 0.5),
                      frameon=False, fontsize=8)  # fmt: skip
        ax.set_aspect("equal")
        ax.set_xlim(-0.62, 1.62)
        ax.set_ylim(-0.14, 1.14)
        return figures.svg_text(fig, tight=False)


def _legend(found: Measures, sectors: dict[int, str], lang: str) -> list[tuple[str, str]]:
    used = {sectors.get(p, "other") for p in found.partners}
    return [
        (entry.text("short", lang), palette.sector(entry.id))
        for entry in content.sectors()
        if entry.id in used
    ]


def _map_alt(tr: Translator, found: Measures, names: dict[int, str]) -> str:
    top = sorted(found.partners, key=lambda p: -found.centrality.get(p, 0.0))[:3]
    alt = tr("Network map of {count} partners and {ties} ties. The most connected: {top}.").format(
        count=len(found.partners),
        ties=len(found.ties),
        top=", ".join(names.get(p, str(p)) for p in top),
    )
    if found.unreported:
        alt += " " + tr("Nobody reports working with: {names}.").format(
            names=", ".join(names.get(p, str(p)) for p in found.unreported)
        )
    return alt


def section(workspace, tr: Translator) -> Section:
    """Where continuous communication stands: the latest survey, the plan and the logs."""
    lang = tr.lang
    waves = communication.waves(workspace)
    tables = communication.tables(workspace)
    decisions = communication.decisions_log(workspace)
    lessons = communication.lessons(workspace)
    frame = workspace.partners(include_removed=True)
    names = {int(r.id): str(r.name) for r in frame.itertuples()}
    sectors = {int(r.id): str(r.sector) for r in frame.itertuples()}
    measured = communication.measured_waves(workspace)

    if not waves and not tables and decisions.empty and lessons.empty:
        return Section(
            workbook=WORKBOOK,
            status="not_started",
            headline=tr("No relationship survey, communication plan or log yet."),
            next_step=tr("Run a first relationship survey between partners."),
        )

    blocks: list = []
    headline = tr("No partner has answered the relationship survey yet.")
    latest = measured[-1][1] if measured else None
    if measured:
        wave, found = measured[-1]
        headline = tr(
            "{answered} of {count} partners answered the latest survey, {wave}: density "
            "{density}, {low} low-trust ratings."
        ).format(
            answered=len(found.answered),
            count=len(found.partners),
            wave=wave.title,
            density=_pct(found.density, lang),
            low=len(found.low_trust),
        )
        blocks.append(Heading(tr("The network")))
        blocks.append(
            Facts(
                (
                    (tr("Survey wave"), wave.title),
                    (tr("Partners answered"), f"{len(found.answered)} / {len(found.partners)}"),
                    (tr("Ties"), str(len(found.ties))),
                    (tr("Density"), _pct(found.density, lang)),
                    (tr("Centralisation"), _pct(found.centralisation, lang)),
                )
            )
        )
        blocks.append(
            Figure(
                svg=functools.partial(
                    network_svg,
                    found,
                    names,
                    sectors,
                    tr("Who works with whom"),
                    _legend(found, sectors, lang),
                ),
                alt=_map_alt(tr, found, names),
                caption=tr(
                    "Circles coloured by sector and sized by the number of ties; thicker, "
                    "darker lines for closer work."
                ),
            )
        )
        scores = found.scores.set_index("partner")
        blocks.append(
            Table(
                pd.DataFrame(
                    [
                        {
                            tr("Partner"): names.get(p, str(p)),
                            tr("Centrality"): _pct(found.centrality.get(p, 0.0), lang),
                            tr("Trust"): _score(scores.loc[p, "trust"], lang),
                            tr("Value"): _score(scores.loc[p, "value"], lang),
                        }
                        for p in sorted(found.partners, key=lambda p: -found.centrality.get(p, 0))
                    ]
                ),
                caption=tr("Scores per partner"),
            )
        )
        blocks.append(Heading(tr("Pairs with low trust")))
        low = [
            tr("{source} → {target}: trust {score}").format(
                source=names.get(int(r.source), "?"),
                target=names.get(int(r.target), "?"),
                score=_score(r.trust, lang),
            )
            for r in found.low_trust.itertuples(index=False)
        ]
        blocks.append(Bullets(tuple(low)) if low else Paragraph(tr("No pair below the line.")))
        if found.unreported:
            blocks.append(
                Paragraph(
                    tr("Partners nobody reports working with: {names}.").format(
                        names=", ".join(names.get(p, str(p)) for p in found.unreported)
                    )
                )
            )
        if len(measured) >= 2:
            (before_wave, before), (after_wave, after) = measured[-2], measured[-1]
            change = compare(before, after)
            blocks.append(
                Heading(
                    tr("What changed from {before} to {after}").format(
                        before=before_wave.title, after=after_wave.title
                    )
                )
            )
            blocks.append(
                Bullets(
                    (
                        tr("Density: {before} → {after}").format(
                            before=_pct(change.density[0], lang),
                            after=_pct(change.density[1], lang),
                        ),
                        tr("{new} new ties, {lost} lost, {closer} closer.").format(
                            new=len(change.new_ties),
                            lost=len(change.lost_ties),
                            closer=len(change.stronger),
                        ),
                        tr("{new} new low-trust ratings, {resolved} back above the line.").format(
                            new=len(change.new_low_trust), resolved=len(change.resolved_low_trust)
                        ),
                    )
                )
            )

    blocks.append(Heading(tr("Communication plan")))
    if tables:
        rows = []
        for c in tables:
            members = c.get("members") if isinstance(c.get("members"), list) else []
            rows.append(
                {
                    tr("Name of the table"): str(c.get("name", "")),
                    tr("Kind"): tr(KIND_LABELS.get(c.get("kind"), KIND_LABELS["other"])),
                    tr("How often"): tr(FREQUENCY_LABELS.get(c.get("frequency"), "—")),
                    tr("Channel"): str(c.get("channel", "")),
                    tr("For whom"): str(c.get("audience", "")),
                    tr("Partners sitting on it"): ", ".join(
                        names.get(m, "?") for m in members if isinstance(m, int)
                    ),
                }
            )
        blocks.append(Table(pd.DataFrame(rows)))
    else:
        blocks.append(Paragraph(tr("No table in the plan yet.")))

    blocks.append(Heading(tr("Latest decisions")))
    shown = communication.latest(decisions, SHOWN_RECORDS)
    blocks.append(
        Bullets(
            tuple(
                f"{date(d.date, lang)} — {d.what}" + (f" ({d.by})" if d.by else "")
                for d in shown.itertuples(index=False)
            )
        )
        if len(shown)
        else Paragraph(tr("No decision recorded yet."))
    )
    blocks.append(Heading(tr("Latest lessons")))
    shown = communication.latest(lessons, SHOWN_RECORDS)
    if len(shown):
        blocks.append(
            Paragraph(
                tr("{successes} successes · {setbacks} setbacks").format(
                    successes=int((lessons["kind"] == "success").sum()),
                    setbacks=int((lessons["kind"] == "setback").sum()),
                )
            )
        )
        items = []
        for lesson in shown.itertuples(index=False):
            kind = tr(LESSON_LABELS.get(lesson.kind, LESSON_LABELS["success"]))
            text = f"{date(lesson.date, lang)} — " + tr("{field}: {problem}").format(
                field=kind, problem=lesson.what
            )
            if lesson.change:
                text += " " + tr("What we change: {change}").format(change=lesson.change)
            items.append(text)
        blocks.append(Bullets(tuple(items)))
    else:
        blocks.append(Paragraph(tr("No lesson recorded yet.")))

    status = "in_progress"
    if len(measured) >= 2 and tables and len(decisions) and len(lessons):
        status = "done"
    next_step = _next_step(tr, measured, latest, tables, decisions, lessons, names)
    return Section(
        workbook=WORKBOOK, status=status, headline=headline, next_step=next_step, blocks=blocks
    )


def _next_step(tr, measured, latest, tables, decisions, lessons, names) -> str:
    if not measured:
        return tr("Run a first relationship survey between partners.")
    if latest is not None and len(latest.low_trust):
        return tr("Meet the partners in low-trust pairs to hear what stands in the way.")
    if latest is not None and latest.unreported:
        return tr("Reach out to the partners nobody reports working with: {names}.").format(
            names=", ".join(names.get(p, str(p)) for p in latest.unreported)
        )
    if not tables:
        return tr("Set up the communication plan: who meets, how often, for whom.")
    if decisions.empty or lessons.empty:
        return tr("Keep the decision and learning logs, setbacks included.")
    if len(measured) < 2:
        return tr("Run the survey again in about a year to see what changed.")
    return ""
