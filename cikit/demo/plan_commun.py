"""The demo's Common agenda workbook (``02_plan_commun``): views, a vote, an adopted agenda.

A common agenda is built from disagreement: each partner first says, in its own
words, what the problem is, for whom, where, and why; the group then votes on
candidate statements, records what it still disagrees on, and adopts a first
agenda that it revises later.  The story (``data/plan_commun.json``):

* **views** (21 October 2026): fourteen people, about one per partner, write their
  view.  The framings really diverge by sector (school readiness for the school
  board and the CPE, poverty and isolation for community groups, vulnerability
  and development for health, access and transport for the city and the library,
  measurable results and collaboration for funders, exhausted and judged parents
  for the parents' committee) while « enfants » and « familles » are shared.  Two
  people answer in English, so the bilingual analysis has something to show.
* **votes** (4 November 2026): sixteen people spread three dots per field and rate
  every candidate from 1 to 5; one problem statement wins with broad agreement,
  the two visions are close, one goal wins.
* **decisions**: an open disagreement (universal or targeted services), refined
  once; a disagreement on Saint-Isidore, later resolved; the agenda, version 1
  then a revised version 2.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cikit.demo.story import Person, Roster, load
from cikit.store import Workspace
from cikit.store.rounds import CLOSED, participant_respondent

WORKBOOK = "02_plan_commun"
STEM = "plan_commun"
VIEW_ITEMS = ("problem", "goal", "population", "territory", "causes")
DOTS = 3
_NOT_RESPONDING = ("facilitator", "backbone")


def agendas(story: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The agenda's two adopted versions, as the table adopted them."""
    story = story or load(STEM)
    first = {
        **story["agenda"],
        "disagreements": [story["disagreement_1"]["what"], story["disagreement_2"]["what"]],
    }
    revision = story["agenda_revision"]
    second = {
        **first,
        **revision,
        "strategies": [*first["strategies"], *revision["strategies"]],
        "principles": [*first["principles"], *revision["principles"]],
        # Saint-Isidore is settled: only the first disagreement stays open.
        "disagreements": [story["disagreement_1"]["what"]],
    }
    return first, second


def write(ws: Workspace, roster: Roster) -> None:
    """Write the two closed rounds and the decisions of the Common agenda workbook."""
    story = load(STEM)
    # Everyone who may answer (not the facilitator, not the backbone staff), by name.
    people = {p.name: p for p in roster.people if p.role not in _NOT_RESPONDING}
    _views_round(ws, story, people, len(roster.partner_ids))
    _votes_round(ws, story, people)
    _decisions(ws, story, roster.facilitator)


def _join(person: Person, at: dt.datetime) -> dict[str, Any]:
    return _answer(person, "_join", {"client": f"demo{person.pid:08d}"}, at)


def _answer(person: Person, item: str, value: Any, at: dt.datetime) -> dict[str, Any]:
    return {
        "respondent": participant_respondent(person.pid),
        "item": item,
        "value": value,
        "sector": person.sector,
        "at": at,
    }


def _views_round(ws: Workspace, story: dict, people: dict[str, Person], partners: int) -> None:
    """Each partner's view in its own words: the first person of each partner, plus a few."""
    firsts: dict[int, Person] = {}
    for person in people.values():
        if person.partner is not None:
            firsts.setdefault(person.partner, person)
    writers = [firsts[i] for i in range(partners) if i in firsts]
    writers += [people[name] for name in story["view_extra"] if name in people]
    changes = {(c["name"], c["item"]): c["earlier"] for c in story["view_changes"]}
    views = story["views"]

    round_id = ws.open_round(workbook=WORKBOOK, key="views", anonymous=False)
    start = dt.datetime(2026, 10, 21, 13, 30)
    answers: list[dict[str, Any]] = []
    later: list[dict[str, Any]] = []
    for n, person in enumerate(writers):
        at = start + dt.timedelta(seconds=6 * n)
        answers.append(_join(person, at))
        for k, item in enumerate(VIEW_ITEMS):
            text = views[person.name][item]
            # Writing takes a while: one to three minutes an answer, different for each.
            at += dt.timedelta(seconds=60 + (37 * n + 23 * k) % 120)
            earlier = changes.get((person.name, item))
            if earlier is not None:
                answers.append(_answer(person, f"view.{item}", earlier, at))
                # Rewritten after reading the others' answers.
                later.append(_answer(person, f"view.{item}", text, at + dt.timedelta(minutes=9)))
            else:
                answers.append(_answer(person, f"view.{item}", text, at))
    answers += later
    answers.sort(key=lambda a: a["at"])
    ws.answer_many(round_id, answers)
    ws.update_round(round_id, revealed=True, status=CLOSED)


def _votes_round(ws: Workspace, story: dict, people: dict[str, Person]) -> None:
    """Three dots per field and a 1-5 rating of every candidate, by sixteen people."""
    candidates_by_field = story["candidates"]
    round_id = ws.open_round(
        workbook=WORKBOOK,
        key="votes",
        anonymous=False,
        config={"dots": DOTS, "candidates": candidates_by_field},
    )
    start = dt.datetime(2026, 11, 4, 13, 45)
    answers: list[dict[str, Any]] = []
    voters = [p for name, p in people.items() if name not in story["vote_absent"]]
    for n, person in enumerate(voters):
        at = start + dt.timedelta(seconds=5 * n)
        answers.append(_join(person, at))
        profile = story["vote_profiles"][person.sector or "residents"]
        dots = {**profile["dots"], **story["vote_dots_overrides"].get(person.name, {})}
        ratings = {**profile["ratings"], **story["vote_agree_overrides"].get(person.name, {})}
        changed = story["vote_dots_changes"].get(person.name)
        for field, candidates in candidates_by_field.items():
            at += dt.timedelta(seconds=20 + (13 * n) % 25)
            if changed is not None and changed["field"] == field:
                answers.append(_answer(person, f"dots.{field}", changed["dots"], at))
                at += dt.timedelta(seconds=40)
            answers.append(_answer(person, f"dots.{field}", dots[field], at))
            for candidate in candidates:
                at += dt.timedelta(seconds=4 + (7 * n) % 9)
                cid = candidate["id"]
                answers.append(_answer(person, f"agree.{cid}", ratings[cid], at))
    answers.sort(key=lambda a: a["at"])
    ws.answer_many(round_id, answers)
    ws.update_round(round_id, revealed=True, status=CLOSED)


def _decisions(ws: Workspace, story: dict, facilitator: str) -> None:
    """Disagreements and the agenda, in the order the table adopted them."""

    def adopt(key: str, content: dict[str, Any], supporters: int | None = None) -> None:
        ws.adopt_decision(workbook=WORKBOOK, key=key, content=content, supporters=supporters,
                          adopted_by=facilitator)  # fmt: skip

    first, second = agendas(story)
    one, two = story["disagreement_1"], story["disagreement_2"]
    supporters = story["supporters"]
    # 4 November: the vote is in; two disagreements are recorded, a first agenda adopted.
    adopt("disagreement.1", one)
    adopt("disagreement.2", two)
    adopt("agenda", first, supporters=supporters[0])
    # Later: the working group's mandate made precise; Saint-Isidore settled; version 2.
    adopt("disagreement.1", {**one, "handling": story["disagreement_1_handling"]})
    adopt(
        "disagreement.2",
        {**two, "status": "resolved", "resolution": story["disagreement_2_resolution"]},
    )
    adopt("agenda", second, supporters=supporters[1])
