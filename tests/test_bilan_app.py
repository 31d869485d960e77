"""The overview workbook (« Bilan ») headless: what it reads from every workbook, for each role."""

from __future__ import annotations

import pytest

from cikit import create_workspace, open_workspace
from cikit.apps import OverviewApp, Role
from cikit.store.backup import backup_bytes

HOSTILE = "<img src=x onerror=alert(1)> $x$"


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _html(app) -> str:
    return "\n".join(w.value for w in _walk(app) if isinstance(getattr(w, "value", None), str))


@pytest.fixture
def ws(demo_path):
    with open_workspace(demo_path) as workspace:
        yield workspace


def test_overview_shows_phases_decisions_and_lessons_from_later_workbooks(ws):
    ws.adopt_decision(workbook="06_structure_soutien", key="phases", content={"ticks": {
        "governance.phase1": True, "planning.phase2": True, "strategic_planning.phase3": True,
        "community.phase3": False, "bogus": True, "evaluation.phase9": True,
    }})  # fmt: skip
    ws.adopt_decision(
        workbook="05_communication",
        key="decision.a1",
        content={
            "date": "2026-03-01",
            "what": "Adopter " + HOSTILE,
            "information": "",
            "by": "Table",
        },
    )
    ws.adopt_decision(
        workbook="05_communication",
        key="lesson.b2",
        content={
            "date": "2026-04-01",
            "what": "Revers " + HOSTILE,
            "kind": "setback",
            "change": "Calendrier",
        },
    )
    ws.adopt_decision(workbook="05_communication", key="lesson.c3", content={"what": 12})
    app = OverviewApp(ws, lang="fr", role=Role.FACILITATOR, facilitator_key="k")
    page = _html(app)
    assert "Gouvernance et infrastructure" in page and page.count("✓ fait") == 2
    assert "Adopter &lt;img src=x onerror=alert(1)&gt; $x$" in page and "<img src=x" not in page
    assert "Revers" in page and "Calendrier" in page
    assert app.step.exports.export_button.description == "Exporter"


def test_participants_get_no_exports_and_an_empty_workspace_reads_as_not_started(tmp_path):
    with create_workspace(tmp_path / "e.cikit", name="Vide") as ws:
        app = OverviewApp(ws, lang="en", role=Role.PARTICIPANT)
        page = _html(app)
        assert app.step.exports is None, "no export panel is built for a participant"
        assert "cikit-export" not in " ".join(
            " ".join(getattr(w, "_dom_classes", ())) for w in _walk(app)
        )
        assert page.count("Not started") >= 7 and "None recorded." in page
        assert app.message.text == ""


def test_restore_checks_the_upload_then_replaces_the_workspace(ws, tmp_path):
    data = backup_bytes(ws)
    app = OverviewApp(ws, lang="en", role=Role.FACILITATOR, facilitator_key="k")
    panel = app.step.exports
    panel._on_restore_upload({"new": [{"name": "x.zip", "content": b"PK\x03\x04 broken"}]})
    assert "cannot be restored" in panel.backup_message.text and panel.restore_confirm.disabled
    ws.add_partner("Ajout après la sauvegarde", "community")
    panel._on_restore_upload({"new": [{"name": "b.zip", "content": memoryview(data)}]})
    assert not panel.restore_confirm.disabled and "12 partners" in panel.backup_message.text
    panel._restore()
    assert len(ws.partners()) == 12 and app.message.text == "The backup is restored."
