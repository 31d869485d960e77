"""Demo data for the Continuous communication workbook: two survey waves, the plan, the logs.

The story: in the first wave (autumn 2025) the table is loosely knit around the
Maison de la famille and the Ville; health and the school board talk mostly to
each other, nobody reports working with the parents' committee, and trust
between the Ville and the Carrefour communautaire is low after a dispute over
premises.  A year later (autumn 2026) the network is denser, the parents'
committee works with the Maison de la famille and the CPE, and the Ville and
the Carrefour have made up; but the Fondation's funding decision, taken
without asking the community groups, cost it their trust.  The learning log
records that setback next to the successes.
"""

from __future__ import annotations

import datetime as dt
import random

from cikit.analysis.network import LEVELS, item_id
from cikit.store import Workspace
from cikit.store.rounds import CLOSED, participant_respondent

WORKBOOK = "05_communication"
KEY = "relations"

# Partner indexes (see cikit.demo.PARTNERS).
MAISON, CARREFOUR, PANIER, VILLE, BIBLIO, CSS, CPE, CISSS, DSP, FONDATION, CENTRAIDE, PARENTS = (
    range(12)
)

# (a, b, level 1-4) ties; pairs not listed have no interaction.
WAVE_1_TIES = [
    (MAISON, CARREFOUR, 3), (MAISON, PANIER, 2), (MAISON, VILLE, 2), (MAISON, CPE, 3),
    (MAISON, CISSS, 2), (MAISON, CENTRAIDE, 2), (MAISON, FONDATION, 2), (MAISON, BIBLIO, 1),
    (CARREFOUR, PANIER, 3), (CARREFOUR, VILLE, 1), (CARREFOUR, CENTRAIDE, 2),
    (VILLE, BIBLIO, 4), (VILLE, CSS, 1), (VILLE, FONDATION, 1),
    (CSS, CPE, 2), (CSS, CISSS, 2), (CISSS, DSP, 4), (CPE, CISSS, 1),
    (FONDATION, CENTRAIDE, 3), (FONDATION, CARREFOUR, 2),
]  # fmt: skip
WAVE_2_TIES = [
    (MAISON, CARREFOUR, 3), (MAISON, PANIER, 3), (MAISON, VILLE, 3), (MAISON, CPE, 4),
    (MAISON, CISSS, 3), (MAISON, CENTRAIDE, 2), (MAISON, FONDATION, 2), (MAISON, BIBLIO, 2),
    (MAISON, PARENTS, 3), (CPE, PARENTS, 2), (BIBLIO, PARENTS, 1),
    (CARREFOUR, PANIER, 3), (CARREFOUR, VILLE, 3), (CARREFOUR, CENTRAIDE, 2), (CARREFOUR, CISSS, 2),
    (VILLE, BIBLIO, 4), (VILLE, CSS, 2), (VILLE, FONDATION, 2), (VILLE, CISSS, 2),
    (CSS, CPE, 3), (CSS, CISSS, 3), (CSS, BIBLIO, 2), (CISSS, DSP, 4), (CPE, CISSS, 2),
    (DSP, CSS, 2), (FONDATION, CENTRAIDE, 3), (FONDATION, CARREFOUR, 2), (FONDATION, PANIER, 1),
    (PANIER, CISSS, 1),
]  # fmt: skip
# Trust one partner has in another, where it differs from the usual 3.1.
WAVE_1_TRUST = {(VILLE, CARREFOUR): 1.7, (CARREFOUR, VILLE): 1.6, (CISSS, PANIER): 2.0,
                (PANIER, VILLE): 2.2}  # fmt: skip
WAVE_2_TRUST = {(VILLE, CARREFOUR): 3.2, (CARREFOUR, VILLE): 3.0, (CISSS, PANIER): 2.9,
                (CARREFOUR, FONDATION): 1.6, (PANIER, FONDATION): 1.7,
                (MAISON, FONDATION): 2.1}  # fmt: skip
# What each partner brings as others see it: (power, involvement, resources).
VALUE = {
    MAISON: (2.8, 3.7, 2.8), CARREFOUR: (2.3, 3.2, 2.4), PANIER: (1.8, 2.8, 2.5),
    VILLE: (3.7, 2.6, 3.4), BIBLIO: (2.0, 2.7, 2.6), CSS: (3.3, 2.4, 3.0), CPE: (2.2, 3.1, 2.3),
    CISSS: (3.4, 2.5, 3.2), DSP: (3.0, 1.9, 2.9), FONDATION: (3.5, 2.6, 3.8),
    CENTRAIDE: (3.2, 2.8, 3.5), PARENTS: (1.6, 3.0, 1.8),
}  # fmt: skip
WAVE_1_SILENT = {DSP, PARENTS}
WAVE_2_SILENT = {DSP}

TABLES = [
    {"name": "Comité de pilotage", "kind": "steering",
     "members": [MAISON, VILLE, CSS, CISSS, FONDATION, CENTRAIDE, PARENTS],
     "frequency": "monthly", "channel": "En personne à la Maison de la famille, ou en visioconférence",
     "audience": "Les partenaires signataires", "start": "2025-09-10"},
    {"name": "Groupe de travail — Transition vers la maternelle", "kind": "working_group",
     "members": [CSS, CPE, MAISON, BIBLIO], "frequency": "every_2_weeks",
     "channel": "Visioconférence", "audience": "Intervenantes et enseignantes",
     "start": "2026-01-13"},
    {"name": "Groupe de travail — Accès aux services de garde", "kind": "working_group",
     "members": [CPE, VILLE, CISSS, PARENTS], "frequency": "every_2_months",
     "channel": "En personne à l'hôtel de ville", "audience": "Partenaires du chantier",
     "start": "2025-11-20"},
    {"name": "Forum communautaire « Grandir ensemble »", "kind": "forum",
     "members": [MAISON, CARREFOUR, PANIER, BIBLIO, PARENTS], "frequency": "every_6_months",
     "channel": "Soirée publique avec halte-garderie", "audience": "Familles et citoyens de la MRC",
     "start": "2025-11-06"},
    {"name": "Infolettre aux partenaires", "kind": "other", "members": [],
     "frequency": "quarterly", "channel": "Courriel", "audience": "Tous les partenaires et les élus",
     "start": "2025-12-01"},
]  # fmt: skip

DECISIONS = [
    ("2025-09-10", "Le comité de pilotage se réunit chaque mois; la structure de soutien en "
     "assure l'ordre du jour et le compte rendu.", "Bilan de la première année; sondage auprès "
     "des partenaires (juin 2025).", "Comité de pilotage"),
    ("2025-11-20", "Créer un groupe de travail sur l'accès aux services de garde à Vieux-Moulin.",
     "Écart de 20 points de l'accès aux services éducatifs entre Vieux-Moulin et le reste de la "
     "MRC (données du ministère de la Famille).", "Comité de pilotage"),
    ("2026-02-11", "Un siège au comité de pilotage est réservé au Comité de parents citoyens, "
     "avec une compensation pour la garde des enfants.", "Première vague du sondage sur les "
     "relations : personne ne déclarait travailler avec le comité de parents.",
     "Comité de pilotage"),
    ("2026-05-13", "Adopter une fiche de transition commune pour tous les CPE et écoles.",
     "Taux de transitions planifiées de 35 % en 2021; essai réussi dans deux écoles.",
     "Groupe de travail — Transition vers la maternelle"),
    ("2026-10-21", "Toute décision de financement touchant les groupes communautaires passe "
     "d'abord par le comité de pilotage.", "Deuxième vague du sondage : la confiance envers la "
     "Fondation a baissé chez trois groupes communautaires.", "Comité de pilotage"),
]  # fmt: skip
LESSONS = [
    ("2025-11-06", "success", "Le premier forum communautaire a réuni 64 personnes, dont 30 "
     "parents, grâce à la halte-garderie sur place.", "Prévoir une halte-garderie à chaque "
     "rencontre publique."),
    ("2026-01-20", "setback", "Le compte rendu du comité de pilotage est arrivé trois semaines "
     "après la rencontre; deux partenaires ont agi sur une information périmée.", "La structure "
     "de soutien envoie un résumé d'une page dans les 48 heures."),
    ("2026-03-18", "setback", "Le groupe de travail sur les services de garde a perdu deux "
     "rencontres faute de quorum pendant la relâche.", "Calendrier fixé six mois à l'avance, "
     "hors des semaines de relâche."),
    ("2026-06-10", "success", "La Ville et le Carrefour communautaire ont signé une entente sur "
     "le partage des locaux après une médiation par la structure de soutien.", "Offrir la "
     "médiation dès qu'un différend touche deux partenaires."),
    ("2026-09-02", "setback", "La Fondation a annoncé la fin d'un financement sans en parler "
     "aux groupes communautaires concernés; la confiance en a souffert.", "Les décisions de "
     "financement passent d'abord par le comité de pilotage."),
    ("2026-10-22", "success", "La deuxième vague du sondage montre un réseau plus dense : le "
     "comité de parents travaille maintenant avec trois partenaires.", "Répéter le sondage "
     "chaque automne et en présenter les résultats au forum."),
]  # fmt: skip


def _level(ties: list[tuple[int, int, int]]) -> dict[frozenset, int]:
    return {frozenset((a, b)): level for a, b, level in ties}


def _wave(
    ws: Workspace,
    rng: random.Random,
    partner_ids: list[int],
    answerers: dict[int, tuple[int, str | None]],
    *,
    label: str,
    date: dt.date,
    ties: list[tuple[int, int, int]],
    trust: dict[tuple[int, int], float],
    silent: set[int],
) -> int:
    levels = _level(ties)
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
            base = trust.get((source, target), 3.1)
            for name in ("reliability", "mission", "openness"):
                answers.append({"respondent": respondent, "item": item_id(a, b, name),
                                "value": clamp(base + rng.gauss(0, 0.45)), "sector": sector,
                                "at": at})  # fmt: skip
            for name, mean in zip(("power", "involvement", "resources"), VALUE[target],
                                  strict=True):  # fmt: skip
                answers.append({"respondent": respondent, "item": item_id(a, b, name),
                                "value": clamp(mean + rng.gauss(0, 0.45)), "sector": sector,
                                "at": at})  # fmt: skip
    ws.answer_many(round_id, answers)
    ws.update_round(round_id, revealed=True, status=CLOSED)
    return round_id


def continuous_communication(
    ws: Workspace, people: list[tuple[int, str | None, str]], partner_ids: list[int]
) -> None:
    """Two survey waves a year apart, the communication plan, the decision and learning logs."""
    from cikit.demo import PARTICIPANTS

    rng = random.Random(2005)
    # The first person of each partner answers for it.
    answerers: dict[int, tuple[int, str | None]] = {}
    for (pid, sector, _role), (_name, partner, _r) in zip(people, PARTICIPANTS, strict=True):
        if partner is not None and partner not in answerers:
            answerers[partner] = (pid, sector)
    _wave(ws, rng, partner_ids, answerers, label="Automne 2025", date=dt.date(2025, 10, 15),
          ties=WAVE_1_TIES, trust=WAVE_1_TRUST, silent=WAVE_1_SILENT)  # fmt: skip
    _wave(ws, rng, partner_ids, answerers, label="Automne 2026", date=dt.date(2026, 10, 14),
          ties=WAVE_2_TIES, trust=WAVE_2_TRUST, silent=WAVE_2_SILENT)  # fmt: skip
    for table in TABLES:
        ws.adopt_decision(
            workbook=WORKBOOK,
            key=f"table.{rng.getrandbits(32):08x}",
            content={**table, "members": [partner_ids[m] for m in table["members"]]},
            adopted_by="Geneviève Simard",
        )
    for date, what, information, by in DECISIONS:
        ws.adopt_decision(
            workbook=WORKBOOK,
            key=f"decision.{rng.getrandbits(32):08x}",
            content={"date": date, "what": what, "information": information, "by": by},
            adopted_by="Geneviève Simard",
        )
    for date, kind, what, change in LESSONS:
        ws.adopt_decision(
            workbook=WORKBOOK,
            key=f"lesson.{rng.getrandbits(32):08x}",
            content={"date": date, "what": what, "kind": kind, "change": change},
            adopted_by="Geneviève Simard",
        )
