"""One app per workbook, composing components over the workspace."""

from cikit.apps.activities import ActivitiesApp
from cikit.apps.backbone import BackboneApp
from cikit.apps.base import Role, WorkbookApp
from cikit.apps.common_agenda import CommonAgendaApp
from cikit.apps.communication import CommunicationApp
from cikit.apps.measurement import MeasurementApp
from cikit.apps.overview import OverviewApp
from cikit.apps.preconditions import PreconditionsApp
from cikit.apps.start import StartApp

__all__ = [
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
]
