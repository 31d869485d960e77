"""Shared measurement: indicator ratings, forecasts, on-track status and table imports,
against hand-computed values."""

from __future__ import annotations

import datetime as dt
import math
import re
import time

import numpy as np
import pandas as pd
import pytest

from cikit.analysis import mesure_commune
from cikit.analysis.imports import table as imports_table
from cikit.analysis.mesure_commune import (
    COLUMNS,
    CRITERIA,
    HEADERS,
    ForecastError,
    ImportFileError,
    expected_path,
    forecast,
    indicator_status,
    parse_measurements,
    period_to_x,
    rating_summary,
    read_table,
    template,
)

# --------------------------------------------------------------------------- ratings


def _responses(rows):
    return pd.DataFrame(
        [
            {"id": i + 1, "respondent": r, "item": item, "value": v, "sector": "x"}
            for i, (r, item, v) in enumerate(rows)
        ]
    )


@pytest.fixture
def ratings() -> pd.DataFrame:
    rows = [
        # a: communication 3, 2, 2, 1 -> mean 2, exactly a quarter High and Low: split
        ("r1", "rate.a.communication", "high"),
        ("r2", "rate.a.communication", "medium"),
        ("r3", "rate.a.communication", "medium"),
        ("r4", "rate.a.communication", "low"),
        # a: proxy, r1 changes Low to High; r2's High is replaced by "don't know"
        ("r1", "rate.a.proxy", "low"),
        ("r2", "rate.a.proxy", "high"),
        ("r1", "rate.a.proxy", "high"),
        ("r2", "rate.a.proxy", "dk"),
        # a: data 2 -> score (2 + 3 + 2) / 3 = 7/3
        ("r1", "rate.a.data", "medium"),
        # b: the same averages as a (2, 3, 2): shares rank 1
        ("r2", "rate.b.communication", "medium"),
        ("r2", "rate.b.proxy", "high"),
        ("r2", "rate.b.data", "medium"),
        # c: communication 3, 1, 1 (a third High and Low, but only 3 ratings: not split),
        # proxy only "don't know", data 1 -> no score: a criterion has no rating
        ("r1", "rate.c.communication", "high"),
        ("r2", "rate.c.communication", "low"),
        ("r3", "rate.c.communication", "low"),
        ("r3", "rate.c.proxy", "dk"),
        ("r3", "rate.c.data", "low"),
        # ignored: unknown value, other items, unknown candidate, 1-5 scale values
        ("r5", "rate.a.data", "banana"),
        ("r5", "_join", {"sector": "x"}),
        ("r5", "rate.zz.data", "high"),
        ("r6", "rate.a.data", 3),
        ("r6", "rate.a.nonsense", "high"),
    ]
    return _responses(rows)


def test_rating_summary_hand_computed(ratings):
    s = rating_summary(ratings, candidates=["a", "b", "c", "d"])
    assert s.index.name == "candidate"
    assert list(s.index) == ["a", "b", "c", "d"]
    expected_columns = [f"{c}_{k}" for c in CRITERIA for k in ("mean", "n", "split")]
    assert list(s.columns) == [*expected_columns, "score", "ratings", "split", "rank"]

    a = s.loc["a"]
    assert (a["communication_mean"], a["communication_n"]) == (2.0, 4)
    assert bool(a["communication_split"]) is True
    assert (a["proxy_mean"], a["proxy_n"]) == (3.0, 1)  # latest High; dk left out
    assert (a["data_mean"], a["data_n"]) == (2.0, 1)
    assert a["score"] == pytest.approx(7 / 3)
    assert a["ratings"] == 4
    assert bool(a["split"]) is True

    c = s.loc["c"]
    assert c["communication_mean"] == pytest.approx(5 / 3)
    assert bool(c["communication_split"]) is False
    assert math.isnan(c["proxy_mean"]) and c["proxy_n"] == 0
    assert math.isnan(c["score"]), "scored only on all three criteria"
    assert c["ratings"] == 3
    assert bool(c["split"]) is False

    d = s.loc["d"]
    assert math.isnan(d["score"]) and d["ratings"] == 0 and bool(d["split"]) is False
    assert [d[f"{c}_n"] for c in CRITERIA] == [0, 0, 0]

    assert str(s["rank"].dtype) == "Int64"
    assert s["rank"].tolist()[:2] == [1, 1]
    assert s["rank"].isna().tolist() == [False, False, True, True]


def test_rating_summary_dtypes(ratings):
    s = rating_summary(ratings, candidates=["a", "d"])
    for criterion in CRITERIA:
        assert s[f"{criterion}_mean"].dtype == float
        assert s[f"{criterion}_n"].dtype.kind == "i"
        assert s[f"{criterion}_split"].dtype == bool
    assert s["ratings"].dtype.kind == "i"
    assert s["split"].dtype == bool


@pytest.mark.parametrize(
    ("values", "split"),
    [
        (["high", "medium", "medium", "low"], True),  # exactly 25 % each
        (["high", "high", "low", "low"], True),
        (["high", "low", "medium", "medium", "dk", "dk"], True),  # dk not counted: 4 ratings
        (["high", "high", "low"], False),  # a third each, but fewer than 4 ratings
        (["high", "medium", "medium", "medium", "low"], False),  # 20 %
        (["high", "high", "medium", "medium", "medium", "low", "low", "low"], True),
        (["high", "high", "high", "medium"], False),  # no Low
    ],
)
def test_split_rule(values, split):
    rows = [(f"r{n}", "rate.a.data", v) for n, v in enumerate(values)]
    s = rating_summary(_responses(rows), candidates=["a"])
    assert bool(s.loc["a", "data_split"]) is split
    assert bool(s.loc["a", "split"]) is split


def test_rank_breaks_ties_by_data_then_proxy():
    rows = [
        # x: 2, 1, 3 -> score 2, data 3
        ("r1", "rate.x.communication", "medium"),
        ("r1", "rate.x.proxy", "low"),
        ("r1", "rate.x.data", "high"),
        # y: 1, 3, 2 -> score 2, data 2, proxy 3
        ("r1", "rate.y.communication", "low"),
        ("r1", "rate.y.proxy", "high"),
        ("r1", "rate.y.data", "medium"),
        # z: 3, 1, 2 -> score 2, data 2, proxy 1
        ("r1", "rate.z.communication", "high"),
        ("r1", "rate.z.proxy", "low"),
        ("r1", "rate.z.data", "medium"),
        # w: 3, 3, 3 -> best
        ("r1", "rate.w.communication", "high"),
        ("r1", "rate.w.proxy", "high"),
        ("r1", "rate.w.data", "high"),
    ]
    s = rating_summary(_responses(rows), candidates=["z", "y", "x", "w"])
    assert s["rank"].tolist() == [4, 3, 2, 1]
    assert list(s.index) == ["z", "y", "x", "w"]  # the given order, not the rank


def test_rating_summary_without_answers():
    s = rating_summary(pd.DataFrame(), candidates=["a", "b"])
    assert s["ratings"].tolist() == [0, 0]
    assert s["rank"].isna().all()
    assert s["score"].isna().all()


def test_rating_summary_missing_columns():
    with pytest.raises(ValueError, match="lacks columns"):
        rating_summary(pd.DataFrame({"id": [1], "item": ["rate.a.data"]}), candidates=["a"])


# --------------------------------------------------------------------------- forecast


def _history(xs, values):
    return pd.DataFrame({"x": [float(x) for x in xs], "value": values})


def test_forecast_on_an_exact_line():
    history = _history(range(2018, 2023), [10.0, 12.0, 14.0, 16.0, 18.0])
    out = forecast(history, until=2025)
    assert list(out.columns) == ["x", "value"]
    assert out["x"].tolist() == pytest.approx([2022.0, 2023.0, 2024.0, 2025.0])
    assert out["value"].tolist() == pytest.approx([18.0, 20.0, 22.0, 24.0])


def test_forecast_matches_polyfit_on_noisy_points():
    xs = [2015.0, 2016.0, 2017.0, 2018.0, 2019.0, 2020.0, 2021.0, 2022.0]
    values = [50.0, 3.0, 99.0, 10.0, 13.5, 11.0, 17.0, 16.2]
    # By hand: the last 5 points only (2018-2022).
    slope, intercept = np.polyfit(xs[-5:], values[-5:], 1)
    out = forecast(_history(xs, values), until=2024)
    assert out["x"].tolist() == pytest.approx([2022.0, 2023.0, 2024.0])
    assert out["value"].tolist() == pytest.approx([slope * x + intercept for x in out["x"]])
    # The first value is the line's, not the last measurement: the dashed line starts on it.
    assert out["value"].iloc[0] != pytest.approx(16.2)


def test_forecast_uses_only_the_last_points():
    # Wild early values; the last three lie on value = x - 2000.
    history = _history([2010, 2011, 2020, 2021, 2022], [500.0, -300.0, 20.0, 21.0, 22.0])
    out = forecast(history, until=2023, points=3)
    assert out["value"].tolist() == pytest.approx([22.0, 23.0])
    assert forecast(history, until=2023)["value"].iloc[-1] != pytest.approx(23.0)


def test_forecast_sorts_and_drops_missing_values():
    history = pd.DataFrame(
        {"x": [2022.0, 2019.0, 2020.0, 2021.0, 2018.0], "value": [18.0, np.nan, 14.0, 16.0, 10.0]}
    )
    out = forecast(history, until=2023)
    assert out["value"].tolist() == pytest.approx([18.0, 20.0])


def test_forecast_steps_by_the_median_spacing():
    months = [2022 + k / 12 for k in range(6)]
    out = forecast(_history(months, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), until=months[-1] + 0.25)
    assert len(out) == 4
    assert np.diff(out["x"]).tolist() == pytest.approx([1 / 12] * 3)
    assert out["value"].tolist() == pytest.approx([6.0, 7.0, 8.0, 9.0])
    assert out["x"].iloc[-1] <= months[-1] + 0.25 + 1e-9


def test_forecast_step_is_at_least_a_month():
    days = [2022 + d / 365 for d in range(5)]
    out = forecast(_history(days, [1.0, 2.0, 3.0, 4.0, 5.0]), until=days[-1] + 0.25)
    assert np.diff(out["x"]).tolist() == pytest.approx([1 / 12] * 3)


@pytest.mark.parametrize("until", [2022.0, 2021.5, 1990.0])
def test_forecast_until_not_after_the_last_point(until):
    out = forecast(_history(range(2018, 2023), [10.0, 12.0, 14.0, 16.0, 18.0]), until=until)
    assert out["x"].tolist() == [2022.0]
    assert out["value"].tolist() == pytest.approx([18.0])


@pytest.mark.parametrize(
    ("xs", "values", "have"),
    [
        ([2022], [1.0], 1),
        ([2021, 2022], [1.0, 2.0], 2),
        ([2020, 2021, 2022], [1.0, np.nan, 2.0], 2),  # NaN dropped
        ([2021, 2021, 2022], [1.0, 1.5, 2.0], 2),  # two values on one date: one date
        ([], [], 0),
    ],
)
def test_forecast_refuses_too_few_points(xs, values, have):
    with pytest.raises(ForecastError, match="too_few_points") as err:
        forecast(_history(xs, values), until=2030)
    assert err.value.reason == "too_few_points"
    assert (err.value.have, err.value.need) == (have, 3)
    assert isinstance(err.value, ValueError)


def test_forecast_min_points_is_configurable():
    out = forecast(_history([2021, 2022], [1.0, 2.0]), until=2023, min_points=2)
    assert out["value"].tolist() == pytest.approx([2.0, 3.0])
    with pytest.raises(ForecastError, match="too_few_points") as err:
        forecast(_history(range(2018, 2022), [1.0] * 4), until=2030, points=5, min_points=5)
    assert (err.value.have, err.value.need) == (4, 5)


@pytest.mark.parametrize(
    "kwargs", [{"min_points": 1}, {"points": 2, "min_points": 3}, {"until": float("nan")}]
)
def test_forecast_bad_arguments(kwargs):
    with pytest.raises(ValueError, match="must"):
        forecast(_history(range(2018, 2023), [1.0] * 5), **{"until": 2030, **kwargs})


# --------------------------------------------------------------------------- on track


@pytest.mark.parametrize(
    ("baseline", "target", "x", "expected"),
    [
        ((2020, 10.0), (2030, 20.0), 2020, 10.0),
        ((2020, 10.0), (2030, 20.0), 2025, 15.0),
        ((2020, 10.0), (2030, 20.0), 2030, 20.0),
        ((2020, 10.0), (2030, 20.0), 2035, 20.0),  # clamped to the target
        ((2020, 50.0), (2030, 30.0), 2025, 40.0),
        ((2020, 50.0), (2030, 30.0), 2022.5, 45.0),
        ((2020, 50.0), (2030, 30.0), 2040, 30.0),
    ],
)
def test_expected_path(baseline, target, x, expected):
    assert expected_path(baseline, target, x) == pytest.approx(expected)


def test_expected_path_needs_the_target_after_the_baseline():
    with pytest.raises(ValueError, match="after the baseline"):
        expected_path((2030, 1.0), (2020, 2.0), 2025)


UP = {"baseline": (2020.0, 10.0), "target": (2030.0, 20.0), "direction": "up"}
DOWN = {"baseline": (2020.0, 50.0), "target": (2030.0, 30.0), "direction": "down"}


@pytest.mark.parametrize(
    ("rules", "xs", "values", "status"),
    [
        (UP, [2020, 2025], [10.0, 15.0], "on_track"),  # exactly on the path
        (UP, [2020, 2025], [10.0, 15.5], "on_track"),
        (UP, [2020, 2025], [10.0, 14.9], "off_track"),
        (UP, [2024, 2025, 2022], [30.0, 12.0, 30.0], "off_track"),  # latest date counts
        (UP, [2035], [20.0], "on_track"),  # past the target: the target
        (UP, [2035], [19.0], "off_track"),
        (DOWN, [2025], [40.0], "on_track"),  # exactly on the path
        (DOWN, [2025], [39.0], "on_track"),
        (DOWN, [2025], [41.0], "off_track"),
        (DOWN, [2022.5, 2025], [44.0, np.nan], "on_track"),  # NaN ignored
        (UP, [2020], [12.0], "no_data"),  # only at the baseline's date
        (UP, [2018, 2019], [12.0, 13.0], "no_data"),  # only before
        (UP, [], [], "no_data"),
        ({**UP, "baseline": None}, [2025], [15.0], "no_data"),
        ({**UP, "target": None}, [2025], [15.0], "no_data"),
        ({**UP, "target": (2030.0, np.nan)}, [2025], [15.0], "no_data"),
    ],
)
def test_indicator_status(rules, xs, values, status):
    assert indicator_status(_history(xs, values), **rules) == status


@pytest.mark.parametrize("direction", ["up", "down"])
def test_exactly_on_the_path_despite_rounding(direction):
    # 0.1 + (0.4 - 0.1) / 3 is 0.19999999999999998 in floating point.
    history = _history([2021], [0.2])
    status = indicator_status(
        history, baseline=(2020.0, 0.1), target=(2023.0, 0.4), direction=direction
    )
    assert status == "on_track"


@pytest.mark.parametrize("direction", ["sideways", "Up", None])
def test_indicator_status_direction(direction):
    with pytest.raises(ValueError, match="direction"):
        indicator_status(_history([2025], [1.0]), **{**UP, "direction": direction})


# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("period", "x"),
    [
        ("2022", 2022.0),
        ("2022-01", 2022.0),
        ("2022-07", 2022.5),
        ("2022-12", 2022 + 11 / 12),
        ("2022-01-01", 2022.0),
        ("2022-02-01", 2022 + 31 / 365),
        ("2022-12-31", 2022 + 364 / 365),
        ("2024-12-31", 2024 + 365 / 366),  # leap year
        ("2024-03-01", 2024 + 60 / 366),
    ],
)
def test_period_to_x(period, x):
    assert period_to_x(period) == pytest.approx(x)


@pytest.mark.parametrize(
    "period",
    ["2022-13", "2022-00", "2022-02-30", "2022-7", "22", "2022/07", "15/07/2022", "", 2022],
)
def test_period_to_x_refuses(period):
    with pytest.raises(ValueError, match="period|month|day"):
        period_to_x(period)


# --------------------------------------------------------------------------- parsing

INDICATORS = ["readiness", "literacy"]
PARTNERS = {"eco-quartier": 7, "ville de montreal": 3}
DIMENSIONS = ["territory", "gender"]


VALID_COLUMNS = ["indicator", "period", "x", "value", "partner_id", "dimension", "group", "line"]
FRENCH = ("indicateur", "période", "valeur", "partenaire", "ventilation", "groupe")


def _parse(rows, columns=FRENCH):
    raw = pd.DataFrame([list(r) for r in rows], columns=list(columns), dtype=str)
    return parse_measurements(raw, indicators=INDICATORS, partners=PARTNERS, dimensions=DIMENSIONS)


def _problems(problems):
    return [tuple(r) for r in problems[["line", "column", "reason"]].itertuples(index=False)]


def test_parse_a_clean_table():
    valid, problems = _parse(
        [
            ("readiness", "2022", "3,5", "", "", ""),
            ("literacy", "2022-07", "1 234,5", "Éco-Quartier", "territory", "Centre-Sud"),
        ]
    )
    assert problems.empty
    assert list(problems.columns) == ["line", "column", "value", "reason"]
    assert list(valid.columns) == VALID_COLUMNS
    assert valid["indicator"].tolist() == ["readiness", "literacy"]
    assert valid["period"].tolist() == ["2022", "2022-07"]
    assert valid["x"].tolist() == pytest.approx([2022.0, 2022.5])
    assert valid["value"].tolist() == [3.5, 1234.5]
    assert str(valid["partner_id"].dtype) == "Int64"
    assert valid["partner_id"].isna().tolist() == [True, False]
    assert int(valid["partner_id"].iloc[1]) == 7
    assert valid["dimension"].tolist() == ["", "territory"]
    assert valid["group"].tolist() == ["", "Centre-Sud"]
    assert valid["line"].tolist() == [2, 3]


@pytest.mark.parametrize(
    "header",
    ["période", "Période", "PERIODE", "PÉRIODE", "period", "Period", " période ", "pér iode"],
)
def test_headers_match_without_case_accents_or_spaces(header):
    columns = ("Indicator", header, "VALEUR", "partner", "Breakdown", "group")
    valid, problems = _parse([("readiness", "2022", "1", "", "", "")], columns=columns)
    assert problems.empty
    assert valid["period"].tolist() == ["2022"]


def test_optional_columns_may_be_missing_and_others_are_ignored():
    raw = pd.DataFrame(
        {"notes": ["hello"], "value": ["2"], "indicator": ["literacy"], "period": ["2021"]}
    )
    valid, problems = parse_measurements(raw, indicators=INDICATORS, partners={}, dimensions=[])
    assert problems.empty
    assert valid[["indicator", "value", "partner_id", "dimension", "group"]].values.tolist() == [
        ["literacy", 2.0, pd.NA, "", ""]
    ]


@pytest.mark.parametrize(
    ("columns", "missing"),
    [
        (["indicateur", "période", "partenaire"], ["value"]),
        (["indicator", "valeur"], ["period"]),
        (["x", "y"], ["indicator", "period", "value"]),
        (["indicateurs", "periods", "values"], ["indicator", "period", "value"]),
    ],
)
def test_missing_columns(columns, missing):
    raw = pd.DataFrame([["a"] * len(columns)], columns=columns)
    with pytest.raises(ImportFileError, match="missing_columns") as err:
        parse_measurements(raw, indicators=INDICATORS, partners=PARTNERS, dimensions=DIMENSIONS)
    assert err.value.reason == "missing_columns"
    assert err.value.columns == missing


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("3.5", 3.5),
        ("3,5", 3.5),  # French decimal comma
        ("  3,5 ", 3.5),
        ("-2,25", -2.25),
        ("+4", 4.0),
        ("\u22122,5", -2.5),  # typographic minus
        ("1234", 1234.0),
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),  # no-break space
        ("1\u202f234,5", 1234.5),  # narrow no-break space
        ("12 345 678", 12345678.0),
        ("1,2345", 1.2345),  # four decimals: a decimal comma, not thousands
        ("0,500", 0.5),  # a leading 0 is never a group of thousands
        ("1,234.5", 1234.5),  # English thousands and decimal point
        ("1.234,5", 1234.5),
        ("1,234,567", 1234567.0),
        ("25 000 $", 25000.0),
        ("12 %", 12.0),
        ("12%", 12.0),
        ("12,5\u00a0%", 12.5),
        ("0", 0.0),
    ],
)
def test_values_accepted(cell, value):
    valid, problems = _parse([("readiness", "2022", cell, "", "", "")])
    assert problems.empty
    assert valid["value"].tolist() == [pytest.approx(value)]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("abc", "not_a_number"),
        ("3,5,6", "not_a_number"),
        ("1,234", "ambiguous_number"),  # 1.234 in French, 1234 in English: not guessed
        ("12.500", "ambiguous_number"),
        ("1,234.567,5", "not_a_number"),
        ("12 34", "not_a_number"),
        ("1 2345", "not_a_number"),
        ("1e5", "not_a_number"),
        ("nan", "not_a_number"),
        ("inf", "not_a_number"),
        ("--3", "not_a_number"),
        ("3 £", "not_a_number"),
        ("9" * 400, "not_a_number"),  # overflows to infinity
        ("", "empty_value"),
        ("   ", "empty_value"),
    ],
)
def test_values_refused(cell, reason):
    valid, problems = _parse([("readiness", "2022", cell, "", "", "")])
    assert valid.empty
    assert _problems(problems) == [(2, "value", reason)]
    assert problems["value"].tolist() == [cell[:80]]


@pytest.mark.parametrize(
    ("cell", "period"),
    [
        ("2022", "2022"),
        ("2022-07", "2022-07"),
        ("2022-7", "2022-07"),
        ("2022/07", "2022-07"),
        ("07/2022", "2022-07"),
        ("2022-07-15", "2022-07-15"),
        ("2022/07/15", "2022-07-15"),
        ("15/07/2022", "2022-07-15"),
        ("01/02/2022", "2022-02-01"),  # day first, as in Québec
        ("1/2/2022", "2022-02-01"),
        ("2022-07-15 00:00:00", "2022-07-15"),
        ("2024-02-29", "2024-02-29"),
    ],
)
def test_periods_accepted(cell, period):
    valid, problems = _parse([("readiness", cell, "1", "", "", "")])
    assert problems.empty
    assert valid["period"].tolist() == [period]
    assert valid["x"].tolist() == [pytest.approx(period_to_x(period))]


@pytest.mark.parametrize(
    "cell",
    [
        "2022-13",
        "32/01/2022",
        "hier",
        "2022-02-30",
        "2023-02-29",
        "13/13/2022",
        "22",
        "July 2022",
        "juillet 2022",
        "2202",
        "1899",
        "2022-07-15 10:30",
        "2022.5",
        "07/15/2022",
    ],
)
def test_periods_refused(cell):
    valid, problems = _parse([("readiness", cell, "1", "", "", "")])
    assert valid.empty
    assert _problems(problems) == [(2, "period", "bad_period")]
    assert problems["value"].tolist() == [cell]


def test_empty_required_cells():
    valid, problems = _parse([("", "", "", "Éco-Quartier", "", "")])
    assert valid.empty
    assert _problems(problems) == [
        (2, "indicator", "empty_value"),
        (2, "period", "empty_value"),
        (2, "value", "empty_value"),
    ]


def test_indicators_partners_and_dimensions():
    valid, problems = _parse(
        [
            (" LITERACY ", "2022", "1", "", "", ""),  # 2: case and spaces ignored
            ("numeracy", "2022", "1", "", "", ""),  # 3: unknown indicator
            ("readiness", "2022", "1", "ECO-QUARTIER", "", ""),  # 4: known partner
            ("readiness", "2021", "1", "Ville de  Montréal", "", ""),  # 5: known, accents/spaces
            ("readiness", "2022", "1", "Éco Quartier Nord", "", ""),  # 6: unknown partner
            ("readiness", "2022", "1", "", "Territory", "Nord"),  # 7: known dimension
            ("readiness", "2022", "1", "", "age", "0-5"),  # 8: unknown dimension
            ("readiness", "2023", "1", "", "territory", ""),  # 9: dimension without group
            ("readiness", "2023", "1", "", "", "Nord"),  # 10: group without dimension
        ]
    )
    assert _problems(problems) == [
        (3, "indicator", "unknown_indicator"),
        (6, "partner", "unknown_partner"),
        (8, "dimension", "unknown_dimension"),
        (9, "dimension", "dimension_without_group"),
        (10, "group", "group_without_dimension"),
    ]
    assert problems["value"].tolist() == [
        "numeracy",
        "Éco Quartier Nord",
        "age",
        "territory",
        "Nord",
    ]
    assert valid["line"].tolist() == [2, 4, 5, 7]
    assert valid["indicator"].tolist() == ["literacy", "readiness", "readiness", "readiness"]
    assert valid["partner_id"].tolist() == [pd.NA, 7, 3, pd.NA]
    assert valid["dimension"].tolist() == ["", "", "", "territory"]
    assert valid["group"].tolist() == ["", "", "", "Nord"]


def test_several_problems_on_one_line_in_column_order():
    valid, problems = _parse([("zz", "hier", "abc", "nobody", "age", "")])
    assert valid.empty
    assert _problems(problems) == [
        (2, "indicator", "unknown_indicator"),
        (2, "period", "bad_period"),
        (2, "value", "not_a_number"),
        (2, "partner", "unknown_partner"),
        (2, "dimension", "unknown_dimension"),
        (2, "dimension", "dimension_without_group"),
    ]


def test_duplicates_keep_the_first():
    valid, problems = _parse(
        [
            ("readiness", "2022", "1", "", "", ""),  # 2: kept
            ("readiness", "2022", "2", "", "", ""),  # 3: duplicate
            ("Readiness", "2022-01", "3", "", "", ""),  # 4: another period
            ("readiness", "2022", "4", "Éco-Quartier", "", ""),  # 5: another partner
            ("readiness", "2022", "5", "", "territory", "Nord"),  # 6: a group
            ("readiness", "2022", "6", "", "Territory", "NORD"),  # 7: the same group
            ("readiness", "2022", "7", "eco-quartier", "", ""),  # 8: the same partner
            ("readiness", "2022", "8", "", "", ""),  # 9: duplicate again
            ("literacy", "2022", "9", "", "", ""),  # 10: another indicator
        ]
    )
    assert _problems(problems) == [
        (3, "", "duplicate"),
        (7, "", "duplicate"),
        (8, "", "duplicate"),
        (9, "", "duplicate"),
    ]
    assert problems["value"].tolist() == ["", "", "", ""]
    assert valid["line"].tolist() == [2, 4, 5, 6, 10]
    assert valid["value"].tolist() == [1.0, 3.0, 4.0, 5.0, 9.0]


def test_duplicate_with_a_bad_value_is_still_a_duplicate():
    valid, problems = _parse(
        [("readiness", "2022", "abc", "", "", ""), ("readiness", "2022", "2", "", "", "")]
    )
    assert _problems(problems) == [(2, "value", "not_a_number"), (3, "", "duplicate")]
    assert valid.empty


def test_empty_lines_are_skipped_and_line_numbers_kept():
    valid, problems = _parse(
        [
            ("", "", "", "", "", ""),
            ("readiness", "2022", "1", "", "", ""),
            ("  ", " ", "", "", "", ""),
            ("readiness", "2023", "x", "", "", ""),
        ]
    )
    assert valid["line"].tolist() == [3]
    assert _problems(problems) == [(5, "value", "not_a_number")]


def test_long_cells_are_cut_and_long_groups_refused():
    long = "Quartier " * 20
    valid, problems = _parse([("readiness" * 20, "2022", "1", "", "territory", long)])
    assert _problems(problems) == [(2, "indicator", "unknown_indicator"), (2, "group", "too_long")]
    assert problems["value"].str.len().tolist() == [80, 80]
    assert set(problems["reason"]) <= set(mesure_commune.PROBLEM_REASONS)


def test_a_group_of_control_characters_is_no_group():
    valid, problems = _parse([("readiness", "2022", "1", "", "territory", "\x01\x02")])
    assert valid.empty
    assert _problems(problems) == [(2, "dimension", "dimension_without_group")]


def test_group_spaces_are_collapsed():
    valid, problems = _parse([("readiness", "2022", "1", "", "territory", "  Centre \t Sud ")])
    assert problems.empty
    assert valid["group"].tolist() == ["Centre Sud"]


def test_parse_an_empty_table():
    raw = pd.DataFrame(columns=["indicator", "period", "value"], dtype=str)
    valid, problems = parse_measurements(raw, indicators=INDICATORS, partners={}, dimensions=[])
    assert valid.empty and problems.empty
    assert list(valid.columns) == VALID_COLUMNS
    assert list(problems.columns) == ["line", "column", "value", "reason"]


def test_parse_non_string_cells():
    raw = pd.DataFrame(
        {"indicator": ["readiness", None], "period": [2022, 2023], "value": [3.5, np.nan]}
    )
    valid, problems = parse_measurements(raw, indicators=INDICATORS, partners={}, dimensions=[])
    assert valid[["period", "value"]].values.tolist() == [["2022", 3.5]]
    assert _problems(problems) == [(3, "indicator", "empty_value"), (3, "value", "empty_value")]


# --------------------------------------------------------------------------- files

FRENCH_CSV = (
    "indicateur;période;valeur;partenaire\n"
    "readiness;2022;3,5;Éco-Quartier\n"
    "literacy;15/07/2022;1 234,5;\n"
)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (FRENCH_CSV.encode("utf-8"), "data.csv"),
        (FRENCH_CSV.encode("utf-8-sig"), "data.csv"),  # BOM, as Excel writes
        (FRENCH_CSV.encode("cp1252"), "data.csv"),  # Windows-1252
        (FRENCH_CSV.encode("utf-16"), "data.txt"),  # Excel's "Unicode text"
        (FRENCH_CSV.replace("\n", "\r\n").encode("utf-8"), "DATA.CSV"),
        (FRENCH_CSV.replace(";", "\t").encode("utf-8"), "data.tsv"),
        (
            'indicateur,période,valeur,partenaire\nreadiness,2022,"3,5",Éco-Quartier\n'
            'literacy,15/07/2022,"1 234,5",\n'.encode(),
            "data.csv",
        ),
    ],
)
def test_read_csv(data, name):
    table = read_table(data, name)
    assert list(table.columns) == ["indicateur", "période", "valeur", "partenaire"]
    assert table.values.tolist() == [
        ["readiness", "2022", "3,5", "Éco-Quartier"],
        ["literacy", "15/07/2022", "1 234,5", ""],
    ]
    valid, problems = parse_measurements(
        table, indicators=INDICATORS, partners=PARTNERS, dimensions=DIMENSIONS
    )
    assert problems.empty
    assert valid["value"].tolist() == [3.5, 1234.5]
    assert valid["period"].tolist() == ["2022", "2022-07-15"]


def test_read_csv_keeps_strings_and_blank_lines():
    data = b"indicator;period;value\n007;2022;NA\n\nreadiness;2022;00,50\n\n\n"
    table = read_table(data, "x.csv")
    assert table.values.tolist() == [
        ["007", "2022", "NA"],
        ["", "", ""],
        ["readiness", "2022", "00,50"],
    ]
    valid, problems = parse_measurements(table, indicators=INDICATORS, partners={}, dimensions=[])
    assert valid["line"].tolist() == [4]
    assert _problems(problems) == [
        (2, "indicator", "unknown_indicator"),
        (2, "value", "not_a_number"),
    ]


def test_read_csv_with_decimal_commas_everywhere_detects_semicolons():
    data = "a;b;c\n" + "".join(f"x{n};1,{n};2,{n}\n" for n in range(30))
    table = read_table(data.encode(), "x.csv")
    assert list(table.columns) == ["a", "b", "c"]
    assert table["b"].iloc[3] == "1,3"


def test_read_single_column_csv():
    table = read_table(b"value\n1\n2\n", "x.csv")
    assert table["value"].tolist() == ["1", "2"]


def test_read_xlsx(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Indicateur", "Période", "Valeur", "Partenaire", "Ventilation", "Groupe"])
    sheet.append(["readiness", 2022, 3.5, "Éco-Quartier", None, None])
    sheet.append(["literacy", dt.datetime(2022, 7, 15), 1234, None, "territory", "Nord"])
    sheet.append(["literacy", "2022-08", 0.125, None, None, None])
    sheet["C4"].number_format = "0.0%"
    sheet.append([None] * 6)  # empty line kept (line 5)
    sheet.append(["readiness", 2021, 1e-05, None, None, None])
    sheet.append([None] * 6)  # trailing empty line dropped
    book.create_sheet("second")["A1"] = "ignored"
    path = tmp_path / "mesures.xlsx"
    book.save(path)

    table = read_table(path.read_bytes(), "mesures.xlsx")
    assert list(table.columns) == [
        "Indicateur",
        "Période",
        "Valeur",
        "Partenaire",
        "Ventilation",
        "Groupe",
    ]
    assert table.values.tolist() == [
        ["readiness", "2022", "3.5", "Éco-Quartier", "", ""],
        ["literacy", "2022-07-15", "1234", "", "territory", "Nord"],
        ["literacy", "2022-08", "12.5 %", "", "", ""],
        ["", "", "", "", "", ""],
        ["readiness", "2021", "0.00001", "", "", ""],
    ]
    valid, problems = parse_measurements(
        table, indicators=INDICATORS, partners=PARTNERS, dimensions=DIMENSIONS
    )
    assert problems.empty
    assert valid["value"].tolist() == [3.5, 1234.0, 12.5, 1e-05]
    assert valid["line"].tolist() == [2, 3, 4, 6]


def test_read_xlsx_whatever_its_name(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["indicator", "period", "value"])
    book.active.append(["readiness", "2022", "1"])
    path = tmp_path / "x.xlsx"
    book.save(path)
    assert read_table(path.read_bytes(), "export.csv").values.tolist() == [
        ["readiness", "2022", "1"]
    ]


def test_read_xlsx_header_only_is_empty(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["indicator", "period", "value"])
    path = tmp_path / "x.xlsx"
    book.save(path)
    with pytest.raises(ImportFileError, match="empty"):
        read_table(path.read_bytes(), "x.xlsx")


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "x.csv", "empty"),
        (b"  \r\n\n", "x.csv", "empty"),
        (b"indicator;period;value\n", "x.csv", "empty"),
        (b"indicator;period;value\n;;\n\n", "x.csv", "empty"),
        (bytes(range(256)) * 4, "x.csv", "unreadable"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.csv", "unreadable"),
        (b'a;b\n"x;2\n', "x.csv", "unreadable"),  # quote never closed
        (b"a;b\nx;2\ny;3;4;5\n", "x.csv", "unreadable"),  # a line too long
        (b"not a spreadsheet", "x.xlsx", "unreadable"),
        (b"PK\x03\x04 truncated zip", "x.csv", "unreadable"),
    ],
)
def test_read_table_refuses(data, name, reason):
    with pytest.raises(ImportFileError, match=reason) as err:
        read_table(data, name)
    assert err.value.reason == reason
    assert err.value.columns == []


def test_read_table_too_many_rows(monkeypatch, tmp_path):
    monkeypatch.setattr(imports_table, "MAX_ROWS", 3)
    header = b"indicator;period;value\n"
    assert len(read_table(header + b"a;2022;1\n" * 3, "x.csv")) == 3
    with pytest.raises(ImportFileError, match="too_many_rows"):
        read_table(header + b"a;2022;1\n" * 4, "x.csv")
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in [["indicator", "period", "value"], *[["a", "2022", "1"]] * 4]:
        book.active.append(row)
    path = tmp_path / "x.xlsx"
    book.save(path)
    with pytest.raises(ImportFileError, match="too_many_rows"):
        read_table(path.read_bytes(), "x.xlsx")


# --------------------------------------------------------------------------- template


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_template(lang):
    table = template(lang)
    assert list(table.columns) == [HEADERS[lang][c] for c in COLUMNS]
    assert len(table) == 2
    assert all(isinstance(v, str) for v in table.to_numpy().ravel())
    # Filled in as given, it imports without problem, through a CSV as people save it.
    data = table.to_csv(sep=";" if lang == "fr" else ",", index=False).encode("utf-8-sig")
    valid, problems = parse_measurements(
        read_table(data, "modele.csv"),
        indicators=["eqdem_vulnerable"],
        partners={},
        dimensions=["territory"],
    )
    assert problems.empty
    assert valid["dimension"].tolist() == ["", "territory"]
    assert valid["value"].tolist() == [27.5, 31.2]


def test_template_headers():
    assert list(template("fr").columns) == [
        "indicateur",
        "période",
        "valeur",
        "partenaire",
        "ventilation",
        "groupe",
    ]
    assert list(template("en").columns) == [
        "indicator",
        "period",
        "value",
        "partner",
        "breakdown",
        "group",
    ]


def test_template_unknown_language():
    with pytest.raises(ValueError, match="lang"):
        template("de")


def test_a_csv_with_thousands_of_header_cells_is_refused_quickly():
    data = ("indicator;period;value" + ";" * 300_000 + "\nx;2022;1\n").encode()
    start = time.perf_counter()
    with pytest.raises(ImportFileError) as err:
        read_table(data, "wide.csv")
    assert err.value.reason == "unreadable"
    assert time.perf_counter() - start < 30  # generous: what matters is it ends


def test_an_xlsx_claiming_a_huge_size_reads_only_its_columns(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["indicator", "period", "value"])
    for year in range(2000, 2010):
        sheet.append(["readiness", str(year), year - 1990])
    path = tmp_path / "claims.xlsx"
    book.save(path)
    # Rewrite the sheet's stated dimension to the whole grid, as a crafted file would.
    import zipfile

    out = tmp_path / "crafted.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                body = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', body)
            dst.writestr(item, body)
    table = read_table(out.read_bytes(), "crafted.xlsx")
    assert list(table.columns) == ["indicator", "period", "value"] and len(table) == 10
