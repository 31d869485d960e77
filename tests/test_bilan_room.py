"""« Bilan » on a participant's phone: the overview without the facilitator's export code.

The overview genuinely reads every workbook's report section (pandas and the
report's code), but a participant's kernel never loads what only the
facilitator's panel uses: nbconvert, Excel, the backup code, the panel itself; nor
matplotlib, since the sections' charts are drawn only when a report is rendered.
"""

from __future__ import annotations

import json
import subprocess
import sys

FACILITATOR_ONLY = ("nbconvert", "matplotlib", "openpyxl", "playwright", "bqplot", "segno", "simplemma",
                    "cikit.apps.bilan.exports", "cikit.export_xlsx", "cikit.report.build",
                    "cikit.report.pdf", "cikit.store.backup", "cikit.analysis.text")  # fmt: skip

_PHONE = """
import html, json, sys
from cikit import open_workspace
from cikit.apps.framework.room_page import RoomPage
ws = open_workspace(sys.argv[1])
page = RoomPage(ws)
page.url.client_id = "lightphone03"
page.url.query = "?w=07_bilan&lang=fr"
app = page.app
assert app.step.id == "overview" and app.step.exports is None
shown = html.unescape(" ".join(getattr(w, "value", "") for w in app.step_box.children))
assert "cikit-ov-grid" in shown and "Où en est l'initiative" in shown
print(json.dumps(sorted({m.split(".")[0] if not m.startswith("cikit") else m for m in sys.modules})))
"""


def test_a_participant_overview_loads_none_of_the_facilitators_export_code(demo_path):
    done = subprocess.run(
        [sys.executable, "-c", _PHONE, demo_path], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert not [name for name in FACILITATOR_ONLY if name in loaded]
