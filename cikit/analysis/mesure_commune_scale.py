"""Shared measurement's rating scale, criteria, directions and headline count, without pandas.

Kept apart from :mod:`cikit.analysis.mesure_commune` (like :mod:`cikit.analysis.scales`
for the 1-4 rounds) so that the page a phone shows to rate candidates — its level
buttons, the items it accepts — can use them without loading the analysis libraries.
"""

from __future__ import annotations

LEVELS: dict[str, int] = {"high": 3, "medium": 2, "low": 1}
"""High counts 3, Medium 2, Low 1; "don't know" (:data:`DONT_KNOW`) is left out."""
DONT_KNOW = "dk"
CRITERIA: tuple[str, ...] = ("communication", "proxy", "data")
"""The three RBA criteria: communication power, proxy power, data power."""
SPLIT_SHARE = 0.25
"""A criterion is split when at least this share rated it High and this share Low…"""
SPLIT_MIN = 4
"""…with at least this many ratings."""
DIRECTIONS: tuple[str, ...] = ("up", "down")
"""An indicator's good direction: ``up`` (higher is better) or ``down``."""
HEADLINE_MIN, HEADLINE_MAX = 3, 5
"""Results-Based Accountability advises 3 to 5 headline indicators, so the public can follow."""
