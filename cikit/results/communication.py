"""Continuous communication's results: the network per survey wave, the plan, the two logs.

Each relationship survey is a round ``relations`` (a *wave*; its config keeps a
label, a date and the partners it asks about).  The communication plan, the
decision log and the learning log are versioned records ``table.<hex>``,
``decision.<hex>`` and ``lesson.<hex>``; a record whose latest version says
``removed`` is left out.

Examples
--------
>>> from cikit.results import communication
>>> [w.title for w in communication.waves(ws)]                      # doctest: +SKIP
['Automne 2025 (2025-10-15)', 'Automne 2026 (2026-10-14)']
>>> communication.network_ties(ws).groupby("wave").size()          # doctest: +SKIP
>>> communication.lessons(ws).query("kind == 'setback'")           # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from cikit.analysis.logs import DECISION, LESSON, LESSON_KINDS, TABLE
from cikit.analysis.network import Measures, NetworkError, measures
from cikit.results import _read

WORKBOOK = "05_communication"
ROUND_KEY = "relations"
LABEL_MAX = 80

TIE_COLUMNS = {
    "round_id": "int64",
    "wave": "object",
    "wave_date": "object",
    "partner_a": "int64",
    "partner_b": "int64",
    "level": "object",
    "rank": "int64",
    "mutual": "bool",
}
DECISION_COLUMNS = {
    "key": "object",
    "version": "int64",
    "date": "object",
    "what": "object",
    "information": "object",
    "by": "object",
    "recorded_at": "datetime",
    "recorded_by": "object",
}
LESSON_COLUMNS = {
    "key": "object",
    "version": "int64",
    "date": "object",
    "kind": "object",
    "what": "object",
    "change": "object",
    "recorded_at": "datetime",
    "recorded_by": "object",
}


@dataclass(frozen=True)
class Wave:
    """One wave of the relationship survey."""

    round_id: int
    label: str
    date: str  # YYYY-MM-DD: the wave's date as set when it opened
    revealed: bool
    partners: tuple[int, ...] | None  # the partners it asks about; None: every partner

    @property
    def title(self) -> str:
        """``Automne 2026 (2026-10-14)``, or the date alone for a wave without a label."""
        return f"{self.label} ({self.date})" if self.label else self.date


def wave_of(found: dict[str, Any]) -> Wave:
    """A wave from its round as the store gives it (``rounds_of``, ``current_round``)."""
    config = found.get("config") or {}
    label = str(config.get("label") or "").strip()[:LABEL_MAX]
    date = str(config.get("date") or pd.Timestamp(found["opened_at"]).strftime("%Y-%m-%d"))
    given = config.get("partners")
    partners = (
        tuple(p for p in given if isinstance(p, int) and not isinstance(p, bool))
        if isinstance(given, list)
        else None
    )
    return Wave(int(found["id"]), label, date, bool(found.get("revealed")), partners)


def waves(workspace, *, revealed_only: bool = False) -> list[Wave]:
    """Every wave, oldest first; ``revealed_only`` keeps those whose results were revealed."""
    found = [wave_of(r) for r in workspace.rounds_of(WORKBOOK, ROUND_KEY)]
    return [w for w in found if w.revealed or not revealed_only]


def wave_partners(workspace, wave: Wave) -> list[int]:
    """The partners a wave asks about: kept when it opened, else today's partners."""
    if wave.partners is not None:
        return list(wave.partners)
    return workspace.partners()["id"].astype(int).tolist()


def wave_measures(workspace, wave: Wave) -> Measures:
    """Every network measure of one wave (:class:`NetworkError` with fewer than two partners)."""
    return measures(workspace.round_responses(wave.round_id), wave_partners(workspace, wave))


def measured_waves(workspace, *, revealed_only: bool = False) -> list[tuple[Wave, Measures]]:
    """The waves at least one partner answered, with their measures, oldest first."""
    found = []
    for wave in waves(workspace, revealed_only=revealed_only):
        try:
            result = wave_measures(workspace, wave)
        except NetworkError:
            continue
        if result.answered:
            found.append((wave, result))
    return found


def network_ties(workspace) -> pd.DataFrame:
    """One row per tie of each measured wave: the two partners, the closer level either reported."""
    rows = [
        {"round_id": wave.round_id, "wave": wave.label, "wave_date": wave.date,
         "partner_a": int(t.a), "partner_b": int(t.b), "level": t.level, "rank": int(t.rank),
         "mutual": bool(t.mutual)}
        for wave, result in measured_waves(workspace)
        for t in result.ties.itertuples(index=False)
    ]  # fmt: skip
    return _read.frame(rows, TIE_COLUMNS)


def tables(workspace) -> list[dict[str, Any]]:
    """The communication plan's tables (their latest content), oldest first."""
    return [d["content"] for d in _read.records(workspace, WORKBOOK, TABLE)]


def _dated(rows: list[dict]) -> list[dict]:
    """Oldest first by the date typed (records without one first), then in the order recorded."""
    return sorted(rows, key=lambda r: r["date"])


def decisions_log(workspace) -> pd.DataFrame:
    """The decision log: one row per decision still on record, oldest date first."""
    rows = []
    for found in _read.records(workspace, WORKBOOK, DECISION):
        body = found["content"]
        rows.append({
            "key": found["key"], "version": int(found["version"]),
            "date": _read.text(body.get("date"), 10), "what": _read.text(body.get("what")),
            "information": _read.text(body.get("information")), "by": _read.text(body.get("by")),
            "recorded_at": found.get("adopted_at"), "recorded_by": _read.text(found.get("adopted_by")),
        })  # fmt: skip
    return _read.frame(_dated(rows), DECISION_COLUMNS)


def lessons(workspace) -> pd.DataFrame:
    """The learning log: one row per lesson still on record (``kind`` success or setback)."""
    rows = []
    for found in _read.records(workspace, WORKBOOK, LESSON):
        body = found["content"]
        kind = body.get("kind") if body.get("kind") in LESSON_KINDS else ""
        rows.append({
            "key": found["key"], "version": int(found["version"]),
            "date": _read.text(body.get("date"), 10), "kind": kind,
            "what": _read.text(body.get("what")), "change": _read.text(body.get("change")),
            "recorded_at": found.get("adopted_at"), "recorded_by": _read.text(found.get("adopted_by")),
        })  # fmt: skip
    return _read.frame(_dated(rows), LESSON_COLUMNS)


def latest(frame: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """A log's entries with something written, newest date first (at most ``limit``)."""
    shown = frame[frame["what"] != ""].sort_values("date", ascending=False, kind="stable")
    return (shown if limit is None else shown.head(limit)).reset_index(drop=True)
