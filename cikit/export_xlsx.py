"""The workspace as an Excel workbook: one sheet per table, headers people can read.

For people who want to look at or chart their data in a spreadsheet.  It is not
a backup (``--to zip`` is): decoded JSON is written back as text, timestamps as
UTC without a zone (Excel keeps none).  Tables and columns are walked from the
schema, so a table added later gets its sheet; a column without a human label
keeps its database name.
"""

from __future__ import annotations

import io
import json

import pandas as pd

from cikit.errors import N_
from cikit.i18n import Translator
from cikit.store import schema as s

TABLE_LABELS = {
    "initiative": N_("Initiative"),
    "partners": N_("Partners"),
    "participants": N_("Participants"),
    "rounds": N_("Rounds"),
    "responses": N_("Answers"),
    "decisions": N_("Decisions"),
    "measurements": N_("Measurements"),
    "activities": N_("Activities"),
}

COLUMN_LABELS = {
    "id": N_("Id"),
    "name": N_("Name"),
    "issue": N_("Issue"),
    "population": N_("Population"),
    "territory": N_("Territory"),
    "scale": N_("Scale"),
    "default_lang": N_("Default language"),
    "created_at": N_("Created (UTC)"),
    "updated_at": N_("Updated (UTC)"),
    "removed_at": N_("Removed (UTC)"),
    "active": N_("Active"),
    "sector": N_("Sector"),
    "contact": N_("Contact"),
    "display_name": N_("Name"),
    "partner_id": N_("Partner id"),
    "participant_id": N_("Participant id"),
    "role": N_("Role"),
    "workbook": N_("Workbook"),
    "key": N_("Key"),
    "status": N_("Status"),
    "anonymous": N_("Anonymous"),
    "revealed": N_("Results shown"),
    "opened_at": N_("Opened (UTC)"),
    "closed_at": N_("Closed (UTC)"),
    "config": N_("Settings"),
    "item": N_("Question"),
    "value": N_("Value"),
    "round_id": N_("Round id"),
    "respondent": N_("Respondent"),
    "version": N_("Version"),
    "content": N_("Content"),
    "supporters": N_("Supporters"),
    "adopted_by": N_("Adopted by"),
    "adopted_at": N_("Adopted (UTC)"),
    "indicator": N_("Indicator"),
    "period": N_("Period"),
    "x": N_("Period (decimal year)"),
    "dimension": N_("Breakdown"),
    "group": N_("Group"),
    "source": N_("Source"),
    "entered_at": N_("Entered (UTC)"),
}


def sheet_name(table: str, tr: Translator) -> str:
    return tr(TABLE_LABELS[table])[:31] if table in TABLE_LABELS else table[:31]


def _cell_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            out[column] = series.dt.tz_convert("UTC").dt.tz_localize(None)
        elif series.dtype == object:
            out[column] = [
                json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v
                for v in series
            ]
    return out


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP's list for CSV injection)."""


def as_text(sheet) -> None:
    """Every text cell of ``sheet`` stays text: typed ``=HYPERLINK(…)`` is never a formula.

    openpyxl stores a string starting with ``=`` as a formula; spreadsheets may
    also evaluate ``+``, ``-``, ``@``, a tab or a carriage return when a cell is
    edited or the sheet is converted.  Such cells are typed as strings and marked
    with Excel's quote prefix (a leading apostrophe, not part of the value), so
    what a partner typed is shown as typed.  Numbers stay numbers.
    """
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True


def xlsx_bytes(workspace, tr: Translator) -> bytes:
    """Every table of the workspace as one sheet each, headers in the translator's language."""
    frames = workspace.frames(results=False)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for table in s.TABLES:
            frame = _cell_frame(frames[table])
            frame.columns = [
                tr(COLUMN_LABELS[c]) if c in COLUMN_LABELS else c for c in frame.columns
            ]
            name = sheet_name(table, tr)
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            as_text(sheet)
            sheet.freeze_panes = "A2"
            for cells in sheet.columns:
                width = max(len(str(c.value or "")) for c in list(cells)[:50])
                sheet.column_dimensions[cells[0].column_letter].width = min(max(width + 2, 8), 60)
    return buffer.getvalue()
