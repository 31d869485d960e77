"""Step 3, the phases: the Channeling Change grid, ticked as the group goes.

Four components of the work, three phases; each tick is saved at once as a new
version of the decision ``phases``, and the overview above says where the
initiative stands (:func:`cikit.analysis.structure_soutien.where_are_we`).
Facilitator only.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as ipw

from cikit.apps.structure_soutien.decisions import DecisionStep
from cikit.components.messages import MessageArea
from cikit.errors import N_


class PhasesStep(DecisionStep):
    """Where the initiative stands in the three phases."""

    id = "phases"
    label = N_("3. Phases")

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self._reverting = False

    def phase_rule(self) -> ipw.HTML:
        from cikit.analysis.structure_soutien import HALF
        from cikit.i18n import format as fmt

        rule = self.tr(
            "How to read this: the initiative is in the furthest phase where at least {share} "
            "of the four components are ticked (if something is ticked but no phase reaches "
            "{share}, the first phase). Unticked items of earlier phases are listed to catch up."
        ).format(share=fmt.percent(HALF, self.tr.lang))
        return ipw.HTML(f'<p class="cikit-hint">{html.escape(rule)}</p>')

    def build(self) -> list[ipw.Widget]:
        from cikit.analysis.structure_soutien import cell_key

        tr = self.tr
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
                    description=f"{number}. {self.text(phase.get('short'))}",
                    indent=False,
                    layout=ipw.Layout(width="auto"),
                )
                check.add_class("cikit-bb-check")
                check.observe(self.page.guarded(self._tick_handler(key, check)), names="value")
                self.phase_checks[key] = check
                text = ipw.HTML(
                    f'<div class="cikit-bb-cell-text">'
                    f"{html.escape(self.text(entry['cells'][phase['id']]))}</div>"
                )
                card = ipw.VBox([check, text])
                card.add_class("cikit-bb-card")
                cards.append(card)
            line = ipw.HBox(cards)
            line.add_class("cikit-bb-cards")
            rows += [self.section(self.text(entry)), line]
        return [
            ipw.HTML(f'<p class="cikit-lead">{html.escape(intro)}</p>'),
            self.where_box,
            self.phase_rule(),
            *rows,
            self.phase_status,
        ]

    def _tick_handler(self, key: str, check: ipw.Checkbox):
        def handler(change) -> None:
            if self._reverting:
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
