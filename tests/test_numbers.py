"""One number reader for French and English: what it reads, what it refuses, what it calls
ambiguous — and every place that reads typed numbers uses it."""

from __future__ import annotations

import pandas as pd
import pytest

from cikit.analysis.activites.imports import parse_activities
from cikit.analysis.numbers import (
    AMBIGUOUS,
    EMPTY,
    NOT_A_NUMBER,
    read_number,
    read_numbers,
    suggestions,
)
from cikit.analysis.structure_soutien import clean_budget, clean_staff, parse_number
from cikit.errors import ValidationError
from cikit.i18n import Translator


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3,5", 3.5),
        ("3.5", 3.5),
        ("12 500", 12500.0),
        ("12\u00a0500", 12500.0),  # no-break space
        ("12\u202f500", 12500.0),  # narrow no-break space (what Babel writes in French)
        ("12\u2009500", 12500.0),  # thin space
        ("1,234.5", 1234.5),
        ("1 234,5", 1234.5),
        ("1.234,5", 1234.5),
        ("1,234,567", 1234567.0),
        ("1.234.567,25", 1234567.25),
        ("25 000 $", 25000.0),
        ("$25 000", 25000.0),
        ("45 %", 45.0),
        ("45%", 45.0),
        ("-3,5", -3.5),
        ("\u22123,5", -3.5),
        ("+4", 4.0),
        ("0,500", 0.5),  # a leading zero never starts a group of thousands
        ("1234,567", 1234.567),  # four digits before the mark: not a group of thousands
        ("12,50", 12.5),
        ("12,5000", 12.5),
        (",5", 0.5),
        ("3,", 3.0),
        ("  7 ", 7.0),
        (7, 7.0),
        (2.5, 2.5),
    ],
)
def test_numbers_read(text, value):
    reading = read_number(text)
    assert reading.problem is None
    assert reading.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "readings"),
    [("12,500", (12.5, 12500.0)), ("12.500", (12.5, 12500.0)), ("1,000", (1.0, 1000.0)),
     ("-250,125", (-250.125, -250125.0)), ("$25,000", (25.0, 25000.0))],
)  # fmt: skip
def test_a_group_of_three_digits_after_one_mark_is_ambiguous(text, readings):
    reading = read_number(text)
    assert (reading.value, reading.problem, reading.readings) == (None, AMBIGUOUS, readings)
    assert parse_number(text) is None  # never guessed


def test_a_source_that_states_its_decimal_mark_is_not_ambiguous():
    assert read_number("12,500", decimal=".").value == 12500.0
    assert read_number("12.500", decimal=".").value == 12.5
    assert read_number("12,500", decimal=",").value == 12.5
    with pytest.raises(ValueError, match="decimal"):
        read_number("1", decimal=";")


@pytest.mark.parametrize(
    ("text", "problem"),
    [("", EMPTY), ("   ", EMPTY), (None, EMPTY), ("abc", NOT_A_NUMBER), ("1,2,3", NOT_A_NUMBER),
     ("12 34", NOT_A_NUMBER), ("1e5", NOT_A_NUMBER), ("nan", NOT_A_NUMBER),
     ("inf", NOT_A_NUMBER), ("--3", NOT_A_NUMBER), ("1,234.567,5", NOT_A_NUMBER),
     ("3 £", NOT_A_NUMBER), ("$3 %", NOT_A_NUMBER), ("9" * 41, NOT_A_NUMBER),
     (True, NOT_A_NUMBER), (float("inf"), NOT_A_NUMBER), ([1], NOT_A_NUMBER)],
)  # fmt: skip
def test_what_is_not_a_number(text, problem):
    assert read_number(text).problem == problem
    assert read_number(text).value is None


def test_read_numbers_reads_each_distinct_text_once():
    values, problems = read_numbers(
        pd.Series(["3,5", "12,500", "", "x", "3,5"], index=[5, 6, 7, 8, 9])
    )
    assert values.index.tolist() == [5, 6, 7, 8, 9]
    assert values.tolist()[0] == 3.5 and values.isna().tolist() == [False, True, True, True, False]
    assert problems.tolist() == [None, AMBIGUOUS, EMPTY, NOT_A_NUMBER, None]


def test_suggestions_write_each_reading_without_doubt():
    assert suggestions(read_number("12,500"), lang="fr") == ("12 500", "12,5")
    assert suggestions(read_number("12,500"), lang="en") == ("12 500", "12.5")
    with pytest.raises(ValueError):
        suggestions(read_number("3"), lang="fr")


# -- every place that reads typed numbers uses it ----------------------------------------------


def test_backbone_keeps_its_unambiguous_readings_and_refuses_12_500_with_both_readings():
    assert parse_number("25 000 $") == 25000.0
    assert parse_number("12,500") is None
    assert clean_budget("2025", "85 000")["amount"] == 85000.0
    assert clean_budget("2025", "1,234.50")["amount"] == 1234.5
    with pytest.raises(ValidationError) as err:
        clean_budget("2025", "12,500")
    assert err.value.field == "amount"
    assert err.value.render(Translator("fr")) == (
        "« 12,500 » est ambigu : écrivez 12 500 ou 12,5, selon ce que vous voulez dire."
    )
    assert err.value.render(Translator("en")) == (
        "« 12,500 » is ambiguous: write 12 500 or 12.5, whichever you mean."
    )
    with pytest.raises(ValidationError, match="full-time"):
        clean_staff("Coordination", "beaucoup", True)


def test_activity_import_calls_an_ambiguous_staff_time_ambiguous():
    from cikit.analysis.activites import References

    refs = References(strategies=("S",), partners={1: "CPE"})
    raw = pd.DataFrame({"partenaire": ["CPE", "CPE"], "activité": ["A", "B"],
                        "stratégie": ["S", "S"], "personnel (ETC)": ["1,250", "1,25"]})  # fmt: skip
    valid, problems = parse_activities(raw, refs)
    assert [a["staff"] for a in valid] == [1.25]
    assert problems[["line", "column", "reason"]].values.tolist() == [
        [2, "staff", "ambiguous_number"]
    ]


@pytest.mark.parametrize(
    "module",
    ["cikit.analysis.numbers", "cikit.analysis.periods", "cikit.analysis.imports",
     "cikit.analysis.imports.statcan", "cikit.analysis.imports.table"],
)  # fmt: skip
def test_the_examples_in_the_docstrings_hold(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
