"""Gaps, overlaps, specialisation, harmonisation and alignment against hand-built maps."""

from __future__ import annotations

import pandas as pd
import pytest

from cikit.analysis.activites import (
    ALONE,
    MOSTLY,
    SHARED,
    References,
    active_on,
    alignment,
    as_frame,
    check_activity,
    compare,
    gaps,
    harmonisation,
    matrix,
    overlaps,
    select,
    specialisation,
)
from cikit.analysis.activites.imports import parse_activities, parse_month, template

REFS = References(
    strategies=("Visites à domicile", "Accès aux services de garde", "Transition scolaire"),
    indicators={
        "home_visits": "Familles rejointes",
        "childcare": "Places en garde",
        "eqdem": "Vulnérabilité EQDEM",
    },  # fmt: skip
    headline=("home_visits", "childcare", "eqdem"),
    territories=("Vieux-Moulin", "Les Saules", "Saint-Isidore"),
    populations=("Familles isolées", "Familles nouvellement arrivées"),
    partners={1: "Maison de la famille", 2: "CLSC", 3: "CPE Les Petits Pas"},
)


def act(i, partner, strategy, *, pops=(), terrs=(), start="", end="", staff=None, **extra):
    return {"id": i, "partner_id": partner, "name": f"A{i}", "strategy": strategy,
            "populations": list(pops), "territories": list(terrs), "start": start,
            "end": end, "staff": staff, "indicators": extra.pop("indicators", []), **extra}  # fmt: skip


def empty_map() -> pd.DataFrame:
    return as_frame([act(1, 1, "x")]).iloc[0:0]


def test_an_empty_map_has_every_named_thing_as_a_gap_and_no_overlap():
    frame = empty_map()
    found = gaps(frame, REFS)
    assert found["strategies"] == list(REFS.strategies)
    assert found["indicators"] == list(REFS.headline)
    assert found["territories"] == list(REFS.territories)
    assert found["populations"] == list(REFS.populations)
    assert overlaps(frame, REFS).empty
    assert specialisation(frame, REFS).empty
    assert harmonisation(frame, REFS).empty
    summary = alignment(frame, REFS)
    assert summary["activities"] == 0 and summary["coverage"] == 0.0
    assert matrix(frame, REFS).shape == (0, 3)


def test_gaps_compare_names_loosely_and_keep_the_agenda_order():
    frame = as_frame([
        act(1, 1, "Visites à domicile", pops=["familles isolees"], terrs=["VIEUX-MOULIN"],
            indicators=["home_visits"]),
        act(2, 2, "Transition scolaire", terrs=["Les Saules"], indicators=["eqdem"]),
    ])  # fmt: skip
    found = gaps(frame, REFS)
    assert found == {
        "strategies": ["Accès aux services de garde"],
        "indicators": ["childcare"],
        "territories": ["Saint-Isidore"],
        "populations": ["Familles nouvellement arrivées"],
    }


def test_a_single_partner_has_no_overlap_and_carries_everything_alone():
    frame = as_frame([
        act(1, 1, "Visites à domicile", pops=["Familles isolées"], terrs=["Les Saules"]),
        act(2, 1, "Visites à domicile", pops=["Familles isolées"], terrs=["Les Saules"]),
        act(3, 1, "Transition scolaire", pops=["Familles isolées"], terrs=["Les Saules"]),
    ])  # fmt: skip
    assert overlaps(frame, REFS).empty
    spec = specialisation(frame, REFS)
    assert set(spec["kind"]) == {ALONE}
    assert spec.loc[spec["strategy"] == "Visites à domicile", "activities"].item() == 2


def test_overlap_needs_two_partners_same_cell_and_crossing_periods():
    frame = as_frame([
        # Cell (visits, isolated, Saules): partners 1 and 2 cross in 2026-01..2026-06.
        act(1, 1, "Visites à domicile", pops=["Familles isolées"], terrs=["Les Saules"],
            start="2025-09", end="2026-06"),
        act(2, 2, "Visites à domicile", pops=["Familles isolées"], terrs=["Les Saules"],
            start="2026-01", end=""),
        # Same cell, partner 3, but it ended before the others started: no crossing.
        act(3, 3, "Visites à domicile", pops=["Familles isolées"], terrs=["Les Saules"],
            start="2023-01", end="2024-12"),
        # Same strategy and population, other territory: no overlap.
        act(4, 3, "Visites à domicile", pops=["Familles isolées"], terrs=["Vieux-Moulin"]),
        # Two partners, same cell, open periods: overlap.
        act(5, 2, "Transition scolaire", pops=["Familles nouvellement arrivées"],
            terrs=["Saint-Isidore"]),
        act(6, 3, "Transition scolaire", pops=["familles nouvellement arrivees"],
            terrs=["saint-isidore"]),
    ])  # fmt: skip
    found = overlaps(frame, REFS)
    assert len(found) == 2
    visits = found[found["strategy"] == "Visites à domicile"].iloc[0]
    assert visits["partner_ids"] == [1, 2]
    assert visits["partners"] == ["Maison de la famille", "CLSC"]
    assert (visits["start"], visits["end"]) == ("2026-01", "2026-06")
    school = found[found["strategy"] == "Transition scolaire"].iloc[0]
    assert school["partner_ids"] == [2, 3] and (school["start"], school["end"]) == ("", "")


def test_two_activities_of_one_partner_are_not_an_overlap():
    frame = as_frame([
        act(1, 1, "Visites à domicile", pops=["Familles isolées"], terrs=["Les Saules"]),
        act(2, 1, "Visites à domicile", pops=["Familles isolées"], terrs=["Les Saules"]),
    ])  # fmt: skip
    assert overlaps(frame, REFS).empty


def test_specialisation_alone_mostly_shared_by_hand():
    frame = as_frame([
        act(1, 1, "Visites à domicile"), act(2, 1, "Visites à domicile"),
        act(3, 2, "Visites à domicile"),
        act(4, 3, "Transition scolaire"),
        act(5, 1, "Accès aux services de garde"), act(6, 2, "Accès aux services de garde"),
        act(7, 3, "Accès aux services de garde"),
    ])  # fmt: skip
    spec = specialisation(frame, REFS).set_index(["partner_id", "strategy"])
    assert spec.loc[(1, "Visites à domicile"), "kind"] == MOSTLY  # 2 of 3
    assert spec.loc[(1, "Visites à domicile"), "share"] == pytest.approx(2 / 3)
    assert spec.loc[(2, "Visites à domicile"), "kind"] == SHARED  # 1 of 3
    assert spec.loc[(3, "Transition scolaire"), "kind"] == ALONE
    assert spec.loc[(1, "Accès aux services de garde"), "kind"] == SHARED  # 1 of 3
    assert spec.loc[(3, "Accès aux services de garde"), "partners_on_strategy"] == 3


def test_harmonisation_flags_different_practices_for_one_population():
    frame = as_frame([
        act(1, 1, "Visites à domicile", pops=["Familles isolées"], intake="Appel du parent",
            referral="Formulaire papier"),
        act(2, 2, "Visites à domicile", pops=["familles isolées"], intake="appel du parent",
            referral="Référence en ligne"),
        act(3, 3, "Transition scolaire", pops=["Familles nouvellement arrivées"],
            intake="Inscription à l'école"),
    ])  # fmt: skip
    found = harmonisation(frame, REFS)
    assert len(found) == 1  # same intake (loosely), different referral
    row = found.iloc[0]
    assert row["practice"] == "referral" and row["population"] == "Familles isolées"
    assert row["partners"] == ["CLSC", "Maison de la famille"]
    assert row["descriptions"] == ["Référence en ligne", "Formulaire papier"]


def test_matrix_counts_staff_and_territories():
    frame = as_frame([
        act(1, 1, "Visites à domicile", terrs=["Les Saules", "Vieux-Moulin"], staff=1.5),
        act(2, 1, "Transition scolaire", terrs=["Les Saules"], staff=0.5),
        act(3, 2, "Visites à domicile", staff=2.0),
        act(4, 2, "", staff=1.0),
    ])  # fmt: skip
    counts = matrix(frame, REFS)
    assert list(counts.columns) == [*REFS.strategies, ""]
    assert counts.loc["Maison de la famille", "Visites à domicile"] == 1
    assert counts.loc["CLSC", ""] == 1
    assert counts["Accès aux services de garde"].sum() == 0
    staff = matrix(frame, REFS, value="staff")
    assert staff.loc["CLSC", "Visites à domicile"] == pytest.approx(2.0)
    places = matrix(frame, REFS, by="territory", value="staff")
    assert places.loc["Maison de la famille", "Les Saules"] == pytest.approx(2.0)
    assert places.loc["Maison de la famille", "Vieux-Moulin"] == pytest.approx(1.5)
    assert places.loc["CLSC", ""] == pytest.approx(3.0)  # reaching no named territory
    with pytest.raises(ValueError):
        matrix(frame, REFS, by="colour")


def test_filters_and_periods():
    frame = as_frame([
        act(1, 1, "Visites à domicile", pops=["Familles isolées"], terrs=["Les Saules"],
            start="2024-01", end="2024-12"),
        act(2, 2, "Visites à domicile", pops=["Familles isolées"], terrs=["Vieux-Moulin"],
            start="2025-06"),
    ])  # fmt: skip
    assert list(select(frame, territory="les saules")["id"]) == [1]
    assert list(select(frame, population="Familles isolées")["id"]) == [1, 2]
    assert list(active_on(frame, "2024-06")["id"]) == [1]
    assert list(active_on(frame, "2026-01")["id"]) == [2]
    assert len(active_on(frame, None)) == 2


def test_alignment_and_what_changed_since_a_snapshot():
    before = as_frame([act(1, 1, "Visites à domicile", pops=["Familles isolées"],
                           terrs=["Les Saules"], indicators=["home_visits"])])  # fmt: skip
    after = as_frame([
        act(1, 1, "Visites à domicile", pops=["Familles isolées"], terrs=["Les Saules"],
            indicators=["home_visits"]),
        act(2, 2, "Accès aux services de garde", pops=["Familles isolées"],
            terrs=["Vieux-Moulin"], indicators=["childcare"]),
    ])  # fmt: skip
    old, new = alignment(before, REFS), alignment(after, REFS)
    assert (old["strategies_covered"], old["indicators_covered"]) == (1, 1)
    assert old["coverage"] == pytest.approx(2 / 6, abs=1e-4)
    assert new["coverage"] == pytest.approx(4 / 6, abs=1e-4)
    change = compare(old, new)
    assert ("activities", 1, 2) in change["figures"]
    assert change["closed"]["strategies"] == ["Accès aux services de garde"]
    assert change["closed"]["territories"] == ["Vieux-Moulin"]
    assert change["opened"] == {k: [] for k in ("strategies", "indicators", "territories",
                                                "populations")}  # fmt: skip


def test_check_activity_names_what_does_not_exist():
    row = {"partner": "Inconnu", "name": " ", "strategy": "Stratégie fantôme",
           "indicators": ["home_visits", "nope"], "territories": ["Atlantide"],
           "populations": ["familles isolees"]}  # fmt: skip
    clean, problems = check_activity(row, REFS)
    reasons = {(field, reason, value) for field, reason, value in problems}
    assert ("partner", "unknown_partner", "Inconnu") in reasons
    assert ("name", "empty_name", "") in reasons
    assert ("strategy", "unknown_strategy", "Stratégie fantôme") in reasons
    assert ("indicators", "unknown_indicator", "nope") in reasons
    assert ("territories", "unknown_territory", "Atlantide") in reasons
    assert clean["populations"] == ["Familles isolées"]
    ok, none = check_activity({"partner_id": 2, "name": "X", "strategy": "2"}, REFS)
    assert none == [] and ok["strategy"] == "Accès aux services de garde"


def test_import_reads_both_languages_and_reports_each_line():
    raw = pd.DataFrame(
        [
            ["CLSC", "Visites", "1", "home_visits; Places en garde", "Familles isolées",
             "Les Saules|Vieux-Moulin", "09/2025", "2026-06", "1,5", "10k_50k"],
            ["Nulle part", "", "9", "", "Martiens", "", "2026-13", "", "beaucoup", "énorme"],
            ["", "", "", "", "", "", "", "", "", ""],
            ["Maison de la famille", "<b>Halte</b>", "", "", "", "", "2026", "2025-01", "", ""],
        ],
        columns=["Partenaire", "Activité", "Stratégie", "Indicateurs", "Populations",
                 "Territoires", "Début", "Fin", "Personnel (ETC)", "Budget"],
    )  # fmt: skip
    valid, problems = parse_activities(raw, REFS)
    assert [v["line"] for v in valid] == [2]
    first = valid[0]
    assert first["partner_id"] == 2 and first["strategy"] == "Visites à domicile"
    assert first["indicators"] == ["home_visits", "childcare"]
    assert first["territories"] == ["Les Saules", "Vieux-Moulin"]
    assert (first["start"], first["end"], first["staff"]) == ("2025-09", "2026-06", 1.5)
    bad = set(zip(problems["line"], problems["reason"], strict=True))
    assert {(3, "unknown_partner"), (3, "empty_name"), (3, "unknown_strategy"),
            (3, "unknown_population"), (3, "bad_month"), (3, "not_a_number"),
            (3, "unknown_budget"), (5, "end_before_start")} <= bad  # fmt: skip
    assert 4 not in set(problems["line"])  # an empty line is skipped
    english = template("en", REFS)
    assert list(english.columns)[:2] == ["partner", "activity"]
    valid_en, problems_en = parse_activities(english, REFS)
    assert problems_en.empty and len(valid_en) == 1
    missing, why = parse_activities(pd.DataFrame({"x": ["1"]}), REFS)
    assert missing == [] and set(why["reason"]) == {"missing_column"}


@pytest.mark.parametrize(
    "text, month",
    [("2026-09", "2026-09"), ("2026/9", "2026-09"), ("09/2026", "2026-09"), ("2026", "2026-01"),
     ("2026-09-15", "2026-09"), ("", ""), ("2026-13", None), ("demain", None)],
)  # fmt: skip
def test_months(text, month):
    assert parse_month(text) == month
