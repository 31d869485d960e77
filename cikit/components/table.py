"""An editable table made of plain widgets: one line per row, a form to add one.

Each cell saves on its own (on Enter or when the field loses focus), so a
person never has to find a Save button and closing the browser loses nothing.
The table only reports what the person did; the app decides whether it is
accepted and sends the rows back, which also undoes a refused edit.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as ipw
import traitlets as tl

from cikit.components.messages import MessageArea
from cikit.i18n import Translator


@dataclass(frozen=True)
class Column:
    """One column: ``kind`` is ``text`` or ``choice`` (with ``options`` as (label, value))."""

    key: str
    label: str
    kind: str = "text"
    options: tuple[tuple[str, Any], ...] = field(default_factory=tuple)
    width: str = "14em"
    required: bool = False


class EditableTable(ipw.VBox):
    """Rows in, edits out.  ``rows`` is a list of dicts with an ``id`` and one key per column."""

    rows = tl.List(help="Rows on screen: dicts with 'id' and one value per column key.")
    editable = tl.Bool(True, help="False shows a read-only table.")

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        tr: Translator,
        rows: Sequence[dict] = (),
        editable: bool = True,
        add_title: str = "",
        empty_text: str = "",
        **kwargs,
    ) -> None:
        self.columns = tuple(columns)
        self._tr = tr
        self._add_title = add_title
        self._empty_text = empty_text
        self._on_add: list[Callable[[dict], None]] = []
        self._on_edit: list[Callable[[int, str, Any], None]] = []
        self._on_remove: list[Callable[[int], None]] = []
        self.status = MessageArea()
        self.body = ipw.VBox()
        self.body.add_class("cikit-table-body")
        # A read-only table builds no form and no field: a browser can message any widget
        # open in its kernel, shown or not, so what only an editor may use is not created.
        self.add_form: ipw.VBox | None = None
        self.new_fields: dict[str, ipw.ValueWidget] = {}
        self._ready = False
        super().__init__(**kwargs)
        self.add_class("cikit-table")
        self.editable = editable
        self.rows = list(rows)
        self.observe(self._render, names=["rows", "editable"])
        self._ready = True
        self._render()

    # -- subscriptions ------------------------------------------------------------

    def on_add(self, callback: Callable[[dict], None]) -> None:
        self._on_add.append(callback)

    def on_edit(self, callback: Callable[[int, str, Any], None]) -> None:
        self._on_edit.append(callback)

    def on_remove(self, callback: Callable[[int], None]) -> None:
        self._on_remove.append(callback)

    def redraw(self) -> None:
        """Draw the rows again, e.g. to undo a refused edit when ``rows`` did not change."""
        self._render()

    def set_options(self, key: str, options: Sequence[tuple[str, Any]]) -> None:
        """New choices for one column (e.g. a partner was added), redrawing rows and form."""
        options = tuple(options)
        columns = []
        for column in self.columns:
            if column.key == key and column.options != options:
                column = Column(
                    column.key, column.label, column.kind, options, column.width, column.required
                )
            columns.append(column)
        if tuple(columns) == self.columns:
            return
        self.columns = tuple(columns)
        old_form = self.add_form
        if old_form is not None:
            self.add_form = self._build_add_form()
        self._render()
        if old_form is not None:
            _close(old_form)

    # -- the add form --------------------------------------------------------------

    def _build_add_form(self) -> ipw.VBox:
        self.new_fields: dict[str, ipw.ValueWidget] = {}
        cells = []
        for column in self.columns:
            widget = self._field(column, None)
            if isinstance(widget, ipw.Text):
                widget.continuous_update = True
            self.new_fields[column.key] = widget
            cells.append(self._cell(column, widget, always_label=True))
        self.add_button = ipw.Button(
            description=self._tr("Add"), button_style="primary", tooltip=self._add_title
        )
        self.add_button.add_class("cikit-add-button")
        self.add_button.on_click(self._add)
        line = ipw.HBox([*cells, self.add_button])
        line.add_class("cikit-row")
        line.add_class("cikit-add-row")
        title = ipw.HTML(f'<h4 class="cikit-add-title">{html.escape(self._add_title)}</h4>')
        form = ipw.VBox([title, line])
        form.add_class("cikit-add-form")
        return form

    def new_values(self) -> dict[str, Any]:
        return {key: widget.value for key, widget in self.new_fields.items()}

    def clear_new(self) -> None:
        for column in self.columns:
            widget = self.new_fields.get(column.key)
            if widget is not None and column.kind == "text":
                widget.value = ""

    def _add(self, _button=None) -> None:
        if not self.editable:
            return
        values = self.new_values()
        for callback in self._on_add:
            callback(values)

    # -- rows -------------------------------------------------------------------------

    def _field(self, column: Column, value: Any) -> ipw.ValueWidget:
        if column.kind == "choice":
            values = [v for _, v in column.options]
            widget = ipw.Dropdown(
                options=list(column.options),
                value=value if value in values else (values[0] if values else None),
            )
        else:
            widget = ipw.Text(value="" if value is None else str(value), continuous_update=False)
        widget.layout = ipw.Layout(width=column.width)
        widget.add_class(f"cikit-field-{column.key}")
        return widget

    def _cell(self, column: Column, widget: ipw.Widget, *, always_label: bool = False) -> ipw.VBox:
        label = ipw.HTML(html.escape(column.label + (" *" if column.required else "")))
        label.add_class("cikit-cell-label")
        if always_label:
            label.add_class("cikit-cell-label-always")
        cell = ipw.VBox([label, widget])
        cell.add_class("cikit-cell")
        return cell

    def _header(self) -> ipw.HBox:
        labels = [
            ipw.HTML(f"<strong>{html.escape(c.label)}</strong>", layout=ipw.Layout(width=c.width))
            for c in self.columns
        ]
        header = ipw.HBox(labels)
        header.add_class("cikit-row")
        header.add_class("cikit-table-header")
        return header

    def _row(self, row: dict) -> ipw.HBox:
        row_id = row["id"]
        cells = []
        for column in self.columns:
            widget = self._field(column, row.get(column.key))
            widget.observe(self._edit_handler(row_id, column.key), names="value")
            cells.append(self._cell(column, widget))
        remove = ipw.Button(description=self._tr("Remove"), tooltip=self._tr("Remove this row"))
        remove.add_class("cikit-remove-button")
        confirm = ipw.Button(description=self._tr("Confirm removal"), button_style="danger")
        cancel = ipw.Button(description=self._tr("Cancel"))
        confirm_box = ipw.HBox([confirm, cancel], layout=ipw.Layout(display="none"))
        confirm_box.add_class("cikit-confirm")

        def ask(_):
            remove.layout.display = "none"
            confirm_box.layout.display = "flex"

        def back(_):
            remove.layout.display = None
            confirm_box.layout.display = "none"

        def really(_):
            if not self.editable:
                return
            for callback in self._on_remove:
                callback(row_id)

        remove.on_click(ask)
        cancel.on_click(back)
        confirm.on_click(really)
        line = ipw.HBox([*cells, remove, confirm_box])
        line.add_class("cikit-row")
        return line

    def _edit_handler(self, row_id: int, key: str) -> Callable[[dict], None]:
        def handler(change: dict) -> None:
            if change["new"] == change["old"] or not self.editable:
                return
            for callback in self._on_edit:
                callback(row_id, key, change["new"])

        return handler

    def _readonly(self) -> ipw.HTML:
        head = "".join(f"<th>{html.escape(c.label)}</th>" for c in self.columns)
        body = []
        for row in self.rows:
            cells = []
            for column in self.columns:
                value = row.get(column.key)
                if column.kind == "choice":
                    value = dict((v, label) for label, v in column.options).get(value, value)
                cells.append(
                    f'<td data-label="{html.escape(column.label)}">'
                    f"{html.escape('' if value is None else str(value))}</td>"
                )
            body.append("<tr>" + "".join(cells) + "</tr>")
        return ipw.HTML(
            f'<table class="cikit-readonly"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>"
        )

    def _render(self, _change=None) -> None:
        if not self._ready:
            return
        if self.editable and self.add_form is None:
            self.add_form = self._build_add_form()
        elif not self.editable and self.add_form is not None:
            _close(self.add_form)
            self.add_form, self.new_fields = None, {}
        old = self.body.children
        if not self.rows:
            content: list[ipw.Widget] = [
                ipw.HTML(f'<p class="cikit-empty">{html.escape(self._empty_text)}</p>')
            ]
        elif self.editable:
            content = [self._header(), *[self._row(row) for row in self.rows]]
        else:
            content = [self._readonly()]
        self.body.children = tuple(content)
        # Rows are drawn anew each time: close the old ones, so their fields no longer
        # answer a browser (and do not pile up in the kernel).
        for widget in old:
            _close(widget)
        parts = [self.body]
        if self.editable and self.add_form is not None:
            parts.append(self.add_form)
        parts.append(self.status)
        self.children = tuple(parts)


def _close(widget: ipw.Widget) -> None:
    """Close a widget and everything it shows."""
    for child in getattr(widget, "children", ()) or ():
        if isinstance(child, ipw.Widget):
            _close(child)
    widget.close()
