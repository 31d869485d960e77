"""What an uploaded file may hold, and the error that says why one is refused.

Files come from people and from the web, so every reader is bounded (rows,
columns, unzipped size) and every failure ends as an :class:`ImportFileError`
with a reason, never a traceback.  The bounds and the error live here, apart
from the readers, because both :mod:`~cikit.analysis.imports.table` (CSV, zips)
and :mod:`~cikit.analysis.imports.excel` use them; both modules re-export what
they use, so ``from cikit.analysis.imports.table import MAX_ROWS`` still works.
"""

from __future__ import annotations

from typing import Any

MAX_COLUMNS = 50
"""Columns read from a file: the template has six and a statistical table a few dozen."""
MAX_ROWS = 200_000
"""Most data rows an imported file may hold."""
MAX_UNZIPPED = 400 * 1024 * 1024
"""Largest file accepted inside a zip (a full Statistics Canada table can weigh hundreds
of megabytes; a zip bomb weighs far more)."""
ZIP_MAX_MEMBERS = 64
"""Files inside a zipped table (Statistics Canada's hold two)."""
XLSX_MAX_MEMBERS = 1000
"""Files inside an Excel file (an ordinary one has a few dozen)."""
XLSX_MAX_UNPACKED = 256 * 1024 * 1024
"""What an Excel file may hold once unpacked (200,000 rows of a template fit many times)."""
SHARED_STRINGS_MAX_BYTES = 64 * 1024 * 1024
SHARED_STRINGS_MAX = 1_000_000
"""Excel keeps each distinct text once, in a list read whole into memory: both are bounded."""


class ImportFileError(ValueError):
    """A file that cannot be imported as it is; ``reason`` says why.

    Reasons: ``"empty"``, ``"unreadable"``, ``"missing_columns"`` (``columns``
    lists the missing canonical columns), ``"too_many_rows"``, ``"too_large"``,
    and for statistical tables ``"not_recognised"``, ``"several_tables"``,
    ``"no_table_in_zip"``, ``"not_in_zip"``, ``"indicator_needed"``,
    ``"unknown_indicator"``, ``"geo_not_found"``, ``"several_geos"``,
    ``"mixed_series"``, ``"filter_column_unknown"``, ``"filter_value_unknown"``,
    ``"nothing_selected"``, ``"no_header"``, ``"merged_header"`` and
    ``"several_value_columns"``.
    ``column`` names the column concerned and ``values`` what the file holds
    there (the choices a person can make), ``asked`` what was asked for.
    """

    def __init__(
        self,
        reason: str,
        *,
        columns: Any = (),
        column: str = "",
        values: Any = (),
        asked: str = "",
    ) -> None:
        self.reason = reason
        self.columns = list(columns)
        self.column = column
        self.values = list(values)
        self.asked = asked
        detail = f" ({', '.join(self.columns)})" if self.columns else ""
        if column or self.values:
            detail += f" {column}: {', '.join(self.values[:10])}"
        super().__init__(f"{reason}{detail}")
