"""The survey's questions on a participant's phone: whom I answer for, whom I rate, how.

One partner at a time: the level of interaction first; the trust and value items
only for a partner one works with (as in PARTNER).  Light: what a phone loads to
answer (no pandas).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from cikit import content
from cikit.analysis.network_items import LEVEL_LABELS, LEVELS, item_id
from cikit.components.likert import LikertItem
from cikit.errors import N_

if TYPE_CHECKING:
    from cikit.apps.communication.survey import SurveyRound
    from cikit.i18n import Translator

LEVEL_HELP = {
    "awareness": N_("we know what they do"),
    "cooperation": N_("we share information and help each other out"),
    "coordination": N_("we plan and run some things together"),
    "integration": N_("we pool resources and decide together"),
}
SCALE_LABELS = (N_("Not at all"), N_("A little"), N_("Fairly"), N_("A great deal"))
QUESTIONS = {
    "level": N_("How do your organisations work together today?"),
    "reliability": N_("Reliability: does this partner follow through on what it commits to?"),
    "mission": N_("Does this partner support the mission we share?"),
    "openness": N_("Is this partner open to frank discussion?"),
    "power": N_("Power and influence: can this partner move the shared work forward?"),
    "involvement": N_("How involved is this partner in the shared work?"),
    "resources": N_("Does this partner bring resources (funding, staff, data, space, know-how)?"),
}


def _e(tr: Translator, msgid: str) -> str:
    """A message translated and escaped for HTML: kept out of f-strings for the catalogs."""
    return html.escape(tr(msgid))


def rating_questions(
    step: SurveyRound, names: dict[int, str], answers: dict[str, Any], disabled: bool
) -> list[ipw.Widget]:
    """The organisation one answers for, the partner one rates, its questions, the way on."""
    tr, guarded = step.tr, step.page.guarded
    partners = step.wave_partners()
    source = step._my_partner(answers)
    if source is None and disabled:
        return []  # a closed wave, and nothing answered here: no empty list to choose from
    step.as_partner_choice = ipw.Dropdown(
        options=[(tr("Choose your organisation"), None)]
        + [(names.get(p, str(p)), p) for p in partners],
        value=source,
        layout=ipw.Layout(width="100%", max_width="520px"),
        disabled=disabled,
    )
    step.as_partner_choice.add_class("cikit-as-partner")
    step.as_partner_choice.observe(guarded(step._on_as_partner), names="value")
    label = tr("You answer for")
    head = ipw.VBox(
        [ipw.HTML(f'<label class="cikit-label">{html.escape(label)}</label>'),
         step.as_partner_choice]
    )  # fmt: skip
    if source is None:
        return [head, step.note(tr("Choose the organisation you answer for."))]
    step._as_partner = source
    targets = [p for p in partners if p != source]
    if step._target not in targets:
        step._target = targets[0] if targets else None
    if step._target is None:
        return [head, step.note(tr("There is no other partner to rate in this survey."))]
    # Done: every question answered, or "none" (no trust or value to rate then).
    done = {
        t for t in targets
        if answers.get(item_id(source, t, "level")) == "none"
        or all(item_id(source, t, f) in answers for f in QUESTIONS)
    }  # fmt: skip
    progress = tr("You rated {done} of {total} partners.").format(
        done=len(done), total=len(targets)
    )
    step.target_choice = ipw.Dropdown(
        options=[(("✓ " if t in done else "") + names.get(t, str(t)), t) for t in targets],
        value=step._target,
        layout=ipw.Layout(width="100%", max_width="520px"),
    )
    step.target_choice.add_class("cikit-target-choice")
    step.target_choice.observe(guarded(step._on_target), names="value")
    position = targets.index(step._target)
    step.previous_partner = ipw.Button(description=tr("Previous partner"),
                                       disabled=position == 0)  # fmt: skip
    step.next_partner = ipw.Button(description=tr("Next partner"), button_style="primary",
                                   disabled=position == len(targets) - 1)  # fmt: skip
    step.previous_partner.add_class("cikit-nav-button")
    step.next_partner.add_class("cikit-nav-button")
    step.previous_partner.on_click(guarded(lambda _b: step._move(targets, -1)))
    step.next_partner.on_click(guarded(lambda _b: step._move(targets, 1)))
    nav = ipw.HBox([step.previous_partner, step.next_partner])
    nav.add_class("cikit-buttons")
    page = _rating_page(step, source, step._target, answers, disabled, names)
    rate_label = tr("Partner you rate")
    if len(done) == len(targets):
        progress += " " + tr(
            "Thank you: every partner is rated. You can change answers until the round closes."
        )
    return [
        head,
        ipw.HTML(f'<p class="cikit-hint cikit-progress">{html.escape(progress)}</p>'),
        ipw.HTML(f'<label class="cikit-label">{html.escape(rate_label)}</label>'),
        step.target_choice,
        page,
        nav,
    ]


def _sector_of(step: SurveyRound, partner: int) -> str:
    sectors = {pid: sector for pid, _n, sector in step.workspace.partner_rows(include_removed=True)}
    entry = content.get("sectors", sectors[partner]) if partner in sectors else None
    return entry.text("short", step.lang) if entry else ""


def _rating_page(
    step: SurveyRound,
    source: int,
    target: int,
    answers: dict[str, Any],
    disabled: bool,
    names: dict[int, str],
) -> ipw.Widget:
    tr = step.tr
    step.ratings = {}
    sector = _sector_of(step, target)
    widgets: list[ipw.Widget] = [
        ipw.HTML(
            f'<h3 class="cikit-comm-target">{html.escape(names.get(target, str(target)))}'
            f' <span class="cikit-hint">{html.escape(sector)}</span></h3>'
        )
    ]
    levels = [(tr(LEVEL_LABELS[lv]), lv) for lv in LEVELS]
    helps = " · ".join(
        f"<strong>{_e(tr, LEVEL_LABELS[k])}</strong>: {_e(tr, v)}" for k, v in LEVEL_HELP.items()
    )
    scale = [(tr(label), number) for number, label in enumerate(SCALE_LABELS, start=1)]
    details: list[ipw.Widget] = []
    for number, (name, question) in enumerate(QUESTIONS.items(), start=1):
        if name == "reliability":
            details.append(ipw.HTML("<h4>" + html.escape(tr("Trust")) + "</h4>"))
        if name == "power":
            details.append(ipw.HTML("<h4>" + html.escape(tr("What this partner brings")) + "</h4>"))
        item = item_id(source, target, name)
        likert = LikertItem(
            tr(question),
            levels=levels if name == "level" else scale,
            dont_know=None,
            number=f"{number}.",
            value=answers.get(item),
        )
        likert.disabled = disabled
        likert.add_class(f"cikit-rate-{name}")
        likert.observe(step.answer_handler(item, likert), names="value")
        step.ratings[name] = likert
        if name == "level":
            widgets += [likert, ipw.HTML(f'<p class="cikit-hint">{helps}</p>')]
        else:
            details.append(likert)
    # Trust and value are asked only about partners one works with (as in PARTNER).
    step.rating_details = ipw.VBox(details)
    step.rating_details.add_class("cikit-comm-details")
    skipped = tr("No interaction: no trust or value to rate. Go on to the next partner.")
    step.no_interaction = ipw.HTML(f'<p class="cikit-note">{html.escape(skipped)}</p>')

    def show_details(change=None) -> None:
        none = step.ratings["level"].value == "none"
        step.rating_details.layout.display = "none" if none else ""
        step.no_interaction.layout.display = "" if none else "none"

    step.ratings["level"].observe(show_details, names="value")
    show_details()
    box = ipw.VBox([*widgets, step.no_interaction, step.rating_details])
    box.add_class("cikit-comm-rating")
    return box
