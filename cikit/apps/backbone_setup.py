"""The facilitator's parts of the Backbone support workbook: resources, phases, context.

Each is one versioned decision of workbook ``06_structure_soutien`` (keys
``resources``, ``phases``, ``settings``): every change adopts a new version, so
nothing saved is ever overwritten and an earlier state stays readable.  The
overview and the report read the same keys.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as ipw
import pandas as pd

from cikit import content
from cikit.analysis.backbone import (
    MIN_FUNDED_YEARS,
    ROWS_MAX,
    cell_key,
    clean_budget,
    clean_staff,
    clean_ticks,
    normalise_resources,
    resource_summary,
    resource_warnings,
    where_are_we,
)
from cikit.apps.gate import facilitator_only
from cikit.components import Column, EditableTable, MessageArea
from cikit.errors import N_, CikitError, ValidationError
from cikit.i18n import Translator
from cikit.i18n import format as fmt
from cikit.store.validate import clean_name, name_key

PHASES_DOC = "phases"
COORDINATOR_MAX = 200

WARNINGS = {
    "no_staff": N_(
        "No staff is planned for the backbone. Assuming that collaboration runs by itself, "
        "without a dedicated team, is one of the most common reasons initiatives fail."
    ),
    "no_dedicated": N_(
        "No staff role is dedicated to the backbone: time lent by partners rarely lasts. "
        "Plan at least one dedicated position."
    ),
    "short_funding": N_(
        "Funding is planned for fewer than {years} years. A backbone needs two to three "
        "years of funding to get going."
    ),
    "no_coordinator": N_("No one holds the coordinating role (the « chef d'orchestre ») yet."),
}


def _refuse() -> list:
    """A change to a line that no longer exists (another page removed it)."""
    raise ValidationError(N_("Unknown entry."))


class BackboneSetupMixin:
    """Resources, phase grid, context and the participants' "Where we are" view."""

    # -- saved decisions ------------------------------------------------------------------------

    def resources(self) -> dict[str, Any]:
        found = self.workspace.decision(self.workbook_id, "resources")
        return normalise_resources((found or {}).get("content"))

    @property
    def phase_doc(self) -> dict[str, Any]:
        return content.document(PHASES_DOC)

    def components(self) -> list[str]:
        return [e["id"] for e in self.phase_doc["entries"]]

    def phase_ids(self) -> list[str]:
        return [p["id"] for p in self.phase_doc["phases"]]

    def ticks(self) -> dict[str, bool]:
        found = self.workspace.decision(self.workbook_id, "phases")
        raw = (found or {}).get("content", {})
        return clean_ticks(
            raw.get("ticks") if isinstance(raw, dict) else None,
            self.components(),
            self.phase_ids(),
        )

    def settings(self) -> dict[str, Any]:
        """The saved context; the scale defaults to the initiative's profile."""
        found = self.workspace.decision(self.workbook_id, "settings")
        raw = (found or {}).get("content", {})
        raw = raw if isinstance(raw, dict) else {}
        crisis = [c for c in raw.get("crisis") or [] if c in content.ids("crisis")]
        scale = raw.get("scale")
        if scale not in content.ids("scales"):
            scale = self.workspace.profile().get("scale")
        return {"crisis": crisis, "scale": scale if scale in content.ids("scales") else None}

    @facilitator_only
    def _save_decision(self, key: str, value: dict, status: MessageArea) -> int | None:
        try:
            return self.workspace.adopt_decision(
                workbook=self.workbook_id,
                key=key,
                content=value,
                adopted_by=self.tr("Facilitator"),
            )
        except CikitError as err:
            status.show(err.render(self.tr), "error")
            return None

    # -- shared wording -------------------------------------------------------------------------

    def _money(self, amount: float) -> str:
        return fmt.money(amount, self.lang)

    def _amount_field(self, amount: float) -> str:
        """An amount as typed back into a field: grouped by spaces, decimal comma in French."""
        whole, cents = divmod(round(amount * 100), 100)
        text = f"{whole:,}".replace(",", " ")
        if cents:
            text += ("," if self.lang == "fr" else ".") + f"{cents:02d}"
        return text

    def _fte(self, value: float) -> str:
        return fmt.decimal(value, self.lang)

    def _phase_label(self, phase_id: str | None, *, short: bool = False) -> str:
        for phase in self.phase_doc["phases"]:
            if phase["id"] == phase_id:
                return self._text(phase.get("short")) if short else self._text(phase)
        return ""

    def _cell_label(self, key: str) -> str:
        component, phase = key.split(".", 1)
        entry = next(e for e in self.phase_doc["entries"] if e["id"] == component)
        return f"{self._text(entry)} — {self._text(entry['cells'][phase])}"

    def warnings_html(self, tr: Translator, resources: dict) -> str:
        codes = resource_warnings(resources)
        if not codes:
            return ""
        texts = [tr(WARNINGS[code]).format(years=MIN_FUNDED_YEARS) for code in codes]
        items = "".join(f"<li>{html.escape(text)}</li>" for text in texts)
        title = tr("Watch out")
        return (
            f'<div class="cikit-prompt cikit-bb-warnings" role="alert">'
            f"<p><strong>{html.escape(title)}</strong></p><ul>{items}</ul></div>"
        )

    def resources_html(self, tr: Translator, resources: dict) -> str:
        summary = resource_summary(resources)
        years = (
            tr("{count} years ({first}–{last})").format(
                count=summary["years"], first=summary["first_year"], last=summary["last_year"]
            )
            if summary["years"]
            else tr("none planned")
        )
        facts = [
            (tr("Coordinating role (« chef d'orchestre »)"), summary["coordinator"] or "—"),
            (
                tr("Staff"),
                tr("{fte} full-time equivalents, {dedicated} dedicated").format(
                    fte=self._fte(summary["fte"]), dedicated=self._fte(summary["dedicated_fte"])
                ),
            ),
            (tr("Years funded"), years),
            (
                tr("Average budget per funded year"),
                self._money(summary["yearly"]) if summary["yearly"] is not None else "—",
            ),
            (tr("Funders"), ", ".join(resources["funders"]) or "—"),
        ]
        rows = "".join(
            f"<dt>{html.escape(label)}</dt><dd>{html.escape(str(value))}</dd>"
            for label, value in facts
        )
        staff = "".join(
            "<li>"
            + html.escape(
                tr("{role}: {fte} full-time equivalent, dedicated")
                if line["dedicated"]
                else tr("{role}: {fte} full-time equivalent, lent or shared")
            ).format(role=html.escape(line["role"]), fte=self._fte(line["fte"]))
            + "</li>"
            for line in resources["staff"]
        )
        if staff:
            title = tr("Staff roles")
            rows += f'<dt>{html.escape(title)}</dt><dd><ul class="cikit-bb-staff-list">{staff}</ul></dd>'
        return f'<dl class="cikit-profile cikit-bb-facts">{rows}</dl>'

    def where_html(self, tr: Translator, ticks: dict[str, bool]) -> str:
        found = where_are_we(ticks, self.components(), self.phase_ids())
        if found["phase"] is None:
            head = tr("Nothing is ticked yet: the group has not placed itself in a phase.")
        elif found["complete"]:
            head = tr("Every part of the grid is ticked: the initiative is sustaining its impact.")
        else:
            head = tr("We are in {phase}.").format(phase=self._phase_label(found["phase"]))
        count = tr.ngettext(
            "{done} item of {total} ticked.", "{done} items of {total} ticked.", found["done"]
        ).format(done=found["done"], total=found["total"])
        parts = [f"<p><strong>{html.escape(head)}</strong> {html.escape(count)}</p>"]
        for key, title in (
            ("remaining", tr("Still to do in this phase")),
            ("catch_up", tr("To catch up from earlier phases")),
        ):
            if found[key]:
                items = "".join(f"<li>{html.escape(self._cell_label(k))}</li>" for k in found[key])
                parts.append(f"<p>{html.escape(title)}</p><ul>{items}</ul>")
        level = "cikit-prompt-ok" if found["phase"] else ""
        return f'<div class="cikit-prompt {level} cikit-bb-where">{"".join(parts)}</div>'

    def _phase_rule(self, tr: Translator) -> ipw.HTML:
        rule = tr(
            "How to read this: the initiative is in the furthest phase where at least half of "
            "the four components are ticked (if something is ticked but no phase is half done, "
            "the first phase). Unticked items of earlier phases are listed to catch up."
        )
        return ipw.HTML(f'<p class="cikit-hint">{html.escape(rule)}</p>')

    def grid_html(self, tr: Translator, ticks: dict[str, bool]) -> str:
        doc = self.phase_doc
        head = "".join(f"<th>{html.escape(self._text(p))}</th>" for p in doc["phases"])
        done, todo = tr("done"), tr("not yet")
        rows = []
        short = {p["id"]: self._text(p) for p in doc["phases"]}
        for entry in doc["entries"]:
            cells = []
            for phase in self.phase_ids():
                ticked = ticks.get(cell_key(entry["id"], phase), False)
                mark = "✓" if ticked else "○"
                state = done if ticked else todo
                cells.append(
                    f'<td class="cikit-bb-cell {"cikit-bb-done" if ticked else ""}" '
                    f'data-label="{html.escape(short[phase])}">'
                    f'<span class="cikit-bb-mark" aria-label="{html.escape(state)}">{mark}</span> '
                    f"{html.escape(self._text(entry['cells'][phase]))}</td>"
                )
            rows.append(
                f'<tr><th scope="row">{html.escape(self._text(entry))}</th>{"".join(cells)}</tr>'
            )
        return (
            '<div class="cikit-scroll"><table class="cikit-bb-grid">'
            f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        )

    def context_html(self, tr: Translator, settings: dict[str, Any]) -> str:
        scale = content.get("scales", settings["scale"]) if settings["scale"] else None
        facts = [(tr("Scale"), scale.label(self.lang) if scale else "—")]
        moments = [content.get("crisis", c) for c in settings["crisis"]]
        body = "".join(
            f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>" for label, value in facts
        )
        if moments:
            items = "".join(
                f"<li><strong>{html.escape(m.label(self.lang))}</strong> — "
                f"{html.escape(m.text('summary', self.lang))}</li>"
                for m in moments
            )
            crisis = f"<ul>{items}</ul>"
        else:
            crisis = html.escape(tr("No crisis moment recognised."))
        label = tr("Crisis moments")
        body += f"<dt>{html.escape(label)}</dt><dd>{crisis}</dd>"
        return f'<dl class="cikit-profile cikit-bb-context">{body}</dl>'

    # -- step 2: resources ----------------------------------------------------------------------

    def _resources_body(self, tr: Translator) -> list[ipw.Widget]:
        saved = self.resources()
        self.resources_summary = ipw.HTML(self._summary_html(tr, saved))
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
        self.coordinator_button.on_click(self.guarded(self._save_coordinator))
        self.coordinator_status = MessageArea()
        coordinator_hint = tr(
            "The « chef d'orchestre »: the person or organisation that convenes the partners, "
            "keeps the plan moving and holds the group together."
        )
        return [
            ipw.HTML(f'<p class="cikit-lead">{html.escape(intro)}</p>'),
            self.resources_summary,
            self._section(tr("Coordinating role")),
            ipw.HTML(f'<p class="cikit-hint">{html.escape(coordinator_hint)}</p>'),
            ipw.HBox([self.coordinator_text, self.coordinator_button], layout=ipw.Layout(
                flex_flow="row wrap", align_items="center")),
            self.coordinator_status,
            self._section(tr("Staff")),
            self.staff_table,
            self._section(tr("Budget per year")),
            self.budget_table,
            self._section(tr("Funders")),
            self.funders_table,
        ]  # fmt: skip

    def _summary_html(self, tr: Translator, saved: dict) -> str:
        """Warnings, key figures, and which version is on screen (every change adds one)."""
        latest = self.workspace.decision(self.workbook_id, "resources")
        version = ""
        if latest:
            when = pd.Timestamp(latest["adopted_at"]).strftime("%Y-%m-%d %H:%M")
            words = tr("Version {version}, saved {date} UTC.").format(
                version=latest["version"], date=when
            )
            version = f'<p class="cikit-hint">{html.escape(words)}</p>'
        return self.warnings_html(tr, saved) + self.resources_html(tr, saved) + version

    @staticmethod
    def _section(text: str) -> ipw.HTML:
        return ipw.HTML(f"<h3>{html.escape(text)}</h3>")

    def _staff_rows(self, saved: dict) -> list[dict]:
        return [
            {
                "id": i + 1,
                "role": s["role"],
                "fte": self._fte(s["fte"]),
                "dedicated": s["dedicated"],
            }
            for i, s in enumerate(saved["staff"])
        ]

    def _budget_rows(self, saved: dict) -> list[dict]:
        return [
            {"id": i + 1, "year": str(b["year"]), "amount": self._amount_field(b["amount"])}
            for i, b in enumerate(saved["budget"])
        ]

    def _funder_rows(self, saved: dict) -> list[dict]:
        return [{"id": i + 1, "name": f} for i, f in enumerate(saved["funders"])]

    # One line of each list, checked; raises ValidationError with the person's message.

    @staticmethod
    def _staff_line(values: dict, others: list) -> dict:
        return clean_staff(values.get("role"), values.get("fte"), values.get("dedicated"))

    @staticmethod
    def _budget_line(values: dict, others: list) -> dict:
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

    def _wire(self, table: EditableTable, key: str, check: Callable[[dict, list], Any]) -> None:
        """Add, edit and remove lines of ``resources[key]``, each change a new version."""

        def as_values(line: Any) -> dict:
            return line if isinstance(line, dict) else {"name": line}

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

        table.on_add(self.guarded(add))
        table.on_edit(self.guarded(edit))
        table.on_remove(self.guarded(remove))

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
        tr = self.tr
        self.staff_table.rows = self._staff_rows(saved)
        self.budget_table.rows = self._budget_rows(saved)
        self.funders_table.rows = self._funder_rows(saved)
        if redraw is not None:
            redraw.redraw()  # a refused edit: put the field back on what is saved
        self.resources_summary.value = self._summary_html(tr, saved)

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

    # -- step 3: phases ---------------------------------------------------------------------------

    def _phases_body(self, tr: Translator) -> list[ipw.Widget]:
        ticks = self.ticks()
        self.where_box = ipw.HTML(self.where_html(tr, ticks))
        intro = tr(
            "The Channeling Change grid: four components of the work, three phases. Tick what "
            "the group has done; the overview below says where the initiative stands."
        )
        self.phase_checks: dict[str, ipw.Checkbox] = {}
        self.phase_status = MessageArea()
        rows: list[ipw.Widget] = []
        for entry in self.phase_doc["entries"]:
            cards = []
            for number, phase in enumerate(self.phase_doc["phases"], start=1):
                key = cell_key(entry["id"], phase["id"])
                check = ipw.Checkbox(
                    value=ticks.get(key, False),
                    description=f"{number}. {self._text(phase.get('short'))}",
                    indent=False,
                    layout=ipw.Layout(width="auto"),
                )
                check.add_class("cikit-bb-check")
                check.observe(self.guarded(self._tick_handler(key, check)), names="value")
                self.phase_checks[key] = check
                text = ipw.HTML(
                    f'<div class="cikit-bb-cell-text">'
                    f"{html.escape(self._text(entry['cells'][phase['id']]))}</div>"
                )
                card = ipw.VBox([check, text])
                card.add_class("cikit-bb-card")
                cards.append(card)
            line = ipw.HBox(cards)
            line.add_class("cikit-bb-cards")
            rows += [self._section(self._text(entry)), line]
        return [
            ipw.HTML(f'<p class="cikit-lead">{html.escape(intro)}</p>'),
            self.where_box,
            self._phase_rule(tr),
            *rows,
            self.phase_status,
        ]

    def _tick_handler(self, key: str, check: ipw.Checkbox):
        def handler(change) -> None:
            if getattr(self, "_reverting", False):
                return
            tr = self.tr
            ticks = self.ticks()
            if not isinstance(change["new"], bool):
                self.phase_status.show(tr("This answer cannot be saved."), "error")
                self._revert(check, change["old"])
                return
            if change["new"]:
                ticks[key] = True
            else:
                ticks.pop(key, None)
            version = self._save_decision("phases", {"ticks": ticks}, self.phase_status)
            if version is None:
                self._revert(check, change["old"])
                return
            self.where_box.value = self.where_html(tr, self.ticks())
            self.phase_status.show(
                tr("Saved (version {version}).").format(version=version), "success"
            )

        return handler

    def _revert(self, widget: ipw.Widget, value: Any) -> None:
        self._reverting = True
        try:
            widget.value = value
        finally:
            self._reverting = False

    # -- step 4: context --------------------------------------------------------------------------

    def _context_body(self, tr: Translator) -> list[ipw.Widget]:
        settings = self.settings()
        intro = tr(
            "The setting the backbone works in. Tamarack names three moments in times of crisis, "
            "and three scales of collective impact; tick the moments the group recognises today "
            "and choose the scale."
        )
        self.crisis_checks: dict[str, ipw.Checkbox] = {}
        cards = []
        for moment in content.entries("crisis"):
            check = ipw.Checkbox(
                value=moment.id in settings["crisis"],
                description=moment.label(self.lang),
                indent=False,
                layout=ipw.Layout(width="auto"),
            )
            check.add_class("cikit-bb-crisis")
            self.crisis_checks[moment.id] = check
            text = ipw.HTML(
                f'<div class="cikit-bb-cell-text">{html.escape(moment.text("summary", self.lang))}</div>'
            )
            card = ipw.VBox([check, text])
            card.add_class("cikit-bb-card")
            cards.append(card)
        crisis = ipw.HBox(cards)
        crisis.add_class("cikit-bb-cards")
        self.scale_choice = ipw.ToggleButtons(
            options=[(e.label(self.lang), e.id) for e in content.scales()],
            value=settings["scale"],
            style={"button_width": "auto"},
        )
        self.scale_choice.add_class("cikit-bb-scale")
        self.context_status = MessageArea()
        save = self.guarded(lambda _change: self._save_context())
        for widget in (*self.crisis_checks.values(), self.scale_choice):
            widget.observe(save, names="value")
        saved_note = tr("Each tick or choice is saved at once, as a new version.")
        return [
            ipw.HTML(f'<p class="cikit-lead">{html.escape(intro)}</p>'),
            self._section(tr("Crisis moments")),
            crisis,
            self._section(tr("Scale")),
            self.scale_choice,
            ipw.HTML(f'<p class="cikit-hint">{html.escape(saved_note)}</p>'),
            self.context_status,
        ]

    @facilitator_only
    def _save_context(self) -> None:
        tr = self.tr
        crisis = [key for key, check in self.crisis_checks.items() if check.value is True]
        scale = self.scale_choice.value
        if scale is None:
            self.context_status.show(tr("Choose the scale first."), "error")
            return
        if scale not in content.ids("scales"):
            self.context_status.show(
                tr("Unknown choice: {value}.").format(value=str(scale)[:40]), "error"
            )
            return
        version = self._save_decision(
            "settings", {"crisis": crisis, "scale": scale}, self.context_status
        )
        if version is not None:
            self.context_status.show(
                tr("Saved (version {version}).").format(version=version), "success"
            )

    # -- participants: where we are ----------------------------------------------------------------

    def _where_body(self, tr: Translator) -> list[ipw.Widget]:
        resources = self.resources()
        ticks = self.ticks()
        self.where_view = ipw.HTML(
            self.where_html(tr, ticks)
            + self.grid_html(tr, ticks)
            + "<h3>"
            + html.escape(tr("The backbone's resources"))
            + "</h3>"
            + self.warnings_html(tr, resources)
            + self.resources_html(tr, resources)
            + "<h3>"
            + html.escape(tr("Context"))
            + "</h3>"
            + self.context_html(tr, self.settings())
        )
        self.where_view.add_class("cikit-bb-where-view")
        return [self.where_view]
