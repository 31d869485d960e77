"""Pure functions from DataFrames to DataFrames.  No widget, no database."""

from cikit.analysis.participation import missing_sectors, sector_coverage

__all__ = ["missing_sectors", "sector_coverage"]
