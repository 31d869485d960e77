"""The vote, counted: each question's proposals by dots, coloured by how much the group
agrees, ranked, the leading one marked.  Imported when shown (pandas and charts)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as ipw
import pandas as pd

from cikit import palette
from cikit.analysis.plan_commun import candidate_ids, leading, rank_candidates
from cikit.analysis.votes import AGREE_FROM, BROAD_FROM, PARTIAL_FROM, agreement, dot_totals
from cikit.apps.plan_commun.common import LETTERS
from cikit.apps.plan_commun.votes import vote_config
from cikit.components.charts import count_bars, legend_html
from cikit.i18n import format as fmt

if TYPE_CHECKING:
    from cikit.apps.plan_commun.votes import VotesRound

LEVEL_COLOURS = palette.AGREEMENT
LEVEL_CLASS = {"broad": "ok", "partial": "mid", "weak": "low", "unknown": "none"}


def ranked(round_: dict | None, doc: dict, responses: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per question of the vote ``round_``, its proposals ranked by dots then agreement."""
    dots, candidates = vote_config(round_, doc)
    out = {}
    for field, ids in candidate_ids(candidates).items():
        totals = dot_totals(responses, candidates=ids, dots=dots, item=f"dots.{field}")
        agree = agreement(responses, candidates=ids, prefix="agree.")
        out[field] = rank_candidates(totals, agree)
    return out


def vote_results(step: VotesRound, responses: pd.DataFrame) -> list[ipw.Widget]:
    tr = step.tr
    _dots, candidates = step.vote_config()
    if not candidates:
        return [step.note(tr("No proposals in this vote."))]
    level_names = {k: step.text(v) for k, v in step.doc["agreement_levels"].items()}
    widgets: list[ipw.Widget] = []
    for field, table in step.ranked(responses).items():
        letters = {c["id"]: LETTERS[i] for i, c in enumerate(candidates[field])}
        texts = {c["id"]: str(c.get("text", "")) for c in candidates[field]}
        order = [c["id"] for c in candidates[field]]
        by_id = table.reindex(order)
        counts = [
            [int(by_id.loc[c, "dots"]) if by_id.loc[c, "level"] == level else 0 for c in order]
            for level in LEVEL_COLOURS
        ]
        chart = count_bars(
            [tr("Proposal {letter}").format(letter=letters[c]) for c in order],
            counts,
            colours=list(LEVEL_COLOURS.values()),
            title=step.field_label(field),
            axis_label=tr("Dots"),
            left_margin=110,
        )
        top = leading(table)
        rows = []
        for cid, row in table.iterrows():
            mean = "—" if pd.isna(row["mean"]) else fmt.number(row["mean"], step.lang)
            share = (
                "—" if pd.isna(row["agree_share"]) else fmt.percent(row["agree_share"], step.lang)
            )
            star = (
                ' <span class="cikit-flag cikit-leading">' + html.escape(tr("leading")) + "</span>"
                if cid == top
                else ""
            )
            rows.append(
                f'<tr><td><span class="cikit-letter">{letters[cid]}</span></td>'
                f"<td>{html.escape(texts[cid])}{star}</td>"
                f'<td class="cikit-num">{int(row["dots"])}</td>'
                f'<td class="cikit-num">{share}</td><td class="cikit-num">{mean}</td>'
                f'<td><span class="cikit-verdict cikit-verdict-{LEVEL_CLASS[row["level"]]}">'
                f"{html.escape(level_names[row['level']])}</span></td></tr>"
            )
        head = "".join(
            f"<th>{html.escape(h)}</th>"
            for h in ("", tr("Proposal"), tr("Dots"), tr("Agree (4–5)"), tr("Average"),
                      tr("Agreement"))
        )  # fmt: skip
        table_html = (
            f'<div class="cikit-scroll"><table class="cikit-votes"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
        legend = legend_html(list(level_names.values()), list(LEVEL_COLOURS.values()))
        widgets += [chart, ipw.HTML(legend + table_html)]
    rules = tr(
        "How to read this: bars show the dots each proposal received, coloured by how "
        "much the group agrees with it. Agreement is the share of people who rated a "
        "proposal {agree} or more out of 5: broad from {broad}, partial from {partial}, weak "
        "below. Proposals are ranked by dots, then by agreement; “leading” marks a clear first."
    ).format(
        agree=AGREE_FROM,
        broad=fmt.percent(BROAD_FROM, step.lang),
        partial=fmt.percent(PARTIAL_FROM, step.lang),
    )
    widgets.append(ipw.HTML(f'<div class="cikit-rules"><p>{html.escape(rules)}</p></div>'))
    return widgets
