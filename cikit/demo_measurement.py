"""Demo data for the Shared measurement workbook: rated candidates, three lists, curves.

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

from cikit.store import Workspace
from cikit.store.rounds import CLOSED, participant_respondent

WORKBOOK = "03_mesure_commune"
OWN = "own_parents_welcome"
CANDIDATES = [
    "eqdem_vulnerable",
    "childcare_access",
    "home_visits_reach",
    "kindergarten_transition",
    "food_bank_children",
    OWN,
    "graduation_7_years",
    "low_birth_weight",
    "child_low_income",
    "household_food_insecurity",
]
# Communication, proxy and data power the table tends to see (3 high … 1 low).
PROFILE = {
    "eqdem_vulnerable": (2.4, 2.9, 2.6),
    "childcare_access": (2.8, 2.3, 2.7),
    "home_visits_reach": (2.5, 2.2, 2.8),
    "kindergarten_transition": (2.2, 2.4, 2.3),
    "food_bank_children": (2.7, 1.8, 2.2),
    OWN: (2.9, 2.5, 1.1),
    "graduation_7_years": (2.3, 1.5, 2.8),
    "low_birth_weight": (1.8, 2.1, 2.6),
    "child_low_income": (2.4, 2.3, 2.0),
    "household_food_insecurity": (2.6, 2.0, 1.4),
}
LEVEL = {3: "high", 2: "medium", 1: "low"}
LISTS = {
    "headline": ["eqdem_vulnerable", "childcare_access", "home_visits_reach",
                 "kindergarten_transition"],
    "secondary": ["food_bank_children"],
    "development": [OWN],
}  # fmt: skip
DEFINITIONS = {
    "eqdem_vulnerable": {
        "baseline_value": 27.4, "baseline_period": "2017", "target_value": 23.0,
        "target_period": "2032", "source": "EQDEM (Institut de la statistique du Québec), "
        "données de la MRC", "frequency": "every_5_years", "partner": 8, "goal_link": True,
        "disaggregations": ["territory", "sex"],
    },
    "childcare_access": {
        "baseline_value": 48.0, "baseline_period": "2021", "target_value": 65.0,
        "target_period": "2030", "source": "Ministère de la Famille, places sous permis; "
        "Guichet d'accès", "frequency": "yearly", "partner": 6, "goal_link": True,
        "disaggregations": ["territory", "income"],
    },
    "home_visits_reach": {
        "baseline_value": 140.0, "baseline_period": "2021", "target_value": 260.0,
        "target_period": "2028", "source": "Registres des partenaires (CLSC, Maison de la "
        "famille)", "frequency": "yearly", "partner": 7, "goal_link": True,
        "disaggregations": ["territory", "immigration"],
    },
    "kindergarten_transition": {
        "baseline_value": 35.0, "baseline_period": "2021", "target_value": 70.0,
        "target_period": "2028", "source": "Centre de services scolaire, fiches de transition",
        "frequency": "yearly", "partner": 5, "goal_link": True,
        "disaggregations": ["territory"],
    },
    "food_bank_children": {
        "baseline_value": 410.0, "baseline_period": "2022", "target_value": 300.0,
        "target_period": "2030", "source": "Banque alimentaire Le Panier", "frequency": "monthly",
        "partner": 2, "goal_link": False, "disaggregations": ["family_type"],
    },
}  # fmt: skip
STORIES = [
    ("childcare_access", "hindering", "2024-03-12",
     "Deux projets de CPE au Vieux-Moulin retardés faute de terrain : l'écart avec le reste de "
     "la MRC ne se referme pas."),
    ("childcare_access", "partners", "2024-06-04",
     "La Ville propose un terrain près de la bibliothèque; la Fondation pourrait couvrir les "
     "frais de démarrage."),
    ("home_visits_reach", "helping", "2025-02-18",
     "L'agente de liaison interculturelle du CLSC double le nombre de familles nouvellement "
     "arrivées rejointes."),
    ("home_visits_reach", "works", "2025-05-27",
     "Les haltes-garderies du samedi amènent des familles aux visites sans frais ni "
     "inscription : une option qui ne coûte presque rien."),
    ("kindergarten_transition", "hindering", "2023-11-08",
     "Revers : la moitié des fiches de transition ne sont pas arrivées aux écoles à temps; "
     "nous changeons le calendrier avec le Centre de services."),
]  # fmt: skip


def shared_measurement(ws: Workspace, people: list[tuple[int, str | None, str]],
                       partner_ids: list[int]) -> None:  # fmt: skip
    """Write the demo's shared measurement: the rating, the lists, definitions, values."""
    rng = random.Random(2031)
    ws.adopt_decision(
        workbook=WORKBOOK,
        key=f"candidate.{OWN}",
        content={
            "name": "Parents qui se disent bien accueillis par les services",
            "plain": "La part des parents de tout-petits qui disent avoir été accueillis sans "
            "jugement la dernière fois qu'ils ont demandé de l'aide.",
            "unit": "%",
            "direction": "up",
        },
        adopted_by="Valérie Paquette",
    )
    ws.adopt_decision(
        workbook=WORKBOOK, key="shortlist", content={"candidates": CANDIDATES},
        adopted_by="Valérie Paquette",
    )  # fmt: skip
    round_id = ws.open_round(
        workbook=WORKBOOK, key="ratings", anonymous=False, config={"candidates": CANDIDATES}
    )
    start = dt.datetime(2026, 11, 18, 13, 45)
    answers = []
    raters = [p for p in people if p[2] not in ("facilitator",)][:16]
    for index, (pid, sector, _role) in enumerate(raters):
        respondent = participant_respondent(pid)
        at = start + dt.timedelta(seconds=15 * index)
        answers.append({"respondent": respondent, "item": "_join",
                        "value": {"client": f"demo{pid:08d}"}, "sector": sector, "at": at})  # fmt: skip
        for candidate in CANDIDATES:
            for criterion, mean in zip(("communication", "proxy", "data"), PROFILE[candidate],
                                       strict=True):  # fmt: skip
                at += dt.timedelta(seconds=rng.randint(4, 20))
                if rng.random() < 0.05:
                    value = "dk"
                else:
                    value = LEVEL[int(min(3, max(1, round(mean + rng.gauss(0, 0.55)))))]
                answers.append({"respondent": respondent, "item": f"rate.{candidate}.{criterion}",
                                "value": value, "sector": sector, "at": at})  # fmt: skip
    ws.answer_many(round_id, answers)
    ws.update_round(round_id, revealed=True, status=CLOSED)
    ws.adopt_decision(workbook=WORKBOOK, key="lists", content=LISTS, supporters=len(raters),
                      adopted_by="Valérie Paquette")  # fmt: skip
    for indicator, definition in DEFINITIONS.items():
        content = dict(definition)
        content["partner_id"] = partner_ids[content.pop("partner")]
        ws.adopt_decision(workbook=WORKBOOK, key=f"definition.{indicator}", content=content,
                          adopted_by="Valérie Paquette")  # fmt: skip
    ws.add_measurements(_values(partner_ids), source="demo")
    for number, (indicator, kind, date, text) in enumerate(STORIES):
        ws.adopt_decision(
            workbook=WORKBOOK, key=f"story.{indicator}.demo{number}",
            content={"kind": kind, "text": text, "date": date}, adopted_by="Valérie Paquette",
        )  # fmt: skip


def _values(partner_ids: list[int]) -> list[dict]:
    rows: list[dict] = []

    def add(indicator: str, year: int, value: float, partner: int | None = None,
            dimension: str = "", group: str = "") -> None:  # fmt: skip
        rows.append({
            "indicator": indicator, "period": str(year), "x": float(year), "value": value,
            "partner_id": None if partner is None else partner_ids[partner],
            "dimension": dimension, "group": group,
        })  # fmt: skip

    # EQDEM, every five years, with the territory gap.
    for year, total, vm, saules in ((2012, 25.6, 31.0, 29.5), (2017, 27.4, 34.2, 31.8),
                                    (2022, 29.0, 36.0, 34.0)):  # fmt: skip
        add("eqdem_vulnerable", year, total, 8)
        add("eqdem_vulnerable", year, vm, 8, "territory", "Vieux-Moulin")
        add("eqdem_vulnerable", year, saules, 8, "territory", "Secteur des Saules")
    # Childcare access by territory: the gap stays open.
    access = {2018: (44, 31, 49), 2019: (45, 31, 50), 2020: (45, 30, 51), 2021: (48, 32, 54),
              2022: (50, 33, 56), 2023: (52, 33, 58), 2024: (53, 34, 60), 2025: (55, 35, 62)}  # fmt: skip
    for year, (total, vm, rest) in access.items():
        add("childcare_access", year, float(total), 6)
        add("childcare_access", year, float(vm), 6, "territory", "Vieux-Moulin")
        add("childcare_access", year, float(rest), 6, "territory", "Reste de la MRC")
    for year, value in zip(range(2019, 2026), (118, 126, 140, 163, 181, 214, 239), strict=True):
        add("home_visits_reach", year, float(value), 7)
    for year, value in zip(range(2020, 2026), (31, 35, 41, 38, 47, 52), strict=True):
        add("kindergarten_transition", year, float(value), 5)
    for year, value in zip(range(2019, 2026), (260, 275, 330, 410, 455, 470, 462), strict=True):
        add("food_bank_children", year, float(value), 2)
    return rows
