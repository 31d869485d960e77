"""The facilitator prepares a new version of the agenda: fields filled from the last version
(or the initiative's profile), from the vote's leading proposals on request, the
equity principles to tick, then adoption with the number of supporters.  Drawn only on the
facilitator's page; its two actions are the agenda step's gated methods."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from cikit.analysis.plan_commun import (
    FIELDS,
    AgendaError,
    clean_agenda,
    leading,
    missing_fields,
    split_lines,
)
from cikit.apps.plan_commun.common import AGENDA, VOTES
from cikit.errors import CikitError

if TYPE_CHECKING:
    from cikit.apps.plan_commun.agenda import AgendaStep


def agenda_form(step: AgendaStep, latest: dict | None) -> list[ipw.Widget]:
    tr = step.tr
    labels = step.labels()
    draft = step._agenda_draft
    if draft is None:
        if latest is not None:
            draft = dict(latest["content"])
        else:
            profile = step.workspace.profile()
            draft = {
                "problem": profile.get("issue", ""),
                "population": profile.get("population", ""),
                "territory": profile.get("territory", ""),
            }
        step._agenda_draft = draft
    suggested = [step.text(p) for p in step.doc["principles"]]
    given = [step.principle_text(p) for p in draft.get("principles", [])]
    chosen = [p for p in given if p in suggested]
    own = [p for p in given if p not in suggested]
    step.agenda_fields: dict[str, ipw.Widget] = {}
    lead = tr(
        "Assemble the document the group will adopt. A problem, a vision, a "
        "goal with its horizon and at least one strategy are needed; the rest "
        "can come in later versions."
    )
    widgets: list[ipw.Widget] = [ipw.HTML(f'<p class="cikit-lead">{html.escape(lead)}</p>')]
    step.fill_button = ipw.Button(description=tr("Fill in from the leading proposals"))
    step.fill_button.add_class("cikit-fill-leading")
    step.fill_button.on_click(step.page.guarded(step._fill_from_votes))
    widgets.append(step.fill_button)
    hints = {
        "data": tr("The local figures that show the problem (source, year)."),
        "goal": tr("A change that can be measured, e.g. from 29% to 22%."),
        "horizon": tr("The year the goal is for, e.g. 2030."),
        "strategies": tr("One strategy per line. The Activities workbook will use this list."),
        "evaluation": tr("Which indicators, who gathers them, how often the group looks at them."),
    }
    remember = lambda _change=None: remember_agenda(step)  # noqa: E731
    for field in FIELDS:
        if field in ("principles", "disagreements"):
            continue
        value = draft.get(field, "")
        if field == "strategies":
            value = "\n".join(value) if isinstance(value, list) else str(value or "")
        if field == "horizon":
            box: ipw.Widget = ipw.Text(value=str(value or ""), layout=ipw.Layout(width="140px"))
        else:
            box = ipw.Textarea(
                value=str(value or ""),
                rows=6 if field in ("strategies", "data", "evaluation") else 4,
                layout=ipw.Layout(width="100%", max_width="760px"),
            )
        box.add_class(f"cikit-agenda-input-{field}")
        box.observe(remember, names="value")
        step.agenda_fields[field] = box
        parts = [ipw.HTML(f'<label class="cikit-label">{html.escape(labels[field])}</label>')]
        if field in hints:
            parts.append(ipw.HTML(f'<div class="cikit-hint">{html.escape(hints[field])}</div>'))
        item = ipw.VBox([*parts, box])
        item.add_class("cikit-field")
        widgets.append(item)
    step.principle_boxes = [
        ipw.Checkbox(
            value=text in chosen, description=text, indent=False, layout=ipw.Layout(width="100%")
        )
        for text in suggested
    ]
    for box in step.principle_boxes:
        box.add_class("cikit-principle")
        box.observe(remember, names="value")
    step.own_principles = ipw.Textarea(
        value="\n".join(own),
        placeholder=tr("Other principles, one per line"),
        rows=2,
        layout=ipw.Layout(width="100%", max_width="760px"),
    )
    step.own_principles.observe(remember, names="value")
    principles_hint = tr(
        "Equity first: the principles below come from « Centering Equity in Collective Impact »."
    )
    widgets.append(
        ipw.VBox(
            [
                ipw.HTML(
                    f'<label class="cikit-label">{html.escape(labels["principles"])}</label>'
                    f'<div class="cikit-hint">{html.escape(principles_hint)}</div>'
                ),
                *step.principle_boxes,
                step.own_principles,
            ]
        )
    )
    open_ones = step.disagreements(only_open=True)
    listed = "".join(f"<li>{html.escape(d['content'].get('what', ''))}</li>" for d in open_ones)
    note = tr("Open disagreements are included as they stand (edit them in step 3):")
    widgets.append(
        ipw.HTML(
            f'<label class="cikit-label">{html.escape(labels["disagreements"])}</label>'
            f'<p class="cikit-hint">{html.escape(note)}</p>'
            + (f"<ul>{listed}</ul>" if listed else "<p>" + html.escape(tr("None.")) + "</p>")
        )
    )
    step.supporters_box = ipw.BoundedIntText(
        value=default_supporters(step), min=0, max=100_000, layout=ipw.Layout(width="120px")
    )
    step.supporters_box.add_class("cikit-supporters")
    step.adopt_agenda_button = ipw.Button(
        description=tr("Adopt this version"), button_style="primary"
    )
    step.adopt_agenda_button.add_class("cikit-adopt-agenda")
    step.adopt_agenda_button.on_click(step.page.guarded(step._adopt_agenda))
    supporters_label = html.escape(tr("Participants who support it"))
    row = ipw.HBox(
        [
            ipw.HTML(f'<label class="cikit-label">{supporters_label}</label>'),
            step.supporters_box,
            step.adopt_agenda_button,
        ]
    )
    row.add_class("cikit-buttons")
    widgets += [row, step.status]
    box = ipw.VBox(widgets)
    box.add_class("cikit-agenda-form")
    return [box]


def default_supporters(step: AgendaStep) -> int:
    """The people who answered the latest vote."""
    votes = step.workspace.current_round(step.workbook_id, VOTES)
    if votes is None:
        return 0
    answered, _joined = step.workspace.round_counts(votes["id"])
    return answered


def read_agenda_form(step: AgendaStep) -> dict[str, Any]:
    draft: dict[str, Any] = {field: box.value for field, box in step.agenda_fields.items()}
    draft["strategies"] = split_lines(draft.get("strategies", ""))
    principles = [b.description for b in step.principle_boxes if b.value]
    principles += split_lines(step.own_principles.value)
    draft["principles"] = principles
    return draft


def remember_agenda(step: AgendaStep) -> None:
    if hasattr(step, "own_principles"):
        step._agenda_draft = read_agenda_form(step)


def fill_from_votes(step: AgendaStep) -> None:
    """Put the latest vote's clear leaders in the form (the facilitator's, through the gate)."""
    from cikit.apps.plan_commun.votes import vote_config
    from cikit.apps.plan_commun.votes_results import ranked

    tr = step.tr
    votes = step.workspace.current_round(step.workbook_id, VOTES)
    if votes is None:
        step.status.show(tr("No vote yet."), "error")
        return
    _dots, candidates = vote_config(votes, step.doc)
    filled = []
    for field, table in ranked(
        votes, step.doc, step.workspace.round_responses(votes["id"])
    ).items():
        top = leading(table)
        if top is None or field not in step.agenda_fields:
            continue
        step.agenda_fields[field].value = next(
            c["text"] for c in candidates[field] if c["id"] == top
        )
        filled.append(step.labels().get(field, field))
    if filled:
        step.status.show(
            tr("Filled in from the vote: {fields}.").format(fields=", ".join(filled)), "success"
        )
    else:
        step.status.show(tr("No proposal leads clearly yet."), "info")


def adopt_agenda(step: AgendaStep) -> None:
    """Check the form against the agenda's rules and adopt it as a new version."""
    tr = step.tr
    labels = step.labels()
    try:
        agenda = clean_agenda(read_agenda_form(step))
    except AgendaError as err:
        label = labels.get(err.field, err.field)
        if err.reason == "too_long":
            message = tr("{field}: too long ({length} characters; at most {limit}).").format(
                field=label, **err.params
            )
        elif err.reason == "too_many":
            message = tr("{field}: too many items ({length}; at most {limit}).").format(
                field=label, **err.params
            )
        elif err.reason == "horizon":
            message = tr("{field}: give a year, e.g. 2030.").format(field=label)
        else:
            message = tr("This answer cannot be saved.")
        step.status.show(message, "error")
        return
    agenda["disagreements"] = [
        d["content"].get("what", "") for d in step.disagreements(only_open=True)
    ]
    missing = missing_fields(agenda)
    if missing:
        step.status.show(
            tr("Not adopted: fill in {fields} first.").format(
                fields=", ".join(labels[f] for f in missing)
            ),
            "error",
        )
        return
    supporters = step.supporters_box.value
    if isinstance(supporters, bool) or not isinstance(supporters, int) or supporters < 0:
        step.status.show(tr("This value must be a whole number."), "error")
        return
    try:
        version = step.workspace.adopt_decision(
            workbook=step.workbook_id,
            key=AGENDA,
            content=agenda,
            supporters=supporters,
            adopted_by=tr("Facilitator"),
        )
    except CikitError as err:
        step.status.show(err.render(tr), "error")
        return
    step._agenda_draft = None
    step._agenda_tab = "page"
    step.redraw()
    step.status.show(
        tr("Common agenda adopted (version {version}).").format(version=version), "success"
    )
