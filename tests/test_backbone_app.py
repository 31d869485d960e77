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
    fac.anonymous_choice.value = anonymous
    fac.new_round_button.click()
    return fac


def _text(widgets):
    return html.unescape(" ".join(str(getattr(w, "value", "")) for w in widgets))


# -- the self-assessment round ---------------------------------------------------------------------


def test_demo_shows_scores_and_a_visible_gap(ws):
    fac = _facilitator(ws)
    assert fac.stage == "functions"
    scores = fac.last_scores
    assert list(scores.index) == [
        "vision", "activities", "measurement", "public_will", "policy", "funding",
    ]  # fmt: skip
    assert scores.loc["vision", "notable"] and scores.loc["vision", "gap"] > 1
    assert scores.loc["measurement", "notable"]
    assert not scores.loc["policy", "notable"]
    assert (scores["staff_people"] == 2).all()
    table = html.unescape(fac.scores_html.value)
    assert "l'équipe se voit plus avancée" in table and "Écart" in table
    assert fac.results_box.children and fac.conclusion_text.value.startswith("La structure")


def test_named_round_partner_and_staff_answer_and_the_facilitator_sees_the_gap(ws):
    fac = _new_round(ws, anonymous=False)
    partner = _participant(ws, "partnerclient1")
    partner.join_choice.value = _person(ws, "Geneviève Simard")
    assert "Vous répondrez comme : Équipe de la structure de soutien." in html.unescape(
        partner.side_hint.value
    )
    partner.join_choice.value = _person(ws, "Isabelle Roy")
    assert "Vous répondrez comme : Partenaires." in html.unescape(partner.side_hint.value)
    partner.join_button.click()
    assert "partenaire" not in partner.children[0].value  # joined: questions shown
    staff = _participant(ws, "staffclient01", lang="en")
    staff.join_choice.value = _person(ws, "Geneviève Simard")
    staff.join_button.click()
    assert "You answer as: Backbone staff." in _text(staff.children)
    assert "Vous répondez comme : Partenaires." in _text(partner.children)
    partner.likert[FIRST].value = 1
    partner.likert["vision.neutral"].value = "dk"
    staff.likert[FIRST].value = 4
    staff.likert["funding.at_table"].value = 2
    assert staff.status.text == "Answer saved."
    assert fac.poller.tick()
    assert ">2</span>" in fac.counter.value
    scores = fac.last_scores
    assert scores.loc["vision", "partners"] == 1.0 and scores.loc["vision", "staff"] == 4.0
    assert scores.loc["vision", "gap"] == 3.0 and scores.loc["vision", "notable"]
    assert scores.loc["vision", "dont_know"] == 1
    assert scores.loc["funding", "staff"] == 2.0 and pd_isna(scores.loc["funding", "partners"])
    row = html.unescape(fac.scores_html.value)
    assert "+3,0" in row and "l'équipe se voit plus avancée" in row
    # Participants see nothing until the facilitator reveals.
    assert not hasattr(partner, "results_box")
    fac.reveal_button.click()
    assert partner.poller.tick() and partner.results_box.children
    assert partner.last_scores.loc["vision", "gap"] == 3.0


def pd_isna(value):
    import pandas as pd

    return pd.isna(value)


def test_anonymous_round_asks_which_side_and_counts_it(ws):
    fac = _new_round(ws, anonymous=True)
    staff = _participant(ws, "anonstaff001")
    staff.group_choice.value = "staff"
    staff.join_choice.value = "community"
    staff.join_button.click()
    assert staff.respondent == "a:anonstaff001" and staff.sector == "community"
    staff.likert[FIRST].value = 3
    partner = _participant(ws, "anonpartner1", lang="en")
    partner.join_button.click()  # default: partner
    partner.likert[FIRST].value = 2
    assert fac.poller.tick()
    assert fac.last_scores.loc["vision", "staff"] == 3.0
    assert fac.last_scores.loc["vision", "partners"] == 2.0
    # A reload in the same browser finds the same person and side.
    again = _participant(ws, "anonstaff001")
    assert again.respondent == staff.respondent and again.my_group() == "staff"


def test_anonymous_join_refuses_a_crafted_side(ws):
    fac = _new_round(ws, anonymous=True)
    app = _participant(ws, "craftedside1")
    app.group_choice.options = [("x", "boss")]
    app.group_choice.value = "boss"
    app.join_button.click()
    assert app.respondent is None and "Choix inconnu" in app.status.text
    assert fac.counts(fac.responses()) == (0, 0)


@pytest.mark.parametrize("value", [0, 5, "3", True, None, [1], "dk ", 2.5])
def test_ratings_outside_the_scale_are_refused_and_not_stored(ws, value):
    fac = _new_round(ws, anonymous=True)
    app = _participant(ws, "craftedmsg01")
    app.join_button.click()
    before = len(ws.round_responses(fac.round["id"]))
    assert app.submit(FIRST, value) is False
    assert app.status.text == "Cette réponse ne peut pas être enregistrée."
    assert len(ws.round_responses(fac.round["id"])) == before


@pytest.mark.parametrize("item", ["vision.nothing", "approach.complex", "", None, 3, "_join"])
def test_ratings_of_statements_that_do_not_exist_are_refused(ws, item):
    fac = _new_round(ws, anonymous=True)
    app = _participant(ws, "craftitem001")
    app.join_button.click()
    before = len(ws.round_responses(fac.round["id"]))
    assert app.submit(item, 3) is False
    assert len(ws.round_responses(fac.round["id"])) == before


def test_the_conclusion_keeps_the_scores(ws):
    fac = _facilitator(ws)
    fac.conclusion_text.value = "On en <b>parle</b> au prochain comité."
    fac.adopt_button.click()
    latest = ws.decision(WORKBOOK, "conclusion")
    assert latest["version"] == 2
    assert set(latest["content"]["scores"]["vision"]) == {"partners", "staff", "gap"}


def test_rules_are_shown_in_plain_words_in_both_languages(ws):
    fr = _facilitator(ws)
    assert "Équipe de la structure de soutien" in _text(fr.children)
    assert "un écart d'un niveau ou plus" in _text(fr.results_box.children)
    en = _facilitator(ws, lang="en")
    assert "Who counts as backbone staff" in _text(en.children)
    assert en.stage_picker.options[0][0] == "1. Six functions"


# -- resources ---------------------------------------------------------------------------------------


def test_resources_add_edit_remove_each_a_new_version(empty):
    fac = _facilitator(empty, stage="resources")
    summary = html.unescape(fac.resources_summary.value)
    assert "Aucune personne n'est prévue" in summary and "moins de 2 ans" in summary
    table = fac.staff_table
    table.new_fields["role"].value = "Coordination"
    table.new_fields["fte"].value = "1"
    table.new_fields["dedicated"].value = False
    table.add_button.click()
    assert table.status.text == "Enregistré (version 1)."
    assert "Aucun poste n'est dédié" in html.unescape(fac.resources_summary.value)
    assert "Version 1, enregistrée le" in fac.resources_summary.value
    # Edit in place: the role becomes dedicated.
    fac._wire  # noqa: B018 - the table's callbacks were wired at build time
    for callback in table._on_edit:
        callback(1, "dedicated", True)
    saved = empty.decision(WORKBOOK, "resources")["content"]
    assert saved["staff"] == [{"role": "Coordination", "fte": 1.0, "dedicated": True}]
    assert "Aucun poste n'est dédié" not in html.unescape(fac.resources_summary.value)
    budget = fac.budget_table
    for year, amount in (("2026", "85 000"), ("2027", "92 500,50")):
        budget.new_fields["year"].value = year
        budget.new_fields["amount"].value = amount
        budget.add_button.click()
    saved = empty.decision(WORKBOOK, "resources")["content"]
    assert saved["budget"] == [{"year": 2026, "amount": 85000.0}, {"year": 2027, "amount": 92500.5}]
    assert "moins de 2 ans" not in html.unescape(fac.resources_summary.value)
    fac.funders_table.new_fields["name"].value = "Centraide <b>régional</b>"
    fac.funders_table.add_button.click()
    fac.coordinator_text.value = "  Geneviève   Simard "
    fac.coordinator_button.click()
    content = empty.decision(WORKBOOK, "resources")["content"]
    assert content["coordinator"] == "Geneviève Simard"
    assert content["funders"] == ["Centraide <b>régional</b>"]
    shown = fac.resources_summary.value
    assert "&lt;b&gt;régional" in shown and "<b>régional" not in shown
    assert fac.resources_summary.value.count("Attention") == 0
    for callback in fac.funders_table._on_remove:
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
    widget = getattr(fac, f"{table}_table")
    for key, value in values.items():
        widget.new_fields[key].value = value
    widget.add_button.click()
    assert widget.status.level == "error" and message in widget.status.text
    after = ws.decision(WORKBOOK, "resources")
    assert after["version"] == before["version"] and after["content"] == before["content"]


def test_a_refused_edit_puts_the_saved_value_back(ws):
    fac = _facilitator(ws, stage="resources")
    row = fac.staff_table.body.children[1]  # first staff line (after the header)
    fte = row.children[1].children[1]
    assert fte.value == "1"
    fte.value = "-1"
    assert "supérieur à 0" in fac.staff_table.status.text
    row = fac.staff_table.body.children[1]
    assert row.children[1].children[1].value == "1"
    assert ws.decision(WORKBOOK, "resources")["content"]["staff"][0]["fte"] == 1.0


def test_a_too_long_coordinator_is_refused(ws):
    fac = _facilitator(ws, stage="resources")
    fac.coordinator_text.value = "x" * 500
    fac.coordinator_button.click()
    assert "trop long" in fac.coordinator_status.text
    assert ws.decision(WORKBOOK, "resources")["content"]["coordinator"].startswith("Geneviève")


# -- phases and context ------------------------------------------------------------------------------


def test_ticking_the_grid_saves_and_updates_where_we_are(ws):
    fac = _facilitator(ws, stage="phases")
    where = html.unescape(fac.where_box.value)
    assert "Nous sommes en Phase II — S'organiser pour l'impact." in where
    assert "6 cases cochées sur 12." in where and "À rattraper" in where
    fac.phase_checks["community.phase1"].value = True
    ticks = ws.decision(WORKBOOK, "phases")["content"]["ticks"]
    assert ticks["community.phase1"] is True and len(ticks) == 7
    assert "À rattraper" not in html.unescape(fac.where_box.value)
    fac.phase_checks["governance.phase2"].value = False
    assert "governance.phase2" not in ws.decision(WORKBOOK, "phases")["content"]["ticks"]
    assert fac.phase_status.text.startswith("Enregistré (version")


def test_empty_grid_says_nothing_is_ticked_in_english(empty):
    fac = _facilitator(empty, lang="en", stage="phases")
    assert "Nothing is ticked yet" in html.unescape(fac.where_box.value)
    fac.phase_checks["planning.phase2"].value = True
    assert "We are in Phase I — Initiate action." in html.unescape(fac.where_box.value)


def test_context_saves_crisis_moments_and_scale(ws):
    fac = _facilitator(ws, stage="context")
    assert fac.crisis_checks["recover"].value and fac.scale_choice.value == "region"
    fac.crisis_checks["respond"].value = True
    fac.scale_choice.value = "neighbourhood"
    saved = ws.decision(WORKBOOK, "settings")["content"]
    assert saved == {"crisis": ["respond", "recover"], "scale": "neighbourhood"}
    assert len(ws.decision_versions(WORKBOOK, "settings")) == 3  # each change is saved
    assert fac.context_status.text == "Enregistré (version 3)."


def test_context_scale_defaults_to_the_profile_and_a_missing_scale_is_refused(empty):
    empty.update_profile(scale="nation")
    fac = _facilitator(empty, stage="context")
    assert fac.scale_choice.value == "nation"
    fac.scale_choice.value = None  # as a crafted message could
    assert fac.context_status.text == "Choisissez d'abord l'échelle."
    assert empty.decision(WORKBOOK, "settings") is None


def test_participants_see_where_we_are_read_only(ws):
    app = _participant(ws, "whereclient1", lang="en")
    assert app.stage == "where"
    assert [v for _, v in app.stage_picker.options] == ["functions", "where"]
    view = html.unescape(app.where_view.value)
    assert "We are in Phase II — Organise for impact." in view
    assert "Organise the recovery" in view and "Region or community" in view
    assert "Geneviève Simard" in view and "1.8 full-time equivalents, 1.6 dedicated" in view
    assert not hasattr(app, "phase_checks") and not hasattr(app, "staff_table")


def test_participants_follow_a_new_round(ws):
    app = _participant(ws, "followround1")
    assert app.stage == "where"
    _new_round(ws, anonymous=True)
    assert app.poller.tick()
    assert app.stage == "functions" and hasattr(app, "join_button")


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
    assert "6 items of 12 ticked." in html.unescape(app.where_view.value)
    fac = _facilitator(ws, stage="phases")
    fac.phase_checks["community.phase1"].value = True
    assert app.poller.tick()
    assert "7 items of 12 ticked." in html.unescape(app.where_view.value)


def test_round_resources_and_grid_on_sqlite_and_postgresql(workspace):
    """The same path on both stores: a partner and a staff member, resources, a tick."""
    partner = workspace.add_participant("Ana", role="partner")
    staff = workspace.add_participant("Bo", role="backbone")
    fac = _new_round(workspace, anonymous=False)
    for pid, client, level in ((partner, "pgpartner01", 2), (staff, "pgstaff0001", 4)):
        app = _participant(workspace, client)
        app.join_choice.value = pid
        app.join_button.click()
        app.likert["funding.backbone"].value = level
    assert fac.poller.tick()
    assert fac.last_scores.loc["funding", "gap"] == 2.0
    fac = _facilitator(workspace, stage="resources")
    fac.budget_table.new_fields["year"].value = "2027"
    fac.budget_table.new_fields["amount"].value = "40 000"
    fac.budget_table.add_button.click()
    fac.stage_picker.value = "phases"
    fac.phase_checks["governance.phase1"].value = True
    assert workspace.decision(WORKBOOK, "resources")["content"]["budget"] == [
        {"year": 2027, "amount": 40000.0}
    ]
    assert workspace.decision(WORKBOOK, "phases")["content"] == {
        "ticks": {"governance.phase1": True}
    }
