"""The results layer and Workspace.frames()'s result frames: hand-checked on the demo, and empty.

The demo's story (``cikit/demo/data``) is what the expected values are checked
against: for instance the EQDEM's expected path from 27,4 % (2017) to 23 % (2032)
stands at 25,9 % in 2022, and the 29 % measured then is worse (lower is better).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from cikit import create_workspace, open_workspace
from cikit.results import (
    FRAMES,
    accueil,
    activites,
    communication,
    mesure_commune,
    plan_commun,
    preconditions,
    structure_soutien,
)

TABLES = ["initiative", "partners", "participants", "rounds", "responses", "decisions",
          "measurements", "activities"]  # fmt: skip
# The README's frames table, column by column (and the dtype of each, as documented).
RESULT_COLUMNS = {
    "readiness": {"round_id": "int64", "opened_at": "datetime64[ns, UTC]", "section": "object",
                  "mean": "float64", "rated_items": "int64", "split_items": "int64",
                  "verdict": "object", "respondents": "int64"},
    "agenda": {"version": "int64", "adopted_at": "datetime64[ns, UTC]", "adopted_by": "object",
               "supporters": "Int64", "problem": "object", "data": "object",
               "population": "object", "territory": "object", "vision": "object",
               "goal": "object", "horizon": "object", "evaluation": "object",
               "strategies": "object", "principles": "object", "disagreements": "object",
               "current": "bool"},
    "strategies": {"version": "int64", "number": "int64", "strategy": "object", "current": "bool"},
    "disagreements": {"key": "object", "version": "int64", "what": "object", "who": "object",
                      "handling": "object", "status": "object", "resolution": "object",
                      "recorded_at": "datetime64[ns, UTC]"},
    "indicators": {"indicator": "object", "list": "object", "position": "int64",
                   "name": "object", "unit": "object", "direction": "object", "own": "bool",
                   "baseline_value": "float64", "baseline_period": "object",
                   "target_value": "float64", "target_period": "object", "source": "object",
                   "frequency": "object", "partner_id": "Int64", "goal_link": "bool",
                   "disaggregations": "object"},
    "dashboard": {"indicator": "object", "name": "object", "unit": "object",
                  "direction": "object", "latest_value": "float64", "latest_period": "object",
                  "baseline_value": "float64", "baseline_period": "object",
                  "target_value": "float64", "target_period": "object", "status": "object"},
    "coverage": {"kind": "object", "covered": "int64", "total": "int64", "gaps": "object"},
    "network_ties": {"round_id": "int64", "wave": "object", "wave_date": "object",
                     "partner_a": "int64", "partner_b": "int64", "level": "object",
                     "rank": "int64", "mutual": "bool"},
    "decisions_log": {"key": "object", "version": "int64", "date": "object", "what": "object",
                      "information": "object", "by": "object",
                      "recorded_at": "datetime64[ns, UTC]", "recorded_by": "object"},
    "lessons": {"key": "object", "version": "int64", "date": "object", "kind": "object",
                "what": "object", "change": "object", "recorded_at": "datetime64[ns, UTC]",
                "recorded_by": "object"},
    "backbone_scores": {"round_id": "int64", "function": "object", "side": "object",
                        "score": "float64", "people": "int64", "gap": "float64",
                        "notable": "bool"},
}  # fmt: skip


def _dtypes(frame: pd.DataFrame) -> dict[str, str]:
    # Timestamps are UTC whatever unit pandas picks (ns or us): the README promises UTC.
    return {
        c: "datetime64[ns, UTC]" if isinstance(t, pd.DatetimeTZDtype) and str(t.tz) == "UTC"
        else str(t)
        for c, t in frame.dtypes.items()
    }  # fmt: skip


@pytest.fixture(scope="module")
def frames(demo_copy) -> dict[str, pd.DataFrame]:
    with open_workspace(demo_copy) as ws:
        return ws.frames()


@pytest.fixture
def ws(demo_copy):
    with open_workspace(demo_copy) as workspace:
        yield workspace


def test_frames_are_the_tables_then_the_results_with_the_documented_columns(frames):
    assert list(frames) == [*TABLES, *FRAMES] and list(FRAMES) == list(RESULT_COLUMNS)
    for name, columns in RESULT_COLUMNS.items():
        assert _dtypes(frames[name]) == columns, name


def test_the_readme_documents_every_result_frame_column_by_column():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): line for line in readme.splitlines()
            if line.startswith("| `")}  # fmt: skip
    for name, columns in RESULT_COLUMNS.items():
        documented = re.findall(r"`([a-z_]+)`", rows[name].split("|", 3)[3])
        assert [c for c in documented if c in columns] == list(columns), name


def test_an_empty_workspace_gives_empty_result_frames_with_the_same_columns(tmp_path):
    with create_workspace(tmp_path / "empty.cikit", name="Vide") as ws:
        frames = ws.frames()
    for name, columns in RESULT_COLUMNS.items():
        assert _dtypes(frames[name]) == columns, name
        if name != "coverage":
            assert frames[name].empty, name
    # Nothing named yet: four kinds of targets, none to reach.
    assert frames["coverage"][["covered", "total"]].to_numpy().sum() == 0


def test_readiness_per_round_and_section(frames):
    found = frames["readiness"].set_index("section")
    assert found["round_id"].nunique() == 1
    assert set(found["respondents"]) == {19}  # everyone but the facilitator
    assert list(found.index) == ["approach", "champion", "resources", "urgency", "readiness",
                                 "equity"]  # fmt: skip
    # The story: urgency is strong, resources only partly there, equity lags.
    assert (
        found.loc["urgency", "verdict"] == "ready" and found.loc["equity", "verdict"] == "not_yet"
    )
    assert found.loc["resources", "verdict"] == "partly"
    assert (found["rated_items"] == 4).all()


def test_agenda_one_row_per_adopted_version_and_its_strategies(frames):
    agenda = frames["agenda"]
    assert agenda["version"].tolist() == [1, 2] and agenda["current"].tolist() == [False, True]
    assert agenda["horizon"].tolist() == ["2030", "2032"]
    assert agenda["supporters"].tolist() == [14, 16]
    assert set(agenda["adopted_by"]) == {"Valérie Paquette"}
    assert len(agenda.loc[1, "disagreements"]) == 1 and agenda.loc[1, "goal"].startswith(
        "Réduire de 29 % à 23 %"
    )
    strategies = frames["strategies"]
    current = strategies[strategies["current"]]
    assert current["number"].tolist() == [1, 2, 3, 4, 5, 6]
    assert current["strategy"].iloc[-1].startswith("Former les intervenants")
    assert len(strategies[strategies["version"] == 1]) == 5


def test_disagreements_latest_version_of_each(frames):
    found = frames["disagreements"].set_index("key")
    assert found.loc["disagreement.1", "status"] == "open"
    assert found.loc["disagreement.2", "status"] == "resolved"
    assert found.loc["disagreement.2", "resolution"].startswith("Saint-Isidore fait partie")
    assert found["version"].tolist() == [2, 2]


def test_indicators_with_their_lists_and_definitions(frames, ws):
    found = frames["indicators"].set_index("indicator")
    assert found["list"].tolist() == ["headline"] * 4 + ["secondary", "development"]
    assert found["position"].tolist() == [1, 2, 3, 4, 1, 1]
    eqdem = found.loc["eqdem_vulnerable"]
    assert (eqdem["baseline_value"], eqdem["baseline_period"]) == (27.4, "2017")
    assert (eqdem["target_value"], eqdem["target_period"]) == (23.0, "2032")
    assert (eqdem["unit"], eqdem["direction"], eqdem["frequency"]) == ("%", "down", "every_5_years")
    assert eqdem["disaggregations"] == ["territory", "sex"] and eqdem["goal_link"]
    partners = ws.partners().set_index("id")["name"]
    assert partners[eqdem["partner_id"]] == "Direction de santé publique régionale"
    own = found.loc["own_parents_welcome"]
    assert own["own"] and pd.isna(own["baseline_value"]) and own["baseline_period"] == ""
    assert own["name"] == "Parents qui se disent bien accueillis par les services"


def test_dashboard_status_by_the_expected_path(frames):
    found = frames["dashboard"].set_index("indicator")
    assert list(found.index) == ["eqdem_vulnerable", "childcare_access", "home_visits_reach",
                                 "kindergarten_transition"]  # fmt: skip
    # EQDEM: path 27,4 (2017) → 23 (2032) is at 25,9 in 2022; 29 is worse (down is good).
    assert (found.loc["eqdem_vulnerable", "latest_value"],
            found.loc["eqdem_vulnerable", "latest_period"]) == (29.0, "2022")  # fmt: skip
    # Childcare 55 in 2025 under 55,6 on the path; transitions 52 under 55;
    # home visits 239 above 208,6.
    assert found["status"].to_dict() == {
        "eqdem_vulnerable": "off_track",
        "childcare_access": "off_track",
        "home_visits_reach": "on_track",
        "kindergarten_transition": "off_track",
    }


def test_coverage_of_the_running_activities(frames):
    found = frames["coverage"].set_index("kind")
    assert (found.loc["strategies", "covered"], found.loc["strategies", "total"]) == (5, 6)
    assert found.loc["strategies", "gaps"][0].startswith("Former les intervenants")
    assert found.loc["territories", "gaps"] == ["Saint-Isidore"]
    assert found.loc["indicators", "covered"] == found.loc["indicators", "total"] == 4


def test_network_ties_per_wave(frames, ws):
    ties = frames["network_ties"]
    assert ties.groupby("wave").size().to_dict() == {"Automne 2025": 20, "Automne 2026": 29}
    assert (ties["partner_a"] < ties["partner_b"]).all()
    assert set(ties["level"]) <= {"awareness", "cooperation", "coordination", "integration"}
    names = ws.partners().set_index("id")["name"]
    parents = names[names == "Comité de parents citoyens"].index[0]
    # Nobody worked with the parents' committee in 2025; three partners did in 2026.
    with_parents = ties[(ties["partner_a"] == parents) | (ties["partner_b"] == parents)]
    assert with_parents.groupby("wave").size().to_dict() == {"Automne 2026": 3}


def test_decisions_and_lessons_logs(frames):
    decisions = frames["decisions_log"]
    assert decisions["date"].tolist() == sorted(decisions["date"]) and len(decisions) == 5
    assert decisions["by"].iloc[0] == "Comité de pilotage"
    assert set(decisions["recorded_by"]) == {"Geneviève Simard"}
    lessons = frames["lessons"]
    assert lessons["kind"].value_counts().to_dict() == {"success": 3, "setback": 3}
    assert lessons["change"].iloc[1].startswith("La structure de soutien envoie")


def test_backbone_scores_per_side(frames):
    found = frames["backbone_scores"]
    assert len(found) == 12 and set(found["side"]) == {"partners", "staff"}
    wide = found.pivot(index="function", columns="side", values="score")
    assert round(wide.loc["vision", "partners"], 1) == 2.0
    assert round(wide.loc["vision", "staff"], 1) == 3.4
    vision = found[found["function"] == "vision"]
    assert vision["notable"].all() and round(vision["gap"].iloc[0], 1) == 1.4
    assert set(found.loc[found["side"] == "staff", "people"]) == {2}  # the two backbone staff


def test_frames_in_english_name_the_indicators_in_english(ws):
    frames = ws.frames("en")
    assert frames["dashboard"]["name"].iloc[0] == "Vulnerable children in kindergarten"
    assert ws.frames(results=False).keys() == set(TABLES)


def test_readers_give_dataclasses_and_tidy_frames(ws):
    agenda = plan_commun.latest_agenda(ws)
    assert agenda.version == 2 and agenda.horizon == "2032" and len(agenda.strategies) == 6
    assert [a.version for a in plan_commun.agenda_versions(ws)] == [1, 2]
    assert plan_commun.open_disagreements(ws)["key"].tolist() == ["disagreement.1"]
    found = preconditions.readiness(ws)
    assert found.respondents == 19 and found.verdicts.loc["urgency", "verdict"] == "ready"
    assert preconditions.conclusion(ws)["text"].startswith("L'urgence est bien là")
    indicator = mesure_commune.indicator(ws, "eqdem_vulnerable", "en")
    assert indicator.direction == "down" and not indicator.own
    assert mesure_commune.lists(ws)["secondary"] == ["food_bank_children"]
    assert accueil.missing(ws) == ["private"]
    refs = activites.references(ws, "fr")
    assert len(refs.strategies) == 6 and refs.territories[-1] == "Saint-Isidore"
    assert activites.last_snapshot(ws)["taken_on"] == "2025-11-20"
    assert [w.title for w in communication.waves(ws)] == [
        "Automne 2025 (2025-10-15)", "Automne 2026 (2026-10-14)"]  # fmt: skip
    assert len(communication.tables(ws)) == 5
    resources = structure_soutien.backbone_resources(ws)
    assert resources.recorded and resources.summary["fte"] == 1.8 and resources.warnings == ()
    assert structure_soutien.where(ws)["phase"] == "phase2"
    assert structure_soutien.phase_grid(ws)["community"] == set()


def test_removed_and_odd_records_are_read_as_far_as_they_go(tmp_path):
    with create_workspace(tmp_path / "odd.cikit", name="Bizarre") as ws:
        ws.adopt_decision(workbook="05_communication", key="decision.1",
                          content={"date": "2026-01-01", "what": "w", "by": "b", "removed": True})  # fmt: skip
        ws.adopt_decision(workbook="05_communication", key="lesson.1",
                          content={"what": 12, "kind": "bogus"})  # fmt: skip
        ws.adopt_decision(workbook="02_plan_commun", key="agenda",
                          content={"goal": ["not", "text"], "strategies": ["A", 3, " ", "B"]})  # fmt: skip
        ws.adopt_decision(workbook="03_mesure_commune", key="lists",
                          content={"headline": ["eqdem_vulnerable", "nope", 7]})  # fmt: skip
        ws.adopt_decision(workbook="03_mesure_commune", key="definition.eqdem_vulnerable",
                          content={"baseline_value": "27", "target_period": 2030})  # fmt: skip
        frames = ws.frames()
    assert frames["decisions_log"].empty
    assert frames["lessons"][["what", "kind", "date"]].iloc[0].tolist() == ["", "", ""]
    assert frames["agenda"]["goal"].tolist() == [""]
    assert frames["strategies"]["strategy"].tolist() == ["A", "B"]
    board = frames["dashboard"]
    assert board["indicator"].tolist() == ["eqdem_vulnerable"]
    assert board["status"].tolist() == ["no_data"] and pd.isna(board["baseline_value"].iloc[0])
