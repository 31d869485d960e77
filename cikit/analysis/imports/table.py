"""Reading an uploaded file into cells: CSV or Excel, zipped or not, bounded.

Every cell comes back as a string, so that nothing is lost or guessed before the
checks: ``007`` stays ``007``, ``3,5`` stays ``3,5``.  Files come from people
and from the web, so every reader is bounded (rows, columns, unzipped size, see
:mod:`~cikit.analysis.imports.limits`) and every failure ends as an
:class:`ImportFileError` with a reason, never a traceback.  Excel workbooks are
read by :mod:`~cikit.analysis.imports.excel`; this module reads CSV files and
zips, and makes tables and grids of both.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import numpy as np
import pandas as pd

from cikit.analysis.imports.excel import excel_merges, is_excel, read_excel_rows
from cikit.analysis.imports.limits import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNZIPPED,
    XLSX_MAX_MEMBERS,
    ZIP_MAX_MEMBERS,
    ImportFileError,
)
from cikit.safezip import ZipLimitError, open_bounded

HEAD_ROWS = 60
"""Rows looked at to recognise a file's layout (title rows, header)."""

_SEPARATORS = ";,\t"
_SNIFF_LINES = 20
_METADATA = re.compile(r"_meta_?data\.csv$", re.IGNORECASE)


@dataclass
class Unpacked:
    """A file taken out of its zip, if it came in one."""

    data: bytes
    name: str
    member: str = ""
    """The file's name inside the zip, ``""`` when it was not zipped."""
    metadata: bytes | None = None
    """Statistics Canada's ``…_MetaData.csv`` when it came in the same zip."""


@dataclass
class Grid:
    """The first sheet or the CSV as rows of strings, without deciding which row is the header."""

    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    """Merged cells of an Excel sheet: (first row, first column, last row, last column), 0-based."""


def unpack(data: bytes, filename: str, member: str | None = None) -> Unpacked:
    """The table inside a zip of CSV files (as Statistics Canada ships them), else the file.

    An Excel file is a zip too, and is returned as it is.  In a zip of CSV files,
    the ``…_MetaData.csv`` file is set aside (kept for its labels); exactly one
    other CSV must remain, or ``member`` must name one.

    Raises
    ------
    ImportFileError
        ``"no_table_in_zip"``, ``"several_tables"`` (``values`` lists them),
        ``"not_in_zip"`` (``member`` is not one of them), ``"too_large"``
        (unzipped over :data:`MAX_UNZIPPED`), ``"unreadable"``.
    """
    if data[:4] != b"PK\x03\x04":
        return Unpacked(data, filename)
    try:
        # A zip's directory says how many files it holds and how large they unpack, and
        # may lie: the bounds are checked before anything is unpacked (a "zip bomb").
        archive = open_bounded(
            io.BytesIO(data), max_members=XLSX_MAX_MEMBERS, max_unpacked=2 * MAX_UNZIPPED
        )
        names = [i for i in archive.infolist() if not i.is_dir()]
    except ZipLimitError as err:
        raise ImportFileError("unreadable" if err.reason == "not_a_zip" else "too_large") from err
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise ImportFileError("unreadable") from err
    if any(i.filename == "[Content_Types].xml" or i.filename.startswith("xl/") for i in names):
        archive.close()
        return Unpacked(data, filename)  # an Excel workbook
    if len(names) > ZIP_MAX_MEMBERS:
        archive.close()
        raise ImportFileError("too_large")
    with archive:
        tables = [i for i in names if i.filename.casefold().endswith((".csv", ".txt"))
                  and not _METADATA.search(i.filename) and "__MACOSX" not in i.filename]  # fmt: skip
        metadata = [i for i in names if _METADATA.search(i.filename)]
        shown = [PurePath(i.filename).name for i in tables]
        if member:
            tables = [i for i in tables if PurePath(i.filename).name.casefold() ==
                      PurePath(member).name.casefold()]  # fmt: skip
            if not tables:
                raise ImportFileError("not_in_zip", values=shown, asked=member)
        if not tables:
            raise ImportFileError("no_table_in_zip")
        if len(tables) > 1:
            raise ImportFileError("several_tables", values=shown)
        chosen = tables[0]
        # The metadata of this table: the same number in its name (17100005_MetaData.csv).
        number = re.match(r"[0-9]{8}", PurePath(chosen.filename).name)
        metadata = [i for i in metadata
                    if number is None or PurePath(i.filename).name.startswith(number[0])]  # fmt: skip
        try:
            body = _read_member(archive, chosen)
            labels = _read_member(archive, metadata[0]) if metadata else None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as err:
            raise ImportFileError("unreadable") from err
    return Unpacked(body, PurePath(chosen.filename).name, PurePath(chosen.filename).name, labels)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > MAX_UNZIPPED:
        raise ImportFileError("too_large")
    with archive.open(info) as stream:
        body = stream.read(MAX_UNZIPPED + 1)  # the stated size may lie
    if len(body) > MAX_UNZIPPED:
        raise ImportFileError("too_large")
    return body


def read_table(data: bytes, filename: str) -> pd.DataFrame:
    """An uploaded CSV or Excel file as a table of strings, its first row giving the names.

    Parameters
    ----------
    data : bytes
        The file's content.
    filename : str
        Its name: ``.xlsx`` or ``.xlsm`` is read as Excel (first sheet), anything
        else as CSV.  A ZIP archive (what Excel files are) is read as Excel
        whatever its name.

    Returns
    -------
    DataFrame
        Every cell is a string (``""`` when empty), and the rows keep their
        order in the file, empty ones included, so that row ``i`` is line
        ``i + 2``.  CSV: the separator (``;``, ``,`` or tab) is detected with
        :class:`csv.Sniffer` on the first lines; text is UTF-8 (with or without
        BOM), else Windows-1252 (UTF-16 with a BOM is read too).  Excel: numbers
        are written without exponent, whole numbers without ``.0``, percentages
        as ``"12 %"``, dates as ``YYYY-MM-DD``, and never so that a reader could
        take a decimal point for a thousands separator (1.234 is ``1.2340``).

    Raises
    ------
    ImportFileError
        ``"empty"`` without any non-empty data row, ``"unreadable"`` when the file
        cannot be parsed, ``"too_many_rows"`` above :data:`MAX_ROWS` data rows.
    """
    if not data or not data.strip():
        raise ImportFileError("empty")
    table = _read_excel(data) if is_excel(data, filename) else _read_csv(data)
    if len(table) > MAX_ROWS:
        raise ImportFileError("too_many_rows")
    filled = (table != "").any(axis=1).to_numpy() if len(table.columns) else np.zeros(0, bool)
    if not filled.any():
        raise ImportFileError("empty")
    # Trailing empty rows (a sheet formatted further down, blank lines at the end).
    return table.iloc[: int(np.flatnonzero(filled)[-1]) + 1].reset_index(drop=True)


def decode(data: bytes) -> str:
    """Text of a CSV: UTF-16 with a BOM, else UTF-8 (BOM or not), else Windows-1252."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise ImportFileError("unreadable") from err
    if b"\x00" in data:  # binary, not text
        raise ImportFileError("unreadable")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as err:
        raise ImportFileError("unreadable") from err


def separator(text: str, *, header: str | None = None) -> str:
    """The CSV separator among ``;``, ``,`` and tab, trusting the header line over the sniffer."""
    lines = text.splitlines()
    sample = "\n".join(lines[:_SNIFF_LINES])
    header = header if header is not None else (lines[0] if lines else "")
    counts = {sep: header.count(sep) for sep in _SEPARATORS}
    try:
        sep = csv.Sniffer().sniff(sample, delimiters=_SEPARATORS).delimiter
    except csv.Error:
        sep = ""
    if sep not in counts or (counts[sep] == 0 and max(counts.values()) > 0):
        # Column names hold no decimal comma: trust the header line.
        sep = max(_SEPARATORS, key=lambda s: counts[s]) if max(counts.values()) else ","
    return sep


def _read_csv(data: bytes) -> pd.DataFrame:
    text = decode(data)
    sep = separator(text)
    header = text.split("\n", 1)[0]
    if sep and header.count(sep) >= MAX_COLUMNS:
        # A file whose header has thousands of cells would take minutes and gigabytes.
        raise ImportFileError("unreadable")
    try:
        with warnings.catch_warnings():
            # index_col=False drops empty cells after the last column, with a warning.
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            table = pd.read_csv(
                io.StringIO(text),
                sep=sep,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                index_col=False,
                nrows=MAX_ROWS + 1,
                engine="c",
            )
    except pd.errors.EmptyDataError as err:
        raise ImportFileError("empty") from err
    except (pd.errors.ParserError, ValueError, csv.Error) as err:
        raise ImportFileError("unreadable") from err
    return table.fillna("").astype(str)


def _read_excel(data: bytes) -> pd.DataFrame:
    rows = read_excel_rows(data)
    if not rows:
        raise ImportFileError("empty")
    header, rows = rows[0], rows[1:]
    while rows and not any(rows[-1]):
        rows.pop()
    if len(rows) > MAX_ROWS:
        raise ImportFileError("too_many_rows")
    # Cells after the last named column are padding (max_col), unless rows hold data there.
    while (
        header
        and not header[-1]
        and not any(len(r) >= len(header) and r[len(header) - 1] for r in rows)
    ):
        header.pop()
        rows = [r[: len(header)] for r in rows]
    width = max([len(header), *(len(r) for r in rows)])
    names = unique_names([*header, *[""] * (width - len(header))])
    padded = [r + [""] * (width - len(r)) for r in rows]
    return pd.DataFrame(padded, columns=names, dtype=str)


def unique_names(names: list[str]) -> list[str]:
    """Column names made unique (``name``, ``name.1``…), empty ones named by position."""
    out: list[str] = []
    seen: set[str] = set()
    for position, name in enumerate(names):
        name = name.strip() or f"Unnamed: {position}"
        candidate, n = name, 0
        while candidate in seen:
            n += 1
            candidate = f"{name}.{n}"
        seen.add(candidate)
        out.append(candidate)
    return out


def read_grid(data: bytes, filename: str) -> Grid:
    """Every row of the file, no header chosen (for tables with title rows above the header).

    CSV rows may have different lengths; Excel merged cells are listed.
    """
    if not data or not data.strip():
        raise ImportFileError("empty")
    if is_excel(data, filename):
        return Grid(read_excel_rows(data), excel_merges(data))
    text = decode(data)
    lines = text.splitlines()
    head = [line for line in lines[:HEAD_ROWS] if line.strip()]
    # The header of a table with title rows is its longest early line, not its first.
    sep = separator(text, header=max(head, key=lambda line: max(line.count(s) for s in _SEPARATORS))
                    if head else "")  # fmt: skip
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=sep, strict=True):
            if len(row) > MAX_COLUMNS:
                raise ImportFileError("unreadable")
            rows.append([cell.strip() for cell in row])
            if len(rows) > MAX_ROWS + HEAD_ROWS:
                raise ImportFileError("too_many_rows")
    except csv.Error as err:
        raise ImportFileError("unreadable") from err
    return Grid(rows)
