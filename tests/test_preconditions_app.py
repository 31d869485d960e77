"""The Preconditions workbook and the live round mechanism, driven headless."""

from __future__ import annotations

from functools import partial

import helpers
import pytest
import traitlets as tl

from cikit import content
from cikit.apps import PreconditionsApp, Role
from cikit.components import LikertItem

FIRST = "approach.complex"


@pytest.fixture
def ws(demo_ws):
    return demo_ws


_facilitator = partial(helpers.facilitator, PreconditionsApp)


_participant = partial(helpers.participant, PreconditionsApp)


def _new_round(ws, anonymous):
    fac = _facilitator(ws)
    fac.step.anonymous_choice.value = anonymous
    fac.step.new_round_button.click()
    return fac


def test_content_statements_are_the_items():
    doc = content.document("preconditions")
    assert [e["id"] for e in doc["entries"]] == [
        "approach", "champion", "resources", "urgency", "readiness", "equity",
    ]  # fmt: skip
    assert sum(len(e["statements"]) for e in doc["entries"]) == 24
    for entry in doc["entries"]:
        assert entry["source"] and entry["intro"]["fr"] and entry["intro"]["en"]
        assert 2 <= len(entry["next_steps"]["not_yet"]) <= 3
        assert 2 <= len(entry["next_steps"]["partly"]) <= 3
        for statement in entry["statements"]:
            assert statement["fr"] and statement["en"] and statement["source"]


def test_demo_round_tells_its_story(ws):
    fac = _facilitator(ws)
    verdicts = {k: v["verdict"] for k, v in fac.step.last_payload["sections"].items()}
    assert verdicts["urgency"] == "ready"
    assert verdicts["resources"] == "partly"
    assert fac.step.round["status"] == "closed" and fac.step.round["revealed"]
    assert "19" in fac.step.counter.value
    decision = ws.decision("01_preconditions", "conclusion")
    assert decision["supporters"] == 19 and "bailleur" in decision["content"]["text"]


def test_anonymous_round_join_answer_and_live_count(ws):
    fac = _new_round(ws, anonymous=True)
    assert fac.step.round["anonymous"] and fac.step.round["status"] == "open"
    assert ">0</span>" in fac.step.counter.value

    alice = _participant(ws, "alice0000001")
    assert alice.step.respondent is None
    alice.step.join_choice.value = "community"
    alice.step.join_button.click()
    assert alice.step.respondent == "a:alice0000001" and alice.step.sector == "community"
    alice.step.likert[FIRST].value = 2
    assert alice.step.status.text == "Réponse enregistrée."

    bob = _participant(ws, "bob000000001", lang="en")
    bob.step.join_button.click()  # no sector given: allowed
    bob.step.likert[FIRST].value = 4
    bob.step.likert[FIRST].value = 3  # changes his mind

    assert fac.poller.tick(), "the facilitator's page sees the new answers"
    assert ">2</span>" in fac.step.counter.value
    summary = fac.step.last_payload["items"][FIRST]
    assert summary["rated"] == 2 and summary["mean"] == 2.5, "the latest answer counts"


def test_reload_in_the_same_browser_finds_the_answers(ws):
    _new_round(ws, anonymous=True)
    first = _participant(ws, "samebrowser1")
    first.step.join_button.click()
    first.step.likert[FIRST].value = 4
    again = _participant(ws, "samebrowser1")
    assert again.step.respondent == first.step.respondent
    assert again.step.likert[FIRST].value == 4
    other = _participant(ws, "otherbrowser")
    assert other.step.respondent is None


def test_named_round_requires_a_name_and_uses_the_partner_sector(ws):
    _new_round(ws, anonymous=False)
    app = _participant(ws, "namedclient1")
    app.step.join_button.click()
    assert app.step.status.text == "Choisissez d'abord votre nom."
    people = ws.participants()
    anne = int(people.loc[people["display_name"] == "Anne Pelletier", "id"].iloc[0])
    app.step.join_choice.value = anne
    app.step.join_button.click()
    assert app.step.respondent == f"p:{anne}" and app.step.sector == "health"


def test_reveal_shows_results_to_participants_and_close_refuses_answers(ws):
    fac = _new_round(ws, anonymous=True)
    app = _participant(ws, "revealclient")
    app.step.join_button.click()
    app.step.likert[FIRST].value = 3
    assert not hasattr(app.step, "results_box")
    fac.step.reveal_button.click()
    assert app.poller.tick()
    assert hasattr(app.step, "results_box") and app.step.results_box.children
    fac.step.close_button.click()
    assert app.poller.tick()
    assert app.step.likert[FIRST].disabled
    before = len(ws.round_responses(fac.step.round["id"]))
    assert app.step.submit(FIRST, 1) is False
    assert "fermée" in app.step.status.text
    assert len(ws.round_responses(fac.step.round["id"])) == before
    fac.step.close_button.click()  # reopen
    assert app.poller.tick() and not app.step.likert[FIRST].disabled


@pytest.mark.parametrize("value", [0, 5, "3", True, None, [1], "dk "])
def test_values_outside_the_scale_are_refused_and_not_stored(ws, value):
    fac = _new_round(ws, anonymous=True)
    app = _participant(ws, "craftedmsg01")
    app.step.join_button.click()
    before = len(ws.round_responses(fac.step.round["id"]))
    # As a crafted comm message would: straight to the handler, bypassing the buttons.
    assert app.step.submit(FIRST, value) is False
    assert len(ws.round_responses(fac.step.round["id"])) == before


def test_likert_item_rejects_a_crafted_value():
    item = LikertItem("x", levels=[("a", 1), ("b", 2)], dont_know="?")
    with pytest.raises(tl.TraitError, match="value must be one of"):
        item.value = 7
    with pytest.raises(tl.TraitError):
        item.value = True


def test_facilitator_records_a_versioned_conclusion(ws):
    fac = _facilitator(ws)
    fac.step.conclusion_text.value = "   "
    fac.step.adopt_button.click()
    assert fac.step.conclusion_status.text == "Rédigez d'abord la conclusion."
    fac.step.conclusion_text.value = "<b>Nouvelle</b> conclusion"
    fac.step.adopt_button.click()
    assert fac.step.conclusion_status.text == "Conclusion consignée (version 2)."
    latest = ws.decision("01_preconditions", "conclusion")
    assert latest["version"] == 2 and latest["supporters"] == 19
    assert latest["content"]["verdicts"]["urgency"] == "ready"
    assert ws.decision("01_preconditions", "conclusion", 1)["content"]["text"].startswith(
        "L'urgence"
    )
    history = fac.step_box.children[-1].children[-1].value
    assert "&lt;b&gt;Nouvelle" in history and "<b>Nouvelle" not in history


def test_participant_results_and_labels_in_english(ws):
    app = _participant(ws, "englishview1", lang="en")
    texts = " ".join(
        getattr(w, "value", "")
        for w in app.step.results_box.children
        if isinstance(getattr(w, "value", None), str)
    )
    assert "Ready" in texts and "Partly there" in texts
    assert "Not yet" in texts
    assert app.step.questions.strip.options[0][0] == "1. Is this the right approach?"


def test_no_round_yet_says_so(tmp_path):
    from cikit import create_workspace

    ws = create_workspace(tmp_path / "empty.cikit", name="Vide")
    app = _participant(ws, "nobody000001")
    assert "Aucune période de réponse" in app.step_box.children[0].value
    fac = _facilitator(ws)
    assert fac.step.new_round_button.description == "Ouvrir la période de réponse"
    ws.close()


def test_a_new_round_forgets_who_answered_the_previous_one(ws):
    fac = _new_round(ws, anonymous=False)
    people = ws.participants()
    anne = int(people.loc[people["display_name"] == "Anne Pelletier", "id"].iloc[0])
    app = _participant(ws, "switchround1")
    app.step.join_choice.value = anne
    app.step.join_button.click()
    assert app.step.respondent == f"p:{anne}"
    fac.step.anonymous_choice.value = True
    fac.step.new_round_button.click()
    assert app.poller.tick()
    assert app.step.respondent is None, "anonymous means joining again, without a name"
    app.step.join_button.click()
    app.step.likert[FIRST].value = 2
    answers = ws.round_responses(ws.current_round("01_preconditions", "readiness")["id"])
    assert answers["participant_id"].isna().all()
    assert answers["respondent"].str.startswith("a:").all()


def test_the_store_refuses_named_answers_in_an_anonymous_round(ws):
    from cikit import ValidationError

    round_id = ws.open_round(workbook="01_preconditions", key="readiness", anonymous=True)
    person = int(ws.participants()["id"].iloc[0])
    with pytest.raises(ValidationError):
        ws.answer(round_id, respondent=f"p:{person}", item=FIRST, value=3)


def test_a_name_in_use_from_another_browser_is_refused(ws):
    _new_round(ws, anonymous=False)
    people = ws.participants()
    anne = int(people.loc[people["display_name"] == "Anne Pelletier", "id"].iloc[0])
    first = _participant(ws, "firstdevice1")
    first.step.join_choice.value = anne
    first.step.join_button.click()
    first.step.likert[FIRST].value = 1
    other = _participant(ws, "otherdevice1")
    other.step.join_choice.value = anne
    other.step.join_button.click()
    assert other.step.respondent is None
    assert "déjà depuis un autre appareil" in other.step.status.text
    same = _participant(ws, "firstdevice1")
    assert same.step.likert[FIRST].value == 1, "the same browser finds its own answers"


def test_facilitator_choices_and_draft_survive_live_updates(ws):
    fac = _new_round(ws, anonymous=False)
    fac.step.anonymous_choice.value = True
    fac.step.conclusion_text.value = "Brouillon en cours"
    app = _participant(ws, "liveupdate01")
    app.step.join_choice.value = int(ws.participants()["id"].iloc[0])
    app.step.join_button.click()
    app.step.likert[FIRST].value = 3
    assert fac.poller.tick()
    assert fac.step.anonymous_choice.value is True
    fac.step.close_button.click()
    assert fac.step.conclusion_text.value == "Brouillon en cours"


def test_participants_stay_on_their_section_when_results_are_revealed(ws):
    fac = _new_round(ws, anonymous=True)
    app = _participant(ws, "stayonstep01")
    app.step.join_button.click()
    app.step.questions.index = 3
    fac.step.reveal_button.click()
    assert app.poller.tick()
    assert app.step.questions.index == 3


def test_a_page_with_no_query_string_is_drawn_once_the_browser_reports(ws, monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    app = PreconditionsApp(ws, waiting=True)
    assert "cikit-waiting" in app.children[-1].value
    app.url.loaded = 1234.0  # what the browser sends even when the query is empty
    assert app.lang == "fr" and app.role is Role.PARTICIPANT
    assert 'class="cikit-waiting"' not in str([getattr(w, "value", "") for w in app.children])
    assert len(app.children) > 3, "the full view is drawn"
