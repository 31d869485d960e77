"""The room: presence, the Join panel, the join page, the facilitator gate, light pages."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cikit import open_workspace
from cikit.apps import PreconditionsApp, Role
from cikit.apps.framework.room import join_link, reachable_from_phones, short_path
from cikit.apps.framework.room_page import RoomPage, workbook_from
from cikit.server.app import default_kernel_cap
from cikit.server.handlers import full_page, short_links

WORKBOOK = "01_preconditions"


@pytest.fixture
def ws(demo_path):
    workspace = open_workspace(demo_path)
    yield workspace
    workspace.close()


def _participant(ws, client, lang="fr"):
    app = PreconditionsApp(ws, lang=lang, role=Role.PARTICIPANT)
    app.url.client_id = client
    app.render()
    return app


def _facilitator(ws, lang="fr"):
    return PreconditionsApp(ws, lang=lang, role=Role.FACILITATOR, facilitator_key="k" * 16)


# -- presence ---------------------------------------------------------------------------------


def test_presence_counts_browsers_not_tabs(workspace):
    assert workspace.mark_present(WORKBOOK, "phone000000a")
    assert workspace.mark_present(WORKBOOK, "phone000000a")  # a second tab, or a renewal
    assert workspace.mark_present(WORKBOOK, "phone000000b")
    assert workspace.mark_present("02_plan_commun", "phone000000a")
    assert workspace.present_count(WORKBOOK) == 2
    workspace.mark_gone(WORKBOOK, "phone000000a")
    assert workspace.present_count(WORKBOOK) == 1
    assert workspace.present_count(WORKBOOK, within=-60) == 0, "an old lease no longer counts"


@pytest.mark.parametrize("client", ["", "short", "x" * 65, "<script>", None, 12345678])
def test_presence_refuses_a_crafted_client_id(workspace, client):
    assert workspace.mark_present(WORKBOOK, client) is False
    assert workspace.present_count(WORKBOOK) == 0


def test_presence_is_not_part_of_the_initiative_data(workspace):
    workspace.mark_present(WORKBOOK, "phone000000a")
    assert "presence" not in workspace.frames()


def test_a_participant_page_counts_itself_and_the_facilitator_does_not(ws):
    _facilitator(ws)
    assert ws.present_count(WORKBOOK) == 0
    _participant(ws, "roomphone001")
    _participant(ws, "roomphone002", lang="en")
    assert ws.present_count(WORKBOOK) == 2


# -- the Join panel -----------------------------------------------------------------------------


def test_short_paths_and_links(monkeypatch):
    assert short_path("01_preconditions") == "1" and short_path("00_accueil") == "0"
    assert short_links(["00_accueil", "01_preconditions", "07_bilan"]) == {
        "0": "00_accueil", "1": "01_preconditions", "7": "07_bilan",
    }  # fmt: skip
    monkeypatch.setenv("CIKIT_PUBLIC_URL", "http://192.168.1.23:8866/")
    assert join_link(WORKBOOK, "fr", "fr") == "http://192.168.1.23:8866/1"
    assert join_link(WORKBOOK, "en", "fr") == "http://192.168.1.23:8866/1?lang=en"
    monkeypatch.setenv("CIKIT_PUBLIC_URL", "javascript:alert(1)")
    assert join_link(WORKBOOK, "fr", "fr") == ""
    assert not reachable_from_phones("http://127.0.0.1:8866/")
    assert reachable_from_phones("http://10.0.0.5:8866/")


def test_join_panel_shows_the_link_the_qr_code_and_the_count(ws, monkeypatch):
    monkeypatch.setenv("CIKIT_PUBLIC_URL", "http://192.168.1.23:8866/")
    fac = _facilitator(ws)
    panel = fac.room
    assert panel is not None and panel in fac.children
    assert "192.168.1.23:8866/1" in panel.bar.value
    assert "0 personne connectée" in panel.bar.value
    panel.toggle.click()
    assert panel.big in panel.children and "<svg" in panel.big.value
    assert "Visez le code" in panel.big.value
    _participant(ws, "roomphone003")
    _participant(ws, "roomphone004")
    panel._counted_at = -1e9  # the count is looked up at most every two seconds
    assert fac.poller.tick()
    assert "2 personnes connectées" in panel.bar.value
    panel.toggle.click()
    assert panel.big not in panel.children


def test_join_panel_says_plainly_when_phones_cannot_join(ws, monkeypatch):
    monkeypatch.delenv("CIKIT_PUBLIC_URL", raising=False)
    assert "cikit serve --room" in _facilitator(ws).room.bar.value
    monkeypatch.setenv("CIKIT_PUBLIC_URL", "http://127.0.0.1:8866/")
    monkeypatch.delenv("CIKIT_ROOM", raising=False)
    panel = _facilitator(ws, lang="en").room
    assert "only open on this computer" in panel.bar.value and "cikit-join-hint" in panel.bar.value
    monkeypatch.setenv("CIKIT_ROOM", "1")  # started for a room, but no network found
    panel = _facilitator(ws, lang="en").room
    assert "no network address phones can reach" in panel.bar.value
    assert "127.0.0.1:8866/1" in panel.bar.value


def test_participants_get_no_join_panel(ws, monkeypatch):
    monkeypatch.setenv("CIKIT_PUBLIC_URL", "http://192.168.1.23:8866/")
    assert _participant(ws, "roomphone005").room is None


# -- the join page ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("01_preconditions", WORKBOOK), ("1", WORKBOOK), ("01", WORKBOOK), ("9", None),
     ("../etc", None), ("", None), (None, None)],
)  # fmt: skip
def test_workbook_from_the_join_link(value, expected):
    assert workbook_from(value) == expected


def test_the_join_page_becomes_the_named_workbooks_participant_page(ws):
    page = RoomPage(ws)
    assert "cikit-waiting" in page.waiting.value
    page.url.client_id = "roomphone006"
    page.url.query = "?w=1&lang=en"
    app = page.app
    assert isinstance(app, PreconditionsApp) and page.children == (app,)
    assert app.lang == "en" and app.role is Role.PARTICIPANT
    assert app.step.round is not None
    page.url.query = "?w=02_plan_commun"  # later changes belong to the app, not the join page
    assert page.app is app


def test_the_join_page_explains_a_wrong_link(ws):
    page = RoomPage(ws)
    page.url.query = "?w=42&lang=en"
    assert page.app is None
    assert "does not lead to a workbook" in page.waiting.value


# -- the facilitator gate ------------------------------------------------------------------------------


def test_round_actions_are_refused_on_a_participant_page(ws):
    app = _participant(ws, "craftedfac01")
    step = app.step
    rounds_before = ws.frames()["rounds"].to_dict("records")
    decisions_before = len(ws.frames()["decisions"])
    step.open_round(anonymous=True)
    assert "Seule l'animation" in app.message.text
    step.toggle_reveal()
    step.toggle_close()
    assert ws.frames()["rounds"].to_dict("records") == rounds_before
    from cikit.apps.framework.round_controls import RoundControls

    controls = RoundControls(step)
    controls.adopt()  # even with the facilitator's panel in hand
    assert len(ws.frames()["decisions"]) == decisions_before


# -- what a participant's page loads -----------------------------------------------------------------------

HEAVY = ("pandas", "numpy", "bqplot", "matplotlib", "networkx", "openpyxl", "nbconvert",
         "cikit.report", "cikit.analysis.text", "segno", "simplemma")  # fmt: skip

_PHONE = """
import json, sys
from cikit import open_workspace
from cikit.apps.framework.room_page import RoomPage
ws = open_workspace(sys.argv[1])
ws.open_round(workbook="01_preconditions", key="readiness", anonymous=True)
page = RoomPage(ws)
page.url.client_id = "lightphone01"
page.url.query = "?w=01_preconditions&lang=fr"
step = page.app.step
step.join_button.click()
step.likert["approach.complex"].value = 3
assert step.status.text == "Réponse enregistrée.", step.status.text
print(json.dumps(sorted({m.split(".")[0] if not m.startswith("cikit") else m for m in sys.modules})))
"""


def test_a_participant_page_loads_no_charts_and_no_pandas(demo_path):
    done = subprocess.run(
        [sys.executable, "-c", _PHONE, demo_path], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert not [name for name in HEAVY if name in loaded]


# -- the server's limits ----------------------------------------------------------------------------------


def test_the_kernel_cap_follows_the_memory():
    assert default_kernel_cap(24 * 1024) == 144
    assert default_kernel_cap(2 * 1024) == 20, "a small machine still holds a small room"


def test_the_full_room_page_is_in_the_persons_language():
    french, english = full_page("fr"), full_page("en")
    assert "La salle est pleine" in french and 'lang="fr"' in french
    assert "The room is full" in english and "Nothing you or anyone else saved" in english
    assert 'http-equiv="refresh"' in french


_REVEALED_PHONE = """
import json, sys
from cikit import open_workspace
from cikit.apps.framework.room_page import RoomPage
ws = open_workspace(sys.argv[1])
page = RoomPage(ws)
page.url.client_id = "revealphone1"
page.url.query = "?w=01_preconditions&lang=fr"
step = page.app.step
step.join_button.click()
step.likert["approach.complex"].value = 4
assert step.results_box.children, "the published results are shown"
html = " ".join(getattr(w, "value", "") for w in step.results_box.children)
assert "cikit-verdicts" in html and "cikit-chart" in html
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def test_revealed_results_are_computed_once_and_drawn_light_on_phones(demo_path):
    with open_workspace(demo_path) as ws:
        fac = _facilitator(ws)
        fac.step.anonymous_choice.value = True
        fac.step.new_round_button.click()
        fac.step.reveal_button.click()
        published = ws.published_results(fac.step.round["id"])
        assert published is not None and published[0] == "0:0"
    done = subprocess.run(
        [sys.executable, "-c", _REVEALED_PHONE, demo_path],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert not {"pandas", "numpy", "bqplot"} & loaded


def test_without_a_facilitator_page_a_phone_computes_and_publishes(ws, monkeypatch):
    round_id = ws.open_round(workbook=WORKBOOK, key="readiness", anonymous=True)
    ws.update_round(round_id, revealed=True)
    ws.answer(round_id, respondent="a:someone00001", item="approach.complex", value=2)
    assert ws.published_results(round_id) is None
    app = _participant(ws, "lonelyphone1")
    assert app.step.results_box.children
    basis, payload, _at = ws.published_results(round_id)
    assert basis.startswith("1:") and payload["items"]["approach.complex"]["levels"] == [0, 1, 0, 0]


def test_a_phone_redraws_revealed_results_at_a_bounded_rate(ws):
    fac = _facilitator(ws)
    fac.step.anonymous_choice.value = True
    fac.step.new_round_button.click()
    fac.step.reveal_button.click()
    app = _participant(ws, "boundedphone")
    app.step.join_button.click()
    drawn = []
    original = app.step.build_published
    app.step.build_published = lambda payload: drawn.append(payload) or original(payload)
    for n in range(5):
        ws.answer(fac.step.round["id"], respondent=f"a:other{n:07d}", item="approach.complex",
                  value=3)  # fmt: skip
        fac.poller.tick()  # the facilitator's page publishes the new results
        app.poller.tick()
    assert len(drawn) <= 1, "five answers within the bound: at most one redraw"
    app.step._sampled_at = -1e9  # the bound has passed
    assert app.poller.tick()
    assert drawn and drawn[-1]["items"]["approach.complex"]["rated"] == 5
