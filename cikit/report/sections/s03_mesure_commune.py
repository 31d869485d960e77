"""« Mesure commune / Shared measurement » in reports: the lists, the dashboard, the curves.

Everything comes from :mod:`cikit.results.mesure_commune`, the same reader as the
workbook's dashboard and the overview: the status of each headline indicator is
computed there, once.
"""

from __future__ import annotations

import functools

import pandas as pd

from cikit.analysis.mesure_commune_scale import HEADLINE_MAX, HEADLINE_MIN
from cikit.i18n import Translator
from cikit.i18n.format import decimal, with_period
from cikit.report import figures
from cikit.report.blocks import Bullets, Figure, Heading, Paragraph, Section, Table
from cikit.results import mesure_commune as mc

WORKBOOK = mc.WORKBOOK
LISTS = mc.LISTS
STATUS_COLOURS = {"on_track": "good", "off_track": "bad", "no_data": "main"}


def status_labels(tr: Translator) -> dict[str, str]:
    return {"on_track": tr("On track"), "off_track": tr("Off track"), "no_data": tr("No data")}


def section(workspace, tr: Translator) -> Section:
    """The three lists, the headline dashboard, and each headline indicator's curve."""
    lang = tr.lang
    saved = workspace.decision(WORKBOOK, "lists")
    chosen = mc.indicators(workspace, lang)
    values = workspace.measurements()
    board = mc.dashboard(workspace, lang, values)
    labels = status_labels(tr)
    titles = {
        "headline": tr("Headline indicators"),
        "secondary": tr("Secondary indicators"),
        "development": tr("Data development agenda"),
    }
    blocks: list = []
    for name in LISTS:
        names = chosen.loc[chosen["list"] == name, "name"].tolist()
        if names:
            blocks.append(Heading(titles[name]))
            blocks.append(Bullets(tuple(names)))
    if not board.empty:
        rows = list(board.itertuples(index=False))
        blocks.append(Heading(tr("Where the headline indicators stand")))
        blocks.append(Table(pd.DataFrame({
            tr("Indicator"): board["name"],
            tr("Unit"): board["unit"],
            tr("Latest"): [with_period(r.latest_value, r.latest_period, lang) for r in rows],
            tr("Baseline"): [with_period(r.baseline_value, r.baseline_period, lang) for r in rows],
            tr("Target"): [with_period(r.target_value, r.target_period, lang) for r in rows],
            tr("Status"): [labels[s] for s in board["status"]],
        })))  # fmt: skip
        blocks.append(Paragraph(tr(
            "The rule: the expected path is a straight line from the baseline to the target. "
            "An indicator is on track when its latest value is at or better than that line at "
            "its date, off track otherwise; no data without a baseline, a target or a value "
            "measured after the baseline."
        )))  # fmt: skip
        for row in rows:
            history = mc.total_history(values, row.indicator)
            if history.empty:
                continue
            blocks.append(Heading(row.name))
            svg = functools.partial(figures.curve,
                [(row.name, history["x"].tolist(), history["value"].tolist(),
                  figures.COLOURS[STATUS_COLOURS[row.status]])],
                ylabel=row.unit,
                baseline=mc.point(row.baseline_value, row.baseline_period),
                target=mc.point(row.target_value, row.target_period),
                labels=(tr("Baseline"), tr("Target"), tr("Expected path")),
            )  # fmt: skip
            points = "; ".join(
                f"{mc.period_label(values, row.indicator, x)}: {decimal(v, lang)}"
                for x, v in zip(history["x"], history["value"], strict=True)
            )
            alt = tr("Curve of {name} ({unit}): {values}. Status: {status}.").format(
                name=row.name, unit=row.unit, values=points, status=labels[row.status]
            )
            blocks.append(Figure(svg, alt=alt))
    headline_count = len(board)
    if saved is None:
        shortlist = workspace.decision(WORKBOOK, "shortlist")
        return Section(
            WORKBOOK, "in_progress" if shortlist else "not_started",
            tr("The shared indicators are not chosen yet."),
            tr("Choose candidate indicators and rate them together."), blocks,
        )  # fmt: skip
    on_track = int((board["status"] == "on_track").sum())
    headline = tr("{on} of {n} headline indicators on track.").format(on=on_track, n=headline_count)
    no_data = int((board["status"] == "no_data").sum())
    if headline_count == 0:
        return Section(WORKBOOK, "in_progress", tr("No headline indicator chosen yet."),
                       tr("Choose {fewest} to {most} headline indicators.").format(
                           fewest=HEADLINE_MIN, most=HEADLINE_MAX), blocks)  # fmt: skip
    if no_data:
        return Section(WORKBOOK, "in_progress", headline,
                       tr("Define baselines and targets and enter data for {n} headline indicators.")
                       .format(n=no_data), blocks)  # fmt: skip
    off = [n for n, s in zip(board["name"], board["status"], strict=True) if s == "off_track"]
    next_step = tr("Look at what holds back: {names}.").format(names=", ".join(off)) if off else ""
    return Section(WORKBOOK, "done", headline, next_step, blocks)
