"""One app per workbook, composing components over the workspace."""

from cikit.apps.base import Role, WorkbookApp
from cikit.apps.common_agenda import CommonAgendaApp
from cikit.apps.communication import CommunicationApp
from cikit.apps.measurement import MeasurementApp
from cikit.apps.preconditions import PreconditionsApp
from cikit.apps.start import StartApp

__all__ = [
    "CommonAgendaApp",
    "CommunicationApp",
    "MeasurementApp",
    "PreconditionsApp",
    "Role",
    "StartApp",
    "WorkbookApp",
]
