"""What the plan and the two logs share: records on cards, and the facilitator's forms.

Three kinds of records share one machinery: a list on screen for everyone, and for
the facilitator a form to add, edit (a new version) or remove (a version marked
``removed``) each record.  Records are versioned decisions of the workbook under
``table.<hex>``, ``decision.<hex>`` and ``lesson.<hex>``, with the contents
:mod:`cikit.analysis.logs` checks.  Each step keeps what is being edited and the
confirmation asked for as its own attributes: it lives as long as the page.
"""

from __future__ import annotations

import datetime as dt
import html
import secrets
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, ClassVar

import ipywidgets as ipw

from cikit.apps.framework import Step
from cikit.apps.gate import facilitator_only
from cikit.components.messages import MessageArea
from cikit.errors import N_, CikitError, ValidationError
from cikit.i18n import Translator

TABLE, DECISION, LESSON = "table.", "decision.", "lesson."


def _e(tr: Translator, msgid: str) -> str:
    """A message translated and escaped for HTML: kept out of f-strings for the catalogs."""
    return html.escape(tr(msgid))


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record form: ``kind`` is text, area, date, choice or members."""

    key: str
    label: str
    kind: str = "text"
    required: bool = True


SPECS: dict[str, tuple[FieldSpec, ...]] = {
    TABLE: (
        FieldSpec("name", N_("Name of the table")),
        FieldSpec("kind", N_("Kind"), "choice"),
        FieldSpec("frequency", N_("How often"), "choice"),
        FieldSpec("start", N_("First meeting"), "date"),
        FieldSpec("channel", N_("Channel (in person, video call, email…)")),
        FieldSpec("audience", N_("For whom"), required=False),
        FieldSpec("members", N_("Partners sitting on it"), "members", required=False),
    ),
    DECISION: (
        FieldSpec("date", N_("Date"), "date"),
        FieldSpec("what", N_("What was decided"), "area"),
        FieldSpec("information", N_("On what information"), "area", required=False),
        FieldSpec("by", N_("Decided by")),
    ),
    LESSON: (
        FieldSpec("date", N_("Date"), "date"),
        FieldSpec("kind", N_("Success or setback"), "choice"),
        FieldSpec("what", N_("What happened"), "area"),
        FieldSpec("change", N_("What we change"), "area", required=False),
    ),
}
TITLES = {
    TABLE: (N_("Add a table to the plan"), N_("Edit this table")),
    DECISION: (N_("Record a decision"), N_("Edit this decision")),
    LESSON: (N_("Record a lesson"), N_("Edit this lesson")),
}
SAVED = {TABLE: N_("Table saved."), DECISION: N_("Decision saved."), LESSON: N_("Lesson saved.")}


class RecordsStep(Step):
    """A step that lists versioned records; the facilitator adds, edits and removes them."""

    prefixes: ClassVar[tuple[str, ...]] = ()

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self._editing: dict[str, str | None] = {}
        self._drafts: dict[str, dict[str, Any]] = {}
        self._confirm_remove: str | None = None
        self.forms: dict[str, tuple[dict[str, ipw.Widget], ipw.Button, MessageArea]] = {}

    # -- reading ----------------------------------------------------------------------------

    def records(self, prefix: str) -> list[dict]:
        """Live records of one kind (removed ones left out), as the store returns them."""
        from cikit.analysis.logs import live

        return live(self.workspace.decisions_by_prefix(self.workbook_id, prefix))

    def signature(self) -> Hashable:
        """Participants follow the facilitator's edits; the facilitator's own page is not
        redrawn under a form being typed."""
        if self.is_facilitator:
            return None
        return tuple(
            (d["key"], d["version"])
            for prefix in self.prefixes
            for d in self.workspace.decisions_by_prefix(self.workbook_id, prefix)
        )

    def partner_names(self) -> dict[int, str]:
        return {pid: name for pid, name, _s in self.workspace.partner_rows(include_removed=True)}

    def build(self) -> list[ipw.Widget]:
        self.forms = {}
        return self.build_records()

    def build_records(self) -> list[ipw.Widget]:
        raise TypeError(f"{type(self).__name__} must define build_records()")

    # -- cards --------------------------------------------------------------------------------

    @staticmethod
    def cards_box(cards: list[ipw.Widget]) -> ipw.VBox:
        box = ipw.VBox(cards)
        box.add_class("cikit-comm-cards")
        return box

    def card(self, prefix: str, key: str, body: str) -> ipw.Widget:
        """A record as a card; for the facilitator with its edit and remove buttons."""
        tr, guarded = self.tr, self.page.guarded
        view = ipw.HTML(body)
        if not self.is_facilitator:
            return view
        edit = ipw.Button(description=tr("Edit"), tooltip=tr("Edit"))
        edit.add_class("cikit-comm-edit")
        edit.on_click(guarded(lambda _b: self._start_edit(prefix, key)))
        if self._confirm_remove == key:
            # A second click confirms: a removal is recorded, so it should be meant.
            confirm = ipw.Button(description=tr("Yes, remove it"), button_style="danger")
            confirm.add_class("cikit-comm-confirm-remove")
            confirm.on_click(guarded(lambda _b: self._remove(prefix, key)))
            keep = ipw.Button(description=tr("Keep it"))
            keep.add_class("cikit-comm-keep")
            keep.on_click(guarded(lambda _b: self._ask_remove(None)))
            buttons = ipw.HBox([confirm, keep])
        else:
            remove = ipw.Button(description=tr("Remove"), button_style="danger")
            remove.add_class("cikit-comm-remove")
            remove.on_click(guarded(lambda _b: self._ask_remove(key)))
            buttons = ipw.HBox([edit, remove])
        buttons.add_class("cikit-buttons")
        box = ipw.VBox([view, buttons])
        box.add_class("cikit-comm-editable")
        return box

    # -- the facilitator's forms ---------------------------------------------------------------

    def _choice_options(self, prefix: str, key: str) -> list[tuple[str, str]]:
        from cikit.analysis import logs

        tr = self.tr
        if prefix == TABLE and key == "kind":
            return [(tr(logs.KIND_LABELS[k]), k) for k in logs.TABLE_KINDS]
        if prefix == TABLE and key == "frequency":
            return [(tr(logs.FREQUENCY_LABELS[k]), k) for k in logs.FREQUENCIES]
        if prefix == LESSON and key == "kind":
            return [(tr(logs.LESSON_LABELS[k]), k) for k in logs.LESSON_KINDS]
        return []

    def form(self, prefix: str) -> ipw.Widget:
        """The form to add a record, or to edit the one being edited (facilitator only)."""
        tr = self.tr
        editing = self._editing.get(prefix)
        draft = self._drafts.get(prefix) or {}
        fields: dict[str, ipw.Widget] = {}
        rows: list[ipw.Widget] = []
        for spec in SPECS[prefix]:
            widget = self._field(prefix, spec, draft.get(spec.key))
            widget.layout = ipw.Layout(width="100%", max_width="560px")
            widget.add_class(f"cikit-field-{spec.key}")
            mark = "" if not spec.required or spec.kind in ("choice", "date") else " *"
            label = ipw.HTML(f'<label class="cikit-label">{_e(tr, spec.label)}{mark}</label>')
            fields[spec.key] = widget
            rows.append(ipw.VBox([label, widget]))
        title = TITLES[prefix][1 if editing else 0]
        save = ipw.Button(description=tr("Save"), button_style="primary")
        save.add_class("cikit-comm-save")
        status = MessageArea()
        save.on_click(self.page.guarded(lambda _b: self._save(prefix, fields, status)))
        buttons = [save]
        if editing:
            cancel = ipw.Button(description=tr("Cancel"))
            cancel.on_click(self.page.guarded(lambda _b: self._cancel_edit(prefix)))
            buttons.append(cancel)
        line = ipw.HBox(buttons)
        line.add_class("cikit-buttons")
        form = ipw.VBox(
            [ipw.HTML(f'<h3 class="cikit-add-title">{_e(tr, title)}</h3>'), *rows,
             line, status]
        )  # fmt: skip
        form.add_class("cikit-add-form")
        form.add_class(f"cikit-comm-form-{prefix.rstrip('.')}")
        self.forms[prefix] = (fields, save, status)
        return form

    def _field(self, prefix: str, spec: FieldSpec, value: Any) -> ipw.Widget:
        if spec.kind == "choice":
            options = self._choice_options(prefix, spec.key)
            allowed = {v for _, v in options}
            return ipw.Dropdown(options=options, value=value if value in allowed else options[0][1])
        if spec.kind == "date":
            try:
                day = dt.date.fromisoformat(value) if isinstance(value, str) else None
            except ValueError:
                day = None
            return ipw.DatePicker(value=day or dt.date.today())
        if spec.kind == "members":
            options = [(name, pid) for pid, name, _s in self.workspace.partner_rows()]
            ids = {v for _, v in options}
            return ipw.SelectMultiple(
                options=options,
                value=tuple(m for m in (value or []) if m in ids),
                rows=min(8, max(3, len(options))),
            )
        if spec.kind == "area":
            return ipw.Textarea(value=str(value or ""), rows=3)
        return ipw.Text(value=str(value or ""))

    def _clean(self, prefix: str, raw: dict[str, Any]) -> dict[str, Any]:
        from cikit.analysis.logs import clean_decision, clean_lesson, clean_table

        if prefix == TABLE:
            partners = [pid for pid, _name, _sector in self.workspace.partner_rows()]
            return clean_table(raw, partners)
        if prefix == DECISION:
            return clean_decision(raw)
        if prefix == LESSON:
            return clean_lesson(raw)
        raise ValidationError(N_("Unknown entry."), field="kind")

    @facilitator_only
    def _save(self, prefix: str, fields: dict[str, ipw.Widget], status: MessageArea) -> None:
        """Check the form and save a new record, or a new version of the one being edited."""
        tr = self.tr
        if prefix not in self.prefixes:
            status.show(tr("Unknown entry."), "error")
            return
        raw = {key: w.value for key, w in fields.items()}
        if "members" in raw:
            raw["members"] = list(raw["members"] or [])
        try:
            clean = self._clean(prefix, raw)
        except ValidationError as err:
            status.show(self._field_error(err, prefix), "error")
            return
        key = self._editing.get(prefix) or f"{prefix}{secrets.token_hex(4)}"
        try:
            self.workspace.adopt_decision(
                workbook=self.workbook_id, key=key, content=clean, adopted_by=tr("Facilitator")
            )
        except CikitError as err:
            status.show(err.render(tr), "error")
            return
        self._editing[prefix] = None
        self._drafts[prefix] = {}
        self.redraw()
        found = self.forms.get(prefix)
        if found:
            found[2].show(tr(SAVED[prefix]), "success")
        else:
            self.message.show(tr(SAVED[prefix]), "success")

    def _field_error(self, err: ValidationError, prefix: str) -> str:
        tr = self.tr
        labels = {spec.key: spec.label for spec in SPECS[prefix]}
        text = err.render(tr)
        if err.field in labels:
            return tr("{field}: {problem}").format(field=tr(labels[err.field]), problem=text)
        return text

    @facilitator_only
    def _start_edit(self, prefix: str, key: str) -> None:
        found = self.workspace.decision(self.workbook_id, key)
        if (
            prefix not in self.prefixes
            or not key.startswith(prefix)
            or found is None
            or found["content"].get("removed")
        ):
            self.message.show(self.tr("Unknown entry."), "error")
            return
        self._editing[prefix] = key
        self._drafts[prefix] = dict(found["content"])
        self.redraw()

    @facilitator_only
    def _cancel_edit(self, prefix: str) -> None:
        self._editing[prefix] = None
        self._drafts[prefix] = {}
        self.redraw()

    @facilitator_only
    def _ask_remove(self, key: str | None) -> None:
        self._confirm_remove = key
        self.redraw()

    @facilitator_only
    def _remove(self, prefix: str, key: str) -> None:
        """Removal is a new version marked ``removed``: the history stays readable."""
        tr = self.tr
        found = self.workspace.decision(self.workbook_id, key)
        if prefix not in self.prefixes or not key.startswith(prefix) or found is None:
            self.message.show(tr("Unknown entry."), "error")
            return
        self.workspace.adopt_decision(
            workbook=self.workbook_id,
            key=key,
            content={**found["content"], "removed": True},
            adopted_by=tr("Facilitator"),
        )
        if self._editing.get(prefix) == key:
            self._editing[prefix] = None
            self._drafts[prefix] = {}
        self._confirm_remove = None
        self.redraw()
        self.message.show(tr("Removed. Earlier versions stay in the workspace."), "success")
