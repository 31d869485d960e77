"""A participant's kernel, poked like a hostile browser would: nothing a facilitator owns changes.

Every workbook app is built as a participant on the demo workspace; the walker
(:mod:`walker`) then types into every text field, ticks every box, picks every
option, uploads a file and clicks every button that exists in the kernel —
shown on the page or not — through the same entry point as a real comm message.
Afterwards the partners, people, profile, rounds, decisions, measurements and
activities are exactly what they were (a participant may only add answers, and
activities of their own in an open round).
"""

from __future__ import annotations

import ipywidgets as ipw
import pandas as pd
import pytest
from walker import crawl, widget_ids

from cikit.apps import (
    ActivitiesApp,
    BackboneApp,
    CommonAgendaApp,
    CommunicationApp,
    MeasurementApp,
    OverviewApp,
    PreconditionsApp,
    StartApp,
)
from cikit.apps.base import Role

APPS = [
    StartApp,
    PreconditionsApp,
    CommonAgendaApp,
    MeasurementApp,
    ActivitiesApp,
    CommunicationApp,
    BackboneApp,
    OverviewApp,
]
OWNED = ("initiative", "partners", "participants", "rounds", "decisions", "measurements")


def _owned(ws) -> dict[str, pd.DataFrame]:
    frames = ws.frames()
    return {name: frames[name] for name in (*OWNED, "activities")}


def _open_every_round(ws) -> None:
    """A fresh round of each workbook's questions (same settings as the demo's), as in a workshop."""
    rounds = ws.frames()["rounds"]
    latest = rounds.sort_values("id").groupby(["workbook", "key"]).tail(1)
    for row in latest.itertuples():
        ws.open_round(workbook=row.workbook, key=row.key, anonymous=bool(row.anonymous),
                      config=row.config)  # fmt: skip
    ws.open_round(workbook="04_activites", key="declarations")


def _view(app) -> tuple:
    navigator = getattr(app, "navigator", None)
    return (app.role.value, getattr(app, "stage", None), getattr(navigator, "index", None))


def _assert_nothing_owned_changed(before: dict, after: dict) -> None:
    for name in OWNED:
        pd.testing.assert_frame_equal(after[name], before[name], check_like=True, obj=name)
    old, new = before["activities"], after["activities"]
    kept = new[new["id"].isin(old["id"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, old.reset_index(drop=True), obj="activities")
    added = new[~new["id"].isin(old["id"])]
    assert set(added["source"]) <= {"round"}, "only a participant's own declarations are new"


@pytest.mark.parametrize("rounds_open", [False, True], ids=["closed", "open"])
@pytest.mark.parametrize("app_class", APPS, ids=lambda c: c.workbook_id)
def test_a_participant_kernel_cannot_change_what_the_facilitator_owns(
    app_class, rounds_open, demo_path, caplog
):
    from cikit import open_workspace

    ws = open_workspace(demo_path)
    if rounds_open:
        _open_every_round(ws)
    before = _owned(ws)
    baseline = widget_ids()
    app = app_class(ws, lang="fr", role=Role.PARTICIPANT, facilitator_key="k" * 16)
    app.url.client_id = "crawlerclient01"
    if type(app).steps:
        stages = {cls.id for cls in app.visible_steps()}
    else:
        stages = (
            {value for _label, value in app._stages(app.tr)} if hasattr(app, "_stages") else set()
        )
    walk = crawl(app, ignore=baseline, view=lambda: _view(app))
    assert app.role is Role.PARTICIPANT
    assert walk.actions >= 3, f"the walk poked nothing ({walk})"
    assert stages <= {view[1] for view in walk.views}, f"every step was visited ({walk.views})"
    print(
        app_class.__name__,
        rounds_open,
        walk.actions,
        walk.clicks,
        walk.hidden_pokes,
        len(walk.views),
        dict(walk.kinds),
    )
    _assert_nothing_owned_changed(before, _owned(ws))
    ipw.Widget.close_all()
    ws.close()
