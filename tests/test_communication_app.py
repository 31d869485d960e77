"""The Continuous communication workbook driven headless: survey waves, network, plan, logs."""

from __future__ import annotations

import datetime as dt
from functools import partial

import helpers
import pytest

from cikit import create_workspace
from cikit.analysis.network import item_id
from cikit.apps import CommunicationApp, Role

WB = "05_communication"


@pytest.fixture
def ws(demo_ws):
    return demo_ws


_facilitator = partial(helpers.facilitator, CommunicationApp)


_participant = partial(helpers.participant, CommunicationApp)


_shown = helpers.shown


_raw = helpers.raw


_html = helpers.rendered_html


def _ids(ws) -> dict[str, int]:
    return {r.name: int(r.id) for r in ws.partners().itertuples()}


def _person(ws, name: str) -> int:
    people = ws.participants()
    return int(people.loc[people["display_name"] == name, "id"].iloc[0])


def _open_wave(fac, label="Hiver 2027") -> dict:
    fac.stage_picker.value = "survey"
    fac.step.wave_label_text.value = label
    fac.step.new_round_button.click()
    assert fac.step.round["status"] == "open", fac.step.status.text
    return fac.step.round


def _join(app, person_id: int) -> None:
    app.step.join_choice.value = person_id
    app.step.join_button.click()
    assert app.step.respondent == f"p:{person_id}", app.step.status.text


def test_demo_opens_on_the_network_with_the_change_since_last_year(ws):
    fac = _facilitator(ws)
    assert fac.stage == "network"
    shown = _shown(fac)
    assert "Automne 2026 (2026-10-14)" in shown and "Automne 2025 (2025-10-15)" in shown
    assert "Densité : 30\u00a0% → 44\u00a0%" in shown
    assert "Paires où la confiance est faible" in shown
    assert "Banque alimentaire Le Panier → Fondation Avenir des tout-petits" in shown
    assert "Aucun : chaque partenaire est nommé par un autre." in shown
    assert fac.step.last_comparison.new_ties and fac.step.last_comparison.resolved_low_trust
    # The first wave: nobody reports working with the parents' committee.
    fac.step.wave_choice.value = fac.step.waves()[0]["id"]
    assert fac.step.compare_choice.value is None
    assert fac.step.last_measures.unreported == [_ids(ws)["Comité de parents citoyens"]]
    assert "Comité de parents citoyens" in _shown(fac).split("personne ne dit travailler")[1]


def test_the_map_is_a_bqplot_graph_sized_by_centrality_and_coloured_by_sector(ws):
    import bqplot as bq

    fac = _facilitator(ws, lang="en")
    figures = []

    def walk(widget):
        if isinstance(widget, bq.Figure):
            figures.append(widget)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(fac)
    graph = figures[0].marks[0]
    assert isinstance(graph, bq.Graph)
    m = fac.step.last_measures
    assert len(graph.node_data) == len(m.partners) == 12
    assert len(graph.link_data) == len(m.ties)
    radii = [n["shape_attrs"]["r"] for n in graph.node_data]
    hub = m.partners.index(max(m.centrality, key=m.centrality.get))
    assert radii[hub] == max(radii)
    assert len(set(graph.colors)) >= 5  # one colour per sector at the table
    assert "The ties in words (29)" in _shown(fac)


def test_participants_answer_from_their_partner_and_the_facilitator_sees_the_map_change(ws):
    fac = _facilitator(ws)
    wave = _open_wave(fac)
    assert wave["config"]["label"] == "Hiver 2027"
    assert len(wave["config"]["partners"]) == 12
    ids = _ids(ws)
    nadia = _participant(ws, "client-nadia-01")
    assert nadia.stage == "survey"
    _join(nadia, _person(ws, "Nadia Tremblay"))
    maison = ids["Maison de la famille des Saules"]
    # Preset to the person's own organisation; the first other partner is on screen.
    assert nadia.step.as_partner_choice.value == maison
    target = nadia.step.target_choice.value
    assert target != maison
    nadia.step.ratings["level"].value = "integration"
    for name in ("reliability", "mission", "openness"):
        nadia.step.ratings[name].value = 1
    assert nadia.step.status.text == "Réponse enregistrée."
    fac.poller.tick()
    m = fac.step.last_measures
    assert m.answered == [maison]
    assert len(m.ties) == 1 and m.ties.iloc[0]["level"] == "integration"
    assert m.low_trust[["source", "target"]].values.tolist() == [[maison, target]]
    assert "1 / 12" in _shown(fac)

    # A colleague from the same organisation answers later: the latest answer counts.
    elodie = _participant(ws, "client-elodie-01", lang="en")
    _join(elodie, _person(ws, "Élodie Caron"))
    assert elodie.step.as_partner_choice.value == maison
    elodie.step.target_choice.value = target
    elodie.step.ratings["level"].value = "awareness"
    fac.poller.tick()
    assert fac.step.last_measures.ties.iloc[0]["level"] == "awareness"
    assert fac.step.last_measures.answered == [maison]

    # Moving on to the next partner keeps the answers of the first.
    nadia.step.next_partner.click()
    assert nadia.step.target_choice.value != target
    nadia.step.previous_partner.click()
    assert nadia.step.ratings["reliability"].value == 1
    assert "✓" not in nadia.step.target_choice.options[0][0]  # power etc. not answered yet


def test_bad_ratings_are_refused_with_a_reason_and_nothing_is_saved(ws):
    fac = _facilitator(ws)
    wave = _open_wave(fac)
    ids = _ids(ws)
    maison, ville = ids["Maison de la famille des Saules"], ids["Ville de Rivière-aux-Saules"]
    app = _participant(ws, "client-bad-0001")
    _join(app, _person(ws, "Nadia Tremblay"))
    before = len(ws.round_responses(wave["id"]))
    assert not app.step.submit(item_id(maison, maison, "level"), "integration")
    assert app.step.status.text == "Un partenaire n'évalue pas sa relation avec lui-même."
    assert not app.step.submit(item_id(maison, 9999, "level"), "integration")
    assert app.step.status.text == "Ce partenaire ne fait pas partie de ce sondage."
    assert not app.step.submit(item_id(9999, ville, "trust"), 3)
    assert not app.step.submit(item_id(maison, ville, "reliability"), 9)
    assert not app.step.submit(item_id(maison, ville, "reliability"), True)
    assert not app.step.submit(item_id(maison, ville, "level"), "<b>lots</b>")
    assert not app.step.submit("rel.1.2", "none")
    assert app.step.status.text == "Cette réponse ne peut pas être enregistrée."
    # Choosing an organisation outside the survey is refused too.
    app.step._on_as_partner({"new": 9999, "old": maison})
    assert app.step._as_partner == maison and app.step.as_partner_choice.value == maison
    assert app.step.status.text == "Ce partenaire ne fait pas partie de ce sondage."
    assert len(ws.round_responses(wave["id"])) == before


def test_a_new_partner_after_the_wave_opened_is_not_part_of_it(ws):
    fac = _facilitator(ws)
    wave = _open_wave(fac)
    late = ws.add_partner("Arrivé en retard", "private")
    app = _participant(ws, "client-late-0001")
    _join(app, _person(ws, "Martin Côté"))
    assert late not in [v for _, v in app.step.target_choice.options]
    assert not app.step.submit(
        item_id(_ids(ws)["Ville de Rivière-aux-Saules"], late, "level"), "none"
    )
    assert late not in wave["config"]["partners"]


def test_anonymous_answers_choose_the_organisation_first(ws):
    fac = _facilitator(ws)
    fac.stage_picker.value = "survey"
    fac.step.anonymous_choice.value = True
    fac.step.new_round_button.click()
    app = _participant(ws, "client-anon-0001", lang="en")
    app.step.join_choice.value = "community"
    app.step.join_button.click()
    assert app.step.as_partner_choice.value is None
    assert "Choose the organisation you answer for." in _shown(app)
    carrefour = _ids(ws)["Carrefour communautaire du Vieux-Moulin"]
    app.step.as_partner_choice.value = carrefour
    assert carrefour not in [v for _, v in app.step.target_choice.options]
    app.step.ratings["level"].value = "cooperation"
    fac.poller.tick()
    assert fac.step.last_measures.answered == [carrefour]


def test_closed_wave_refuses_answers(ws):
    fac = _facilitator(ws)
    _open_wave(fac)
    app = _participant(ws, "client-close-001")
    _join(app, _person(ws, "Nadia Tremblay"))
    fac.step.close_button.click()
    app.render()
    assert app.step.ratings["level"].disabled
    assert not app.step.submit(item_id(*list(_ids(ws).values())[:2], "level"), "none")


def test_a_survey_needs_two_partners(tmp_path):
    ws = create_workspace(tmp_path / "one.cikit", name="Seul")
    try:
        ws.add_partner("Seule organisation", "community")
        fac = CommunicationApp(ws, lang="en", role=Role.FACILITATOR)
        assert fac.stage == "survey"
        fac.step.new_round_button.click()
        assert "at least two partners" in fac.step.status.text
        assert ws.current_round(WB, "relations") is None
        # A wave kept from when there was one partner: the measures say why they are missing.
        ws.open_round(workbook=WB, key="relations", config={"label": "x", "partners": [1]})
        fac.render()
        assert "This measure needs at least 2 partners in the survey; it has 1." in _shown(fac)
        fac.stage_picker.value = "network"
        assert "This measure needs at least 2 partners" in _shown(fac)
    finally:
        ws.close()


def test_no_wave_yet_and_participants_see_only_revealed_waves(tmp_path):
    ws = create_workspace(tmp_path / "new.cikit", name="Neuve")
    try:
        ws.add_partner("A", "community")
        ws.add_partner("B", "health")
        fac = CommunicationApp(ws, lang="en", role=Role.FACILITATOR)
        fac.stage_picker.value = "network"
        assert "No survey wave yet" in _shown(fac)
        fac.stage_picker.value = "survey"
        fac.step.new_round_button.click()
        who = CommunicationApp(ws, lang="en", role=Role.PARTICIPANT)
        who.stage_picker.value = "network"
        assert "once the facilitator shares" in _shown(who)
        fac.step.reveal_button.click()
        who.render()
        assert who.step.waves() and who.step.last_measures is not None
        assert who.step.compare_choice.value is None  # a single wave: nothing to compare with
        assert "What changed" not in _shown(who)
    finally:
        ws.close()


def test_participants_are_led_to_a_new_wave(ws):
    who = _participant(ws, "client-follow-01", lang="en")
    assert who.stage == "network"
    fac = _facilitator(ws)
    _open_wave(fac)
    who.poller.tick()
    assert who.stage == "survey"
    assert who.step.join_choice is not None


def test_facilitator_picks_any_two_waves(ws):
    fac = _facilitator(ws, lang="en")
    old, new = [w["id"] for w in fac.step.waves()]
    fac.step.wave_choice.value = old
    fac.step.compare_choice.value = new
    shown = _shown(fac)
    # Always told from the earlier to the later wave.
    assert "What changed from Automne 2025 (2025-10-15) to Automne 2026 (2026-10-14)" in shown
    fac.step.compare_choice.value = None
    assert "What changed" not in _shown(fac)


# -- plan and logs ---------------------------------------------------------------------------


def _fill(app, prefix: str, **values) -> None:
    fields, save, status = app.step.forms[prefix]
    for key, value in values.items():
        fields[key].value = value
    save.click()


def test_plan_shows_a_calendar_and_the_facilitator_adds_edits_removes(ws):
    fac = _facilitator(ws, lang="en")
    fac.stage_picker.value = "plan"
    shown = _shown(fac)
    assert "The next 6 months" in shown and "Comité de pilotage" in shown
    assert "Every month" in shown
    ids = _ids(ws)
    start = dt.date.today() + dt.timedelta(days=3)
    _fill(fac, "table.", name="<script>alert(1)</script> Table des parents", kind="forum",
          frequency="monthly", start=start, channel="Café du quartier",
          audience="Parents", members=(ids["Comité de parents citoyens"],))  # fmt: skip
    assert fac.step.forms["table."][2].text == "Table saved."
    tables = ws.decisions_by_prefix(WB, "table.")
    mine = tables[-1]
    assert mine["content"] == {
        "name": "<script>alert(1)</script> Table des parents",
        "kind": "forum",
        "members": [ids["Comité de parents citoyens"]],
        "frequency": "monthly",
        "channel": "Café du quartier",
        "audience": "Parents",
        "start": start.isoformat(),
    }
    assert len(mine["key"]) == len("table.") + 8
    raw = _raw(fac)
    assert "<script>" not in raw and "&lt;script&gt;" in raw
    # The calendar shows it on its first date.
    assert f'<span class="cikit-comm-day">{start.day}</span> &lt;script&gt;' in raw
    # Edit: a new version of the same key.
    fac.step._start_edit("table.", mine["key"])
    assert fac.step.forms["table."][0]["name"].value.startswith("<script>")
    _fill(fac, "table.", name="Table des parents", frequency="quarterly")
    assert ws.decision(WB, mine["key"])["version"] == 2
    assert ws.decision(WB, mine["key"])["content"]["frequency"] == "quarterly"
    # Remove: a version marked removed; the history stays.
    fac.step._remove("table.", mine["key"])
    assert ws.decision(WB, mine["key"])["content"]["removed"] is True
    assert len(ws.decision_versions(WB, mine["key"])) == 3
    assert "Table des parents" not in _shown(fac)


def test_bad_plan_entries_are_refused_and_nothing_is_saved(ws):
    fac = _facilitator(ws)
    fac.stage_picker.value = "plan"
    before = len(ws.decisions_by_prefix(WB, "table."))
    _fill(fac, "table.", name="  ", channel="Zoom")
    assert fac.step.forms["table."][2].text.startswith("Nom de l'instance : ")
    _fill(fac, "table.", name="x" * 300, channel="Zoom")
    assert "trop long" in fac.step.forms["table."][2].text
    fields, save, status = fac.step.forms["table."]
    fields["name"].value = "Table"
    fields["channel"].value = "Zoom"
    fields["start"].value = None
    save.click()
    assert "AAAA-MM-JJ" in status.text
    # A crafted member id (not a partner) is refused.
    fac.step._save("table.", {**fields, "members": _Fake((9999,))}, status)
    assert status.level == "error"
    assert len(ws.decisions_by_prefix(WB, "table.")) == before


class _Fake:
    """A widget-like object with a value, as a crafted browser message would set it."""

    def __init__(self, value):
        self.value = value


def test_decision_and_lesson_logs_show_setbacks_and_successes(ws):
    fac = _facilitator(ws)
    fac.stage_picker.value = "logs"
    shown = _shown(fac)
    assert "3 réussites · 3 revers" in shown
    assert "Journal des décisions" in shown and "Revers" in shown
    _fill(fac, "decision.", date=dt.date(2026, 11, 20), what="Inviter le secteur privé",
          information="<i>Carte des secteurs</i>", by="Comité de pilotage")  # fmt: skip
    _fill(fac, "lesson.", date=dt.date(2026, 11, 21), kind="setback",
          what="Le forum a été annulé", change="Réserver la salle plus tôt")  # fmt: skip
    decision = ws.decisions_by_prefix(WB, "decision.")[-1]
    lesson = ws.decisions_by_prefix(WB, "lesson.")[-1]
    assert decision["content"] == {"date": "2026-11-20", "what": "Inviter le secteur privé",
                                   "information": "<i>Carte des secteurs</i>",
                                   "by": "Comité de pilotage"}  # fmt: skip
    assert lesson["content"] == {"date": "2026-11-21", "what": "Le forum a été annulé",
                                 "kind": "setback", "change": "Réserver la salle plus tôt"}  # fmt: skip
    assert "3 réussites · 4 revers" in _shown(fac)
    assert "&lt;i&gt;Carte des secteurs&lt;/i&gt;" in _raw(fac)
    # Newest first.
    assert _shown(fac).index("Le forum a été annulé") < _shown(fac).index("La Fondation a annoncé")
    fields, _save, status = fac.step.forms["lesson."]
    fac.step._save("lesson.", {**fields, "kind": _Fake("failure"), "what": _Fake("x")}, status)
    assert status.level == "error" and "failure" in status.text
    _fill(fac, "decision.", what="", by="x")
    assert fac.step.forms["decision."][2].text.startswith("Ce qui a été décidé : ")


def test_participants_read_the_plan_and_logs_without_forms(ws):
    who = _participant(ws, "client-read-0001", lang="en")
    who.stage_picker.value = "logs"
    shown = _shown(who)
    assert "Decision log" in shown and "Setback" in shown and "Success" in shown
    assert not who.step.forms
    who.stage_picker.value = "plan"
    assert "Comité de pilotage" in _shown(who)
    assert not who.step.forms
    # Participants follow the facilitator's edits.
    fac = _facilitator(ws)
    fac.stage_picker.value = "logs"
    _fill(fac, "decision.", date=dt.date(2026, 11, 22), what="Nouvelle décision", by="Comité")
    who.stage_picker.value = "logs"
    who.poller.tick()
    assert "Nouvelle décision" in _shown(who)


def test_edit_and_remove_of_unknown_records_are_refused(ws):
    fac = _facilitator(ws)
    fac.stage_picker.value = "logs"
    fac.step._start_edit("decision.", "lesson.nothere")
    assert fac.message.level == "error"
    fac.step._remove("lesson.", "decision.whatever")
    assert fac.message.level == "error"


def _buttons(app, css: str) -> list:
    import ipywidgets as ipw

    found = []

    def walk(widget):
        if isinstance(widget, ipw.Button) and css in widget._dom_classes:
            found.append(widget)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(app)
    return found


def test_no_interaction_skips_trust_and_value_and_counts_as_done(ws):
    fac = _facilitator(ws)
    _open_wave(fac)
    app = _participant(ws, "client-none-0001", lang="en")
    _join(app, _person(ws, "Nadia Tremblay"))
    assert app.step.rating_details.layout.display == ""
    app.step.ratings["level"].value = "none"
    assert app.step.rating_details.layout.display == "none"
    assert app.step.no_interaction.layout.display == ""
    app.step.next_partner.click()
    assert app.step.target_choice.options[0][0].startswith("✓ ")
    assert "You rated 1 of 11 partners." in _shown(app)
    app.step.ratings["level"].value = "cooperation"
    assert app.step.rating_details.layout.display == ""
    for _ in range(10):
        app.step.ratings["level"].value = "none"
        app.step.next_partner.click()
    assert "Thank you: every partner is rated." in _shown(app)


def test_removal_asks_for_a_confirmation(ws):
    fac = _facilitator(ws, lang="en")
    fac.stage_picker.value = "logs"
    before = len(fac.step.records("lesson."))
    _buttons(fac, "cikit-comm-remove")[-1].click()  # the oldest lesson
    assert len(fac.step.records("lesson.")) == before
    _buttons(fac, "cikit-comm-keep")[0].click()
    assert not _buttons(fac, "cikit-comm-keep")
    _buttons(fac, "cikit-comm-remove")[-1].click()
    _buttons(fac, "cikit-comm-confirm-remove")[0].click()
    assert len(fac.step.records("lesson.")) == before - 1
    assert fac.message.text == "Removed. Earlier versions stay in the workspace."
    assert "2 successes · 3 setbacks" in _shown(fac)


def test_html_in_names_and_wave_labels_is_shown_as_text(ws):
    ws.update_partner(_ids(ws)["Ville de Rivière-aux-Saules"], name="<img src=x onerror=alert(1)>")
    fac = _facilitator(ws)
    _open_wave(fac, label="<b>Hiver</b>")
    raw = _html(fac)
    assert "<b>Hiver</b>" not in raw and "&lt;b&gt;Hiver&lt;/b&gt;" in raw
    fac.stage_picker.value = "network"
    raw = _html(fac)
    assert "<img" not in raw and "&lt;img src=x onerror=alert(1)&gt;" in raw


def test_a_closed_wave_shows_no_empty_choice_to_someone_who_did_not_answer(ws):
    who = _participant(ws, "client-closed-01", lang="en")
    who.stage_picker.value = "survey"
    assert who.step.round["status"] == "closed"
    shown = _shown(who)
    assert "This round is closed" in shown
    assert "Choose the organisation you answer for." not in shown
    assert not hasattr(who.step, "as_partner_choice")
    assert who.step.last_measures is not None  # the revealed results are still shown
