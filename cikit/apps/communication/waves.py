"""The waves of the relationship survey, read lightly: what the survey and the network share.

Each wave is a round ``relations`` of the workbook; its config keeps the label, the
date and the partners it asks about (fixed when it opened, so a partner added later
is not part of it).  Only the store's light methods here: a participant's phone
answering the survey imports this module and not pandas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cikit.store import Workspace

WORKBOOK = "05_communication"
ROUND_KEY = "relations"


def waves(workspace: Workspace, *, revealed_only: bool) -> list[dict[str, Any]]:
    """Every wave (a round as the store gives it), oldest first; participants see only
    the waves whose results were revealed."""
    found = workspace.rounds_of(WORKBOOK, ROUND_KEY)
    return [w for w in found if w["revealed"] or not revealed_only]


def wave_partners(workspace: Workspace, wave: dict[str, Any] | None) -> list[int]:
    """The partners a wave asks about: kept in its config when it opened, else today's."""
    config = (wave or {}).get("config") or {}
    given = config.get("partners")
    if isinstance(given, list):
        return [p for p in given if isinstance(p, int) and not isinstance(p, bool)]
    return [pid for pid, _name, _sector in workspace.partner_rows()]


def wave_label(wave: dict[str, Any] | None) -> str:
    """``Automne 2026 (2026-10-14)``: the title the report gives the wave too."""
    if not wave:
        return ""
    from cikit.results.communication import wave_of

    return wave_of(wave).title


def partner_names(workspace: Workspace) -> dict[int, str]:
    """Every partner's name by id, removed ones included (old waves name them)."""
    return {pid: name for pid, name, _sector in workspace.partner_rows(include_removed=True)}


def partner_sectors(workspace: Workspace) -> dict[int, str]:
    """Every partner's sector id by id, removed ones included."""
    return {pid: sector for pid, _name, sector in workspace.partner_rows(include_removed=True)}
