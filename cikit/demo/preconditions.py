"""The demo's readiness round (``01_preconditions``) and the group's conclusion.

The story: urgency is strong, resources are only partly there, equity lags, and
funders see the table as readier than community groups and residents do.
"""

from __future__ import annotations

import datetime as dt
import random

from cikit import content
from cikit.demo.story import FACILITATOR_ROLE, Roster, load
from cikit.store import Workspace
from cikit.store.rounds import CLOSED, participant_respondent

WORKBOOK = "01_preconditions"
STEM = "preconditions"


def write(ws: Workspace, roster: Roster) -> None:
    """A named round, answered by everyone but the facilitator, then revealed and closed."""
    story = load(STEM)
    base, shifts = story["section_base"], story["sector_shift"]
    rng = random.Random(2026)
    doc = content.document("preconditions")
    round_id = ws.open_round(workbook=WORKBOOK, key="readiness", anonymous=False)
    start = dt.datetime(2026, 10, 14, 13, 30)
    answers = []
    answered = 0
    for index, person in enumerate(roster.people):
        if person.role == FACILITATOR_ROLE:
            continue
        answered += 1
        sector = person.sector
        respondent = participant_respondent(person.pid)
        at = start + dt.timedelta(seconds=20 * index)
        answers.append({"respondent": respondent, "item": "_join",
                        "value": {"client": f"demo{person.pid:08d}"}, "sector": sector, "at": at})  # fmt: skip
        shift = shifts.get(sector or "", 0.0)
        for entry in doc["entries"]:
            for statement in entry["statements"]:
                at += dt.timedelta(seconds=rng.randint(8, 40))
                if rng.random() < 0.06:
                    value: int | str = "dk"
                else:
                    level = base[entry["id"]] + shift + rng.gauss(0, 0.6)
                    value = int(min(4, max(1, round(level))))
                if rng.random() < 0.08:
                    # Changed their mind: the earlier answer stays on record, the later counts.
                    first = int(min(4, max(1, value if value != "dk" else 2) + rng.choice((-1, 1))))
                    answers.append({"respondent": respondent, "item": statement["id"],
                                    "value": first, "sector": sector, "at": at})  # fmt: skip
                    at += dt.timedelta(seconds=15)
                answers.append({"respondent": respondent, "item": statement["id"],
                                "value": value, "sector": sector, "at": at})  # fmt: skip
    ws.answer_many(round_id, answers)
    ws.update_round(round_id, revealed=True, status=CLOSED)
    ws.adopt_decision(
        workbook=WORKBOOK,
        key="conclusion",
        content={"text": story["conclusion"], "round_id": round_id},
        supporters=answered,
        adopted_by=roster.facilitator,
    )
