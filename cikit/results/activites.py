"""Mutually reinforcing activities' results: what activities are checked against, and the coverage.

The Activities workbook names the common agenda's strategies, the shared
measurement's headline indicators and the places and populations the agenda
names (its decision ``places``); :func:`references` gathers them from the
workspace's latest decisions, so the pure analysis (:mod:`cikit.analysis.activites`)
receives plain values.  The coverage is that analysis on the activities running
this month.

Examples
--------
>>> from cikit.results import activites
>>> activites.coverage(ws, "fr")                                     # doctest: +SKIP
          kind  covered  total                     gaps
0   strategies        5      6  [Former les intervenants…]
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from cikit import content
from cikit.analysis import activites as mra
from cikit.results import _read

WORKBOOK = "04_activites"
AGENDA = ("02_plan_commun", "agenda")
LISTS = ("03_mesure_commune", "lists")
PLACES = (WORKBOOK, "places")
LIST_NAMES = ("headline", "secondary", "development")
KINDS = ("strategies", "indicators", "territories", "populations")
COVERAGE_COLUMNS = {"kind": "object", "covered": "int64", "total": "int64", "gaps": "object"}


def references(workspace, lang: str) -> mra.References:
    """The references activities are checked against, from the workspace's latest decisions."""
    agenda = _read.content(workspace, *AGENDA) or {}
    lists = _read.content(workspace, *LISTS) or {}
    places = _read.content(workspace, *PLACES) or {}
    indicators: dict[str, str] = {}
    for entry in content.entries("indicators"):
        indicators[entry.id] = entry.label(lang)
    for found in workspace.decisions_by_prefix("03_mesure_commune", "candidate."):
        name = found["content"].get("name") if isinstance(found["content"], dict) else None
        if isinstance(name, str) and name:
            indicators[found["key"][len("candidate.") :]] = name
    partners = workspace.partners()
    return mra.References(
        strategies=tuple(_read.strings(agenda.get("strategies"))),
        indicators=indicators,
        headline=tuple(i for i in _read.strings(lists.get("headline")) if i in indicators),
        territories=tuple(_read.strings(places.get("territories"))),
        populations=tuple(_read.strings(places.get("populations"))),
        partners={int(i): str(n) for i, n in zip(partners["id"], partners["name"], strict=True)},
    )


def shortlisted(workspace) -> list[str]:
    """The group's chosen indicators (headline, secondary, development), in that order."""
    lists = _read.content(workspace, *LISTS) or {}
    out: list[str] = []
    for name in LIST_NAMES:
        out.extend(i for i in _read.strings(lists.get(name)) if i not in out)
    return out


def this_month() -> str:
    return dt.date.today().strftime("%Y-%m")


def running(workspace, month: str | None = None) -> pd.DataFrame:
    """The activities running in ``month`` (``YYYY-MM``; this month by default)."""
    return mra.active_on(workspace.activities(), month or this_month())


def summary(workspace, lang: str, month: str | None = None) -> dict[str, Any]:
    """The alignment summary of the activities running in ``month`` (see ``analysis.activites.alignment``)."""
    return mra.alignment(running(workspace, month), references(workspace, lang))


def coverage(workspace, lang: str = "fr", month: str | None = None) -> pd.DataFrame:
    """One row per kind of target (strategies, headline indicators, territories, populations).

    ``covered`` of ``total`` is reached by at least one activity running in ``month``;
    ``gaps`` names the rest (indicators by id).
    """
    found = summary(workspace, lang, month)
    rows = [
        {"kind": kind, "covered": found[f"{kind}_covered"], "total": found[f"{kind}_total"],
         "gaps": list(found["gaps"][kind])}
        for kind in KINDS
    ]  # fmt: skip
    return _read.frame(rows, COVERAGE_COLUMNS)


def last_snapshot(workspace) -> dict[str, Any] | None:
    """The latest snapshot (version, ``taken_on``, ``summary``), or None."""
    found = workspace.decision(WORKBOOK, "snapshot")
    if not found or not isinstance(found.get("content"), dict):
        return None
    body = found["content"]
    before = body.get("summary")
    return {
        "version": int(found["version"]),
        "taken_on": _read.text(body.get("taken_on")),
        "note": _read.text(body.get("note")),
        "summary": before if isinstance(before, dict) else {},
    }
