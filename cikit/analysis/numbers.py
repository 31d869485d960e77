"""One reader for the numbers people type or import, in French and in English.

French writes ``3,5`` and ``12 500`` (a space, often a no-break or narrow
no-break space, between thousands); English writes ``3.5`` and ``12,500``.  Most
numbers say which convention they follow: ``3,5`` has one digit after its
comma, so the comma is a decimal mark; ``1 234,5`` and ``1,234.5`` use two
different marks.  A few do not: ``12,500`` is twelve and a half to a French
reader and twelve thousand five hundred to an English one, and ``12.500`` is the
same puzzle the other way round.  Those are called **ambiguous** and returned as
such, with both readings, so that an import report can ask the person to write
``12 500`` or ``12,5`` instead of cikit guessing one of them.

The rules, in order:

* spaces (any width) between groups of three digits separate thousands;
  the mark after them, if any, is the decimal mark (``12 500,75``);
* two different marks: the last one is the decimal mark, the other separates
  thousands in groups of three (``1,234.5``, ``1.234,5``);
* one mark repeated: thousands in groups of three (``1,234,567``);
* one mark once: a decimal mark, unless exactly three digits follow it and one
  to three digits (not starting with 0) come before it, which is ambiguous —
  unless the caller knows the file's decimal mark (``decimal=``), as with a
  Statistics Canada table, whose values always use a point;
* a unit may follow or lead: ``%``, ``$`` or ``€`` (``25 000 $``, ``$25,000``,
  ``45 %``); the number is returned without it (45 % is 45);
* a typographic minus (``−``) is a minus; exponents, ``nan`` and ``inf`` are not
  numbers; neither is anything longer than 40 characters.

Examples
--------
>>> [parse_number(t) for t in ("3,5", "3.5", "12 500", "12\\u202f500", "1,234.5", "1 234,5")]
[3.5, 3.5, 12500.0, 12500.0, 1234.5, 1234.5]
>>> parse_number("25 000 $"), parse_number("45 %"), parse_number("\\u22122,5")
(25000.0, 45.0, -2.5)
>>> read_number("12,500")
Reading(value=None, problem='ambiguous', unit='', readings=(12.5, 12500.0))
>>> read_number("12.500").problem, parse_number("12,500"), parse_number("0,500")
('ambiguous', None, 0.5)
>>> read_number("12,500", decimal=".").value, read_number("12,500", decimal=",").value
(12500.0, 12.5)
>>> read_number("abc").problem, read_number("  ").problem, read_number("1,2,3").problem
('not_a_number', 'empty', 'not_a_number')
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

EMPTY = "empty"
NOT_A_NUMBER = "not_a_number"
AMBIGUOUS = "ambiguous"
PROBLEMS: tuple[str, ...] = (EMPTY, NOT_A_NUMBER, AMBIGUOUS)
"""Every ``problem`` a :class:`Reading` may carry."""
MAX_LENGTH = 40
"""Longest text read as a number: anything longer is a typo or an attack, not a value."""

SPACES = " \u00a0\u202f\u2009"
"""Thousands separators written as spaces: space, no-break, narrow no-break, thin space."""
_UNITS = "%$€"
_MINUS = {"\u2212": "-", "\u2013": "-"}  # typographic minus, en dash typed as a minus
_SPLIT = re.compile(
    rf"^(?P<lead>[$€]?)[{SPACES}]*(?P<sign>[+-]?)[{SPACES}]*(?P<lead2>[$€]?)[{SPACES}]*"
    rf"(?P<body>[0-9][0-9{SPACES}.,]*|[.,][0-9]+)[{SPACES}]*(?P<unit>[{_UNITS}]?)$"
)
_SPACED = re.compile(rf"^([0-9]{{1,3}}(?:[{SPACES}][0-9]{{3}})+)(?:([.,])([0-9]*))?$")
_PLAIN = re.compile(r"^[0-9]+$")
_ONE_MARK = re.compile(r"^([0-9]*)([.,])([0-9]*)$")
_TWO_MARKS = re.compile(r"^([0-9]{1,3}([.,])[0-9]{3}(?:\2[0-9]{3})*)([.,])([0-9]*)$")
_REPEATED = re.compile(r"^[0-9]{1,3}([.,])[0-9]{3}(?:\1[0-9]{3})+$")


@dataclass(frozen=True)
class Reading:
    """What a text says as a number.

    ``value`` is the number (None unless ``problem`` is None); ``problem`` is
    None, ``"empty"``, ``"not_a_number"`` or ``"ambiguous"``; ``unit`` the unit
    written with it (``"%"``, ``"$"``, ``"€"`` or ``""``); ``readings`` the two
    numbers an ambiguous text may mean, decimal reading first.
    """

    value: float | None
    problem: str | None = None
    unit: str = ""
    readings: tuple[float, float] | None = None


def _finite(text: str) -> float | None:
    value = float(text)
    return value if math.isfinite(value) else None


def read_number(raw: Any, *, decimal: str | None = None) -> Reading:
    """Read one number typed by a person or found in a file; see the module's rules.

    Parameters
    ----------
    raw : str, int or float
        The text (or a number already: returned as is when finite).
    decimal : {None, ".", ","}
        The decimal mark when the source states it (a machine-written file):
        then ``12,500`` is not ambiguous.  None for what people type.
    """
    if decimal not in (None, ".", ","):
        raise ValueError(f"decimal must be None, '.' or ',', got {decimal!r}")
    if isinstance(raw, bool) or raw is None:
        return Reading(None, EMPTY if raw is None else NOT_A_NUMBER)
    if isinstance(raw, (int, float)):
        value = float(raw)
        return Reading(value) if math.isfinite(value) else Reading(None, NOT_A_NUMBER)
    if not isinstance(raw, str):
        return Reading(None, NOT_A_NUMBER)
    text = raw.strip(SPACES + "\t\r\n")
    if not text:
        return Reading(None, EMPTY)
    if len(text) > MAX_LENGTH:
        return Reading(None, NOT_A_NUMBER)
    for typographic, ascii_minus in _MINUS.items():
        text = text.replace(typographic, ascii_minus)
    parts = _SPLIT.match(text)
    if parts is None or (parts["lead"] and parts["lead2"]):
        return Reading(None, NOT_A_NUMBER)
    unit = parts["lead"] or parts["lead2"] or parts["unit"]
    if (parts["lead"] or parts["lead2"]) and parts["unit"]:
        return Reading(None, NOT_A_NUMBER)
    sign = "-" if parts["sign"] == "-" else ""
    body = parts["body"].rstrip(SPACES)
    digits = _digits(body, decimal)
    if isinstance(digits, tuple):
        readings = tuple(_finite(sign + d) for d in digits)
        if None in readings:
            return Reading(None, NOT_A_NUMBER)
        return Reading(None, AMBIGUOUS, unit, readings)  # type: ignore[arg-type]
    if digits is None:
        return Reading(None, NOT_A_NUMBER, unit)
    value = _finite(sign + digits)
    return Reading(None, NOT_A_NUMBER, unit) if value is None else Reading(value, None, unit)


def _digits(body: str, decimal: str | None) -> str | tuple[str, str] | None:
    """``body`` as Python float text; a pair (decimal, thousands) when ambiguous; None if bad."""
    if _PLAIN.match(body):
        return body
    if spaced := _SPACED.match(body):
        whole = re.sub(f"[{SPACES}]", "", spaced[1])
        return f"{whole}.{spaced[3] or '0'}" if spaced[2] else whole
    if one := _ONE_MARK.match(body):
        whole, mark, fraction = one.groups()
        if not whole and not fraction:
            return None
        grouped = len(fraction) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0")
        as_decimal = f"{whole or '0'}.{fraction or '0'}"
        if not grouped or decimal == mark:
            return as_decimal
        if decimal is not None:  # the other mark is the decimal one: this one groups thousands
            return whole + fraction
        return as_decimal, whole + fraction
    if _REPEATED.match(body):
        return re.sub(r"[.,]", "", body)
    if (two := _TWO_MARKS.match(body)) and two[2] != two[3]:
        return f"{two[1].replace(two[2], '')}.{two[4] or '0'}"
    return None


def parse_number(raw: Any, *, decimal: str | None = None) -> float | None:
    """The number in ``raw``, or None when it is empty, not a number or ambiguous.

    >>> parse_number("25 000 $"), parse_number("0,5"), parse_number("abc"), parse_number(2)
    (25000.0, 0.5, None, 2.0)
    """
    return read_number(raw, decimal=decimal).value


# The forms most cells take, read for a whole column at once; anything else, one by one.
# Spelled out, not \s: pandas may run these with pyarrow (RE2), where \s is ASCII only.
_FAST = rf"[+-]?(?:[0-9]+|[0-9]+[.,][0-9]+|[0-9]{{1,3}}(?:[{SPACES}][0-9]{{3}})+(?:[.,][0-9]+)?)"
_FAST_AMBIGUOUS = r"[+-]?[1-9][0-9]{0,2}[.,][0-9]{3}"


def read_numbers(column: pd.Series, *, decimal: str | None = None) -> tuple[pd.Series, pd.Series]:
    """:func:`read_number` over a column of texts, once per distinct text.

    Returns the values (float, NaN where there is none) and the problems
    (``None`` where the value is good, else one of :data:`PROBLEMS`), both
    indexed like ``column``.  Plain numbers (``1234``, ``3,5``, ``12 500,75``)
    are read for the whole column at once; the others one distinct text at a time.

    >>> values, problems = read_numbers(pd.Series(["3,5", "12,500", "", "3,5"]))
    >>> values.tolist()[0], problems.tolist()
    (3.5, [None, 'ambiguous', 'empty', None])
    """
    text = column.astype(object)
    fast = (
        text.str.fullmatch(_FAST).fillna(False).astype(bool)
        & ~text.str.fullmatch(_FAST_AMBIGUOUS).fillna(False).astype(bool)
        & (text.str.len() <= MAX_LENGTH).fillna(False).astype(bool)
    )
    plain = text[fast].str.replace(f"[{SPACES}]", "", regex=True).str.replace(",", ".")
    values = pd.Series(float("nan"), index=column.index, dtype=float)
    values[fast] = pd.to_numeric(plain, errors="coerce").astype(float)
    problems = pd.Series(None, index=column.index, dtype=object)
    finite = values.abs() < float("inf")
    problems[fast & ~finite] = NOT_A_NUMBER
    values[fast & ~finite] = float("nan")
    rest = text[~fast]
    if len(rest):
        uniques = pd.unique(rest.to_numpy())
        readings = {t: read_number(t, decimal=decimal) for t in uniques}
        values[~fast] = rest.map({t: r.value for t, r in readings.items()}).astype(float)
        problems[~fast] = rest.map({t: r.problem for t, r in readings.items()}).astype(object)
    return values, problems.where(problems.notna(), None)


def suggestions(reading: Reading, *, lang: str) -> tuple[str, str]:
    """How to write each reading of an ambiguous number unambiguously: (thousands, decimal).

    Thousands are grouped with spaces in both languages (``12 500``); the decimal
    reading uses the language's mark (``12,5`` in French, ``12.5`` in English).

    >>> suggestions(read_number("12,500"), lang="fr"), suggestions(read_number("1.250"), lang="en")
    (('12 500', '12,5'), ('1 250', '1.25'))
    """
    if reading.readings is None:
        raise ValueError("only an ambiguous reading has two readings")
    as_decimal, as_thousands = reading.readings
    thousands = f"{as_thousands:,.0f}".replace(",", " ")
    text = f"{as_decimal:.3f}".rstrip("0").rstrip(".")
    return thousands, text.replace(".", ",") if lang == "fr" else text
