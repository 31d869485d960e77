"""A participant's phone on the Backbone support workbook loads only what it shows.

Joining the self-assessment (by name, told which side the name answers for, or
anonymously, choosing a side) and rating statements draws the questions: no pandas,
no charts and no report code in the phone's kernel until results are shown.
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

ws = open_workspace(sys.argv[1])
anonymous = sys.argv[2] == "anonymous"
ws.open_round(workbook="06_structure_soutien", key="functions", anonymous=anonymous)
page = RoomPage(ws)
page.url.client_id = "lightphone06"
page.url.query = "?w=06_structure_soutien&lang=fr"
step = page.app.step
assert step.id == "functions", step.id
if anonymous:
    step.group_choice.value = "staff"
    step.join_button.click()
    assert step.my_group() == "staff"
else:
    person = next(pid for pid, name, *_ in ws.join_choices() if name == "Geneviève Simard")
    step.join_choice.value = person
    assert "Équipe de la structure de soutien" in step.side_hint.value
    step.join_button.click()
    assert step.my_group() == "staff"
assert step.respondent, step.status.text
step.likert["vision.describe"].value = 3
step.likert["funding.at_table"].value = "dk"
assert step.status.text == "Réponse enregistrée.", step.status.text
assert len(ws.round_answers_of(step.round["id"], step.respondent)) == 2
print(json.dumps(sorted({m.split(".")[0] if not m.startswith("cikit") else m for m in sys.modules})))
"""


def _loaded(demo_path: str, kind: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PHONE, demo_path, kind], capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_a_participant_joining_by_name_loads_no_charts_and_no_pandas(demo_path):
    loaded = _loaded(demo_path, "named")
    assert "cikit.apps.structure_soutien.functions" in loaded
    assert not [name for name in HEAVY if name in loaded], sorted(loaded & set(HEAVY))


def test_a_participant_joining_anonymously_loads_no_charts_and_no_pandas(demo_path):
    loaded = _loaded(demo_path, "anonymous")
    assert not [name for name in HEAVY if name in loaded], sorted(loaded & set(HEAVY))
