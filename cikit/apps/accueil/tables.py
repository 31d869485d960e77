"""What the partners and the people steps share: one table, its draft, one way to act.

The step object lives as long as the page, so the new row the facilitator was
typing is kept here and put back when the step is drawn again (after a look at
another step, or in the other language).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import traitlets as tl

from cikit.apps.accueil.guided import GuidedStep
from cikit.components.table import EditableTable
from cikit.errors import CikitError


class TableStep(GuidedStep):
    """A step that shows one :class:`EditableTable` (editable by the facilitator only)."""

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self.table: EditableTable | None = None
        self.draft: dict[str, Any] = {}

    def rows(self) -> list[dict]:
        raise TypeError(f"{type(self).__name__} must define rows()")

    def refresh(self) -> None:
        """Show what is saved (subclasses also refresh their choices)."""
        if self.table is not None:
            self.table.rows = self.rows()

    def keep_draft(self) -> None:
        """Put back the row being typed and follow what is typed next."""
        if self.table is None:
            return
        for key, field in self.table.new_fields.items():
            if key in self.draft:
                try:
                    field.value = self.draft[key]
                except tl.TraitError:  # a choice that no longer exists
                    self.draft.pop(key)
            field.observe(
                lambda change, key=key: self.draft.__setitem__(key, change["new"]), names="value"
            )

    def act(self, action: Callable[[], Any], success: str, *, clear: bool = False) -> None:
        """Run one change; on refusal, say why and show what is really saved."""
        table = self.table
        if table is None:
            return
        try:
            action()
        except CikitError as err:
            table.status.show(err.render(self.tr), "error")
            self.refresh()
            # The saved rows may equal the ones on screen (a refused edit): draw them anyway,
            # so the field shows what is really saved.
            table.redraw()
            return
        if clear:
            table.clear_new()
            self.draft = {}
        table.status.show(success, "success")
        self.refresh()
