"""A backup restored while pages are open: they notice, ask to reload, and write nothing more.

Each page has its own kernel and its own :class:`~cikit.store.Workspace` object,
so the tests open one per page on the same file.  A participant joined a round
before the restore: after it, the ids that page holds may be someone else's.
"""

from __future__ import annotations

import html

import pandas as pd
import pytest

from cikit import open_workspace
from cikit.apps import OverviewApp, PreconditionsApp, Role, StartApp
from cikit.store.backup import backup_bytes
from cikit.store.workspace import StaleWorkspaceError

KEY = "k" * 16


@pytest.fixture
def pages(demo_path):
    """Three kernels on one workspace: a participant, a facilitator, the overview."""
    opened = [open_workspace(demo_path) for _ in range(3)]
    yield opened
    for ws in opened:
        ws.close()


def _restore_from(overview_ws, data: bytes) -> OverviewApp:
    app = OverviewApp(overview_ws, lang="fr", role=Role.FACILITATOR, facilitator_key=KEY)
    app.step.exports._on_restore_upload({"new": [{"name": "b.zip", "content": memoryview(data)}]})
    app.step.exports._restore()
    assert app.message.text == "La sauvegarde est restaurée."
    return app


def test_an_open_participant_page_stops_and_asks_to_reload(pages):
    participant_ws, facilitator_ws, overview_ws = pages
    data = backup_bytes(overview_ws)
    facilitator_ws.open_round(workbook="01_preconditions", key="readiness", anonymous=True)
    page = PreconditionsApp(participant_ws, lang="fr", role=Role.PARTICIPANT, facilitator_key=KEY)
    page.url.client_id = "beforerestore01"
    page.render()
    page.step.join_button.click()
    first = next(iter(page.step.likert.values()))
    first.value = 3
    page.poller.prime()

    _restore_from(overview_ws, data)  # the backup has no such round

    before = participant_ws.frames()["responses"]
    assert page.poller.tick(), "polling sees the restore"
    text = html.unescape(
        " ".join(w.value for w in page.children if isinstance(getattr(w, "value", None), str))
    )
    assert "restauré à partir d'une sauvegarde" in text and "Recharger la page" in text
    assert not page.poller.running
    assert page.step.submit(next(iter(page.step.likert)), 2) is False
    pd.testing.assert_frame_equal(participant_ws.frames()["responses"], before)


def test_writes_from_a_page_opened_before_the_restore_are_refused(pages):
    _participant_ws, facilitator_ws, overview_ws = pages
    data = backup_bytes(overview_ws)
    start = StartApp(facilitator_ws, lang="fr", role=Role.FACILITATOR, facilitator_key=KEY)
    start.stage_picker.value = "partners"
    table = start.step.table
    _restore_from(overview_ws, data)
    before = overview_ws.partners()
    table.new_fields["name"].value = "Écrit après la restauration"
    table.add_button.click()
    assert "restauré à partir d'une sauvegarde" in table.status.text
    pd.testing.assert_frame_equal(overview_ws.partners(), before)
    with pytest.raises(StaleWorkspaceError):
        facilitator_ws.add_partner("Directement", "community")


def test_the_restoring_page_and_a_reloaded_page_carry_on(pages, demo_path):
    _participant_ws, _facilitator_ws, overview_ws = pages
    data = backup_bytes(overview_ws)
    _restore_from(overview_ws, data)
    overview_ws.add_partner("Après la restauration", "community")  # the restoring kernel
    with open_workspace(demo_path) as reloaded:  # a page opened (or reloaded) afterwards
        assert not reloaded.stale
        reloaded.add_partner("Page rechargée", "community")


def test_a_preheated_page_takes_the_workspace_as_it_is_when_first_shown(pages, monkeypatch):
    participant_ws, _facilitator_ws, overview_ws = pages
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    waiting = StartApp(participant_ws, facilitator_key=KEY, waiting=True)  # built before
    _restore_from(overview_ws, backup_bytes(overview_ws))
    assert participant_ws.stale
    waiting.url.query = "?lang=fr"  # the page is opened after the restore
    assert not participant_ws.stale, "nothing was shown before: nothing is stale"


def test_a_restore_starts_a_new_generation(pages):
    participant_ws, _facilitator_ws, overview_ws = pages
    before = overview_ws.generation()
    _restore_from(overview_ws, backup_bytes(overview_ws))
    after = participant_ws.generation()
    assert after and after != before
    assert participant_ws.stale and not overview_ws.stale
