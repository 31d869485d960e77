"""Demo data for the Backbone support workbook: a self-assessment, resources, a phase grid.

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
from cikit.store import Workspace
from cikit.store.rounds import CLOSED, participant_respondent

WORKBOOK = "06_structure_soutien"
# The level each side tends to give, per function (1 just begun … 4 fully achieved).
PARTNER_VIEW = {
    "vision": 2.0, "activities": 2.7, "measurement": 1.9,
    "public_will": 2.0, "policy": 1.6, "funding": 2.5,
}  # fmt: skip
STAFF_VIEW = {
    "vision": 3.5, "activities": 3.0, "measurement": 3.3,
    "public_will": 2.3, "policy": 1.7, "funding": 2.7,
}  # fmt: skip
RESOURCES = {
    "staff": [
        {"role": "Coordination de la table", "fte": 1.0, "dedicated": True},
        {"role": "Agente de mobilisation des familles", "fte": 0.6, "dedicated": True},
        {"role": "Soutien à l'évaluation (prêt de service du CISSS)", "fte": 0.2,
         "dedicated": False},
    ],
    "budget": [
        {"year": 2026, "amount": 95000.0},
        {"year": 2027, "amount": 118000.0},
        {"year": 2028, "amount": 72000.0},
    ],
    "funders": ["Fondation Avenir des tout-petits", "Centraide régional",
                "Ville de Rivière-aux-Saules"],
    "coordinator": "Geneviève Simard, Maison de la famille des Saules",
}  # fmt: skip
TICKS = [
    "governance.phase1", "planning.phase1", "evaluation.phase1",
    "governance.phase2", "planning.phase2", "evaluation.phase2",
]  # fmt: skip
SETTINGS = {"crisis": ["recover"], "scale": "region"}
CONCLUSION = (
    "La structure de soutien se voit plus avancée que ne la voient les partenaires sur la "
    "vision et la mesure commune : l'équipe présentera le plan d'action commun et le tableau "
    "de bord à chaque comité d'ici le printemps. Personne ne voit encore de travail sur les "
    "politiques publiques : un petit comité s'en chargera."
)


def backbone_support(ws: Workspace, people: list[tuple[int, str | None, str]]) -> None:
    """Write the demo's backbone round, resources, phase grid and context."""
    rng = random.Random(606)
    doc = content.document("backbone_rubric")
    round_id = ws.open_round(workbook=WORKBOOK, key="functions", anonymous=False)
    at = dt.datetime(2026, 11, 4, 9, 15)
    answers = []
    answered = 0
    for pid, sector, role in people:
        if role in ("facilitator", "observer") or (role == "resident" and rng.random() < 0.4):
            continue
        view = STAFF_VIEW if role == "backbone" else PARTNER_VIEW
        answered += 1
        respondent = participant_respondent(pid)
        answers.append({"respondent": respondent, "item": "_join",
                        "value": {"client": f"demo{pid:08d}"}, "sector": sector, "at": at})  # fmt: skip
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
        content={"text": CONCLUSION, "round_id": round_id},
        supporters=answered,
        adopted_by="Valérie Paquette",
    )
    # Resources as the facilitator built them: a first version without the lent staff.
    ws.adopt_decision(
        workbook=WORKBOOK,
        key="resources",
        content={**RESOURCES, "staff": RESOURCES["staff"][:2]},
        adopted_by="Valérie Paquette",
    )
    ws.adopt_decision(
        workbook=WORKBOOK, key="resources", content=RESOURCES, adopted_by="Valérie Paquette"
    )
    ws.adopt_decision(
        workbook=WORKBOOK,
        key="phases",
        content={"ticks": {key: True for key in TICKS}},
        adopted_by="Valérie Paquette",
    )
    ws.adopt_decision(
        workbook=WORKBOOK, key="settings", content=SETTINGS, adopted_by="Valérie Paquette"
    )
