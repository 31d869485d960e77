"""Mutually reinforcing activities: the map, its gaps, its overlaps and how aligned it is.

Rules people see on screen (the app translates them):

* **Names are compared loosely.**  A strategy, population, territory or
  practice is compared without case, accents or extra spaces (:func:`fold`).
* **Current activities.**  An activity counts on a given month when that month
  falls between its start and its end (an empty start or end is open);
  :func:`active_on`.
* **Gap.**  A strategy of the common agenda that no activity serves; a headline
  indicator that no activity contributes to; a territory or a population named
  in the agenda that no activity reaches; :func:`gaps`.
* **Overlap.**  Two or more *different* partners with activities for the same
  strategy, the same population and the same territory, whose periods cross
  (open ends count as crossing).  An overlap is a reason to talk, not a
  verdict: it may be wanted (complementary services) or a duplication;
  :func:`overlaps`.
* **Specialisation.**  For each partner and strategy: *alone* when it is the only
  partner serving the strategy, *mostly* when it runs at least half of the
  strategy's activities with others present, *shared* otherwise;
  :func:`specialisation`.
* **Harmonisation.**  For one population, partners describing *different*
  intake (or referral) practices: a chance to agree on one way;
  :func:`harmonisation`.
* **Alignment.**  The share of the agenda's strategies served, of headline
  indicators with at least one contributing activity, and of named territories
  and populations reached, with the gaps and overlaps; :func:`alignment`, and
  :func:`compare` for what changed since a snapshot.

The rules are split by what they need: :mod:`.references` (what an activity may
name, and checking one; no pandas, so a participant's phone can check a
declaration), :mod:`.mapping` (running activities, the map, gaps, overlaps),
:mod:`.summary` (who carries what, harmonisation, alignment and its change) and
:mod:`.imports` (activities from a file).  Names are imported from here when first
used (PEP 562).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_WHERE = {
    **dict.fromkeys(
        ("ALONE", "COLUMNS", "MOSTLY", "MOSTLY_SHARE", "PRACTICES", "SHARED", "References",
         "check_activity", "fold", "parse_month", "split_list"),
        "references",
    ),
    **dict.fromkeys(
        ("OVERLAP_COLUMNS", "active_on", "gaps", "matrix", "overlaps", "select"), "mapping"
    ),
    **dict.fromkeys(
        ("COMPARED", "HARMONISATION_COLUMNS", "SPECIALISATION_COLUMNS", "alignment", "as_frame",
         "compare", "harmonisation", "specialisation"),
        "summary",
    ),
}  # fmt: skip


def __getattr__(name: str):
    try:
        module = _WHERE[name]
    except KeyError:
        raise AttributeError(
            f"module 'cikit.analysis.activites' has no attribute {name!r}"
        ) from None
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def __dir__() -> list[str]:
    return sorted(_WHERE)


if TYPE_CHECKING:
    from cikit.analysis.activites.mapping import (
        OVERLAP_COLUMNS,
        active_on,
        gaps,
        matrix,
        overlaps,
        select,
    )
    from cikit.analysis.activites.references import (
        ALONE,
        COLUMNS,
        MOSTLY,
        MOSTLY_SHARE,
        PRACTICES,
        SHARED,
        References,
        check_activity,
        fold,
        parse_month,
        split_list,
    )
    from cikit.analysis.activites.summary import (
        COMPARED,
        HARMONISATION_COLUMNS,
        SPECIALISATION_COLUMNS,
        alignment,
        as_frame,
        compare,
        harmonisation,
        specialisation,
    )

__all__ = [
    "ALONE",
    "COLUMNS",
    "COMPARED",
    "HARMONISATION_COLUMNS",
    "MOSTLY",
    "MOSTLY_SHARE",
    "OVERLAP_COLUMNS",
    "PRACTICES",
    "References",
    "SHARED",
    "SPECIALISATION_COLUMNS",
    "active_on",
    "alignment",
    "as_frame",
    "check_activity",
    "compare",
    "fold",
    "gaps",
    "harmonisation",
    "matrix",
    "overlaps",
    "parse_month",
    "select",
    "specialisation",
    "split_list",
]
