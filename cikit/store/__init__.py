"""The workspace store: the only part of cikit that touches the database."""

from cikit.store.schema import SCHEMA_VERSION
from cikit.store.workspace import Workspace, create_workspace, open_workspace

__all__ = ["SCHEMA_VERSION", "Workspace", "create_workspace", "open_workspace"]
