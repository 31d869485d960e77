"""Backbone support in the overview and the report: scores, resources, phases.

Reads the workbook's latest six-function round and its decisions ``resources``,
``phases`` and ``settings`` (see :mod:`cikit.apps.structure_soutien.decisions`), and says in
one sentence where the backbone stands.
"""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd

from cikit import content, palette
from cikit.analysis.structure_soutien import (
    MIN_FUNDED_YEARS,
    PARTNERS,
    STAFF,
    cell_key,
    largest_gap,
)
from cikit.errors import N_
from cikit.i18n import Translator
from cikit.i18n.format import decimal, money, number
from cikit.report import figures
from cikit.report.blocks import Bullets, Facts, Figure, Heading, Paragraph, Section, Table
from cikit.results import structure_soutien as bb

WORKBOOK = bb.WORKBOOK
PARTNERS_COLOUR = palette.PARTNERS
STAFF_COLOUR = palette.STAFF

WARNINGS = {
    "no_staff": N_("No staff is planned for the backbone."),
    "no_dedicated": N_("No staff role is dedicated to the backbone."),
    "short_funding": N_("Funding is planned for fewer than {years} years."),
    "no_coordinator": N_("No one holds the coordinating role (the « chef d'orchestre ») yet."),
}


def _pick(value: Any, lang: str) -> str:
    return content.pick(value, lang) if isinstance(value, dict) else str(value or "")


def _number(value: Any, lang: str, *, signed: bool = False) -> str:
    return number(value, lang, signed=signed)


def _scores(workspace) -> tuple[pd.DataFrame | None, int]:
    """The latest round's scores by function, and how many people answered (None: no round)."""
    found = bb.scores(workspace)
    return (None, 0) if found is None else (found.table, found.answered)


def gap_svg(labels: list[str], partners: list[float], staff: list[float], *, series, axis) -> str:
    """Grouped horizontal bars (partners, staff) on the 1-4 scale, as SVG text."""
    from matplotlib.figure import Figure as MplFigure

    figure = MplFigure(figsize=(7.2, 0.55 * len(labels) + 1.4))
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    height = 0.38
    for offset, values, colour, name in (
        (-height / 2, partners, PARTNERS_COLOUR, series[0]),
        (height / 2, staff, STAFF_COLOUR, series[1]),
    ):
        clean = [0.0 if pd.isna(v) else float(v) for v in values]
        axes.barh([p + offset for p in positions], clean, height=height, color=colour, label=name)
    axes.set_yticks(positions, labels=labels, fontsize=11)
    axes.invert_yaxis()
    axes.set_xlim(0, 4)
    axes.set_xticks([0, 1, 2, 3, 4])
    axes.set_xlabel(axis, fontsize=11)
    axes.grid(axis="x", color=palette.GRID)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False, fontsize=11)
    figure.tight_layout()
    return figures.svg_text(figure, tight=False)


def section(workspace, tr: Translator) -> Section:
    """Where the backbone stands: self-assessment, resources, phases."""
    lang = tr.lang
    rubric = content.document("backbone_rubric")
    phases_doc = content.document("phases")
    entries = {e["id"]: e for e in rubric["entries"]}
    scores, answered = _scores(workspace)

    resources = bb.backbone_resources(workspace)
    raw_settings = bb.settings(workspace)
    phase_ids = bb.phase_ids()
    ticks = bb.ticks(workspace) or {}
    where = bb.where(workspace)
    phase_names = {p["id"]: _pick(p, lang) for p in phases_doc["phases"]}
    warnings = list(resources.warnings)

    started = scores is not None or resources.recorded or bool(ticks) or raw_settings
    if not started:
        return Section(
            workbook=WORKBOOK,
            status="not_started",
            headline=tr(
                "The backbone's self-assessment, resources and phases are not filled in yet."
            ),
            next_step=tr("Open the six-function self-assessment with partners and backbone staff."),
        )
    both_sides = (
        scores is not None and scores[PARTNERS].notna().any() and scores[STAFF].notna().any()
    )
    done = both_sides and resources.recorded and bool(ticks)
    widest = largest_gap(scores) if scores is not None else None

    # One sentence.
    if widest is not None and scores.loc[widest, "notable"]:
        headline = tr("Backbone staff and partners differ most on “{function}” (gap {gap})").format(
            function=_pick(entries[widest], lang),
            gap=_number(scores.loc[widest, "gap"], lang, signed=True),
        )
    elif both_sides:
        headline = tr("Backbone staff and partners see the six functions much alike")
    elif scores is not None:
        headline = tr("Only one side has rated the six functions so far")
    else:
        headline = tr("The six functions are not rated yet")
    if where["phase"]:
        headline = tr("{finding}; the initiative places itself in {phase}.").format(
            finding=headline, phase=phase_names[where["phase"]]
        )
    else:
        headline = tr("{finding}.").format(finding=headline)

    # What to do next, most pressing first.
    if scores is None:
        next_step = tr("Open the six-function self-assessment with partners and backbone staff.")
    elif {"no_staff", "no_dedicated"} & set(warnings):
        next_step = tr("Plan at least one staff position dedicated to the backbone.")
    elif widest is not None and scores.loc[widest, "notable"]:
        next_step = tr(
            "Talk through the gap on “{function}” with partners and the backbone team."
        ).format(function=_pick(entries[widest], lang))
    elif not both_sides:
        next_step = tr("Ask the other side (partners or backbone staff) to rate the six functions.")
    elif where["remaining"]:
        component, phase = where["remaining"][0].split(".", 1)
        cell = next(e for e in phases_doc["entries"] if e["id"] == component)["cells"][phase]
        next_step = tr("Next in this phase: {step}").format(step=_pick(cell, lang))
    else:
        next_step = ""

    blocks: list = [Heading(tr("Six functions: partners and backbone staff"))]
    if scores is None:
        blocks.append(Paragraph(tr("The six functions are not rated yet")))
    else:
        partners_h, staff_h, gap_h = tr("Partners"), tr("Backbone staff"), tr("Gap")
        table = pd.DataFrame(
            {
                tr("Function"): [_pick(entries[f], lang) for f in scores.index],
                partners_h: [_number(v, lang) for v in scores[PARTNERS]],
                staff_h: [_number(v, lang) for v in scores[STAFF]],
                gap_h: [_number(v, lang, signed=True) for v in scores["gap"]],
            }
        )
        blocks.append(
            Table(
                table,
                caption=tr.ngettext(
                    "Average level from 1 (just begun) to 4 (fully achieved); "
                    "{count} person answered.",
                    "Average level from 1 (just begun) to 4 (fully achieved); "
                    "{count} people answered.",
                    answered,
                ).format(count=answered),
            )
        )
        labels = [_pick(entries[f].get("short"), lang) for f in scores.index]
        series = [tr("Partners"), tr("Backbone staff")]
        svg = functools.partial(
            gap_svg,
            labels,
            scores[PARTNERS].tolist(),
            scores[STAFF].tolist(),
            series=series,
            axis=tr("Average level (1 to 4)"),
        )
        described = "; ".join(
            tr("{function}: partners {partners}, staff {staff}").format(
                function=_pick(entries[f], lang),
                partners=_number(scores.loc[f, PARTNERS], lang),
                staff=_number(scores.loc[f, STAFF], lang),
            )
            for f in scores.index
        )
        alt = (
            tr("Bar chart of the average level per backbone function, partners beside staff. ")
            + described
            + "."
        )
        blocks.append(Figure(svg=svg, alt=alt, caption=tr("Scores by function")))
        blocks.append(
            Paragraph(
                tr(
                    "A function's score is the average of its statements' averages, “don't know” "
                    "left out; the gap is the staff's score minus the partners'. A gap of a whole "
                    "level or more is worth a conversation."
                )
            )
        )

    blocks.append(Heading(tr("The backbone's resources")))
    if not resources.recorded:
        blocks.append(Paragraph(tr("The resources are not described yet.")))
    else:
        summary = resources.summary
        years = (
            tr("{count} years ({first}–{last})").format(
                count=summary["years"], first=summary["first_year"], last=summary["last_year"]
            )
            if summary["years"]
            else tr("none planned")
        )
        blocks.append(
            Facts(
                (
                    (tr("Coordinating role (« chef d'orchestre »)"), summary["coordinator"] or "—"),
                    (
                        tr("Staff"),
                        tr("{fte} full-time equivalents, {dedicated} dedicated").format(
                            fte=decimal(summary["fte"], lang),
                            dedicated=decimal(summary["dedicated_fte"], lang),
                        ),
                    ),
                    (tr("Years funded"), years),
                    (
                        tr("Average budget per funded year"),
                        money(summary["yearly"], lang),
                    ),
                    (tr("Funders"), ", ".join(resources.funders) or "—"),
                )
            )
        )
        if resources.staff:
            yes, no = tr("Yes, dedicated"), tr("No, lent or shared")
            blocks.append(
                Table(
                    pd.DataFrame(
                        {
                            tr("Role"): [s["role"] for s in resources.staff],
                            tr("Time (full-time equivalents)"): [
                                decimal(s["fte"], lang) for s in resources.staff
                            ],
                            tr("Dedicated to the backbone"): [
                                yes if s["dedicated"] else no for s in resources.staff
                            ],
                        }
                    )
                )
            )
        if warnings:
            blocks.append(
                Bullets(
                    tuple(
                        tr("Watch out: {warning}").format(
                            warning=tr(WARNINGS[code]).format(years=MIN_FUNDED_YEARS)
                        )
                        for code in warnings
                    )
                )
            )

    blocks.append(Heading(tr("Phases (Channeling Change)")))
    if where["phase"] is None:
        blocks.append(
            Paragraph(tr("Nothing is ticked yet: the group has not placed itself in a phase."))
        )
    else:
        state = tr("We are in {phase}.").format(phase=phase_names[where["phase"]])
        count = tr.ngettext(
            "{done} item of {total} ticked.", "{done} items of {total} ticked.", where["done"]
        ).format(done=where["done"], total=where["total"])
        blocks.append(Paragraph(state + " " + count))
    done_word, todo_word = tr("done"), tr("not yet")
    grid = pd.DataFrame(
        {
            tr("Component"): [_pick(e, lang) for e in phases_doc["entries"]],
            **{
                phase_names[p]: [
                    ("✓ " + done_word) if ticks.get(cell_key(e["id"], p)) else todo_word
                    for e in phases_doc["entries"]
                ]
                for p in phase_ids
            },
        }
    )
    blocks.append(Table(grid, caption=tr("Where the initiative stands, component by component.")))
    if where["catch_up"]:
        blocks.append(
            Bullets(
                tuple(
                    tr("To catch up: {step}").format(step=_cell(phases_doc, key, lang))
                    for key in where["catch_up"]
                )
            )
        )
    if raw_settings is not None:
        scale = content.get("scales", raw_settings.get("scale") or "")
        moments = [
            content.get("crisis", c).label(lang)
            for c in raw_settings.get("crisis") or []
            if c in content.ids("crisis")
        ]
        blocks.append(
            Facts(
                (
                    (tr("Scale"), scale.label(lang) if scale else "—"),
                    (
                        tr("Crisis moments"),
                        ", ".join(moments) or tr("No crisis moment recognised."),
                    ),
                )
            )
        )
    return Section(
        workbook=WORKBOOK,
        status="done" if done else "in_progress",
        headline=headline,
        next_step=next_step,
        blocks=blocks,
    )


def _cell(doc: dict, key: str, lang: str) -> str:
    component, phase = key.split(".", 1)
    entry = next(e for e in doc["entries"] if e["id"] == component)
    return f"{_pick(entry, lang)} — {_pick(entry['cells'][phase], lang)}"
