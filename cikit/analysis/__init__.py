"""Pure functions from DataFrames to DataFrames.  No widget, no database."""

from cikit.analysis.participation import missing_sectors, sector_coverage
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
