"""The Preconditions workbook's results: each readiness round's verdict per section.

The workbook's live round ``readiness`` asks everyone to rate statements grouped
in sections (approach, champion, resources, urgency…); a section's verdict is
:func:`cikit.analysis.rounds.section_verdicts` on the latest answers.  The
group's conclusion is the decision ``conclusion``.

Examples
--------
>>> from cikit.results import preconditions
>>> found = preconditions.readiness(ws)                              # doctest: +SKIP
>>> found.respondents, found.verdicts["verdict"].to_dict()          # doctest: +SKIP
(19, {'approach': 'ready', 'champion': 'partly', …})
>>> preconditions.readiness_rounds(ws)                              # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cikit import content
from cikit.analysis.rounds import item_summary, latest_answers, section_verdicts
from cikit.results import _read

WORKBOOK = "01_preconditions"
ROUND_KEY = "readiness"
READINESS_COLUMNS = {
    "round_id": "int64",
    "opened_at": "datetime",
    "section": "object",
    "mean": "float64",
    "rated_items": "int64",
    "split_items": "int64",
    "verdict": "object",
    "respondents": "int64",
}


def sections() -> dict[str, list[str]]:
    """Each section's statement ids, in the content's order."""
    doc = content.document("preconditions")
    return {e["id"]: [st["id"] for st in e["statements"]] for e in doc["entries"]}


@dataclass(frozen=True)
class Readiness:
    """One round's results: verdicts by section (``section_verdicts``) and who answered."""

    round_id: int
    respondents: int
    verdicts: pd.DataFrame = field(repr=False)


def _readiness(workspace, round_id: int) -> Readiness | None:
    responses = workspace.round_responses(round_id)
    found = sections()
    items = [i for ids in found.values() for i in ids]
    if responses.empty:
        return None
    latest = latest_answers(responses, items=items)
    verdicts = section_verdicts(item_summary(latest, items), found)
    return Readiness(int(round_id), int(latest["respondent"].nunique()), verdicts)


def readiness(workspace, round_id: int | None = None) -> Readiness | None:
    """The verdicts of a round (the latest by default); None before anyone answered."""
    if round_id is None:
        round_id = workspace.latest_round_id(WORKBOOK, ROUND_KEY)
    return None if round_id is None else _readiness(workspace, round_id)


def readiness_rounds(workspace) -> pd.DataFrame:
    """One row per round and section: the mean level (1-4), the verdict, who answered."""
    rows = []
    for found in workspace.rounds_of(WORKBOOK, ROUND_KEY):
        result = _readiness(workspace, found["id"])
        if result is None:
            continue
        for section, row in result.verdicts.iterrows():
            rows.append({
                "round_id": result.round_id, "opened_at": found["opened_at"], "section": section,
                "mean": row["mean"], "rated_items": row["rated_items"],
                "split_items": row["split_items"], "verdict": row["verdict"],
                "respondents": result.respondents,
            })  # fmt: skip
    return _read.frame(rows, READINESS_COLUMNS)


def conclusion(workspace) -> dict[str, Any] | None:
    """The group's conclusion (``text``, ``round_id``…), or None before it is recorded."""
    return _read.content(workspace, WORKBOOK, "conclusion")
