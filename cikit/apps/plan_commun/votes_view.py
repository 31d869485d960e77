"""The vote's results as people see them: per question, bars of dots coloured by how much
the group agrees, and the table of proposals, best first, the leading one marked.

Drawn from :func:`.votes_results.summarize`'s plain data, the same on the facilitator's
page (which computes and publishes it) and on the phones (which read what was
published): no pandas and no chart library here.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from cikit import palette
from cikit.analysis.votes import AGREE_FROM, BROAD_FROM, PARTIAL_FROM
from cikit.apps.plan_commun.common import LETTERS
from cikit.components.bars import count_bars, legend
from cikit.i18n import format as fmt

if TYPE_CHECKING:
    from cikit.apps.plan_commun.votes import VotesRound

LEVEL_COLOURS = palette.AGREEMENT
LEVEL_CLASS = {"broad": "ok", "partial": "mid", "weak": "low", "unknown": "none"}


def votes_view(step: VotesRound, payload: dict[str, Any]) -> list[ipw.Widget]:
    tr = step.tr
    _dots, candidates = step.vote_config()
    if not candidates:
        return [step.note(tr("No proposals in this vote."))]
    level_names = {k: step.text(v) for k, v in step.doc["agreement_levels"].items()}
    fields = payload.get("fields") if isinstance(payload, dict) else None
    widgets: list[ipw.Widget] = []
    for field, cands in candidates.items():
        found = (fields or {}).get(field) or {}
        letters = {c["id"]: LETTERS[i] for i, c in enumerate(cands)}
        texts = {c["id"]: str(c.get("text", "")) for c in cands}
        rows = [r for r in found.get("rows", []) if isinstance(r, dict) and r.get("id") in texts]
        by_id = {r["id"]: r for r in rows}
        levels = [_level(by_id.get(c["id"], {})) for c in cands]
        chart = count_bars(
            [letters[c["id"]] for c in cands],
            [int(by_id.get(c["id"], {}).get("dots") or 0) for c in cands],
            colours=[LEVEL_COLOURS[level] for level in levels],
            notes=[level_names[level] for level in levels],
            title=step.field_label(field),
            unit=lambda count: tr("{count} dot(s)").format(count=count),
        )
        top = found.get("leading")
        lines = []
        for row in rows:
            cid, level = row["id"], _level(row)
            mean = _shown(row.get("mean"), lambda v: fmt.number(v, step.lang))
            share = _shown(row.get("agree_share"), lambda v: fmt.percent(v, step.lang))
            star = (
                ' <span class="cikit-flag cikit-leading">' + html.escape(tr("leading")) + "</span>"
                if cid == top
                else ""
            )
            lines.append(
                f'<tr><td><span class="cikit-letter">{letters[cid]}</span></td>'
                f"<td>{html.escape(texts[cid])}{star}</td>"
                f'<td class="cikit-num">{int(row.get("dots") or 0)}</td>'
                f'<td class="cikit-num">{share}</td><td class="cikit-num">{mean}</td>'
                f'<td><span class="cikit-verdict cikit-verdict-{LEVEL_CLASS[level]}">'
                f"{html.escape(level_names[level])}</span></td></tr>"
            )
        head = "".join(
            f"<th>{html.escape(h)}</th>"
            for h in ("", tr("Proposal"), tr("Dots"), tr("Agree (4–5)"), tr("Average"),
                      tr("Agreement"))
        )  # fmt: skip
        table = (
            f'<div class="cikit-scroll"><table class="cikit-votes"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(lines)}</tbody></table></div>"
        )
        key = legend(list(level_names.values()), list(LEVEL_COLOURS.values()))
        widgets += [ipw.HTML(chart), ipw.HTML(key + table)]
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


def _level(row: dict) -> str:
    level = row.get("level")
    return level if level in LEVEL_CLASS else "unknown"


def _shown(value: Any, formatting) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "—"
    return formatting(value)
