"""The demo's Shared measurement workbook (``03_mesure_commune``): ratings, lists, curves.

The story: the table rated ten candidates; four headline indicators came out
(EQDEM vulnerability, access to educational childcare, families reached by
home visits, planned transitions to kindergarten), food-bank use by children is
secondary, and the parents' own sense of being welcome is on the data
development agenda.  Childcare access is broken down by territory, and the
gap between Vieux-Moulin and the rest of the MRC is plain to see.
"""

from __future__ import annotations

import datetime as dt
import random

from cikit.demo.story import Roster, load
from cikit.store import Workspace
from cikit.store.rounds import CLOSED, participant_respondent

WORKBOOK = "03_mesure_commune"
STEM = "mesure_commune"
LEVEL = {3: "high", 2: "medium", 1: "low"}
CRITERIA = ("communication", "proxy", "data")


def write(ws: Workspace, roster: Roster) -> None:
    """Write the demo's shared measurement: the rating, the lists, definitions, values."""
    story = load(STEM)
    facilitator = roster.facilitator
    candidates = story["candidates"]
    rng = random.Random(2031)
    own = dict(story["own"])
    ws.adopt_decision(workbook=WORKBOOK, key=f"candidate.{own.pop('id')}", content=own,
                      adopted_by=facilitator)  # fmt: skip
    ws.adopt_decision(workbook=WORKBOOK, key="shortlist", content={"candidates": candidates},
                      adopted_by=facilitator)  # fmt: skip
    round_id = ws.open_round(
        workbook=WORKBOOK, key="ratings", anonymous=False, config={"candidates": candidates}
    )
    start = dt.datetime(2026, 11, 18, 13, 45)
    answers = []
    raters = [p for p in roster.people if p.role not in ("facilitator",)][:16]
    for index, person in enumerate(raters):
        respondent, sector = participant_respondent(person.pid), person.sector
        at = start + dt.timedelta(seconds=15 * index)
        answers.append({"respondent": respondent, "item": "_join",
                        "value": {"client": f"demo{person.pid:08d}"}, "sector": sector, "at": at})  # fmt: skip
        for candidate in candidates:
            for criterion, mean in zip(CRITERIA, story["profile"][candidate], strict=True):
                at += dt.timedelta(seconds=rng.randint(4, 20))
                if rng.random() < 0.05:
                    value = "dk"
                else:
                    value = LEVEL[int(min(3, max(1, round(mean + rng.gauss(0, 0.55)))))]
                answers.append({"respondent": respondent, "item": f"rate.{candidate}.{criterion}",
                                "value": value, "sector": sector, "at": at})  # fmt: skip
    ws.answer_many(round_id, answers)
    ws.update_round(round_id, revealed=True, status=CLOSED)
    ws.adopt_decision(workbook=WORKBOOK, key="lists", content=story["lists"],
                      supporters=len(raters), adopted_by=facilitator)  # fmt: skip
    for indicator, definition in story["definitions"].items():
        content = dict(definition)
        content["partner_id"] = roster.partner_id(content.pop("partner"))
        ws.adopt_decision(workbook=WORKBOOK, key=f"definition.{indicator}", content=content,
                          adopted_by=facilitator)  # fmt: skip
    ws.add_measurements(values(story, roster), source="demo")
    for number, story_note in enumerate(story["stories"]):
        ws.adopt_decision(
            workbook=WORKBOOK, key=f"story.{story_note['indicator']}.demo{number}",
            content={"kind": story_note["kind"], "text": story_note["text"],
                     "date": story_note["date"]},
            adopted_by=facilitator,
        )  # fmt: skip


def values(story: dict, roster: Roster) -> list[dict]:
    """The measurements: per year the total, then each group of the breakdown."""
    rows: list[dict] = []
    for series in story["values"]:
        partner_id = roster.partner_id(series["partner"])
        for year, total, *by_group in series["series"]:
            parts = [("", "", total)]
            parts += [(series["dimension"], g, v) for g, v in zip(series["groups"], by_group,
                                                                   strict=True)]  # fmt: skip
            for dimension, group, value in parts:
                rows.append({
                    "indicator": series["indicator"], "period": str(year), "x": float(year),
                    "value": float(value), "partner_id": partner_id,
                    "dimension": dimension, "group": group,
                })  # fmt: skip
    return rows
