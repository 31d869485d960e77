"""« Activités qui se renforcent / Mutually reinforcing activities ».

Partners declare what they do (in a live round, or the facilitator enters or
imports it); the workbook draws the map partner × strategy or territory and
computes what no paper map shows: the gaps, the overlaps, who carries what,
where practices differ, and how the alignment changed since the last snapshot.
The rules are in :mod:`cikit.analysis.activities` and on screen.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from typing import Any, ClassVar

import ipywidgets as ipw
import pandas as pd

from cikit import content
from cikit.analysis import activities as mra
from cikit.analysis.numbers import AMBIGUOUS, NOT_A_NUMBER, read_number
from cikit.apps import activity_views as views
from cikit.apps.activity_import_panel import ActivityImportPanel
from cikit.apps.gate import facilitator_only
from cikit.apps.rounds import RoundApp
from cikit.components import MessageArea
from cikit.errors import N_, CikitError
from cikit.i18n import Translator
from cikit.i18n import format as fmt
from cikit.results.activites import references as activity_references
from cikit.results.activites import shortlisted
from cikit.store.respondent import participant_id
from cikit.store.rounds import OPEN

log = logging.getLogger("cikit.apps")

DECLARE, MAP, GAPS, TOGETHER, SUMMARY = "declare", "map", "gaps", "together", "summary"
DECLARED = "declared"
NOW, ALL = "now", "all"
NO_STRATEGY = ""

PROBLEMS = {
    "empty_name": N_("An activity needs a name."),
    "no_partner": N_("Choose the partner that runs the activity."),
    "unknown_partner": N_("Unknown partner: {value}. Pick one from the list."),
    "unknown_strategy": N_(
        "Unknown strategy: {value}. Use a strategy of the adopted common agenda."
    ),
    "unknown_indicator": N_("Unknown indicator: {value}."),
    "unknown_territory": N_(
        "Unknown territory: {value}. Use one the agenda names (step 1 lists them)."
    ),
    "unknown_population": N_(
        "Unknown population: {value}. Use one the agenda names (step 1 lists them)."
    ),
    "bad_month": N_("Not a month: {value}. Write it YYYY-MM, for example 2026-09."),
    "end_before_start": N_("The end comes before the start."),
    "not_a_number": N_("Not a number of full-time equivalents: {value}."),
    "ambiguous_number": N_(
        "Ambiguous number: {value} (a decimal or thousands?). Write it as 1.25 or 1 250."
    ),
    "unknown_budget": N_("Unknown budget band: {value}."),
    "too_long": N_("This text is too long: {value}…"),
    "missing_column": N_("The file has no « {value} » column. Start from the template."),
}


def problem_text(tr: Translator, reason: str, value: Any = "") -> str:
    message = PROBLEMS.get(reason, N_("This answer cannot be saved."))
    return tr(message).format(value=str(value)[:80])


class ActivitiesApp(RoundApp):
    """« Activités qui se renforcent / Mutually reinforcing activities »."""

    workbook_id = "04_activites"
    round_key = "declarations"
    records_conclusion: ClassVar[bool] = False

    def __init__(self, *args, **kwargs) -> None:
        self.stage: str | None = None
        self._by = "strategy"
        self._value = "count"
        self._population = ""
        self._territory = ""
        self._scope = NOW
        self._editing: int | None = None
        self._list_partner: int | None = None
        self._compare_version: int | None = None
        self._seen_round: Any = None
        self.import_panel: ActivityImportPanel | None = None
        super().__init__(*args, **kwargs)

    # -- data --------------------------------------------------------------------------------

    def refs(self) -> mra.References:
        return activity_references(self.workspace, self.lang)

    def current(self) -> pd.DataFrame:
        """The activities the views use: running this month, or all declared."""
        frame = self.workspace.activities()
        if self._scope == NOW:
            frame = mra.active_on(frame, dt.date.today().strftime("%Y-%m"))
        return frame

    def snapshots(self) -> list[dict]:
        return self.workspace.decision_versions(self.workbook_id, "snapshot")

    # -- stages ------------------------------------------------------------------------------

    def _stages(self, tr: Translator) -> list[tuple[str, str]]:
        if self.is_facilitator:
            return [
                (tr("1. Activities"), DECLARE),
                (tr("2. The map"), MAP),
                (tr("3. Gaps and overlaps"), GAPS),
                (tr("4. Who carries what"), TOGETHER),
                (tr("5. Alignment"), SUMMARY),
            ]
        return [
            (tr("Declare your activities"), DECLARE),
            (tr("The map"), MAP),
            (tr("Gaps and overlaps"), GAPS),
            (tr("Alignment"), SUMMARY),
        ]

    def _default_stage(self) -> str:
        current = self.workspace.current_round(self.workbook_id, self.round_key)
        if current is not None and current["status"] == OPEN:
            return DECLARE
        if self.is_facilitator:
            return DECLARE if self.workspace.activities().empty else MAP
        return MAP

    def build_body(self, tr: Translator) -> list[ipw.Widget]:
        builders = {
            MAP: self._map_body,
            GAPS: self._gaps_body,
            TOGETHER: self._together_body,
            SUMMARY: self._summary_body,
        }
        after = (lambda: self._facilitator_entry(tr)) if self.is_facilitator else None
        return self.staged_body(tr, DECLARE, builders, after=after)
        self.round = self.workspace.current_round(self.workbook_id, self.round_key)
        self.status = MessageArea()
        builders = {
            MAP: self._map_body,
            GAPS: self._gaps_body,
            TOGETHER: self._together_body,
            SUMMARY: self._summary_body,
        }
        body = builders[self.stage](tr)
        self.poller.prime()
        self.poller.start()
        return [self.stage_picker, *body]

    def _signature(self) -> tuple:
        latest = self.workspace.latest_round_id(self.workbook_id, self.round_key)
        if self.stage == DECLARE:
            return (latest, super()._signature())
        places = self.workspace.decision(self.workbook_id, "places")
        snapshot = self.workspace.decision(self.workbook_id, "snapshot")
        return (
            latest,
            self.workspace.activities_signature(),
            (places or {}).get("version"),
            (snapshot or {}).get("version"),
        )

    def _on_remote_change(self) -> None:
        self.guarded(self._follow)()

    def _follow(self) -> None:
        latest = self.workspace.latest_round_id(self.workbook_id, self.round_key)
        if latest != self._seen_round and not self.is_facilitator:
            self._seen_round = latest
            self.stage = DECLARE
            self.render()
            return
        if self.stage == DECLARE:
            super()._on_remote_change()
        else:
            # The map, the gaps and the summary follow every declaration at once.
            self.render()

    # -- the round: participants declare for their organisation --------------------------------

    def items(self) -> list[str]:
        return [DECLARED]

    def allowed_values(self, item: str) -> set:
        return set()

    def _my_partner(self) -> int | None:
        """The partner a named participant answers for (None in an anonymous round)."""
        pid = participant_id(self.respondent)
        if pid is None:
            return None
        people = self.workspace.participants().set_index("id")
        try:
            partner = people.loc[pid, "partner_id"]
        except KeyError:
            return None
        return None if pd.isna(partner) else int(partner)

    def _my_declarations(self) -> list[int]:
        responses = self.responses()
        mine = responses[
            (responses["respondent"] == self.respondent) & (responses["item"] == DECLARED)
        ]
        return [int(v) for v in mine["value"] if isinstance(v, int) and not isinstance(v, bool)]

    def build_questions(
        self, tr: Translator, answers: dict[str, Any], disabled: bool
    ) -> list[ipw.Widget]:
        refs = self.refs()
        anonymous = bool(self.round and self.round["anonymous"])
        partner = self._my_partner()
        if partner is None and not anonymous:
            return [
                self._note(
                    tr(
                        "Your name is not linked to an organisation, so you cannot declare "
                        "activities for one. Ask the facilitator to link it (Start workbook)."
                    )
                )
            ]
        mine = self._my_declarations()
        frame = self.workspace.activities()
        own = frame[frame["id"].isin(mine)]
        parts: list[ipw.Widget] = []
        if not disabled:
            parts.append(self._form(tr, refs, fixed_partner=partner, editable=own))
        parts.append(self._heading(tr("What you declared in this round")))
        parts.append(ipw.HTML(views.activities_table(tr, own, refs)))
        if partner is not None:
            others = frame[(frame["partner_id"] == partner) & ~frame["id"].isin(mine)]
            if not others.empty:
                parts.append(self._heading(tr("Your organisation's other activities")))
                parts.append(ipw.HTML(views.activities_table(tr, others, refs)))
        return parts

    def build_results(self, tr: Translator, responses: pd.DataFrame) -> list[ipw.Widget]:
        ids = [v for v in responses.loc[responses["item"] == DECLARED, "value"]
               if isinstance(v, int) and not isinstance(v, bool)]  # fmt: skip
        frame = self.workspace.activities()
        declared = frame[frame["id"].isin(ids)]
        text = tr("{count} activities declared in this round.").format(count=len(declared))
        return [
            ipw.HTML(f'<p class="cikit-lead">{html.escape(text)}</p>'),
            ipw.HTML(views.activities_table(tr, declared, self.refs())),
        ]

    # -- the form, shared by participants and the facilitator -----------------------------------

    def _form(
        self,
        tr: Translator,
        refs: mra.References,
        *,
        fixed_partner: int | None,
        editable: pd.DataFrame,
    ) -> ipw.Widget:
        """Declare or edit an activity.  ``editable`` are the activities this person may edit."""
        editing = None
        if self._editing is not None and self._editing in set(editable["id"]):
            editing = editable[editable["id"] == self._editing].iloc[0]
        else:
            self._editing = None
        partners = sorted(refs.partners.items(), key=lambda kv: mra.fold(kv[1]))
        self.f_partner = ipw.Dropdown(
            options=[(tr("Choose a partner"), 0)] + [(n, i) for i, n in partners],
            value=int(editing["partner_id"]) if editing is not None else (fixed_partner or 0),
            disabled=fixed_partner is not None,
            layout=ipw.Layout(width="100%", max_width="520px"),
        )
        self.f_partner.add_class("cikit-f-partner")
        self.f_name = ipw.Text(
            value=editing["name"] if editing is not None else "",
            placeholder=tr("e.g. Saturday drop-in respite"),
            layout=ipw.Layout(width="100%", max_width="520px"),
        )
        self.f_name.add_class("cikit-f-name")
        self.f_description = ipw.Textarea(
            value=editing["description"] if editing is not None else "",
            rows=2,
            layout=ipw.Layout(width="100%", max_width="520px"),
        )
        strategies = [(tr("(none of the agenda's strategies)"), NO_STRATEGY)] + [
            (f"{code} — {name}", name) for name, code in views.strategy_codes(refs).items()
        ]
        chosen = editing["strategy"] if editing is not None else NO_STRATEGY
        self.f_strategy = ipw.Dropdown(
            options=strategies,
            value=chosen if chosen in refs.strategies else NO_STRATEGY,
            layout=ipw.Layout(width="100%", max_width="520px"),
        )
        self.f_strategy.add_class("cikit-f-strategy")
        indicator_ids = shortlisted(self.workspace) or list(refs.indicators)[:12]
        self.f_indicators = self._checkboxes(
            [(refs.indicators.get(i, i), i) for i in indicator_ids],
            set(editing["indicators"]) if editing is not None else set(),
            "cikit-f-indicators",
        )
        self.f_populations = self._checkboxes(
            [(p, p) for p in refs.populations],
            set(editing["populations"]) if editing is not None else set(),
            "cikit-f-populations",
        )
        self.f_territories = self._checkboxes(
            [(t, t) for t in refs.territories],
            set(editing["territories"]) if editing is not None else set(),
            "cikit-f-territories",
        )
        month = tr("YYYY-MM")
        self.f_start = ipw.Text(value=editing["start"] if editing is not None else "",
                                placeholder=month, layout=ipw.Layout(width="9em"))  # fmt: skip
        self.f_end = ipw.Text(value=editing["end"] if editing is not None else "",
                              placeholder=month, layout=ipw.Layout(width="9em"))  # fmt: skip
        self.f_staff = ipw.Text(
            value=self._staff_text(editing["staff"]) if editing is not None else "",
            placeholder=fmt.decimal(0.5, self.lang),
            layout=ipw.Layout(width="7em"),
        )
        self.f_budget = ipw.Dropdown(
            options=[(tr("(not said)"), "")]
            + [(e.label(self.lang), e.id) for e in content.entries("budget_bands")],
            value=editing["budget"] if editing is not None else "",
            layout=ipw.Layout(width="100%", max_width="520px"),
        )
        self.f_practices = {}
        for name in mra.PRACTICES:
            widget = ipw.Text(
                value=editing[name] if editing is not None else "",
                layout=ipw.Layout(width="100%", max_width="520px"),
            )
            widget.add_class(f"cikit-f-{name}")
            self.f_practices[name] = widget
        self.form_status = MessageArea()
        save = ipw.Button(
            description=tr("Save the changes") if editing is not None else tr("Add the activity"),
            button_style="primary",
        )
        save.add_class("cikit-f-save")
        save.on_click(self.guarded(self._save_form))
        buttons = [save]
        if editing is not None:
            cancel = ipw.Button(description=tr("Cancel"))
            cancel.on_click(self.guarded(self._cancel_edit))
            remove = ipw.Button(description=tr("Remove this activity"), button_style="danger")
            remove.add_class("cikit-f-remove")
            remove.on_click(self.guarded(self._remove_editing))
            buttons += [cancel, remove]
        row = ipw.HBox(buttons)
        row.add_class("cikit-buttons")
        dates = ipw.HBox([self._field(tr("Start"), self.f_start),
                          self._field(tr("End (empty if ongoing)"), self.f_end),
                          self._field(tr("Staff (FTE)"), self.f_staff)])  # fmt: skip
        dates.add_class("cikit-dates")
        picker = self._edit_picker(tr, refs, editable)
        title = tr("Edit an activity") if editing is not None else tr("Declare an activity")
        fields = [
            ipw.HTML(f"<h3>{html.escape(title)}</h3>"),
            *([picker] if picker is not None else []),
            self._field(tr("Partner"), self.f_partner),
            self._field(tr("Name of the activity"), self.f_name),
            self._field(tr("What it does (optional)"), self.f_description),
            self._field(tr("Strategy of the common agenda it serves"), self.f_strategy),
            self._field(tr("Shared indicators it contributes to"), self.f_indicators),
            self._field(tr("Populations reached"), self.f_populations),
            self._field(tr("Territories reached"), self.f_territories),
            dates,
            self._field(tr("Budget"), self.f_budget),
            ipw.HTML(
                "<p class='cikit-hint'>"
                + html.escape(
                    tr(
                        "How families get in, are supported and are referred elsewhere, in a few "
                        "words: the group compares practices to harmonise them."
                    )
                )
                + "</p>"
            ),
            self._field(tr("Intake"), self.f_practices["intake"]),
            self._field(tr("Support"), self.f_practices["support"]),
            self._field(tr("Referral"), self.f_practices["referral"]),
            row,
            self.form_status,
        ]
        box = ipw.VBox(fields)
        box.add_class("cikit-activity-form")
        return box

    def _edit_picker(
        self, tr: Translator, refs: mra.References, editable: pd.DataFrame
    ) -> ipw.Widget | None:
        """Choose an activity to edit; by partner first so 10,000 activities stay usable."""
        if editable.empty:
            return None
        if self.is_facilitator:
            present = sorted(set(int(p) for p in editable["partner_id"]),
                             key=lambda p: mra.fold(refs.partners.get(p, "")))  # fmt: skip
            if self._list_partner not in present:
                self._list_partner = present[0]
            partner = ipw.Dropdown(
                options=[(refs.partners.get(p, str(p)), p) for p in present],
                value=self._list_partner,
                layout=ipw.Layout(width="100%", max_width="520px"),
            )
            partner.add_class("cikit-edit-partner")
            partner.observe(self.guarded(self._on_list_partner), names="value")
            chosen = editable[editable["partner_id"] == self._list_partner]
        else:
            partner, chosen = None, editable
        options = [(tr("New activity"), 0)] + [
            (str(n)[:80], int(i)) for i, n in zip(chosen["id"], chosen["name"], strict=True)
        ]
        self.edit_choice = ipw.Dropdown(
            options=options,
            value=self._editing if self._editing in set(chosen["id"]) else 0,
            layout=ipw.Layout(width="100%", max_width="520px"),
        )
        self.edit_choice.add_class("cikit-edit-choice")
        self.edit_choice.observe(self.guarded(self._on_edit_choice), names="value")
        widgets = [self._field(tr("Edit an activity already declared"), self.edit_choice)]
        if partner is not None:
            widgets.insert(0, self._field(tr("Activities of"), partner))
        box = ipw.VBox(widgets)
        box.add_class("cikit-edit-picker")
        return box

    def _on_list_partner(self, change) -> None:
        self._list_partner = change["new"]
        self._editing = None
        self.render()

    def _on_edit_choice(self, change) -> None:
        self._editing = change["new"] or None
        self.render()

    def _cancel_edit(self, _button=None) -> None:
        self._editing = None
        self.render()

    @staticmethod
    def _checkboxes(options: list[tuple[str, str]], chosen: set[str], css: str) -> ipw.Widget:
        boxes = [
            ipw.Checkbox(value=v in chosen, description=label, indent=False,
                         layout=ipw.Layout(width="auto", max_width="100%"))  # fmt: skip
            for label, v in options
        ]
        for box, (_label, v) in zip(boxes, options, strict=True):
            box._cikit_value = v
        holder = ipw.VBox(boxes) if boxes else ipw.HTML("<p class='cikit-hint'>–</p>")
        holder.add_class("cikit-checkboxes")
        holder.add_class(css)
        return holder

    @staticmethod
    def _checked(holder: ipw.Widget) -> list[str]:
        return [b._cikit_value for b in getattr(holder, "children", ()) if b.value is True]

    @staticmethod
    def _field(label: str, widget: ipw.Widget) -> ipw.Widget:
        box = ipw.VBox([ipw.HTML(f'<label class="cikit-label">{html.escape(label)}</label>'),
                        widget])  # fmt: skip
        box.add_class("cikit-field")
        return box

    def _staff_text(self, value: Any) -> str:
        return fmt.decimal(value, self.lang, empty="")

    def form_values(self) -> dict[str, Any]:
        """What the form holds, as an activity (values untrusted: checked on save)."""
        return {
            "partner_id": self.f_partner.value,
            "name": self.f_name.value,
            "description": self.f_description.value,
            "strategy": self.f_strategy.value,
            "indicators": self._checked(self.f_indicators),
            "populations": self._checked(self.f_populations),
            "territories": self._checked(self.f_territories),
            "start": self.f_start.value,
            "end": self.f_end.value,
            "staff": self.f_staff.value,
            "budget": self.f_budget.value,
            **{name: w.value for name, w in self.f_practices.items()},
        }

    def _save_form(self, _button=None) -> None:
        tr = self.tr
        values = self.form_values()
        saved = self.save_activity(values, editing=self._editing)
        if saved is None:
            return
        self._editing = None
        self.render()
        self.status.show(tr("Activity saved."), "success")

    def save_activity(self, values: dict[str, Any], *, editing: int | None = None) -> int | None:
        """Check and save an activity from the form (or a browser); its id, or None if refused.

        Participants may only add for their own organisation (named rounds) and edit
        what they declared; the facilitator may do anything.  Every refusal names
        the field in the person's language and keeps the form as typed.
        """
        tr = self.tr
        status = getattr(self, "form_status", None) or self.status
        activity, problems = self._checked_activity(values)
        if problems:
            status.show(" ".join(problem_text(tr, r, v) for _f, r, v in problems[:4]), "error")
            return None
        participant = None
        if not self.is_facilitator:
            if not self.round or self.round["status"] != OPEN or not self.respondent:
                status.show(tr("This round is closed: answers can no longer change."), "error")
                return None
            own = self._my_partner()
            if own is not None and activity["partner_id"] != own:
                status.show(problem_text(tr, "unknown_partner", activity["partner_id"]), "error")
                return None
            if editing is not None and editing not in self._my_declarations():
                status.show(tr("This answer cannot be saved."), "error")
                return None
            participant = participant_id(self.respondent)
        try:
            if editing is not None:
                self.workspace.update_activity(editing, **activity)
                saved = editing
            else:
                saved = self.workspace.add_activity(
                    **activity,
                    source="entry" if self.is_facilitator else "round",
                    participant_id=participant,
                )
                if not self.is_facilitator:
                    self.workspace.answer(self.round["id"], respondent=self.respondent,
                                          item=DECLARED, value=saved, sector=self.sector)  # fmt: skip
        except CikitError as err:
            status.show(err.render(tr), "error")
            return None
        return saved

    def _checked_activity(self, values: Any) -> tuple[dict[str, Any], list]:
        if not isinstance(values, dict):
            return {}, [("activity", "empty_name", "")]
        problems: list[tuple[str, str, str]] = []
        staff = values.get("staff")
        if isinstance(staff, str):
            reading = read_number(staff)
            if reading.problem == AMBIGUOUS:
                problems.append(("staff", "ambiguous_number", staff))
            elif reading.problem == NOT_A_NUMBER:
                problems.append(("staff", "not_a_number", staff))
            staff = reading.value
        clean, found = mra.check_activity({**values, "staff": staff}, self.refs())
        problems.extend(found)
        for name in ("start", "end"):
            written = clean.get(name)
            if written is not None and not isinstance(written, str):
                problems.append((name, "bad_month", str(written)))
            elif written:
                from cikit.analysis.activity_import import parse_month

                month = parse_month(written)
                if month is None:
                    problems.append((name, "bad_month", written))
                clean[name] = month or ""
        if clean.get("start") and clean.get("end") and clean["end"] < clean["start"]:
            problems.append(("end", "end_before_start", clean["end"]))
        keep = {"partner_id", "name", "description", "strategy", "indicators", "populations",
                "territories", "start", "end", "staff", "budget", *mra.PRACTICES}  # fmt: skip
        return {k: v for k, v in clean.items() if k in keep}, problems

    def _remove_editing(self, _button=None) -> None:
        tr = self.tr
        if self._editing is None:
            return
        if not self.is_facilitator and self._editing not in self._my_declarations():
            self.form_status.show(tr("This answer cannot be saved."), "error")
            return
        try:
            self.workspace.remove_activity(self._editing)
        except CikitError as err:
            self.form_status.show(err.render(tr), "error")
            return
        self._editing = None
        self.render()
        self.status.show(tr("Activity removed."), "success")

    # -- facilitator: entry, list, import, places ------------------------------------------

    def _facilitator_entry(self, tr: Translator) -> list[ipw.Widget]:
        refs = self.refs()
        frame = self.workspace.activities()
        self.import_panel = ActivityImportPanel(self, tr, refs)
        return [
            self._heading(tr("Places and populations the agenda names")),
            self._places_editor(tr, refs),
            self._heading(tr("Enter or edit an activity")),
            self._form(tr, refs, fixed_partner=None, editable=frame),
            self._heading(tr("Import activities from a file")),
            self.import_panel.widget,
            self._heading(tr("All activities ({count})").format(count=len(frame))),
            ipw.HTML(views.activities_table(tr, frame, refs)),
        ]

    def _places_editor(self, tr: Translator, refs: mra.References) -> ipw.Widget:
        agenda = self.workspace.decision("02_plan_commun", "agenda")
        said = (agenda or {}).get("content", {}) if agenda else {}
        hint_parts = [
            tr(
                "The gaps compare activities with the territories and populations listed here, "
                "one per line. Take them from what the common agenda says:"
            )
        ]
        for key, label in (("territory", tr("Territory")), ("population", tr("Population"))):
            text = said.get(key) if isinstance(said, dict) else None
            if isinstance(text, str) and text.strip():
                hint_parts.append(f"{label} : {text.strip()}")
        hint = "".join(f"<p class='cikit-hint'>{html.escape(p)}</p>" for p in hint_parts)
        self.places_territories = ipw.Textarea(
            value="\n".join(refs.territories), rows=5,
            layout=ipw.Layout(width="100%", max_width="520px"),
        )  # fmt: skip
        self.places_territories.add_class("cikit-places-territories")
        self.places_populations = ipw.Textarea(
            value="\n".join(refs.populations), rows=5,
            layout=ipw.Layout(width="100%", max_width="520px"),
        )  # fmt: skip
        self.places_populations.add_class("cikit-places-populations")
        save = ipw.Button(description=tr("Save the lists"))
        save.add_class("cikit-places-save")
        save.on_click(self.guarded(self._save_places))
        self.places_status = MessageArea()
        columns = ipw.HBox(
            [self._field(tr("Territories"), self.places_territories),
             self._field(tr("Populations"), self.places_populations)]
        )  # fmt: skip
        columns.add_class("cikit-two-columns")
        return ipw.VBox([ipw.HTML(hint), columns, save, self.places_status])

    @facilitator_only
    def _save_places(self, _button=None) -> None:
        tr = self.tr
        lists = {}
        for key, widget in (("territories", self.places_territories),
                            ("populations", self.places_populations)):  # fmt: skip
            names: list[str] = []
            for line in str(widget.value or "").splitlines():
                name = " ".join(line.split())
                if not name:
                    continue
                if len(name) > 120:
                    self.places_status.show(problem_text(tr, "too_long", name[:40]), "error")
                    return
                if mra.fold(name) not in {mra.fold(n) for n in names}:
                    names.append(name)
            if len(names) > 40:
                self.places_status.show(
                    tr("Too many entries ({count}; at most {limit}).").format(
                        count=len(names), limit=40), "error")  # fmt: skip
                return
            lists[key] = names
        try:
            self.workspace.adopt_decision(workbook=self.workbook_id, key="places", content=lists)
        except CikitError as err:
            self.places_status.show(err.render(tr), "error")
            return
        self.render()
        self.status.show(tr("Lists saved."), "success")

    # -- 2. the map -------------------------------------------------------------------------

    def _filters(self, tr: Translator, refs: mra.References, *, with_map: bool) -> ipw.Widget:
        widgets = []
        if with_map:
            by = ipw.ToggleButtons(
                options=[(tr("By strategy"), "strategy"), (tr("By territory"), "territory")],
                value=self._by, style={"button_width": "auto"},
            )  # fmt: skip
            by.add_class("cikit-map-by")
            by.observe(self.guarded(self._set("_by")), names="value")
            value = ipw.ToggleButtons(
                options=[(tr("Number of activities"), "count"), (tr("Staff time"), "staff")],
                value=self._value, style={"button_width": "auto"},
            )  # fmt: skip
            value.add_class("cikit-map-value")
            value.observe(self.guarded(self._set("_value")), names="value")
            widgets += [by, value]
            population = ipw.Dropdown(
                options=[(tr("All populations"), "")] + [(p, p) for p in refs.populations],
                value=self._population if self._population in refs.populations else "",
            )
            population.add_class("cikit-map-population")
            population.observe(self.guarded(self._set("_population")), names="value")
            territory = ipw.Dropdown(
                options=[(tr("All territories"), "")] + [(t, t) for t in refs.territories],
                value=self._territory if self._territory in refs.territories else "",
            )
            territory.add_class("cikit-map-territory")
            territory.observe(self.guarded(self._set("_territory")), names="value")
            widgets += [population, territory]
        scope = ipw.ToggleButtons(
            options=[(tr("Running this month"), NOW), (tr("Everything declared"), ALL)],
            value=self._scope, style={"button_width": "auto"},
        )  # fmt: skip
        scope.add_class("cikit-scope")
        scope.observe(self.guarded(self._set("_scope")), names="value")
        widgets.append(scope)
        box = ipw.VBox([ipw.HBox(widgets[:2]), ipw.HBox(widgets[2:])]) if with_map else scope
        box.add_class("cikit-filters")
        return box

    def _set(self, name: str):
        def handler(change) -> None:
            setattr(self, name, change["new"])
            self.render()

        return handler

    def _map_body(self, tr: Translator) -> list[ipw.Widget]:
        refs = self.refs()
        frame = mra.select(self.current(), population=self._population or None,
                           territory=self._territory or None)  # fmt: skip
        table = mra.matrix(frame, refs, by=self._by, value=self._value)
        return [
            self._filters(tr, refs, with_map=True),
            *views.map_view(tr, table, refs, by=self._by, value=self._value),
            views.rules(tr, "map"),
        ]

    # -- 3. gaps and overlaps ---------------------------------------------------------------

    def _gaps_body(self, tr: Translator) -> list[ipw.Widget]:
        refs = self.refs()
        frame = self.current()
        found = mra.gaps(frame, refs)
        found_overlaps = mra.overlaps(frame, refs)
        return [
            self._filters(tr, refs, with_map=False),
            self._heading(tr("Gaps")),
            ipw.HTML(views.gaps_html(tr, found, refs, self.lang)),
            views.rules(tr, "gaps"),
            self._heading(tr("Overlaps: who to put in touch ({count})").format(
                count=len(found_overlaps))),  # fmt: skip
            ipw.HTML(views.overlaps_html(tr, found_overlaps, refs, self.lang)),
            views.rules(tr, "overlaps"),
        ]

    # -- 4. who carries what ------------------------------------------------------------------

    def _together_body(self, tr: Translator) -> list[ipw.Widget]:
        refs = self.refs()
        frame = self.current()
        return [
            self._filters(tr, refs, with_map=False),
            self._heading(tr("Each partner's contribution")),
            ipw.HTML(views.specialisation_html(tr, mra.specialisation(frame, refs), refs)),
            ipw.HTML(views.codes_legend(tr, refs)),
            self._heading(tr("Harmonisation opportunities")),
            ipw.HTML(views.harmonisation_html(tr, mra.harmonisation(frame, refs))),
            views.rules(tr, "together"),
        ]

    # -- 5. alignment summary and snapshots ----------------------------------------------------

    def _summary_body(self, tr: Translator) -> list[ipw.Widget]:
        refs = self.refs()
        frame = self.current()
        summary = mra.alignment(frame, refs)
        parts: list[ipw.Widget] = [
            self._filters(tr, refs, with_map=False),
            ipw.HTML(views.summary_html(tr, summary, self.lang)),
            ipw.HTML(views.gaps_html(tr, summary["gaps"], refs, self.lang)),
        ]
        snapshots = self.snapshots()
        parts.append(self._heading(tr("Since the last snapshot")))
        if not snapshots:
            parts.append(self._note(tr("No snapshot yet: take one to compare later.")))
        else:
            versions = [s["version"] for s in snapshots]
            if self._compare_version not in versions:
                self._compare_version = versions[-1]
            chosen = next(s for s in snapshots if s["version"] == self._compare_version)
            picker = ipw.Dropdown(
                options=[(self._snapshot_label(tr, s), s["version"]) for s in reversed(snapshots)],
                value=self._compare_version,
                layout=ipw.Layout(width="100%", max_width="520px"),
            )
            picker.add_class("cikit-snapshot-choice")
            picker.observe(self.guarded(self._set("_compare_version")), names="value")
            before = chosen["content"].get("summary") if isinstance(chosen["content"], dict) else {}
            change = mra.compare(before if isinstance(before, dict) else {}, summary)
            parts += [
                self._field(tr("Compare with the snapshot of"), picker),
                ipw.HTML(views.change_html(tr, change, refs, self._taken_on(chosen))),
            ]
        if self.is_facilitator:
            parts.append(self._snapshot_form(tr))
        parts.append(views.rules(tr, "summary"))
        return parts

    @staticmethod
    def _taken_on(snapshot: dict) -> str:
        given = snapshot["content"].get("taken_on") if isinstance(snapshot["content"], dict) else None
        if isinstance(given, str) and given:
            return given
        return pd.Timestamp(snapshot["adopted_at"]).strftime("%Y-%m-%d")

    def _snapshot_label(self, tr: Translator, snapshot: dict) -> str:
        note = snapshot["content"].get("note", "") if isinstance(snapshot["content"], dict) else ""
        label = tr("Snapshot {version} of {date}").format(
            version=snapshot["version"], date=self._taken_on(snapshot)
        )
        return f"{label} — {note}"[:120] if note else label

    def _snapshot_form(self, tr: Translator) -> ipw.Widget:
        self.snapshot_note = ipw.Text(
            placeholder=tr("A note: where, with whom (optional)"),
            layout=ipw.Layout(width="100%", max_width="520px"),
        )
        button = ipw.Button(description=tr("Take a snapshot now"), button_style="primary")
        button.add_class("cikit-take-snapshot")
        button.on_click(self.guarded(self._take_snapshot))
        hint = tr(
            "A snapshot keeps today's figures and gaps as a new version, so that next year the "
            "group can see what changed."
        )
        return ipw.VBox([
            ipw.HTML(f"<p class='cikit-hint'>{html.escape(hint)}</p>"),
            self.snapshot_note, button, self.status,
        ])  # fmt: skip

    @facilitator_only
    def _take_snapshot(self, _button=None) -> None:
        tr = self.tr
        today = dt.date.today()
        note = self.snapshot_note.value if isinstance(self.snapshot_note.value, str) else ""
        summary = mra.alignment(self.current(), self.refs())
        try:
            version = self.workspace.adopt_decision(
                workbook=self.workbook_id,
                key="snapshot",
                content={"taken_on": today.isoformat(), "month": today.strftime("%Y-%m"),
                         "note": note.strip()[:300], "summary": summary},  # fmt: skip
            )
        except CikitError as err:
            self.status.show(err.render(tr), "error")
            return
        self.render()
        self.status.show(tr("Snapshot {version} taken.").format(version=version), "success")
