"""Pure functions from DataFrames to DataFrames.  No widget, no database.

Names are imported when first used (PEP 562): importing one analysis module does not
load the others.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_WHERE = {
    "item_summary": "cikit.analysis.rounds",
    "latest_answers": "cikit.analysis.rounds",
    "missing_sectors": "cikit.analysis.accueil",
    "respondents_by_sector": "cikit.analysis.rounds",
    "section_verdicts": "cikit.analysis.rounds",
    "sector_coverage": "cikit.analysis.accueil",
    "sector_means": "cikit.analysis.rounds",
    "verdict": "cikit.analysis.rounds",
}


def __getattr__(name: str):
    try:
        module = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module 'cikit.analysis' has no attribute {name!r}") from None
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(_WHERE)


if TYPE_CHECKING:
    from cikit.analysis.accueil import missing_sectors, sector_coverage
    from cikit.analysis.rounds import (
        item_summary,
        latest_answers,
        respondents_by_sector,
        section_verdicts,
        sector_means,
        verdict,
    )

__all__ = [
    "item_summary",
    "latest_answers",
    "missing_sectors",
    "respondents_by_sector",
    "section_verdicts",
    "sector_coverage",
    "sector_means",
    "verdict",
]
