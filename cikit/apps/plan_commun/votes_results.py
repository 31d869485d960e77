"""The vote, counted: each question's proposals ranked by dots, then by how much the group
agrees, the leading one marked.  The facilitator's kernel computes this once (pandas) and
publishes it; every page draws it with :mod:`.votes_view`, without pandas."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from cikit.analysis.plan_commun import candidate_ids, leading, rank_candidates
from cikit.analysis.votes import agreement, dot_totals
from cikit.apps.plan_commun.votes import vote_config

if TYPE_CHECKING:
    from cikit.apps.plan_commun.votes import VotesRound


def ranked(round_: dict | None, doc: dict, responses: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per question of the vote ``round_``, its proposals ranked by dots then agreement."""
    dots, candidates = vote_config(round_, doc)
    out = {}
    for field, ids in candidate_ids(candidates).items():
        totals = dot_totals(responses, candidates=ids, dots=dots, item=f"dots.{field}")
        agree = agreement(responses, candidates=ids, prefix="agree.")
        out[field] = rank_candidates(totals, agree)
    return out


def _number(value: Any) -> float | None:
    value = float(value)
    return None if math.isnan(value) else value


def summarize(step: VotesRound, responses: pd.DataFrame) -> dict[str, Any]:
    """The vote as plain data: per question, its proposals best first and the clear leader."""
    fields = {}
    for field, table in step.ranked(responses).items():
        fields[field] = {
            "leading": leading(table),
            "rows": [
                {
                    "id": str(cid),
                    "dots": int(row["dots"]),
                    "mean": _number(row["mean"]),
                    "agree_share": _number(row["agree_share"]),
                    "level": str(row["level"]),
                }
                for cid, row in table.iterrows()
            ],
        }
    return {"fields": fields}
