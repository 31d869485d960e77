"""What a participant's phone loads on the Activities workbook: only what its step draws.

Each test runs a phone in a fresh interpreter (the join page, then the workbook's
participant page) and lists the modules it imported.  Declaring an activity draws a
form and tables: pandas reads the organisation's activities, but no chart, no file
reader, no report and none of the facilitator's panels.  The map draws its chart, and
still nothing of the facilitator's.
"""

from __future__ import annotations

import json
import subprocess
import sys

FACILITATORS = (
    "cikit.apps.activites.entry",
    "cikit.apps.activites.import_panel",
    "cikit.apps.framework.round_controls",
    "cikit.analysis.imports",
    "openpyxl",
    "cikit.report",
)
HEAVY = (
    *FACILITATORS,
    "bqplot",
    "matplotlib",
    "networkx",
    "nbconvert",
    "segno",
    "simplemma",
    "cikit.analysis.text",
    "cikit.components.heatmap",
    "cikit.apps.activites.views",
    "cikit.analysis.activites.mapping",
    "cikit.analysis.activites.summary",
)

_DECLARING_PHONE = """
import json, sys
from cikit import open_workspace
from cikit.apps.framework.room_page import RoomPage
ws = open_workspace(sys.argv[1])
ws.open_round(workbook="04_activites", key="declarations")
louis = next(pid for pid, name, _p, _s in ws.join_choices() if name == "Louis Gagnon")
page = RoomPage(ws)
page.url.client_id = "lightphone04"
page.url.query = "?w=04_activites&lang=fr"
assert page.app.stage == "declare", page.app.stage
step = page.app.step
step.join_choice.value = louis
step.join_button.click()
step.f_name.value = "Halte-répit du samedi"
step.f_start.value = "2026-01"
step.f_staff.value = "0,5"
step.save_form()
assert step.status.text == "Activité enregistrée.", step.form_status.text
assert ws.activities().iloc[-1]["source"] == "round"
print(json.dumps(sorted(sys.modules)))
"""

_MAP_PHONE = """
import json, sys
from cikit import open_workspace
from cikit.apps.framework.room_page import RoomPage
ws = open_workspace(sys.argv[1])
page = RoomPage(ws)
page.url.client_id = "mapphone0004"
page.url.query = "?w=04_activites&lang=en"
assert page.app.stage == "map", page.app.stage
html = " ".join(getattr(w, "value", "") for w in page.app.step_box.children
                if isinstance(getattr(w, "value", None), str))
assert "cikit-heat-table" in html
print(json.dumps(sorted(sys.modules)))
"""


def _loaded(script: str, demo_path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", script, str(demo_path)], capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def _found(loaded: set[str], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if any(m == n or m.startswith(n + ".") for m in loaded)]


def test_a_phone_declaring_an_activity_loads_no_chart_no_reader_and_no_facilitator_panel(
    demo_path,
):
    loaded = _loaded(_DECLARING_PHONE, demo_path)
    assert not _found(loaded, HEAVY)
    assert "cikit.apps.activites.declare" in loaded


def test_a_phone_on_the_map_draws_its_chart_and_nothing_of_the_facilitators(demo_path):
    loaded = _loaded(_MAP_PHONE, demo_path)
    assert "cikit.components.heatmap" in loaded
    assert not _found(loaded, FACILITATORS)
