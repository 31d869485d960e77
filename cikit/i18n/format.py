"""One way to write numbers, percentages, money, dates and periods, in the reader's locale.

Every screen and every report formats through these functions, so a French
reader always sees ``2,5`` and ``95 000 $`` and an English one ``2.5`` and
``$95,000`` (Babel's ``fr_CA`` and ``en_CA``, the initiative's country).

Rounding is Python's (``f"{value:.1f}"``) before Babel writes the digits, so a
figure reads the same here as in a CSV export or an analyst's notebook.  An
empty value (None, NaN) is written ``—``.  This module writes; it never reads
numbers back (typed numbers are parsed by :mod:`cikit.analysis`).

Examples
--------
>>> number(2.45, "fr"), number(12500, "en", digits=0), number(1.4, "fr", signed=True)
('2,5', '12,500', '+1,4')
>>> percent(0.42, "fr"), percent(0.42, "en"), money(95000, "fr"), money(95000, "en")
('42\\xa0%', '42%', '95\\xa0000\\xa0$', '$95,000')
>>> period("2026-03", "fr"), period("2026-03-05", "en"), period("2026", "en")
('mars 2026', 'Mar 5, 2026', '2026')
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from decimal import Decimal
from typing import Any

from babel import Locale
from babel import dates as babel_dates
from babel.numbers import NumberPattern, parse_pattern

LOCALES = {"fr": "fr_CA", "en": "en_CA"}
EMPTY = "—"
MINUS = "\u2212"  # a typographic minus for signed differences (+1,4 / −0,6)
CURRENCY = "CAD"
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def locale(lang: str) -> str:
    """The Babel locale of a language id (``fr`` → ``fr_CA``); unknown ids read as French."""
    return LOCALES.get(lang, LOCALES["fr"])


@functools.lru_cache(maxsize=8)
def _locale(lang: str) -> Locale:
    return Locale.parse(locale(lang))


@functools.lru_cache(maxsize=128)
def _pattern(lang: str, kind: str, digits: int) -> NumberPattern:
    """The locale's decimal, percent or currency pattern with exactly ``digits`` decimals.

    Parsed once per (language, kind, digits): Babel re-reads a pattern on every call
    otherwise, a hundred times slower than the formatting itself.
    """
    where = _locale(lang)
    given = {
        "decimal": where.decimal_formats[None],
        "percent": where.percent_formats[None],
        "currency": where.currency_formats["standard"],
    }[kind].pattern
    positive = given.split(";")[0]
    decimals = "." + "0" * digits if digits else ""
    return parse_pattern(re.sub(r"0(\.[0#]+)?", "0" + decimals, positive, count=1))


def is_empty(value: Any) -> bool:
    """True for None, NaN, pandas' NA and empty strings: values written as ``—``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):  # pandas.NA refuses to be a bool
        return True


def number(
    value: Any,
    lang: str,
    *,
    digits: int = 1,
    signed: bool = False,
    trim: bool = False,
    empty: str = EMPTY,
) -> str:
    """A number with ``digits`` decimals and the locale's separators.

    ``trim`` drops trailing zeros (``12,50`` → ``12,5``, ``3,0`` → ``3``); ``signed``
    writes ``+`` before a positive value and a typographic minus before a negative one.
    """
    if is_empty(value):
        return empty
    value = float(value)
    rounded = Decimal(f"{abs(value):.{digits}f}")
    if trim:
        rounded = rounded.normalize() if rounded else Decimal(0)
        places = max(0, -rounded.as_tuple().exponent)
    else:
        places = digits
    text = _pattern(lang, "decimal", places).apply(rounded, _locale(lang))
    negative = value < 0 and rounded != 0
    if signed:
        return (MINUS if negative else "+" if rounded else "±") + text
    if negative:
        return _locale(lang).number_symbols["latn"]["minusSign"] + text
    return text


def decimal(value: Any, lang: str, *, most: int = 6, empty: str = EMPTY) -> str:
    """A number as it was entered: up to ``most`` decimals, none added (``0,5``, ``2``, ``1,25``)."""
    return number(value, lang, digits=most, trim=True, empty=empty)


def integer(value: Any, lang: str, *, empty: str = EMPTY) -> str:
    """A whole number with the locale's thousands separator (``12 500`` / ``12,500``)."""
    return number(value, lang, digits=0, empty=empty)


def percent(share: Any, lang: str, *, digits: int = 0, empty: str = EMPTY) -> str:
    """A share between 0 and 1 as a percentage (``0.42`` → ``42 %`` / ``42%``)."""
    if is_empty(share):
        return empty
    rounded = Decimal(f"{100 * float(share):.{digits}f}") / 100
    return _pattern(lang, "percent", digits).apply(rounded, _locale(lang))


def money(amount: Any, lang: str, *, cents: bool = False, empty: str = EMPTY) -> str:
    """An amount in Canadian dollars, whole dollars unless ``cents`` (``95 000 $`` / ``$95,000``)."""
    if is_empty(amount):
        return empty
    digits = 2 if cents else 0
    rounded = Decimal(f"{float(amount):.{digits}f}")
    pattern = _pattern(lang, "currency", digits)
    return pattern.apply(rounded, _locale(lang), currency=CURRENCY, currency_digits=False)


def date(value: Any, lang: str, *, style: str = "medium", empty: str = EMPTY) -> str:
    """A date (``dt.date``, ``dt.datetime``, pandas Timestamp or ``YYYY-MM-DD``) in words.

    ``style`` is Babel's: ``short`` (``2026-03-05``), ``medium`` (``5 mars 2026``),
    ``long``; ``iso`` always gives ``2026-03-05``.
    """
    if is_empty(value):
        return empty
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return value
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        value = value.date()
    if style == "iso":
        return value.isoformat()
    return babel_dates.format_date(value, style, locale=locale(lang))


def period(text: Any, lang: str, *, empty: str = EMPTY) -> str:
    """A measurement period (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) in words.

    A year stays a year; a month is written ``mars 2026`` / ``Mar 2026``; a day as
    :func:`date` does.  Anything else is returned as given.
    """
    if is_empty(text):
        return empty
    text = str(text).strip()
    match = _PERIOD.fullmatch(text)
    if not match:
        return text
    year, month, day = match.groups()
    try:
        if day:
            return date(dt.date(int(year), int(month), int(day)), lang)
        if month:
            when = dt.date(int(year), int(month), 1)
            return babel_dates.format_skeleton("yMMM", when, locale=locale(lang))
    except ValueError:
        return text
    return year


def month(year: int, month_number: int, lang: str) -> str:
    """A month and its year in words: ``janvier 2026`` / ``January 2026``."""
    when = dt.date(int(year), int(month_number), 1)
    return babel_dates.format_skeleton("yMMMM", when, locale=locale(lang))


def with_period(value: Any, when: Any, lang: str, *, empty: str = EMPTY) -> str:
    """A measured value and its period, as dashboards show them: ``23,5 (2027)``."""
    if is_empty(value):
        return empty
    return f"{decimal(value, lang)} ({period(when, lang)})" if when else decimal(value, lang)


def colon(lang: str) -> str:
    """The colon after a label: French puts a no-break space before it (``Statut :``)."""
    return "\u00a0:" if lang == "fr" else ":"
