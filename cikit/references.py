"""What one workbook's decisions say, in the shape another workbook needs.

The Activities workbook names the common agenda's strategies, the shared
measurement's indicators and the places and populations the agenda names.
Reading those decisions is workbook knowledge, not storage, so it lives here
rather than in the store, and the pure analysis receives plain values.
"""

from __future__ import annotations

from typing import Any

from cikit import content
from cikit.analysis.activities import References

AGENDA = ("02_plan_commun", "agenda")
LISTS = ("03_mesure_commune", "lists")
PLACES = ("04_activites", "places")
LIST_NAMES = ("headline", "secondary", "development")


def activity_references(workspace, lang: str) -> References:
    """The references activities are checked against, from the workspace's latest decisions."""
    agenda = _content(workspace, *AGENDA)
    lists = _content(workspace, *LISTS)
    places = _content(workspace, *PLACES)
    indicators: dict[str, str] = {}
    for entry in content.entries("indicators"):
        indicators[entry.id] = entry.label(lang)
    for found in workspace.decisions_by_prefix("03_mesure_commune", "candidate."):
        name = found["content"].get("name") if isinstance(found["content"], dict) else None
        if isinstance(name, str) and name:
            indicators[found["key"][len("candidate.") :]] = name
    partners = workspace.partners()
    return References(
        strategies=_strings(agenda.get("strategies")),
        indicators=indicators,
        headline=tuple(i for i in _strings(lists.get("headline")) if i in indicators),
        territories=_strings(places.get("territories")),
        populations=_strings(places.get("populations")),
        partners={int(i): str(n) for i, n in zip(partners["id"], partners["name"], strict=True)},
    )


def shortlisted(workspace) -> list[str]:
    """The group's chosen indicators (headline, secondary, development), in that order."""
    lists = _content(workspace, *LISTS)
    out: list[str] = []
    for name in LIST_NAMES:
        out.extend(i for i in _strings(lists.get(name)) if i not in out)
    return out


def _content(workspace, workbook: str, key: str) -> dict[str, Any]:
    found = workspace.decision(workbook, key)
    return found["content"] if found and isinstance(found["content"], dict) else {}


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(v.strip() for v in value if isinstance(v, str) and v.strip())
