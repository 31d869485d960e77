"""The activity form, shared by a participant declaring for their organisation and the
facilitator entering or editing any activity.

The form's widgets are the step's attributes (``step.f_name``, ``step.f_partner``…,
``step.form_status``): the step outlives its redraws, so what the person is editing
(``step._editing``, ``step._list_partner``) stays chosen.  Saving checks everything
again (:mod:`cikit.apps.activites.checks`): the values come from a browser.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from cikit import content
from cikit.analysis.activites.references import PRACTICES, fold
from cikit.apps.activites.tables import strategy_codes
from cikit.components.messages import MessageArea
from cikit.i18n import format as fmt

if TYPE_CHECKING:
    import pandas as pd

    from cikit.analysis.activites.references import References
    from cikit.apps.activites.declare import DeclarationRound

NO_STRATEGY = ""
WIDE = {"width": "100%", "max_width": "520px"}


def build_form(
    step: DeclarationRound,
    refs: References,
    *,
    fixed_partner: int | None,
    editable: pd.DataFrame,
) -> ipw.Widget:
    """Declare or edit an activity.  ``editable`` are the activities this person may edit."""
    from cikit.results.activites import shortlisted

    tr, lang = step.tr, step.lang
    editing = None
    if step._editing is not None and step._editing in set(editable["id"]):
        editing = editable[editable["id"] == step._editing].iloc[0]
    else:
        step._editing = None

    typed = _draft(step)

    def given(name: str, empty: Any = "") -> Any:
        if name in typed:
            return typed[name]
        return editing[name] if editing is not None else empty

    partners = sorted(refs.partners.items(), key=lambda kv: fold(kv[1]))
    partner = int(editing["partner_id"]) if editing is not None else (fixed_partner or 0)
    if fixed_partner is None and typed.get("partner_id") in refs.partners:
        partner = typed["partner_id"]
    step.f_partner = ipw.Dropdown(
        options=[(tr("Choose a partner"), 0)] + [(n, i) for i, n in partners],
        value=partner,
        disabled=fixed_partner is not None,
        layout=ipw.Layout(**WIDE),
    )
    step.f_partner.add_class("cikit-f-partner")
    step.f_name = ipw.Text(
        value=given("name"),
        placeholder=tr("e.g. Saturday drop-in respite"),
        layout=ipw.Layout(**WIDE),
    )
    step.f_name.add_class("cikit-f-name")
    step.f_description = ipw.Textarea(value=given("description"), rows=2,
                                      layout=ipw.Layout(**WIDE))  # fmt: skip
    strategies = [(tr("(none of the agenda's strategies)"), NO_STRATEGY)] + [
        (f"{code} — {name}", name) for name, code in strategy_codes(refs).items()
    ]
    chosen = given("strategy", NO_STRATEGY)
    step.f_strategy = ipw.Dropdown(
        options=strategies,
        value=chosen if chosen in refs.strategies else NO_STRATEGY,
        layout=ipw.Layout(**WIDE),
    )
    step.f_strategy.add_class("cikit-f-strategy")
    indicator_ids = shortlisted(step.workspace) or list(refs.indicators)[:12]
    step.f_indicators = checkboxes(
        [(refs.indicators.get(i, i), i) for i in indicator_ids],
        set(given("indicators", ())),
        "cikit-f-indicators",
    )
    step.f_populations = checkboxes(
        [(p, p) for p in refs.populations], set(given("populations", ())), "cikit-f-populations"
    )
    step.f_territories = checkboxes(
        [(t, t) for t in refs.territories], set(given("territories", ())), "cikit-f-territories"
    )
    month = tr("YYYY-MM")
    step.f_start = ipw.Text(value=given("start"), placeholder=month,
                            layout=ipw.Layout(width="9em"))  # fmt: skip
    step.f_end = ipw.Text(value=given("end"), placeholder=month,
                          layout=ipw.Layout(width="9em"))  # fmt: skip
    staff = fmt.decimal(editing["staff"], lang, empty="") if editing is not None else ""
    step.f_staff = ipw.Text(
        value=typed.get("staff", staff),
        placeholder=fmt.decimal(0.5, lang),
        layout=ipw.Layout(width="7em"),
    )
    bands = [(tr("(not said)"), "")] + [
        (e.label(lang), e.id) for e in content.entries("budget_bands")
    ]
    budget = given("budget")
    step.f_budget = ipw.Dropdown(
        options=bands,
        value=budget if budget in {band for _label, band in bands} else "",
        layout=ipw.Layout(**WIDE),
    )
    step.f_practices = {}
    for name in PRACTICES:
        widget = ipw.Text(value=given(name), layout=ipw.Layout(**WIDE))
        widget.add_class(f"cikit-f-{name}")
        step.f_practices[name] = widget
    _keep_drafts(step)
    step.form_status = MessageArea()
    guarded = step.page.guarded
    save = ipw.Button(
        description=tr("Save the changes") if editing is not None else tr("Add the activity"),
        button_style="primary",
    )
    save.add_class("cikit-f-save")
    save.on_click(guarded(step.save_form))
    buttons = [save]
    if editing is not None:
        cancel = ipw.Button(description=tr("Cancel"))
        cancel.on_click(guarded(step.cancel_edit))
        remove = ipw.Button(description=tr("Remove this activity"), button_style="danger")
        remove.add_class("cikit-f-remove")
        remove.on_click(guarded(step.remove_editing))
        buttons += [cancel, remove]
    row = ipw.HBox(buttons)
    row.add_class("cikit-buttons")
    dates = ipw.HBox([field(tr("Start"), step.f_start),
                      field(tr("End (empty if ongoing)"), step.f_end),
                      field(tr("Staff (FTE)"), step.f_staff)])  # fmt: skip
    dates.add_class("cikit-dates")
    picker = edit_picker(step, refs, editable)
    title = tr("Edit an activity") if editing is not None else tr("Declare an activity")
    practices_hint = tr(
        "How families get in, are supported and are referred elsewhere, in a few "
        "words: the group compares practices to harmonise them."
    )
    fields = [
        ipw.HTML(f"<h3>{html.escape(title)}</h3>"),
        *([picker] if picker is not None else []),
        field(tr("Partner"), step.f_partner),
        field(tr("Name of the activity"), step.f_name),
        field(tr("What it does (optional)"), step.f_description),
        field(tr("Strategy of the common agenda it serves"), step.f_strategy),
        field(tr("Shared indicators it contributes to"), step.f_indicators),
        field(tr("Populations reached"), step.f_populations),
        field(tr("Territories reached"), step.f_territories),
        dates,
        field(tr("Budget"), step.f_budget),
        ipw.HTML("<p class='cikit-hint'>" + html.escape(practices_hint) + "</p>"),
        field(tr("Intake"), step.f_practices["intake"]),
        field(tr("Support"), step.f_practices["support"]),
        field(tr("Referral"), step.f_practices["referral"]),
        row,
        step.form_status,
    ]
    box = ipw.VBox(fields)
    box.add_class("cikit-activity-form")
    return box


def _draft(step: DeclarationRound) -> dict[str, Any]:
    """What the person had typed in this form before it was drawn again (a new round
    state, a reveal): text as typed, choices still offered; checked again on save."""
    found = getattr(step, "_form_draft", None)
    if not found or found[0] != step._editing:
        return {}
    text = {"name", "description", "start", "end", "staff", *PRACTICES}
    lists = {"indicators", "populations", "territories"}
    kept: dict[str, Any] = {}
    for name, value in found[1].items():
        if name in text and isinstance(value, str):
            kept[name] = value
        elif name in lists and isinstance(value, list):
            kept[name] = [v for v in value if isinstance(v, str)]
        elif name in ("strategy", "budget") and isinstance(value, str):
            kept[name] = value
        elif name == "partner_id" and isinstance(value, int):
            kept[name] = value
    return kept


def _keep_drafts(step: DeclarationRound) -> None:
    """Remember the form as the person fills it: the step outlives its redraws."""

    def keep(_change) -> None:
        step._form_draft = (step._editing, form_values(step))

    holders = (step.f_indicators, step.f_populations, step.f_territories)
    boxes = [box for holder in holders for box in getattr(holder, "children", ())]
    fields = (step.f_partner, step.f_name, step.f_description, step.f_strategy, step.f_start,
              step.f_end, step.f_staff, step.f_budget, *step.f_practices.values(), *boxes)  # fmt: skip
    for widget in fields:
        widget.observe(keep, names="value")


def edit_picker(
    step: DeclarationRound, refs: References, editable: pd.DataFrame
) -> ipw.Widget | None:
    """Choose an activity to edit; by partner first so 10,000 activities stay usable."""
    if editable.empty:
        return None
    tr = step.tr
    guarded = step.page.guarded
    if step.is_facilitator:
        present = sorted({int(p) for p in editable["partner_id"]},
                         key=lambda p: fold(refs.partners.get(p, "")))  # fmt: skip
        if step._list_partner not in present:
            step._list_partner = present[0]
        partner = ipw.Dropdown(
            options=[(refs.partners.get(p, str(p)), p) for p in present],
            value=step._list_partner,
            layout=ipw.Layout(**WIDE),
        )
        partner.add_class("cikit-edit-partner")
        partner.observe(guarded(step.on_list_partner), names="value")
        chosen = editable[editable["partner_id"] == step._list_partner]
    else:
        partner, chosen = None, editable
    options = [(tr("New activity"), 0)] + [
        (str(n)[:80], int(i)) for i, n in zip(chosen["id"], chosen["name"], strict=True)
    ]
    step.edit_choice = ipw.Dropdown(
        options=options,
        value=step._editing if step._editing in set(chosen["id"]) else 0,
        layout=ipw.Layout(**WIDE),
    )
    step.edit_choice.add_class("cikit-edit-choice")
    step.edit_choice.observe(guarded(step.on_edit_choice), names="value")
    widgets = [field(tr("Edit an activity already declared"), step.edit_choice)]
    if partner is not None:
        widgets.insert(0, field(tr("Activities of"), partner))
    box = ipw.VBox(widgets)
    box.add_class("cikit-edit-picker")
    return box


def checkboxes(options: list[tuple[str, str]], chosen: set[str], css: str) -> ipw.Widget:
    """One checkbox per option; each remembers its value (``_cikit_value``)."""
    boxes = [
        ipw.Checkbox(
            value=v in chosen,
            description=label,
            indent=False,
            layout=ipw.Layout(width="auto", max_width="100%"),
        )  # fmt: skip
        for label, v in options
    ]
    for box, (_label, v) in zip(boxes, options, strict=True):
        box._cikit_value = v
    holder = ipw.VBox(boxes) if boxes else ipw.HTML("<p class='cikit-hint'>–</p>")
    holder.add_class("cikit-checkboxes")
    holder.add_class(css)
    return holder


def checked(holder: ipw.Widget) -> list[str]:
    return [b._cikit_value for b in getattr(holder, "children", ()) if b.value is True]


def field(label: str, widget: ipw.Widget) -> ipw.Widget:
    box = ipw.VBox([ipw.HTML(f'<label class="cikit-label">{html.escape(label)}</label>'),
                    widget])  # fmt: skip
    box.add_class("cikit-field")
    return box


def form_values(step: DeclarationRound) -> dict[str, Any]:
    """What the form holds, as an activity (values untrusted: checked on save)."""
    return {
        "partner_id": step.f_partner.value,
        "name": step.f_name.value,
        "description": step.f_description.value,
        "strategy": step.f_strategy.value,
        "indicators": checked(step.f_indicators),
        "populations": checked(step.f_populations),
        "territories": checked(step.f_territories),
        "start": step.f_start.value,
        "end": step.f_end.value,
        "staff": step.f_staff.value,
        "budget": step.f_budget.value,
        **{name: w.value for name, w in step.f_practices.items()},
    }
