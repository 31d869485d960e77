"""The demo initiative: a fictional Québec early-childhood collective impact table.

Every screen should have something to show on first run, so the demo tells a
plausible story: a dozen partners from most sectors (the private sector is not
yet at the table), about twenty people, answers in later workbooks.
"""

from __future__ import annotations

from pathlib import Path

from cikit.store import Workspace, create_workspace

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
        for name, partner, role in PARTICIPANTS:
            ws.add_participant(name, None if partner is None else partner_ids[partner], role)
    except BaseException:
        ws.close()
        raise
    return ws
