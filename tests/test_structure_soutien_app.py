"""The Backbone support workbook, driven headless: round, resources, phases, context."""

from __future__ import annotations

import html
from functools import partial

import helpers
import pytest

from cikit import create_workspace
from cikit.apps import BackboneApp

WORKBOOK = "06_structure_soutien"
FIRST = "vision.describe"


@pytest.fixture
def ws(demo_ws):
    return demo_ws


@pytest.fixture
def empty(tmp_path):
    workspace = create_workspace(tmp_path / "empty.cikit", name="Vide")
    yield workspace
    workspace.close()


_facilitator = partial(helpers.facilitator, BackboneApp)


_participant = partial(helpers.participant, BackboneApp)


def _person(ws, name):
    people = ws.participants()
    return int(people.loc[people["display_name"] == name, "id"].iloc[0])


def _new_round(ws, anonymous):
    fac = _facilitator(ws, stage="functions")
    fac.step.anonymous_choice.value = anonymous
    fac.step.new_round_button.click()
    return fac


def _text(widgets):
    return html.unescape(" ".join(str(getattr(w, "value", "")) for w in widgets))


# -- the self-assessment round ---------------------------------------------------------------------


def test_demo_shows_scores_and_a_visible_gap(ws):
    fac = _facilitator(ws)
    assert fac.stage == "functions"
    scores = fac.step.last_scores
    assert list(scores.index) == [
        "vision", "activities", "measurement", "public_will", "policy", "funding",
    ]  # fmt: skip
    assert scores.loc["vision", "notable"] and scores.loc["vision", "gap"] > 1
    assert scores.loc["measurement", "notable"]
    assert not scores.loc["policy", "notable"]
    assert (scores["staff_people"] == 2).all()
    table = html.unescape(fac.step.scores_html.value)
    assert "l'équipe se voit plus avancée" in table and "Écart" in table
    assert fac.step.results_box.children and fac.step.conclusion_text.value.startswith(
        "La structure"
    )


def test_named_round_partner_and_staff_answer_and_the_facilitator_sees_the_gap(ws):
    fac = _new_round(ws, anonymous=False)
    partner = _participant(ws, "partnerclient1")
    partner.step.join_choice.value = _person(ws, "Geneviève Simard")
    assert "Vous répondrez comme : Équipe de la structure de soutien." in html.unescape(
        partner.step.side_hint.value
    )
    partner.step.join_choice.value = _person(ws, "Isabelle Roy")
    assert "Vous répondrez comme : Partenaires." in html.unescape(partner.step.side_hint.value)
    partner.step.join_button.click()
    assert partner.step.likert and partner.step.respondent  # joined: questions shown
    staff = _participant(ws, "staffclient01", lang="en")
    staff.step.join_choice.value = _person(ws, "Geneviève Simard")
    staff.step.join_button.click()
    assert "You answer as: Backbone staff." in _text(staff.step_box.children)
    assert "Vous répondez comme : Partenaires." in _text(partner.step_box.children)
    partner.step.likert[FIRST].value = 1
    partner.step.likert["vision.neutral"].value = "dk"
    staff.step.likert[FIRST].value = 4
    staff.step.likert["funding.at_table"].value = 2
    assert staff.step.status.text == "Answer saved."
    assert fac.poller.tick()
    assert ">2</span>" in fac.step.counter.value
    scores = fac.step.last_scores
    assert scores.loc["vision", "partners"] == 1.0 and scores.loc["vision", "staff"] == 4.0
    assert scores.loc["vision", "gap"] == 3.0 and scores.loc["vision", "notable"]
    assert scores.loc["vision", "dont_know"] == 1
    assert scores.loc["funding", "staff"] == 2.0 and pd_isna(scores.loc["funding", "partners"])
    row = html.unescape(fac.step.scores_html.value)
    assert "+3,0" in row and "l'équipe se voit plus avancée" in row
    # Participants see nothing until the facilitator reveals.
    assert not hasattr(partner.step, "results_box")
    fac.step.reveal_button.click()
    assert partner.poller.tick() and partner.step.results_box.children
    assert partner.step.last_scores.loc["vision", "gap"] == 3.0


def pd_isna(value):
    import pandas as pd

    return pd.isna(value)


def test_anonymous_round_asks_which_side_and_counts_it(ws):
    fac = _new_round(ws, anonymous=True)
    staff = _participant(ws, "anonstaff001")
    staff.step.group_choice.value = "staff"
    staff.step.join_choice.value = "community"
    staff.step.join_button.click()
    assert staff.step.respondent == "a:anonstaff001" and staff.step.sector == "community"
    staff.step.likert[FIRST].value = 3
    partner = _participant(ws, "anonpartner1", lang="en")
    partner.step.join_button.click()  # default: partner
    partner.step.likert[FIRST].value = 2
    assert fac.poller.tick()
    assert fac.step.last_scores.loc["vision", "staff"] == 3.0
    assert fac.step.last_scores.loc["vision", "partners"] == 2.0
    # A reload in the same browser finds the same person and side.
    again = _participant(ws, "anonstaff001")
    assert again.step.respondent == staff.step.respondent and again.step.my_group() == "staff"


def test_anonymous_join_refuses_a_crafted_side(ws):
    fac = _new_round(ws, anonymous=True)
    app = _participant(ws, "craftedside1")
    app.step.group_choice.options = [("x", "boss")]
    app.step.group_choice.value = "boss"
    app.step.join_button.click()
    assert app.step.respondent is None and "Choix inconnu" in app.step.status.text
    assert ws.round_counts(fac.step.round["id"]) == (0, 0)


@pytest.mark.parametrize("value", [0, 5, "3", True, None, [1], "dk ", 2.5])
def test_ratings_outside_the_scale_are_refused_and_not_stored(ws, value):
    fac = _new_round(ws, anonymous=True)
    app = _participant(ws, "craftedmsg01")
    app.step.join_button.click()
    before = len(ws.round_responses(fac.step.round["id"]))
    assert app.step.submit(FIRST, value) is False
    assert app.step.status.text == "Cette réponse ne peut pas être enregistrée."
    assert len(ws.round_responses(fac.step.round["id"])) == before


@pytest.mark.parametrize("item", ["vision.nothing", "approach.complex", "", None, 3, "_join"])
def test_ratings_of_statements_that_do_not_exist_are_refused(ws, item):
    fac = _new_round(ws, anonymous=True)
    app = _participant(ws, "craftitem001")
    app.step.join_button.click()
    before = len(ws.round_responses(fac.step.round["id"]))
    assert app.step.submit(item, 3) is False
    assert len(ws.round_responses(fac.step.round["id"])) == before


def test_the_conclusion_keeps_the_scores(ws):
    fac = _facilitator(ws)
    fac.step.conclusion_text.value = "On en <b>parle</b> au prochain comité."
    fac.step.adopt_button.click()
    latest = ws.decision(WORKBOOK, "conclusion")
    assert latest["version"] == 2
    assert set(latest["content"]["scores"]["vision"]) == {"partners", "staff", "gap"}


def test_rules_are_shown_in_plain_words_in_both_languages(ws):
    fr = _facilitator(ws)
    assert "Équipe de la structure de soutien" in _text(fr.step_box.children)
    assert "un écart d'un niveau ou plus" in _text(fr.step.results_box.children)
    en = _facilitator(ws, lang="en")
    assert "Who counts as backbone staff" in _text(en.step_box.children)
    assert en.stage_picker.options[0][0] == "1. Six functions"


# -- resources ---------------------------------------------------------------------------------------


def test_resources_add_edit_remove_each_a_new_version(empty):
    fac = _facilitator(empty, stage="resources")
    summary = html.unescape(fac.step.resources_summary.value)
    assert "Aucune personne n'est prévue" in summary and "moins de 2 ans" in summary
    table = fac.step.staff_table
    table.new_fields["role"].value = "Coordination"
    table.new_fields["fte"].value = "1"
    table.new_fields["dedicated"].value = False
    table.add_button.click()
    assert table.status.text == "Enregistré (version 1)."
    assert "Aucun poste n'est dédié" in html.unescape(fac.step.resources_summary.value)
    assert "Version 1, enregistrée le" in fac.step.resources_summary.value
    # Edit in place: the role becomes dedicated.
    fac.step._wire  # noqa: B018 - the table's callbacks were wired at build time
    for callback in table._on_edit:
        callback(1, "dedicated", True)
    saved = empty.decision(WORKBOOK, "resources")["content"]
    assert saved["staff"] == [{"role": "Coordination", "fte": 1.0, "dedicated": True}]
    assert "Aucun poste n'est dédié" not in html.unescape(fac.step.resources_summary.value)
    budget = fac.step.budget_table
    for year, amount in (("2026", "85 000"), ("2027", "92 500,50")):
        budget.new_fields["year"].value = year
        budget.new_fields["amount"].value = amount
        budget.add_button.click()
    saved = empty.decision(WORKBOOK, "resources")["content"]
    assert saved["budget"] == [{"year": 2026, "amount": 85000.0}, {"year": 2027, "amount": 92500.5}]
    assert "moins de 2 ans" not in html.unescape(fac.step.resources_summary.value)
    fac.step.funders_table.new_fields["name"].value = "Centraide <b>régional</b>"
    fac.step.funders_table.add_button.click()
    fac.step.coordinator_text.value = "  Geneviève   Simard "
    fac.step.coordinator_button.click()
    content = empty.decision(WORKBOOK, "resources")["content"]
    assert content["coordinator"] == "Geneviève Simard"
    assert content["funders"] == ["Centraide <b>régional</b>"]
    shown = fac.step.resources_summary.value
    assert "&lt;b&gt;régional" in shown and "<b>régional" not in shown
    assert fac.step.resources_summary.value.count("Attention") == 0
    for callback in fac.step.funders_table._on_remove:
        callback(1)
    assert empty.decision(WORKBOOK, "resources")["content"]["funders"] == []
    assert len(empty.decision_versions(WORKBOOK, "resources")) == 7


@pytest.mark.parametrize(
    ("table", "values", "message"),
    [
        ("staff", {"role": "", "fte": "1"}, "Un nom est requis."),
        ("staff", {"role": "Agent", "fte": "-2"}, "supérieur à 0"),
        ("staff", {"role": "Agent", "fte": "9999"}, "au plus 50"),
        ("staff", {"role": "Agent", "fte": "beaucoup"}, "équivalents temps plein, comme 0,5"),
        ("budget", {"year": "deux mille", "amount": "5"}, "année entière"),
        ("budget", {"year": "2026", "amount": "-100"}, "entre 0 et"),
        ("budget", {"year": "2026", "amount": "5 000 000 000"}, "entre 0 et"),
        ("budget", {"year": "2026", "amount": "1e15"}, "nombre de dollars"),
        ("budget", {"year": "2026", "amount": "95 000"}, "déjà une ligne pour 2026"),
        ("funders", {"name": "   "}, "Un nom est requis."),
        ("funders", {"name": "centraide régional"}, "figure déjà dans la liste"),
    ],
)
def test_bad_resource_lines_are_refused_with_a_message_and_nothing_is_lost(
    ws, table, values, message
):
    fac = _facilitator(ws, stage="resources")
    before = ws.decision(WORKBOOK, "resources")
    widget = getattr(fac.step, f"{table}_table")
    for key, value in values.items():
        widget.new_fields[key].value = value
    widget.add_button.click()
    assert widget.status.level == "error" and message in widget.status.text
    after = ws.decision(WORKBOOK, "resources")
    assert after["version"] == before["version"] and after["content"] == before["content"]


def test_a_refused_edit_puts_the_saved_value_back(ws):
    fac = _facilitator(ws, stage="resources")
    row = fac.step.staff_table.body.children[1]  # first staff line (after the header)
    fte = row.children[1].children[1]
    assert fte.value == "1"
    fte.value = "-1"
    assert "supérieur à 0" in fac.step.staff_table.status.text
    row = fac.step.staff_table.body.children[1]
    assert row.children[1].children[1].value == "1"
    assert ws.decision(WORKBOOK, "resources")["content"]["staff"][0]["fte"] == 1.0


def test_a_too_long_coordinator_is_refused(ws):
    fac = _facilitator(ws, stage="resources")
    fac.step.coordinator_text.value = "x" * 500
    fac.step.coordinator_button.click()
    assert "trop long" in fac.step.coordinator_status.text
    assert ws.decision(WORKBOOK, "resources")["content"]["coordinator"].startswith("Geneviève")


# -- phases and context ------------------------------------------------------------------------------


def test_ticking_the_grid_saves_and_updates_where_we_are(ws):
    fac = _facilitator(ws, stage="phases")
    where = html.unescape(fac.step.where_box.value)
    assert "Nous sommes en Phase II — S'organiser pour l'impact." in where
    assert "6 cases cochées sur 12." in where and "À rattraper" in where
    fac.step.phase_checks["community.phase1"].value = True
    ticks = ws.decision(WORKBOOK, "phases")["content"]["ticks"]
    assert ticks["community.phase1"] is True and len(ticks) == 7
    assert "À rattraper" not in html.unescape(fac.step.where_box.value)
    fac.step.phase_checks["governance.phase2"].value = False
    assert "governance.phase2" not in ws.decision(WORKBOOK, "phases")["content"]["ticks"]
    assert fac.step.phase_status.text.startswith("Enregistré (version")


def test_empty_grid_says_nothing_is_ticked_in_english(empty):
    fac = _facilitator(empty, lang="en", stage="phases")
    assert "Nothing is ticked yet" in html.unescape(fac.step.where_box.value)
    fac.step.phase_checks["planning.phase2"].value = True
    assert "We are in Phase I — Initiate action." in html.unescape(fac.step.where_box.value)


def test_context_saves_crisis_moments_and_scale(ws):
    fac = _facilitator(ws, stage="context")
    assert fac.step.crisis_checks["recover"].value and fac.step.scale_choice.value == "region"
    fac.step.crisis_checks["respond"].value = True
    fac.step.scale_choice.value = "neighbourhood"
    saved = ws.decision(WORKBOOK, "settings")["content"]
    assert saved == {"crisis": ["respond", "recover"], "scale": "neighbourhood"}
    assert len(ws.decision_versions(WORKBOOK, "settings")) == 3  # each change is saved
    assert fac.step.context_status.text == "Enregistré (version 3)."


def test_context_scale_defaults_to_the_profile_and_a_missing_scale_is_refused(empty):
    empty.update_profile(scale="nation")
    fac = _facilitator(empty, stage="context")
    assert fac.step.scale_choice.value == "nation"
    fac.step.scale_choice.value = None  # as a crafted message could
    assert fac.step.context_status.text == "Choisissez d'abord l'échelle."
    assert empty.decision(WORKBOOK, "settings") is None


def test_participants_see_where_we_are_read_only(ws):
    app = _participant(ws, "whereclient1", lang="en")
    assert app.stage == "where"
    assert [v for _, v in app.stage_picker.options] == ["functions", "where"]
    view = html.unescape(app.step.where_view.value)
    assert "We are in Phase II — Organise for impact." in view
    assert "Organise the recovery" in view and "Region or community" in view
    assert "Geneviève Simard" in view and "1.8 full-time equivalents, 1.6 dedicated" in view
    assert not {"resources", "phases", "context"} & set(app._steps)  # never built here


def test_participants_follow_a_new_round(ws):
    app = _participant(ws, "followround1")
    assert app.stage == "where"
    _new_round(ws, anonymous=True)
    assert app.poller.tick()
    assert app.stage == "functions" and hasattr(app.step, "join_button")


def test_empty_workspace_draws_every_stage_in_both_languages(empty):
    for lang in ("fr", "en"):
        fac = _facilitator(empty, lang=lang)
        for stage in ("functions", "resources", "phases", "context"):
            fac.stage_picker.value = stage
            assert fac.message.text == "", (lang, stage)
        app = _participant(empty, "emptyclient1", lang=lang)
        for stage in ("functions", "where"):
            app.stage_picker.value = stage
            assert app.message.text == "", (lang, stage)


def test_participants_where_view_follows_the_facilitators_changes(ws):
    app = _participant(ws, "followwhere1", lang="en")
    assert "6 items of 12 ticked." in html.unescape(app.step.where_view.value)
    fac = _facilitator(ws, stage="phases")
    fac.step.phase_checks["community.phase1"].value = True
    assert app.poller.tick()
    assert "7 items of 12 ticked." in html.unescape(app.step.where_view.value)


def test_round_resources_and_grid_on_sqlite_and_postgresql(workspace):
    """The same path on both stores: a partner and a staff member, resources, a tick."""
    partner = workspace.add_participant("Ana", role="partner")
    staff = workspace.add_participant("Bo", role="backbone")
    fac = _new_round(workspace, anonymous=False)
    for pid, client, level in ((partner, "pgpartner01", 2), (staff, "pgstaff0001", 4)):
        app = _participant(workspace, client)
        app.step.join_choice.value = pid
        app.step.join_button.click()
        app.step.likert["funding.backbone"].value = level
    assert fac.poller.tick()
    assert fac.step.last_scores.loc["funding", "gap"] == 2.0
    fac = _facilitator(workspace, stage="resources")
    fac.step.budget_table.new_fields["year"].value = "2027"
    fac.step.budget_table.new_fields["amount"].value = "40 000"
    fac.step.budget_table.add_button.click()
    fac.stage_picker.value = "phases"
    fac.step.phase_checks["governance.phase1"].value = True
    assert workspace.decision(WORKBOOK, "resources")["content"]["budget"] == [
        {"year": 2027, "amount": 40000.0}
    ]
    assert workspace.decision(WORKBOOK, "phases")["content"] == {
        "ticks": {"governance.phase1": True}
    }
