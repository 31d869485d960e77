"""The readiness round: each statement rated on Tamarack's four levels, or "don't know".

What a participant's phone runs: the statements, one section at a time.  The group's
results are in :mod:`cikit.apps.preconditions.results`, imported when they are shown.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from cikit import content
from cikit.analysis.scales import DONT_KNOW, LEVELS
from cikit.apps.framework import LiveRound
from cikit.components.likert import LikertItem
from cikit.components.navigator import StepNavigator
from cikit.errors import N_

if TYPE_CHECKING:
    import pandas as pd

CONTENT = "preconditions"


class ReadinessRound(LiveRound):
    """Is collective impact the right approach, and is the group ready for it?"""

    id = "readiness"
    label = N_("Readiness")
    round_key = "readiness"

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self.likert: dict[str, LikertItem] = {}
        self._question_step = 0
        self._shown_section: str | None = None

    # -- content ---------------------------------------------------------------------------------

    @property
    def doc(self) -> dict[str, Any]:
        return content.document(CONTENT)

    def text(self, value: dict | None) -> str:
        return content.pick(value, self.lang)

    def sections(self) -> dict[str, list[str]]:
        return {e["id"]: [st["id"] for st in e["statements"]] for e in self.doc["entries"]}

    def items(self) -> list[str]:
        return [item for items in self.sections().values() for item in items]

    def allowed_values(self, item: str) -> set:
        return {*LEVELS, DONT_KNOW}

    # -- participants' questions -------------------------------------------------------------------

    def build_questions(self, answers: dict[str, Any], disabled: bool) -> list[ipw.Widget]:
        levels = [(self.text(lv), lv["id"]) for lv in self.doc["levels"]]
        dont_know = self.text(self.doc["dont_know"])
        self.likert = {}

        def section(entry: dict) -> ipw.Widget:
            widgets: list[ipw.Widget] = [
                ipw.HTML(
                    f"<h2>{html.escape(self.text(entry))}</h2>"
                    f'<p class="cikit-lead">{html.escape(self.text(entry.get("intro")))}</p>'
                )
            ]
            for number, statement in enumerate(entry["statements"], start=1):
                item = LikertItem(
                    self.text(statement),
                    levels=levels,
                    dont_know=dont_know,
                    number=f"{number}.",
                    value=answers.get(statement["id"]),
                )
                item.disabled = disabled
                item.observe(self.answer_handler(statement["id"], item), names="value")
                self.likert[statement["id"]] = item
                widgets.append(item)
            page = ipw.VBox(widgets)
            page.add_class("cikit-step")
            return page

        # Each section is built when it is first shown: joining costs one section, not six.
        steps = [
            (self.text(entry), lambda entry=entry: section(entry)) for entry in self.doc["entries"]
        ]
        self.questions = StepNavigator(steps, tr=self.tr)
        # A redraw (reveal, close, language) keeps the person on the section they were on.
        self.questions.index = min(self._question_step, len(steps) - 1)
        self.questions.observe(
            lambda change: setattr(self, "_question_step", change["new"]), names="index"
        )
        return [self.questions]

    # -- the group's results: computed once (pandas), published, drawn light everywhere ---------

    publishes = True

    def summarize(self, responses: pd.DataFrame) -> dict[str, Any]:
        from cikit.analysis.rounds import round_summary

        payload = round_summary(responses, self.sections())
        self.last_payload = payload
        return payload

    def build_published(self, payload: dict[str, Any]) -> list[ipw.Widget]:
        from cikit.apps.preconditions.results import readiness_results

        return readiness_results(self, payload)

    def conclusion_content(self, responses: pd.DataFrame) -> dict[str, Any]:
        """The verdicts and averages recorded with the group's conclusion."""
        sections = self.summarize(responses)["sections"]
        return {
            "verdicts": {sid: row["verdict"] for sid, row in sections.items()},
            "means": {
                sid: (None if row["mean"] is None else round(row["mean"], 2))
                for sid, row in sections.items()
            },
        }
