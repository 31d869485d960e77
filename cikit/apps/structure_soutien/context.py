"""Step 4, the context: the crisis moments the group recognises today, and the scale.

Tamarack names three moments in times of crisis and three scales of collective
impact; each tick or choice is saved at once as a new version of the decision
``settings``.  Facilitator only.
"""

from __future__ import annotations

import html

import ipywidgets as ipw

from cikit import content
from cikit.apps.gate import facilitator_only
from cikit.apps.structure_soutien.decisions import DecisionStep
from cikit.components.messages import MessageArea
from cikit.errors import N_


class ContextStep(DecisionStep):
    """The setting the backbone works in."""

    id = "context"
    label = N_("4. Context")

    def build(self) -> list[ipw.Widget]:
        tr = self.tr
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
        save = self.page.guarded(lambda _change: self._save_context())
        for widget in (*self.crisis_checks.values(), self.scale_choice):
            widget.observe(save, names="value")
        saved_note = tr("Each tick or choice is saved at once, as a new version.")
        return [
            ipw.HTML(f'<p class="cikit-lead">{html.escape(intro)}</p>'),
            self.section(tr("Crisis moments")),
            crisis,
            self.section(tr("Scale")),
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
