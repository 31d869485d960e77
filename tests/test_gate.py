"""The trust boundary: every facilitator-only action refuses a participant, logs it, writes nothing.

Three angles: each gated method called directly on a participant's app; the
facilitator's own widgets, built while the page was the facilitator's, poked
after the role is gone (the role is checked when an action runs, not when its
button was drawn); and the list of gated actions itself, so a new write path
that forgets the gate is noticed.
"""

from __future__ import annotations

import inspect
import logging

import ipywidgets as ipw
import pandas as pd
import pytest
from walker import crawl, send_click, widget_ids

from cikit import open_workspace
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
from cikit.apps.accueil.initiative import InitiativeStep
from cikit.apps.accueil.partners import PartnersStep
from cikit.apps.accueil.people import PeopleStep
from cikit.apps.activites.declare import DeclarationRound
from cikit.apps.activites.import_panel import ActivityImportPanel
from cikit.apps.activites.summary import SummaryStep
from cikit.apps.base import Role
from cikit.apps.bilan.exports import ExportPanel
from cikit.apps.communication.logs import LogsStep
from cikit.apps.communication.plan import PlanStep
from cikit.apps.communication.survey import SurveyRound
from cikit.apps.framework.round_controls import RoundControls
from cikit.apps.gate import REFUSED, allowed, facilitator_only, gated_methods
from cikit.apps.mesure_commune.candidates import CandidatesStep
from cikit.apps.mesure_commune.curves import CurvesStep
from cikit.apps.mesure_commune.data import DataStep
from cikit.apps.mesure_commune.definitions import DefinitionsStep
from cikit.apps.mesure_commune.import_panel import MeasurementImportPanel
from cikit.apps.mesure_commune.lists import ListsStep
from cikit.apps.mesure_commune.rating import RatingRound
from cikit.apps.plan_commun.agenda import AgendaStep
from cikit.apps.plan_commun.disagreements import DisagreementsStep
from cikit.apps.plan_commun.views import ViewsRound
from cikit.apps.plan_commun.votes import VotesRound
from cikit.apps.preconditions.readiness import ReadinessRound
from cikit.apps.structure_soutien.context import ContextStep
from cikit.apps.structure_soutien.functions import FunctionsRound
from cikit.apps.structure_soutien.phases import PhasesStep
from cikit.apps.structure_soutien.resources import ResourcesStep

OWNED = (
    "initiative",
    "partners",
    "participants",
    "rounds",
    "decisions",
    "measurements",
    "activities",
    "responses",
)
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
# What must stay behind the gate: a new facilitator write path belongs in this list.
EXPECTED = {
    InitiativeStep: {"_save"},
    PartnersStep: {"_add", "_edit", "_remove"},
    PeopleStep: {"_add", "_edit", "_remove"},
    ReadinessRound: {"open_round", "toggle_reveal", "toggle_close"},
    RoundControls: {"adopt"},
    ViewsRound: {"open_round", "toggle_reveal", "toggle_close"},
    VotesRound: {"open_round", "toggle_reveal", "toggle_close", "_save_candidates"},
    DisagreementsStep: {"_save_disagreement"},
    AgendaStep: {"_fill_from_votes", "_adopt_agenda"},
    CandidatesStep: {"_save_shortlist", "_add_own"},
    RatingRound: {"open_round", "toggle_reveal", "toggle_close"},
    ListsStep: {"_save_lists"},
    DefinitionsStep: {"_save_definition"},
    DataStep: {"_store_value", "_confirm_import", "_cancel_import"},
    CurvesStep: {"_add_story"},
    MeasurementImportPanel: {"_on_upload"},
    DeclarationRound: {"open_round", "toggle_reveal", "toggle_close", "save_places"},
    SummaryStep: {"take_snapshot"},
    SurveyRound: {"open_round", "toggle_reveal", "toggle_close"},
    PlanStep: {"_save", "_start_edit", "_cancel_edit", "_ask_remove", "_remove"},
    LogsStep: {"_save", "_start_edit", "_cancel_edit", "_ask_remove", "_remove"},
    FunctionsRound: {"open_round", "toggle_reveal", "toggle_close"},
    ResourcesStep: {"_save_decision", "_change", "_save_coordinator"},
    PhasesStep: {"_save_decision"},
    ContextStep: {"_save_decision", "_save_context"},
    ExportPanel: {"_export", "_backup", "_on_restore_upload", "_restore"},
    ActivityImportPanel: {"_on_upload", "check", "_confirm", "_cancel"},
}  # fmt: skip
ROUND_ACTIONS = {"_new_round", "_toggle_reveal", "_toggle_close", "_adopt"}


@pytest.fixture
def ws(demo_path):
    workspace = open_workspace(demo_path)
    yield workspace
    workspace.close()


def _frames(ws) -> dict[str, pd.DataFrame]:
    frames = ws.frames()
    return {name: frames[name] for name in OWNED}


def _same(before: dict, after: dict) -> None:
    for name in OWNED:
        pd.testing.assert_frame_equal(after[name], before[name], obj=name)


def _gated_targets(app) -> list[tuple[object, str]]:
    """Every gated method of a page and of its steps (for workbooks written as steps),
    with the object to call it on."""
    targets = [(app, name) for name in gated_methods(type(app))]
    for step_class in getattr(type(app), "steps", ()):
        step = app.step_object(step_class.id)
        targets += [(step, name) for name in gated_methods(step_class)]
        if getattr(step_class, "round_key", None):
            controls = RoundControls(step)
            targets += [(controls, name) for name in gated_methods(RoundControls)]
    if isinstance(app, OverviewApp):  # its panel is only built for the facilitator: make one
        panel = ExportPanel(app.step_object("overview"))
        targets += [(panel, name) for name in gated_methods(ExportPanel)]
    return targets


def _dummy_args(method) -> list:
    """One placeholder per required argument: the gate refuses before reading any."""
    target = inspect.unwrap(method)
    params = list(inspect.signature(target).parameters.values())[1:]  # self
    return [
        None
        for p in params
        if p.default is inspect.Parameter.empty
        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]


@pytest.mark.parametrize("cls", list(EXPECTED), ids=lambda c: c.__name__)
def test_every_facilitator_write_path_goes_through_the_gate(cls):
    found = set(gated_methods(cls))
    expected = EXPECTED[cls] | (ROUND_ACTIONS if hasattr(cls, "_new_round") else set())
    assert expected <= found, f"not gated: {sorted(expected - found)}"


@pytest.mark.parametrize("cls", APPS, ids=lambda c: c.workbook_id)
def test_each_gated_handler_called_by_a_participant_is_refused_logged_and_writes_nothing(
    cls, ws, caplog
):
    app = cls(ws, lang="fr", role=Role.PARTICIPANT, facilitator_key="k" * 16)
    before = _frames(ws)
    targets = _gated_targets(app)
    assert targets, "the app has facilitator actions"
    for owner, name in targets:
        caplog.clear()
        method = getattr(owner, name)
        with caplog.at_level(logging.WARNING, logger="cikit.apps.gate"):
            result = method(*_dummy_args(method))
        assert result is None
        assert any(
            "refused a facilitator action" in r.getMessage() and name in r.getMessage()
            for r in caplog.records
        ), name
        assert app.message.text == "Seule l'animation peut faire ceci. Rien n'a été modifié."
    _same(before, _frames(ws))


def test_the_import_panel_refuses_when_its_app_is_a_participant(ws, caplog):
    fac = ActivitiesApp(ws, lang="fr", role=Role.FACILITATOR, facilitator_key="k" * 16)
    fac.stage = "declare"
    fac.render()
    panel = fac.step.import_panel
    fac.role = Role.PARTICIPANT  # e.g. the page's URL changed to a wrong key
    before = _frames(ws)
    panel.check(b"partenaire;activit\xc3\xa9\nCPE;Visites\n", "a.csv")
    panel.pending = [{"partner_id": 1, "name": "x"}]
    panel._confirm()
    assert "refused a facilitator action" in caplog.text
    _same(before, _frames(ws))


def test_start_tables_and_profile_refuse_a_participant_even_called_directly(ws, caplog):
    fac = StartApp(ws, lang="fr", role=Role.FACILITATOR, facilitator_key="k" * 16)
    fac.stage_picker.value = "partners"
    partners = fac.step.table
    fac.stage_picker.value = "people"
    people = fac.step.table
    fac.stage_picker.value = "initiative"
    name_field = fac.step.fields["name"]
    # The role drops without a redraw: the facilitator's widgets are still there.
    fac.unobserve(fac._on_view_change, names=["lang", "role"])
    fac.role = Role.PARTICIPANT
    before = _frames(ws)
    partners.new_fields["name"].value = "Intrus"
    send_click(partners.add_button)
    people.new_fields["display_name"].value = "Intrus"
    people.new_fields["role"].value = "backbone"
    send_click(people.add_button)
    for table in (partners, people):
        for callback in table._on_add:
            callback({"name": "X", "sector": "other", "contact": "", "display_name": "X",
                      "partner_id": None, "role": "backbone"})  # fmt: skip
        for callback in table._on_edit:
            callback(int(table.rows[0]["id"]), "role", "backbone")
        for callback in table._on_remove:
            callback(int(table.rows[0]["id"]))
    name_field.value = "Pris en otage"
    _same(before, _frames(ws))
    assert caplog.text.count("refused a facilitator action") >= 8
    assert ws.profile()["name"] != "Pris en otage"


def _facilitator_views(app) -> list:
    """Each place the facilitator can be: a step of the strip."""
    if getattr(app, "steps", ()):
        return [("stage", cls.id) for cls in app.visible_steps()]
    if hasattr(app, "_stages") and app._stages(app.tr):
        return [("stage", value) for _label, value in app._stages(app.tr)]
    return [("page", None)]


@pytest.mark.parametrize("cls", APPS, ids=lambda c: c.workbook_id)
def test_the_facilitators_own_widgets_refuse_once_the_role_is_gone(cls, ws):
    """Every button and field of each facilitator view, poked after the role fell to participant."""
    probe = cls(ws, lang="fr", role=Role.FACILITATOR, facilitator_key="k" * 16)
    views = _facilitator_views(probe)
    ipw.Widget.close_all()
    before = _frames(ws)
    pokes = 0
    for where, value in views:
        baseline = widget_ids()
        app = cls(ws, lang="fr", role=Role.FACILITATOR, facilitator_key="k" * 16)
        if where == "stage":
            app.stage = value
            app.render()
        app.unobserve(app._on_view_change, names=["lang", "role"])
        app.role = Role.PARTICIPANT
        walk = crawl(app, ignore=baseline, view=lambda: "frozen", navigate=False)
        pokes += walk.actions
        _same(before, _frames(ws))
        ipw.Widget.close_all()
    assert pokes > len(views), "the facilitator views had controls to poke"


def test_a_closure_gate_names_its_app():
    class Page:
        role = Role.PARTICIPANT
        workbook_id = "00_accueil"

    page = Page()
    calls = []

    @facilitator_only(app=page)
    def act(value):
        calls.append(value)

    act(1)
    page.role = Role.FACILITATOR
    act(2)
    assert calls == [2]
    assert allowed(page, "x") is True
    assert REFUSED.startswith("Only the facilitator")
