"""The demo's mutually reinforcing activities: 37 activities of the twelve partners.

The story the map tells: five of the six strategies of the common agenda are
carried, but nobody carries the training of front-line workers everyone agreed
on; home visits to low-income families in Vieux-Moulin are run by both the
Carrefour and the CLSC, and food help for single-parent families in the Saules
sector by both the food bank and the family centre (two overlaps, two calls to
make); Saint-Isidore, which the agenda names, is reached by nothing.  A year
ago, before the shuttle, the bookmobile and the mobile clinic, "bringing
services closer" was a gap too: the last snapshot (November 2025) still shows it, and
the comparison with today shows it closed.
"""

from __future__ import annotations

from typing import Any

from cikit.analysis.activities import active_on, alignment, as_frame
from cikit.references import activity_references
from cikit.store import Workspace

WORKBOOK = "04_activites"

TERRITORIES = ["Vieux-Moulin", "Secteur des Saules", "Centre-ville", "Saint-Isidore"]
POPULATIONS = [
    "Enfants de 0 à 5 ans et leurs familles",
    "Familles à faible revenu",
    "Familles monoparentales",
    "Familles nouvellement arrivées",
]
VM, SS, CV = "Vieux-Moulin", "Secteur des Saules", "Centre-ville"
E, FR, FM, NA = POPULATIONS

# (partner number in cikit.demo.PARTNERS from 1, name, strategy number (0: none), indicators,
#  populations, territories, start, end, staff, budget, intake, referral)
ACTIVITIES: list[tuple] = [
    (1, "Visites à domicile Premiers pas", 1, ["home_visits_reach"], [FR], [SS],
     "2022-09", "", 2.0, "50k_250k", "Référence du CLSC ou appel du parent",
     "Fiche de référence papier"),
    (2, "Visites à domicile du Carrefour", 1, ["home_visits_reach"], [FR], [VM],
     "2024-01", "", 1.5, "50k_250k", "Accueil sans rendez-vous au Carrefour",
     "Appel à l'organisme, la famille rappelle elle-même"),
    (8, "Services intégrés en périnatalité et pour la petite enfance (SIPPE)", 1,
     ["home_visits_reach", "eqdem_vulnerable"], [FR], [VM], "2025-03", "", 2.5, "gt250k",
     "Formulaire d'accueil du CLSC, rendez-vous en deux semaines", "Référence accompagnée"),
    (1, "Halte-répit du samedi", 1, [], [FM], [SS], "2023-01", "", 0.8, "10k_50k",
     "Inscription libre", ""),
    (2, "Halte-garderie de quartier", 1, [], [FM], [VM], "2021-09", "", 1.0, "10k_50k",
     "Inscription libre", ""),
    (12, "Cafés-rencontres de parents", 1, [], [E], [CV], "2025-02", "", 0.2, "lt10k", "", ""),
    (5, "Heure du conte en famille", 1, [], [E], [SS], "2020-01", "", 0.3, "none", "", ""),
    (11, "Fonds pour les haltes-répit", 1, [], [FM], [CV], "2024-01", "2027-12", 0.1,
     "50k_250k", "", ""),
    (1, "Accueil des familles nouvellement arrivées", 1, [], [NA], [SS], "2026-03", "", 0.6,
     "10k_50k", "Rendez-vous par téléphone", "Référence accompagnée"),
    (8, "Suivi postnatal à domicile", 1, ["home_visits_reach"], [NA], [VM], "2024-05", "",
     1.2, "50k_250k", "Formulaire d'accueil du CLSC, rendez-vous en deux semaines",
     "Référence par courriel à l'organisme"),
    (7, "Places réservées aux familles du Vieux-Moulin", 2, ["childcare_access"], [FR], [VM],
     "2024-09", "", 3.0, "gt250k", "Liste d'attente du guichet unique", ""),
    (4, "Projet de nouvelle installation de CPE", 2, ["childcare_access"], [E], [VM],
     "2025-06", "2028-12", 0.5, "50k_250k", "", ""),
    (10, "Fonds d'accès aux places (frais de garde)", 2, ["childcare_access"], [FR], [SS],
     "2025-01", "2027-12", 0.2, "gt250k", "", ""),
    (8, "Intervenante pivot vers une place en garde", 2, ["childcare_access"], [NA], [SS],
     "2025-09", "", 1.0, "10k_50k", "Formulaire d'accueil du CLSC, rendez-vous en deux semaines",
     "Référence accompagnée"),
    (7, "Soutien aux services de garde en milieu familial", 2, ["childcare_access"], [E], [CV],
     "2023-01", "", 1.0, "50k_250k", "Liste d'attente du guichet unique", ""),
    (7, "Places en halte pour parents aux études", 2, ["childcare_access"], [FM], [CV],
     "2023-09", "", 1.5, "50k_250k", "Liste d'attente du CPE", ""),
    (6, "Passe-Partout", 3, ["kindergarten_transition", "eqdem_vulnerable"], [E],
     [VM, SS, CV], "2019-09", "", 4.0, "gt250k", "Inscription à l'école", ""),
    (6, "Portes ouvertes de la maternelle 4 ans", 3, ["kindergarten_transition"], [NA], [VM],
     "2024-05", "", 0.3, "lt10k", "Inscription à l'école", ""),
    (7, "Trousse de transition CPE-école", 3, ["kindergarten_transition"], [FR], [SS],
     "2024-03", "", 0.4, "lt10k", "", ""),
    (5, "Club de lecture avant la maternelle", 3, ["kindergarten_transition"], [NA], [SS],
     "2024-09", "", 0.3, "lt10k", "Inscription libre à la bibliothèque", ""),
    (12, "Parents-guides pour la rentrée", 3, ["kindergarten_transition"], [NA], [CV],
     "2026-01", "", 0.2, "lt10k", "", ""),
    (6, "Classes d'accueil au préscolaire", 3, [], [NA], [SS], "2019-09", "2023-06", 2.0,
     "50k_250k", "Inscription à l'école", ""),
    (2, "Ateliers de stimulation du langage", 3, ["kindergarten_transition",
     "eqdem_vulnerable"], [FR], [VM], "2025-09", "", 0.5, "10k_50k",
     "Accueil sans rendez-vous au Carrefour", ""),
    (3, "Dépannage alimentaire des familles avec bébé", 4, ["food_bank_children"], [FM], [SS],
     "2018-01", "", 2.0, "50k_250k", "Preuve de revenu exigée",
     "Liste d'organismes remise à la famille"),
    (1, "Cuisines collectives parents-enfants", 4, ["food_bank_children"], [FM], [SS],
     "2024-03", "", 0.6, "10k_50k", "Inscription libre", "Référence accompagnée"),
    (3, "Paniers de Noël des familles", 4, [], [FR], [VM], "2020-12", "", 0.5, "10k_50k",
     "Preuve de revenu exigée", ""),
    (2, "Frigo communautaire", 4, ["food_bank_children"], [E], [VM], "2023-05", "", 0.3,
     "lt10k", "", ""),
    (9, "Programme OLO (œufs, lait, oranges)", 4, [], [FR], [CV], "2018-01", "", 0.4,
     "10k_50k", "Suivi de grossesse au CLSC", ""),
    (11, "Financement de la sécurité alimentaire", 4, [], [FR], [SS], "2022-01", "2026-12", 0.1,
     "gt250k", "", ""),
    (4, "Navette des familles vers les services", 5, [], [FR], [VM, CV], "2026-01", "", 0.5,
     "50k_250k", "", ""),
    (8, "Clinique jeunesse mobile", 5, ["home_visits_reach"], [E], [SS, VM], "2026-02", "",
     1.2, "50k_250k", "Formulaire d'accueil du CLSC, rendez-vous en deux semaines", ""),
    (5, "Bibliobus des tout-petits", 5, [], [E], [CV], "2026-04", "", 0.5, "10k_50k", "", ""),
    (4, "Heures d'ouverture prolongées des services municipaux", 5, [], [FM], [CV], "2026-02",
     "", 0.2, "none", "", ""),
    (8, "Vaccination sans rendez-vous", 5, [], [NA], [CV], "2026-01", "", 0.4, "10k_50k",
     "Sans rendez-vous", ""),
    (12, "Tournée des quartiers du comité de parents", 5, [], [FM], [VM], "2026-05", "", 0.1,
     "lt10k", "", ""),
    (9, "Portrait de santé publique par secteur", 0, ["eqdem_vulnerable"], [E], [VM, SS, CV],
     "2024-01", "", 0.3, "none", "", ""),
    (10, "Soutien à l'évaluation de la concertation", 0, [], [E], [], "2025-01", "2027-12",
     0.1, "10k_50k", "", ""),
]  # fmt: skip

SNAPSHOTS = [
    ("2024-11", "2024-11-21", "Première carte, faite en comité de pilotage."),
    ("2025-11", "2025-11-20", "Carte mise à jour un an plus tard, au forum annuel."),
]


def mutually_reinforcing_activities(ws: Workspace, partner_ids: list[int]) -> None:
    """Write the places the agenda names, the 37 activities and two yearly snapshots."""
    ws.adopt_decision(
        workbook=WORKBOOK,
        key="places",
        content={"territories": TERRITORIES, "populations": POPULATIONS},
        adopted_by="Valérie Paquette",
    )
    refs = activity_references(ws, "fr")
    rows = [_row(entry, refs.strategies, partner_ids) for entry in ACTIVITIES]
    ws.add_activities(rows, source="demo")
    frame = ws.activities()
    for month, day, note in SNAPSHOTS:
        summary = alignment(active_on(frame, month), refs)
        ws.adopt_decision(
            workbook=WORKBOOK,
            key="snapshot",
            content={"taken_on": day, "month": month, "note": note, "summary": summary},
            adopted_by="Valérie Paquette",
        )


def _row(entry: tuple, strategies: tuple[str, ...], partner_ids: list[int]) -> dict[str, Any]:
    (partner, name, strategy, indicators, populations, territories, start, end, staff,
     budget, intake, referral) = entry  # fmt: skip
    return {
        "partner_id": partner_ids[partner - 1],
        "name": name,
        "strategy": strategies[strategy - 1] if strategy else "",
        "indicators": indicators,
        "populations": populations,
        "territories": territories,
        "start": start,
        "end": end,
        "staff": staff,
        "budget": budget,
        "intake": intake,
        "referral": referral,
    }


def demo_frame(strategies: tuple[str, ...]) -> Any:
    """The demo activities as a frame without a workspace (for tests and benchmarks)."""
    rows = [_row(e, strategies, list(range(1, 13))) for e in ACTIVITIES]
    return as_frame([{"id": n + 1, **r} for n, r in enumerate(rows)])
