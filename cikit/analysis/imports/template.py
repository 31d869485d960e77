"""The measurement template: one measurement per line, as people fill it in.

A CSV (separated by ``;``, ``,`` or tabs) or Excel file whose first line holds
the column names, in French or in English, in any case and with or without
accents: indicator, period and value are required; partner, breakdown and group
are optional.  Values are read by :mod:`cikit.analysis.numbers` (a decimal comma
or point, spaces between thousands, a trailing ``%`` or ``$``; ``12,500`` is
ambiguous and refused with its reason).  Periods are a year (2022), a month
(2022-07) or a day (2022-07-15, 2022/07/15 or 15/07/2022, day first).  A
breakdown (such as territory) always comes with a group (such as a
neighbourhood); both empty means the total.  Two lines for the same indicator,
period, partner, breakdown and group are refused after the first.  Empty lines
are skipped.  Every other problem is listed with its line number, and only the
lines without problems are imported (:func:`parse_measurements`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from cikit.analysis.imports.table import ImportFileError
from cikit.analysis.numbers import AMBIGUOUS, read_numbers
from cikit.analysis.periods import import_period, period_to_x
from cikit.i18n.format import decimal

COLUMNS: tuple[str, ...] = ("indicator", "period", "value", "partner", "dimension", "group")
"""Canonical column names of an imported table."""
REQUIRED_COLUMNS: tuple[str, ...] = ("indicator", "period", "value")
HEADERS: dict[str, dict[str, str]] = {
    "fr": {
        "indicator": "indicateur",
        "period": "période",
        "value": "valeur",
        "partner": "partenaire",
        "dimension": "ventilation",
        "group": "groupe",
    },
    "en": {
        "indicator": "indicator",
        "period": "period",
        "value": "value",
        "partner": "partner",
        "dimension": "breakdown",
        "group": "group",
    },
}
"""Column headers people see, per language; both languages are accepted on import."""
GROUP_MAX = 120
"""Longest group name (what the workspace stores)."""
CELL_SHOWN = 80
"""Characters of a faulty cell repeated in the list of problems."""

PROBLEM_REASONS: tuple[str, ...] = (
    "empty_value",
    "not_a_number",
    "ambiguous_number",
    "bad_period",
    "unknown_indicator",
    "unknown_partner",
    "unknown_dimension",
    "group_without_dimension",
    "dimension_without_group",
    "too_long",
    "duplicate",
)
"""Every ``reason`` of a row in the problems returned by :func:`parse_measurements`."""

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def template(lang: str) -> pd.DataFrame:
    """A table to fill in: the headers of ``lang`` and two example rows.

    The first example is a total for a year, the second a value for one group of
    a breakdown by territory in a month.  The indicator ids are examples: people
    replace them with the ids the app lists.

    Raises
    ------
    ValueError
        For a language other than ``"fr"`` and ``"en"``.
    """
    if lang not in HEADERS:
        raise ValueError(f"lang must be one of {sorted(HEADERS)}, got {lang!r}")
    rows = [
        {"indicator": "eqdem_vulnerable", "period": "2023", "value": decimal(27.5, lang),
         "partner": "", "dimension": "", "group": ""},
        {"indicator": "eqdem_vulnerable", "period": "2023-06", "value": decimal(31.2, lang),
         "partner": "", "dimension": "territory", "group": "Centre-Sud"},
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(COLUMNS), dtype=str)
    return frame.rename(columns=HEADERS[lang])


def fold(text: str) -> str:
    """Case-, accent- and space-insensitive key (as the workspace compares names).

    « Éco-Quartier » and « eco-quartier » give the same key; runs of spaces become
    one space.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def match_headers(columns: Iterable[Hashable]) -> dict[str, Hashable]:
    """``{canonical column: column of the table}`` for the columns that are recognised.

    A header matches a name of :data:`HEADERS` (either language) or a canonical
    name regardless of case, accents and spaces; the first matching column wins.
    """
    names: dict[str, str] = {}
    for canonical in COLUMNS:
        for label in (canonical, *(headers[canonical] for headers in HEADERS.values())):
            names[fold(label).replace(" ", "")] = canonical
    found: dict[str, Hashable] = {}
    for column in columns:
        canonical = names.get(fold(str(column)).replace(" ", ""))
        if canonical is not None and canonical not in found:
            found[canonical] = column
    return found


def parse_measurements(
    raw: pd.DataFrame,
    *,
    indicators: Collection[str],
    partners: Mapping[str, int],
    dimensions: Collection[str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Check every row of an uploaded table; the valid measurements and the problems.

    Parameters
    ----------
    raw : DataFrame
        :func:`read_table`: strings, row ``i`` is line ``i + 2`` of the file.
        Headers are matched with :func:`match_headers`; other columns are ignored.
    indicators : collection of str
        Known indicator ids, matched case-insensitively (spaces around ignored).
    partners : mapping of str to int
        Partner name key (:func:`fold`, as :func:`cikit.store.validate.name_key`)
        to partner id.  An empty partner cell means no partner.
    dimensions : collection of str
        Known breakdown ids (``"territory"``…), matched like partners.  Empty
        breakdown and group mean the total.

    Returns
    -------
    valid : DataFrame
        One row per line without problem, in file order: ``indicator`` (the known
        id), ``period`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), ``x``
        (:func:`period_to_x`), ``value`` (float), ``partner_id`` (``Int64``, NA for
        none), ``dimension`` (the known id, ``""`` for the total), ``group`` (as
        written, spaces collapsed; ``""`` for the total) and ``line``.
    problems : DataFrame
        One row per problem (a line may have several), by line then column:
        ``line``, ``column`` (canonical name, ``""`` for the whole line),
        ``value`` (the cell as written, cut to 80 characters) and ``reason``, one of
        :data:`PROBLEM_REASONS`: ``"empty_value"`` (indicator, period or value
        left empty), ``"not_a_number"``, ``"ambiguous_number"`` (``12,500``: twelve
        and a half or twelve thousand five hundred?), ``"bad_period"``, ``"unknown_indicator"``,
        ``"unknown_partner"``, ``"unknown_dimension"``,
        ``"group_without_dimension"`` (on the group cell),
        ``"dimension_without_group"`` (on the breakdown cell), ``"too_long"`` (a
        group over :data:`GROUP_MAX` characters) and ``"duplicate"`` (same
        indicator, period, partner, breakdown and group — the group compared
        without case or accents — as an earlier line; checked on lines whose
        other cells are valid or not).

    Lines whose recognised cells are all empty are skipped without a problem.

    Raises
    ------
    ImportFileError
        ``"missing_columns"`` with ``columns`` when indicator, period or value has
        no column.

    Examples
    --------
    >>> raw = pd.DataFrame({"Indicateur": ["a", "a"], "Période": ["2022", "hier"],
    ...                     "Valeur": ["3,5", "4"]})
    >>> valid, problems = parse_measurements(raw, indicators=["a"], partners={},
    ...                                      dimensions=[])
    >>> valid[["period", "value", "line"]].values.tolist()
    [['2022', 3.5, 2]]
    >>> problems[["line", "column", "reason"]].values.tolist()
    [[3, 'period', 'bad_period']]
    """
    mapping = match_headers(raw.columns)
    missing = [c for c in REQUIRED_COLUMNS if c not in mapping]
    if missing:
        raise ImportFileError("missing_columns", columns=missing)
    size = len(raw)
    lines = pd.Series(np.arange(2, size + 2), index=pd.RangeIndex(size))
    cells = {
        column: (
            _text(raw[mapping[column]])
            if column in mapping
            else pd.Series([""] * size, dtype=object)
        )
        for column in COLUMNS
    }
    strip = {column: cell.str.strip() for column, cell in cells.items()}
    given = {column: cell != "" for column, cell in strip.items()}
    skipped = ~pd.concat(given, axis=1).any(axis=1) if size else pd.Series([], dtype=bool)
    found: list[tuple[str, str, pd.Series]] = []  # (column, reason, mask)

    def problem(column: str, reason: str, mask: pd.Series) -> None:
        found.append((column, reason, mask & ~skipped))

    # Indicator
    known_indicators = {str(i).strip().casefold(): str(i) for i in indicators}
    indicator = strip["indicator"].str.casefold().map(known_indicators)
    problem("indicator", "empty_value", ~given["indicator"])
    problem("indicator", "unknown_indicator", given["indicator"] & indicator.isna())

    # Period
    period = _map_unique(strip["period"], import_period)
    x = _map_unique(period.fillna(""), lambda p: period_to_x(p) if p else np.nan).astype(float)
    problem("period", "empty_value", ~given["period"])
    problem("period", "bad_period", given["period"] & period.isna())

    # Value
    value, number_problem = read_numbers(strip["value"])
    problem("value", "empty_value", ~given["value"])
    problem("value", "ambiguous_number", given["value"] & (number_problem == AMBIGUOUS))
    problem("value", "not_a_number", given["value"] & value.isna() & (number_problem != AMBIGUOUS))

    # Partner
    known_partners = {fold(str(name)): int(pid) for name, pid in partners.items()}
    partner_id = _map_unique(strip["partner"], lambda p: known_partners.get(fold(p)))
    partner_id = pd.array(partner_id.to_numpy(), dtype="Int64")
    partner_ok = ~given["partner"] | ~pd.Series(partner_id.isna(), index=lines.index)
    problem("partner", "unknown_partner", ~partner_ok)

    # Breakdown and group
    known_dimensions = {fold(str(d)): str(d) for d in dimensions}
    dimension = _map_unique(strip["dimension"], lambda d: known_dimensions.get(fold(d)))
    group = _map_unique(strip["group"], _clean_group)
    group_key = _map_unique(group, fold)
    has_group = group != ""  # not only spaces or control characters
    dimension_ok = ~given["dimension"] | dimension.notna()
    paired = given["dimension"] == has_group
    group_ok = group.str.len() <= GROUP_MAX
    problem("dimension", "unknown_dimension", ~dimension_ok)
    problem("dimension", "dimension_without_group", given["dimension"] & ~has_group)
    problem("group", "group_without_dimension", has_group & ~given["dimension"])
    problem("group", "too_long", ~group_ok)

    # Duplicates: among lines whose key is valid, the later ones.
    keyed = (
        indicator.notna() & period.notna() & partner_ok & dimension_ok & paired & group_ok
    ) & ~skipped
    keys = pd.DataFrame(
        {
            "indicator": indicator,
            "period": period,
            "partner": pd.Series(partner_id, index=lines.index).fillna(-1),
            "dimension": dimension.fillna(""),
            "group": group_key,
        }
    )[keyed]
    duplicate = pd.Series(False, index=lines.index)
    duplicate[keys.index[keys.duplicated(keep="first").to_numpy()]] = True
    problem("", "duplicate", duplicate)

    bad = pd.Series(False, index=lines.index)
    for _, _, mask in found:
        bad |= mask
    keep = (~bad & ~skipped).to_numpy()
    valid = pd.DataFrame(
        {
            "indicator": indicator[keep].astype(str),
            "period": period[keep].astype(str),
            "x": x[keep],
            "value": value[keep],
            "partner_id": pd.array(partner_id[keep], dtype="Int64"),
            "dimension": dimension[keep].fillna("").astype(str),
            "group": group[keep].astype(str),
            "line": lines[keep].astype(int),
        }
    ).reset_index(drop=True)
    return valid, _problems(found, cells, lines)


def _text(column: pd.Series | pd.DataFrame) -> pd.Series:
    if isinstance(column, pd.DataFrame):  # two columns with the same name: the first
        column = column.iloc[:, 0]
    column = column.reset_index(drop=True)
    return column.astype(object).where(column.notna(), "").astype(str)


def _map_unique(column: pd.Series, function: Callable[[Any], Any]) -> pd.Series:
    """``column.map(function)`` calling ``function`` once per distinct value."""
    uniques = pd.unique(column.to_numpy())
    table = {value: function(value) for value in uniques}
    return column.map(table).astype(object)


def _clean_group(text: str) -> str:
    return _SPACES.sub(" ", _CONTROL.sub("", unicodedata.normalize("NFC", text))).strip()


def _problems(
    found: list[tuple[str, str, pd.Series]], cells: dict[str, pd.Series], lines: pd.Series
) -> pd.DataFrame:
    order = {column: n for n, column in enumerate(COLUMNS)}
    parts = []
    for column, reason, mask in found:
        where = mask.to_numpy()
        if not where.any():
            continue
        shown = cells[column][where].str.slice(0, CELL_SHOWN) if column else ""
        parts.append(
            pd.DataFrame(
                {
                    "line": lines[where].astype(int),
                    "column": column,
                    "value": shown,
                    "reason": reason,
                    "_order": order.get(column, len(order)),
                }
            )
        )
    columns = ["line", "column", "value", "reason"]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=int if c == "line" else object) for c in columns})
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["line", "_order"], kind="stable")
    return out[columns].reset_index(drop=True)
