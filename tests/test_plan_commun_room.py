"""The Common agenda on a phone: what a participant's page loads while it answers.

A phone joins the round of views and writes, follows the group to the vote and gives
dots and agreement, then reads the adopted agenda: none of it needs pandas, the
charts or the text tools, which only the results (and the facilitator's page) load.
"""

from __future__ import annotations

import json
import subprocess
import sys

WORKBOOK = "02_plan_commun"

HEAVY = ("pandas", "numpy", "bqplot", "matplotlib", "networkx", "openpyxl", "nbconvert",
         "cikit.report", "cikit.analysis.text", "segno", "simplemma",
         "cikit.apps.plan_commun.views_results", "cikit.apps.plan_commun.votes_results",
         "cikit.apps.plan_commun.candidates", "cikit.apps.plan_commun.agenda_form",
         "cikit.apps.plan_commun.agenda_versions")  # fmt: skip

_PHONE = """
import json, sys
from cikit import open_workspace
from cikit.apps.framework.room_page import RoomPage
ws = open_workspace(sys.argv[1])
vote = ws.current_round("02_plan_commun", "votes")  # the demo's proposals, put to a new vote
ws.open_round(workbook="02_plan_commun", key="views", anonymous=True)
page = RoomPage(ws)
page.url.client_id = "lightphone02"
page.url.query = "?w=02_plan_commun&lang=fr"
app = page.app
assert app.stage == "views", app.stage
step = app.step
step.join_button.click()
step.view_boxes["problem"].value = "Les familles isolées."
assert step.status.text == "Réponse enregistrée.", step.status.text
ws.open_round(workbook="02_plan_commun", key="votes", anonymous=True, config=vote["config"])
app.poller.tick()
assert app.stage == "votes", app.stage
step = app.step
step.join_button.click()
first = next(iter(step.dot_buttons))
step.dot_buttons[first][1].click()
assert step.status.text == "Réponse enregistrée.", step.status.text
step.agree_items[first].value = 4
app.stage_picker.value = "agenda"
assert "Version" in app.step.agenda_view.value
print(json.dumps(sorted({m.split(".")[0] if not m.startswith("cikit") else m for m in sys.modules})))
"""


def test_a_participant_page_loads_no_charts_no_pandas_and_no_text_tools(demo_path):
    done = subprocess.run(
        [sys.executable, "-c", _PHONE, demo_path], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "cikit.apps.plan_commun.votes" in loaded, "the walk reached the vote"
    assert not [name for name in HEAVY if name in loaded]


_REVEALED_PHONE = """
import json, sys
from cikit import open_workspace
from cikit.apps.framework.room_page import RoomPage
ws = open_workspace(sys.argv[1])
page = RoomPage(ws)
page.url.client_id = "revealphone2"
page.url.query = "?w=02_plan_commun&lang=fr"
step = page.app.step
assert page.app.stage == "votes", page.app.stage
step.join_button.click()
first = next(iter(step.dot_buttons))
step.dot_buttons[first][1].click()
html = " ".join(getattr(w, "value", "") for w in step.results_box.children)
assert "cikit-votes" in html and "cikit-chart" in html and "en tête" in html, html[:500]
print(json.dumps(sorted({m.split(".")[0] if not m.startswith("cikit") else m for m in sys.modules})))
"""


def test_revealed_votes_are_counted_once_and_drawn_light_on_phones(demo_path):
    from cikit import open_workspace
    from cikit.apps import CommonAgendaApp, Role

    with open_workspace(demo_path) as ws:
        vote = ws.current_round(WORKBOOK, "votes")
        round_id = ws.open_round(
            workbook=WORKBOOK, key="votes", anonymous=True, config=vote["config"]
        )
        for n, value in enumerate(({"problem.1": 2}, {"problem.1": 1, "problem.2": 1})):
            who = f"a:voter{n:07d}"
            ws.answer(round_id, respondent=who, item="dots.problem", value=value)
            ws.answer(round_id, respondent=who, item="agree.problem.1", value=5)
        fac = CommonAgendaApp(ws, lang="fr", role=Role.FACILITATOR, facilitator_key="k" * 16)
        assert fac.stage == "votes"
        fac.step.reveal_button.click()
        basis, payload, _at = ws.published_results(round_id)
        assert basis.startswith("4:")
        problem = payload["fields"]["problem"]
        assert problem["leading"] == "problem.1" and problem["rows"][0]["dots"] == 3
    done = subprocess.run(
        [sys.executable, "-c", _REVEALED_PHONE, demo_path],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "cikit.apps.plan_commun.votes_view" in loaded
    assert not {"pandas", "numpy", "bqplot", "cikit.apps.plan_commun.votes_results"} & loaded
