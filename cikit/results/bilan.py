"""« Bilan et rapport / Overview and report »: what it reads from workbooks 05 and 06.

The decision and learning logs come from the Continuous communication
workbook, the phase grid from the Backbone support workbook; an absent workbook
reads as "not started".  Here they are only trimmed to what the overview shows
(the latest few, texts cut at a sensible length).

Examples
--------
>>> from cikit.results import bilan
>>> bilan.latest_decisions(ws, limit=1)                              # doctest: +SKIP
[{'date': '2026-03-01', 'what': 'Adopter le plan', 'by': 'Table'}]
>>> bilan.phase_ticks(ws)                                            # doctest: +SKIP
{'governance': {'phase1'}, 'planning': {'phase1', 'phase2'}, ...}
"""

from __future__ import annotations

from cikit import content
from cikit.errors import N_
from cikit.results import communication, structure_soutien

COMMUNICATION = communication.WORKBOOK
BACKBONE = structure_soutien.WORKBOOK
PHASES = ("phase1", "phase2", "phase3")
PHASE_LABELS = {
    "phase1": N_("Phase I · Initiate action"),
    "phase2": N_("Phase II · Organise for impact"),
    "phase3": N_("Phase III · Sustain action and impact"),
}
TEXT_MAX = 2000


def components() -> list[tuple[str, dict[str, str]]]:
    """The four rows of "Channeling Change" as the Backbone workbook defines them (id, labels)."""
    return [(e.id, {"fr": e.fr, "en": e.en}) for e in content.entries("phases")]


def latest_decisions(workspace, limit: int = 5) -> list[dict[str, str]]:
    """The group's latest recorded decisions (date, what, by), newest first."""
    shown = communication.latest(communication.decisions_log(workspace), limit)
    return [
        {"date": r.date, "what": r.what[:TEXT_MAX], "by": r.by[:200]}
        for r in shown.itertuples(index=False)
    ]


def latest_lessons(workspace, limit: int = 5) -> list[dict[str, str]]:
    """The latest lessons (date, what, kind success/setback, change), newest first."""
    shown = communication.latest(communication.lessons(workspace), limit)
    return [
        {"date": r.date, "what": r.what[:TEXT_MAX], "kind": r.kind, "change": r.change[:TEXT_MAX]}
        for r in shown.itertuples(index=False)
    ]


def phase_ticks(workspace) -> dict[str, set[str]] | None:
    """Ticked phases per component row (``governance``, ``planning``…), or None when nothing is recorded."""
    return structure_soutien.phase_grid(workspace)
