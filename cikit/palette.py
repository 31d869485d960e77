"""Every colour a chart uses, on screen (bqplot components) and in reports (matplotlib).

One module, imported by :mod:`cikit.components` and :mod:`cikit.report` alike
(neither imports the other), so a sector, a level or the partners' side has
the same colour on the projector, on a phone and in the printed report.  The
stylesheets (``components/style.css``, the report template's CSS) use the same
values for the page around the charts.
"""

from __future__ import annotations

from types import MappingProxyType

# -- ink and background ----------------------------------------------------------------------
INK = "#1f2933"  # text drawn in report figures
LABEL_INK = "#1b1f24"  # labels drawn on screen (the app's --cikit-ink)
GRID = "#d9dee3"
MUTED = "#6b7280"  # secondary marks: the forecast, the baseline, the "other" sector
WHITE = "#ffffff"
EDGE = "#111827"  # the outline of a partner's circle on the network map

# -- verdicts and statuses (report figures: curves, readiness bars) --------------------------
STATUS = MappingProxyType(
    {
        "good": "#2e7d4f",  # ready, on track
        "mid": "#c58a00",  # partly there
        "bad": "#b23b3b",  # not yet, off track
        "none": "#8a949e",  # unknown, no data, the expected path
        "main": "#2f5d8a",  # a plain series
    }
)

# -- screen charts -----------------------------------------------------------------------------
PRESENT = "#1f6f5c"  # a sector at the table; the target of an indicator
MISSING = "#c2410c"  # a sector missing from the table
TARGET = PRESENT
BASELINE = MUTED
LEVELS = ("#c2410c", "#f59e0b", "#65a30d", "#1f6f5c")  # answer levels, weakest first
DONT_KNOW = "#9ca3af"
SERIES = ("#1f3a6f", "#c2410c", "#1f6f5c", "#7c3aed", "#b45309", "#0e7490", "#be185d")

# -- the two sides of the backbone self-assessment -------------------------------------------
PARTNERS = "#1f3a6f"
STAFF = "#c2410c"
GROUPS = (PARTNERS, STAFF)

# -- the network map -----------------------------------------------------------------------------
SECTORS = MappingProxyType(
    {
        "community": "#ea580c",
        "public": "#1d4ed8",
        "education": "#7c3aed",
        "health": "#0891b2",
        "philanthropy": "#15803d",
        "private": "#854d0e",
        "residents": "#db2777",
        "other": MUTED,
    }
)
TIES = ("#d1d5db", "#9ca3af", "#4b5563", "#111827")  # interaction levels 1-4, light to dark

# -- heat maps (activities by partner and strategy or territory) -------------------------------
HEAT = ("#f3f4f6", "#d3eee6", "#9fd4c4", "#6bbba3", "#3f9f84")  # none, then more and more
HEAT_EMPTY = HEAT[0]

# -- words and agreement (common agenda) ---------------------------------------------------------
TERM_KINDS = MappingProxyType({"shared": "#1f6f5c", "distinctive": "#c2410c", "other": "#9ca3af"})
AGREEMENT = MappingProxyType(
    {"broad": "#1f6f5c", "partial": "#f59e0b", "weak": "#c2410c", "unknown": "#9ca3af"}
)

# -- the communication plan's kinds of tables ----------------------------------------------------
TABLE_KINDS = MappingProxyType({"steering": "#1f3a6f", "working_group": "#1f6f5c",
                                "forum": "#be185d", "other": "#b45309"})  # fmt: skip


def sector(sector_id: str | None) -> str:
    """A sector's colour; an unknown sector is drawn like "other"."""
    return SECTORS.get(sector_id or "other", SECTORS["other"])
