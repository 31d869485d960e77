"""Step 1, the relationship survey: a live round (a *wave*) of Varda et al.'s PARTNER tool.

Each person says which partner they answer for, then rates each other partner's
level of interaction and the trust and value items; the latest answer per partner
counts.  What a participant's phone runs: the questions, read and checked with the
store's light methods and :mod:`cikit.analysis.network_items` (no pandas, no
networkx).  The results are the network (:mod:`.network_view`), drawn when shown.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from cikit.analysis.network_items import parse_item, valid_value
from cikit.apps.communication.waves import (
    ROUND_KEY,
    partner_names,
    wave_label,
    wave_partners,
)
from cikit.apps.framework import LiveRound
from cikit.errors import N_, ValidationError
from cikit.store.respondent import participant_id

if TYPE_CHECKING:
    import pandas as pd

LABEL_MAX = 80


class SurveyRound(LiveRound):
    """How do the partners work together, and how far do they trust each other?"""

    id = "survey"
    label = N_("1. Relationship survey")
    participant_label = N_("Survey")
    round_key = ROUND_KEY
    records_conclusion = False

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self._as_partner: int | None = None
        self._target: int | None = None
        self._wave_label = ""
        self.ratings: dict[str, Any] = {}
        self.last_measures = None

    # -- the wave -----------------------------------------------------------------------------

    def wave_partners(self, wave: dict | None = None) -> list[int]:
        """The partners the current wave (or ``wave``) asks about."""
        return wave_partners(self.workspace, self.round if wave is None else wave)

    def round_config(self) -> dict[str, Any]:
        partners = [pid for pid, _name, _sector in self.workspace.partner_rows()]
        if len(partners) < 2:
            raise ValidationError(
                N_("The survey needs at least two partners: add them in the Start workbook first.")
            )
        count = len(self.workspace.rounds_of(self.workbook_id, self.round_key)) + 1
        label = getattr(self, "wave_label_text", None)
        text = label.value if label is not None and isinstance(label.value, str) else ""
        text = " ".join(text.split())[:LABEL_MAX] or self.tr("Wave {number}").format(number=count)
        return {"label": text, "date": dt.date.today().isoformat(), "partners": partners}

    # -- drawing -----------------------------------------------------------------------------------

    def build(self) -> list[ipw.Widget]:
        text = self.tr(
            "Each partner rates its relationship with each other partner: how the two "
            "work together, how far it trusts them, and what they bring. Answer for your "
            "organisation; if a colleague from the same organisation answers too, the "
            "latest answer counts."
        )
        intro = ipw.HTML(f'<p class="cikit-lead">{html.escape(text)}</p>')
        return [intro, *super().build()]

    def build_before(self) -> list[ipw.Widget]:
        """The facilitator's current wave, and the name of the next one."""
        tr = self.tr
        widgets: list[ipw.Widget] = []
        if self.round is not None:
            widgets.append(
                self.note(tr("Current wave: {label}").format(label=wave_label(self.round)))
            )
        self.wave_label_text = ipw.Text(
            value=self._wave_label,
            placeholder=tr("e.g. Autumn 2026"),
            layout=ipw.Layout(width="100%", max_width="360px"),
        )
        self.wave_label_text.add_class("cikit-wave-label")
        self.wave_label_text.observe(
            lambda change: setattr(self, "_wave_label", change["new"]), names="value"
        )
        label = tr("Name of the next wave (when you open a new round)")
        widgets.append(
            ipw.VBox(
                [
                    ipw.HTML(f'<label class="cikit-label">{html.escape(label)}</label>'),
                    self.wave_label_text,
                ]
            )
        )
        return widgets

    # -- answers ----------------------------------------------------------------------------------

    def items(self) -> list[str]:
        # Not listed: the items are (answering partner, rated partner, field); see refusal().
        return []

    def allowed_values(self, item: str) -> set:
        return set()

    def refusal(self, item: Any, value: Any) -> str | None:
        """Refuse a rating of oneself, of (or by) a partner outside the wave, or off the scale."""
        tr = self.tr
        parsed = parse_item(item)
        if parsed is None or not valid_value(parsed[2], value):
            return tr("This answer cannot be saved.")
        source, target, _field = parsed
        if source == target:
            return tr("A partner does not rate its relationship with itself.")
        partners = set(self.wave_partners())
        if source not in partners or target not in partners:
            return tr("This partner is not part of this survey.")
        return None

    def _my_partner(self, answers: dict[str, Any]) -> int | None:
        """Who this person answers for: their choice, else their last answers, else their partner."""
        partners = self.wave_partners()
        if self._as_partner in partners:
            return self._as_partner
        for item in reversed(list(answers)):
            parsed = parse_item(item)
            if parsed and parsed[0] in partners:
                return parsed[0]
        pid = participant_id(self.respondent)
        if pid is not None:
            partner = self.workspace.partner_of(pid)
            if partner in partners:
                return partner
        return None

    def build_questions(self, answers: dict[str, Any], disabled: bool) -> list[ipw.Widget]:
        from cikit.apps.communication.rating import rating_questions

        return rating_questions(self, partner_names(self.workspace), answers, disabled)

    def _on_as_partner(self, change) -> None:
        new = change["new"]
        if new is not None and new not in self.wave_partners():
            self.status.show(self.tr("This partner is not part of this survey."), "error")
            return
        self._as_partner = new
        self._target = None
        self.redraw()

    def _on_target(self, change) -> None:
        if change["new"] in self.wave_partners() and change["new"] != self._target:
            self._target = change["new"]
            self.redraw()

    def _move(self, targets: list[int], step: int) -> None:
        if self._target in targets:
            index = max(0, min(len(targets) - 1, targets.index(self._target) + step))
            self._target = targets[index]
            self.redraw()

    # -- the group's results: the network of this wave -----------------------------------------------

    def build_results(self, responses: pd.DataFrame) -> list[ipw.Widget]:
        from cikit.analysis.network import NetworkError, measures
        from cikit.apps.communication.network_view import network_view

        try:
            found = measures(responses, self.wave_partners())
        except NetworkError as err:
            return [self.note(err.render(self.tr))]
        self.last_measures = found
        return network_view(self, found)
