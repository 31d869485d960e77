"""A participant's phone on the Continuous communication workbook loads only what it shows.

Answering the relationship survey draws the questions, and reading the decision and
learning logs draws cards: no pandas, no networkx, no charts and no report code in the
phone's kernel until the network or the plan's calendar is shown.
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
partners = [pid for pid, _name, _sector in ws.partner_rows()]
ws.open_round(workbook="05_communication", key="relations",
              config={"label": "Hiver", "date": "2027-01-15", "partners": partners})
person = next(pid for pid, name, *_ in ws.join_choices() if name == "Nadia Tremblay")
page = RoomPage(ws)
page.url.client_id = "lightphone05"
page.url.query = "?w=05_communication&lang=fr"
step = page.app.step
assert step.id == "survey", step.id
step.join_choice.value = person
step.join_button.click()
assert step.respondent == f"p:{person}", step.status.text
source = step.as_partner_choice.value
assert source in partners, source
step.ratings["level"].value = "cooperation"
step.ratings["reliability"].value = 3
assert step.status.text == "Réponse enregistrée.", step.status.text
step.next_partner.click()
assert step.target_choice.options[0][0].startswith("✓ ") is False
answers = ws.round_answers_of(step.round["id"], step.respondent)
assert len(answers) == 2, answers
page.app.stage_picker.value = "logs"  # the logs read records: no pandas either
shown = " ".join(getattr(w, "value", "") for w in page.app.step_box.children[0].children[0].children)
assert "Journal des décisions" in shown and not page.app.step.forms, shown[:200]
print(json.dumps(sorted({m.split(".")[0] if not m.startswith("cikit") else m for m in sys.modules})))
"""


def test_a_participant_answering_the_survey_loads_no_charts_and_no_pandas(demo_path):
    done = subprocess.run(
        [sys.executable, "-c", _PHONE, demo_path], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "cikit.apps.communication.survey" in loaded
    assert not [name for name in HEAVY if name in loaded], sorted(loaded & set(HEAVY))


def test_the_light_reads_a_phone_uses_agree_with_the_frames(workspace):
    """partner_rows, partner_of, role_of and round_join_value say what the DataFrames say."""
    a = workspace.add_partner("Alpha", "community")
    b = workspace.add_partner("Bêta", "health")
    person = workspace.add_participant("Ana", partner_id=b, role="backbone")
    loner = workspace.add_participant("Bo")
    workspace.remove_partner(a)
    assert workspace.partner_rows() == [(b, "Bêta", "health")]
    assert workspace.partner_rows(include_removed=True) == [
        (a, "Alpha", "community"),
        (b, "Bêta", "health"),
    ]
    assert (workspace.partner_of(person), workspace.role_of(person)) == (b, "backbone")
    assert (workspace.partner_of(loner), workspace.role_of(loner)) == (None, "partner")
    assert (workspace.partner_of(9999), workspace.role_of(9999)) == (None, None)
    round_id = workspace.open_round(workbook="06_structure_soutien", key="functions")
    assert workspace.round_join_value(round_id, "a:client00000001") == {}
    for group in ("partners", "staff"):
        workspace.answer(round_id, respondent="a:client00000001", item="_join",
                         value={"client": "client00000001", "group": group})  # fmt: skip
    assert workspace.round_join_value(round_id, "a:client00000001") == {
        "client": "client00000001",
        "group": "staff",
    }
