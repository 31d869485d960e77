"""One app per workbook, composing components over the workspace."""

from cikit.apps.base import Role, WorkbookApp
from cikit.apps.start import StartApp

__all__ = ["Role", "StartApp", "WorkbookApp"]
