"""The scales and thresholds of the 1-4 rounds, without pandas.

Kept apart from :mod:`cikit.analysis.rounds` so that the page a phone shows (its level
buttons, a rule stated in words) can use them without loading the analysis libraries.
"""

from __future__ import annotations

LEVELS: tuple[int, ...] = (1, 2, 3, 4)
"""Tamarack's four levels: just begun, in progress, mostly achieved, fully achieved."""
DONT_KNOW = "dk"
SPLIT_SHARE = 0.25
"""An item is "group split" when at least this share chose 1-2 and at least this share 3-4."""
READY_FROM = 3.0
PARTLY_FROM = 2.0


def verdict_of(mean: float | None) -> str:
    """``ready`` from :data:`READY_FROM`, ``partly`` from :data:`PARTLY_FROM`, ``not_yet``
    below, ``unknown`` for no mean (None or NaN).

    >>> [verdict_of(x) for x in (3.0, 2.5, 1.9, None, float("nan"))]
    ['ready', 'partly', 'not_yet', 'unknown', 'unknown']
    """
    if mean is None or mean != mean:
        return "unknown"
    if mean >= READY_FROM:
        return "ready"
    if mean >= PARTLY_FROM:
        return "partly"
    return "not_yet"
