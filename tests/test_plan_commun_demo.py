"""The demo's Common agenda data follows the workbook's data model and tells its story.

The workbook's screens read these rounds and decisions as they are, so the demo must
hold valid answers (every dot allocation within the rules, every rating 1-5) and a
story worth showing: partners' views that really diverge by sector, a clear vote,
an open and a resolved disagreement, two versions of the agenda.
"""

from __future__ import annotations

import pandas as pd
import pytest

from cikit.analysis.text import fold, shared_and_distinctive, terms
from cikit.analysis.votes import agreement, check_allocation, dot_totals
from cikit.demo import write_demo
from cikit.store.rounds import CLOSED

WORKBOOK = "02_plan_commun"
VIEW_ITEMS = [f"view.{name}" for name in ("problem", "goal", "population", "territory", "causes")]
AGENDA_KEYS = {
    "problem", "data", "population", "territory", "vision", "goal", "horizon",
    "strategies", "principles", "evaluation", "disagreements",
}  # fmt: skip


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    workspace = write_demo(tmp_path_factory.mktemp("demo") / "demo.cikit")
    yield workspace
    workspace.close()


def _latest(responses: pd.DataFrame) -> pd.DataFrame:
    """The answer that counts: the latest per respondent and item."""
    return responses.sort_values("id").drop_duplicates(["respondent", "item"], keep="last")


def _round(ws, key):
    found = ws.current_round(WORKBOOK, key)
    assert found is not None
    return found, ws.round_responses(found["id"])


# -- views ---------------------------------------------------------------------------------


def test_views_round_is_closed_revealed_and_named(ws):
    found, _ = _round(ws, "views")
    assert found["status"] == CLOSED
    assert found["revealed"]
    assert not found["anonymous"]


def test_twelve_or_more_respondents_answered_all_five_items_after_joining(ws):
    _, responses = _round(ws, "views")
    latest = _latest(responses)
    complete = [
        respondent
        for respondent, part in latest.groupby("respondent")
        if set(VIEW_ITEMS) <= set(part["item"])
    ]
    assert len(complete) >= 12
    assert set(responses["item"]) == {"_join", *VIEW_ITEMS}
    for respondent, part in responses.sort_values("id").groupby("respondent"):
        assert part["item"].iloc[0] == "_join", respondent
        pid = int(respondent[2:])
        assert part["value"].iloc[0] == {"client": f"demo{pid:08d}"}
        assert respondent == f"p:{part['participant_id'].iloc[0]}"


def test_view_answers_are_plain_strings_of_1_to_2000_characters(ws):
    _, responses = _round(ws, "views")
    texts = responses[responses["item"] != "_join"]["value"]
    assert all(isinstance(t, str) and 1 <= len(t) <= 2000 for t in texts)
    assert responses["created_at"].dt.date.astype(str).eq("2026-10-21").all()


def test_one_person_changed_an_answer_and_the_later_one_counts(ws):
    _, responses = _round(ws, "views")
    answers = responses[responses["item"] != "_join"]
    repeated = answers[answers.duplicated(["respondent", "item"], keep=False)]
    assert not repeated.empty
    first, last = repeated.sort_values("id")["value"].iloc[[0, -1]]
    assert first != last


def test_some_views_are_in_english(ws):
    _, responses = _round(ws, "views")
    problems = _latest(responses).query("item == 'view.problem'")["value"]
    english = [t for t in problems if " the " in t]
    assert 1 <= len(english) <= 3


def test_problem_views_share_children_and_families_and_diverge_by_sector(ws):
    _, responses = _round(ws, "views")
    problems = _latest(responses).query("item == 'view.problem'")
    texts = problems.rename(columns={"value": "text"})[["respondent", "text"]]
    groups = problems.set_index("respondent")["sector"]
    assert groups.nunique() >= 5

    summary = shared_and_distinctive(terms(texts), groups)

    shared = set(summary.loc[summary["kind"] == "shared", "term"])
    assert any(term.startswith("enfant") for term in shared)
    assert any(term.startswith("famill") for term in shared)
    distinctive = summary[summary["kind"] == "distinctive"]
    sectors = {group for gs in distinctive["groups"] for group in gs}
    assert len(sectors) >= 3
    # The framings the story is built on.
    expected = {
        "education": "maternelle",
        "community": "pauvreté",
        "health": "vulnérables",
        "public": "transport",
        "residents": "garderie",
    }
    by_display = {
        fold(d): gs for d, gs in zip(distinctive["display"], distinctive["groups"], strict=True)
    }
    for sector, word in expected.items():
        assert by_display.get(fold(word)) == (sector,), word


def test_territories_differ_and_one_names_saint_isidore(ws):
    _, responses = _round(ws, "views")
    territories = _latest(responses).query("item == 'view.territory'")["value"].tolist()
    assert sum("Saint-Isidore" in t for t in territories) == 1
    assert any("Vieux-Moulin" in t for t in territories)
    assert any("secteur des Saules" in t for t in territories)
    assert any("toute la mrc" in t.lower() for t in territories)


# -- votes ---------------------------------------------------------------------------------


def test_votes_round_is_closed_revealed_and_configured(ws):
    found, responses = _round(ws, "votes")
    assert found["status"] == CLOSED
    assert found["revealed"]
    config = found["config"]
    assert config["dots"] == 3
    assert {f: len(c) for f, c in config["candidates"].items()} == {
        "problem": 3,
        "vision": 2,
        "goal": 3,
    }
    for field, candidates in config["candidates"].items():
        for n, candidate in enumerate(candidates, start=1):
            assert candidate["id"] == f"{field}.{n}"
            assert candidate["text"]
    assert responses["respondent"].nunique() >= 14


def test_every_dot_allocation_is_valid_and_names_only_its_fields_candidates(ws):
    found, responses = _round(ws, "votes")
    config = found["config"]
    dots = responses[responses["item"].str.startswith("dots.")]
    assert set(dots["item"]) == {"dots.problem", "dots.vision", "dots.goal"}
    for item, value in zip(dots["item"], dots["value"], strict=True):
        field = item.removeprefix("dots.")
        ids = [c["id"] for c in config["candidates"][field]]
        assert isinstance(value, dict) and value
        assert set(value) <= set(ids)
        assert all(type(n) is int and n > 0 for n in value.values())
        assert sum(value.values()) <= config["dots"]
        check_allocation(value, candidates=ids, dots=config["dots"])


def test_every_candidate_is_rated_1_to_5_by_every_voter(ws):
    found, responses = _round(ws, "votes")
    ids = [c["id"] for cs in found["config"]["candidates"].values() for c in cs]
    ratings = responses[responses["item"].str.startswith("agree.")]
    assert set(ratings["item"]) == {f"agree.{i}" for i in ids}
    assert all(type(v) is int and 1 <= v <= 5 for v in ratings["value"])
    voters = responses["respondent"].nunique()
    assert (ratings.groupby("item")["respondent"].nunique() == voters).all()


def test_the_vote_tells_a_clear_story(ws):
    found, responses = _round(ws, "votes")
    candidates = {f: [c["id"] for c in cs] for f, cs in found["config"]["candidates"].items()}

    def totals(field):
        return dot_totals(responses, candidates=candidates[field], dots=3, item=f"dots.{field}")

    levels = agreement(responses, candidates=candidates["problem"], prefix="agree.")["level"]
    assert levels.to_dict() == {"problem.1": "broad", "problem.2": "partial", "problem.3": "weak"}
    assert totals("problem")["dots"].idxmax() == "problem.1"
    visions = totals("vision")["dots"]
    assert abs(visions["vision.1"] - visions["vision.2"]) <= 3
    goals = totals("goal")["dots"]
    assert goals.idxmax() == "goal.1" and goals["goal.1"] > goals.drop("goal.1").max()


# -- decisions ------------------------------------------------------------------------------


def test_agenda_has_two_versions_with_every_section(ws):
    versions = ws.decision_versions(WORKBOOK, "agenda")
    assert [v["version"] for v in versions] == [1, 2]
    assert [v["supporters"] for v in versions] == [14, 16]
    for version in versions:
        agenda = version["content"]
        assert set(agenda) == AGENDA_KEYS
        assert agenda["goal"] and agenda["horizon"].isdigit()
        assert 4 <= len(agenda["strategies"]) <= 6
        assert all(isinstance(s, str) and s for s in agenda["strategies"] + agenda["principles"])
        assert any("Partager le pouvoir" in p for p in agenda["principles"])
        assert isinstance(agenda["disagreements"], list)
    first, second = (v["content"] for v in versions)
    assert len(second["strategies"]) == len(first["strategies"]) + 1
    assert len(second["principles"]) == len(first["principles"]) + 1
    assert (second["goal"], second["horizon"]) != (first["goal"], first["horizon"])
    assert ws.decision(WORKBOOK, "agenda")["version"] == 2


def test_disagreements_one_open_and_refined_one_resolved(ws):
    first = ws.decision_versions(WORKBOOK, "disagreement.1")
    assert len(first) == 2
    assert all(v["content"]["status"] == "open" for v in first)
    old, new = (v["content"] for v in first)
    assert {k for k in old if old[k] != new[k]} == {"handling"}

    resolved = ws.decision(WORKBOOK, "disagreement.2")["content"]
    assert resolved["status"] == "resolved" and resolved["resolution"]
    assert "Saint-Isidore" in resolved["what"]

    records = ws.decisions_by_prefix(WORKBOOK, "disagreement.")
    assert [r["key"] for r in records] == ["disagreement.1", "disagreement.2"]
    for record in records:
        assert set(record["content"]) == {"what", "who", "handling", "status", "resolution"}
    # The agenda lists the disagreements open when it was adopted.
    agenda = ws.decision(WORKBOOK, "agenda")["content"]
    assert agenda["disagreements"] == [new["what"]]
    assert ws.decision(WORKBOOK, "agenda", version=1)["content"]["disagreements"] == [
        new["what"],
        resolved["what"],
    ]
