"""cikit: bilingual workbooks and widgets for collective impact.

``cikit.open_workspace(path_or_url)`` gives an initiative's data;
``Workspace.frames()`` gives it as pandas DataFrames, the tables and each
workbook's results; :mod:`cikit.results` reads those results workbook by workbook;
``cikit.import_measurements(workspace, file, ...)`` checks a file of
measurements (the template, a Statistics Canada or an ISQ table) and writes it
when confirmed.
"""

from __future__ import annotations

import importlib
from typing import Any

from cikit.errors import CikitError, ValidationError, WorkspaceError
from cikit.store import SCHEMA_VERSION, Workspace, create_workspace, open_workspace

__version__ = "0.1.0"
"""The one place the version is written: hatchling reads it for the package metadata."""

# Imported when first used (PEP 562): importing cikit stays cheap for a Voila kernel.
_LAZY = {
    "import_measurements": "cikit.measurement_import",
    "ImportReport": "cikit.analysis.imports.report",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'cikit' has no attribute {name!r}")


__all__ = [
    "SCHEMA_VERSION",
    "CikitError",
    "ImportReport",
    "ValidationError",
    "Workspace",
    "WorkspaceError",
    "__version__",
    "create_workspace",
    "import_measurements",
    "open_workspace",
]
