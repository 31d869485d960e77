"""The Common agenda workbook driven headless: views, votes, disagreements, adoption."""

from __future__ import annotations

import html
from functools import partial

import helpers
import pytest

from cikit import content, create_workspace
from cikit.apps import CommonAgendaApp, Role

WB = "02_plan_commun"


@pytest.fixture
def ws(tmp_path):
    workspace = create_workspace(tmp_path / "agenda.cikit", name="Table des Saules")
    workspace.update_profile(issue="Des enfants vulnérables", territory="MRC des Saules")
    school = workspace.add_partner("Centre de services scolaire", "education")
    family = workspace.add_partner("Maison de la famille", "community")
    workspace.people = {
        "isa": workspace.add_participant("Isabelle", school, "partner"),
        "nadia": workspace.add_participant("Nadia", family, "partner"),
        "louis": workspace.add_participant("Louis", family, "partner"),
    }
    yield workspace
    workspace.close()


_facilitator = partial(helpers.facilitator, CommonAgendaApp)


_participant = partial(helpers.participant, CommonAgendaApp)


def _join(app, participant_id):
    app.step.join_choice.value = participant_id
    app.step.join_button.click()
    assert app.step.respondent == f"p:{participant_id}"


def _open_views(ws):
    fac = _facilitator(ws)
    assert fac.stage == "views"
    fac.step.new_round_button.click()
    assert fac.step.round["key"] == "views" and fac.step.round["status"] == "open"
    return fac


def _open_vote(fac, dots=2):
    fac.stage_picker.value = "votes"
    boxes = fac.step.candidate_boxes
    boxes["problem"][0].value = "La pauvreté isole les familles."
    boxes["problem"][1].value = "Les enfants arrivent mal préparés à l'école."
    boxes["goal"][0].value = "D'ici 2030, passer de 29 % à 22 %."
    boxes["goal"][1].value = "   "
    fac.step.dots_choice.value = dots
    fac.step.new_round_button.click()
    assert fac.step.round["key"] == "votes"
    return fac


def test_content_questions_and_principles_are_bilingual():
    doc = content.document("common_agenda")
    assert [e["id"] for e in doc["entries"]] == [
        "problem", "goal", "population", "territory", "causes",
    ]  # fmt: skip
    for entry in doc["entries"]:
        assert entry["question"]["fr"] and entry["question"]["en"] and entry["hint"]["en"]
    assert len(doc["principles"]) >= 5
    for principle in doc["principles"]:
        assert principle["fr"] and principle["en"] and principle["source"]
    assert [a["id"] for a in doc["agreement"]] == [1, 2, 3, 4, 5]


def test_views_are_saved_and_shown_side_by_side_with_terms(ws):
    fac = _open_views(ws)
    texts = {
        "isa": "La préparation scolaire des enfants et la réussite éducative des familles.",
        "nadia": "La pauvreté des familles et l'isolement des enfants.",
        "louis": "Pauvreté, isolement : les familles monoparentales et leurs enfants.",
    }
    for n, (who, text) in enumerate(texts.items()):
        app = _participant(ws, f"client-{n:04d}")
        _join(app, ws.people[who])
        app.step.view_boxes["problem"].value = text
        assert app.step.status.text == "Réponse enregistrée."
        app.step.view_boxes["territory"].value = "Vieux-Moulin" if who == "isa" else "Toute la MRC"
    fac.poller.tick()
    assert ">3</span>" in fac.step.counter.value
    detail = fac.step.results_box.children[1]
    shown = " ".join(getattr(w, "value", "") for w in detail.children if hasattr(w, "value"))
    assert "Isabelle — Centre de services scolaire" in shown
    assert "Communs à la plupart des partenaires" in shown and "familles" in shown
    assert "Employés par un seul secteur" in shown and "pauvreté" in shown
    assert "Ce que cette comparaison peut dire" in shown
    charts = [w for w in detail.children if "cikit-chart" in getattr(w, "_dom_classes", ())]
    assert len(charts) == 1
    # The territory question lists places named by some and not others.
    fac.step.results_box.children[0].value = "territory"
    detail = fac.step.results_box.children[1]
    shown = " ".join(getattr(w, "value", "") for w in detail.children if hasattr(w, "value"))
    assert "Lieux nommés par les uns et pas par les autres" in shown
    assert "Vieux-Moulin" in shown


def test_a_new_round_with_only_joins_is_drawn(ws):
    fac = _open_views(ws)
    assert fac.message.text == ""
    assert "Pas encore de réponses" in fac.step.results_box.children[0].value
    app = _participant(ws, "client-join")
    _join(app, ws.people["isa"])
    fac.poller.tick()
    assert ">0</span>" in fac.step.counter.value and "sur 1 inscrit" in fac.step.counter.value
    assert "Pas encore de réponses" in fac.step.results_box.children[0].value
    fac.render()
    assert fac.message.text == ""


def test_bad_view_answers_are_refused_and_nothing_saved_is_lost(ws):
    _open_views(ws)
    app = _participant(ws, "client-bad1")
    _join(app, ws.people["nadia"])
    app.step.view_boxes["problem"].value = "Une première réponse."
    round_id = app.step.round["id"]
    before = len(ws.round_responses(round_id))
    app.step.view_boxes["problem"].value = "x" * 50_000
    assert "trop longue (50\u00a0000 caractères; au plus 2\u00a0000)" in app.step.status.text
    assert app.step.view_boxes["problem"].value == "x" * 50_000, "the text stays for shortening"
    app.step.view_boxes["goal"].value = "   "  # blank and never answered: nothing to save
    assert len(ws.round_responses(round_id)) == before
    fresh = _participant(ws, "client-bad2")
    _join(fresh, ws.people["louis"])
    fresh.step.save_views_button.click()
    assert "une réponse vide n'est pas enregistrée" in fresh.step.status.text
    before = len(ws.round_responses(round_id))
    # Crafted values from the browser: another type, an unknown item.
    assert not app.step.submit("view.problem", {"x": 1})
    assert not app.step.submit("view.nothing", "texte")
    assert not app.step.submit("agree.problem.1", 4)
    answers = ws.round_responses(round_id)
    assert answers[answers["item"] == "view.problem"]["value"].tolist() == ["Une première réponse."]
    # Emptying a saved answer withdraws it (the earlier one stays on record).
    app.step.view_boxes["problem"].value = ""
    assert app.step.status.text == "Réponse retirée."
    answers = ws.round_responses(round_id)
    assert answers[answers["item"] == "view.problem"]["value"].tolist()[-1] == ""
    app.step.save_views_button.click()
    assert app.step.status.level != "error"


def test_what_a_participant_is_typing_survives_a_redraw(ws):
    fac = _open_views(ws)
    app = _participant(ws, "client-draft")
    _join(app, ws.people["isa"])
    app.step.view_boxes["causes"].value = "Des listes d'attente"
    fac.step.reveal_button.click()
    app.poller.tick()
    assert app.step.view_boxes["causes"].value == "Des listes d'attente"


def test_html_in_a_view_is_shown_as_text(ws):
    fac = _open_views(ws)
    app = _participant(ws, "client-html")
    _join(app, ws.people["louis"])
    app.step.view_boxes["problem"].value = "<img src=x onerror=alert(1)> familles"
    fac.poller.tick()
    html_out = fac.step.results_box.children[1].children[1].value
    assert "<img" not in html_out and "&lt;img src=x onerror=alert(1)&gt;" in html_out


def test_opening_a_vote_needs_two_proposals(ws):
    fac = _facilitator(ws)
    fac.stage_picker.value = "votes"
    fac.step.candidate_boxes["problem"][0].value = "Une seule"
    fac.step.new_round_button.click()
    assert fac.step.round is None
    assert "au moins deux propositions" in fac.step.status.text
    fac.step.candidate_boxes["vision"][0].value = "x" * 700
    fac.step.candidate_boxes["vision"][1].value = "b"
    fac.step.new_round_button.click()
    assert fac.step.round is None and "trop longue" in fac.step.status.text


def test_votes_dots_and_agreement_with_limits(ws):
    fac = _open_vote(_facilitator(ws), dots=2)
    config = fac.step.round["config"]
    assert config["dots"] == 2
    assert [c["id"] for c in config["candidates"]["problem"]] == ["problem.1", "problem.2"]
    assert [c["text"] for c in config["candidates"]["goal"]] == [
        "D'ici 2030, passer de 29 % à 22 %."
    ]
    assert "vision" not in config["candidates"]
    app = _participant(ws, "client-vote1")
    assert app.stage == "votes", "participants land where the group is"
    _join(app, ws.people["isa"])
    plus = {cid: buttons[1] for cid, buttons in app.step.dot_buttons.items()}
    plus["problem.1"].click()
    plus["problem.1"].click()
    plus["problem.2"].click()
    assert "Vous avez 2 points pour cette question" in app.step.status.text
    assert "Il vous reste 0 de vos 2 points" in app.step._dots_left["problem"].value
    app.step.dot_buttons["problem.1"][0].click()
    plus["problem.2"].click()
    app.step.agree_items["problem.2"].value = 5
    app.step.agree_items["problem.1"].value = 2
    answers = ws.round_responses(fac.step.round["id"])
    dots = answers[answers["item"] == "dots.problem"]["value"].tolist()
    assert dots[-1] == {"problem.1": 1, "problem.2": 1}
    assert all(sum(d.values()) <= 2 for d in dots)
    # Crafted allocations are refused, and never stored.
    for crafted in ({"problem.1": 3}, {"problem.9": 1}, {"problem.1": -1, "problem.2": 3},
                    {"problem.1": 1.5}, [1, 2], {"goal.1": 1}):  # fmt: skip
        assert not app.step.submit("dots.problem", crafted)
    assert not app.step.submit("agree.problem.1", 6)
    assert not app.step.submit("agree.problem.1", True)
    after = ws.round_responses(fac.step.round["id"])
    assert len(after) == len(answers)

    other = _participant(ws, "client-vote2")
    _join(other, ws.people["nadia"])
    other.step.dot_buttons["problem.2"][1].click()
    other.step.agree_items["problem.2"].value = 4
    fac.poller.tick()
    ranked = fac.step.ranked(ws.round_responses(fac.step.round["id"]))["problem"]
    assert ranked.index[0] == "problem.2" and ranked.loc["problem.2", "dots"] == 2
    assert ranked.loc["problem.2", "level"] == "broad"
    table = " ".join(w.value for w in fac.step.results_box.children if hasattr(w, "value"))
    assert "en tête" in table and "Large accord" in table


def test_participants_follow_the_facilitator_to_a_new_round(ws):
    fac = _open_views(ws)
    app = _participant(ws, "client-follow")
    assert app.stage == "views"
    _open_vote(fac)
    app.poller.tick()
    assert app.stage == "votes"
    assert app.step.round["key"] == "votes"


def test_disagreements_are_recorded_edited_and_resolved(ws):
    fac = _facilitator(ws)
    fac.stage_picker.value = "disagreements"
    fac.step.save_disagreement_button.click()
    assert "Dites d'abord sur quoi porte le désaccord" in fac.step.status.text
    fac.step.disagreement_fields["what"].value = "Universel ou ciblé? <b>gras</b>"
    fac.step.disagreement_fields["who"].value = "Santé publique / groupes communautaires"
    fac.step.disagreement_fields["handling"].value = "Un comité fait rapport en mars."
    fac.step.save_disagreement_button.click()
    assert "Désaccord enregistré (version 1)" in fac.step.status.text
    cards = fac.step.disagreement_list.value
    assert "&lt;b&gt;gras&lt;/b&gt;" in cards and "<b>gras" not in cards
    key = fac.step.disagreements()[0]["key"]
    assert key.startswith("disagreement.")
    fac.step.disagreement_choice.value = key
    assert fac.step.disagreement_fields["who"].value.startswith("Santé publique")
    fac.step.disagreement_fields["handling"].value = "x" * 3000
    fac.step.save_disagreement_button.click()
    assert "trop long" in fac.step.status.text
    fac.step.disagreement_fields["handling"].value = "Rapport en avril."
    fac.step.save_disagreement_button.click()
    assert [d["version"] for d in fac.step.disagreements()] == [2]
    assert fac.step.disagreements(only_open=True)
    fac.step.disagreement_choice.value = key
    fac.step.disagreement_status_choice.value = "resolved"
    fac.step.disagreement_fields["resolution"].value = "On garde les deux approches."
    fac.step.save_disagreement_button.click()
    assert fac.step.disagreements(only_open=True) == []
    assert ws.decision(WB, key, 1)["content"]["handling"] == "Un comité fait rapport en mars."
    # A second record gets its own key, never a new version of the first.
    fac.step.disagreement_choice.value = ""
    fac.step.disagreement_fields["what"].value = "Qui porte la mesure?"
    fac.step.save_disagreement_button.click()
    assert len(fac.step.disagreements()) == 2 and fac.step.disagreements()[0]["key"] == key


def _adopt(fac, **fields):
    fac.stage_picker.value = "agenda"
    fac.step.agenda_tabs.value = "form"
    for name, value in fields.items():
        fac.step.agenda_fields[name].value = value
    fac.step.adopt_agenda_button.click()


def test_agenda_adoption_refuses_what_is_missing_then_versions_and_differences(ws):
    fac = _facilitator(ws)
    fac.stage_picker.value = "disagreements"
    fac.step.disagreement_fields["what"].value = "Universel ou ciblé?"
    fac.step.save_disagreement_button.click()
    _adopt(fac, vision="Chaque enfant grandit entouré.")
    assert "Non adopté : remplissez d'abord La vision" not in fac.step.status.text
    assert "Le but mesurable" in fac.step.status.text and "Les stratégies" in fac.step.status.text
    assert ws.decision(WB, "agenda") is None
    _adopt(fac, goal="De 29 % à 22 %", horizon="bientôt", strategies="Visites")
    assert "indiquez une année" in fac.step.status.text
    _adopt(fac, problem="x" * 50_000, horizon="2030")
    assert "trop long (50000 caractères; au plus 4000)" in fac.step.status.text
    _adopt(fac, problem="Des enfants vulnérables")
    assert "Plan d'action commun adopté (version 1)" in fac.step.status.text
    v1 = ws.decision(WB, "agenda")
    assert v1["content"]["problem"] == "Des enfants vulnérables", "prefilled from the profile"
    assert v1["content"]["strategies"] == ["Visites"]
    assert v1["content"]["disagreements"] == ["Universel ou ciblé?"]
    assert v1["content"]["territory"] == "MRC des Saules"

    fac.step.agenda_tabs.value = "form"
    assert fac.step.agenda_fields["strategies"].value == "Visites", (
        "a new version starts from the last"
    )
    fac.step.principle_boxes[0].value = True
    fac.step.supporters_box.value = 12
    _adopt(fac, strategies="Visites\nTransitions vers l'école", horizon="2031")
    v2 = ws.decision(WB, "agenda")
    assert v2["version"] == 2 and v2["supporters"] == 12
    assert v2["content"]["principles"] == [fac.step.text(fac.step.doc["principles"][0])]
    assert ws.decision(WB, "agenda", 1)["content"]["horizon"] == "2030"

    fac.step.agenda_tabs.value = "versions"
    assert (fac.step.compare_from.value, fac.step.compare_to.value) == (1, 2)
    diff = fac.step.version_diff.value
    assert "+ Transitions vers l&#x27;école" in diff
    assert "2030" in diff and "2031" in diff and "modifié" in diff
    assert "Le problème" not in diff, "unchanged fields are left out"
    fac.step.compare_from.value = 2
    assert "Aucune différence" in fac.step.version_diff.value


def test_fill_from_the_leading_proposals(ws):
    fac = _open_vote(_facilitator(ws))
    for n, who in enumerate(("isa", "nadia")):
        app = _participant(ws, f"client-fill{n}")
        _join(app, ws.people[who])
        app.step.dot_buttons["problem.2"][1].click()
        app.step.agree_items["problem.2"].value = 5
    fac.stage_picker.value = "agenda"
    fac.step.agenda_tabs.value = "form"
    fac.step.fill_button.click()
    assert fac.step.agenda_fields["problem"].value == "Les enfants arrivent mal préparés à l'école."
    assert "Repris du vote : Le problème" in fac.step.status.text
    assert fac.step.supporters_box.value == 2


def test_one_page_view_in_both_languages_and_escaped(ws):
    fac = _facilitator(ws)
    _adopt(
        fac,
        problem="<script>alert('x')</script>",
        vision="Grandir ensemble",
        goal="De 29 % à 22 %",
        horizon="2030",
        strategies="Visites à domicile\nTransitions",
    )
    for lang, heading in (("fr", "Notre plan d'action commun"), ("en", "Our common agenda")):
        app = _participant(ws, "client-page", lang=lang)
        assert app.stage == "agenda"
        page = html.unescape(app.step.agenda_view.value)
        assert heading in page and "Grandir ensemble" in page
        assert (
            "<script>" not in app.step.agenda_view.value
            and "&lt;script&gt;" in app.step.agenda_view.value
        )
        assert "<ol><li>Visites à domicile</li><li>Transitions</li></ol>" in page
    english = html.unescape(_participant(ws, "client-en", lang="en").step.agenda_view.value)
    assert "The measurable goal" in english and "Version 1, adopted" in english


def test_participants_without_an_agenda_are_told_so(ws):
    app = _participant(ws, "client-none")
    app.stage_picker.value = "agenda"
    assert "pas encore adopté son plan d'action commun" in helpers.shown(app)


def test_an_earlier_version_reads_as_it_was_adopted(ws):
    fac = _facilitator(ws)
    fac.stage_picker.value = "disagreements"
    fac.step.disagreement_fields["what"].value = "Universel ou ciblé?"
    fac.step.save_disagreement_button.click()
    _adopt(fac, vision="V", goal="G", horizon="2030", strategies="S")
    fac.stage_picker.value = "disagreements"
    fac.step.disagreement_choice.value = fac.step.disagreements()[0]["key"]
    fac.step.disagreement_status_choice.value = "resolved"
    fac.step.save_disagreement_button.click()
    fac.step.disagreement_choice.value = ""
    fac.step.disagreement_fields["what"].value = "Un désaccord plus récent"
    fac.step.save_disagreement_button.click()
    _adopt(fac, horizon="2031")
    fac.step.agenda_tabs.value = "versions"
    assert "Un désaccord plus récent" in html.unescape(fac.step.agenda_view.value)
    fac.step.show_version.value = 1
    first = html.unescape(fac.step.agenda_view.value)
    assert "Universel ou ciblé?" in first and "Un désaccord plus récent" not in first


def test_principles_follow_the_reader_s_language(ws):
    fac = _facilitator(ws)
    fac.stage_picker.value = "agenda"
    fac.step.agenda_tabs.value = "form"
    fac.step.principle_boxes[2].value = True
    fac.step.own_principles.value = "Agir tôt"
    _adopt(fac, vision="V", goal="G", horizon="2030", strategies="S")
    principle = content.document("common_agenda")["principles"][2]
    english = CommonAgendaApp(ws, lang="en", role=Role.FACILITATOR, facilitator_key="k")
    english.stage_picker.value = "agenda"
    page = html.unescape(english.step.agenda_view.value)
    assert principle["en"] in page and principle["fr"] not in page and "Agir tôt" in page
    english.step.agenda_tabs.value = "form"
    assert english.step.principle_boxes[2].value is True
    assert english.step.own_principles.value == "Agir tôt"


def test_a_malformed_vote_configuration_shows_no_proposal(ws):
    for config in (
        {"dots": 3, "candidates": {"problem": 5}},
        {"dots": 3, "candidates": {"problem": [{"id": "problem.1"}, {"id": "problem.2"}]}},
        {"dots": "3", "candidates": {"problem": [{"id": "a", "text": "A"}]}},
        {"dots": 99, "candidates": {"problem": [{"id": "a", "text": "A"}]}},
        {
            "dots": 3,
            "candidates": {"problem": [{"id": "a", "text": "A"}, {"id": "a", "text": "B"}]},
        },
    ):
        ws.open_round(workbook=WB, key="votes", config=config)
        fac = _facilitator(ws)
        fac.stage_picker.value = "votes"
        assert fac.message.text == ""
        assert "Aucune proposition dans ce vote" in fac.step.results_box.children[0].value
        app = _participant(ws, "client-malformed")
        _join(app, ws.people["isa"])
        assert not app.step.submit("dots.problem", {"a": 1})
        fac.stage_picker.value = "agenda"
        fac.step.agenda_tabs.value = "form"
        fac.step.fill_button.click()
        assert fac.message.text == ""


def test_the_number_of_dots_survives_a_redraw(ws):
    fac = _open_vote(_facilitator(ws), dots=2)
    fac.step.dots_choice.value = 6
    fac.step.reveal_button.click()
    assert fac.step.dots_choice.value == 6
    fac.step.new_round_button.click()
    assert fac.step.round["config"]["dots"] == 6


def test_what_the_facilitator_drafts_survives_moving_between_steps(ws):
    fac = _facilitator(ws, stage="votes")
    fac.step.candidate_boxes["problem"][0].value = "Brouillon A"
    fac.step.dots_choice.value = 5
    fac.stage_picker.value = "agenda"
    fac.step.agenda_tabs.value = "form"
    fac.step.agenda_fields["vision"].value = "Une vision en chantier"
    fac.stage_picker.value = "votes"
    assert fac.step.candidate_boxes["problem"][0].value == "Brouillon A"
    assert fac.step.dots_choice.value == 5
    fac.stage_picker.value = "agenda"
    assert fac.step.agenda_tabs.value == "form"
    assert fac.step.agenda_fields["vision"].value == "Une vision en chantier"
    assert ws.decision(WB, "candidates") is None and ws.decision(WB, "agenda") is None
