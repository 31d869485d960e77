"""The Common agenda's results: each adopted version, its strategies, the disagreements.

The workbook adopts the agenda as a versioned decision ``agenda`` (every version
kept) and records each disagreement as its own decision ``disagreement.<n>``.

Examples
--------
>>> from cikit.results import plan_commun
>>> agenda = plan_commun.latest_agenda(ws)                       # doctest: +SKIP
>>> agenda.version, agenda.horizon, agenda.strategies[0]        # doctest: +SKIP
(2, '2032', 'Rejoindre les familles isolées par des visites à domicile…')
>>> plan_commun.strategies(ws).query("current")                 # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cikit import content
from cikit.analysis.plan_commun import LIST_FIELDS, TEXT_FIELDS
from cikit.results import _read

WORKBOOK = "02_plan_commun"
AGENDA_KEY = "agenda"
DISAGREEMENT = "disagreement."

AGENDA_COLUMNS = {
    "version": "int64",
    "adopted_at": "datetime",
    "adopted_by": "object",
    "supporters": "Int64",
    **{name: "object" for name in TEXT_FIELDS},
    **{name: "object" for name in LIST_FIELDS},
    "current": "bool",
}
STRATEGY_COLUMNS = {"version": "int64", "number": "int64", "strategy": "object", "current": "bool"}
DISAGREEMENT_COLUMNS = {
    "key": "object",
    "version": "int64",
    "what": "object",
    "who": "object",
    "handling": "object",
    "status": "object",
    "resolution": "object",
    "recorded_at": "datetime",
}


@dataclass(frozen=True)
class Agenda:
    """One adopted version of the common agenda, fields as typed (lists as tuples)."""

    version: int
    adopted_at: dt.datetime | None
    adopted_by: str
    supporters: int | None
    problem: str = ""
    data: str = ""
    population: str = ""
    territory: str = ""
    vision: str = ""
    goal: str = ""
    horizon: str = ""
    evaluation: str = ""
    strategies: tuple[str, ...] = ()
    principles: tuple[str, ...] = ()
    disagreements: tuple[str, ...] = field(default=())

    def field_value(self, name: str) -> str | tuple[str, ...]:
        """A field of the agenda by its id (``problem``, ``strategies``…)."""
        return getattr(self, name)


def _agenda(found: dict[str, Any]) -> Agenda:
    body = found["content"] if isinstance(found.get("content"), dict) else {}
    supporters = found.get("supporters")
    return Agenda(
        version=int(found["version"]),
        adopted_at=found.get("adopted_at"),
        adopted_by=_read.text(found.get("adopted_by")),
        supporters=None if supporters is None else int(supporters),
        **{name: _read.text(body.get(name)) for name in TEXT_FIELDS},
        **{name: tuple(_read.strings(body.get(name))) for name in LIST_FIELDS},
    )


def agenda_versions(workspace) -> list[Agenda]:
    """Every adopted version of the agenda, oldest first."""
    return [_agenda(found) for found in workspace.decision_versions(WORKBOOK, AGENDA_KEY)]


def latest_agenda(workspace) -> Agenda | None:
    """The agenda in force (its latest version), or None before the first adoption."""
    found = workspace.decision(WORKBOOK, AGENDA_KEY)
    return None if found is None else _agenda(found)


def agenda(workspace) -> pd.DataFrame:
    """One row per adopted version: who adopted it when, every field; ``current`` marks the latest."""
    versions = agenda_versions(workspace)
    last = versions[-1].version if versions else None
    rows = []
    for found in versions:
        row = {name: getattr(found, name) for name in AGENDA_COLUMNS if name != "current"}
        for name in LIST_FIELDS:
            row[name] = list(row[name])
        rows.append({**row, "current": found.version == last})
    return _read.frame(rows, AGENDA_COLUMNS)


def strategies(workspace) -> pd.DataFrame:
    """One row per strategy of each adopted version, numbered from 1 as on screen (S1, S2…)."""
    versions = agenda_versions(workspace)
    last = versions[-1].version if versions else None
    rows = [
        {"version": a.version, "number": n, "strategy": s, "current": a.version == last}
        for a in versions
        for n, s in enumerate(a.strategies, start=1)
    ]
    return _read.frame(rows, STRATEGY_COLUMNS)


def disagreements(workspace) -> pd.DataFrame:
    """Every disagreement recorded, latest version of each, oldest first; ``status`` open/resolved."""
    rows = []
    for found in _read.records(workspace, WORKBOOK, DISAGREEMENT, live=False):
        body = found["content"]
        status = "resolved" if body.get("status") == "resolved" else "open"
        rows.append({
            "key": found["key"], "version": int(found["version"]),
            **{name: _read.text(body.get(name)) for name in ("what", "who", "handling")},
            "status": status, "resolution": _read.text(body.get("resolution")),
            "recorded_at": found.get("adopted_at"),
        })  # fmt: skip
    return _read.frame(rows, DISAGREEMENT_COLUMNS)


def open_disagreements(workspace) -> pd.DataFrame:
    """The disagreements not yet resolved."""
    found = disagreements(workspace)
    return found[found["status"] != "resolved"].reset_index(drop=True)


def principle(text: str, lang: str) -> str:
    """A suggested principle in the reader's language, whichever language it was adopted in."""
    for suggested in content.document("common_agenda")["principles"]:
        if text in (suggested.get("fr"), suggested.get("en")):
            return content.pick(suggested, lang)
    return text
