"""Step 5, the facilitator's: the values of each chosen indicator, typed in a table (each
cell saved as it is left) or imported from a file (:mod:`.import_panel`).

Values are appended to the measurements table, never overwritten: a correction is a
new entry, a withdrawal an entry without a value, so earlier entries stay on record.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from cikit.analysis.periods import period_to_x
from cikit.apps.gate import facilitator_only
from cikit.apps.mesure_commune.common import MeasureStep
from cikit.components.messages import MessageArea
from cikit.errors import N_, CikitError

if TYPE_CHECKING:  # the facilitator's step: pandas and the table come when it is drawn
    import pandas as pd

    from cikit.components.table import EditableTable

SHOWN_VALUES = 40
"""The most recent values the table shows (the rest stay on record)."""


class DataStep(MeasureStep):
    """Enter, correct, withdraw and import the values."""

    id = "data"
    label = N_("5. Data")

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self._pending_import: pd.DataFrame | None = None
        self._rows_by_id: dict[int, dict] = {}
        self.import_panel: Any = None

    def build(self) -> list[ipw.Widget]:
        tr = self.tr
        self.status = MessageArea()
        # A redraw shows a fresh import panel: nothing it has not checked can be confirmed.
        self._pending_import = None
        ids = self.chosen()
        if not ids:
            return [self.note(tr("Save the headline and secondary lists first (step 3)."))]
        picker = self.indicator_picker(ids)
        self.values_table = self._values_editor()
        hint = tr(
            "Each cell is saved when you leave it. Changing a value records a correction; "
            "removing a row withdraws the value. Earlier entries stay on record. The "
            "{count} most recent values are shown here."
        ).format(count=SHOWN_VALUES)
        return [
            picker,
            ipw.HTML(f'<p class="cikit-hint">{html.escape(hint)}</p>'),
            self.values_table,
            self.status,
            *self._import_panel(),
        ]

    # -- the table of values ---------------------------------------------------------------------

    def _values_editor(self) -> EditableTable:
        from cikit.components.table import Column, EditableTable

        tr = self.tr
        partners = self.workspace.partners()
        table = EditableTable(
            [
                Column("period", tr("Period"), required=True, width="9em"),
                Column("value", tr("Value"), required=True, width="8em"),
                Column("partner_id", tr("Partner"), kind="choice", width="17em",
                       options=(("—", None), *[(r.name, int(r.id)) for r in partners.itertuples()])),
                Column("dimension", tr("Breakdown"), kind="choice", width="13em",
                       options=((tr("Total (no breakdown)"), ""),
                                *[(self.dimension_label(d), d) for d in self.dimensions()])),
                Column("group", tr("Group"), width="12em"),
            ],
            tr=tr,
            rows=self._value_rows(),
            add_title=tr("Enter a value"),
            empty_text=tr("No values yet."),
        )  # fmt: skip
        table.add_class("cikit-values")

        def add(values: dict) -> None:
            self._store_value(table, values, previous=None, clear=True)

        def edit(row_id: int, key: str, value: Any) -> None:
            previous = self._rows_by_id.get(row_id)
            if previous is None:
                table.redraw()
                return
            self._store_value(table, {**previous, key: value}, previous=previous)

        def remove(row_id: int) -> None:
            previous = self._rows_by_id.get(row_id)
            if previous is not None:
                self._store_value(table, {**previous, "value": ""}, previous=None)

        table.on_add(add)
        table.on_edit(edit)
        table.on_remove(remove)
        return table

    def _value_rows(self) -> list[dict]:
        import pandas as pd

        values = self.workspace.measurements(indicator=self.shown_indicator)
        shown = values.sort_values(["x", "dimension", "group"]).tail(SHOWN_VALUES)
        rows = [
            {
                "id": int(r.id),
                "period": r.period,
                "value": self.format_value(r.value),
                "partner_id": None if pd.isna(r.partner_id) else int(r.partner_id),
                "dimension": r.dimension,
                "group": r.group,
            }
            for r in shown.iloc[::-1].itertuples()
        ]
        self._rows_by_id = {row["id"]: row for row in rows}
        return rows

    @facilitator_only
    def _store_value(
        self, table: EditableTable, values: dict, *, previous: dict | None, clear: bool = False
    ) -> None:
        """Check one row as typed and save it; a changed period, partner or group moves it."""
        import pandas as pd

        from cikit.analysis.mesure_commune import ImportFileError, parse_measurements

        tr = self.tr
        indicator = self.shown_indicator
        raw = {k: values.get(k) for k in ("period", "value", "dimension", "group")}
        raw["dimension"] = raw["dimension"] or ""
        raw["group"] = raw["group"] or ""
        partner = values.get("partner_id")
        if any(not isinstance(v, str) for v in raw.values()) or not (
            partner is None or (isinstance(partner, int) and not isinstance(partner, bool))
        ):
            table.status.show(tr("This answer cannot be saved."), "error")
            table.redraw()
            return
        withdraw = not raw["value"].strip()
        try:
            valid, problems = parse_measurements(
                pd.DataFrame([{**raw, "indicator": indicator, "value": raw["value"] or "0"}]),
                indicators={indicator},
                partners={},
                dimensions=set(self.dimensions()),
            )
        except ImportFileError:
            valid, problems = pd.DataFrame(), pd.DataFrame({"reason": ["not_a_number"]})
        if not problems.empty:
            table.status.show(self.problem_text(problems.iloc[0], single=True), "error")
            table.redraw()
            return
        row = valid.iloc[0]
        if withdraw and previous is None and not self._value_exists(row, partner):
            table.status.show(
                tr("There is no value to withdraw for this period, partner and group."), "error"
            )
            table.redraw()
            return
        entries = []
        if previous is not None:
            old_key = (previous["period"], previous["partner_id"], previous["dimension"],
                       previous["group"])  # fmt: skip
            if old_key != (row["period"], partner, row["dimension"], row["group"]):
                # Moved to another period, partner or group: withdraw it where it was.
                entries.append(
                    {"indicator": indicator, "period": previous["period"],
                     "x": period_to_x(previous["period"]), "value": None,
                     "partner_id": previous["partner_id"], "dimension": previous["dimension"],
                     "group": previous["group"]}
                )  # fmt: skip
        entries.append(
            {"indicator": indicator, "period": row["period"], "x": float(row["x"]),
             "value": None if withdraw else float(row["value"]), "partner_id": partner,
             "dimension": row["dimension"], "group": row["group"]}
        )  # fmt: skip
        try:
            self.workspace.add_measurements(entries)
        except CikitError as err:
            table.status.show(err.render(tr), "error")
            table.redraw()
            return
        if clear:
            table.clear_new()
        table.rows = self._value_rows()
        table.status.show(tr("Value withdrawn.") if withdraw else tr("Value saved."), "success")

    def _value_exists(self, row: pd.Series, partner: int | None) -> bool:
        values = self.workspace.measurements(indicator=self.shown_indicator)
        same = values[
            (values["period"] == row["period"])
            & (values["dimension"] == row["dimension"])
            & (values["group"] == row["group"])
        ]
        wanted = same["partner_id"].isna() if partner is None else same["partner_id"] == partner
        return bool(wanted.fillna(False).any())

    def problem_text(self, problem: pd.Series, *, single: bool = False) -> str:
        """A problem of a typed or imported line, in the person's words."""
        from cikit.analysis.imports.describe import reason_text

        tr = self.tr
        value = str(problem.get("value", ""))
        reason = reason_text(tr, problem["reason"], value)
        if single:
            return tr("{column} « {value} »: {reason}").format(
                column=self._column_label(problem.get("column", "")).capitalize(),
                value=value[:80],
                reason=reason,
            )
        if problem["reason"] == "duplicate":
            return tr("Line {line}: {reason}").format(line=int(problem["line"]), reason=reason)
        return tr("Line {line}, {column} « {value} »: {reason}").format(
            line=int(problem["line"]),
            column=self._column_label(problem.get("column", "")),
            value=value[:80],
            reason=reason,
        )

    def _column_label(self, column: str) -> str:
        from cikit.analysis.imports.template import HEADERS

        return HEADERS.get(self.lang, HEADERS["fr"]).get(column, column or "—")

    # -- importing a file ---------------------------------------------------------------------------

    def _import_panel(self) -> list[ipw.Widget]:
        from cikit.apps.mesure_commune.import_panel import MeasurementImportPanel

        panel = MeasurementImportPanel(self)
        self.import_panel = panel
        # The names the write handlers and tests use for the panel's parts.
        self.upload, self.import_report = panel.upload, panel.report
        self.confirm_import, self.cancel_import = panel.confirm, panel.cancel
        self.import_status = panel.status
        self.confirm_import.on_click(self._confirm_import)
        self.cancel_import.on_click(self._cancel_import)
        return panel.widgets

    @facilitator_only
    def _confirm_import(self, _button=None) -> None:
        import pandas as pd

        tr = self.tr
        valid = self._pending_import
        if valid is None or valid.empty:
            return
        rows = [
            {
                "indicator": r.indicator,
                "period": r.period,
                "x": float(r.x),
                "value": float(r.value),
                "partner_id": None if pd.isna(r.partner_id) else int(r.partner_id),
                "dimension": r.dimension,
                "group": r.group,
            }
            for r in valid.itertuples()
        ]
        try:
            count = self.workspace.add_measurements(rows, source="import")
        except CikitError as err:
            self.import_status.show(err.render(tr), "error")
            return
        self.redraw()
        self.status.show(tr("{count} values imported.").format(count=count), "success")

    @facilitator_only
    def _cancel_import(self, _button=None) -> None:
        self._pending_import = None
        self.import_panel.reset()
        self.import_report.value = ""
        self.confirm_import.disabled = True
        self.cancel_import.disabled = True
        self.import_status.show(self.tr("Import cancelled: nothing was written."), "info")
