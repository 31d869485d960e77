"""The demo's data files and its cast, shared by the per-workbook modules."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

FACILITATOR_ROLE = "facilitator"


def load(stem: str) -> dict[str, Any]:
    """The story of one workbook (``cikit/demo/data/<stem>.json``), freshly decoded."""
    text = resources.files("cikit.demo").joinpath("data", f"{stem}.json").read_text("utf-8")
    return json.loads(text)


@dataclass(frozen=True)
class Person:
    """One participant as written: id, name, sector of their partner, role, partner index."""

    pid: int
    name: str
    sector: str | None
    role: str
    partner: int | None  # index in Roster.partner_ids


@dataclass(frozen=True)
class Roster:
    """Who the demo wrote: partners (ids and the data files' keys, same order) and people."""

    partner_ids: tuple[int, ...]
    partner_keys: tuple[str, ...]
    people: tuple[Person, ...]
    facilitator: str

    def index(self, key: str) -> int:
        """A partner's position from its key in the data files (``"maison"``…)."""
        return self.partner_keys.index(key)

    def partner_id(self, key: str) -> int:
        return self.partner_ids[self.index(key)]
