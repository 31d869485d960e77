"""The plan and the two logs of the Continuous communication workbook.

Three kinds of records share one machinery: a list on screen for everyone, and
for the facilitator a form to add, edit (a new version) or remove (a version
marked ``removed``) each record.  Records are versioned decisions of the
workbook under ``table.<hex>``, ``decision.<hex>`` and ``lesson.<hex>``, with
the contents :mod:`cikit.analysis.logs` checks.
"""

from __future__ import annotations

import datetime as dt
import html
import secrets
from dataclasses import dataclass
from typing import Any

import ipywidgets as ipw
import pandas as pd

from cikit import palette
from cikit.analysis.logs import (
    DECISION,
    FREQUENCIES,
    FREQUENCY_LABELS,
    KIND_LABELS,
    LESSON,
    LESSON_KINDS,
    LESSON_LABELS,
    TABLE,
    TABLE_KINDS,
    calendar,
    clean_decision,
    clean_lesson,
    clean_table,
    live,
)
from cikit.apps.gate import facilitator_only
from cikit.components import MessageArea
from cikit.components.charts import legend_html
from cikit.errors import N_, CikitError, ValidationError
from cikit.i18n import Translator
from cikit.i18n import format as fmt

CALENDAR_MONTHS = 6
# The same colours as the calendar's and the cards' left borders (style.css).
KIND_COLOURS = palette.TABLE_KINDS


def _e(tr: Translator, msgid: str, *, escape: bool = True) -> str:
    """A message translated (and escaped for HTML): kept out of f-strings for the catalogs."""
    text = tr(msgid)
    return html.escape(text) if escape else text


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


class RecordsMixin:
    """Plan, decision log and learning log for :class:`~cikit.apps.communication.CommunicationApp`."""

    _editing: dict[str, str | None]
    _drafts: dict[str, dict[str, Any]]

    # -- reading ----------------------------------------------------------------------------

    def records(self, prefix: str) -> list[dict]:
        """Live records of one kind (removed ones left out), as the store returns them."""
        return live(self.workspace.decisions_by_prefix(self.workbook_id, prefix))

    def _records_signature(self) -> tuple:
        return tuple(
            (d["key"], d["version"])
            for prefix in (TABLE, DECISION, LESSON)
            for d in self.workspace.decisions_by_prefix(self.workbook_id, prefix)
        )

    def _partner_names(self) -> dict[int, str]:
        frame = self.workspace.partners(include_removed=True)
        return {int(r.id): str(r.name) for r in frame.itertuples()}

    def _choice_options(self, prefix: str, key: str, tr: Translator) -> list[tuple[str, str]]:
        if prefix == TABLE and key == "kind":
            return [(tr(KIND_LABELS[k]), k) for k in TABLE_KINDS]
        if prefix == TABLE and key == "frequency":
            return [(tr(FREQUENCY_LABELS[k]), k) for k in FREQUENCIES]
        if prefix == LESSON and key == "kind":
            return [(tr(LESSON_LABELS[k]), k) for k in LESSON_KINDS]
        return []

    # -- the plan ---------------------------------------------------------------------------------

    def _plan_body(self, tr: Translator) -> list[ipw.Widget]:
        tables = self.records(TABLE)
        names = self._partner_names()
        today = dt.date.today()
        rows = [{"key": t["key"], **t["content"]} for t in tables]
        meetings = calendar(rows, since=today, months=CALENDAR_MONTHS)
        intro = tr(
            "Who meets, how often, through which channel and for whom: regular, open "
            "communication is how trust is built over the years."
        )
        widgets: list[ipw.Widget] = [
            ipw.HTML(f'<p class="cikit-lead">{html.escape(intro)}</p>'),
            self._wide(ipw.HTML(self._calendar_html(tr, meetings, today))),
            ipw.HTML("<h2>" + html.escape(tr("The tables")) + "</h2>"),
        ]
        cards = []
        for t in tables:
            c = t["content"]
            members = ", ".join(
                names.get(m, "?") for m in c.get("members", []) if isinstance(m, int)
            )
            facts = [
                (tr("How often"), tr(FREQUENCY_LABELS.get(c.get("frequency"), N_("Other")))),
                (tr("First meeting"), str(c.get("start", ""))),
                (tr("Channel"), str(c.get("channel", ""))),
                (tr("For whom"), str(c.get("audience", "")) or "—"),
                (tr("Partners sitting on it"), members or "—"),
            ]
            dl = "".join(
                f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>"
                for label, value in facts
            )
            kind = c.get("kind") if c.get("kind") in KIND_LABELS else "other"
            cards.append(
                self._card(
                    TABLE,
                    t["key"],
                    f'<div class="cikit-comm-card cikit-comm-table cikit-comm-{kind}">'
                    f'<span class="cikit-comm-tag">{_e(tr, KIND_LABELS[kind])}</span>'
                    f"<h3>{html.escape(str(c.get('name', '')))}</h3><dl>{dl}</dl></div>",
                    tr,
                )
            )
        if not cards:
            cards.append(self._note(tr("No table in the plan yet.")))
        widgets.append(self._cards_box(cards))
        if self.is_facilitator:
            widgets.append(self._form(TABLE, tr, names))
        return widgets

    def _calendar_html(self, tr: Translator, meetings: pd.DataFrame, today: dt.date) -> str:
        title = tr("The next {months} months").format(months=CALENDAR_MONTHS)
        months = pd.period_range(pd.Timestamp(today), periods=CALENDAR_MONTHS, freq="M")
        columns = []
        for month in months:
            label = self._month_label(month.year, month.month)
            found = meetings[meetings["month"] == str(month)]
            items = (
                "".join(
                    f'<li class="cikit-comm-{html.escape(str(r.kind))}" '
                    f'title="{html.escape(str(r.channel), quote=True)}">'
                    f'<span class="cikit-comm-day">{r.date.day}</span> {html.escape(str(r.name))}</li>'
                    for r in found.itertuples()
                )
                or '<li class="cikit-hint">' + html.escape(tr("No meeting")) + "</li>"
            )
            columns.append(
                f'<div class="cikit-comm-month"><h4>{html.escape(label)}</h4><ul>{items}</ul></div>'
            )
        legend = legend_html(
            [tr(KIND_LABELS[k]) for k in TABLE_KINDS], [KIND_COLOURS[k] for k in TABLE_KINDS]
        )
        return (
            f'<h2>{html.escape(title)}</h2><div class="cikit-comm-calendar">{"".join(columns)}</div>'
            f'<div class="cikit-comm-calendar-legend">{legend}</div>'
        )

    def _month_label(self, year: int, month: int) -> str:
        return fmt.month(year, month, self.lang)

    # -- the logs ---------------------------------------------------------------------------------

    def _logs_body(self, tr: Translator) -> list[ipw.Widget]:
        decisions = sorted(self.records(DECISION), key=lambda d: str(d["content"].get("date", "")),
                           reverse=True)  # fmt: skip
        lessons = sorted(self.records(LESSON), key=lambda d: str(d["content"].get("date", "")),
                         reverse=True)  # fmt: skip
        successes = sum(1 for d in lessons if d["content"].get("kind") == "success")
        setbacks = sum(1 for d in lessons if d["content"].get("kind") == "setback")
        decision_cards = []
        for d in decisions:
            c = d["content"]
            info = str(c.get("information", ""))
            info_html = (
                '<p><span class="cikit-comm-label">'
                + html.escape(tr("On what information"))
                + "</span> "
                f"{html.escape(info)}</p>"
                if info
                else ""
            )
            decision_cards.append(
                self._card(
                    DECISION,
                    d["key"],
                    '<div class="cikit-comm-card cikit-comm-decision">'
                    f'<span class="cikit-hint">{html.escape(str(c.get("date", "")))} · '
                    f"{html.escape(str(c.get('by', '')))}</span>"
                    f"<p><strong>{html.escape(str(c.get('what', '')))}</strong></p>{info_html}</div>",
                    tr,
                )
            )
        lesson_cards = []
        for d in lessons:
            c = d["content"]
            kind = c.get("kind") if c.get("kind") in LESSON_LABELS else "success"
            change = str(c.get("change", ""))
            change_html = (
                '<p><span class="cikit-comm-label">'
                + html.escape(tr("What we change"))
                + "</span> "
                f"{html.escape(change)}</p>"
                if change
                else ""
            )
            lesson_cards.append(
                self._card(
                    LESSON,
                    d["key"],
                    f'<div class="cikit-comm-card cikit-comm-lesson cikit-comm-{kind}">'
                    f'<span class="cikit-comm-tag">{_e(tr, LESSON_LABELS[kind])}</span> '
                    f'<span class="cikit-hint">{html.escape(str(c.get("date", "")))}</span>'
                    f"<p>{html.escape(str(c.get('what', '')))}</p>{change_html}</div>",
                    tr,
                )
            )
        counts = tr("{successes} successes · {setbacks} setbacks").format(
            successes=successes, setbacks=setbacks
        )
        hint = tr("Setbacks are recorded like successes: that is how the group learns.")
        names = self._partner_names()
        left = [
            ipw.HTML("<h2>" + html.escape(tr("Decision log")) + "</h2>"),
            self._cards_box(decision_cards or [self._note(tr("No decision recorded yet."))]),
        ]
        right = [
            ipw.HTML(
                "<h2>" + html.escape(tr("Learning log")) + "</h2>"
                f'<p class="cikit-hint">{html.escape(counts)} — {html.escape(hint)}</p>'
            ),
            self._cards_box(lesson_cards or [self._note(tr("No lesson recorded yet."))]),
        ]
        if self.is_facilitator:
            left.append(self._form(DECISION, tr, names))
            right.append(self._form(LESSON, tr, names))
        columns = ipw.HBox([ipw.VBox(left), ipw.VBox(right)])
        columns.add_class("cikit-comm-logs")
        for child in columns.children:
            child.add_class("cikit-comm-column")
        return [columns]

    # -- cards and forms --------------------------------------------------------------------

    @staticmethod
    def _wide(widget: ipw.Widget) -> ipw.Widget:
        """Let a wide HTML block shrink to the screen (its grid wraps instead of overflowing)."""
        widget.add_class("cikit-comm-wide")
        return widget

    @staticmethod
    def _cards_box(cards: list[ipw.Widget]) -> ipw.VBox:
        box = ipw.VBox(cards)
        box.add_class("cikit-comm-cards")
        return box

    def _card(self, prefix: str, key: str, body: str, tr: Translator) -> ipw.Widget:
        view = ipw.HTML(body)
        if not self.is_facilitator:
            return view
        edit = ipw.Button(description=tr("Edit"), tooltip=tr("Edit"))
        edit.add_class("cikit-comm-edit")
        edit.on_click(self.guarded(lambda _b: self._start_edit(prefix, key)))
        if getattr(self, "_confirm_remove", None) == key:
            # A second click confirms: a removal is recorded, so it should be meant.
            confirm = ipw.Button(description=tr("Yes, remove it"), button_style="danger")
            confirm.add_class("cikit-comm-confirm-remove")
            confirm.on_click(self.guarded(lambda _b: self._remove(prefix, key)))
            keep = ipw.Button(description=tr("Keep it"))
            keep.add_class("cikit-comm-keep")
            keep.on_click(self.guarded(lambda _b: self._ask_remove(None)))
            buttons = ipw.HBox([confirm, keep])
        else:
            remove = ipw.Button(description=tr("Remove"), button_style="danger")
            remove.add_class("cikit-comm-remove")
            remove.on_click(self.guarded(lambda _b: self._ask_remove(key)))
            buttons = ipw.HBox([edit, remove])
        buttons.add_class("cikit-buttons")
        box = ipw.VBox([view, buttons])
        box.add_class("cikit-comm-editable")
        return box

    def _form(self, prefix: str, tr: Translator, names: dict[int, str]) -> ipw.Widget:
        editing = self._editing.get(prefix)
        draft = self._drafts.get(prefix) or {}
        fields: dict[str, ipw.Widget] = {}
        rows: list[ipw.Widget] = []
        active = self.workspace.partners()
        for spec in SPECS[prefix]:
            value = draft.get(spec.key)
            if spec.kind == "choice":
                options = self._choice_options(prefix, spec.key, tr)
                allowed = {v for _, v in options}
                widget = ipw.Dropdown(
                    options=options, value=value if value in allowed else options[0][1]
                )
            elif spec.kind == "date":
                try:
                    day = dt.date.fromisoformat(value) if isinstance(value, str) else None
                except ValueError:
                    day = None
                widget = ipw.DatePicker(value=day or dt.date.today())
            elif spec.kind == "members":
                options = [(str(r.name), int(r.id)) for r in active.itertuples()]
                ids = {v for _, v in options}
                widget = ipw.SelectMultiple(
                    options=options,
                    value=tuple(m for m in (value or []) if m in ids),
                    rows=min(8, max(3, len(options))),
                )
            elif spec.kind == "area":
                widget = ipw.Textarea(value=str(value or ""), rows=3)
            else:
                widget = ipw.Text(value=str(value or ""))
            widget.layout = ipw.Layout(width="100%", max_width="560px")
            widget.add_class(f"cikit-field-{spec.key}")
            mark = "" if not spec.required or spec.kind in ("choice", "date") else " *"
            label = ipw.HTML(f'<label class="cikit-label">{_e(tr, spec.label)}{mark}</label>')
            fields[spec.key] = widget
            rows.append(ipw.VBox([label, widget]))
        titles = {
            TABLE: (N_("Add a table to the plan"), N_("Edit this table")),
            DECISION: (N_("Record a decision"), N_("Edit this decision")),
            LESSON: (N_("Record a lesson"), N_("Edit this lesson")),
        }
        title = titles[prefix][1 if editing else 0]
        save = ipw.Button(description=tr("Save"), button_style="primary")
        save.add_class("cikit-comm-save")
        status = MessageArea()
        save.on_click(self.guarded(lambda _b: self._save(prefix, fields, status)))
        buttons = [save]
        if editing:
            cancel = ipw.Button(description=tr("Cancel"))
            cancel.on_click(self.guarded(lambda _b: self._cancel_edit(prefix)))
            buttons.append(cancel)
        line = ipw.HBox(buttons)
        line.add_class("cikit-buttons")
        form = ipw.VBox(
            [ipw.HTML(f'<h3 class="cikit-add-title">{_e(tr, title)}</h3>'), *rows,
             line, status]
        )  # fmt: skip
        form.add_class("cikit-add-form")
        form.add_class(f"cikit-comm-form-{prefix.rstrip('.')}")
        if not hasattr(self, "forms"):
            self.forms = {}
        self.forms[prefix] = (fields, save, status)
        return form

    def _clean(self, prefix: str, raw: dict[str, Any]) -> dict[str, Any]:
        if prefix == TABLE:
            partners = self.workspace.partners()["id"].astype(int).tolist()
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
        raw = {key: w.value for key, w in fields.items()}
        if "members" in raw:
            raw["members"] = list(raw["members"] or [])
        try:
            clean = self._clean(prefix, raw)
        except ValidationError as err:
            status.show(self._field_error(err, prefix, tr), "error")
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
        self.render()
        saved = {TABLE: N_("Table saved."), DECISION: N_("Decision saved."),
                 LESSON: N_("Lesson saved.")}  # fmt: skip
        self._show_saved(prefix, tr(saved[prefix]))

    def _show_saved(self, prefix: str, text: str) -> None:
        found = getattr(self, "forms", {}).get(prefix)
        if found:
            found[2].show(text, "success")
        else:
            self.message.show(text, "success")

    def _field_error(self, err: ValidationError, prefix: str, tr: Translator) -> str:
        labels = {spec.key: spec.label for spec in SPECS[prefix]}
        text = err.render(tr)
        if err.field in labels:
            return tr("{field}: {problem}").format(field=tr(labels[err.field]), problem=text)
        return text

    @facilitator_only
    def _start_edit(self, prefix: str, key: str) -> None:
        found = self.workspace.decision(self.workbook_id, key)
        if not key.startswith(prefix) or found is None or found["content"].get("removed"):
            self.message.show(self.tr("Unknown entry."), "error")
            return
        self._editing[prefix] = key
        self._drafts[prefix] = dict(found["content"])
        self.render()

    @facilitator_only
    def _cancel_edit(self, prefix: str) -> None:
        self._editing[prefix] = None
        self._drafts[prefix] = {}
        self.render()

    @facilitator_only
    def _ask_remove(self, key: str | None) -> None:
        self._confirm_remove = key
        self.render()

    @facilitator_only
    def _remove(self, prefix: str, key: str) -> None:
        """Removal is a new version marked ``removed``: the history stays readable."""
        tr = self.tr
        found = self.workspace.decision(self.workbook_id, key)
        if not key.startswith(prefix) or found is None:
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
        self.render()
        self.message.show(tr("Removed. Earlier versions stay in the workspace."), "success")
