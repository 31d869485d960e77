"""The Shared measurement workbook driven headless: candidates, rating, lists, data, curves."""

from __future__ import annotations

import datetime as dt
import html
from functools import partial

import helpers
import pytest

from cikit.apps import MeasurementApp, Role

WB = "03_mesure_commune"


@pytest.fixture
def ws(demo_ws):
    return demo_ws


_facilitator = partial(helpers.facilitator, MeasurementApp)


_participant = partial(helpers.participant, MeasurementApp)


_shown = helpers.shown


def _upload(app, text: str, name: str = "mesures.csv") -> None:
    app.step.upload.value = ({"name": name, "type": "text/csv", "size": len(text.encode()),
                         "content": memoryview(text.encode("utf-8")),
                         "last_modified": dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)},)  # fmt: skip


def test_demo_dashboard_tells_its_story(ws):
    fac = _facilitator(ws)
    assert fac.stage == "curves"
    shown = _shown(fac)
    assert "Accès aux places subventionnées" in shown
    # EQDEM, childcare and transitions lag behind their path; home visits are ahead of it.
    assert shown.count("En retard") == 3 and shown.count("En bonne voie") == 1
    assert "La règle : le chemin attendu" in shown
    assert "En pointillé" in shown
    fac.step.dimension_choice.value = "territory"
    assert "Vieux-Moulin" in _shown(fac)


def test_a_gap_by_territory_is_spelled_out(ws):
    fac = _facilitator(ws)
    fac.shown_indicator = "childcare_access"
    fac.render()
    fac.step.dimension_choice.value = "territory"
    assert "Écart le plus récent : Reste de la MRC 62 contre Vieux-Moulin 35" in _shown(fac)


def test_ranking_is_ordered_and_explained(ws):
    fac = _facilitator(ws)
    fac.stage_picker.value = "lists"
    rating = fac.step_object("rate")
    rating.round = ws.current_round(WB, "ratings")
    table = rating.ranking(ws.round_responses(rating.round["id"]))
    assert table["rank"].min() == 1 and table["ratings"].max() == 16
    assert table.loc["eqdem_vulnerable", "rank"] <= 2
    assert "Comment se fait le classement" in _shown(fac)
    first = table["rank"].astype(float).idxmin()
    assert list(fac.step.list_choices)[0] == first, "rows follow the ranking"


def test_lists_warn_outside_three_to_five_and_are_versioned(ws):
    fac = _facilitator(ws)
    fac.stage_picker.value = "lists"
    assert fac.step.lists_warning.text == ""
    fac.step.list_choices["food_bank_children"].value = "headline"
    fac.step.list_choices["graduation_7_years"].value = "headline"
    assert "6 indicateurs prioritaires" in fac.step.lists_warning.text
    fac.step.list_choices["graduation_7_years"].value = "development"
    fac.step.save_lists_button.click()
    assert "Listes enregistrées (version 2)" in fac.step.status.text
    lists = ws.decision(WB, "lists")["content"]
    assert (
        "food_bank_children" in lists["headline"] and "graduation_7_years" in lists["development"]
    )


def test_candidates_are_chosen_and_the_group_adds_its_own(ws):
    fac = _facilitator(ws)
    fac.stage_picker.value = "choose"
    assert fac.step.candidate_checks["eqdem_vulnerable"].value is True
    fac.step.candidate_checks["low_birth_weight"].value = True
    assert "low_birth_weight" in ws.decision(WB, "shortlist")["content"]["candidates"]
    fac.step.own_add.click()
    assert "Donnez d'abord un nom" in fac.step.status.text
    fac.step.own_name.value = "Enfants vulnérables à la maternelle"
    fac.step.own_add.click()
    assert "déjà candidat" in fac.step.status.text
    fac.step.own_name.value = "<b>Familles</b> qui fréquentent la halte-garderie"
    fac.step.own_unit.value = "nombre"
    fac.step.own_add.click()
    assert "Candidat ajouté" in fac.step.status.text
    assert (
        "&lt;b&gt;Familles&lt;/b&gt;"
        in " ".join(
            getattr(w, "value", "")
            for w in fac.step_box.children
            if isinstance(getattr(w, "value", ""), str)
        )
        or fac.step.domain_choice.value == "own"
    )
    own = [k for k in fac.step.own_candidates() if k != "own_parents_welcome"]
    assert len(own) == 1 and own[0] in ws.decision(WB, "shortlist")["content"]["candidates"]


def test_a_live_rating_with_crafted_values_refused(ws):
    fac = _facilitator(ws)
    fac.stage_picker.value = "rate"
    fac.step.anonymous_choice.value = True
    fac.step.new_round_button.click()
    assert fac.step.round["status"] == "open" and len(fac.step.round["config"]["candidates"]) == 10
    app = _participant(ws, "client-rate-1")
    assert app.stage == "rate"
    app.step.join_choice.value = "health"
    app.step.join_button.click()
    item = "rate.eqdem_vulnerable.data"
    app.step.rating_items[item].value = "high"
    assert app.step.status.text == "Réponse enregistrée."
    app.step.rating_items["rate.eqdem_vulnerable.proxy"].value = "dk"
    for crafted in ((item, "très élevé"), (item, 3), ("rate.nothing.data", "high"),
                    ("rate.eqdem_vulnerable.beauty", "low"), (item, None)):  # fmt: skip
        assert not app.step.submit(*crafted)
    fac.poller.tick()
    ranking = fac.step.ranking()
    assert ranking.loc["eqdem_vulnerable", "data_mean"] == 3.0
    assert ranking.loc["eqdem_vulnerable", "data_n"] == 1
    assert ranking.loc["eqdem_vulnerable", "proxy_n"] == 0


def test_a_rating_needs_two_candidates(tmp_path):
    from cikit import create_workspace

    ws = create_workspace(tmp_path / "empty.cikit", name="Vide")
    fac = MeasurementApp(ws, lang="en", role=Role.FACILITATOR, facilitator_key="k")
    assert fac.stage == "choose"
    fac.stage_picker.value = "rate"
    fac.step.new_round_button.click()
    assert fac.step.round is None and "at least two candidates" in fac.step.status.text
    ws.close()


def test_a_definition_takes_a_french_decimal_and_refuses_nonsense(ws):
    fac = _facilitator(ws)
    fac.stage_picker.value = "define"
    fac.shown_indicator = "kindergarten_transition"
    fac.render()
    fields = fac.step.definition_fields
    assert fields["baseline_value"].value == "35"
    fields["target_value"].value = "72,5"
    fields["target_period"].value = "bientôt"
    fac.step.save_definition_button.click()
    assert "ce n'est pas une période (bientôt)" in fac.step.status.text
    fields["target_period"].value = "2029"
    fields["baseline_value"].value = "beaucoup"
    fac.step.save_definition_button.click()
    assert "ce n'est pas un nombre (beaucoup)" in fac.step.status.text
    fields["baseline_value"].value = "35"
    fields["target_period"].value = "2020"
    fac.step.save_definition_button.click()
    assert "La cible doit venir après le point de départ." in fac.step.status.text
    fields["target_period"].value = "2029"
    fac.step.save_definition_button.click()
    assert "Définition enregistrée (version 2)" in fac.step.status.text
    saved = ws.decision(WB, "definition.kindergarten_transition")["content"]
    assert saved["target_value"] == 72.5 and saved["target_period"] == "2029"
    assert "territory" in saved["disaggregations"]


def test_values_are_entered_corrected_moved_and_withdrawn_in_the_table(ws):
    fac = _facilitator(ws)
    fac.stage_picker.value = "data"
    fac.shown_indicator = "kindergarten_transition"
    fac.render()
    table = fac.step.values_table
    new = table.new_fields

    def stored(period):
        values = ws.measurements(indicator="kindergarten_transition")
        return values[values["period"] == period]

    new["period"].value = "2026"
    new["value"].value = "55,5"
    table.add_button.click()
    assert table.status.text == "Valeur enregistrée."
    assert stored("2026")["value"].tolist() == [55.5]
    assert new["period"].value == "", "the form is cleared for the next value"
    assert table.rows[0]["period"] == "2026" and table.rows[0]["value"] == "55,5"

    new["period"].value = "l'an prochain"
    new["value"].value = "3"
    table.add_button.click()
    assert "Période « l'an prochain » : ce n'est pas une période" in table.status.text
    new["period"].value = "2027"
    new["value"].value = "beaucoup"
    table.add_button.click()
    assert "ce n'est pas un nombre" in table.status.text
    new["value"].value = "40"
    new["group"].value = "Vieux-Moulin"  # a group without its breakdown is not a total
    table.add_button.click()
    assert "un groupe a besoin de sa ventilation" in table.status.text
    assert stored("2027").empty

    # A correction in a cell is a new entry; the earlier one stays on record.
    row_id = table.rows[0]["id"]
    fac.step._rows_by_id[row_id]  # the row on screen is known
    for callback in table._on_edit:
        callback(row_id, "value", "56")
    assert stored("2026")["value"].tolist() == [56.0]
    history = ws.measurements(indicator="kindergarten_transition", history=True)
    assert sorted(history[history["period"] == "2026"]["value"].dropna()) == [55.5, 56.0]
    # Moving it to another period withdraws it where it was, in one transaction.
    row_id = table.rows[0]["id"]
    for callback in table._on_edit:
        callback(row_id, "period", "2026-09")
    assert stored("2026").empty and stored("2026-09")["value"].tolist() == [56.0]
    # A refused edit is drawn back: the table shows what is saved.
    row_id = table.rows[0]["id"]
    for callback in table._on_edit:
        callback(row_id, "value", "n/a")
    assert "ce n'est pas un nombre" in table.status.text
    assert table.rows[0]["value"] == "56"
    # Removing the row withdraws the value.
    for callback in table._on_remove:
        callback(table.rows[0]["id"])
    assert table.status.text == "Valeur retirée."
    assert stored("2026-09").empty


BAD_CSV = """indicateur;période;valeur;partenaire;ventilation;groupe
kindergarten_transition;2026;58,5;Centre de services scolaire des Trois-Rives;;
kindergarten_transition;2026;58,5;Centre de services scolaire des Trois-Rives;;
kindergarten_transition;2027;abc;;;
kindergarten_transition;hier;40;;;
nothing_known;2026;1;;;
kindergarten_transition;2026-09;61;Partenaire fantôme;;
kindergarten_transition;15/09/2026;62;;territory;Vieux-Moulin
"""


def test_an_import_reports_each_problem_and_writes_only_after_confirmation(ws):
    fac = _facilitator(ws)
    fac.stage_picker.value = "data"
    before = len(ws.measurements(history=True))
    _upload(fac, BAD_CSV)
    report = html.unescape(fac.step.import_report.value)
    assert "7 lignes lues : 2 valides, 5 rejetées." in report
    for words in ("la même ligne figure plus haut", "ce n'est pas un nombre",
                  "ce n'est pas une période", "indicateur inconnu", "partenaire inconnu"):  # fmt: skip
        assert words in report, words
    assert len(ws.measurements(history=True)) == before, "nothing written before confirming"
    assert fac.step.confirm_import.description == "Importer les 2 lignes valides"
    fac.step.cancel_import.click()
    assert len(ws.measurements(history=True)) == before
    _upload(fac, BAD_CSV)
    fac.step.confirm_import.click()
    assert fac.step.status.text == "2 valeurs importées."
    imported = ws.measurements(history=True)
    imported = imported[imported["source"] == "import"]
    assert sorted(imported["value"]) == [58.5, 62.0]
    assert set(imported["period"]) == {"2026", "2026-09-15"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("indicateur;période\nx;2020\n", "Il manque ces colonnes au fichier : valeur"),
        ("", "Le fichier est vide."),
    ],
)
def test_unusable_files_are_refused_with_a_reason(ws, text, message):
    fac = _facilitator(ws)
    fac.stage_picker.value = "data"
    _upload(fac, text)
    assert message in fac.step.import_status.text
    assert fac.step.confirm_import.disabled


def test_a_forecast_from_one_point_is_refused_with_a_reason(ws):
    fac = _facilitator(ws)
    fac.stage_picker.value = "data"
    fac.shown_indicator = "food_bank_children"
    ws.add_measurements([{"indicator": "own_parents_welcome", "period": "2025", "x": 2025.0,
                          "value": 61.0}])  # fmt: skip
    lists = ws.decision(WB, "lists")["content"]
    lists["secondary"].append("own_parents_welcome")
    ws.adopt_decision(workbook=WB, key="lists", content=lists)
    fac.stage_picker.value = "curves"
    fac.shown_indicator = "own_parents_welcome"
    fac.render()
    assert "Pas de prévision : il faut au moins 3 valeurs, et il y en a 1." in _shown(fac)


def test_stories_keep_setbacks_and_successes(ws):
    fac = _facilitator(ws)
    fac.shown_indicator = "kindergarten_transition"
    fac.render()
    assert "Revers : la moitié des fiches" in _shown(fac)
    fac.step.story_button.click()
    assert "Écrivez d'abord la note" in fac.step.status.text
    fac.step.story_kind.value = "hindering"
    fac.step.story_text.value = "<script>x</script> Deux écoles ont refusé le projet."
    fac.step.story_button.click()
    assert fac.step.status.text == "Note ajoutée à l'histoire."
    shown = " ".join(
        getattr(w, "value", "")
        for w in fac.step_box.children
        if isinstance(getattr(w, "value", ""), str)
    )
    assert "<script>x" not in shown


def test_participants_see_the_dashboard_in_english(ws):
    app = _participant(ws, "client-dash", lang="en")
    assert app.stage == "curves"
    shown = _shown(app)
    assert (
        "Headline indicators" in shown
        and "On track" in shown
        and "The story behind the curve" in shown
    )
    assert not hasattr(app.step, "story_button")


def test_participants_on_the_dashboard_follow_a_new_rating(ws):
    app = _participant(ws, "client-follow")
    assert app.stage == "curves"
    fac = _facilitator(ws, stage="rate")
    fac.step.anonymous_choice.value = True
    fac.step.new_round_button.click()
    assert app.poller.tick()
    assert app.stage == "rate" and app.stage_picker.value == "rate"
    assert "Commencer à répondre" in _shown(app, ("value", "description"))
