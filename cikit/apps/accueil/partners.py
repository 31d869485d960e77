"""Step 2: the organisations around the table, each with its sector and a contact person."""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw

from cikit import content
from cikit.apps.accueil.tables import TableStep
from cikit.apps.gate import facilitator_only
from cikit.components.table import Column, EditableTable
from cikit.errors import N_


def partner_rows(workspace) -> list[dict]:
    """The partners as the table shows them."""
    return [
        {"id": int(r.id), "name": r.name, "sector": r.sector, "contact": r.contact}
        for r in workspace.partners().itertuples()
    ]


class PartnersStep(TableStep):
    """The partners: added, renamed, moved to another sector or removed by the facilitator."""

    id = "partners"
    label = N_("Partners")

    def rows(self) -> list[dict]:
        return partner_rows(self.workspace)

    def content(self) -> list[ipw.Widget]:
        tr = self.tr
        sectors = tuple((e.label(self.lang), e.id) for e in content.sectors())
        self.table = EditableTable(
            [
                Column("name", tr("Organisation"), required=True, width="22em"),
                Column("sector", tr("Sector"), kind="choice", options=sectors, width="19em"),
                Column("contact", tr("Contact person"), width="14em"),
            ],
            tr=tr,
            rows=self.rows(),
            editable=self.is_facilitator,
            add_title=tr("Add a partner"),
            empty_text=tr("No partner yet."),
        )
        self.table.add_class("cikit-partners")
        self.table.on_add(self._add)
        self.table.on_edit(self._edit)
        self.table.on_remove(self._remove)
        self.keep_draft()
        return [self.section(tr("Organisations around the table"), self.table)]

    @facilitator_only
    def _add(self, values: dict) -> None:
        self.act(
            lambda: self.workspace.add_partner(values["name"], values["sector"], values["contact"]),
            self.tr("Partner added."),
            clear=True,
        )

    @facilitator_only
    def _edit(self, row_id: int, key: str, value: Any) -> None:
        self.act(lambda: self.workspace.update_partner(row_id, **{key: value}), self.tr("Saved."))

    @facilitator_only
    def _remove(self, row_id: int) -> None:
        self.act(lambda: self.workspace.remove_partner(row_id), self.tr("Partner removed."))
