"""Choosing one series in a statistical table, then checking each of its values.

A Statistics Canada or ISQ table holds many series: places (``GEO``) and
categories (sex, age group, unit…).  An indicator is one series, so the person
chooses: ``geo`` names one place (the indicator's total) or several (a
breakdown by territory, one group per place), and ``filters`` pick one value of
any other column (``Sex=Both sexes``).  What remains must be one series: a
column that still holds several values for one place is refused with its
values listed, so the person can choose (never averaged or summed behind their
back).  Places are matched without case or accents, in full or up to a comma or
parenthesis (``Montréal`` finds ``Montréal, Quebec``); filter values in full.

Then each value: one the source suppressed (``..`` not available, ``...`` not
applicable, ``x`` confidential, ``F`` too unreliable, ``–`` nil) is skipped and
reported with its symbol; one marked ``E``, ``*``, ``p``, ``r``… is kept with
its note; the period and the number are checked (:mod:`cikit.analysis.periods`,
:mod:`cikit.analysis.numbers`); the table's scale (``SCALAR_FACTOR``) is
applied.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from cikit.analysis.imports.report import (
    KEPT,
    LINE_COLUMNS,
    REJECTED,
    SKIPPED,
    ImportReport,
    empty_lines,
)
from cikit.analysis.imports.table import MAX_ROWS, ImportFileError
from cikit.analysis.imports.template import CELL_SHOWN, GROUP_MAX, fold
from cikit.analysis.numbers import AMBIGUOUS, read_numbers
from cikit.analysis.periods import period_to_x, statistical_period

SUPPRESSED: dict[str, str] = {
    "..": "not_available", "...": "not_applicable", "x": "confidential", "F": "unreliable",
    "–": "nil", "—": "nil", "-": "nil", "n.d.": "not_available", "nd": "not_available",
    "n.a.": "not_applicable", "s.o.": "not_applicable", "na": "not_available",
}  # fmt: skip
"""Symbols of a value the source did not publish, and what each means."""
NOTES: tuple[str, ...] = ("E", "*", "**", "p", "r", "e", "t")
"""Marks kept as a note on a value: use with caution, imprecise, preliminary, revised,
estimated, series terminated."""
TERRITORY = "territory"
SHOWN_CHOICES = 30
_CUT = re.compile(r"\s*[,(\[].*$")


@dataclass(frozen=True)
class Choice:
    """What the person chose for a statistical table."""

    indicator: str | None = None
    geo: tuple[str, ...] = ()
    filters: tuple[tuple[str, str], ...] = ()
    member: str | None = None
    only_indicator: bool = True
    """Whether ``indicator`` also restricts a template's lines (they name their own
    indicator): the app imports every indicator a template names."""


@dataclass
class Series:
    """A statistical table read as one row per value, before the choices are checked.

    ``frame`` has ``_line``, ``_period``, ``_value`` (texts as written), ``_geo``,
    ``_flags`` (symbols, comma-separated), ``_scale`` (power of ten) and one column
    per other descriptive column of the table, named as in the file (:attr:`dimensions`).
    """

    format: str
    file: str
    frame: pd.DataFrame
    dimensions: list[str]
    geo_column: str = ""
    geos: list[str] = field(default_factory=list)
    """Every place in the file (in order), for matching ``geo`` and for the messages."""
    decimal: str | None = None
    language: str = ""
    title: str = ""
    table_id: str = ""
    left_aside: int = 0
    notes: list[str] = field(default_factory=list)
    filters: list[tuple[str, str]] = field(default_factory=list)
    """The filters applied, with each column and value as the file spells them."""


def symbol(text: str) -> str | None:
    """The canonical suppression symbol written in ``text`` (``X`` is ``x``), or None."""
    text = text.strip()
    if text in SUPPRESSED:
        return text
    lower = text.casefold()
    return lower if lower in SUPPRESSED else None


def resolve_filters(
    filters: Iterable[tuple[str, str]], columns: Sequence[str], geo_column: str
) -> list[tuple[str, str]]:
    """Each ``COLUMN=VALUE`` with its column as the file names it (case and accents aside).

    Raises ``filter_column_unknown`` (``values`` lists the columns one may use).
    """
    named = {fold(c): c for c in [*columns, *([geo_column] if geo_column else [])]}
    resolved = []
    for column, value in filters:
        found = named.get(fold(column))
        if found is None:
            raise ImportFileError(
                "filter_column_unknown", column=column, values=list(named.values())
            )
        resolved.append((found, value))
    return resolved


def filter_mask(frame: pd.DataFrame, filters: Sequence[tuple[str, str]], geo_column: str):
    """Rows matching every resolved filter (values compared without case or accents)."""
    mask = pd.Series(True, index=frame.index)
    for column, value in filters:
        cells = frame["_geo"] if column == geo_column else frame[column]
        mask &= _folded(cells) == fold(value)
    return mask


def check_filter_values(
    filters: Sequence[tuple[str, str]], seen: dict[str, list[str]]
) -> list[tuple[str, str]]:
    """The filters with each value as the file spells it; ``filter_value_unknown`` for a
    value the column never holds."""
    spelled = []
    for column, value in filters:
        values = seen.get(column, [])
        found = next((v for v in values if fold(v) == fold(value)), None)
        if found is None:
            raise ImportFileError(
                "filter_value_unknown", column=column, asked=value, values=values[:SHOWN_CHOICES]
            )
        spelled.append((column, found))
    return spelled


def geo_candidate(frame: pd.DataFrame, asked: Sequence[str]) -> pd.Series:
    """Rows whose place may be one asked for (in full or up to a comma): a superset."""
    keys = {fold(a) for a in asked}
    folded = _folded(frame["_geo"])
    short = folded.map(lambda g: _CUT.sub("", g))
    return folded.isin(keys) | short.isin(keys)


def resolve_geos(asked: Sequence[str], geos: Sequence[str]) -> list[str]:
    """The places of the file that the names asked for mean, in the file's order.

    Raises ``geo_not_found`` (no place has this name) or ``geo_ambiguous`` (the
    name, cut at a comma, fits several places); ``values`` lists the candidates.
    """
    by_key: dict[str, list[str]] = {}
    by_short: dict[str, list[str]] = {}
    for geo in geos:
        by_key.setdefault(fold(geo), []).append(geo)
        by_short.setdefault(_CUT.sub("", fold(geo)), []).append(geo)
    chosen: set[str] = set()
    for name in asked:
        found = by_key.get(fold(name)) or by_short.get(fold(name))
        if not found:
            raise ImportFileError("geo_not_found", asked=name, values=list(geos)[:SHOWN_CHOICES])
        if len(set(found)) > 1:
            raise ImportFileError("geo_ambiguous", asked=name, values=sorted(set(found)))
        chosen.update(found)
    return [g for g in geos if g in chosen]


def finish(series: Series, *, choice: Choice, indicator: str) -> ImportReport:
    """Apply the places chosen, refuse a mix of series, then check every value."""
    frame = series.frame
    left_aside = series.left_aside
    places: list[str] = []
    if series.geo_column and choice.geo:
        places = resolve_geos(choice.geo, series.geos)
        mask = frame["_geo"].isin(places)
        left_aside += int((~mask).sum())
        frame = frame[mask]
    if frame.empty:
        raise ImportFileError("nothing_selected")
    geos = list(dict.fromkeys(frame["_geo"]))
    if series.geo_column and not choice.geo and len(geos) > 1:
        raise ImportFileError("several_geos", column=series.geo_column, values=geos)
    places = places or [g for g in geos if g]
    for column in series.dimensions:
        if (frame.groupby("_geo")[column].nunique() > 1).any():
            values = list(dict.fromkeys(frame[column]))
            raise ImportFileError("mixed_series", column=column, values=values[:SHOWN_CHOICES])
    if len(frame) > MAX_ROWS:
        raise ImportFileError("too_many_rows")
    valid, lines = _values(frame.reset_index(drop=True), series, indicator, len(places) > 1)
    return ImportReport(
        format=series.format,
        file=series.file,
        valid=valid,
        lines=lines,
        language=series.language,
        title=series.title,
        table_id=series.table_id,
        unit=_single(frame, "_unit"),
        scale=int(frame["_scale"].iloc[0]) if len(frame) else 0,
        places=places,
        filters=series.filters,
        left_aside=left_aside,
        notes=series.notes,
    )


def _values(
    frame: pd.DataFrame, series: Series, indicator: str, breakdown: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    value_text = frame["_value"].astype(str).str.strip()
    flags = frame["_flags"].astype(str)
    flag_symbol = flags.map(_flag_symbol)
    value_symbol = value_text.map(symbol)
    suppressed = flag_symbol.fillna(value_symbol)
    skipped_mask = suppressed.notna() | (value_text == "")
    periods = {p: statistical_period(p) for p in pd.unique(frame["_period"])}
    period = frame["_period"].map(lambda p: periods[p][0])
    mark = frame["_period"].map(lambda p: periods[p][1])
    values, number_problem = read_numbers(
        value_text.where(~skipped_mask, "0"), decimal=series.decimal
    )
    values = values * (10.0 ** frame["_scale"].astype(float))
    group = frame["_geo"].str.strip() if breakdown else pd.Series("", index=frame.index)
    bad_period = ~skipped_mask & period.isna()
    bad_number = ~skipped_mask & values.isna()
    too_long = ~skipped_mask & (group.str.len() > GROUP_MAX)
    sound = ~skipped_mask & ~bad_period & ~bad_number & ~too_long
    keys = pd.DataFrame({"period": period, "group": group.map(fold)})[sound]
    duplicate = pd.Series(False, index=frame.index)
    duplicate[keys.index[keys.duplicated(keep="first").to_numpy()]] = True
    keep = sound & ~duplicate

    def rows(mask, outcome, reason, column, cell, note=None) -> pd.DataFrame:
        return pd.DataFrame({
            "line": frame.loc[mask, "_line"].astype("int64"), "outcome": outcome,
            "reason": reason if isinstance(reason, str) else reason[mask], "column": column,
            "cell": cell[mask].astype(str).str.slice(0, CELL_SHOWN),
            "period": frame.loc[mask, "_period"].astype(str),
            "place": frame.loc[mask, "_geo"].astype(str),
            "note": "" if note is None else note[mask],
        })  # fmt: skip

    notes = pd.Series(
        [
            ",".join(n for n in (f, m) if n)
            for f, m in zip(flags.map(_notes), mark.map(_mark), strict=True)
        ],
        index=frame.index,
        dtype=object,
    )
    parts = [
        rows(keep, KEPT, "", "", value_text, notes),
        rows(skipped_mask & suppressed.notna(), SKIPPED, "suppressed", "value", suppressed),
        rows(skipped_mask & suppressed.isna(), SKIPPED, "no_value", "value", value_text),
        rows(bad_period, REJECTED, "bad_period", "period", frame["_period"]),
        rows(bad_number, REJECTED, number_problem.map(
            lambda p: "ambiguous_number" if p == AMBIGUOUS else "not_a_number"), "value",
            value_text),
        rows(too_long, REJECTED, "too_long", "group", group),
        rows(duplicate, REJECTED, "duplicate", "", value_text.map(lambda _: "")),
    ]  # fmt: skip
    parts = [p for p in parts if len(p)]
    lines = (
        pd.concat(parts).sort_index(kind="stable").reset_index(drop=True)[list(LINE_COLUMNS)]
        if parts
        else empty_lines()
    )
    kept = frame[keep.to_numpy()]
    canonical = period[keep]
    valid = pd.DataFrame({
        "indicator": indicator,
        "period": canonical.astype(str),
        "x": canonical.map(period_to_x).astype(float),
        "value": values[keep].astype(float),
        "partner_id": pd.array([pd.NA] * len(kept), dtype="Int64"),
        "dimension": TERRITORY if breakdown else "",
        "group": group[keep].astype(str),
        "line": kept["_line"].astype(int),
    }).reset_index(drop=True)  # fmt: skip
    return valid, lines


def _flag_symbol(flags: str) -> str | None:
    for flag in flags.split(","):
        found = symbol(flag)
        if found:
            return found
    return None


def _mark(mark: str) -> str:
    return mark if mark in ("span", *NOTES) else ""


def _notes(flags: str) -> str:
    return ",".join(f for f in (s.strip() for s in flags.split(",")) if f in NOTES)


def _folded(cells: pd.Series) -> pd.Series:
    uniques = pd.unique(cells.to_numpy())
    return cells.map({u: fold(str(u)) for u in uniques})


def _single(frame: pd.DataFrame, column: str) -> str:
    if column not in frame:
        return ""
    values = [v for v in pd.unique(frame[column].to_numpy()) if v]
    return str(values[0]) if len(values) == 1 else ""


def distinct(frame: pd.DataFrame, columns: Iterable[str], seen: dict[str, list[str]]) -> None:
    """Add the values of ``columns`` not yet in ``seen`` (file order), for choices and messages."""
    for column in columns:
        known = seen.setdefault(column, [])
        have = set(known)
        known.extend(str(v) for v in pd.unique(frame[column].to_numpy()) if v not in have)


__all__ = [
    "NOTES",
    "SUPPRESSED",
    "Choice",
    "Series",
    "check_filter_values",
    "distinct",
    "filter_mask",
    "finish",
    "geo_candidate",
    "resolve_filters",
    "resolve_geos",
    "symbol",
]
