"""Step 2, the live round: each candidate rated High, Medium or Low on the three RBA criteria.

What a participant's phone runs (no pandas): the candidates of the round, each with
its three ratings.  The ranking is computed once on the facilitator's page
(:func:`cikit.analysis.mesure_commune.rating_summary`), published, and drawn from the
published rows everywhere (:mod:`.ranking`).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from cikit.analysis.mesure_commune_scale import CRITERIA, DONT_KNOW, LEVELS
from cikit.apps.framework import LiveRound
from cikit.apps.mesure_commune.common import Indicators
from cikit.errors import N_, ValidationError

if TYPE_CHECKING:
    import pandas as pd

MAX_CANDIDATES = 40


def round_candidates(step: Indicators, current: dict | None) -> list[str]:
    """The candidates a round rates (its config), leaving out those no longer known."""
    config = (current or {}).get("config")
    given = config.get("candidates") if isinstance(config, dict) else None
    if not isinstance(given, list):
        return []
    own = step.own_candidates()
    known = [c for c in given if isinstance(c, str) and step.indicator(c, own=own) is not None]
    return known[:MAX_CANDIDATES]


def ranking(step: Indicators, responses: pd.DataFrame, current: dict | None) -> pd.DataFrame:
    """The round's ranking (:func:`~cikit.analysis.mesure_commune.rating_summary`)."""
    from cikit.analysis.mesure_commune import rating_summary

    return rating_summary(responses, candidates=round_candidates(step, current))


class RatingRound(Indicators, LiveRound):
    """Would the public understand it, does it say something central, is there data?"""

    id = "rate"
    label = N_("2. Rating")
    participant_label = N_("Rate the indicators")
    round_key = "ratings"
    records_conclusion = False
    publishes = True

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self.rating_items: dict[str, Any] = {}

    # -- the round's items --------------------------------------------------------------------

    def round_candidates(self) -> list[str]:
        return round_candidates(self, self.round)

    def items(self) -> list[str]:
        return [f"rate.{c}.{k}" for c in self.round_candidates() for k in CRITERIA]

    def allowed_values(self, item: str) -> set:
        return {*LEVELS, DONT_KNOW}

    def round_config(self) -> dict[str, Any]:
        from cikit.apps.mesure_commune.candidates import CandidatesStep

        chosen = self.page.step_object(CandidatesStep.id).shortlist()
        own = self.own_candidates()
        chosen = [c for c in chosen if self.indicator(c, own=own)]
        if len(chosen) < 2:
            raise ValidationError(N_("Choose at least two candidates to rate (step 1)."))
        return {"candidates": chosen}

    # -- participants' questions --------------------------------------------------------------

    def criteria(self) -> dict[str, str]:
        tr = self.tr
        return {
            "communication": tr("Communication power: would the public understand it?"),
            "proxy": tr("Proxy power: does it say something central about the result?"),
            "data": tr("Data power: is good, timely data available?"),
        }

    def build_questions(self, answers: dict[str, Any], disabled: bool) -> list[ipw.Widget]:
        from cikit.components.likert import LikertItem

        tr = self.tr
        criteria = self.criteria()
        levels = [(tr("High"), "high"), (tr("Medium"), "medium"), (tr("Low"), "low")]
        self.rating_items = {}
        intro = tr(
            "For each candidate, rate three things: would the public understand "
            "it (communication), does it say something central about the result "
            "(proxy), is good data available in time (data)?"
        )
        widgets: list[ipw.Widget] = [ipw.HTML(f'<p class="cikit-lead">{html.escape(intro)}</p>')]
        candidates = self.round_candidates()
        own = self.own_candidates()
        for indicator_id in candidates:
            info = self.indicator(indicator_id, own=own)
            parts: list[ipw.Widget] = [
                ipw.HTML(
                    f'<div class="cikit-candidate"><strong>{html.escape(info["name"])}</strong>'
                    f'<div class="cikit-indicator-plain">{html.escape(info["plain"])}</div></div>'
                )
            ]
            for criterion, label in criteria.items():
                item = f"rate.{indicator_id}.{criterion}"
                given = answers.get(item)
                likert = LikertItem(
                    label,
                    levels=levels,
                    dont_know=tr("Don't know"),
                    value=given if given in {*LEVELS, DONT_KNOW} else None,
                )
                likert.disabled = disabled
                likert.add_class("cikit-rating")
                likert.observe(self.answer_handler(item, likert), names="value")
                self.rating_items[item] = likert
                parts.append(likert)
            card = ipw.VBox(parts)
            card.add_class("cikit-candidate-card")
            widgets.append(card)
        if not candidates:
            widgets.append(self.note(tr("No candidates in this rating.")))
        return widgets

    # -- the ranking: computed once (pandas), published, drawn light everywhere ---------------

    def ranking(self, responses: pd.DataFrame | None = None) -> pd.DataFrame:
        """The ranking of the round's candidates (a DataFrame, for the facilitator and tests)."""
        if responses is None:
            responses = self.responses()
        return ranking(self, responses, self.round)

    def summarize(self, responses: pd.DataFrame) -> dict[str, Any]:
        from cikit.apps.mesure_commune.ranking import ranking_rows

        return {"rows": ranking_rows(self.ranking(responses))}

    def build_published(self, payload: dict[str, Any]) -> list[ipw.Widget]:
        from cikit.apps.mesure_commune.ranking import ranking_rules, ranking_table

        rows = payload.get("rows") if isinstance(payload, dict) else None
        if not rows:
            return [self.note(self.tr("No candidates in this rating."))]
        return [ranking_table(self, rows), ranking_rules(self.tr)]
