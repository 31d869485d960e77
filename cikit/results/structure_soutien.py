"""Backbone support's results: the six functions' scores per side, the resources, the phases.

The workbook's live round ``functions`` asks partners and the backbone staff to
rate the same statements; its decisions ``resources``, ``phases`` (the ticked
cells of the Channeling Change grid) and ``settings`` (crisis moments, scale)
are versioned.  Scores are :func:`cikit.analysis.structure_soutien.function_scores` on
the latest round, each respondent's side decided by
:func:`~cikit.analysis.structure_soutien.respondent_groups`.

Examples
--------
>>> from cikit.results import structure_soutien
>>> scores = structure_soutien.backbone_scores(ws)                   # doctest: +SKIP
>>> scores.pivot(index="function", columns="side", values="score")    # doctest: +SKIP
>>> structure_soutien.backbone_resources(ws).summary["fte"]           # doctest: +SKIP
1.8
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cikit import content
from cikit.analysis.structure_soutien import (
    GROUPS,
    clean_ticks,
    function_scores,
    normalise_resources,
    resource_summary,
    resource_warnings,
    respondent_groups,
    where_are_we,
)
from cikit.results import _read

WORKBOOK = "06_structure_soutien"
ROUND_KEY = "functions"
JOIN_ITEM = "_join"

SCORE_COLUMNS = {
    "round_id": "int64",
    "function": "object",
    "side": "object",
    "score": "float64",
    "people": "int64",
    "gap": "float64",
    "notable": "bool",
}


def functions() -> dict[str, list[str]]:
    """Each backbone function's statement ids, in the rubric's order."""
    doc = content.document("backbone_rubric")
    return {e["id"]: [s["id"] for s in e["statements"]] for e in doc["entries"]}


def groups(workspace, responses: pd.DataFrame) -> pd.Series:
    """Each respondent's side (``partners`` or ``staff``): a participant's role, else their choice."""
    people = workspace.participants(include_removed=True)
    roles = {int(r.id): r.role for r in people.itertuples()}
    return respondent_groups(responses, roles, join_item=JOIN_ITEM)


@dataclass(frozen=True)
class Scores:
    """The latest round's scores by function (``function_scores``) and who answered."""

    round_id: int
    table: pd.DataFrame = field(repr=False)
    answered: int  # people who rated at least one statement


def scores(workspace) -> Scores | None:
    """The latest round's scores, or None when there is no round or no rating yet."""
    current = workspace.current_round(WORKBOOK, ROUND_KEY)
    if current is None:
        return None
    responses = workspace.round_responses(current["id"])
    found = functions()
    items = [i for ids in found.values() for i in ids]
    rated = responses[responses["item"].isin(items)]
    if rated.empty:
        return None
    table = function_scores(responses, groups(workspace, responses), found)
    return Scores(int(current["id"]), table, int(rated["respondent"].nunique()))


def backbone_scores(workspace) -> pd.DataFrame:
    """One row per function and side of the latest round: score (1-4), people, the gap."""
    found = scores(workspace)
    rows = []
    if found is not None:
        for function, row in found.table.iterrows():
            for side in GROUPS:
                rows.append({
                    "round_id": found.round_id, "function": function, "side": side,
                    "score": row[side], "people": int(row[f"{side}_people"]), "gap": row["gap"],
                    "notable": bool(row["notable"]),
                })  # fmt: skip
    return _read.frame(rows, SCORE_COLUMNS)


@dataclass(frozen=True)
class Resources:
    """The backbone's resources as saved (cleaned), their key figures and what is missing."""

    recorded: bool  # False before the facilitator saves them
    staff: tuple[dict[str, Any], ...] = ()
    budget: tuple[dict[str, Any], ...] = ()
    funders: tuple[str, ...] = ()
    coordinator: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()  # codes: no_staff, no_dedicated, short_funding, no_coordinator


def backbone_resources(workspace) -> Resources:
    """The latest ``resources`` decision read defensively (bad lines left out)."""
    raw = _read.content(workspace, WORKBOOK, "resources")
    clean = normalise_resources(raw)
    return Resources(
        recorded=raw is not None,
        staff=tuple(clean["staff"]),
        budget=tuple(clean["budget"]),
        funders=tuple(clean["funders"]),
        coordinator=clean["coordinator"],
        summary=resource_summary(clean),
        warnings=tuple(resource_warnings(clean)) if raw is not None else (),
    )


def components() -> list[str]:
    """The rows of the phase grid (``governance``, ``planning``…)."""
    return [e["id"] for e in content.document("phases")["entries"]]


def phase_ids() -> list[str]:
    return [p["id"] for p in content.document("phases")["phases"]]


def ticks(workspace) -> dict[str, bool] | None:
    """The ticked cells (``component.phase``), or None when the grid was never saved."""
    raw = _read.content(workspace, WORKBOOK, "phases")
    if raw is None or not isinstance(raw.get("ticks"), dict):
        return None
    return clean_ticks(raw["ticks"], components(), phase_ids())


def where(workspace) -> dict[str, Any]:
    """The phase the initiative places itself in, and what is left (``where_are_we``)."""
    return where_are_we(ticks(workspace) or {}, components(), phase_ids())


def phase_grid(workspace) -> dict[str, set[str]] | None:
    """Ticked phases per component row, or None when nothing is recorded."""
    found = ticks(workspace)
    if found is None:
        return None
    grid: dict[str, set[str]] = {row: set() for row in components()}
    for key in found:
        component, phase = key.rsplit(".", 1)
        grid[component].add(phase)
    return grid


def settings(workspace) -> dict[str, Any] | None:
    """The saved context (crisis moments, scale), or None when not saved."""
    return _read.content(workspace, WORKBOOK, "settings")
