"""Kept for the workbooks not yet written as steps: their base class is the framework's page.

New code imports from :mod:`cikit.apps.framework`.
"""

from cikit.apps.framework.page import (
    DRAWING_FAILED,
    KEY_ENV,
    LOADING,
    ROLE_ENV,
    WORKSPACE_ENV,
    WorkbookPage,
    close_tree,
    in_voila,
    log,
)
from cikit.apps.framework.roles import Role

WorkbookApp = WorkbookPage

__all__ = [
    "DRAWING_FAILED",
    "KEY_ENV",
    "LOADING",
    "ROLE_ENV",
    "WORKSPACE_ENV",
    "Role",
    "WorkbookApp",
    "close_tree",
    "in_voila",
    "log",
]
