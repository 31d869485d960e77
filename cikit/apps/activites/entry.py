"""The facilitator's part of step 1, under the round: the places and populations the agenda
names, the activity form for any partner, the import from a file, and every activity.

Only the facilitator's kernel imports this module (and, with the import panel, the
file readers); its one write, :func:`save_places`, runs behind the step's gated
:meth:`~cikit.apps.activites.declare.DeclarationRound.save_places`.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as ipw

from cikit.analysis.activites.references import fold
from cikit.apps.activites.checks import problem_text
from cikit.apps.activites.form import build_form, field
from cikit.apps.activites.tables import activities_table
from cikit.components.messages import MessageArea
from cikit.errors import CikitError

if TYPE_CHECKING:
    from cikit.analysis.activites.references import References
    from cikit.apps.activites.declare import DeclarationRound

PLACE_LENGTH = 120
PLACES_MAX = 40


def facilitator_entry(step: DeclarationRound) -> list[ipw.Widget]:
    from cikit.apps.activites.import_panel import ActivityImportPanel

    tr = step.tr
    refs = step.refs()
    frame = step.workspace.activities()
    step.import_panel = ActivityImportPanel(step, refs)
    return [
        step.heading(tr("Places and populations the agenda names")),
        places_editor(step, refs),
        step.heading(tr("Enter or edit an activity")),
        build_form(step, refs, fixed_partner=None, editable=frame),
        step.heading(tr("Import activities from a file")),
        step.import_panel.widget,
        step.heading(tr("All activities ({count})").format(count=len(frame))),
        ipw.HTML(activities_table(tr, frame, refs)),
    ]


def places_editor(step: DeclarationRound, refs: References) -> ipw.Widget:
    tr = step.tr
    agenda = step.workspace.decision("02_plan_commun", "agenda")
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
    step.places_territories = ipw.Textarea(
        value="\n".join(refs.territories), rows=5,
        layout=ipw.Layout(width="100%", max_width="520px"),
    )  # fmt: skip
    step.places_territories.add_class("cikit-places-territories")
    step.places_populations = ipw.Textarea(
        value="\n".join(refs.populations), rows=5,
        layout=ipw.Layout(width="100%", max_width="520px"),
    )  # fmt: skip
    step.places_populations.add_class("cikit-places-populations")
    save = ipw.Button(description=tr("Save the lists"))
    save.add_class("cikit-places-save")
    save.on_click(step.page.guarded(step.save_places))
    step.places_status = MessageArea()
    columns = ipw.HBox(
        [field(tr("Territories"), step.places_territories),
         field(tr("Populations"), step.places_populations)]
    )  # fmt: skip
    columns.add_class("cikit-two-columns")
    return ipw.VBox([ipw.HTML(hint), columns, save, step.places_status])


def save_places(step: DeclarationRound) -> None:
    """Keep the lists as typed, one name a line, each once (compared loosely), bounded."""
    tr = step.tr
    lists = {}
    for key, widget in (("territories", step.places_territories),
                        ("populations", step.places_populations)):  # fmt: skip
        names: list[str] = []
        for line in str(widget.value or "").splitlines():
            name = " ".join(line.split())
            if not name:
                continue
            if len(name) > PLACE_LENGTH:
                step.places_status.show(problem_text(tr, "too_long", name[:40]), "error")
                return
            if fold(name) not in {fold(n) for n in names}:
                names.append(name)
        if len(names) > PLACES_MAX:
            step.places_status.show(
                tr("Too many entries ({count}; at most {limit}).").format(
                    count=len(names), limit=PLACES_MAX), "error")  # fmt: skip
            return
        lists[key] = names
    try:
        step.workspace.adopt_decision(workbook=step.workbook_id, key="places", content=lists)
    except CikitError as err:
        step.places_status.show(err.render(tr), "error")
        return
    step.redraw()
    step.status.show(tr("Lists saved."), "success")
