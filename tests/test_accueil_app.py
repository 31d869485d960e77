"""The Start workbook (« Accueil ») driven headless over a real workspace file."""

from __future__ import annotations

import helpers
import pytest

from cikit import open_workspace
from cikit.apps import Role, StartApp
from cikit.apps.base import KEY_ENV, WORKSPACE_ENV

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def ws(demo_path):
    workspace = open_workspace(demo_path)
    yield workspace
    workspace.close()


@pytest.fixture
def app(ws):
    return StartApp(ws, lang="fr", role=Role.FACILITATOR, facilitator_key="secret")


def _goto(app, step_id):
    """Click the step in the strip, as a browser does; the step drawn on screen."""
    app.stage_picker.value = step_id
    assert app.stage == step_id
    return app.step


def _add_partner(app, name, sector="community", contact=""):
    table = _goto(app, "partners").table
    table.new_fields["name"].value = name
    table.new_fields["sector"].value = sector
    table.new_fields["contact"].value = contact
    table.add_button.click()
    return table


def test_header_shows_initiative_title_and_role(app):
    header = app.children[2].children[0].value
    assert "Grandir ensemble" in header
    assert "Accueil" in header
    assert "Vue animation" in header


def test_add_partner_is_saved_at_once(app, ws):
    before = len(ws.partners())
    table = _add_partner(app, "Chambre de commerce des Saules", "private", "Luc")
    assert len(ws.partners()) == before + 1
    assert table.status.text == "Partenaire ajouté."
    assert table.new_fields["name"].value == "", "the form is cleared for the next one"
    names = [row["name"] for row in table.rows]
    assert "Chambre de commerce des Saules" in names


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Un nom est requis."),
        ("   ", "Un nom est requis."),
        ("MAISON DE LA FAMILLE DES SAULES", "figure déjà dans la liste"),
        ("Maison de la famille des Saulés", "figure déjà dans la liste"),
        ("x" * 10_000, "Ce nom est trop long (10000 caractères; au plus 120)."),
    ],
)
def test_bad_partner_names_are_refused_in_french(app, ws, name, message):
    before = ws.partners()
    table = _add_partner(app, name)
    assert message in table.status.text
    assert table.status.level == "error"
    assert ws.partners().equals(before), "nothing saved is changed"


def test_unknown_sector_from_a_crafted_message_is_refused(app, ws):
    table = _goto(app, "partners").table
    before = len(ws.partners())
    # A browser can send any value; bypass the Dropdown's own validation as a crafted
    # comm message would reach the callback.
    for callback in table._on_add:
        callback({"name": "Nouveau", "sector": "aliens", "contact": ""})
    assert "Secteur inconnu : aliens" in table.status.text
    assert len(ws.partners()) == before


def test_html_in_a_name_is_stored_verbatim_and_shown_as_text(ws, app):
    _add_partner(app, XSS, "other")
    assert XSS in ws.partners()["name"].tolist()
    viewer = StartApp(ws, lang="fr", role=Role.PARTICIPANT)
    rendered = _goto(viewer, "partners").table.body.children[0].value
    assert "<img" not in rendered and "&lt;img src=x onerror=alert(1)&gt;" in rendered


def test_edit_and_remove_partner(app, ws):
    table = _add_partner(app, "Temporaire", "other")
    row_index = [r["name"] for r in table.rows].index("Temporaire")
    row = table.body.children[1 + row_index]
    row.children[0].children[1].value = "Temporaire renommé"
    assert "Temporaire renommé" in ws.partners()["name"].tolist()
    row = table.body.children[1 + row_index]
    row.children[-2].click()
    row.children[-1].children[0].click()
    assert "Temporaire renommé" not in ws.partners()["name"].tolist()
    assert table.status.text == "Partenaire retiré."


def test_refused_edit_puts_back_the_saved_value(app, ws):
    table = _goto(app, "partners").table
    first = table.rows[0]
    other = table.rows[1]["name"]
    table.body.children[1].children[0].children[1].value = other
    assert "figure déjà dans la liste" in table.status.text
    assert table.rows[0]["name"] == first["name"]
    assert ws.partners()["name"].iloc[0] == first["name"]


def test_removing_a_partner_with_people_is_refused(app, ws):
    table = _goto(app, "partners").table
    row = table.body.children[1]
    row.children[-2].click()
    row.children[-1].children[0].click()
    assert "compte encore" in table.status.text
    assert len(ws.partners()) == 12


def test_add_participant_with_partner_and_role(app, ws):
    table = _goto(app, "people").table
    partner_id = int(ws.partners()["id"].iloc[0])
    table.new_fields["display_name"].value = "Zoé Nouvelle"
    table.new_fields["partner_id"].value = partner_id
    table.new_fields["role"].value = "resident"
    table.add_button.click()
    people = ws.participants()
    added = people[people["display_name"] == "Zoé Nouvelle"].iloc[0]
    assert added["partner_id"] == partner_id and added["role"] == "resident"


def test_new_partner_appears_in_participant_choices(app):
    _goto(app, "people")
    _add_partner(app, "Nouveau partenaire", "public")
    labels = [label for label, _ in _goto(app, "people").table.new_fields["partner_id"].options]
    assert "Nouveau partenaire" in labels


def test_profile_edit_and_refusal(app, ws):
    step = app.step
    assert step.id == "initiative", "the walk starts with the initiative"
    fields = step.fields
    fields["territory"].value = "Quartier Nord"
    assert ws.profile()["territory"] == "Quartier Nord"
    assert step.status.text == "Enregistré."
    fields["name"].value = ""
    assert step.status.text == "Un nom est requis."
    assert fields["name"].value == ws.profile()["name"] != ""


def test_coverage_names_the_missing_sector(app):
    prompt = _goto(app, "coverage").prompt.value
    assert "Secteur privé" in prompt
    assert "Santé et services sociaux" not in prompt
    _add_partner(app, "Chambre de commerce", "private")
    assert "Tous les secteurs sont à la table" in _goto(app, "coverage").prompt.value


def test_language_switch_redraws_in_english_and_updates_url(app):
    switch = app.children[2].children[1]
    switch.value = "en"
    assert app.lang == "en"
    assert "Start" in app.children[2].children[0].value
    assert app.url.push == {"lang": "en"}
    assert app.stage_picker.options[1][0] == "2. Partners"


def test_url_parameters_set_language_and_role(ws, monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    app = StartApp(ws, facilitator_key="secret", waiting=True)
    assert "cikit-waiting" in app.children[-1].value, "waits for the browser's URL"
    app.url.query = "?lang=en&role=facilitator&key=secret"
    assert app.lang == "en" and app.role is Role.FACILITATOR
    assert app.step.id == "initiative"
    assert app.step_object("partners").table is None, "steps are built when shown"
    assert not [w for w in helpers.walk(app) if "cikit-table" in w._dom_classes]


def test_wrong_key_gives_participant_view_and_a_message(ws, monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    app = StartApp(ws, facilitator_key="secret", waiting=True)
    app.url.query = "?lang=fr&role=facilitator&key=guess"
    assert app.role is Role.PARTICIPANT
    assert "clé d'animation est absente ou erronée" in app.message.text
    assert _goto(app, "partners").table.editable is False


LONG_KEY = "a-key-of-24-characters!!"


def test_for_page_reads_the_environment(demo_path, monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5")
    monkeypatch.setenv(WORKSPACE_ENV, demo_path)
    monkeypatch.setenv(KEY_ENV, LONG_KEY)
    monkeypatch.setenv("QUERY_STRING", f"lang=en&role=facilitator&key={LONG_KEY}")
    app = StartApp.for_page()
    assert app.lang == "en" and app.role is Role.FACILITATOR


def test_in_voila_a_key_shorter_than_16_characters_gives_no_facilitator_view(
    demo_path, monkeypatch, caplog
):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5")
    monkeypatch.setenv(WORKSPACE_ENV, demo_path)
    monkeypatch.setenv(KEY_ENV, "short-key")
    monkeypatch.setenv("QUERY_STRING", "lang=en&role=facilitator&key=short-key")
    app = StartApp.for_page()
    assert app.role is Role.PARTICIPANT
    assert "shorter than 16 characters" in caplog.text
    assert "short-key" not in caplog.text


def test_in_voila_an_explicit_role_is_ignored_the_key_decides(demo_path, monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5")
    monkeypatch.setenv(WORKSPACE_ENV, demo_path)
    monkeypatch.setenv("CIKIT_ROLE", "facilitator")
    monkeypatch.setenv("QUERY_STRING", "lang=fr")
    assert StartApp.for_page().role is Role.PARTICIPANT
    assert StartApp.for_page(role="facilitator").role is Role.PARTICIPANT


def test_outside_voila_the_facilitator_view_is_an_explicit_choice(demo_path, monkeypatch):
    for name in ("VOILA_PREHEAT", "SERVER_SOFTWARE", "QUERY_STRING", "CIKIT_ROLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(WORKSPACE_ENV, demo_path)
    assert StartApp.for_page().role is Role.PARTICIPANT, "a failed detection is no facilitator"
    assert StartApp.for_page(role="facilitator").role is Role.FACILITATOR
    assert StartApp.for_page(role=Role.FACILITATOR).role is Role.FACILITATOR
    monkeypatch.setenv("CIKIT_ROLE", "facilitator")
    assert StartApp.for_page().role is Role.FACILITATOR
    monkeypatch.setenv("CIKIT_ROLE", "admin")
    assert StartApp.for_page().role is Role.PARTICIPANT


def test_for_page_without_workspace_says_so(monkeypatch):
    monkeypatch.delenv(WORKSPACE_ENV, raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    app = StartApp.for_page()
    assert "Aucun espace de travail" in app.message.text


def test_for_page_with_a_broken_workspace_says_so(tmp_path, monkeypatch):
    bad = tmp_path / "bad.cikit"
    bad.write_text("not a database")
    monkeypatch.setenv(WORKSPACE_ENV, str(bad))
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    app = StartApp.for_page()
    assert "n'est pas un espace de travail cikit" in app.message.text


def test_refused_edit_is_drawn_back_even_when_rows_did_not_change(app, ws):
    table = _goto(app, "partners").table
    saved = table.rows[0]["name"]
    table.body.children[1].children[0].children[1].value = ""
    assert table.status.text == "Un nom est requis."
    assert table.body.children[1].children[0].children[1].value == saved


def test_links_ask_for_the_facilitator_view_but_never_carry_the_key(ws):
    from urllib.parse import parse_qs

    app = StartApp(ws, lang="en", role=Role.FACILITATOR, facilitator_key="k+y&z=1-long-enough")
    assert parse_qs(app.link_params()) == {"lang": ["en"], "role": ["facilitator"]}
    _goto(app, "workbooks")
    assert "cikit-workbook-link" in helpers.raw(app.step_box)
    assert "k+y" not in helpers.raw(app)
    participant = StartApp(ws, lang="en", role=Role.PARTICIPANT, facilitator_key="k" * 16)
    assert parse_qs(participant.link_params()) == {"lang": ["en"]}


def test_a_checked_key_is_marked_for_the_browser_to_drop_from_the_address(ws, monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    good = StartApp(ws, facilitator_key="secret-of-16-chars", waiting=True)
    good.url.query = "?lang=fr&role=facilitator&key=secret-of-16-chars"
    assert good.role is Role.FACILITATOR and good.url.key_state == "accepted"
    wrong = StartApp(ws, facilitator_key="secret-of-16-chars", waiting=True)
    wrong.url.query = "?lang=fr&role=facilitator&key=guess"
    assert wrong.role is Role.PARTICIPANT and wrong.url.key_state == "refused"
    plain = StartApp(ws, facilitator_key="secret-of-16-chars", waiting=True)
    plain.url.query = "?lang=fr"
    assert plain.url.key_state == ""


def test_previous_and_next_walk_the_steps_in_order(app):
    def buttons():
        footer = helpers.with_class(app.step_box, "cikit-nav-footer")
        return footer.children

    previous, following = buttons()
    assert (previous.description, following.description) == ("Précédent", "Suivant")
    assert previous.disabled and not following.disabled
    following.click()
    assert app.stage == "partners" and app.stage_picker.value == "partners"
    for _ in range(3):
        buttons()[1].click()
    assert app.stage == "workbooks" and buttons()[1].disabled
    buttons()[0].click()
    assert app.stage == "coverage"
    assert [label for label, _ in app.stage_picker.options] == [
        "1. Initiative", "2. Partenaires", "3. Personnes", "4. Qui est à la table?", "5. Cahiers",
    ]  # fmt: skip


def test_a_half_typed_partner_survives_a_look_at_another_step_and_the_other_language(app, ws):
    table = _goto(app, "partners").table
    table.new_fields["name"].value = "Brouillon"
    table.new_fields["sector"].value = "private"
    _goto(app, "people")
    table = _goto(app, "partners").table
    assert table.new_values()["name"] == "Brouillon"
    assert table.new_values()["sector"] == "private"
    app.lang = "en"
    assert app.stage == "partners", "the language switch keeps the person on their step"
    table = app.step.table
    assert table.new_values()["name"] == "Brouillon"
    table.add_button.click()
    assert "Brouillon" in ws.partners()["name"].tolist()
    assert _goto(app, "people") and _goto(app, "partners").table.new_values()["name"] == ""
