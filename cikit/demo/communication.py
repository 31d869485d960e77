"""The demo's Continuous communication workbook (``05_communication``).

Two relationship-survey waves a year apart (the network grows denser; the
parents' committee, unknown to everyone in the first wave, works with three
partners in the second; trust in the foundation drops after it ended a grant
without a word), the communication plan's five tables, the decision log and the
learning log with its setbacks.
"""

from __future__ import annotations

import datetime as dt
import random

from cikit.analysis.network import LEVELS, item_id
from cikit.demo.story import Roster, load
from cikit.store import Workspace
from cikit.store.rounds import CLOSED, participant_respondent

WORKBOOK = "05_communication"
STEM = "communication"
KEY = "relations"
USUAL_TRUST = 3.1


def write(ws: Workspace, roster: Roster) -> None:
    """Two survey waves a year apart, the communication plan, the decision and learning logs."""
    story = load(STEM)
    index = roster.index
    partner_ids = list(roster.partner_ids)
    value = {index(k): tuple(v) for k, v in story["value"].items()}
    rng = random.Random(2005)
    # The first person of each partner answers for it.
    answerers: dict[int, tuple[int, str | None]] = {}
    for person in roster.people:
        if person.partner is not None and person.partner not in answerers:
            answerers[person.partner] = (person.pid, person.sector)
    for wave in story["waves"]:
        _wave(
            ws, rng, partner_ids, answerers, value,
            label=wave["label"],
            date=dt.date.fromisoformat(wave["date"]),
            ties=[(index(a), index(b), level) for a, b, level in wave["ties"]],
            trust={(index(a), index(b)): t for a, b, t in wave["trust"]},
            silent={index(k) for k in wave["silent"]},
        )  # fmt: skip
    by = story["recorded_by"]
    for table in story["tables"]:
        ws.adopt_decision(
            workbook=WORKBOOK,
            key=f"table.{rng.getrandbits(32):08x}",
            content={**table, "members": [roster.partner_id(m) for m in table["members"]]},
            adopted_by=by,
        )
    for decision in story["decisions"]:
        ws.adopt_decision(workbook=WORKBOOK, key=f"decision.{rng.getrandbits(32):08x}",
                          content=decision, adopted_by=by)  # fmt: skip
    for lesson in story["lessons"]:
        ws.adopt_decision(
            workbook=WORKBOOK,
            key=f"lesson.{rng.getrandbits(32):08x}",
            content={"date": lesson["date"], "what": lesson["what"], "kind": lesson["kind"],
                     "change": lesson["change"]},
            adopted_by=by,
        )  # fmt: skip


def _wave(
    ws: Workspace,
    rng: random.Random,
    partner_ids: list[int],
    answerers: dict[int, tuple[int, str | None]],
    value: dict[int, tuple[float, float, float]],
    *,
    label: str,
    date: dt.date,
    ties: list[tuple[int, int, int]],
    trust: dict[tuple[int, int], float],
    silent: set[int],
) -> int:
    levels = {frozenset((a, b)): level for a, b, level in ties}
    round_id = ws.open_round(
        workbook=WORKBOOK,
        key=KEY,
        anonymous=False,
        config={"label": label, "date": date.isoformat(), "partners": partner_ids},
    )
    at = dt.datetime.combine(date, dt.time(13, 30))
    answers = []

    def clamp(x: float) -> int:
        return int(min(4, max(1, round(x))))

    for source, (pid, sector) in answerers.items():
        if source in silent:
            continue
        respondent = participant_respondent(pid)
        answers.append({"respondent": respondent, "item": "_join",
                        "value": {"client": f"demo{pid:08d}"}, "sector": sector, "at": at})  # fmt: skip
        for target in range(len(partner_ids)):
            if target == source:
                continue
            level = levels.get(frozenset((source, target)), 0)
            if level > 1 and (source, target) not in trust and rng.random() < 0.2:
                level = max(0, level - 1)  # the two sides rarely see a tie the same way
            a, b = partner_ids[source], partner_ids[target]
            at += dt.timedelta(seconds=rng.randint(5, 25))
            answers.append({"respondent": respondent, "item": item_id(a, b, "level"),
                            "value": LEVELS[level], "sector": sector, "at": at})  # fmt: skip
            if level == 0:
                continue
            base = trust.get((source, target), USUAL_TRUST)
            for name in ("reliability", "mission", "openness"):
                answers.append({"respondent": respondent, "item": item_id(a, b, name),
                                "value": clamp(base + rng.gauss(0, 0.45)), "sector": sector,
                                "at": at})  # fmt: skip
            for name, mean in zip(("power", "involvement", "resources"), value[target],
                                  strict=True):  # fmt: skip
                answers.append({"respondent": respondent, "item": item_id(a, b, name),
                                "value": clamp(mean + rng.gauss(0, 0.45)), "sector": sector,
                                "at": at})  # fmt: skip
    ws.answer_many(round_id, answers)
    ws.update_round(round_id, revealed=True, status=CLOSED)
    return round_id
