"""« Accueil / Start »: the sectors a collective impact initiative needs, and who is missing."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def sector_coverage(partners: pd.DataFrame, sectors: Sequence[str]) -> pd.DataFrame:
    """Number of active partners in each sector, in the order of ``sectors``.

    Parameters
    ----------
    partners : DataFrame
        At least a ``sector`` column; rows with ``active`` False (removed partners) are ignored.
    sectors : sequence of str
        Every sector the initiative should hear from, in display order.

    Returns
    -------
    DataFrame
        Columns ``sector``, ``partners`` (int) and ``present`` (bool), one row per sector.
        Partners whose sector is not in ``sectors`` are not counted.

    Examples
    --------
    >>> df = pd.DataFrame({"sector": ["health", "health", "community"]})
    >>> sector_coverage(df, ["community", "health", "private"])["partners"].tolist()
    [1, 2, 0]
    """
    if "sector" not in partners.columns:
        raise ValueError("partners needs a 'sector' column")
    frame = partners
    if "active" in frame.columns:
        frame = frame[frame["active"].astype(bool)]
    counts = frame["sector"].value_counts()
    out = pd.DataFrame({"sector": list(sectors)})
    out["partners"] = [int(counts.get(s, 0)) for s in out["sector"]]
    out["present"] = out["partners"] > 0
    return out


def missing_sectors(coverage: pd.DataFrame, *, ignore: Sequence[str] = ("other",)) -> list[str]:
    """Sectors with no partner, leaving out catch-all sectors such as ``other``."""
    missing = coverage.loc[~coverage["present"], "sector"]
    return [s for s in missing if s not in set(ignore)]
