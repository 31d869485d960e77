"""Backbone analysis on hand-built cases, checked against values worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cikit import content
from cikit.analysis.structure_soutien import (
    GAP_NOTABLE,
    PARTNERS,
    STAFF,
    clean_budget,
    clean_staff,
    clean_ticks,
    function_scores,
    group_for_role,
    largest_gap,
    normalise_resources,
    parse_number,
    phase_progress,
    resource_summary,
    resource_warnings,
    respondent_groups,
    statement_scores,
    where_are_we,
)
from cikit.errors import ValidationError

FUNCTIONS = {"vision": ["v.a", "v.b"], "funding": ["f.a", "f.b"]}


def _answers(rows):
    """rows: (respondent, item, value); ids in order, so a later row is a later answer."""
    return pd.DataFrame(
        [
            {"id": i + 1, "respondent": r, "item": item, "value": v}
            for i, (r, item, v) in enumerate(rows)
        ]
    )


# -- who is staff -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "group"),
    [("backbone", STAFF), ("partner", PARTNERS), ("resident", PARTNERS),
     ("facilitator", PARTNERS), ("observer", PARTNERS), (None, PARTNERS), ("", PARTNERS)],
)  # fmt: skip
def test_group_for_role(role, group):
    assert group_for_role(role) == group


def test_respondent_groups_named_by_role_anonymous_by_choice():
    df = pd.DataFrame(
        {
            "id": [1, 2, 3, 4, 5, 6],
            "respondent": ["p:1", "p:2", "a:aaaaaaaa", "a:bbbbbbbb", "a:cccccccc", "a:aaaaaaaa"],
            "item": ["_join", "_join", "_join", "_join", "v.a", "v.a"],
            "value": [{}, {"group": "partners"}, {"group": "staff"}, {"group": "<b>"}, 3, 2],
        }
    )
    groups = respondent_groups(df, {1: "backbone", 2: "partner"})
    assert groups.to_dict() == {
        "p:1": STAFF,  # the role decides in a named round
        "p:2": PARTNERS,
        "a:aaaaaaaa": STAFF,  # the choice made when joining
        "a:bbbbbbbb": PARTNERS,  # an unknown choice counts as partner
        "a:cccccccc": PARTNERS,  # no join record: partner
    }
    assert respondent_groups(df.iloc[0:0], {}).empty


def test_a_participant_without_a_known_role_is_a_partner():
    df = _answers([("p:9", "v.a", 3)])
    assert respondent_groups(df, {}).to_dict() == {"p:9": PARTNERS}


# -- scores ---------------------------------------------------------------------------------------


def test_function_scores_per_group_and_gap_by_hand():
    rows = [
        # partners p:1, p:2; staff p:3, p:4
        ("p:1", "v.a", 2), ("p:1", "v.b", 1), ("p:1", "f.a", 3), ("p:1", "f.b", 3),
        ("p:2", "v.a", 3), ("p:2", "v.b", "dk"), ("p:2", "f.a", 4), ("p:2", "f.b", 2),
        ("p:3", "v.a", 4), ("p:3", "v.b", 4), ("p:3", "f.a", 3), ("p:3", "f.b", 3),
        ("p:4", "v.a", 4), ("p:4", "v.b", 3), ("p:4", "f.a", "dk"), ("p:4", "f.b", 2),
    ]  # fmt: skip
    groups = pd.Series({"p:1": PARTNERS, "p:2": PARTNERS, "p:3": STAFF, "p:4": STAFF})
    scores = function_scores(_answers(rows), groups, FUNCTIONS)
    # vision, partners: v.a = (2+3)/2 = 2.5; v.b = 1 (dk left out) -> (2.5+1)/2 = 1.75
    # vision, staff:    v.a = 4; v.b = 3.5 -> 3.75.  Gap 3.75 - 1.75 = 2.0, notable.
    vision = scores.loc["vision"]
    assert vision["partners"] == pytest.approx(1.75)
    assert vision["staff"] == pytest.approx(3.75)
    assert vision["gap"] == pytest.approx(2.0) and vision["notable"]
    # everyone: v.a = (2+3+4+4)/4 = 3.25; v.b = (1+4+3)/3 = 8/3 -> (3.25 + 8/3)/2
    assert vision["all"] == pytest.approx((3.25 + 8 / 3) / 2)
    assert vision["partners_people"] == 2 and vision["staff_people"] == 2
    assert vision["dont_know"] == 1
    # funding, partners: f.a = 3.5, f.b = 2.5 -> 3.0; staff: f.a = 3 (dk out), f.b = 2.5 -> 2.75
    funding = scores.loc["funding"]
    assert funding["partners"] == pytest.approx(3.0)
    assert funding["staff"] == pytest.approx(2.75)
    assert funding["gap"] == pytest.approx(-0.25) and not funding["notable"]
    assert funding["dont_know"] == 1
    assert list(scores.index) == ["vision", "funding"]
    assert largest_gap(scores) == "vision"


def test_the_latest_answer_counts():
    rows = [("p:1", "v.a", 1), ("p:2", "v.a", 4), ("p:1", "v.a", 3)]
    groups = pd.Series({"p:1": PARTNERS, "p:2": STAFF})
    scores = function_scores(_answers(rows), groups, {"vision": ["v.a"]})
    assert scores.loc["vision", "partners"] == 3.0 and scores.loc["vision", "gap"] == 1.0


def test_a_gap_of_exactly_one_level_is_notable_and_just_under_is_not():
    assert GAP_NOTABLE == 1.0
    groups = pd.Series({"p:1": PARTNERS, "p:2": STAFF, "p:3": STAFF})
    exact = function_scores(
        _answers([("p:1", "v.a", 2), ("p:2", "v.a", 3)]), groups, {"v": ["v.a"]}
    )
    assert exact.loc["v", "notable"]
    under = function_scores(
        _answers([("p:1", "v.a", 2), ("p:2", "v.a", 3), ("p:3", "v.a", 2)]), groups, {"v": ["v.a"]}
    )
    assert under.loc["v", "gap"] == pytest.approx(0.5) and not under.loc["v", "notable"]


def test_dont_know_only_gives_no_score_but_is_counted():
    rows = [("p:1", "v.a", "dk"), ("p:1", "v.b", "dk"), ("p:2", "v.a", 2)]
    groups = pd.Series({"p:1": STAFF, "p:2": PARTNERS})
    scores = function_scores(_answers(rows), groups, {"vision": ["v.a", "v.b"]})
    row = scores.loc["vision"]
    assert math.isnan(row["staff"]) and row["partners"] == 2.0
    assert math.isnan(row["gap"]) and not row["notable"]
    assert row["staff_people"] == 0 and row["partners_people"] == 1 and row["dont_know"] == 2


def test_an_empty_round_gives_empty_scores_without_error():
    empty = pd.DataFrame(columns=["id", "respondent", "item", "value"])
    scores = function_scores(empty, pd.Series(dtype=object), FUNCTIONS)
    assert list(scores.index) == ["vision", "funding"]
    assert scores[["partners", "staff", "all", "gap"]].isna().all().all()
    assert (scores["partners_people"] == 0).all() and (scores["dont_know"] == 0).all()
    assert largest_gap(scores) is None


def test_one_respondent_gives_one_side_and_no_gap():
    rows = [("p:5", "v.a", 4), ("p:5", "v.b", 3), ("p:5", "_join", {"client": "x"})]
    scores = function_scores(_answers(rows), pd.Series({"p:5": STAFF}), FUNCTIONS)
    assert scores.loc["vision", "staff"] == 3.5
    assert math.isnan(scores.loc["vision", "partners"]) and math.isnan(scores.loc["vision", "gap"])
    assert math.isnan(scores.loc["funding", "staff"])
    assert scores.loc["vision", "all"] == 3.5


def test_a_respondent_missing_from_groups_counts_as_partner():
    scores = function_scores(
        _answers([("a:zzzzzzzz", "v.a", 2)]), pd.Series(dtype=object), {"v": ["v.a"]}
    )
    assert scores.loc["v", "partners"] == 2.0 and scores.loc["v", "partners_people"] == 1


def test_crafted_values_are_not_levels():
    rows = [("p:1", "v.a", True), ("p:1", "v.b", 7), ("p:2", "v.a", "3"), ("p:3", "v.a", 2)]
    groups = pd.Series({"p:1": PARTNERS, "p:2": PARTNERS, "p:3": PARTNERS})
    per_item = statement_scores(_answers(rows), groups, ["v.a", "v.b"])
    assert per_item.loc["v.a", "partners"] == 2.0 and per_item.loc["v.a", "partners_rated"] == 1
    assert np.isnan(per_item.loc["v.b", "partners"])


def test_rubric_content_has_six_functions_with_short_and_intermediate_outcomes():
    doc = content.document("backbone_rubric")
    ids = [e["id"] for e in doc["entries"]]
    assert ids == ["vision", "activities", "measurement", "public_will", "policy", "funding"]
    statement_ids = []
    for entry in doc["entries"]:
        horizons = {s["horizon"] for s in entry["statements"]}
        assert horizons == {"short", "intermediate"}
        for s in entry["statements"]:
            assert s["fr"].strip() and s["en"].strip() and s["source"]
            assert s["id"].startswith(entry["id"] + ".")
            statement_ids.append(s["id"])
    assert len(statement_ids) == len(set(statement_ids)) == 24
    assert [lv["id"] for lv in doc["levels"]] == [1, 2, 3, 4]


# -- phases ----------------------------------------------------------------------------------------

COMPONENTS = ["governance", "planning", "community", "evaluation"]
PHASES = ["phase1", "phase2", "phase3"]


def _ticks(*keys):
    return {k: True for k in keys}


def test_nothing_ticked_is_no_phase():
    found = where_are_we({}, COMPONENTS, PHASES)
    assert found == {"phase": None, "done": 0, "total": 12, "complete": False,
                     "remaining": [], "catch_up": []}  # fmt: skip


def test_one_tick_is_the_first_phase_with_the_rest_remaining():
    found = where_are_we(_ticks("planning.phase2"), COMPONENTS, PHASES)
    # No phase is half done: the initiative is starting (phase I).
    assert found["phase"] == "phase1" and found["done"] == 1
    assert found["remaining"] == [f"{c}.phase1" for c in COMPONENTS]
    assert found["catch_up"] == []


def test_the_furthest_phase_half_done_with_earlier_gaps_to_catch_up():
    ticks = _ticks(
        "governance.phase1", "planning.phase1", "community.phase1",
        "governance.phase2", "evaluation.phase2",
        "planning.phase3",
    )  # fmt: skip
    found = where_are_we(ticks, COMPONENTS, PHASES)
    assert found["phase"] == "phase2"
    assert found["remaining"] == ["planning.phase2", "community.phase2"]
    assert found["catch_up"] == ["evaluation.phase1"]
    assert found["done"] == 6 and not found["complete"]
    progress = phase_progress(ticks, COMPONENTS, PHASES)
    assert progress["done"].tolist() == [3, 2, 1]
    assert progress["share"].tolist() == [0.75, 0.5, 0.25]
    assert progress["half"].tolist() == [True, True, False]
    assert not progress["complete"].any()


def test_everything_ticked_is_complete_in_the_last_phase():
    ticks = _ticks(*[f"{c}.{p}" for c in COMPONENTS for p in PHASES])
    found = where_are_we(ticks, COMPONENTS, PHASES)
    assert found["phase"] == "phase3" and found["complete"] and found["done"] == 12
    assert found["remaining"] == [] and found["catch_up"] == []


def test_clean_ticks_drops_unknown_cells_and_non_true_values():
    raw = {"governance.phase1": True, "governance.phase9": True, "x.phase1": True,
           "planning.phase1": "yes", "community.phase1": 1, "evaluation.phase1": False}  # fmt: skip
    assert clean_ticks(raw, COMPONENTS, PHASES) == {"governance.phase1": True}
    assert clean_ticks(["governance.phase1"], COMPONENTS, PHASES) == {}
    assert where_are_we(raw, COMPONENTS, PHASES)["done"] == 1


def test_phase_content_is_a_four_by_three_grid():
    doc = content.document("phases")
    assert [p["id"] for p in doc["phases"]] == PHASES
    assert [e["id"] for e in doc["entries"]] == COMPONENTS
    for entry in doc["entries"]:
        assert set(entry["cells"]) == set(PHASES)
        for cell in entry["cells"].values():
            assert cell["fr"].strip() and cell["en"].strip()
    assert [e.id for e in content.entries("crisis")] == ["respond", "recover", "resilience"]


# -- resources ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1,5", 1.5), ("0.5", 0.5), ("25 000 $", 25000.0), ("12\u00a0500,75", 12500.75), (2, 2.0),
     (" 3 ", 3.0), ("", None), ("abc", None), ("1,2,3", None), (True, None), (None, None),
     (float("nan"), None), ("1e400", None), ("9" * 50, None)],
)  # fmt: skip
def test_parse_number(raw, value):
    assert parse_number(raw) == value


def test_clean_staff_accepts_and_refuses():
    assert clean_staff(" Coordination ", "1", True) == {
        "role": "Coordination",
        "fte": 1.0,
        "dedicated": True,
    }
    assert clean_staff("<b>Agente</b>", "0,5", False)["role"] == "<b>Agente</b>"  # shown escaped
    for role, fte, dedicated, field in [
        ("", "1", True, "role"),
        ("Agent", "-1", True, "fte"),
        ("Agent", "0", True, "fte"),
        ("Agent", "500", True, "fte"),
        ("Agent", "beaucoup", True, "fte"),
        ("Agent", "1", "yes", "dedicated"),
        ("x" * 500, "1", True, "role"),
    ]:
        with pytest.raises(ValidationError) as caught:
            clean_staff(role, fte, dedicated)
        assert caught.value.field == field


def test_clean_budget_accepts_and_refuses():
    assert clean_budget("2027", "85 000") == {"year": 2027, "amount": 85000.0}
    assert clean_budget(2028, 0) == {"year": 2028, "amount": 0.0}
    for year, amount, field in [
        ("20x7", "1", "year"), ("2027,5", "1", "year"), ("1200", "1", "year"), ("2027", "-5", "amount"),
        ("2027", "1e12", "amount"), ("2027", "lots", "amount"),
    ]:  # fmt: skip
        with pytest.raises(ValidationError) as caught:
            clean_budget(year, amount)
        assert caught.value.field == field


def test_resource_summary_and_warnings_by_hand():
    resources = {
        "staff": [{"role": "Coordination", "fte": 1.0, "dedicated": True},
                  {"role": "Agente de mobilisation", "fte": 0.6, "dedicated": True},
                  {"role": "Soutien administratif (CLSC)", "fte": 0.2, "dedicated": False}],
        "budget": [{"year": 2027, "amount": 120000}, {"year": 2026, "amount": 90000},
                   {"year": 2028, "amount": 0}],
        "funders": ["Centraide", "Fondation"],
        "coordinator": "Geneviève Simard",
    }  # fmt: skip
    summary = resource_summary(resources)
    assert summary["fte"] == 1.8 and summary["dedicated_fte"] == 1.6 and summary["roles"] == 3
    assert summary["years"] == 2 and (summary["first_year"], summary["last_year"]) == (2026, 2027)
    assert summary["total"] == 210000 and summary["yearly"] == 105000 and summary["funders"] == 2
    assert resource_warnings(resources) == []
    no_dedicated = {
        **resources,
        "staff": [{"role": "Prêt de service", "fte": 0.5, "dedicated": False}],
    }
    assert resource_warnings(no_dedicated) == ["no_dedicated"]
    assert resource_warnings({}) == ["no_staff", "short_funding", "no_coordinator"]


def test_normalise_resources_drops_damaged_lines():
    raw = {
        "staff": [{"role": "A", "fte": 1, "dedicated": True}, {"role": "", "fte": 1, "dedicated": True},
                  "junk", {"role": "B", "fte": -3, "dedicated": False}],
        "budget": [{"year": 2027, "amount": 5}, {"year": 2027, "amount": 7}, {"year": "x"}],
        "funders": ["F", 3, "  "],
        "coordinator": ["not text"],
    }  # fmt: skip
    clean = normalise_resources(raw)
    assert clean["staff"] == [{"role": "A", "fte": 1.0, "dedicated": True}]
    assert clean["budget"] == [{"year": 2027, "amount": 7.0}]
    assert clean["funders"] == ["F"] and clean["coordinator"] == ""
    assert normalise_resources(None) == {
        "staff": [],
        "budget": [],
        "funders": [],
        "coordinator": "",
    }
