"""Dot votes and agreement scales on candidate statements, and what changed between versions.

Rules people see on screen (the apps translate them):

* **Dots.**  Each person spreads at most ``dots`` dots over the candidates; only
  their latest allocation counts.  An allocation over the limit, with negative or
  non-whole numbers, or naming an unknown candidate, is refused as a whole
  (:func:`check_allocation`) — it never reaches the count.
* **Agreement.**  Each person rates each candidate from 1 (strongly disagree) to 5
  (strongly agree).  A candidate's agreement is the share of people at 4 or 5;
  it is *broad* from 75 %, *partial* from 50 %, *weak* below, and *unknown* with
  no rating (:func:`agreement_level`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where votes are counted: a phone checks its dots without them
    import pandas as pd

AGREE_FROM = 4
BROAD_FROM = 0.75
PARTIAL_FROM = 0.5
SCALE = (1, 2, 3, 4, 5)


class AllocationError(ValueError):
    """A dot allocation that breaks the rules; ``reason`` says which one."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def check_allocation(allocation: Any, *, candidates: Sequence[str], dots: int) -> dict[str, int]:
    """The allocation as ``{candidate: dots}`` without zeros, or :class:`AllocationError`.

    ``reason`` is one of ``"not_a_mapping"``, ``"unknown_candidate"``,
    ``"not_a_whole_number"``, ``"negative"``, ``"too_many_dots"``.
    """
    if not isinstance(allocation, Mapping):
        raise AllocationError("not_a_mapping")
    known = set(candidates)
    clean: dict[str, int] = {}
    for key, value in allocation.items():
        if key not in known:
            raise AllocationError("unknown_candidate")
        if isinstance(value, bool) or not isinstance(value, int):
            raise AllocationError("not_a_whole_number")
        if value < 0:
            raise AllocationError("negative")
        if value:
            clean[key] = value
    if sum(clean.values()) > dots:
        raise AllocationError("too_many_dots")
    return clean


def dot_totals(
    responses: pd.DataFrame, *, candidates: Sequence[str], dots: int, item: str = "dots"
) -> pd.DataFrame:
    """Dots per candidate from each respondent's latest valid allocation.

    Returns
    -------
    DataFrame
        Indexed by ``candidate`` (in the given order); columns ``dots`` (total),
        ``voters`` (people who gave it at least one dot) and ``share`` (of all dots).
    """
    import pandas as pd

    frame = responses[responses["item"] == item].sort_values("id")
    latest = frame.drop_duplicates("respondent", keep="last")
    totals = dict.fromkeys(candidates, 0)
    voters = dict.fromkeys(candidates, 0)
    for value in latest["value"]:
        try:
            clean = check_allocation(value, candidates=candidates, dots=dots)
        except AllocationError:
            continue
        for key, count in clean.items():
            totals[key] += count
            voters[key] += 1
    out = pd.DataFrame(
        {"candidate": list(candidates), "dots": [totals[c] for c in candidates],
         "voters": [voters[c] for c in candidates]}
    ).set_index("candidate")  # fmt: skip
    all_dots = out["dots"].sum()
    out["share"] = out["dots"] / all_dots if all_dots else 0.0
    return out


def agreement(
    responses: pd.DataFrame, *, candidates: Sequence[str], prefix: str = "agree:"
) -> pd.DataFrame:
    """Per candidate: ratings, mean, share agreeing (4-5) and level, latest rating per person.

    Ratings live in items ``f"{prefix}{candidate}"`` with values 1-5; anything else
    is ignored.
    """
    import numpy as np
    import pandas as pd

    rows = []
    frame = responses.sort_values("id")
    for candidate in candidates:
        part = frame[frame["item"] == f"{prefix}{candidate}"].drop_duplicates(
            "respondent", keep="last"
        )
        values = [
            v
            for v in part["value"]
            if isinstance(v, int) and not isinstance(v, bool) and v in SCALE
        ]
        share = sum(1 for v in values if v >= AGREE_FROM) / len(values) if values else np.nan
        rows.append(
            {
                "candidate": candidate,
                "ratings": len(values),
                "mean": float(np.mean(values)) if values else np.nan,
                "agree_share": share,
                "level": agreement_level(share),
            }
        )
    return pd.DataFrame(
        rows, columns=["candidate", "ratings", "mean", "agree_share", "level"]
    ).set_index("candidate")


def agreement_level(share: float) -> str:
    """``broad`` from 75 %, ``partial`` from 50 %, ``weak`` below, ``unknown`` for NaN."""
    import pandas as pd

    if share is None or pd.isna(share):
        return "unknown"
    if share >= BROAD_FROM:
        return "broad"
    if share >= PARTIAL_FROM:
        return "partial"
    return "weak"


def version_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> pd.DataFrame:
    """Field by field, what changed between two versions of a document.

    Returns
    -------
    DataFrame
        One row per field present in either version, in the new version's order then
        the removed ones: ``field``, ``change`` (``added``, ``removed``, ``changed``,
        ``same``), ``before``, ``after``.  List fields also get ``added_items`` and
        ``removed_items``.
    """
    import pandas as pd

    fields = list(new) + [k for k in old if k not in new]
    rows = []
    for field in fields:
        before, after = old.get(field), new.get(field)
        if field not in old:
            change = "added"
        elif field not in new:
            change = "removed"
        elif before == after:
            change = "same"
        else:
            change = "changed"
        added_items: list = []
        removed_items: list = []
        if isinstance(before, list) or isinstance(after, list):
            before_list = list(before or [])
            after_list = list(after or [])
            added_items = [x for x in after_list if x not in before_list]
            removed_items = [x for x in before_list if x not in after_list]
        rows.append(
            {"field": field, "change": change, "before": before, "after": after,
             "added_items": added_items, "removed_items": removed_items}
        )  # fmt: skip
    return pd.DataFrame(
        rows, columns=["field", "change", "before", "after", "added_items", "removed_items"]
    )
