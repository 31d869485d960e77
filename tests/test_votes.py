"""Dot votes, agreement levels and version differences against hand-computed values."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cikit.analysis.votes import (
    AllocationError,
    agreement,
    agreement_level,
    check_allocation,
    dot_totals,
    version_changes,
)

CANDIDATES = ["a", "b", "c"]


def _responses(rows):
    return pd.DataFrame(
        [
            {"id": i + 1, "respondent": r, "item": item, "value": v}
            for i, (r, item, v) in enumerate(rows)
        ]
    )


@pytest.mark.parametrize(
    ("allocation", "reason"),
    [
        ([1, 2], "not_a_mapping"),
        ({"z": 1}, "unknown_candidate"),
        ({"a": 1.5}, "not_a_whole_number"),
        ({"a": True}, "not_a_whole_number"),
        ({"a": "2"}, "not_a_whole_number"),
        ({"a": -1, "b": 3}, "negative"),
        ({"a": 2, "b": 2}, "too_many_dots"),
    ],
)
def test_bad_allocations_are_refused_with_a_reason(allocation, reason):
    with pytest.raises(AllocationError) as err:
        check_allocation(allocation, candidates=CANDIDATES, dots=3)
    assert err.value.reason == reason


def test_allocation_drops_zeros():
    assert check_allocation({"a": 0, "b": 3}, candidates=CANDIDATES, dots=3) == {"b": 3}


def test_dot_totals_latest_valid_allocation_per_person():
    responses = _responses(
        [
            ("p1", "dots", {"a": 3}),
            ("p1", "dots", {"a": 1, "b": 2}),  # changed: this one counts
            ("p2", "dots", {"c": 2}),
            ("p3", "dots", {"a": 9}),  # over the limit: ignored
            ("p4", "agree:a", 5),  # not a dot vote
        ]
    )
    totals = dot_totals(responses, candidates=CANDIDATES, dots=3)
    assert totals["dots"].tolist() == [1, 2, 2]
    assert totals["voters"].tolist() == [1, 1, 1]
    assert totals["share"].tolist() == [0.2, 0.4, 0.4]


def test_dot_totals_with_no_votes():
    totals = dot_totals(_responses([]).reindex(columns=["id", "respondent", "item", "value"]),
                        candidates=CANDIDATES, dots=3)  # fmt: skip
    assert totals["dots"].tolist() == [0, 0, 0]
    assert (totals["share"] == 0).all()


def test_agreement_share_and_levels():
    responses = _responses(
        [
            ("p1", "agree:a", 5),
            ("p2", "agree:a", 4),
            ("p3", "agree:a", 2),
            ("p4", "agree:a", 1),
            ("p4", "agree:a", 4),  # p4 changed to agree
            ("p1", "agree:b", 3),
            ("p2", "agree:b", 2),
            ("p3", "agree:b", 6),  # outside the scale: ignored
        ]
    )
    table = agreement(responses, candidates=CANDIDATES)
    assert table.loc["a", "ratings"] == 4
    assert table.loc["a", "mean"] == 3.75  # (5 + 4 + 2 + 4) / 4
    assert table.loc["a", "agree_share"] == 0.75
    assert table.loc["a", "level"] == "broad"
    assert table.loc["b", "agree_share"] == 0.0 and table.loc["b", "level"] == "weak"
    assert table.loc["c", "ratings"] == 0 and math.isnan(table.loc["c", "mean"])
    assert table.loc["c", "level"] == "unknown"


@pytest.mark.parametrize(
    ("share", "level"),
    [(1.0, "broad"), (0.75, "broad"), (0.7499, "partial"), (0.5, "partial"), (0.49, "weak"),
     (0.0, "weak"), (float("nan"), "unknown")],
)  # fmt: skip
def test_agreement_level_thresholds(share, level):
    assert agreement_level(share) == level


def test_version_changes_field_by_field():
    old = {"vision": "Des enfants en santé", "strategies": ["lire", "jouer"], "goal": "x"}
    new = {"vision": "Des enfants en santé", "strategies": ["lire", "accueillir"], "horizon": 2030}
    changes = version_changes(old, new).set_index("field")
    assert changes.loc["vision", "change"] == "same"
    assert changes.loc["strategies", "change"] == "changed"
    assert changes.loc["strategies", "added_items"] == ["accueillir"]
    assert changes.loc["strategies", "removed_items"] == ["jouer"]
    assert changes.loc["horizon", "change"] == "added"
    assert changes.loc["goal", "change"] == "removed"
    assert list(changes.index) == ["vision", "strategies", "horizon", "goal"]
