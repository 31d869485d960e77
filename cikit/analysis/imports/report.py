"""What an import found, line by line: the object the app, the command line and analysts share.

An :class:`ImportReport` is built before anything is written.  It holds the
measurements that would be written (:attr:`ImportReport.valid`) and one row per
finding (:attr:`ImportReport.lines`): each line of the file that was **kept**,
**skipped** (a value the source suppressed, a line for another indicator) or
**rejected** (a problem to fix), with the reason.  Rows of a statistical table
for other places or categories than those chosen are only counted
(:attr:`ImportReport.left_aside`): a full Statistics Canada table holds
hundreds of thousands of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

KEPT, SKIPPED, REJECTED = "kept", "skipped", "rejected"
OUTCOMES: tuple[str, ...] = (KEPT, SKIPPED, REJECTED)
LINE_COLUMNS: tuple[str, ...] = (
    "line", "outcome", "reason", "column", "cell", "period", "place", "note",
)  # fmt: skip
"""Columns of :attr:`ImportReport.lines`."""
VALID_COLUMNS: tuple[str, ...] = (
    "indicator", "period", "x", "value", "partner_id", "dimension", "group", "line",
)  # fmt: skip
"""Columns of :attr:`ImportReport.valid` (those of
:func:`cikit.analysis.imports.template.parse_measurements`)."""
SKIP_REASONS: tuple[str, ...] = ("suppressed", "no_value", "other_indicator")
"""Why a line is skipped: its value suppressed by the source (``cell`` holds the symbol),
no value at all, or another indicator than the one asked (template files)."""


def empty_lines() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="int64" if c == "line" else object) for c in LINE_COLUMNS}
    )


@dataclass
class ImportReport:
    """The per-line report of one file, before (and after) it is written.

    Attributes
    ----------
    format : str
        ``"template"`` (cikit's measurement template), ``"statcan"`` (a
        Statistics Canada full table or custom download) or ``"isq"`` (a table
        with title rows above its header and notes below, as the Institut de la
        statistique du Québec publishes them).
    file : str
        The file's name (inside its zip when it was zipped).
    valid : DataFrame
        What would be written, one row per measurement: :data:`VALID_COLUMNS`.
    lines : DataFrame
        One row per finding, by line: :data:`LINE_COLUMNS`.  ``outcome`` is
        ``"kept"``, ``"skipped"`` or ``"rejected"``; ``reason`` is empty when
        kept, one of :data:`SKIP_REASONS` when skipped, a reason of
        :data:`cikit.analysis.imports.template.PROBLEM_REASONS` when rejected (a
        rejected line may have several rows); ``column`` is the canonical column
        concerned (``"period"``, ``"value"``…); ``cell`` the cell as written (cut
        to 80 characters); ``period`` the period and ``place`` the place (a
        statistical table's ``GEO``; empty otherwise) as written; ``note`` what the
        source says about a kept value, comma-separated: ``E`` (use with
        caution), ``p`` (preliminary), ``r`` (revised), ``e`` (estimated), ``*``
        and ``**`` (imprecise), ``t`` (series terminated), ``span`` (a school or
        fiscal year recorded as its first year).
    language : str
        The language of a statistical table's headers (``"fr"``, ``"en"``) or ``""``.
    title, table_id : str
        The table's title and Statistics Canada's table number (``17-10-0005-01``).
    unit : str
        The unit of measure the table states (Statistics Canada's ``UOM``).
    scale : int
        The power of ten the values were multiplied by (``SCALAR_FACTOR``: 3 for thousands).
    places : list of str
        The places (``GEO``) kept; several means a breakdown by territory.
    filters : list of (str, str)
        The ``COLUMN=VALUE`` choices applied, as the file spells them.
    left_aside : int
        Rows for other places or categories than those chosen.
    notes : list of str
        The note lines found below a table (sources, symbols).
    written : int or None
        How many measurements were written, once confirmed; None before.
    """

    format: str
    file: str
    valid: pd.DataFrame
    lines: pd.DataFrame
    language: str = ""
    title: str = ""
    table_id: str = ""
    unit: str = ""
    scale: int = 0
    places: list[str] = field(default_factory=list)
    filters: list[tuple[str, str]] = field(default_factory=list)
    left_aside: int = 0
    notes: list[str] = field(default_factory=list)
    written: int | None = None

    def _count(self, outcome: str) -> int:
        # One value per line and period: a wide table holds several values on a line.
        found = self.lines.loc[self.lines["outcome"] == outcome, ["line", "period"]]
        return len(found.drop_duplicates())

    @property
    def kept(self) -> int:
        """Lines to be written."""
        return len(self.valid)

    @property
    def skipped(self) -> int:
        """Values (a line's value for one period) left out on purpose: suppressed by the
        source, or for another indicator."""
        return self._count(SKIPPED)

    @property
    def rejected(self) -> int:
        """Values (a line's value for one period) with a problem to fix."""
        return self._count(REJECTED)

    @property
    def problems(self) -> pd.DataFrame:
        """The rejected lines' problems: ``line``, ``column``, ``value`` (the cell), ``reason``."""
        found = self.lines[self.lines["outcome"] == REJECTED]
        return found[["line", "column", "cell", "reason"]].rename(columns={"cell": "value"})

    def rows(self) -> list[dict[str, Any]]:
        """The measurements to write, as :meth:`cikit.Workspace.add_measurements` takes them."""
        return [
            {
                "indicator": r.indicator,
                "period": r.period,
                "x": float(r.x),
                "value": float(r.value),
                "partner_id": None if pd.isna(r.partner_id) else int(r.partner_id),
                "dimension": r.dimension,
                "group": r.group,
            }
            for r in self.valid.itertuples()
        ]
