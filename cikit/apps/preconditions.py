"""The Preconditions workbook: is collective impact the right approach, and is the group ready?"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as ipw
import numpy as np
import pandas as pd

from cikit import content
from cikit.analysis import (
    item_summary,
    latest_answers,
    respondents_by_sector,
    section_verdicts,
    sector_means,
    verdict,
)
from cikit.analysis.rounds import DONT_KNOW, LEVELS
from cikit.apps.rounds import RoundApp
from cikit.components import LikertItem, StepNavigator, level_chart
from cikit.components.charts import legend_html, level_colours
from cikit.i18n import Translator
from cikit.i18n import format as fmt
from cikit.results import preconditions as readiness_results

CONTENT = "preconditions"
VERDICT_CLASS = {"ready": "ok", "partly": "mid", "not_yet": "low", "unknown": "none"}


class PreconditionsApp(RoundApp):
    """« Conditions préalables / Preconditions »."""

    workbook_id = "01_preconditions"
    round_key = "readiness"

    # -- content ------------------------------------------------------------------------------

    @property
    def doc(self) -> dict[str, Any]:
        return content.document(CONTENT)

    def sections(self) -> dict[str, list[str]]:
        return readiness_results.sections()

    def items(self) -> list[str]:
        return [item for items in self.sections().values() for item in items]

    def allowed_values(self, item: str) -> set:
        return {*LEVELS, DONT_KNOW}

    def _text(self, value: dict | None) -> str:
        return content.pick(value, self.lang)

    # -- participants' questions ----------------------------------------------------------------

    def build_questions(
        self, tr: Translator, answers: dict[str, Any], disabled: bool
    ) -> list[ipw.Widget]:
        levels = [(self._text(lv), lv["id"]) for lv in self.doc["levels"]]
        dont_know = self._text(self.doc["dont_know"])
        self.likert: dict[str, LikertItem] = {}
        steps = []
        for entry in self.doc["entries"]:
            widgets: list[ipw.Widget] = [
                ipw.HTML(
                    f"<h2>{html.escape(self._text(entry))}</h2>"
                    f'<p class="cikit-lead">{html.escape(self._text(entry.get("intro")))}</p>'
                )
            ]
            for number, statement in enumerate(entry["statements"], start=1):
                item = LikertItem(
                    self._text(statement),
                    levels=levels,
                    dont_know=dont_know,
                    number=f"{number}.",
                    value=answers.get(statement["id"]),
                )
                item.disabled = disabled
                item.observe(self.answer_handler(statement["id"], item), names="value")
                self.likert[statement["id"]] = item
                widgets.append(item)
            page = ipw.VBox(widgets)
            page.add_class("cikit-step")
            steps.append((self._text(entry), page))
        self.questions = StepNavigator(steps, tr=tr)
        # A redraw (reveal, close, language) keeps the person on the section they were on.
        self.questions.index = min(getattr(self, "_question_step", 0), len(steps) - 1)
        self.questions.observe(
            lambda change: setattr(self, "_question_step", change["new"]), names="index"
        )
        return [self.questions]

    # -- the group's results ----------------------------------------------------------------------

    def build_results(self, tr: Translator, responses: pd.DataFrame) -> list[ipw.Widget]:
        sections = self.sections()
        latest = latest_answers(responses, items=self.items())
        summary = item_summary(latest, self.items())
        verdicts = section_verdicts(summary, sections)
        by_sector = sector_means(latest, respondents_by_sector(responses), self.items())
        self.last_summary, self.last_verdicts = summary, verdicts
        entries = {e["id"]: e for e in self.doc["entries"]}

        overview = self._verdict_table(tr, verdicts, entries)
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
        if not hasattr(self, "_shown_section") or self._shown_section not in entries:
            self._shown_section = next(iter(entries))
        picker = ipw.Dropdown(
            options=[(self._text(e), sid) for sid, e in entries.items()],
            value=self._shown_section,
            layout=ipw.Layout(width="100%", max_width="520px"),
        )
        picker.add_class("cikit-section-picker")
        detail = ipw.VBox()

        def show(section_id: str) -> None:
            self._shown_section = section_id
            detail.children = tuple(
                self._section_detail(tr, entries[section_id], summary, verdicts.loc[section_id])
            )

        picker.observe(lambda change: show(change["new"]), names="value")
        show(self._shown_section)
        sector_table = self._sector_table(tr, by_sector, sections, entries)
        detail_label = tr("Section in detail")
        return [
            overview,
            rules,
            ipw.HTML(f'<label class="cikit-label">{html.escape(detail_label)}</label>'),
            picker,
            detail,
            sector_table,
        ]

    def _verdict_label(self, verdict: str) -> str:
        return self._text(self.doc["verdicts"][verdict])

    def _verdict_table(self, tr: Translator, verdicts: pd.DataFrame, entries: dict) -> ipw.HTML:
        rows = []
        for section_id, row in verdicts.iterrows():
            mean = (
                "—"
                if np.isnan(row["mean"])
                else f"{fmt.number(row['mean'], self.lang)} / 4"
            )
            split = (
                html.escape(tr("{count} split").format(count=int(row["split_items"])))
                if row["split_items"]
                else ""
            )
            rows.append(
                f"<tr><td>{html.escape(self._text(entries[section_id]))}</td>"
                f'<td><span class="cikit-verdict cikit-verdict-{VERDICT_CLASS[row["verdict"]]}">'
                f"{html.escape(self._verdict_label(row['verdict']))}</span></td>"
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
        self, tr: Translator, entry: dict, summary: pd.DataFrame, verdict_row: pd.Series
    ) -> list[ipw.Widget]:
        ids = [st["id"] for st in entry["statements"]]
        part = summary.reindex(ids)
        numbers = [str(i) for i in range(1, len(ids) + 1)]
        answers = part["answers"].replace(0, np.nan)
        shares = [(part[f"level_{lv}"] / answers).fillna(0).tolist() for lv in LEVELS] + [
            (part["dont_know"] / answers).fillna(0).tolist()
        ]
        series = [self._text(lv) for lv in self.doc["levels"]] + [self._text(self.doc["dont_know"])]
        chart = level_chart(
            numbers,
            shares,
            series=series,
            title=self._text(entry),
            axis_label=tr("Share of answers"),
        )
        items = []
        for number, statement in zip(numbers, entry["statements"], strict=True):
            row = part.loc[statement["id"]]
            if row["rated"]:
                mean = fmt.number(row["mean"], self.lang)
                stats = tr("average {mean} · {count} answers").format(
                    mean=mean, count=int(row["answers"])
                )
            else:
                stats = tr("no level given yet")
            split_label = tr("group split")
            flag = (
                f' <span class="cikit-flag">{html.escape(split_label)}</span>'
                if row["split"]
                else ""
            )
            items.append(
                f"<li><strong>{number}.</strong> {html.escape(self._text(statement))}"
                f'<div class="cikit-stats">{html.escape(stats)}{flag}</div></li>'
            )
        status = verdict_row["verdict"]
        steps_html = ""
        steps = entry.get("next_steps", {}).get(status, [])
        if steps:
            lis = "".join(f"<li>{html.escape(self._text(s))}</li>" for s in steps)
            next_label = tr("Next steps")
            steps_html = (
                f'<div class="cikit-prompt"><p><strong>{html.escape(next_label)}</strong> — '
                f"{html.escape(self._verdict_label(status))}</p><ul>{lis}</ul></div>"
            )
        legend = legend_html(series, level_colours(len(series)))
        return [
            chart,
            ipw.HTML(f'{legend}<ol class="cikit-statements">{"".join(items)}</ol>{steps_html}'),
        ]

    def _sector_table(
        self, tr: Translator, by_sector: pd.DataFrame, sections: dict, entries: dict
    ) -> ipw.HTML:
        if by_sector.empty or by_sector.columns.empty:
            return ipw.HTML("")
        names = {e.id: e.text("short", self.lang) for e in content.sectors()}
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
                    text = fmt.number(value, self.lang)
                    cells.append(f'<td class="cikit-num cikit-cell-{shade}">{text}</td>')
            rows.append(
                f"<tr><td>{html.escape(self._text(entries[section_id]))}</td>{''.join(cells)}</tr>"
            )
        title = tr("By sector: average level per section")
        note = tr("Where sectors differ by a point or more, ask each side what it sees.")
        return ipw.HTML(
            f"<h3>{html.escape(title)}</h3>"
            f'<div class="cikit-scroll"><table class="cikit-sectors"><thead><tr><th></th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div><p class="cikit-hint">{html.escape(note)}</p>'
        )

    def conclusion_content(self, responses: pd.DataFrame) -> dict[str, Any]:
        latest = latest_answers(responses, items=self.items())
        verdicts = section_verdicts(item_summary(latest, self.items()), self.sections())
        return {
            "verdicts": verdicts["verdict"].to_dict(),
            "means": {
                k: (None if pd.isna(v) else round(float(v), 2)) for k, v in verdicts["mean"].items()
            },
        }
