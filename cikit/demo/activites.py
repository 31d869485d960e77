"""The demo's Mutually reinforcing activities (``04_activites``): 37 activities of twelve partners.

The story the map tells: five of the six strategies of the common agenda are
carried, but nobody carries the training of front-line workers everyone agreed
on; home visits to low-income families in Vieux-Moulin are run by both the
Carrefour and the CLSC, and food help for single-parent families in the Saules
sector by both the food bank and the family centre (two overlaps, two calls to
make); Saint-Isidore, which the agenda names, is reached by nothing.  A year
ago, before the shuttle, the bookmobile and the mobile clinic, "bringing
services closer" was a gap too: the last snapshot (November 2025) still shows it, and
the comparison with today shows it closed.
"""

from __future__ import annotations

from typing import Any

from cikit.analysis.activites import active_on, alignment, as_frame
from cikit.demo.story import Roster, load
from cikit.results.activites import references
from cikit.store import Workspace

WORKBOOK = "04_activites"
STEM = "activites"
FIELDS = ("name", "indicators", "populations", "territories", "start", "end", "staff", "budget",
          "intake", "referral")  # fmt: skip


def write(ws: Workspace, roster: Roster) -> None:
    """Write the places the agenda names, the 37 activities and two yearly snapshots."""
    story = load(STEM)
    ws.adopt_decision(
        workbook=WORKBOOK,
        key="places",
        content={"territories": story["territories"], "populations": story["populations"]},
        adopted_by=roster.facilitator,
    )
    refs = references(ws, "fr")
    partner_ids = dict(zip(roster.partner_keys, roster.partner_ids, strict=True))
    rows = [_row(entry, refs.strategies, partner_ids) for entry in story["activities"]]
    ws.add_activities(rows, source="demo")
    frame = ws.activities()
    for snapshot in story["snapshots"]:
        summary = alignment(active_on(frame, snapshot["month"]), refs)
        ws.adopt_decision(
            workbook=WORKBOOK,
            key="snapshot",
            content={"taken_on": snapshot["taken_on"], "month": snapshot["month"],
                     "note": snapshot["note"], "summary": summary},
            adopted_by=roster.facilitator,
        )  # fmt: skip


def _row(entry: dict, strategies: tuple[str, ...], partner_ids: dict[str, int]) -> dict[str, Any]:
    strategy = entry["strategy"]  # a number in the agenda (from 1), 0 for none
    return {
        "partner_id": partner_ids[entry["partner"]],
        "strategy": strategies[strategy - 1] if strategy else "",
        **{name: entry[name] for name in FIELDS},
    }


def demo_frame(strategies: tuple[str, ...]) -> Any:
    """The demo activities as a frame without a workspace (for tests and benchmarks)."""
    story = load("accueil")
    ids = {p["key"]: n for n, p in enumerate(story["partners"], start=1)}
    rows = [_row(e, strategies, ids) for e in load(STEM)["activities"]]
    return as_frame([{"id": n + 1, **r} for n, r in enumerate(rows)])
