"""The aggregation of a live round, checked against numbers worked out by hand.

Every expected figure below is written literally (computed on paper from the
rules in :mod:`cikit.analysis.rounds`), never recomputed with numpy.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cikit.analysis.rounds import (
    item_summary,
    latest_answers,
    respondents_by_sector,
    section_verdicts,
    sector_means,
    verdict,
)

COLUMNS = ["id", "respondent", "item", "value", "sector"]
STATS = ["mean", "median", "spread", "low_share", "high_share"]


def frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (id, respondent, item, value[, sector]); values kept as given (object column)."""
    rows = [tuple(r) + (None,) * (5 - len(r)) for r in rows]
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["value"] = pd.Series([r[3] for r in rows], index=df.index, dtype=object)
    df["sector"] = pd.Series([r[4] for r in rows], index=df.index, dtype=object)
    return df


def answers(item: str, values: list) -> pd.DataFrame:
    """One answer per person (p0, p1, ...) to ``item``, in the order given."""
    return frame([(n + 1, f"p{n}", item, value) for n, value in enumerate(values)])


def summary_of(values: list, item: str = "q") -> pd.Series:
    summary = item_summary(latest_answers(answers(item, values)), [item])
    assert summary["split"].dtype == bool
    return summary.loc[item]


def same(actual, expected) -> bool:
    if isinstance(expected, float) and math.isnan(expected):
        return isinstance(actual, float) and math.isnan(actual)
    return actual == pytest.approx(expected, abs=1e-12)


# -- latest answers -------------------------------------------------------------------------


RESPONSES = [
    # id, respondent, item, value, sector: deliberately out of order.
    (5, "a", "q1", 4, "public"),
    (2, "a", "q1", 1, "public"),
    (3, "b", "q1", "dk"),
    (1, "a", "q2", 2),
    (7, "b", "q1", 3, "health"),
    (4, "a", "_join", {"client": "x"}, "public"),
    (6, "b", "_join", {"client": "y"}),
]


def test_latest_answer_per_person_and_item_wins_by_id_not_by_row_order():
    latest = latest_answers(frame(RESPONSES))
    assert latest["id"].tolist() == [1, 4, 5, 6, 7]
    assert latest["respondent"].tolist() == ["a", "a", "a", "b", "b"]
    assert latest["item"].tolist() == ["q2", "_join", "q1", "_join", "q1"]
    assert latest["value"].tolist() == [2, {"client": "x"}, 4, {"client": "y"}, 3]
    assert latest.index.tolist() == [0, 1, 2, 3, 4]
    assert list(latest.columns) == COLUMNS


def test_join_records_are_dropped_when_items_are_given():
    latest = latest_answers(frame(RESPONSES), items=["q1", "q2"])
    assert latest["id"].tolist() == [1, 5, 7]
    assert "_join" not in set(latest["item"])
    summary = item_summary(latest, ["q1", "q2"])
    assert summary["answers"].tolist() == [2, 1]
    assert summary.loc["q1", "mean"] == 3.5  # a's 4 (changed from 1) and b's 3 (changed from dk)
    assert summary.loc["q2", "mean"] == 2.0


def test_latest_answers_does_not_change_its_input():
    responses = frame(RESPONSES)
    before = responses.copy()
    latest_answers(responses, items=["q1"])
    pd.testing.assert_frame_equal(responses, before)


def test_sector_column_is_optional():
    responses = frame(RESPONSES).drop(columns="sector")
    assert latest_answers(responses)["id"].tolist() == [1, 4, 5, 6, 7]
    assert respondents_by_sector(responses).empty


@pytest.mark.parametrize("column", ["id", "respondent", "item", "value"])
def test_missing_columns_are_refused(column):
    with pytest.raises(ValueError, match=column):
        latest_answers(frame(RESPONSES).drop(columns=column))


# -- one item -----------------------------------------------------------------------------


NAN = float("nan")


@pytest.mark.parametrize(
    "values, expected",
    [
        # dk answers are counted but left out of the statistics.
        (
            [1, 2, 3, 4, "dk", "dk"],
            dict(answers=6, rated=4, dont_know=2, level_1=1, level_2=1, level_3=1, level_4=1,
                 mean=2.5, median=2.5, spread=1.118033988749895,  # sqrt(1.25)
                 low_share=0.5, high_share=0.5, split=True),
        ),
        # population standard deviation: sqrt(((1-2.5)^2 + (4-2.5)^2) / 2) = 1.5
        (
            [1, 4],
            dict(answers=2, rated=2, dont_know=0, level_1=1, level_2=0, level_3=0, level_4=1,
                 mean=2.5, median=2.5, spread=1.5, low_share=0.5, high_share=0.5, split=True),
        ),
        # even count, ties in the middle: median of 2, 2, 3, 3 is 2.5
        (
            [3, 2, 3, 2],
            dict(answers=4, rated=4, dont_know=0, level_1=0, level_2=2, level_3=2, level_4=0,
                 mean=2.5, median=2.5, spread=0.5, low_share=0.5, high_share=0.5, split=True),
        ),
        # median of 1, 2, 2, 4 is 2; mean 9/4; spread sqrt((3.0625 + 0.0625 + 1.5625 + 0.0625) / 4)
        (
            [4, 2, 1, 2],
            dict(answers=4, rated=4, dont_know=0, level_1=1, level_2=2, level_3=0, level_4=1,
                 mean=2.25, median=2.0, spread=1.0897247358851685,
                 low_share=0.75, high_share=0.25, split=True),
        ),
        # odd count: mean 8/3, median 3, spread sqrt(2/9)
        (
            [2, 3, 3],
            dict(answers=3, rated=3, dont_know=0, level_1=0, level_2=1, level_3=2, level_4=0,
                 mean=2.6666666666666665, median=3.0, spread=0.4714045207910317,
                 low_share=0.3333333333333333, high_share=0.6666666666666666, split=True),
        ),
        # one participant only
        (
            [3],
            dict(answers=1, rated=1, dont_know=0, level_1=0, level_2=0, level_3=1, level_4=0,
                 mean=3.0, median=3.0, spread=0.0, low_share=0.0, high_share=1.0, split=False),
        ),
        # everybody said "don't know"
        (
            ["dk", "dk", "dk"],
            dict(answers=3, rated=0, dont_know=3, level_1=0, level_2=0, level_3=0, level_4=0,
                 mean=NAN, median=NAN, spread=NAN, low_share=NAN, high_share=NAN, split=False),
        ),
        # values that are not levels count as answers, never as levels
        (
            [True, 5, "3", None, 0, 2.0, {"level": 2}, False, 4],
            dict(answers=9, rated=1, dont_know=0, level_1=0, level_2=0, level_3=0, level_4=1,
                 mean=4.0, median=4.0, spread=0.0, low_share=0.0, high_share=1.0, split=False),
        ),
    ],
)  # fmt: skip
def test_item_summary_by_hand(values, expected):
    row = summary_of(values)
    for column, value in expected.items():
        assert same(row[column], value), (column, row[column], value)


def test_an_item_nobody_answered():
    latest = latest_answers(answers("q", [1, 4]))
    summary = item_summary(latest, ["q", "nobody"])
    row = summary.loc["nobody"]
    assert [int(row[c]) for c in ["answers", "rated", "dont_know"]] == [0, 0, 0]
    assert [int(row[f"level_{lv}"]) for lv in (1, 2, 3, 4)] == [0, 0, 0, 0]
    assert all(math.isnan(row[c]) for c in STATS)
    assert not row["split"]


def test_summary_rows_follow_the_order_of_items_and_has_the_documented_columns():
    latest = latest_answers(frame([(1, "a", "x", 1), (2, "a", "y", 2), (3, "a", "z", 3)]))
    summary = item_summary(latest, ["z", "x", "y"])
    assert summary.index.tolist() == ["z", "x", "y"]
    assert summary.index.name == "item"
    assert list(summary.columns) == [
        "answers", "rated", "dont_know", "level_1", "level_2", "level_3", "level_4",
        "mean", "median", "spread", "low_share", "high_share", "split",
    ]  # fmt: skip
    assert summary["mean"].tolist() == [3.0, 1.0, 2.0]


def test_an_empty_round():
    latest = latest_answers(frame([]))
    summary = item_summary(latest, ["q"])
    assert int(summary.loc["q", "answers"]) == 0
    assert math.isnan(summary.loc["q", "mean"])
    verdicts = section_verdicts(summary, {"s": ["q"]})
    assert verdicts.loc["s", "verdict"] == "unknown"


def test_changing_ones_mind_counts_once():
    # p0 says 1, then dk, then 4; p1 says 4 then 1: latest are 4 and 1.
    responses = frame(
        [(1, "p0", "q", 1), (2, "p1", "q", 4), (3, "p0", "q", "dk"), (5, "p0", "q", 4),
         (4, "p1", "q", 1)]
    )  # fmt: skip
    row = item_summary(latest_answers(responses), ["q"]).loc["q"]
    assert (int(row["answers"]), int(row["rated"]), int(row["dont_know"])) == (2, 2, 0)
    assert (int(row["level_1"]), int(row["level_4"])) == (1, 1)
    assert row["mean"] == 2.5


# -- the split flag -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values, split",
    [
        ([1, 3, 3, 3], True),  # 1 low of 4 rated: exactly a quarter
        ([1, 3, 3, 3, 3], False),  # 1 low of 5 rated: 20 %
        ([4, 1, 1, 1], True),  # 1 high of 4
        ([4, 2, 2, 2, 2], False),  # 1 high of 5
        ([2, 2, 3, 3, 3, 3, 4, 4], True),  # 2 low of 8
        ([2, 2, 3, 3, 3, 3, 4, 4, 4], False),  # 2 low of 9
        ([1, 4, 4, 4, "dk", "dk", "dk", "dk"], True),  # a quarter of those who rated, not of all
        ([1, 4, 4, 4, 4, "dk"], False),
        ([2, 3], True),  # two people are enough
        ([1], False),  # one person is never a split group
        ([1, "dk", "dk"], False),
        ([4, "dk"], False),
        ([1, 1, 1, 1], False),
        ([3, 4, 3, 4], False),
        (["dk", "dk"], False),
        ([], False),
    ],
)
def test_split_rule(values, split):
    row = summary_of(values) if values else item_summary(latest_answers(frame([])), ["q"]).loc["q"]
    assert bool(row["split"]) is split


# -- verdicts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mean, expected",
    [
        (4.0, "ready"),
        (3.0, "ready"),
        (3, "ready"),
        (2.9999999999999996, "partly"),  # the float just below 3
        (2.99, "partly"),
        (2.5, "partly"),
        (2.0, "partly"),
        (2, "partly"),
        (1.9999999999999998, "not_yet"),  # the float just below 2
        (1.99, "not_yet"),
        (1.0, "not_yet"),
        (float("nan"), "unknown"),
        (None, "unknown"),
    ],
)
def test_verdict_thresholds(mean, expected):
    assert verdict(mean) == expected


def test_section_verdict_averages_item_means_not_answers():
    # Section "s": item a rated 4 by four people (mean 4), item b rated 1 by one (mean 1).
    # Mean of item means: (4 + 1) / 2 = 2.5 -> partly.  Pooling the five answers would
    # give (16 + 1) / 5 = 3.4 -> ready, which is not the rule.
    rows = [(n + 1, f"p{n}", "a", 4) for n in range(4)] + [(9, "p0", "b", 1)]
    summary = item_summary(latest_answers(frame(rows)), ["a", "b"])
    verdicts = section_verdicts(summary, {"s": ["a", "b"]})
    assert verdicts.loc["s", "mean"] == 2.5
    assert verdicts.loc["s", "verdict"] == "partly"
    assert int(verdicts.loc["s", "rated_items"]) == 2
    assert int(verdicts.loc["s", "split_items"]) == 0


def test_section_verdicts_by_hand():
    rows = [
        # item "low": 1, 2 (mean 1.5); item "mid": 2, 3 (mean 2.5) -> section "two" = 2.0
        (1, "a", "low", 1), (2, "b", "low", 2), (3, "a", "mid", 2), (4, "b", "mid", 3),
        # "top": 4, "bottom": 2 -> section "three" = 3.0
        (5, "a", "top", 4), (6, "a", "bottom", 2),
        # "apart": 1, 4 (split, mean 2.5); "unsure": only dk -> section "mixed" = 2.5
        (7, "a", "apart", 1), (8, "b", "apart", 4), (9, "a", "unsure", "dk"),
        # "below": 1, 2, 2 (mean 5/3) and "fine": 2 -> section "below" = (5/3 + 2) / 2 = 11/6
        (10, "a", "below", 1), (11, "b", "below", 2), (12, "c", "below", 2),
        (13, "a", "fine", 2),
    ]  # fmt: skip
    items = ["low", "mid", "top", "bottom", "apart", "unsure", "below", "fine"]
    summary = item_summary(latest_answers(frame(rows)), items)
    sections = {
        "two": ["low", "mid"],
        "three": ["top", "bottom"],
        "mixed": ["apart", "unsure", "not-an-item"],
        "dk": ["unsure"],
        "below": ["below", "fine"],
        "empty": [],
    }
    verdicts = section_verdicts(summary, sections)
    assert verdicts.index.tolist() == ["two", "three", "mixed", "dk", "below", "empty"]
    assert verdicts.index.name == "section"
    assert list(verdicts.columns) == ["mean", "rated_items", "split_items", "verdict"]
    expected = {
        "two": (2.0, 2, 1, "partly"),  # "low" 1 vs 2 is not split; "mid" 2 vs 3 is
        "three": (3.0, 2, 0, "ready"),
        "mixed": (2.5, 1, 1, "partly"),
        "dk": (NAN, 0, 0, "unknown"),
        "below": (1.8333333333333333, 2, 0, "not_yet"),
        "empty": (NAN, 0, 0, "unknown"),
    }
    for section, (mean, rated, split, label) in expected.items():
        row = verdicts.loc[section]
        assert same(row["mean"], mean), section
        assert (int(row["rated_items"]), int(row["split_items"]), row["verdict"]) == (
            rated,
            split,
            label,
        ), section


# -- sectors --------------------------------------------------------------------------------


SECTOR_ROWS = [
    # a: public, then an answer without sector -> still public
    (1, "a", "_join", {"client": "a"}, "public"),
    (2, "a", "q1", 4, "public"),
    (3, "a", "q2", 1),
    (20, "a", "q2", 3),  # changed their mind
    # b: health, later education -> education
    (4, "b", "_join", {"client": "b"}, "health"),
    (5, "b", "q1", 2, "education"),
    (6, "b", "q2", True, "education"),  # not a level
    # c: never a sector -> unknown
    (7, "c", "q1", 3),
    (8, "c", "q2", 1),
    # d: sector only on the join record; dk on q1
    (9, "d", "_join", {"client": "d"}, "community"),
    (10, "d", "q1", "dk"),
    (11, "d", "q2", 2),
    # e: health, then an empty sector -> health
    (12, "e", "q1", 1, "health"),
    (13, "e", "q2", 4, ""),
]


def test_respondents_by_sector_takes_the_latest_non_empty_sector():
    sectors = respondents_by_sector(frame(SECTOR_ROWS))
    assert sectors.to_dict() == {
        "a": "public",
        "b": "education",
        "d": "community",
        "e": "health",
    }


def test_respondents_by_sector_of_nothing():
    assert respondents_by_sector(frame([])).empty
    assert respondents_by_sector(frame([(1, "a", "q", 1), (2, "b", "q", 2)])).empty


def test_sector_means_by_hand():
    responses = frame(SECTOR_ROWS)
    latest = latest_answers(responses, items=["q1", "q2", "q3"])
    table = sector_means(latest, respondents_by_sector(responses), ["q1", "q2", "q3"])
    assert table.index.tolist() == ["q1", "q2", "q3"]
    assert sorted(table.columns) == ["community", "education", "health", "public", "unknown"]
    expected = {
        # q1: a 4 (public), b 2 (education), c 3 (unknown), d dk, e 1 (health)
        "q1": {"public": 4.0, "education": 2.0, "unknown": 3.0, "community": NAN, "health": 1.0},
        # q2: a 3 (latest), b True (ignored), c 1, d 2, e 4
        "q2": {"public": 3.0, "education": NAN, "unknown": 1.0, "community": 2.0, "health": 4.0},
        "q3": dict.fromkeys(["public", "education", "unknown", "community", "health"], NAN),
    }
    for item, cells in expected.items():
        for sector, mean in cells.items():
            assert same(table.loc[item, sector], mean), (item, sector, table.loc[item, sector])


def test_sector_means_pools_a_sector_then_averages():
    # two unknown-sector people, 1 and 4, and two health people, 2 and 2
    responses = frame(
        [(1, "u1", "q", 1), (2, "u2", "q", 4), (3, "h1", "q", 2, "health"),
         (4, "h2", "q", 2, "health"), (5, "h2", "q", "dk")]
    )  # fmt: skip
    latest = latest_answers(responses, items=["q"])
    table = sector_means(latest, respondents_by_sector(responses), ["q"])
    assert table.loc["q", "unknown"] == 2.5
    assert table.loc["q", "health"] == 2.0  # h2's latest answer is dk: only h1 counts


def test_sector_means_when_nobody_gave_a_level():
    responses = frame([(1, "a", "q", "dk", "health"), (2, "a", "_join", {"c": 1}, "health")])
    latest = latest_answers(responses, items=["q", "r"])
    table = sector_means(latest, respondents_by_sector(responses), ["q", "r"])
    assert table.index.tolist() == ["q", "r"]
    assert table.columns.empty


def test_sector_means_ignores_items_not_asked_for():
    responses = frame([(1, "a", "q", 4, "health"), (2, "a", "other", 1, "health")])
    latest = latest_answers(responses)  # no items= here: "other" is still in latest
    table = sector_means(latest, respondents_by_sector(responses), ["q"])
    assert table.index.tolist() == ["q"]
    assert table.loc["q", "health"] == 4.0
