"""Periods of measurements: a year, a month or a day, and where they sit on a time axis.

A measurement's period is stored as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
(the canonical forms).  People and statistical agencies write periods in more
ways; :func:`import_period` reads what people type in a table, and
:func:`statistical_period` what Statistics Canada and the Institut de la
statistique du Québec (ISQ) put in their tables' headers and ``REF_DATE``
columns: school and fiscal years (``2019/2020``, ``2019-2020``) are recorded
as their first year, and the marks ISQ adds to a year (``2021p`` preliminary,
``2016r`` revised, ``2020e`` estimated, ``2021*``, footnote numbers ``2016¹``)
are set aside and returned so that the report can say so.
"""

from __future__ import annotations

import datetime as dt
import re

YEARS = (1900, 2100)
"""Years accepted in an imported period (both included): catches typos such as 2202."""

_YEAR = re.compile(r"([0-9]{4})")
_YEAR_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_IMPORT_PERIODS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern.replace("Y", r"(?P<y>[0-9]{4})").replace("M", r"(?P<m>[0-9]{1,2})")
               .replace("D", r"(?P<d>[0-9]{1,2})"))
    for pattern in (
        "Y",  # 2022
        "Y[-/]M",  # 2022-07, 2022/07
        "M/Y",  # 07/2022
        "Y[-/]M[-/]D(?:[ T]00:00(?::00)?)?",  # 2022-07-15, 2022/07/15, 2022-07-15 00:00:00
        "D/M/Y",  # 15/07/2022 (day first, as in Québec)
    )
)  # fmt: skip
"""Periods accepted in an imported table; groups ``y``, ``m`` and ``d``."""

_SPAN = re.compile(r"(?P<y>[0-9]{4})\s*[-/–]\s*(?P<end>[0-9]{2}|[0-9]{4})")
_MARKS = re.compile(r"^(?P<period>.*?)\s*(?P<mark>[prePRE]|\*{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$")
MARKS = {"p": "preliminary", "r": "revised", "e": "estimated", "*": "caution", "**": "caution"}
"""What a mark after a year in a statistical table means (lower case); footnote numbers
are left out."""


def period_to_x(period: str) -> float:
    """A canonical period (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) as a decimal year.

    A year is its first day, a month its first day in twelfths of the year, a day
    its day of the year (0-based) over the days in that year.

    Raises
    ------
    ValueError
        For anything else, or a month or day that does not exist.

    Examples
    --------
    >>> period_to_x("2022"), period_to_x("2022-07"), period_to_x("2022-01-01")
    (2022.0, 2022.5, 2022.0)
    """
    if not isinstance(period, str):
        raise ValueError(f"period must be a string, got {period!r}")
    if match := _YEAR.fullmatch(period):
        return float(match[1])
    if match := _YEAR_MONTH.fullmatch(period):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f"no month {month} in {period!r}")
        return year + (month - 1) / 12
    if match := _DATE.fullmatch(period):
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError as err:
            raise ValueError(f"no such day: {period!r}") from err
        days = 366 if _leap(day.year) else 365
        return day.year + (day.timetuple().tm_yday - 1) / days
    raise ValueError(f"not a period (YYYY, YYYY-MM or YYYY-MM-DD): {period!r}")


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def import_period(text: str) -> str | None:
    """The canonical period written in ``text`` (as people type it in a table), or None.

    >>> import_period("15/07/2022"), import_period("2022/7"), import_period("2022-13")
    ('2022-07-15', '2022-07', None)
    """
    for pattern in _IMPORT_PERIODS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        found = {name: int(group) for name, group in match.groupdict().items() if group}
        year, month, day = found["y"], found.get("m"), found.get("d")
        if not YEARS[0] <= year <= YEARS[1]:
            return None
        if month is None:
            return f"{year:04d}"
        if not 1 <= month <= 12:
            return None
        if day is None:
            return f"{year:04d}-{month:02d}"
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return None
    return None


def statistical_period(text: str) -> tuple[str | None, str]:
    """The period of a statistical table's header or ``REF_DATE``, and what was set aside.

    Returns ``(period, mark)``: the canonical period (None if ``text`` is not one)
    and ``"span"`` for a school or fiscal year recorded as its first year, a mark
    of :data:`MARKS` (``"p"``, ``"r"``, ``"e"``, ``"*"``), or ``""``.

    >>> statistical_period("2019/2020"), statistical_period("2021p"), statistical_period("2016¹")
    (('2019', 'span'), ('2021', 'p'), ('2016', ''))
    >>> statistical_period("2021-07"), statistical_period("Région")
    (('2021-07', ''), (None, ''))
    """
    text = " ".join(str(text).split())
    mark = ""
    if found := _MARKS.match(text):
        if found["period"] and import_period(text) is None:
            text, mark = found["period"], found["mark"].lower()
            mark = mark if mark in MARKS else ""
    if period := import_period(text):
        return period, mark
    if span := _SPAN.fullmatch(text):
        start = int(span["y"])
        end = int(span["end"]) if len(span["end"]) == 4 else start // 100 * 100 + int(span["end"])
        if end == start + 1 and YEARS[0] <= start <= YEARS[1]:
            return f"{start:04d}", "span"
    return None, ""
