"""Step 3: the people taking part, each with an organisation (or none) and a role."""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw

from cikit import content
from cikit.apps.accueil.partners import partner_rows
from cikit.apps.accueil.tables import TableStep
from cikit.apps.gate import facilitator_only
from cikit.components.table import Column, EditableTable
from cikit.errors import N_


class PeopleStep(TableStep):
    """The people: added, edited or removed by the facilitator."""

    id = "people"
    label = N_("People")

    def rows(self) -> list[dict]:
        import pandas as pd

        return [
            {
                "id": int(r.id),
                "display_name": r.display_name,
                "partner_id": None if pd.isna(r.partner_id) else int(r.partner_id),
                "role": r.role,
            }
            for r in self.workspace.participants().itertuples()
        ]

    def partner_options(self) -> tuple[tuple[str, int | None], ...]:
        partners = [(r["name"], r["id"]) for r in partner_rows(self.workspace)]
        return ((self.tr("(none)"), None), *partners)

    def refresh(self) -> None:
        if self.table is not None:
            form = self.table.add_form
            self.table.set_options("partner_id", self.partner_options())
            if self.table.add_form is not form:  # new choices, new form: keep the draft
                self.keep_draft()
        super().refresh()

    def content(self) -> list[ipw.Widget]:
        tr = self.tr
        roles = tuple((e.label(self.lang), e.id) for e in content.roles())
        self.table = EditableTable(
            [
                Column("display_name", tr("Name"), required=True, width="14em"),
                Column(
                    "partner_id",
                    tr("Organisation"),
                    kind="choice",
                    options=self.partner_options(),
                    width="16em",
                ),
                Column("role", tr("Role"), kind="choice", options=roles, width="16em"),
            ],
            tr=tr,
            rows=self.rows(),
            editable=self.is_facilitator,
            add_title=tr("Add a person"),
            empty_text=tr("No one registered yet."),
        )
        self.table.add_class("cikit-participants")
        self.table.on_add(self._add)
        self.table.on_edit(self._edit)
        self.table.on_remove(self._remove)
        self.keep_draft()
        return [self.section(tr("People taking part"), self.table)]

    @facilitator_only
    def _add(self, values: dict) -> None:
        self.act(
            lambda: self.workspace.add_participant(
                values["display_name"], values["partner_id"], values["role"]
            ),
            self.tr("Person added."),
            clear=True,
        )

    @facilitator_only
    def _edit(self, row_id: int, key: str, value: Any) -> None:
        self.act(
            lambda: self.workspace.update_participant(row_id, **{key: value}), self.tr("Saved.")
        )

    @facilitator_only
    def _remove(self, row_id: int) -> None:
        self.act(lambda: self.workspace.remove_participant(row_id), self.tr("Person removed."))
