"""The self-assessment's results: each function's score for partners and for staff, the gap.

A table and a chart of the two groups' scores by function, the rule in plain words,
and one function's statements in detail.  Computed from the round's answers
(:func:`cikit.analysis.structure_soutien.function_scores`); imported only where the
results are shown.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw
import pandas as pd

from cikit.analysis.structure_soutien import (
    GAP_NOTABLE,
    GROUPS,
    PARTNERS,
    STAFF,
    function_scores,
    statement_scores,
)
from cikit.components.backbone_charts import GROUP_COLOURS, gap_chart
from cikit.components.bars import legend
from cikit.i18n import format as fmt

if TYPE_CHECKING:
    from cikit.apps.structure_soutien.functions import FunctionsRound
    from cikit.i18n import Translator


def function_results(step: FunctionsRound, responses: pd.DataFrame) -> list[ipw.Widget]:
    """Counts, the scores table, the chart, its legend, the rule and the detail."""
    tr = step.tr
    groups = step.groups(responses)
    scores = function_scores(responses, groups, step.functions())
    step.last_scores = scores
    entries = {e["id"]: e for e in step.rubric["entries"]}
    labels = [step.text(entries[f].get("short")) for f in scores.index]
    series = [step.group_label(tr, g) for g in GROUPS]
    chart = gap_chart(
        labels,
        scores[PARTNERS].tolist(),
        scores[STAFF].tolist(),
        title=tr("Scores by function"),
        axis_label=tr("Average level (1 to 4)"),
        series=series,
    )
    answered = {g: 0 for g in GROUPS}
    rated = responses[responses["item"].isin(step.items())]
    for respondent in set(rated["respondent"]):
        answered[groups.get(respondent, PARTNERS)] += 1
    counts = tr("Answers so far: {partners} from partners, {staff} from backbone staff.").format(
        partners=answered[PARTNERS], staff=answered[STAFF]
    )
    table = _scores_table(step, tr, scores, entries)
    step.scores_html = table
    rules = tr(
        "How to read this: for each group, a statement's score is the average of the levels "
        "given (“don't know” left out), and a function's score is the average of its "
        "statements. The gap is the staff's score minus the partners'; a gap of a whole "
        "level or more either way is flagged: worth a conversation."
    )
    detail = _function_detail(step, tr, responses, groups, entries)
    return [
        ipw.HTML(f'<p class="cikit-lead">{html.escape(counts)}</p>'),
        table,
        chart,
        ipw.HTML(legend(series, GROUP_COLOURS)),
        ipw.HTML(f'<div class="cikit-rules"><p>{html.escape(rules)}</p></div>'),
        detail,
    ]


def _number(step: FunctionsRound, value: Any, digits: int = 1, signed: bool = False) -> str:
    return fmt.number(value, step.lang, digits=digits, signed=signed)


def _people(tr: Translator, count: Any) -> str:
    count = int(count)
    return tr.ngettext("{count} person", "{count} people", count).format(count=count)


def _scores_table(
    step: FunctionsRound, tr: Translator, scores: pd.DataFrame, entries: dict
) -> ipw.HTML:
    heads = [tr("Function"), tr("Partners"), tr("Staff"), tr("Gap")]
    rows = []
    for function, row in scores.iterrows():
        flag = ""
        if row["notable"]:
            words = tr("staff see it higher") if row["gap"] > 0 else tr("partners see it higher")
            flag = f'<div><span class="cikit-flag">{html.escape(words)}</span></div>'
        cells = [
            html.escape(step.text(entries[function])),
            f'{_number(step, row[PARTNERS])}<div class="cikit-stats">'
            f"{html.escape(_people(tr, row['partners_people']))}</div>",
            f'{_number(step, row[STAFF])}<div class="cikit-stats">'
            f"{html.escape(_people(tr, row['staff_people']))}</div>",
            _number(step, row["gap"], signed=True) + flag,
        ]
        classes = ["", "cikit-num", "cikit-num", "cikit-num cikit-bb-gap"]
        rows.append(
            f'<tr class="cikit-bb-row-{html.escape(function)}">'
            + "".join(f'<td class="{c}">{v}</td>' for c, v in zip(classes, cells, strict=True))
            + "</tr>"
        )
    head = "".join(f"<th>{html.escape(h)}</th>" for h in heads)
    return ipw.HTML(
        f'<div class="cikit-scroll"><table class="cikit-verdicts cikit-bb-scores">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _function_detail(
    step: FunctionsRound,
    tr: Translator,
    responses: pd.DataFrame,
    groups: pd.Series,
    entries: dict,
) -> ipw.Widget:
    per_item = statement_scores(responses, groups, step.items())
    if step._shown_function not in entries:
        step._shown_function = next(iter(entries))
    picker = ipw.Dropdown(
        options=[(step.text(e), fid) for fid, e in entries.items()],
        value=step._shown_function,
        layout=ipw.Layout(width="100%", max_width="520px"),
    )
    picker.add_class("cikit-bb-function-picker")
    detail = ipw.HTML()
    horizons = step.rubric["horizons"]
    gap_word = tr("gap")

    def show(function: str) -> None:
        if function not in entries:
            return
        step._shown_function = function
        items = []
        for statement in entries[function]["statements"]:
            row = per_item.loc[statement["id"]]
            stats = tr("partners {partners} · staff {staff} · don't know {dk}").format(
                partners=_number(step, row[PARTNERS]),
                staff=_number(step, row[STAFF]),
                dk=int(row["partners_dont_know"] + row["staff_dont_know"]),
            )
            flag = ""
            if pd.notna(row["gap"]) and abs(row["gap"]) >= GAP_NOTABLE:
                flag = ' <span class="cikit-flag">' + html.escape(gap_word) + "</span>"
            horizon = step.text(horizons.get(statement["horizon"]))
            items.append(
                f'<li><span class="cikit-bb-horizon">{html.escape(horizon)}</span> '
                f"{html.escape(step.text(statement))}"
                f'<div class="cikit-stats">{html.escape(stats)}{flag}</div></li>'
            )
        detail.value = f'<ol class="cikit-statements">{"".join(items)}</ol>'

    picker.observe(step.page.guarded(lambda change: show(change["new"])), names="value")
    show(step._shown_function)
    step.function_picker = picker
    step.function_detail = detail
    label = tr("Function in detail")
    return ipw.VBox(
        [ipw.HTML(f'<label class="cikit-label">{html.escape(label)}</label>'), picker, detail]
    )
