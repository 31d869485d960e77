"""cikit: bilingual workbooks and widgets for collective impact.

``cikit.open_workspace(path_or_url)`` gives an initiative's data;
``Workspace.frames()`` gives it as pandas DataFrames, the tables and each
workbook's results; :mod:`cikit.results` reads those results workbook by workbook.
"""

from cikit.errors import CikitError, ValidationError, WorkspaceError
from cikit.store import SCHEMA_VERSION, Workspace, create_workspace, open_workspace

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "CikitError",
    "ValidationError",
    "Workspace",
    "WorkspaceError",
    "__version__",
    "create_workspace",
    "open_workspace",
]
