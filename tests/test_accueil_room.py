"""« Accueil » on a participant's phone: what its page loads, step by step.

A phone that opens the Start workbook lands on the initiative's profile: that
costs no table library, no chart and no report.  Tables (pandas) are loaded when
the partners are shown, the chart (bqplot) only on « Qui est à la table? ».
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pandas", "numpy", "bqplot", "matplotlib", "networkx", "openpyxl", "nbconvert",
         "cikit.report", "cikit.analysis.text", "segno", "simplemma")  # fmt: skip

_PHONE = """
import json, sys
from cikit import open_workspace
from cikit.apps.framework.room_page import RoomPage

def loaded():
    return sorted({m.split(".")[0] if not m.startswith("cikit") else m for m in sys.modules})

ws = open_workspace(sys.argv[1])
page = RoomPage(ws)
page.url.client_id = "lightphone02"
page.url.query = "?w=00_accueil&lang=fr"
app = page.app
assert app.step.id == "initiative", app.step
shown = " ".join(getattr(w, "value", "") for w in app.step_box.children[0].children[0].children)
assert "Grandir ensemble" in shown, shown
assert not app.step.fields, "a participant reads the profile: no field to edit"
seen = {"initiative": loaded()}
app.stage_picker.value = "partners"
assert app.step.table.editable is False and "Maison de la famille" in app.step.table.body.children[0].value
seen["partners"] = loaded()
app.stage_picker.value = "coverage"
assert app.step.chart is not None
seen["coverage"] = loaded()
print(json.dumps(seen))
"""


def test_a_participant_page_loads_no_charts_and_no_pandas(demo_path):
    done = subprocess.run(
        [sys.executable, "-c", _PHONE, demo_path], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    seen = {
        step: set(names) for step, names in json.loads(done.stdout.strip().splitlines()[-1]).items()
    }
    assert not [name for name in HEAVY if name in seen["initiative"]]
    tables = [name for name in HEAVY if name in seen["partners"]]
    assert set(tables) <= {"pandas", "numpy"}, "the partners' table reads a frame, nothing more"
    chart = [name for name in HEAVY if name in seen["coverage"]]
    assert set(chart) <= {"pandas", "numpy", "bqplot"}, "the chart is bqplot's, not the report's"
