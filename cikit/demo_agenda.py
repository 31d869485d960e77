"""Demo data for the Common agenda workbook (``02_plan_commun``).

A common agenda is built from disagreement: each partner first says, in its own
words, what the problem is, for whom, where, and why; the group then votes on
candidate statements, records what it still disagrees on, and adopts a first
agenda that it revises later.  Without data every screen of the workbook would
be empty on first run, so the demo tells that story for « Grandir ensemble à
Rivière-aux-Saules »:

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

Texts and votes are fixed (no randomness), so tests can rely on the story.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cikit.store import Workspace
from cikit.store.rounds import CLOSED, participant_respondent

WORKBOOK = "02_plan_commun"
FACILITATOR = "Valérie Paquette"
VIEW_ITEMS = ("problem", "goal", "population", "territory", "causes")
DOTS = 3
_NOT_RESPONDING = ("facilitator", "backbone")


@dataclass(frozen=True)
class _Person:
    pid: int
    name: str
    sector: str | None
    role: str
    partner: int | None  # index in partner_ids


# -- round 1: each partner's view -------------------------------------------------------

# Who writes a view: the first person of each partner, plus these second voices.
VIEW_EXTRA = ("Samuel Girard", "Amadou Diallo")

VIEWS: dict[str, dict[str, str]] = {
    # Maison de la famille des Saules (community)
    "Nadia Tremblay": {
        "problem": (
            "Le problème, c'est la pauvreté et l'isolement des familles. Plusieurs parents "
            "n'ont personne sur qui compter : pas de famille proche, pas d'auto, pas de répit. "
            "Quand on vit à cinq dans un logement trop petit et trop cher, ce sont les enfants "
            "qui en paient le prix."
        ),
        "goal": (
            "Que les familles se sentent moins seules et mieux outillées, et que chaque enfant "
            "ait un milieu de vie stable et chaleureux pour grandir."
        ),
        "population": (
            "Les familles avec des enfants de 0-5 ans, surtout les familles monoparentales et "
            "les mères seules qui n'ont pas de réseau."
        ),
        "territory": (
            "Le secteur des Saules, où est notre maison, et les familles du Vieux-Moulin qui "
            "viennent à nos ateliers."
        ),
        "causes": (
            "Le coût du logement, qui mange tout le budget. L'isolement : pas de réseau, pas de "
            "transport. Et la méfiance envers les institutions, qui fait qu'on attend d'être en "
            "crise pour demander de l'aide."
        ),
    },
    # Carrefour communautaire du Vieux-Moulin (community)
    "Louis Gagnon": {
        "problem": (
            "Au Vieux-Moulin, la pauvreté gagne du terrain : les loyers ont explosé et des "
            "familles s'entassent dans des logements mal entretenus. L'isolement est énorme, "
            "surtout pour les familles nouvellement arrivées qui ne parlent pas encore "
            "français. Les enfants grandissent dans ce stress-là."
        ),
        "goal": (
            "Que les familles du quartier aient un revenu et un logement décents, et qu'aucun "
            "enfant ne grandisse dans l'isolement."
        ),
        "population": (
            "Les familles nouvellement arrivées et les familles à faible revenu, avec leurs "
            "enfants de 0-5 ans."
        ),
        "territory": "Le Vieux-Moulin d'abord : c'est là que les besoins sont les plus grands.",
        "causes": (
            "La crise du logement, les emplois précaires et mal payés, et la barrière de la "
            "langue pour les personnes immigrantes."
        ),
    },
    # Banque alimentaire Le Panier (community)
    "Rachida Benali": {
        "problem": (
            "L'insécurité alimentaire touche de plus en plus de familles avec de jeunes "
            "enfants : nos demandes ont presque doublé en deux ans. Après le loyer, il ne reste "
            "plus rien pour l'épicerie. C'est la pauvreté, tout simplement."
        ),
        "goal": (
            "Qu'aucune famille de la MRC n'ait à choisir entre payer le loyer et nourrir ses "
            "enfants."
        ),
        "population": (
            "Les familles qui viennent à la banque alimentaire : beaucoup de familles "
            "monoparentales, et de plus en plus de travailleurs à faible revenu."
        ),
        "territory": "Toute la MRC : nos points de distribution couvrent les trois municipalités.",
        "causes": (
            "Le prix du panier d'épicerie et des loyers, qui montent plus vite que les revenus. "
            "L'aide sociale qui ne suffit pas. La gêne de demander de l'aide, qui retarde tout."
        ),
    },
    # Ville de Rivière-aux-Saules (public); the territory was changed, see VIEW_CHANGES
    "Martin Côté": {
        "problem": (
            "Les services existent, mais bien des familles n'y ont pas accès : le transport en "
            "commun ne passe pas le soir ni la fin de semaine, et les horaires ne conviennent "
            "pas à ceux qui travaillent. Certains quartiers sont mal desservis, et les enfants "
            "qui y vivent ont moins de tout."
        ),
        "goal": (
            "Que toutes les familles, peu importe leur quartier, puissent se rendre facilement "
            "aux services et aux activités dont leurs enfants ont besoin."
        ),
        "population": (
            "Les familles avec de jeunes enfants, en particulier celles qui n'ont pas de voiture."
        ),
        "territory": (
            "Toute la MRC, mais d'abord les quartiers du Vieux-Moulin et du secteur des Saules."
        ),
        "causes": (
            "Un réseau de transport pensé pour les travailleurs qui vont au centre-ville, pas "
            "pour les familles. Des services regroupés au centre-ville. Peu de logements "
            "abordables près des services."
        ),
    },
    # Bibliothèque municipale des Saules (public)
    "Sophie Lavoie": {
        "problem": (
            "L'accès aux services est très inégal d'un quartier à l'autre. Les familles qui "
            "profiteraient le plus de nos heures du conte et de nos activités d'éveil à la "
            "lecture ne viennent pas, souvent faute de transport. Leurs enfants commencent "
            "ensuite l'école avec bien moins de livres dans leur vie."
        ),
        "goal": (
            "Que chaque enfant ait accès à des livres et à des activités d'éveil près de chez "
            "lui, dès la naissance."
        ),
        "population": (
            "Les enfants de 0-5 ans et leurs parents, notamment les familles nouvellement "
            "arrivées, pour qui la bibliothèque est souvent une première porte d'entrée."
        ),
        "territory": "Les quartiers éloignés de nos deux succursales, surtout le secteur des Saules.",
        "causes": (
            "La distance et le transport. Des heures d'ouverture mal adaptées aux familles. Et "
            "plusieurs parents ne savent pas que nos services sont gratuits."
        ),
    },
    # Centre de services scolaire des Trois-Rives (education)
    "Isabelle Roy": {
        "problem": (
            "Trop d'enfants arrivent à la maternelle sans la préparation scolaire dont ils ont "
            "besoin : langage, motricité fine, capacité à suivre une consigne. Les écarts sont "
            "visibles dès septembre et pèsent ensuite sur toute leur réussite éducative."
        ),
        "goal": (
            "Que chaque enfant commence la maternelle prêt à apprendre, et que ses chances de "
            "réussite éducative ne dépendent plus du quartier où il est né."
        ),
        "population": (
            "Les enfants de 4 et 5 ans qui entreront à la maternelle, et leurs parents."
        ),
        "territory": "Les écoles primaires du centre de services, donc toute la MRC.",
        "causes": (
            "Peu d'enfants fréquentent un service de garde éducatif avant l'école, les retards "
            "de langage sont détectés trop tard, et les transitions vers la maternelle sont mal "
            "préparées entre les CPE, les familles et l'école."
        ),
    },
    # CPE Les Petits Pas (education)
    "Karine Bouchard": {
        "problem": (
            "Beaucoup d'enfants entrent à la maternelle sans être passés par un milieu "
            "éducatif. Leur préparation scolaire est très inégale et la transition est dure, "
            "pour eux comme pour leurs familles. C'est leur réussite éducative qui se joue là."
        ),
        "goal": (
            "Que tous les enfants, surtout ceux qui en ont le plus besoin, aient une place dans "
            "un service de garde éducatif de qualité avant d'entrer à l'école."
        ),
        "population": (
            "Les enfants de 0-5 ans sur nos listes d'attente, et ceux qui n'y sont même pas "
            "inscrits."
        ),
        "territory": "Le secteur des Saules et le Vieux-Moulin, où il manque le plus de places.",
        "causes": (
            "Le manque de places en CPE, la pénurie d'éducatrices, et des familles qui ne "
            "connaissent pas le guichet d'accès aux places."
        ),
    },
    # CISSS de la Rivière — CLSC des Saules (health)
    "Anne Pelletier": {
        "problem": (
            "Nous voyons trop d'enfants vulnérables dans leur développement dès la petite "
            "enfance : retards de langage, difficultés d'attachement, troubles du sommeil. Les "
            "familles consultent souvent tard, quand les difficultés sont déjà installées."
        ),
        "goal": (
            "Que chaque enfant bénéficie d'un suivi de son développement dès la naissance et "
            "d'une aide rapide au besoin."
        ),
        "population": (
            "Les enfants de 0-5 ans et leurs parents, dès la grossesse, en priorité les "
            "familles en situation de vulnérabilité."
        ),
        "territory": "Le territoire du CLSC des Saules, c'est-à-dire toute la MRC.",
        "causes": (
            "Un dépistage trop tardif, des listes d'attente en orthophonie et en ergothérapie, "
            "et des familles qui hésitent à consulter par peur d'être signalées à la DPJ."
        ),
    },
    # CISSS de la Rivière — CLSC des Saules (health), answers in English
    "Samuel Girard": {
        "problem": (
            "Too many young children show developmental vulnerability before they turn five, "
            "and the gap keeps widening. Early childhood is when prevention works best, yet it "
            "is exactly when families are least connected to the health network."
        ),
        "goal": (
            "Every child in the region reaches kindergarten healthy and on track in their "
            "development, with early help for those who need it."
        ),
        "population": (
            "Children aged 0-5 and their parents, especially young parents and newcomer "
            "families who have no family doctor yet."
        ),
        "territory": "The whole MRC, with outreach in the neighbourhoods where vulnerability is highest.",
        "causes": (
            "Long waiting lists for speech therapy and developmental assessments, no family "
            "doctor for many newcomers, and too few home visits after the first weeks."
        ),
    },
    # Direction de santé publique régionale (health)
    "Julien Morin": {
        "problem": (
            "Selon l'EQDEM, 29 % des enfants de la MRC sont vulnérables dans au moins un "
            "domaine de développement. Cette vulnérabilité s'installe tôt, dans la petite "
            "enfance, et elle est plus forte dans les milieux défavorisés."
        ),
        "goal": (
            "Réduire la proportion d'enfants vulnérables à l'entrée à l'école, et réduire "
            "l'écart entre les secteurs les plus et les moins favorisés."
        ),
        "population": (
            "Tous les enfants de 0-5 ans de la MRC, avec des efforts proportionnés aux "
            "besoins : c'est l'universalisme proportionné."
        ),
        "territory": "Toute la MRC, analysée par secteur de défavorisation.",
        "causes": (
            "Les déterminants sociaux de la santé : le revenu, le logement, la scolarité des "
            "parents, l'accès aux services de garde et de santé."
        ),
    },
    # Fondation Avenir des tout-petits (philanthropy)
    "Catherine Fortin": {
        "problem": (
            "Beaucoup d'argent est investi auprès des tout-petits dans la MRC, mais sans "
            "résultats mesurables pour l'ensemble des enfants. Chacun travaille dans son coin : "
            "sans vraie collaboration, on ne sait pas ce qui fonctionne, ni pour quelles "
            "familles."
        ),
        "goal": (
            "Des résultats mesurables à l'échelle de la population d'ici cinq ans, grâce à une "
            "collaboration durable entre les partenaires."
        ),
        "population": "Les enfants de 0-5 ans de la MRC et leurs familles.",
        "territory": "Toute la MRC de Rivière-aux-Saules.",
        "causes": (
            "Des projets courts et morcelés, financés un à un. Aucun indicateur commun. Une "
            "concurrence entre organismes pour les mêmes fonds."
        ),
    },
    # Centraide régional (philanthropy), answers in English
    "Olivier Bergeron": {
        "problem": (
            "Many good programs, little collaboration between them, and no measurable results "
            "at the population level. We keep funding projects without knowing whether "
            "children and families are actually better off."
        ),
        "goal": (
            "Measurable, lasting change for children and families, shared by all partners, "
            "with funders aligned behind one plan."
        ),
        "population": (
            "Families with young children living on a low income, including single-parent and "
            "newcomer families."
        ),
        "territory": "The whole MRC: our funding already covers all three municipalities.",
        "causes": (
            "Fragmented funding and short project cycles, poverty and housing costs, and "
            "services that work in silos."
        ),
    },
    # Comité de parents citoyens (residents)
    "Mélanie Ouellet": {
        "problem": (
            "Les parents sont épuisés. Pas de place en garderie, des listes d'attente de deux "
            "ans, et quand on demande de l'aide, on se sent jugés. Alors on ne demande plus "
            "rien, et ce sont nos enfants qui écopent."
        ),
        "goal": (
            "Des parents moins seuls et moins épuisés, qui savent où aller et qui se sentent "
            "accueillis, pas jugés. Une place en garderie pour chaque enfant qui en a besoin."
        ),
        "population": (
            "Les parents de jeunes enfants, surtout les familles monoparentales et celles qui "
            "vivent loin de tout."
        ),
        "territory": (
            "Saint-Isidore et les rangs autour : il n'y a ni CPE ni autobus, et on est toujours "
            "oubliés. Le secteur des Saules aussi."
        ),
        "causes": (
            "Le manque de places en garderie. Des services qui nous parlent de haut. La "
            "fatigue : quand on est épuisé, on n'a plus l'énergie d'aller chercher de l'aide."
        ),
    },
    # Comité de parents citoyens (residents)
    "Amadou Diallo": {
        "problem": (
            "Comme parent nouvellement arrivé, je me suis senti jugé quand j'ai demandé de "
            "l'aide. Beaucoup de parents autour de moi sont épuisés, sans garderie, sans famille "
            "ici pour les aider. Nos enfants sentent tout ça."
        ),
        "goal": (
            "Que les parents soient écoutés et soutenus, pas évalués, et que nos enfants aient "
            "les mêmes chances que les autres."
        ),
        "population": (
            "Les familles nouvellement arrivées avec des enfants de 0-5 ans, qui ne connaissent "
            "pas encore les ressources."
        ),
        "territory": "Le Vieux-Moulin, où vivent beaucoup de familles immigrantes.",
        "causes": (
            "La langue, le manque de garderies, et la peur d'être jugés ou signalés. On ne sait "
            "pas à qui faire confiance."
        ),
    },
}

# Changed their mind: (name, item, earlier answer).  Both are on record; the later counts.
VIEW_CHANGES: list[tuple[str, str, str]] = [
    ("Martin Côté", "territory", "Le centre-ville de Rivière-aux-Saules."),
]


# -- round 2: the vote on candidate statements ------------------------------------------

CANDIDATES: dict[str, list[dict[str, str]]] = {
    "problem": [
        {
            "id": "problem.1",
            "text": (
                "Près d'un enfant sur trois de la MRC arrive à la maternelle vulnérable dans au "
                "moins un domaine de son développement, et l'écart se creuse au Vieux-Moulin et "
                "dans le secteur des Saules."
            ),
        },
        {
            "id": "problem.2",
            "text": (
                "Trop de familles de jeunes enfants vivent dans la pauvreté et l'isolement, loin "
                "des services dont elles auraient besoin."
            ),
        },
        {
            "id": "problem.3",
            "text": (
                "Trop d'enfants arrivent à la maternelle sans la préparation scolaire nécessaire "
                "à leur réussite éducative."
            ),
        },
    ],
    "vision": [
        {
            "id": "vision.1",
            "text": (
                "Tous les enfants de Rivière-aux-Saules grandissent dans des familles soutenues "
                "et des milieux de vie qui leur permettent de développer leur plein potentiel."
            ),
        },
        {
            "id": "vision.2",
            "text": (
                "Une communauté où chaque famille trouve près de chez elle, sans se sentir "
                "jugée, le soutien dont elle a besoin pour que ses enfants s'épanouissent."
            ),
        },
    ],
    "goal": [
        {
            "id": "goal.1",
            "text": (
                "D'ici 2030, réduire de 29 % à 22 % la proportion d'enfants vulnérables dans au "
                "moins un domaine de développement à la maternelle (EQDEM)."
            ),
        },
        {
            "id": "goal.2",
            "text": (
                "D'ici 2030, faire passer de 58 % à 75 % la part des enfants de 4 ans du "
                "Vieux-Moulin et du secteur des Saules qui fréquentent un service de garde "
                "éducatif."
            ),
        },
        {
            "id": "goal.3",
            "text": (
                "D'ici 2028, que 80 % des parents d'enfants de 0 à 5 ans disent connaître au "
                "moins une ressource près de chez eux où ils se sentent bien accueillis."
            ),
        },
    ],
}

# Absent on voting day.
VOTE_ABSENT = ("François Dubé",)

# Per sector: dots per field, and ratings 1-5 of every candidate.
_Profile = tuple[dict[str, dict[str, int]], dict[str, int]]
VOTE_PROFILES: dict[str, _Profile] = {
    "education": (
        {
            "problem": {"problem.1": 2, "problem.3": 1},
            "vision": {"vision.1": 3},
            "goal": {"goal.1": 2, "goal.2": 1},
        },
        {"problem.1": 5, "problem.2": 3, "problem.3": 5, "vision.1": 4, "vision.2": 4,
         "goal.1": 5, "goal.2": 4, "goal.3": 3},
    ),
    "community": (
        {
            "problem": {"problem.2": 2, "problem.1": 1},
            "vision": {"vision.2": 2, "vision.1": 1},
            "goal": {"goal.3": 2, "goal.1": 1},
        },
        {"problem.1": 4, "problem.2": 5, "problem.3": 2, "vision.1": 3, "vision.2": 5,
         "goal.1": 4, "goal.2": 3, "goal.3": 5},
    ),
    "public": (
        {
            "problem": {"problem.1": 2, "problem.2": 1},
            "vision": {"vision.2": 2, "vision.1": 1},
            "goal": {"goal.2": 2, "goal.1": 1},
        },
        {"problem.1": 4, "problem.2": 4, "problem.3": 3, "vision.1": 4, "vision.2": 4,
         "goal.1": 4, "goal.2": 5, "goal.3": 4},
    ),
    "health": (
        {
            "problem": {"problem.1": 3},
            "vision": {"vision.1": 2, "vision.2": 1},
            "goal": {"goal.1": 3},
        },
        {"problem.1": 5, "problem.2": 3, "problem.3": 3, "vision.1": 5, "vision.2": 3,
         "goal.1": 5, "goal.2": 3, "goal.3": 3},
    ),
    "philanthropy": (
        {
            "problem": {"problem.1": 3},
            "vision": {"vision.1": 3},
            "goal": {"goal.1": 2, "goal.2": 1},
        },
        {"problem.1": 5, "problem.2": 3, "problem.3": 3, "vision.1": 5, "vision.2": 3,
         "goal.1": 5, "goal.2": 4, "goal.3": 3},
    ),
    "residents": (
        {
            "problem": {"problem.2": 3},
            "vision": {"vision.2": 3},
            "goal": {"goal.3": 3},
        },
        {"problem.1": 3, "problem.2": 5, "problem.3": 1, "vision.1": 3, "vision.2": 5,
         "goal.1": 3, "goal.2": 4, "goal.3": 5},
    ),
}  # fmt: skip

# Individual departures from the sector's profile.
VOTE_DOTS_OVERRIDES: dict[str, dict[str, dict[str, int]]] = {
    "Josée Lapointe": {"vision": {"vision.2": 2}},  # kept a dot
    "Rachida Benali": {"problem": {"problem.2": 3}},
    "Sophie Lavoie": {"goal": {"goal.2": 2, "goal.3": 1}},
}
VOTE_AGREE_OVERRIDES: dict[str, dict[str, int]] = {
    "Louis Gagnon": {"problem.1": 3, "goal.2": 4},  # "too centred on school"
    "Rachida Benali": {"problem.3": 1},
    "Élodie Caron": {"goal.1": 3},
    "Catherine Fortin": {"problem.2": 4, "goal.3": 2},
    "Martin Côté": {"vision.1": 5},
    "Samuel Girard": {"vision.2": 4},
    "Anne Pelletier": {"problem.3": 4},
    "Amadou Diallo": {"goal.1": 4},
    "Josée Lapointe": {"problem.1": 4},
}
# Changed their mind: an earlier allocation, then the profile's (the later counts).
VOTE_DOTS_CHANGES: dict[str, tuple[str, dict[str, int]]] = {
    "Karine Bouchard": ("goal", {"goal.1": 3}),
}


# -- decisions -------------------------------------------------------------------------

DISAGREEMENT_1 = {
    "what": (
        "Faut-il offrir les actions à toutes les familles de la MRC, avec plus d'efforts là où "
        "les besoins sont plus grands (universalisme proportionné), ou les réserver aux "
        "familles les plus vulnérables?"
    ),
    "who": (
        "Pour l'universalisme proportionné : la Direction de santé publique, le CPE Les Petits "
        "Pas, la Bibliothèque et le Comité de parents, qui craint que le ciblage ne stigmatise "
        "les familles. Pour un ciblage serré : la Fondation Avenir des tout-petits, Centraide "
        "et la Banque alimentaire Le Panier, qui veulent concentrer des fonds limités. Le "
        "Centre de services scolaire n'a pas encore tranché."
    ),
    "handling": (
        "Un petit groupe de travail examine les données et fait rapport en mars. D'ici là, les "
        "actions déjà en cours continuent."
    ),
    "status": "open",
    "resolution": "",
}
DISAGREEMENT_1_HANDLING = (
    "Un groupe de travail (santé publique, Fondation Avenir des tout-petits, Comité de "
    "parents, Maison de la famille) croise les résultats de l'EQDEM 2022 par secteur avec la "
    "carte de défavorisation et les listes d'attente, puis présente deux scénarios chiffrés "
    "à la rencontre du 17 mars 2027. La table tranche à cette rencontre, par consentement. "
    "D'ici là, les actions déjà en cours continuent."
)

DISAGREEMENT_2 = {
    "what": (
        "Le territoire d'action comprend-il Saint-Isidore, la municipalité rurale au nord de "
        "la MRC?"
    ),
    "who": (
        "Le Comité de parents et la Banque alimentaire Le Panier voulaient l'inclure : les "
        "familles y sont isolées, sans CPE ni transport en commun. La Ville et le Carrefour "
        "communautaire du Vieux-Moulin craignaient de disperser les efforts loin des quartiers "
        "où la vulnérabilité se concentre."
    ),
    "handling": (
        "Le CLSC compte les familles avec des enfants de 0 à 5 ans à Saint-Isidore et les "
        "services qui s'y rendent déjà; la table décide à la rencontre de décembre."
    ),
    "status": "open",
    "resolution": "",
}
DISAGREEMENT_2_RESOLUTION = (
    "Saint-Isidore fait partie du territoire : 140 enfants de 0 à 5 ans y vivent, sans aucun "
    "service sur place. Les actions y passeront par des services qui se déplacent (visites à "
    "domicile, bibliobus, halte-garderie itinérante) plutôt que par un nouveau point de "
    "service. Décidé par consentement le 9 décembre 2026."
)

AGENDA_1: dict[str, Any] = {
    "problem": (
        "Près d'un enfant sur trois de la MRC arrive à la maternelle vulnérable dans au moins "
        "un domaine de son développement. L'écart se creuse au Vieux-Moulin et dans le secteur "
        "des Saules, où la pauvreté, l'isolement des familles et un accès difficile aux "
        "services se cumulent."
    ),
    "data": (
        "EQDEM 2022 : 29 % des enfants de maternelle de la MRC sont vulnérables dans au moins "
        "un domaine de développement (Québec : 28,7 %), mais 36 % au Vieux-Moulin et 34 % dans "
        "le secteur des Saules. Guichet d'accès aux places en service de garde : 640 enfants de "
        "la MRC en attente (mars 2026). Banque alimentaire Le Panier : demandes des familles "
        "avec un enfant de moins de 6 ans en hausse de 85 % en deux ans. CLSC des Saules : "
        "moins d'une famille nouvellement arrivée sur deux rejointe avant les 2 ans de "
        "l'enfant. Et ce que disent les parents : l'épuisement, les listes d'attente, la peur "
        "d'être jugés."
    ),
    "population": (
        "Les enfants de 0 à 5 ans et leurs familles, en particulier les familles à faible "
        "revenu, monoparentales ou nouvellement arrivées."
    ),
    "territory": (
        "La MRC de Rivière-aux-Saules, avec une attention particulière au Vieux-Moulin et au "
        "secteur des Saules."
    ),
    "vision": (
        "Tous les enfants de Rivière-aux-Saules grandissent dans des familles soutenues, qui "
        "trouvent près de chez elles, sans se sentir jugées, l'aide dont elles ont besoin."
    ),
    "goal": (
        "Réduire de 29 % à 22 % la proportion d'enfants de maternelle vulnérables dans au "
        "moins un domaine de développement (EQDEM)."
    ),
    "horizon": "2030",
    "strategies": [
        "Rejoindre les familles isolées par des visites à domicile et des haltes-répit de quartier",
        "Améliorer l'accès aux services de garde éducatifs, d'abord au Vieux-Moulin et dans le "
        "secteur des Saules",
        "Soutenir les transitions vers la maternelle avec les CPE, les écoles et les parents",
        "Réduire l'insécurité alimentaire des familles de jeunes enfants",
        "Rapprocher les services des familles : transport, horaires, services qui se déplacent",
    ],
    "principles": [
        "Partir des données et du contexte local, ventilées par secteur, pour agir là où les "
        "écarts sont les plus grands.",
        "Partager le pouvoir au sein de la concertation : chaque partenaire, petit ou grand, "
        "pèse dans les décisions.",
        "Écouter les personnes concernées et agir avec elles : les parents et les résidents "
        "ont une place réelle à la table.",
        "Agir tôt, dès la grossesse, et sans juger les familles.",
    ],
    "evaluation": (
        "L'EQDEM, ventilée par secteur, à chaque édition. Chaque année, quatre indicateurs "
        "communs recueillis de la même façon par tous les partenaires : familles rejointes par "
        "les visites à domicile, enfants du Vieux-Moulin et du secteur des Saules qui ont une "
        "place en service de garde éducatif, enfants ayant vécu une transition planifiée vers "
        "la maternelle, et ce que les parents disent de l'accueil reçu. Bilan chaque juin "
        "devant toute la table."
    ),
    "disagreements": [DISAGREEMENT_1["what"], DISAGREEMENT_2["what"]],
}

AGENDA_2: dict[str, Any] = {
    **AGENDA_1,
    "territory": (
        "Toute la MRC de Rivière-aux-Saules, Saint-Isidore compris, avec une attention "
        "particulière au Vieux-Moulin et au secteur des Saules."
    ),
    "goal": (
        "Réduire de 29 % à 23 % la proportion d'enfants de maternelle vulnérables dans au "
        "moins un domaine de développement (EQDEM), et de 36 % à 28 % au Vieux-Moulin et dans "
        "le secteur des Saules, où l'écart est le plus grand."
    ),
    # The EQDEM is run every five years (2022, 2027, 2032): 2030 could not be measured.
    "horizon": "2032",
    "strategies": [
        *AGENDA_1["strategies"],
        "Former les intervenants de tous les partenaires à un accueil des parents sans jugement",
    ],
    "principles": [
        *AGENDA_1["principles"],
        "Apprendre autant de nos revers que de nos réussites, et le dire.",
    ],
    "evaluation": (
        "L'EQDEM, ventilée par secteur, en 2027 (mi-parcours) et en 2032. Chaque année, quatre "
        "indicateurs communs recueillis de la même façon par tous les partenaires : familles "
        "rejointes par les visites à domicile, enfants du Vieux-Moulin et du secteur des Saules "
        "qui ont une place en service de garde éducatif, enfants ayant vécu une transition "
        "planifiée vers la maternelle, et ce que les parents disent de l'accueil reçu. Bilan "
        "chaque juin devant toute la table."
    ),
    "disagreements": [DISAGREEMENT_1["what"]],
}


# -- writing ---------------------------------------------------------------------------


def common_agenda(
    ws: Workspace, people: list[tuple[int, str | None, str]], partner_ids: list[int]
) -> None:
    """Write the two closed rounds and the decisions of the Common agenda workbook.

    ``people`` is ``(participant id, sector, role)`` and ``partner_ids`` the demo's
    partners, both in the order of :data:`cikit.demo.PARTICIPANTS` and ``PARTNERS``.
    """
    roster = _roster(ws, people, partner_ids)
    _views_round(ws, roster, partner_ids)
    _votes_round(ws, roster)
    _decisions(ws)


def _roster(
    ws: Workspace, people: list[tuple[int, str | None, str]], partner_ids: list[int]
) -> dict[str, _Person]:
    """Everyone who may answer (not the facilitator, not the backbone staff), by name."""
    frame = ws.participants()
    names = dict(zip(frame["id"].astype(int), frame["display_name"], strict=True))
    partner_of = {
        int(pid): None if pd.isna(partner) else int(partner)
        for pid, partner in zip(frame["id"], frame["partner_id"], strict=True)
    }
    index = {partner_id: i for i, partner_id in enumerate(partner_ids)}
    roster: dict[str, _Person] = {}
    for pid, sector, role in people:
        if role in _NOT_RESPONDING:
            continue
        partner = partner_of.get(pid)
        roster[names[pid]] = _Person(pid, names[pid], sector, role, index.get(partner))
    return roster


def _join(person: _Person, at: dt.datetime) -> dict[str, Any]:
    return _answer(person, "_join", {"client": f"demo{person.pid:08d}"}, at)


def _answer(person: _Person, item: str, value: Any, at: dt.datetime) -> dict[str, Any]:
    return {
        "respondent": participant_respondent(person.pid),
        "item": item,
        "value": value,
        "sector": person.sector,
        "at": at,
    }


def _views_round(ws: Workspace, roster: dict[str, _Person], partner_ids: list[int]) -> None:
    """Each partner's view in its own words: the first person of each partner, plus a few."""
    firsts: dict[int, _Person] = {}
    for person in roster.values():
        if person.partner is not None:
            firsts.setdefault(person.partner, person)
    writers = [firsts[i] for i in range(len(partner_ids)) if i in firsts]
    writers += [roster[name] for name in VIEW_EXTRA if name in roster]
    changes = {(name, item): earlier for name, item, earlier in VIEW_CHANGES}

    round_id = ws.open_round(workbook=WORKBOOK, key="views", anonymous=False)
    start = dt.datetime(2026, 10, 21, 13, 30)
    answers: list[dict[str, Any]] = []
    later: list[dict[str, Any]] = []
    for n, person in enumerate(writers):
        at = start + dt.timedelta(seconds=6 * n)
        answers.append(_join(person, at))
        for k, item in enumerate(VIEW_ITEMS):
            text = VIEWS[person.name][item]
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


def _votes_round(ws: Workspace, roster: dict[str, _Person]) -> None:
    """Three dots per field and a 1-5 rating of every candidate, by sixteen people."""
    round_id = ws.open_round(
        workbook=WORKBOOK,
        key="votes",
        anonymous=False,
        config={"dots": DOTS, "candidates": CANDIDATES},
    )
    start = dt.datetime(2026, 11, 4, 13, 45)
    answers: list[dict[str, Any]] = []
    voters = [p for name, p in roster.items() if name not in VOTE_ABSENT]
    for n, person in enumerate(voters):
        at = start + dt.timedelta(seconds=5 * n)
        answers.append(_join(person, at))
        dots, ratings = VOTE_PROFILES[person.sector or "residents"]
        dots = {**dots, **VOTE_DOTS_OVERRIDES.get(person.name, {})}
        ratings = {**ratings, **VOTE_AGREE_OVERRIDES.get(person.name, {})}
        changed = VOTE_DOTS_CHANGES.get(person.name)
        for field, candidates in CANDIDATES.items():
            at += dt.timedelta(seconds=20 + (13 * n) % 25)
            if changed is not None and changed[0] == field:
                answers.append(_answer(person, f"dots.{field}", changed[1], at))
                at += dt.timedelta(seconds=40)
            answers.append(_answer(person, f"dots.{field}", dots[field], at))
            for candidate in candidates:
                at += dt.timedelta(seconds=4 + (7 * n) % 9)
                cid = candidate["id"]
                answers.append(_answer(person, f"agree.{cid}", ratings[cid], at))
    answers.sort(key=lambda a: a["at"])
    ws.answer_many(round_id, answers)
    ws.update_round(round_id, revealed=True, status=CLOSED)


def _decisions(ws: Workspace) -> None:
    """Disagreements and the agenda, in the order the table adopted them."""

    def adopt(key: str, content: dict[str, Any], supporters: int | None = None) -> None:
        ws.adopt_decision(
            workbook=WORKBOOK,
            key=key,
            content=content,
            supporters=supporters,
            adopted_by=FACILITATOR,
        )

    # 4 November: the vote is in; two disagreements are recorded, a first agenda adopted.
    adopt("disagreement.1", DISAGREEMENT_1)
    adopt("disagreement.2", DISAGREEMENT_2)
    adopt("agenda", AGENDA_1, supporters=14)
    # Later: the working group's mandate made precise; Saint-Isidore settled; version 2.
    adopt("disagreement.1", {**DISAGREEMENT_1, "handling": DISAGREEMENT_1_HANDLING})
    adopt(
        "disagreement.2",
        {**DISAGREEMENT_2, "status": "resolved", "resolution": DISAGREEMENT_2_RESOLUTION},
    )
    adopt("agenda", AGENDA_2, supporters=16)
