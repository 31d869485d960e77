"""Importing measurements from a file: cikit's template, Statistics Canada and ISQ tables.

:func:`check_file` recognises the layout and returns an
:class:`~cikit.analysis.imports.report.ImportReport` without writing anything:

* **cikit's template** (:mod:`~cikit.analysis.imports.template`): indicator,
  period and value columns, one measurement per line, French or English headers;
* **a Statistics Canada table** (:mod:`~cikit.analysis.imports.statcan`): a full
  table or a custom download, English or French, zipped with its metadata or not;
* **a table with title rows and notes** (:mod:`~cikit.analysis.imports.isq`), as
  the Institut de la statistique du Québec publishes them.

A statistical table holds many series: the person names the indicator the
values are for, the place (``geo``) and a value for any other column that
varies (``filters``); :mod:`~cikit.analysis.imports.series` says which choice is
missing when one is.  A zip holding several tables needs ``member``.

Examples
--------
>>> data = b"REF_DATE,GEO,UOM,SCALAR_FACTOR,VALUE,STATUS\\n2021,Quebec,Number,thousands,8.6,\\n"
>>> report = check_file(data, "17100005.csv", indicators=["population"], partners={},
...                     dimensions=["territory"], choice=Choice(indicator="population"))
>>> report.format, report.table_id, report.valid[["period", "value"]].values.tolist()
('statcan', '17-10-0005-01', [['2021', 8600.0]])
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Mapping

import pandas as pd

from cikit.analysis.imports import isq, statcan
from cikit.analysis.imports.excel import is_excel, number_text, read_excel_rows
from cikit.analysis.imports.report import (
    KEPT,
    LINE_COLUMNS,
    REJECTED,
    SKIPPED,
    ImportReport,
)
from cikit.analysis.imports.series import Choice, finish
from cikit.analysis.imports.table import (
    ImportFileError,
    Unpacked,
    decode,
    read_table,
    separator,
    unpack,
)
from cikit.analysis.imports.template import COLUMNS, match_headers, parse_measurements

__all__ = ["Choice", "ImportFileError", "ImportReport", "check_file", "check_frame"]


def check_file(
    data: bytes,
    filename: str,
    *,
    indicators: Collection[str],
    partners: Mapping[str, int],
    dimensions: Collection[str],
    choice: Choice = Choice(),  # noqa: B008 - frozen, never mutated
) -> ImportReport:
    """Read and check a file as it came; nothing is written.

    Parameters
    ----------
    data, filename : bytes, str
        The file and its name (a ``.zip`` of CSV files, ``.csv``, ``.xlsx``…).
    indicators, partners, dimensions
        What the workspace knows, as :func:`parse_measurements` takes them.
    choice : Choice
        The indicator (required for a statistical table; for a template, lines
        for other indicators are skipped), places, filters and the file of a zip.

    Raises
    ------
    ImportFileError
        When the file cannot be imported as it is, or a choice is missing or
        wrong; ``reason``, ``column``, ``values`` and ``asked`` say which.
    """
    if not data or not data.strip():
        raise ImportFileError("empty")
    unpacked = unpack(data, filename, choice.member)
    head = _head(unpacked)
    if statcan.language(head):
        indicator = _indicator(choice, indicators)
        if is_excel(unpacked.data, unpacked.name):
            unpacked = Unpacked(_as_csv(unpacked.data), unpacked.name, unpacked.member)
        return finish(statcan.read(unpacked, choice), choice=choice, indicator=indicator)
    found = match_headers(head)
    if "indicator" in found:
        return _template(read_table(unpacked.data, unpacked.name), unpacked.name,
                         indicators, partners, dimensions, choice)  # fmt: skip
    try:
        series = isq.read(unpacked, choice)
    except ImportFileError as err:
        if err.reason != "no_header":
            raise
        if found:
            parse_measurements(pd.DataFrame(columns=list(found.values())), indicators=indicators,
                               partners=partners, dimensions=dimensions)  # fmt: skip
        raise ImportFileError("not_recognised") from err
    return finish(series, choice=choice, indicator=_indicator(choice, indicators))


def check_frame(
    frame: pd.DataFrame,
    *,
    indicators: Collection[str],
    partners: Mapping[str, int],
    dimensions: Collection[str],
    choice: Choice = Choice(),  # noqa: B008 - frozen, never mutated
) -> ImportReport:
    """:func:`check_file` for a DataFrame an analyst already holds (template or StatCan columns).

    Numbers in the frame are written out so that they read back exactly.
    """
    text = frame.astype(object).map(_cell_text)
    buffer = io.StringIO()
    text.to_csv(buffer, index=False)
    data = buffer.getvalue().encode("utf-8")
    return check_file(data, "frame.csv", indicators=indicators, partners=partners,
                      dimensions=dimensions, choice=choice)  # fmt: skip


def _cell_text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value)
    return str(value)


def _head(unpacked: Unpacked) -> list[str]:
    """The first row's cells, to recognise the layout."""
    if is_excel(unpacked.data, unpacked.name):
        rows = read_excel_rows(unpacked.data, limit=1)
        return rows[0] if rows else []
    text = decode(unpacked.data[:65536])  # a cut multibyte character falls back to cp1252
    line = text.lstrip("\ufeff").split("\n", 1)[0].strip("\r")
    try:
        return next(csv.reader([line], delimiter=separator(text, header=line)), [])
    except csv.Error:
        return []


def _as_csv(data: bytes) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(read_excel_rows(data))
    return buffer.getvalue().encode("utf-8")


def _indicator(choice: Choice, indicators: Collection[str]) -> str:
    if not choice.indicator:
        raise ImportFileError("indicator_needed")
    known = {str(i).strip().casefold(): str(i) for i in indicators}
    found = known.get(str(choice.indicator).strip().casefold())
    if found is None:
        raise ImportFileError("unknown_indicator", asked=str(choice.indicator))
    return found


def _template(
    raw: pd.DataFrame,
    name: str,
    indicators: Collection[str],
    partners: Mapping[str, int],
    dimensions: Collection[str],
    choice: Choice,
) -> ImportReport:
    if choice.geo or choice.filters:
        raise ImportFileError("choices_not_applicable")
    only = _indicator(choice, indicators) if choice.indicator and choice.only_indicator else None
    valid, problems = parse_measurements(
        raw, indicators=indicators, partners=partners, dimensions=dimensions
    )
    mapping = match_headers(raw.columns)
    cells = {c: raw[mapping[c]].astype(str).reset_index(drop=True) for c in COLUMNS
             if c in mapping}  # fmt: skip
    other = valid["indicator"] != only if only else pd.Series(False, index=valid.index)
    at = valid["line"] - 2

    def lines(frame: pd.DataFrame, outcome: str, reason: str, column: str, cell) -> pd.DataFrame:
        where = frame["line"].to_numpy() - 2
        return pd.DataFrame({
            "line": frame["line"].astype("int64").to_numpy(), "outcome": outcome,
            "reason": reason, "column": column, "cell": cell,
            "period": cells["period"].to_numpy()[where] if len(where) else [], "place": "",
            "note": "",
        })  # fmt: skip

    kept, skipped = valid[~other], valid[other]
    parts = [
        lines(kept, KEPT, "", "", cells["value"].to_numpy()[at[~other]]),
        lines(skipped, SKIPPED, "other_indicator", "indicator",
              cells["indicator"].to_numpy()[at[other]]),
        pd.DataFrame({
            "line": problems["line"].astype("int64"), "outcome": REJECTED,
            "reason": problems["reason"], "column": problems["column"],
            "cell": problems["value"],
            "period": cells["period"].to_numpy()[problems["line"].to_numpy() - 2]
            if len(problems) else [], "place": "", "note": "",
        }),
    ]  # fmt: skip
    table = pd.concat([p for p in parts if len(p)] or [parts[-1]], ignore_index=True)
    table = table.sort_values("line", kind="stable").reset_index(drop=True)
    return ImportReport(
        format="template",
        file=name,
        valid=kept.reset_index(drop=True),
        lines=table[list(LINE_COLUMNS)],
    )


__all__ += ["KEPT", "REJECTED", "SKIPPED"]
