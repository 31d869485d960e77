"""Shared measurement on a phone: rating candidates loads no pandas and no charts, and the
revealed ranking is drawn from what the facilitator's page published."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import shown

from cikit import open_workspace
from cikit.apps import MeasurementApp, Role

WORKBOOK = "03_mesure_commune"
HEAVY = ("pandas", "numpy", "bqplot", "matplotlib", "networkx", "openpyxl", "nbconvert",
         "cikit.report", "cikit.analysis.text", "cikit.analysis.mesure_commune", "segno",
         "simplemma")  # fmt: skip

_PHONE = """
import json, sys
from cikit import open_workspace
from cikit.apps.framework.room_page import RoomPage
ws = open_workspace(sys.argv[1])
config = ws.current_round("03_mesure_commune", "ratings")["config"]
ws.open_round(workbook="03_mesure_commune", key="ratings", anonymous=True, config=config)
page = RoomPage(ws)
page.url.client_id = "lightphone03"
page.url.query = "?w=03_mesure_commune&lang=fr"
step = page.app.step
assert step.id == "rate", step.id
step.join_button.click()
step.rating_items["rate.eqdem_vulnerable.data"].value = "high"
assert step.status.text == "Réponse enregistrée.", step.status.text
print(json.dumps(sorted({m.split(".")[0] if not m.startswith("cikit") else m for m in sys.modules})))
"""


def _loaded(script: str, demo_path: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", script, demo_path], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_a_participant_rating_page_loads_no_charts_and_no_pandas(demo_path):
    loaded = _loaded(_PHONE, demo_path)
    assert "cikit.apps.mesure_commune.rating" in loaded
    assert not [name for name in HEAVY if name in loaded]


_REVEALED_PHONE = """
import json, sys
from cikit import open_workspace
from cikit.apps.framework.room_page import RoomPage
ws = open_workspace(sys.argv[1])
page = RoomPage(ws)
page.url.client_id = "revealphone3"
page.url.query = "?w=03_mesure_commune&lang=fr"
step = page.app.step
assert step.id == "rate", step.id
step.join_button.click()
step.rating_items["rate.eqdem_vulnerable.proxy"].value = "low"
assert step.results_box.children, "the published ranking is shown"
html = " ".join(getattr(w, "value", "") for w in step.results_box.children)
assert "cikit-ranking" in html and "Comment se fait le classement" in html, html[:300]
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def test_the_revealed_ranking_is_computed_once_and_drawn_light_on_phones(demo_path):
    with open_workspace(demo_path) as ws:
        fac = MeasurementApp(ws, lang="fr", role=Role.FACILITATOR, facilitator_key="k" * 16)
        fac.go_to("rate")
        fac.step.anonymous_choice.value = True
        fac.step.new_round_button.click()
        fac.step.reveal_button.click()
        published = ws.published_results(fac.step.round["id"])
        assert published is not None and published[0] == "0:0"
        rows = published[1]["rows"]
        assert len(rows) == len(fac.step.round["config"]["candidates"])
        assert {row["rank"] for row in rows} == {None}, "nobody rated yet: no rank"
    loaded = _loaded(_REVEALED_PHONE, demo_path)
    assert not {"pandas", "numpy", "bqplot"} & loaded


def test_the_dashboard_is_where_participants_rest_and_it_follows_new_values(demo_ws):
    app = MeasurementApp(demo_ws, lang="en", role=Role.PARTICIPANT)
    app.url.client_id = "dashphone001"
    app.render()
    assert app.stage == "curves"
    assert "23.5 (2027)" not in shown(app)
    demo_ws.add_measurements([{"indicator": "eqdem_vulnerable", "period": "2027", "x": 2027.0,
                               "value": 23.5}])  # fmt: skip
    assert app.poller.tick(), "a participant's dashboard sees the new value"
    assert "23.5 (2027)" in shown(app)
