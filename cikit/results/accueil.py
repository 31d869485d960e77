"""The Start workbook's results: who is at the table, by sector, and who is missing.

Examples
--------
>>> from cikit.results import accueil
>>> accueil.coverage(ws)                                             # doctest: +SKIP
>>> accueil.missing(ws)                                              # doctest: +SKIP
['private']
"""

from __future__ import annotations

import pandas as pd

from cikit import content
from cikit.analysis.accueil import missing_sectors, sector_coverage

WORKBOOK = "00_accueil"
PROFILE_TEXTS = ("issue", "population", "territory")


def coverage(workspace) -> pd.DataFrame:
    """Partners per sector, every sector listed (``sector_coverage``)."""
    return sector_coverage(workspace.partners(), [s.id for s in content.sectors()])


def missing(workspace, found: pd.DataFrame | None = None) -> list[str]:
    """The sectors with no partner at the table (``other`` does not count).

    ``found`` is :func:`coverage` when already read.
    """
    return missing_sectors(coverage(workspace) if found is None else found)


def profile_complete(workspace) -> bool:
    """True when the issue, the population and the territory are described."""
    profile = workspace.profile()
    return all(profile.get(f) for f in PROFILE_TEXTS)
