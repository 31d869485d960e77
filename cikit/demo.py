"""The demo initiative: a fictional Québec early-childhood collective impact table.

Every screen should have something to show on first run, so the demo tells a
plausible story: a dozen partners from most sectors (the private sector is not
yet at the table), about twenty people, answers in later workbooks.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from cikit import content
from cikit.demo_activities import mutually_reinforcing_activities
from cikit.demo_agenda import common_agenda
from cikit.demo_backbone import backbone_support
from cikit.demo_communication import continuous_communication
from cikit.demo_measurement import shared_measurement
from cikit.store import Workspace, create_workspace
from cikit.store.rounds import CLOSED, participant_respondent

PROFILE = {
    "fr": {
        "name": "Grandir ensemble à Rivière-aux-Saules",
        "issue": (
            "Près d'un enfant sur trois de la MRC arrive à la maternelle vulnérable dans au "
            "moins un domaine de son développement, et l'écart se creuse dans les secteurs "
            "les plus défavorisés."
        ),
        "population": (
            "Les enfants de 0 à 5 ans et leurs familles, en particulier les familles à faible "
            "revenu, nouvellement arrivées ou isolées."
        ),
        "territory": "MRC de Rivière-aux-Saules (fictive) : trois municipalités et deux quartiers urbains",
    },
}

# (name, sector, contact)
PARTNERS = [
    ("Maison de la famille des Saules", "community", "Nadia Tremblay"),
    ("Carrefour communautaire du Vieux-Moulin", "community", "Louis Gagnon"),
    ("Banque alimentaire Le Panier", "community", "Rachida Benali"),
    ("Ville de Rivière-aux-Saules", "public", "Martin Côté"),
    ("Bibliothèque municipale des Saules", "public", "Sophie Lavoie"),
    ("Centre de services scolaire des Trois-Rives", "education", "Isabelle Roy"),
    ("CPE Les Petits Pas", "education", "Karine Bouchard"),
    ("CISSS de la Rivière — CLSC des Saules", "health", "Dr Anne Pelletier"),
    ("Direction de santé publique régionale", "health", "Julien Morin"),
    ("Fondation Avenir des tout-petits", "philanthropy", "Catherine Fortin"),
    ("Centraide régional", "philanthropy", "Olivier Bergeron"),
    ("Comité de parents citoyens", "residents", "Mélanie Ouellet"),
]

# (display name, partner index or None, role)
PARTICIPANTS = [
    ("Nadia Tremblay", 0, "partner"),
    ("Élodie Caron", 0, "partner"),
    ("Louis Gagnon", 1, "partner"),
    ("Rachida Benali", 2, "partner"),
    ("Martin Côté", 3, "partner"),
    ("Sophie Lavoie", 4, "partner"),
    ("Isabelle Roy", 5, "partner"),
    ("François Dubé", 5, "partner"),
    ("Karine Bouchard", 6, "partner"),
    ("Anne Pelletier", 7, "partner"),
    ("Samuel Girard", 7, "partner"),
    ("Julien Morin", 8, "partner"),
    ("Catherine Fortin", 9, "partner"),
    ("Olivier Bergeron", 10, "partner"),
    ("Mélanie Ouellet", 11, "resident"),
    ("Amadou Diallo", 11, "resident"),
    ("Josée Lapointe", None, "resident"),
    ("Geneviève Simard", None, "backbone"),
    ("Patrick Nadeau", None, "backbone"),
    ("Valérie Paquette", None, "facilitator"),
]


def write_demo(path: str | Path, *, force: bool = False) -> Workspace:
    """Create the demo workspace at ``path`` (refused if it exists, unless ``force``)."""
    profile = PROFILE["fr"]
    ws = create_workspace(path, name=profile["name"], lang="fr", force=force)
    try:
        ws.update_profile(
            issue=profile["issue"],
            population=profile["population"],
            territory=profile["territory"],
            scale="region",
        )
        partner_ids = [ws.add_partner(name, sector, contact) for name, sector, contact in PARTNERS]
        people = []
        for name, partner, role in PARTICIPANTS:
            pid = ws.add_participant(name, None if partner is None else partner_ids[partner], role)
            sector = None if partner is None else PARTNERS[partner][1]
            people.append((pid, sector, role))
        _preconditions_round(ws, people)
        common_agenda(ws, people, partner_ids)
        shared_measurement(ws, people, partner_ids)
        mutually_reinforcing_activities(ws, partner_ids)
        backbone_support(ws, people)
        continuous_communication(ws, people, partner_ids)
    except BaseException:
        ws.close()
        raise
    return ws


# The readiness story: urgency is strong, resources are only partly there, equity lags,
# and funders see the table as readier than community groups and residents do.
SECTION_BASE = {
    "approach": 3.3,
    "champion": 2.7,
    "resources": 2.1,
    "urgency": 3.6,
    "readiness": 2.5,
    "equity": 1.9,
}
SECTOR_SHIFT = {
    "philanthropy": 0.9,
    "public": 0.4,
    "health": 0.2,
    "education": 0.1,
    "community": -0.6,
    "residents": -0.8,
}
CONCLUSION = (
    "L'urgence est bien là et la démarche convient au problème. Les ressources ne sont "
    "qu'en partie réunies : les bailleurs de fonds et les groupes communautaires n'en ont "
    "pas la même lecture. Avant d'aller plus loin, nous cherchons un bailleur de fonds "
    "principal pour trois ans et nous invitons plus de parents à la table."
)


def _preconditions_round(ws: Workspace, people: list[tuple[int, str | None, str]]) -> None:
    """A named round, answered by everyone but the facilitator, then revealed and closed."""
    rng = random.Random(2026)
    doc = content.document("preconditions")
    round_id = ws.open_round(workbook="01_preconditions", key="readiness", anonymous=False)
    start = dt.datetime(2026, 10, 14, 13, 30)
    answers = []
    answered = 0
    for index, (pid, sector, role) in enumerate(people):
        if role == "facilitator":
            continue
        answered += 1
        respondent = participant_respondent(pid)
        at = start + dt.timedelta(seconds=20 * index)
        answers.append(
            {
                "respondent": respondent,
                "item": "_join",
                "value": {"client": f"demo{pid:08d}"},
                "sector": sector,
                "at": at,
            }
        )
        shift = SECTOR_SHIFT.get(sector or "", 0.0)
        for entry in doc["entries"]:
            for statement in entry["statements"]:
                at += dt.timedelta(seconds=rng.randint(8, 40))
                if rng.random() < 0.06:
                    value: int | str = "dk"
                else:
                    level = SECTION_BASE[entry["id"]] + shift + rng.gauss(0, 0.6)
                    value = int(min(4, max(1, round(level))))
                if rng.random() < 0.08:
                    # Changed their mind: the earlier answer stays on record, the later counts.
                    first = int(min(4, max(1, value if value != "dk" else 2) + rng.choice((-1, 1))))
                    answers.append(
                        {
                            "respondent": respondent,
                            "item": statement["id"],
                            "value": first,
                            "sector": sector,
                            "at": at,
                        }
                    )
                    at += dt.timedelta(seconds=15)
                answers.append(
                    {
                        "respondent": respondent,
                        "item": statement["id"],
                        "value": value,
                        "sector": sector,
                        "at": at,
                    }
                )
    ws.answer_many(round_id, answers)
    ws.update_round(round_id, revealed=True, status=CLOSED)
    ws.adopt_decision(
        workbook="01_preconditions",
        key="conclusion",
        content={"text": CONCLUSION, "round_id": round_id},
        supporters=answered,
        adopted_by="Valérie Paquette",
    )
