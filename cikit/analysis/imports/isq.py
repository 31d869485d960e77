"""Tables made to be read by people, as the Institut de la statistique du Québec publishes them.

Such a table (Excel or CSV) has a title, and sometimes a subtitle, in rows above
its header; notes, sources and the legend of its symbols in rows below; French
numbers (``3,5``; ``12 500`` with any kind of space); ``..`` or ``x`` where a
value is not available or confidential, and marks after values or years
(``12,5*``, ``2021p``).  Two layouts are read:

* **wide**: a header row whose cells after the first columns are periods
  (``2019``, ``2020``, ``2021p``, ``2019-2020``), one row per place or
  category; the first column is the place when its header names one (région,
  MRC, territoire…, or is empty);
* **long**: a header row with a column named year or period (année, période…)
  and a value column (valeur, nombre, taux, %… else the last one).

The header is the first row, among the first 60, that looks like one.  A cell of
the header merged over several period columns, a second header row above or
below with several labels over the periods (``Hommes | Femmes``, ``n | %``)
means several series per period: refused with the labels named, since one
indicator is one series.  Data ends at the first empty row; what follows is
notes.  A row with a single cell inside the data (a heading such as « Régions
administratives ») is passed over.
"""

from __future__ import annotations

import re

import pandas as pd

from cikit.analysis.imports.series import (
    Choice,
    Series,
    check_filter_values,
    distinct,
    filter_mask,
    resolve_filters,
    symbol,
)
from cikit.analysis.imports.table import HEAD_ROWS, ImportFileError, Unpacked, read_grid
from cikit.analysis.imports.template import fold
from cikit.analysis.periods import statistical_period

PERIOD_NAMES = {"annee", "annees", "periode", "year", "period", "annee de reference",
                "reference period", "date", "mois", "month", "trimestre", "quarter"}  # fmt: skip
VALUE_NAMES = {"valeur", "value", "nombre", "number", "n", "taux", "rate", "%", "pourcentage",
               "percentage", "proportion", "effectif", "donnee", "data"}  # fmt: skip
GEO_WORDS = ("region", "territoire", "territory", "geo", "mrc", "municipalit", "ville", "city",
             "province", "quartier", "neighbo", "secteur", "area", "localite", "clsc", "rls",
             "arrondissement", "borough", "lieu", "place", "reseau local")  # fmt: skip
NOTE_STARTS = ("note", "source", "remarque", "signe", "symbol", "footnote", "legende",
               "compilation", "adaptation", "mise a jour", "last update", "date de", "*", "..",
               "x ", "p ", "r ", "e ", "( )", "(1)", "1 ", "¹")  # fmt: skip
_FLAGGED = re.compile(
    r"^(?P<number>[-+\u2212]?[0-9][0-9\s\u00a0\u202f\u2009.,]*?)\s*"
    r"(?P<flag>\*{1,2}|[EepPrRF]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$"
)
_FOOTNOTE = re.compile(r"\s*(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\(\d\))$")


def _period_columns(row: list[str]) -> list[int]:
    return [c for c, v in enumerate(row) if v.strip() and statistical_period(v)[0]]


def _filled(row: list[str]) -> list[int]:
    return [c for c, v in enumerate(row) if v.strip()]


def find_header(rows: list[list[str]]) -> tuple[int, str]:
    """The header row's index and the layout, ``"wide"`` or ``"long"``.

    Raises ``no_header`` when none of the first rows looks like a header.
    """
    for r, row in enumerate(rows[:HEAD_ROWS]):
        filled = _filled(row)
        if len(filled) < 2 or not any(len(_filled(n)) >= 2 for n in rows[r + 1 : r + 4]):
            continue
        periods = _period_columns(row)
        if periods and periods[0] > 0 and len(periods) >= len(filled) - 3:
            return r, "wide"
        if any(fold(row[c]) in PERIOD_NAMES for c in filled):
            return r, "long"
    raise ImportFileError("no_header")


def read(unpacked: Unpacked, choice: Choice) -> Series:
    """Every value of an ISQ-style table, one row each, with the rows above and below set aside."""
    grid = read_grid(unpacked.data, unpacked.name)
    rows = grid.rows
    width = max((len(r) for r in rows), default=0)
    rows = [[c.strip() for c in r] + [""] * (width - len(r)) for r in rows]
    h, layout = find_header(rows)
    header = list(rows[h])
    for r0, c0, r1, c1 in grid.merges:  # a label merged down over the header rows
        if r0 < h <= r1 and c0 == c1 and c0 < width and not header[c0]:
            header[c0] = rows[r0][c0]
    title = next((" ".join(r[c] for c in _filled(r)) for r in rows[:h] if _filled(r)), "")
    period_at = None
    if layout == "wide":
        values = _period_columns(header)
        labels = [c for c in range(width) if c not in values and c < values[0]]
        label = _check_wide_header(rows, h, header, values, labels, grid.merges)
        title = " — ".join(t for t in (title, label) if t)
        for c in labels:  # a name left in the row above (CSV)
            if not header[c] and h and rows[h - 1][c] and len(_filled(rows[h - 1])) > 1:
                header[c] = rows[h - 1][c]
    else:
        period_at = next(c for c in _filled(header) if fold(header[c]) in PERIOD_NAMES)
        others = [c for c in _filled(header) if c != period_at]
        values = [_value_column(rows[h + 1 : h + 1 + HEAD_ROWS], header, others)]
        labels = [c for c in others if c not in values]
    names = _names(header, labels)
    geo_at = next((c for c in labels if not header[c] or any(w in fold(header[c]) for w in
                                                              GEO_WORDS)), None)  # fmt: skip
    if geo_at is None and choice.geo and labels:
        geo_at = labels[0]
    frame, notes = _long(rows, h, header, labels, values, names, geo_at, period_at)
    dimensions = [names[c] for c in labels if c != geo_at]
    geo_column = names[geo_at] if geo_at is not None else ""
    seen: dict[str, list[str]] = {}
    distinct(frame, ["_geo", *dimensions], seen)
    filters = resolve_filters(choice.filters, dimensions, geo_column)
    spelled = check_filter_values(filters, {**seen, geo_column: seen.get("_geo", [])})
    mask = filter_mask(frame, filters, geo_column)
    return Series(
        format="isq",
        file=unpacked.name,
        frame=frame[mask],
        dimensions=dimensions,
        geo_column=geo_column,
        geos=[g for g in seen.get("_geo", []) if g],
        decimal=None,
        title=title,
        left_aside=int((~mask).sum()),
        notes=notes,
        filters=spelled,
    )


def _check_wide_header(
    rows: list[list[str]],
    h: int,
    header: list[str],
    values: list[int],
    labels: list[int],
    merges: list[tuple[int, int, int, int]],
) -> str:
    """Refuse several series per period; return the one label above the periods, if any."""
    first, last = values[0], values[-1]
    over = [rows[r0][c0] for r0, c0, r1, c1 in merges
            if r0 <= h <= r1 and c1 > c0 and c1 >= first and c0 <= last]  # fmt: skip
    if over:
        raise ImportFileError("merged_header", values=[v for v in over if v] or [header[first]])
    above = []
    if h and len(_filled(rows[h - 1])) >= 1:
        above = [rows[h - 1][c] for c in range(first, len(header)) if rows[h - 1][c]]
        above += [rows[r0][c0] for r0, c0, r1, c1 in merges
                  if r1 == h - 1 and c1 > c0 and c1 >= first and c0 <= last and rows[r0][c0]]  # fmt: skip
    if len(dict.fromkeys(above)) > 1:
        raise ImportFileError("merged_header", values=list(dict.fromkeys(above)))
    below = rows[h + 1] if h + 1 < len(rows) else []
    sub_header = not any(below[c] for c in labels) and not any(
        _number_like(below[c]) for c in values
    )
    if below and sub_header and any(below[c] for c in values):
        raise ImportFileError(
            "merged_header", values=[below[c] for c in range(first, len(below)) if below[c]]
        )
    return above[0] if above else ""


def _value_column(sample: list[list[str]], header: list[str], columns: list[int]) -> int:
    """The column holding the values of a long table: the one named so (valeur, nombre,
    taux…), else the one column of numbers.  Several columns of numbers are several series:
    ``several_value_columns`` names them rather than take one."""
    named = [c for c in columns if fold(header[c]) in VALUE_NAMES]
    if len(named) == 1:
        return named[0]

    def numeric(c: int) -> bool:
        cells = [r[c] for r in sample if r[c] and not symbol(r[c])]
        return bool(cells) and sum(_number_like(_split_flag(x)[0]) for x in cells) >= 0.8 * len(
            cells
        )

    found = [c for c in (named or columns) if numeric(c)]
    if len(found) == 1:
        return found[0]
    raise ImportFileError("several_value_columns", values=[header[c] for c in found or columns])


def _number_like(text: str) -> bool:
    return bool(re.fullmatch(r"[-+\u2212]?[0-9][0-9\s\u00a0\u202f.,]*\s*%?", text))


def _names(header: list[str], labels: list[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for c in labels:
        name = _FOOTNOTE.sub("", header[c]) or f"#{c + 1}"
        while name in names.values():
            name += "'"
        names[c] = name
    return names


def _long(rows, h, header, labels, values, names, geo_at, period_at):
    """One row per value: line, period, value, flags, place and the other label columns;
    ``period_at`` is the period column of a long table (None: the periods are the headers)."""
    records: list[dict] = []
    notes: list[str] = []
    started = ended = False
    for r in range(h + 1, len(rows)):
        row = rows[r]
        filled = _filled(row)
        if not filled:
            ended = ended or started
            continue
        text = " ".join(row[c] for c in filled)
        if ended or (len(filled) == 1 and fold(text).startswith(NOTE_STARTS)):
            ended = True
            notes.append(text)
            continue
        if len(filled) == 1 and filled[0] in labels:
            continue  # a heading inside the table
        started = True
        described = {names[c]: _FOOTNOTE.sub("", row[c]) for c in labels}
        place = described.pop(names[geo_at]) if geo_at is not None else ""
        if period_at is None:
            cells = [(header[c], row[c]) for c in values]
        else:
            cells = [(row[period_at], row[values[0]])]
        for period, cell in cells:
            number, flags = _split_flag(cell)
            records.append({"_line": r + 1, "_period": period, "_value": number, "_geo": place,
                            "_flags": flags, "_scale": 0, **described})  # fmt: skip
    columns = ["_line", "_period", "_value", "_geo", "_flags", "_scale"]
    columns += [names[c] for c in labels if c != geo_at]
    return pd.DataFrame(records, columns=columns).fillna(""), notes


def _split_flag(cell: str) -> tuple[str, str]:
    """``12,5*`` → (``12,5``, ``*``); ``x`` → (``""``, ``x``); ``2021`` → (``2021``, ``""``)."""
    if symbol(cell):
        return "", symbol(cell) or ""
    found = _FLAGGED.match(cell)
    if found:
        flag = found["flag"]
        if flag in ("P", "R"):
            flag = flag.lower()
        return found["number"].strip(), "" if flag[0] in "¹²³⁴⁵⁶⁷⁸⁹⁰" else flag
    return cell, ""
