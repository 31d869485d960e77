"""The demo's Start workbook: the initiative's profile, twelve partners, twenty people."""

from __future__ import annotations

from typing import Any

from cikit.demo.story import Person, Roster, load
from cikit.store import Workspace

STEM = "accueil"


def profile() -> dict[str, Any]:
    """The initiative's profile: name, issue, population, territory, scale, language."""
    return load(STEM)["profile"]


def write(ws: Workspace) -> Roster:
    """Fill in the profile, add the partners and the people; return who was written."""
    story = load(STEM)
    given = story["profile"]
    ws.update_profile(
        issue=given["issue"],
        population=given["population"],
        territory=given["territory"],
        scale=given["scale"],
    )
    partners = story["partners"]
    keys = [p["key"] for p in partners]
    partner_ids = [ws.add_partner(p["name"], p["sector"], p["contact"]) for p in partners]
    people = []
    for entry in story["participants"]:
        partner = None if entry["partner"] is None else keys.index(entry["partner"])
        pid = ws.add_participant(
            entry["name"], None if partner is None else partner_ids[partner], entry["role"]
        )
        sector = None if partner is None else partners[partner]["sector"]
        people.append(Person(pid, entry["name"], sector, entry["role"], partner))
    return Roster(tuple(partner_ids), tuple(keys), tuple(people), story["facilitator"])
