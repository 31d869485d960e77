"""What the overview reads from workbooks 05 and 06, which may not exist yet.

Workbook 05 (communication) keeps decisions as ``decision.<hex>`` and lessons
as ``lesson.<hex>``; workbook 06 (backbone) ticks the phase grid in a decision
``phases`` ``{"ticks": {"<component>.<phase1|phase2|phase3>": true}}``.  Both
are read here with plain checks, so a record with a missing or odd field is
shown as far as it goes, and an absent workbook reads as "not started".
"""

from __future__ import annotations

from typing import Any

from cikit import content
from cikit.errors import N_

COMMUNICATION = "05_communication"
BACKBONE = "06_structure_soutien"
PHASES = ("phase1", "phase2", "phase3")
PHASE_LABELS = {
    "phase1": N_("Phase I · Initiate action"),
    "phase2": N_("Phase II · Organise for impact"),
    "phase3": N_("Phase III · Sustain action and impact"),
}


def components() -> list[tuple[str, dict[str, str]]]:
    """The four rows of "Channeling Change" as the Backbone workbook defines them (id, labels)."""
    return [(e.id, {"fr": e.fr, "en": e.en}) for e in content.entries("phases")]


def _text(value: Any, limit: int = 2000) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _records(workspace, workbook: str, prefix: str) -> list[dict]:
    try:
        found = workspace.decisions_by_prefix(workbook, prefix)
    except Exception:  # an older store without the workbook: nothing to show
        return []
    return [d["content"] for d in found if isinstance(d.get("content"), dict)]


def latest_decisions(workspace, limit: int = 5) -> list[dict[str, str]]:
    """The group's latest recorded decisions (date, what, by), newest first."""
    rows = [
        {
            "date": _text(c.get("date"), 10),
            "what": _text(c.get("what")),
            "by": _text(c.get("by"), 200),
        }
        for c in _records(workspace, COMMUNICATION, "decision.")
    ]
    rows = [r for r in rows if r["what"]]
    return sorted(rows, key=lambda r: r["date"], reverse=True)[:limit]


def latest_lessons(workspace, limit: int = 5) -> list[dict[str, str]]:
    """The latest lessons (date, what, kind success/setback, change), newest first."""
    rows = []
    for c in _records(workspace, COMMUNICATION, "lesson."):
        kind = c.get("kind") if c.get("kind") in ("success", "setback") else ""
        rows.append({"date": _text(c.get("date"), 10), "what": _text(c.get("what")),
                     "kind": kind, "change": _text(c.get("change"))})  # fmt: skip
    rows = [r for r in rows if r["what"]]
    return sorted(rows, key=lambda r: r["date"], reverse=True)[:limit]


def phase_ticks(workspace) -> dict[str, set[str]] | None:
    """Ticked phases per component row (``governance``, ``planning``…), or None when nothing is recorded."""
    try:
        found = workspace.decision(BACKBONE, "phases")
    except Exception:
        return None
    if not found or not isinstance(found.get("content"), dict):
        return None
    ticks = found["content"].get("ticks")
    if not isinstance(ticks, dict):
        return None
    grid: dict[str, set[str]] = {row: set() for row, _ in components()}
    for key, value in ticks.items():
        if value is not True or not isinstance(key, str) or "." not in key:
            continue
        component, phase = key.rsplit(".", 1)
        if phase in PHASES and component in grid:
            grid[component].add(phase)
    return grid
