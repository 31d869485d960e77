"""The ranking of candidate indicators as a table, and the rule that explains it.

Drawn from plain rows (:func:`ranking_rows`, computed once from
:func:`~cikit.analysis.mesure_commune.rating_summary` on the facilitator's page and
published to the phones), the same on the rating's results and on the three lists.
No pandas here: a phone that sees the revealed ranking draws a few HTML strings.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from cikit.analysis.mesure_commune_scale import CRITERIA

if TYPE_CHECKING:
    import pandas as pd

    from cikit.apps.mesure_commune.common import Indicators
    from cikit.i18n import Translator


def _plain(value: Any) -> float | None:
    """A float, or None for a missing value (None, NaN, pandas' NA): JSON-able."""
    try:
        if value is None or bool(value != value):
            return None
    except TypeError:  # pandas' NA refuses to be a bool
        return None
    return float(value)


def ranking_rows(table: pd.DataFrame) -> list[dict[str, Any]]:
    """The ranking as JSON-able rows, best first (candidates without a rank last, in order)."""
    ordered = table.assign(_order=range(len(table))).sort_values(
        ["rank", "_order"], na_position="last"
    )
    rows = []
    for indicator_id, row in ordered.iterrows():
        rank = _plain(row["rank"])
        rows.append(
            {
                "id": str(indicator_id),
                "rank": None if rank is None else int(rank),
                "split": bool(row["split"]),
                "score": _plain(row["score"]),
                "means": [_plain(row[f"{c}_mean"]) for c in CRITERIA],
                "ratings": int(row["ratings"]),
            }
        )
    return rows


def ranking_table(step: Indicators, rows: list[dict[str, Any]]) -> ipw.HTML:
    """The ranking, one line per candidate: rank, name, score, the three averages, ratings."""
    tr = step.tr
    heads = [tr("Rank"), tr("Candidate"), tr("Score"), tr("Communication"), tr("Proxy"),
             tr("Data"), tr("Ratings")]  # fmt: skip
    own = step.own_candidates()
    lines = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        found = step.indicator(str(row.get("id", "")), own=own)
        name = found["name"] if found else str(row.get("id", ""))
        means = row.get("means") or [None] * len(CRITERIA)
        cells = [
            "—" if row.get("rank") is None else str(int(row["rank"])),
            html.escape(name)
            + (
                ' <span class="cikit-flag">' + html.escape(tr("group split")) + "</span>"
                if row.get("split")
                else ""
            ),
            html.escape(step.number(row.get("score"))),
            *[html.escape(step.number(m)) for m in means],
            str(int(row.get("ratings") or 0)),
        ]
        lines.append(
            "<tr>"
            + "".join(
                f'<td class="{"cikit-num" if i in (0, 2, 3, 4, 5, 6) else ""}">{c}</td>'
                for i, c in enumerate(cells)
            )
            + "</tr>"
        )
    head = "".join(f"<th>{html.escape(h)}</th>" for h in heads)
    return ipw.HTML(
        f'<div class="cikit-scroll"><table class="cikit-verdicts cikit-ranking"><thead><tr>{head}'
        f"</tr></thead><tbody>{''.join(lines)}</tbody></table></div>"
    )


def ranking_rules(tr: Translator) -> ipw.HTML:
    from cikit.analysis.mesure_commune_scale import LEVELS, SPLIT_MIN, SPLIT_SHARE
    from cikit.i18n import format as fmt

    rule = tr(
        "How the ranking works: High counts {high}, Medium {medium}, Low {low}, “don't know” "
        "is left out. Each criterion gets the average of its ratings, and a candidate's score "
        "is the average of its three criteria ({high} at best). Ties go to the better data "
        "power, then proxy power. “Group split”: on one criterion with {minimum} ratings or "
        "more, at least {share} rated it High and at least {share} Low."
    ).format(
        high=LEVELS["high"],
        medium=LEVELS["medium"],
        low=LEVELS["low"],
        minimum=SPLIT_MIN,
        share=fmt.percent(SPLIT_SHARE, tr.lang),
    )
    return ipw.HTML(f'<div class="cikit-rules"><p>{html.escape(rule)}</p></div>')
