"""Step 2, the backbone's resources: staff, budget per year, funders, the coordinating role.

Three editable lists and one field, all in the one versioned decision ``resources``:
every change (a line added, edited or removed) adopts a new version, checked by
:mod:`cikit.analysis.structure_soutien`.  Facilitator only.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as ipw

from cikit.apps.gate import facilitator_only
from cikit.apps.structure_soutien.decisions import DecisionStep
from cikit.components.messages import MessageArea
from cikit.components.table import Column, EditableTable
from cikit.errors import N_, ValidationError
from cikit.store.validate import clean_name, name_key

COORDINATOR_MAX = 200


def _refuse() -> list:
    """A change to a line that no longer exists (another page removed it)."""
    raise ValidationError(N_("Unknown entry."))


class ResourcesStep(DecisionStep):
    """Who works for the backbone, its budget year by year, its funders, its coordinator."""

    id = "resources"
    label = N_("2. Resources")

    def build(self) -> list[ipw.Widget]:
        tr = self.tr
        saved = self.resources()
        self.resources_summary = ipw.HTML(self._summary_html(saved))
        intro = tr(
            "Who works for the backbone and how much of their time, its budget year by year, "
            "who funds it, and who holds the coordinating role. Every change is saved as a new "
            "version."
        )
        dedicated = ((tr("Yes, dedicated"), True), (tr("No, lent or shared"), False))
        self.staff_table = EditableTable(
            [
                Column("role", tr("Role"), required=True, width="18em"),
                Column("fte", tr("Time (full-time equivalents)"), required=True, width="12em"),
                Column("dedicated", tr("Dedicated to the backbone"), kind="choice",
                       options=dedicated, width="14em"),
            ],
            tr=tr, rows=self._staff_rows(saved), add_title=tr("Add a staff role"),
            empty_text=tr("No staff role yet."),
        )  # fmt: skip
        self.staff_table.add_class("cikit-bb-staff")
        self.budget_table = EditableTable(
            [
                Column("year", tr("Year"), required=True, width="8em"),
                Column("amount", tr("Amount ($)"), required=True, width="12em"),
            ],
            tr=tr, rows=self._budget_rows(saved), add_title=tr("Add a year of budget"),
            empty_text=tr("No budget yet."),
        )  # fmt: skip
        self.budget_table.add_class("cikit-bb-budget")
        self.funders_table = EditableTable(
            [Column("name", tr("Funder"), required=True, width="22em")],
            tr=tr, rows=self._funder_rows(saved), add_title=tr("Add a funder"),
            empty_text=tr("No funder yet."),
        )  # fmt: skip
        self.funders_table.add_class("cikit-bb-funders")
        self._wire(self.staff_table, "staff", self._staff_line)
        self._wire(self.budget_table, "budget", self._budget_line)
        self._wire(self.funders_table, "funders", self._funder_line)
        self.coordinator_text = ipw.Text(
            value=saved["coordinator"],
            placeholder=tr("A person or an organisation"),
            layout=ipw.Layout(width="100%", max_width="520px"),
        )
        self.coordinator_text.add_class("cikit-bb-coordinator")
        self.coordinator_button = ipw.Button(description=tr("Save"), button_style="primary")
        self.coordinator_button.on_click(self.page.guarded(self._save_coordinator))
        self.coordinator_status = MessageArea()
        coordinator_hint = tr(
            "The « chef d'orchestre »: the person or organisation that convenes the partners, "
            "keeps the plan moving and holds the group together."
        )
        return [
            ipw.HTML(f'<p class="cikit-lead">{html.escape(intro)}</p>'),
            self.resources_summary,
            self.section(tr("Coordinating role")),
            ipw.HTML(f'<p class="cikit-hint">{html.escape(coordinator_hint)}</p>'),
            ipw.HBox([self.coordinator_text, self.coordinator_button], layout=ipw.Layout(
                flex_flow="row wrap", align_items="center")),
            self.coordinator_status,
            self.section(tr("Staff")),
            self.staff_table,
            self.section(tr("Budget per year")),
            self.budget_table,
            self.section(tr("Funders")),
            self.funders_table,
        ]  # fmt: skip

    def _summary_html(self, saved: dict) -> str:
        """Warnings, key figures, and which version is on screen (every change adds one)."""
        tr = self.tr
        latest = self.workspace.decision(self.workbook_id, "resources")
        version = ""
        if latest:
            when = _when(latest["adopted_at"])
            words = tr("Version {version}, saved {date} UTC.").format(
                version=latest["version"], date=when
            )
            version = f'<p class="cikit-hint">{html.escape(words)}</p>'
        return self.warnings_html(tr, saved) + self.resources_html(tr, saved) + version

    # -- the lines as the tables show them ----------------------------------------------------

    def _amount_field(self, amount: float) -> str:
        """An amount as typed back into a field: grouped by spaces, decimal comma in French."""
        whole, cents = divmod(round(amount * 100), 100)
        text = f"{whole:,}".replace(",", " ")
        if cents:
            text += ("," if self.lang == "fr" else ".") + f"{cents:02d}"
        return text

    def _staff_rows(self, saved: dict) -> list[dict]:
        return [
            {"id": i + 1, "role": s["role"], "fte": self.fte(s["fte"]), "dedicated": s["dedicated"]}
            for i, s in enumerate(saved["staff"])
        ]

    def _budget_rows(self, saved: dict) -> list[dict]:
        return [
            {"id": i + 1, "year": str(b["year"]), "amount": self._amount_field(b["amount"])}
            for i, b in enumerate(saved["budget"])
        ]

    @staticmethod
    def _funder_rows(saved: dict) -> list[dict]:
        return [{"id": i + 1, "name": f} for i, f in enumerate(saved["funders"])]

    # One line of each list, checked; raises ValidationError with the person's message.

    @staticmethod
    def _staff_line(values: dict, others: list) -> dict:
        from cikit.analysis.structure_soutien import clean_staff

        return clean_staff(values.get("role"), values.get("fte"), values.get("dedicated"))

    @staticmethod
    def _budget_line(values: dict, others: list) -> dict:
        from cikit.analysis.structure_soutien import clean_budget

        line = clean_budget(values.get("year"), values.get("amount"))
        if any(o["year"] == line["year"] for o in others):
            raise ValidationError(
                N_("There is already a line for {year}: change its amount instead."),
                field="year",
                year=line["year"],
            )
        return line

    @staticmethod
    def _funder_line(values: dict, others: list) -> str:
        name = clean_name(values.get("name"), field="name")
        if any(name_key(o) == name_key(name) for o in others):
            raise ValidationError(N_("« {name} » is already on the list."), name=name)
        return name

    # -- changes ------------------------------------------------------------------------------------

    def _wire(self, table: EditableTable, key: str, check: Callable[[dict, list], Any]) -> None:
        """Add, edit and remove lines of ``resources[key]``, each change a new version."""

        def as_values(line: Any) -> dict:
            return line if isinstance(line, dict) else {"name": line}

        from cikit.analysis.structure_soutien import ROWS_MAX

        def add(values: dict) -> None:
            lines = self.resources()[key]
            if len(lines) >= ROWS_MAX:
                table.status.show(self.tr("This list is full."), "error")
                return
            self._change(table, key, lambda: [*lines, check(values, lines)], clear=True)

        def edit(row_id: int, field: str, value: Any) -> None:
            lines = self.resources()[key]
            index = row_id - 1
            if not 0 <= index < len(lines):
                self._change(table, key, lambda: _refuse())
                return
            values = {**as_values(lines[index]), field: value}
            others = lines[:index] + lines[index + 1 :]
            self._change(
                table, key, lambda: [*lines[:index], check(values, others), *lines[index + 1 :]]
            )

        def remove(row_id: int) -> None:
            lines = self.resources()[key]
            index = row_id - 1
            if not 0 <= index < len(lines):
                self._change(table, key, lambda: _refuse())
                return
            self._change(table, key, lambda: lines[:index] + lines[index + 1 :])

        table.on_add(self.page.guarded(add))
        table.on_edit(self.page.guarded(edit))
        table.on_remove(self.page.guarded(remove))

    @facilitator_only
    def _change(
        self, table: EditableTable, key: str, build: Callable[[], list], *, clear: bool = False
    ) -> None:
        """Build the new list (may refuse), save it as a new version, show what is saved."""
        tr = self.tr
        saved = self.resources()
        try:
            lines = build()
        except ValidationError as err:
            table.status.show(err.render(tr), "error")
            self._show_resources(saved, redraw=table)
            return
        version = self._save_decision("resources", {**saved, key: lines}, table.status)
        if version is None:
            self._show_resources(saved, redraw=table)
            return
        if clear:
            table.clear_new()
        self._show_resources(self.resources())
        table.status.show(tr("Saved (version {version}).").format(version=version), "success")

    def _show_resources(self, saved: dict, *, redraw: EditableTable | None = None) -> None:
        self.staff_table.rows = self._staff_rows(saved)
        self.budget_table.rows = self._budget_rows(saved)
        self.funders_table.rows = self._funder_rows(saved)
        if redraw is not None:
            redraw.redraw()  # a refused edit: put the field back on what is saved
        self.resources_summary.value = self._summary_html(saved)

    @facilitator_only
    def _save_coordinator(self, _button=None) -> None:
        tr = self.tr
        value = self.coordinator_text.value
        if not isinstance(value, str):
            self.coordinator_status.show(tr("This value must be text."), "error")
            return
        value = " ".join(value.split())
        if len(value) > COORDINATOR_MAX:
            self.coordinator_status.show(
                tr("This name is too long ({length} characters; at most {limit}).").format(
                    length=len(value), limit=COORDINATOR_MAX
                ),
                "error",
            )
            return
        saved = self.resources()
        version = self._save_decision(
            "resources", {**saved, "coordinator": value}, self.coordinator_status
        )
        if version is None:
            return
        self._show_resources(self.resources())
        self.coordinator_status.show(
            tr("Saved (version {version}).").format(version=version), "success"
        )


def _when(adopted_at: Any) -> str:
    """A stored (UTC) time as ``YYYY-MM-DD HH:MM``."""
    import pandas as pd

    return pd.Timestamp(adopted_at).strftime("%Y-%m-%d %H:%M")
