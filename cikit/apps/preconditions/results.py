"""The Preconditions round's results: verdict per section, one section in detail, averages
by sector, and what the conclusion records.

Drawn on the facilitator's page, and on participants' pages once results are revealed;
this is the module that brings pandas and the charts, so the questions never load it.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw
import numpy as np
import pandas as pd

from cikit import content
from cikit.analysis.rounds import (
    LEVELS,
    item_summary,
    latest_answers,
    respondents_by_sector,
    section_verdicts,
    sector_means,
    verdict,
)
from cikit.apps.framework import replace_children
from cikit.components.charts import legend_html, level_chart, level_colours
from cikit.i18n import Translator

if TYPE_CHECKING:
    from cikit.apps.preconditions.readiness import ReadinessRound

VERDICT_CLASS = {"ready": "ok", "partly": "mid", "not_yet": "low", "unknown": "none"}


def readiness_results(step: ReadinessRound, responses: pd.DataFrame) -> list[ipw.Widget]:
    """The group's results: verdict per section, one section in detail, averages by sector."""
    tr = step.tr
    sections = step.sections()
    latest = latest_answers(responses, items=step.items())
    summary = item_summary(latest, step.items())
    verdicts = section_verdicts(summary, sections)
    by_sector = sector_means(latest, respondents_by_sector(responses), step.items())
    step.last_summary, step.last_verdicts = summary, verdicts
    entries = {e["id"]: e for e in step.doc["entries"]}

    overview = _verdict_table(step, tr, verdicts, entries)
    rules = ipw.HTML(
        '<div class="cikit-rules"><p>'
        + html.escape(
            tr(
                "How to read this: for each section, the average level of its statements "
                "(“don't know” left out). 3 or more: ready; from 2 to 3: partly there; "
                "below 2: not yet."
            )
        )
        + "</p><p>"
        + html.escape(
            tr(
                "A statement is marked “group split” when at least a quarter of the "
                "people who chose a level answered 1–2 and at least a quarter answered "
                "3–4: worth a conversation before concluding."
            )
        )
        + "</p></div>"
    )
    if step._shown_section not in entries:
        step._shown_section = next(iter(entries))
    picker = ipw.Dropdown(
        options=[(step.text(e), sid) for sid, e in entries.items()],
        value=step._shown_section,
        layout=ipw.Layout(width="100%", max_width="520px"),
    )
    picker.add_class("cikit-section-picker")
    detail = ipw.VBox()

    def show(section_id: str) -> None:
        step._shown_section = section_id
        replace_children(
            detail,
            _section_detail(step, tr, entries[section_id], summary, verdicts.loc[section_id]),
        )

    picker.observe(lambda change: show(change["new"]), names="value")
    show(step._shown_section)
    sector_table = _sector_table(step, tr, by_sector, sections, entries)
    detail_label = tr("Section in detail")
    return [
        overview,
        rules,
        ipw.HTML(f'<label class="cikit-label">{html.escape(detail_label)}</label>'),
        picker,
        detail,
        sector_table,
    ]


def _verdict_label(step: ReadinessRound, verdict: str) -> str:
    return step.text(step.doc["verdicts"][verdict])


def _verdict_table(
    step: ReadinessRound, tr: Translator, verdicts: pd.DataFrame, entries: dict
) -> ipw.HTML:
    rows = []
    for section_id, row in verdicts.iterrows():
        mean = (
            "—"
            if np.isnan(row["mean"])
            else f"{row['mean']:.1f} / 4".replace(".", "," if step.lang == "fr" else ".")
        )
        split = (
            html.escape(tr("{count} split").format(count=int(row["split_items"])))
            if row["split_items"]
            else ""
        )
        rows.append(
            f"<tr><td>{html.escape(step.text(entries[section_id]))}</td>"
            f'<td><span class="cikit-verdict cikit-verdict-{VERDICT_CLASS[row["verdict"]]}">'
            f"{html.escape(_verdict_label(step, row['verdict']))}</span></td>"
            f'<td class="cikit-num">{mean}</td><td>{split}</td></tr>'
        )
    head = "".join(
        f"<th>{html.escape(h)}</th>"
        for h in (tr("Section"), tr("Verdict"), tr("Average"), tr("Group split"))
    )
    return ipw.HTML(
        f'<table class="cikit-verdicts"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _section_detail(
    step: ReadinessRound, tr: Translator, entry: dict, summary: pd.DataFrame, verdict_row: pd.Series
) -> list[ipw.Widget]:
    ids = [st["id"] for st in entry["statements"]]
    part = summary.reindex(ids)
    numbers = [str(i) for i in range(1, len(ids) + 1)]
    answers = part["answers"].replace(0, np.nan)
    shares = [(part[f"level_{lv}"] / answers).fillna(0).tolist() for lv in LEVELS] + [
        (part["dont_know"] / answers).fillna(0).tolist()
    ]
    series = [step.text(lv) for lv in step.doc["levels"]] + [step.text(step.doc["dont_know"])]
    chart = level_chart(
        numbers,
        shares,
        series=series,
        title=step.text(entry),
        axis_label=tr("Share of answers"),
    )
    items = []
    for number, statement in zip(numbers, entry["statements"], strict=True):
        row = part.loc[statement["id"]]
        if row["rated"]:
            mean = f"{row['mean']:.1f}".replace(".", "," if step.lang == "fr" else ".")
            stats = tr("average {mean} · {count} answers").format(
                mean=mean, count=int(row["answers"])
            )
        else:
            stats = tr("no level given yet")
        split_label = tr("group split")
        flag = (
            f' <span class="cikit-flag">{html.escape(split_label)}</span>' if row["split"] else ""
        )
        items.append(
            f"<li><strong>{number}.</strong> {html.escape(step.text(statement))}"
            f'<div class="cikit-stats">{html.escape(stats)}{flag}</div></li>'
        )
    status = verdict_row["verdict"]
    steps_html = ""
    steps = entry.get("next_steps", {}).get(status, [])
    if steps:
        lis = "".join(f"<li>{html.escape(step.text(s))}</li>" for s in steps)
        next_label = tr("Next steps")
        steps_html = (
            f'<div class="cikit-prompt"><p><strong>{html.escape(next_label)}</strong> — '
            f"{html.escape(_verdict_label(step, status))}</p><ul>{lis}</ul></div>"
        )
    legend = legend_html(series, level_colours(len(series)))
    return [
        chart,
        ipw.HTML(f'{legend}<ol class="cikit-statements">{"".join(items)}</ol>{steps_html}'),
    ]


def _sector_table(
    step: ReadinessRound, tr: Translator, by_sector: pd.DataFrame, sections: dict, entries: dict
) -> ipw.HTML:
    if by_sector.empty or by_sector.columns.empty:
        return ipw.HTML("")
    names = {e.id: e.text("short", step.lang) for e in content.sectors()}
    names["unknown"] = tr("Not given")
    columns = [c for c in [*names] if c in by_sector.columns]
    head = "".join(f"<th>{html.escape(names[c])}</th>" for c in columns)
    rows = []
    for section_id, items in sections.items():
        means = by_sector.reindex(items)[columns].mean(skipna=True)
        cells = []
        for c in columns:
            value = means[c]
            if pd.isna(value):
                cells.append('<td class="cikit-num">—</td>')
            else:
                shade = VERDICT_CLASS[verdict(float(value))]
                text = f"{value:.1f}".replace(".", "," if step.lang == "fr" else ".")
                cells.append(f'<td class="cikit-num cikit-cell-{shade}">{text}</td>')
        rows.append(
            f"<tr><td>{html.escape(step.text(entries[section_id]))}</td>{''.join(cells)}</tr>"
        )
    title = tr("By sector: average level per section")
    note = tr("Where sectors differ by a point or more, ask each side what it sees.")
    return ipw.HTML(
        f"<h3>{html.escape(title)}</h3>"
        f'<div class="cikit-scroll"><table class="cikit-sectors"><thead><tr><th></th>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div><p class="cikit-hint">{html.escape(note)}</p>'
    )


def conclusion_content(step: ReadinessRound, responses: pd.DataFrame) -> dict[str, Any]:
    """The verdicts and averages recorded with the group's conclusion."""
    latest = latest_answers(responses, items=step.items())
    verdicts = section_verdicts(item_summary(latest, step.items()), step.sections())
    return {
        "verdicts": verdicts["verdict"].to_dict(),
        "means": {
            k: (None if pd.isna(v) else round(float(v), 2)) for k, v in verdicts["mean"].items()
        },
    }
