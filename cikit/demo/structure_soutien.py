"""The demo's Backbone support workbook (``06_structure_soutien``): scores, resources, phases.

The story: the two backbone staff see their work on the vision and on shared
measurement as well under way, while partners see it as barely begun — a gap
of more than a level on those two functions; both sides agree that policy work
has hardly started.  The backbone has 1.8 full-time equivalents (one of them
lent by the CISSS), funding for three years, three funders and a coordinator.
The group placed itself in Phase II, with community involvement lagging behind.
"""

from __future__ import annotations

import datetime as dt
import random

from cikit import content
from cikit.demo.story import Roster, load
from cikit.store import Workspace
from cikit.store.rounds import CLOSED, participant_respondent

WORKBOOK = "06_structure_soutien"
STEM = "structure_soutien"


def write(ws: Workspace, roster: Roster) -> None:
    """Write the demo's backbone round, resources, phase grid and context."""
    story = load(STEM)
    facilitator = roster.facilitator
    rng = random.Random(606)
    doc = content.document("backbone_rubric")
    round_id = ws.open_round(workbook=WORKBOOK, key="functions", anonymous=False)
    at = dt.datetime(2026, 11, 4, 9, 15)
    answers = []
    answered = 0
    for person in roster.people:
        role, sector = person.role, person.sector
        if role in ("facilitator", "observer") or (role == "resident" and rng.random() < 0.4):
            continue
        view = story["staff_view"] if role == "backbone" else story["partner_view"]
        answered += 1
        respondent = participant_respondent(person.pid)
        answers.append({"respondent": respondent, "item": "_join",
                        "value": {"client": f"demo{person.pid:08d}"}, "sector": sector, "at": at})  # fmt: skip
        for entry in doc["entries"]:
            for statement in entry["statements"]:
                at += dt.timedelta(seconds=rng.randint(6, 30))
                if role != "backbone" and rng.random() < 0.1:
                    value: int | str = "dk"
                else:
                    level = view[entry["id"]] + rng.gauss(0, 0.55)
                    value = int(min(4, max(1, round(level))))
                answers.append({"respondent": respondent, "item": statement["id"],
                                "value": value, "sector": sector, "at": at})  # fmt: skip
    ws.answer_many(round_id, answers)
    ws.update_round(round_id, revealed=True, status=CLOSED)
    ws.adopt_decision(
        workbook=WORKBOOK,
        key="conclusion",
        content={"text": story["conclusion"], "round_id": round_id},
        supporters=answered,
        adopted_by=facilitator,
    )
    resources = story["resources"]
    # Resources as the facilitator built them: a first version without the lent staff.
    ws.adopt_decision(workbook=WORKBOOK, key="resources",
                      content={**resources, "staff": resources["staff"][:2]},
                      adopted_by=facilitator)  # fmt: skip
    ws.adopt_decision(workbook=WORKBOOK, key="resources", content=resources,
                      adopted_by=facilitator)  # fmt: skip
    ws.adopt_decision(workbook=WORKBOOK, key="phases",
                      content={"ticks": {key: True for key in story["ticks"]}},
                      adopted_by=facilitator)  # fmt: skip
    ws.adopt_decision(workbook=WORKBOOK, key="settings", content=story["settings"],
                      adopted_by=facilitator)  # fmt: skip
