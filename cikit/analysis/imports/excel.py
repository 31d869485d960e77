"""Reading the first sheet of an Excel workbook into rows of strings, bounded.

An Excel file is a zip of XML files, and openpyxl reads some of them whole
(the shared strings) before the first row: a small file can unpack into
gigabytes.  So the zip and its shared strings are measured first
(:func:`check_excel_size`), the sheet's stated size is not trusted, and numbers
are written back as text that nobody can misread (:func:`number_text`).
Kept apart from :mod:`~cikit.analysis.imports.table` so that each module stays
small; that module reads CSV files and zips and builds the tables.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from pathlib import PurePath
from typing import Any

import numpy as np

from cikit.analysis.imports.limits import (
    MAX_COLUMNS,
    MAX_ROWS,
    SHARED_STRINGS_MAX,
    SHARED_STRINGS_MAX_BYTES,
    XLSX_MAX_MEMBERS,
    XLSX_MAX_UNPACKED,
    ImportFileError,
)
from cikit.safezip import ZipLimitError, count_items, open_bounded

_EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def is_excel(data: bytes, filename: str) -> bool:
    """True for an ``.xlsx``/``.xlsm`` name or any zip (a workbook renamed ``.csv`` is still
    one); call it after :func:`~cikit.analysis.imports.table.unpack` has taken CSV files out
    of their zips."""
    suffix = PurePath(filename or "").suffix.casefold()
    return suffix in _EXCEL_SUFFIXES or data[:4] == b"PK\x03\x04"


def read_excel_rows(data: bytes, *, limit: int | None = None) -> list[list[str]]:
    """The first sheet's rows as strings (empty rows inside kept as ``[]``), at most ``limit``.

    Raises ``too_many_rows`` past :data:`MAX_ROWS` + 1 rows and ``unreadable`` on a
    broken workbook.
    """
    import openpyxl  # only when an Excel file arrives

    check_excel_size(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # Untrusted content: openpyxl raises whatever its zip and XML readers raise.
    except Exception as err:
        raise ImportFileError("unreadable") from err
    rows: list[list[str]] = []
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise ImportFileError("empty")
        blanks = 0  # empty rows kept only if a filled row follows
        try:
            # The sheet's own stated size is untrusted: a file can claim 16,384 columns.
            sheet.reset_dimensions()
            for cells in sheet.iter_rows(max_col=MAX_COLUMNS):
                row = [excel_text(cell) for cell in cells]
                if rows and not any(row):
                    blanks += 1
                    continue
                rows.extend([] for _ in range(blanks))
                blanks = 0
                rows.append(row)
                if limit is not None and len(rows) >= limit:
                    break
                if len(rows) > MAX_ROWS + 1:
                    raise ImportFileError("too_many_rows")
        except ImportFileError:
            raise
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, SyntaxError) as err:
            raise ImportFileError("unreadable") from err
    finally:
        book.close()
    return rows


def excel_text(cell: Any) -> str:
    """One Excel cell as the text a person would read, numbers without doubt."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        percent = "%" in str(getattr(cell, "number_format", "") or "")
        if not percent:
            return number_text(value)
        number = float(value)
        return f"{number_text(round(number * 100, 10))} %" if math.isfinite(number) else str(value)
    return str(value)


def number_text(value: int | float) -> str:
    """A number as text that :mod:`cikit.analysis.numbers` reads back exactly: no exponent,
    no ``.0`` on whole numbers, and never three decimals alone after a point (1.234 is
    written ``1.2340``, so that nobody takes the point for a thousands separator).

    >>> number_text(3.5), number_text(12500.0), number_text(1.234), number_text(7)
    ('3.5', '12500', '1.2340', '7')
    """
    number = float(value)
    if not math.isfinite(number):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    text = np.format_float_positional(number, trim="-")
    if re.fullmatch(r"-?[1-9][0-9]{0,2}\.[0-9]{3}", text):
        text += "0"
    return text


_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]+)"')
_RELATION = re.compile(rb"<Relationship\b[^>]*?>")
_MERGE = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})([0-9]+):([A-Z]{1,3})([0-9]+)"'
)


def excel_merges(data: bytes) -> list[tuple[int, int, int, int]]:
    """Merged cells of the first sheet, read from the sheet's XML (read-only openpyxl
    does not give them)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            book = archive.read("xl/workbook.xml")
            first = _SHEET.search(book)
            rels = archive.read("xl/_rels/workbook.xml.rels")
            target = ""
            for relation in _RELATION.findall(rels):
                if first and b'Id="' + first[1] + b'"' in relation:
                    found = re.search(rb'Target="([^"]+)"', relation)
                    target = found[1].decode("utf-8", "replace") if found else ""
            if not target:
                return []
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            sheet = archive.read(path)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return []
    return [
        (int(r1) - 1, _column(c1), int(r2) - 1, _column(c2))
        for c1, r1, c2, r2 in _MERGE.findall(sheet)
    ]


def _column(letters: bytes) -> int:
    index = 0
    for letter in letters.decode("ascii"):
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def check_excel_size(data: bytes) -> None:
    """Refuse an Excel file whose zip or shared strings would unpack beyond the bounds.

    openpyxl reads the shared strings whole before the first row: a small file can
    claim millions of them (a "zip bomb"), so they are counted first.  Raises
    ``excel_too_large`` (or ``unreadable`` for a file that is not a zip at all).
    """
    try:
        archive = open_bounded(
            io.BytesIO(data), max_members=XLSX_MAX_MEMBERS, max_unpacked=XLSX_MAX_UNPACKED
        )
    except ZipLimitError as err:
        reason = "unreadable" if err.reason == "not_a_zip" else "excel_too_large"
        raise ImportFileError(reason) from err
    with archive:
        try:
            for name in archive.namelist():
                if name.casefold().endswith("sharedstrings.xml"):
                    count_items(
                        archive,
                        name,
                        max_bytes=SHARED_STRINGS_MAX_BYTES,
                        max_items=SHARED_STRINGS_MAX,
                    )
        except ZipLimitError as err:
            raise ImportFileError("excel_too_large") from err
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as err:
            raise ImportFileError("unreadable") from err
