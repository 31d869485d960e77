"""One app per workbook, composing components over the workspace.

Names are imported when first used (PEP 562): a participant's page that needs the
Preconditions app must not pay for every other workbook, their charts and the report.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_WHERE = {
    "ActivitiesApp": "cikit.apps.activites",
    "BackboneApp": "cikit.apps.structure_soutien",
    "CommonAgendaApp": "cikit.apps.plan_commun",
    "CommunicationApp": "cikit.apps.communication",
    "MeasurementApp": "cikit.apps.mesure_commune",
    "OverviewApp": "cikit.apps.bilan",
    "PreconditionsApp": "cikit.apps.preconditions",
    "StartApp": "cikit.apps.accueil",
    "Role": "cikit.apps.framework.roles",
    "WorkbookApp": "cikit.apps.base",
    "WorkbookPage": "cikit.apps.framework.page",
}

APP_OF_WORKBOOK = {
    "00_accueil": "StartApp",
    "01_preconditions": "PreconditionsApp",
    "02_plan_commun": "CommonAgendaApp",
    "03_mesure_commune": "MeasurementApp",
    "04_activites": "ActivitiesApp",
    "05_communication": "CommunicationApp",
    "06_structure_soutien": "BackboneApp",
    "07_bilan": "OverviewApp",
}
"""The app class of each workbook, by the workbook's id."""


def app_for(workbook_id: str):
    """The app class of a workbook (imported now); KeyError for an unknown id."""
    return __getattr__(APP_OF_WORKBOOK[workbook_id])


def __getattr__(name: str):
    try:
        module = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module 'cikit.apps' has no attribute {name!r}") from None
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*_WHERE, "APP_OF_WORKBOOK", "app_for"])


if TYPE_CHECKING:
    from cikit.apps.accueil import StartApp
    from cikit.apps.activites import ActivitiesApp
    from cikit.apps.base import WorkbookApp
    from cikit.apps.bilan import OverviewApp
    from cikit.apps.communication import CommunicationApp
    from cikit.apps.framework.page import WorkbookPage
    from cikit.apps.framework.roles import Role
    from cikit.apps.mesure_commune import MeasurementApp
    from cikit.apps.plan_commun import CommonAgendaApp
    from cikit.apps.preconditions import PreconditionsApp
    from cikit.apps.structure_soutien import BackboneApp

__all__ = [
    "APP_OF_WORKBOOK",
    "ActivitiesApp",
    "BackboneApp",
    "CommonAgendaApp",
    "CommunicationApp",
    "MeasurementApp",
    "OverviewApp",
    "PreconditionsApp",
    "Role",
    "StartApp",
    "WorkbookApp",
    "WorkbookPage",
    "app_for",
]
