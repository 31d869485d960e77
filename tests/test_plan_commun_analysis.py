"""The common agenda's pure rules: what it must hold, and which proposal leads a vote."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cikit.analysis.plan_commun import (
    ITEM_MAX,
    LIST_MAX,
    TEXT_MAX,
    AgendaError,
    clean_agenda,
    leading,
    missing_fields,
    rank_candidates,
    split_lines,
)
from cikit.analysis.votes import agreement, dot_totals

FULL = {
    "problem": "  Trop d'enfants arrivent vulnérables à la maternelle. ",
    "vision": "Chaque enfant grandit entouré.",
    "goal": "De 29 % à 22 % d'enfants vulnérables",
    "horizon": "2030",
    "strategies": "- Visites à domicile\n* Transitions vers l'école\n\n• Visites à domicile\n",
    "principles": ["Équité", "  "],
}


def test_split_lines_drops_bullets_and_blank_lines():
    assert split_lines("- a\n\n  * b \n• c\n·d") == ["a", "b", "c", "d"]
    assert split_lines(None) == [] and split_lines(42) == []


def test_clean_agenda_strips_splits_and_deduplicates():
    clean = clean_agenda(FULL)
    assert clean["problem"] == "Trop d'enfants arrivent vulnérables à la maternelle."
    assert clean["strategies"] == ["Visites à domicile", "Transitions vers l'école"]
    assert clean["principles"] == ["Équité"]
    assert clean["data"] == "" and clean["disagreements"] == []
    assert missing_fields(clean) == []


def test_missing_fields_names_each_required_field_in_order():
    assert missing_fields(clean_agenda({})) == [
        "problem",
        "vision",
        "goal",
        "horizon",
        "strategies",
    ]
    assert missing_fields(clean_agenda({**FULL, "strategies": "\n - \n"})) == ["strategies"]
    assert missing_fields(clean_agenda({**FULL, "goal": "   "})) == ["goal"]


@pytest.mark.parametrize(
    ("draft", "field", "reason"),
    [
        ({"problem": "x" * (TEXT_MAX + 1)}, "problem", "too_long"),
        ({"problem": "x" * 50_000}, "problem", "too_long"),
        ({"strategies": ["x" * (ITEM_MAX + 1)]}, "strategies", "too_long"),
        ({"strategies": [f"s{i}" for i in range(LIST_MAX + 1)]}, "strategies", "too_many"),
        ({"horizon": "bientôt"}, "horizon", "horizon"),
        ({"horizon": "1999"}, "horizon", "horizon"),
        ({"goal": {"not": "text"}}, "goal", "not_text"),
        ({"strategies": [1, 2]}, "strategies", "not_text"),
        ({"principles": 7}, "principles", "not_text"),
    ],
)
def test_clean_agenda_refuses_out_of_bounds_fields(draft, field, reason):
    with pytest.raises(AgendaError) as err:
        clean_agenda(draft)
    assert (err.value.field, err.value.reason) == (field, reason)


def test_html_is_kept_as_text_for_the_page_to_escape():
    clean = clean_agenda({"problem": "<script>alert(1)</script>"})
    assert clean["problem"] == "<script>alert(1)</script>"


def _responses(rows):
    return pd.DataFrame(
        [
            {"id": i, "respondent": r, "item": item, "value": value}
            for i, (r, item, value) in enumerate(rows, start=1)
        ]
    )


def test_rank_candidates_by_dots_then_agreement_then_mean():
    ids = ["p.1", "p.2", "p.3"]
    rows = [
        ("a", "dots.p", {"p.1": 2, "p.2": 1}),
        ("b", "dots.p", {"p.2": 2, "p.1": 1}),
        ("c", "dots.p", {"p.3": 3}),
        ("a", "agree.p.1", 5), ("b", "agree.p.1", 4), ("c", "agree.p.1", 2),
        ("a", "agree.p.2", 4), ("b", "agree.p.2", 2), ("c", "agree.p.2", 2),
        ("a", "agree.p.3", 1), ("b", "agree.p.3", 1), ("c", "agree.p.3", 5),
    ]  # fmt: skip
    responses = _responses(rows)
    totals = dot_totals(responses, candidates=ids, dots=3, item="dots.p")
    ranked = rank_candidates(totals, agreement(responses, candidates=ids, prefix="agree."))
    # p.1 and p.2 both have 3 dots, p.3 has 3 too: agreement decides (2/3, 1/3, 1/3), then mean.
    assert ranked.index.tolist() == ["p.1", "p.2", "p.3"]
    assert ranked["dots"].tolist() == [3, 3, 3]
    assert ranked["rank"].tolist() == [1, 2, 3]
    assert ranked.loc["p.1", "level"] == "partial"
    assert ranked.loc["p.2", "mean"] == pytest.approx(8 / 3)
    assert leading(ranked) == "p.1"


def test_a_tie_on_every_criterion_has_no_leader():
    ids = ["x.1", "x.2"]
    responses = _responses(
        [("a", "dots.x", {"x.1": 1}), ("b", "dots.x", {"x.2": 1}),
         ("a", "agree.x.1", 4), ("a", "agree.x.2", 4)]
    )  # fmt: skip
    ranked = rank_candidates(
        dot_totals(responses, candidates=ids, dots=1, item="dots.x"),
        agreement(responses, candidates=ids, prefix="agree."),
    )
    assert ranked["rank"].tolist() == [1, 1]
    assert leading(ranked) is None


def test_no_vote_at_all_has_no_leader():
    ids = ["x.1", "x.2"]
    empty = _responses([]).reindex(columns=["id", "respondent", "item", "value"])
    ranked = rank_candidates(
        dot_totals(empty, candidates=ids, dots=3, item="dots.x"),
        agreement(empty, candidates=ids, prefix="agree."),
    )
    assert leading(ranked) is None
    assert np.isnan(ranked.loc["x.1", "mean"])
