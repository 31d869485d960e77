"""The Mutually reinforcing activities workbook driven headless."""

from __future__ import annotations

import datetime as dt
import html
from functools import partial

import helpers
import pytest

from cikit import create_workspace
from cikit.apps import ActivitiesApp

WB = "04_activites"
TRAINING = "Former les intervenants de tous les partenaires à un accueil des parents sans jugement"


@pytest.fixture
def ws(demo_ws):
    return demo_ws


_facilitator = partial(helpers.facilitator, ActivitiesApp)


_participant = partial(helpers.participant, ActivitiesApp)


def _shown(app) -> str:
    return helpers.shown(app, ("value", "description", "title"))


def _stage(app, stage):
    app.stage_picker.value = stage
    return app.step


def _fill(app, **values):
    """Type into the form of the step on screen (``app`` is a page) or of ``app`` (a step)."""
    app = getattr(app, "step", None) or app
    app.f_partner.value = values.get("partner", app.f_partner.value)
    app.f_name.value = values.get("name", "")
    app.f_strategy.value = values.get("strategy", "")
    for holder, chosen in ((app.f_populations, values.get("populations", [])),
                           (app.f_territories, values.get("territories", []))):  # fmt: skip
        for box in holder.children:
            box.value = box._cikit_value in chosen
    app.f_start.value = values.get("start", "")
    app.f_end.value = values.get("end", "")
    app.f_staff.value = values.get("staff", "")


def test_the_demo_map_tells_its_story(ws):
    fac = _facilitator(ws)
    assert fac.stage == "map"
    shown = _shown(fac)
    assert "Activités par partenaire et par stratégie" in shown
    assert "Maison de la famille des Saules" in shown
    _stage(fac, "gaps")
    shown = _shown(fac)
    assert TRAINING in shown and "Saint-Isidore" in shown
    assert "Chevauchements : qui mettre en contact (2)" in shown
    assert "Carrefour communautaire du Vieux-Moulin, CISSS de la Rivière — CLSC des Saules" in shown
    _stage(fac, "together")
    shown = _shown(fac)
    assert "Porte seul" in shown and "Occasions d'harmoniser les pratiques" in shown
    _stage(fac, "summary")
    shown = _shown(fac)
    assert "5/6" in shown and "stratégies du plan servies" in shown
    # The year-old snapshot had "bringing services closer" as a gap: it closed since.
    assert "Manques comblés depuis" in shown
    assert "Rapprocher les services des familles" in shown.split("Manques comblés depuis")[1]


def test_map_switches_to_territories_staff_and_filters(ws):
    fac = _facilitator(ws, lang="en")
    fac.stage_picker.value = "map"
    fac.children  # noqa: B018
    by = next(w for w in _walk(fac) if "cikit-map-by" in getattr(w, "_dom_classes", ()))
    by.value = "territory"
    assert "Activities by partner and territory" in _shown(fac)
    value = next(w for w in _walk(fac) if "cikit-map-value" in getattr(w, "_dom_classes", ()))
    value.value = "staff"
    assert "Staff time (FTE) by partner and territory" in _shown(fac)
    territory = next(w for w in _walk(fac) if "cikit-map-territory" in w._dom_classes)
    territory.value = "Saint-Isidore"
    assert "No activity matches these choices yet." in _shown(fac)


_walk = helpers.walk


def test_facilitator_adds_edits_and_removes_an_activity_and_the_gap_closes(ws):
    fac = _facilitator(ws)
    _stage(fac, "declare")
    partner = int(ws.partners().set_index("name").loc["Centraide régional", "id"])
    _fill(fac, partner=partner, name="Formation <b>accueil</b> sans jugement", strategy=TRAINING,
          populations=["Familles à faible revenu"], territories=["Saint-Isidore"],
          start="2026-01", staff="0,5")  # fmt: skip
    next(w for w in _walk(fac) if "cikit-f-save" in getattr(w, "_dom_classes", ())).click()
    assert fac.step.status.text == "Activité enregistrée."
    added = ws.activities().iloc[-1]
    assert added["name"] == "Formation <b>accueil</b> sans jugement"
    assert added["staff"] == 0.5 and added["source"] == "entry"
    assert "<b>accueil</b>" not in "".join(w.value for w in _walk(fac) if hasattr(w, "value")
                                          and isinstance(w.value, str))  # fmt: skip
    _stage(fac, "gaps")
    shown = _shown(fac)
    assert TRAINING not in shown.split("Chevauchements")[0]
    assert "Saint-Isidore" not in shown.split("Chevauchements")[0]
    # Edit: pick it, change the name, save.
    step = _stage(fac, "declare")
    step._list_partner = partner
    fac.render()
    step.edit_choice.value = int(added["id"])
    assert step.f_name.value == added["name"]
    step.f_name.value = "Formation à l'accueil"
    next(w for w in _walk(fac) if "cikit-f-save" in w._dom_classes).click()
    assert ws.activities().set_index("id").loc[int(added["id"]), "name"] == "Formation à l'accueil"
    step._list_partner = partner
    fac.render()
    step.edit_choice.value = int(added["id"])
    next(w for w in _walk(fac) if "cikit-f-remove" in w._dom_classes).click()
    assert int(added["id"]) not in set(ws.activities()["id"])


@pytest.mark.parametrize(
    "values, message",
    [
        ({"name": ""}, "Une activité doit avoir un nom."),
        ({"name": "X", "partner": 0}, "Choisissez le partenaire qui mène l'activité."),
        ({"name": "X", "start": "2026-13"}, "Ce n'est pas un mois : 2026-13."),
        ({"name": "X", "start": "2026-05", "end": "2026-01"}, "La fin vient avant le début."),
        ({"name": "X", "staff": "beaucoup"}, "Ce n'est pas un nombre d'équivalents temps complet"),
        ({"name": "X", "staff": "-2"}, "de 0 à 1000"),
        ({"name": "x" * 500}, "trop long"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_the_form_kept(ws, values, message):
    fac = _facilitator(ws)
    step = _stage(fac, "declare")
    before = len(ws.activities())
    partner = int(ws.partners()["id"].iloc[0])
    _fill(fac, partner=values.pop("partner", partner), **values)
    typed = step.f_name.value
    next(w for w in _walk(fac) if "cikit-f-save" in w._dom_classes).click()
    assert message in step.form_status.text
    assert len(ws.activities()) == before
    assert step.f_name.value == typed


def test_crafted_values_naming_what_does_not_exist_are_rejected_with_the_name(ws):
    fac = _facilitator(ws, lang="en").step_object("declare")
    partner = int(ws.partners()["id"].iloc[0])
    for crafted, named in (
        ({"strategy": "Conquérir la Lune"}, "Unknown strategy: Conquérir la Lune"),
        ({"indicators": ["nope_indicator"]}, "Unknown indicator: nope_indicator"),
        ({"territories": ["Atlantide"]}, "Unknown territory: Atlantide"),
        ({"populations": ["Martiens"]}, "Unknown population: Martiens"),
        ({"partner_id": 99999}, "Unknown partner: 99999"),
    ):
        values = {"partner_id": partner, "name": "Crafted", **crafted}
        fac.form_status = fac.status
        assert fac.save_activity(values) is None
        assert named in fac.status.text
    assert fac.save_activity("not a dict") is None
    assert "Crafted" not in set(ws.activities()["name"])


def test_a_participant_declares_for_their_organisation_in_a_live_round(ws):
    page = _facilitator(ws)
    fac = _stage(page, "declare")
    fac.new_round_button.click()
    assert fac.round["status"] == "open"
    page_of_person = _participant(ws, "client-act-1")
    assert page_of_person.stage == "declare"
    person = page_of_person.step
    louis = int(ws.participants().set_index("display_name").loc["Louis Gagnon", "id"])
    person.join_choice.value = louis
    person.join_button.click()
    own = int(ws.participants().set_index("id").loc[louis, "partner_id"])
    assert person.f_partner.value == own and person.f_partner.disabled
    assert "Les autres activités de votre organisation" in _shown(page_of_person)
    _fill(person, name="Halte-répit à Saint-Isidore", strategy=TRAINING,
          territories=["Saint-Isidore"])  # fmt: skip
    next(w for w in _walk(page_of_person) if "cikit-f-save" in w._dom_classes).click()
    added = ws.activities().iloc[-1]
    assert added["name"] == "Halte-répit à Saint-Isidore" and added["source"] == "round"
    assert int(added["partner_id"]) == own and int(added["participant_id"]) == louis
    # A crafted save for another partner is refused.
    other = int(ws.partners()["id"].iloc[-1])
    assert person.save_activity({"partner_id": other, "name": "Pas à moi"}) is None
    # The facilitator's count and list follow.
    page.poller.tick()
    assert "1 activités déclarées pendant cette période de réponse." in _shown(page)
    # The participant may edit what they declared, not the others' activities.
    page_of_person.render()
    person.edit_choice.value = int(added["id"])
    person.f_name.value = "Halte-répit du Carrefour à Saint-Isidore"
    next(w for w in _walk(page_of_person) if "cikit-f-save" in w._dom_classes).click()
    assert ws.activities().iloc[-1]["name"] == "Halte-répit du Carrefour à Saint-Isidore"
    first = int(ws.activities()["id"].iloc[0])
    assert person.save_activity({"partner_id": own, "name": "X"}, editing=first) is None
    # After the round closes nothing more is saved.
    fac.close_button.click()
    person.round = ws.current_round(WB, "declarations")
    assert person.save_activity({"partner_id": own, "name": "Trop tard"}) is None
    # Nor removed: a button kept from before the close cannot take a declaration back.
    person._editing = int(added["id"])
    person.remove_editing()
    assert "période de réponse est fermée" in person.form_status.text
    assert int(added["id"]) in set(ws.activities()["id"])


def test_a_participant_without_an_organisation_is_told_why(ws):
    fac = _facilitator(ws)
    _stage(fac, "declare").new_round_button.click()
    person = _participant(ws, "client-act-2", lang="en")
    josee = int(ws.participants().set_index("display_name").loc["Josée Lapointe", "id"])
    person.step.join_choice.value = josee
    person.step.join_button.click()
    assert "not linked to an organisation" in _shown(person)


def test_places_are_listed_once_and_bounded(ws):
    fac = _facilitator(ws)
    step = _stage(fac, "declare")
    step.places_territories.value = "Vieux-Moulin\n vieux-moulin \n\nLac-aux-Hérons"
    next(w for w in _walk(fac) if "cikit-places-save" in w._dom_classes).click()
    places = ws.decision(WB, "places")["content"]
    assert places["territories"] == ["Vieux-Moulin", "Lac-aux-Hérons"]
    step.places_territories.value = "\n".join(f"Lieu {n}" for n in range(50))
    next(w for w in _walk(fac) if "cikit-places-save" in w._dom_classes).click()
    assert "Trop d'éléments (50; au plus 40)." in step.places_status.text
    assert ws.decision(WB, "places")["content"]["territories"] == ["Vieux-Moulin", "Lac-aux-Hérons"]


def test_import_checks_every_line_and_writes_only_after_confirmation(ws):
    fac = _facilitator(ws)
    step = _stage(fac, "declare")
    before = len(ws.activities())
    text = (
        "partenaire;activité;stratégie;populations;territoires;début;personnel (ETC)\n"
        "Centraide régional;Formation des intervenants;6;Familles à faible revenu;"
        "Saint-Isidore;2026-09;0,3\n"
        "Organisme fantôme;Visites;1;;;;\n"
        "CPE Les Petits Pas;<script>alert(1)</script>;99;;Atlantide;2026-13;\n"
    )
    panel = step.import_panel
    panel.upload.value = ({"name": "activites.csv", "type": "text/csv", "size": len(text.encode()),
                           "content": memoryview(text.encode("utf-8")),
                           "last_modified": dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)},)  # fmt: skip
    report = html.unescape(panel.report.value)
    assert "3 lignes lues : 1 valides, 2 rejetées." in report or "1 valide" in report
    assert "Partenaire inconnu : Organisme fantôme" in report
    assert "Territoire inconnu : Atlantide" in report
    assert "<script>" not in panel.report.value
    assert len(ws.activities()) == before
    panel.confirm.click()
    assert len(ws.activities()) == before + 1
    assert ws.activities().iloc[-1]["strategy"] == TRAINING
    assert step.status.text == "1 activités importées."


def test_a_snapshot_is_a_new_version_compared_with_now(ws):
    fac = _facilitator(ws, lang="en")
    _stage(fac, "summary").snapshot_note.value = "Forum <i>2026</i>"
    # A declaration arriving meanwhile redraws the step, and the note being typed stays.
    ws.add_activity(partner_id=int(ws.partners()["id"].iloc[0]), name="Arrivée")
    assert fac.poller.tick()
    assert fac.step.snapshot_note.value == "Forum <i>2026</i>"
    next(w for w in _walk(fac) if "cikit-take-snapshot" in w._dom_classes).click()
    versions = ws.decision_versions(WB, "snapshot")
    assert len(versions) == 3 and versions[-1]["content"]["note"] == "Forum <i>2026</i>"
    assert versions[-1]["content"]["summary"]["strategies_covered"] == 5
    assert "<i>2026</i>" not in "".join(w.value for w in _walk(fac) if isinstance(
        getattr(w, "value", None), str) and "cikit-snapshot-choice" not in w._dom_classes)  # fmt: skip


def test_an_empty_workspace_says_what_is_missing(tmp_path):
    with create_workspace(tmp_path / "empty.cikit", name="Vide") as ws:
        fac = _facilitator(ws)
        assert fac.stage == "declare"
        for stage in ("map", "gaps", "together", "summary"):
            _stage(fac, stage)
            shown = _shown(fac)
            assert "pas pu être" not in shown
        _stage(fac, "gaps")
        assert "Le plan d'action commun n'a pas encore de stratégie" in _shown(fac)
        _stage(fac, "summary")
        assert "Aucun portrait pour l'instant" in _shown(fac)


def test_phones_follow_the_round_and_the_views_follow_each_declaration(ws):
    fac = _facilitator(ws, lang="en", stage="gaps")
    person = _participant(ws, "client-act-3", lang="en")
    assert person.stage == "map"
    assert [label for label, _id in person.stage_picker.options] == [
        "Declare your activities", "The map", "Gaps and overlaps", "Alignment",
    ]  # fmt: skip
    ws.open_round(workbook=WB, key="declarations")
    assert person.poller.tick() and person.stage == "declare", "the phone goes where the group is"
    assert person.step_box.children and person.step.join_choice in list(_walk(person.step_box))
    # The facilitator stays on the gaps, which follow a declaration without a reload.
    assert TRAINING in _shown(fac).split("Overlaps")[0]
    partner = int(ws.partners()["id"].iloc[0])
    ws.add_activity(partner_id=partner, name="Formation", strategy=TRAINING, source="round")
    assert fac.poller.tick() and fac.stage == "gaps"
    assert TRAINING not in _shown(fac).split("Overlaps")[0]


def test_what_a_participant_types_survives_a_reveal_and_is_gone_once_saved(ws):
    fac = _stage(_facilitator(ws), "declare")
    fac.new_round_button.click()
    page = _participant(ws, "client-act-4")
    person = page.step
    louis = int(ws.participants().set_index("display_name").loc["Louis Gagnon", "id"])
    person.join_choice.value = louis
    person.join_button.click()
    _fill(person, name="Halte-répit", territories=["Saint-Isidore"], staff="0,5")
    fac.reveal_button.click()  # the round's state changes: the phone draws the step again
    assert page.poller.tick()
    assert person.f_name.value == "Halte-répit" and person.f_staff.value == "0,5"
    assert [b._cikit_value for b in person.f_territories.children if b.value] == ["Saint-Isidore"]
    next(w for w in _walk(page) if "cikit-f-save" in w._dom_classes).click()
    assert ws.activities().iloc[-1]["name"] == "Halte-répit"
    assert person.f_name.value == "" and person.f_staff.value == ""
