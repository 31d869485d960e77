"""The common agenda as a document: what it must hold, and which candidates lead a vote.

Rules people see on screen (the app translates them):

* **Required to adopt.**  A version of the agenda is adopted only with a problem,
  a vision, a goal, a horizon (the year the goal is for) and at least one
  strategy; :func:`missing_fields` names what is missing.  Everything else may be
  filled in later versions.
* **Leading candidate.**  In a vote, candidates are ranked by dots, then by the
  share of people agreeing (4-5 on the 1-5 scale), then by their mean rating;
  :func:`rank_candidates`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas only where candidates are ranked: a phone checks dots without it
    import pandas as pd

TEXT_FIELDS: tuple[str, ...] = (
    "problem",
    "data",
    "population",
    "territory",
    "vision",
    "goal",
    "horizon",
    "evaluation",
)
LIST_FIELDS: tuple[str, ...] = ("strategies", "principles", "disagreements")
FIELDS: tuple[str, ...] = (
    "problem",
    "data",
    "population",
    "territory",
    "vision",
    "goal",
    "horizon",
    "strategies",
    "principles",
    "evaluation",
    "disagreements",
)
"""Every field of an agenda, in the order of the one-page view."""

REQUIRED: tuple[str, ...] = ("problem", "vision", "goal", "horizon", "strategies")

TEXT_MAX = 4000
"""Longest text a field of the agenda may hold (a page on a projector, not a report)."""

ITEM_MAX = 500
"""Longest single strategy, principle or disagreement."""

LIST_MAX = 30
"""Most items in one list: more strategies than this is no longer a focused agenda."""

_HORIZON = re.compile(r"^(20[0-9]{2}|2100)$")


class AgendaError(ValueError):
    """A field of an agenda that breaks the rules; ``field`` and ``reason`` say how."""

    def __init__(self, field: str, reason: str, **params: Any) -> None:
        self.field = field
        self.reason = reason
        self.params = params
        super().__init__(f"{field}: {reason}")


def split_lines(text: Any) -> list[str]:
    """Non-empty stripped lines of ``text``, bullets (-, *, •) removed: one list item each."""
    if not isinstance(text, str):
        return []
    items = []
    for line in text.splitlines():
        line = line.strip().lstrip("-*•·").strip()
        if line:
            items.append(line)
    return items


def clean_agenda(draft: Mapping[str, Any]) -> dict[str, Any]:
    """The draft as a storable agenda, or :class:`AgendaError` for a field out of bounds.

    Text fields are stripped strings (missing ones become ``""``); list fields are
    lists of stripped, non-empty strings without duplicates.  ``reason`` is one of
    ``"not_text"``, ``"too_long"``, ``"too_many"``, ``"horizon"``.  Missing required
    fields are *not* an error here: see :func:`missing_fields`.
    """
    if not isinstance(draft, Mapping):
        raise AgendaError("agenda", "not_text")
    clean: dict[str, Any] = {}
    for field in FIELDS:
        value = draft.get(field)
        if field in LIST_FIELDS:
            if value is None:
                value = []
            if isinstance(value, str):
                value = split_lines(value)
            if not isinstance(value, (list, tuple)):
                raise AgendaError(field, "not_text")
            items: list[str] = []
            for item in value:
                if not isinstance(item, str):
                    raise AgendaError(field, "not_text")
                item = item.strip()
                if len(item) > ITEM_MAX:
                    raise AgendaError(field, "too_long", limit=ITEM_MAX, length=len(item))
                if item and item not in items:
                    items.append(item)
            if len(items) > LIST_MAX:
                raise AgendaError(field, "too_many", limit=LIST_MAX, length=len(items))
            clean[field] = items
        else:
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise AgendaError(field, "not_text")
            value = value.strip()
            if len(value) > TEXT_MAX:
                raise AgendaError(field, "too_long", limit=TEXT_MAX, length=len(value))
            if field == "horizon" and value and not _HORIZON.fullmatch(value):
                raise AgendaError(field, "horizon")
            clean[field] = value
    return clean


def missing_fields(agenda: Mapping[str, Any]) -> list[str]:
    """Required fields that are empty, in :data:`REQUIRED` order."""
    return [field for field in REQUIRED if not agenda.get(field)]


def rank_candidates(totals: pd.DataFrame, agreement: pd.DataFrame) -> pd.DataFrame:
    """Candidates of one question, best first, with their dots and agreement side by side.

    Parameters
    ----------
    totals : DataFrame
        :func:`cikit.analysis.votes.dot_totals` (indexed by candidate).
    agreement : DataFrame
        :func:`cikit.analysis.votes.agreement` for the same candidates.

    Returns
    -------
    DataFrame
        Indexed by candidate, columns ``dots``, ``voters``, ``share``, ``ratings``,
        ``mean``, ``agree_share``, ``level`` and ``rank`` (1 = leading; candidates
        equal on every criterion share a rank).  Sorted by rank, then the original
        order.
    """
    import pandas as pd

    joined = totals.join(agreement, how="outer")
    joined["_order"] = range(len(joined))
    key = pd.DataFrame(
        {
            "dots": joined["dots"].fillna(0),
            "agree": joined["agree_share"].fillna(-1.0),
            "mean": joined["mean"].fillna(-1.0),
        },
        index=joined.index,
    )
    ordered = joined.assign(**{f"_{c}": key[c] for c in key}).sort_values(
        ["_dots", "_agree", "_mean", "_order"], ascending=[False, False, False, True]
    )
    ranks: list[int] = []
    previous = None
    criteria = ordered[["_dots", "_agree", "_mean"]].itertuples(index=False, name=None)
    for position, current in enumerate(criteria, start=1):
        ranks.append(ranks[-1] if current == previous else position)
        previous = current
    ordered["rank"] = ranks
    return ordered.drop(columns=["_order", "_dots", "_agree", "_mean"])


def leading(ranked: pd.DataFrame) -> str | None:
    """The leading candidate, or None when there is a tie for first place or no vote at all."""
    if ranked.empty or ranked["dots"].fillna(0).sum() == 0 and ranked["ratings"].sum() == 0:
        return None
    first = ranked[ranked["rank"] == 1]
    return str(first.index[0]) if len(first) == 1 else None


def candidate_ids(candidates: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, list[str]]:
    """``{field: [candidate id, ...]}`` from a vote's configuration."""
    out: dict[str, list[str]] = {}
    for field, items in candidates.items():
        out[field] = [str(item["id"]) for item in items if isinstance(item, Mapping)]
    return out
