"""One app per workbook, composing components over the workspace."""

from cikit.apps.base import Role, WorkbookApp
from cikit.apps.preconditions import PreconditionsApp
from cikit.apps.start import StartApp

__all__ = ["PreconditionsApp", "Role", "StartApp", "WorkbookApp"]
