"""The facilitator's side of a live round: the counter, reveal / hide, close / reopen, a
new round, the live results and the group's conclusion.

Only the facilitator's kernel imports this module (and, through the results, pandas
and the charts).  Every action goes through the round step's gated methods, so a
participant's kernel could not act even if it held these widgets.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as ipw
import pandas as pd

from cikit.apps.framework.page import replace_children
from cikit.apps.gate import facilitator_only
from cikit.components.messages import MessageArea
from cikit.errors import CikitError
from cikit.store.rounds import OPEN

if TYPE_CHECKING:
    from cikit.apps.framework.live_round import LiveRound


class RoundControls:
    """Builds and refreshes the facilitator's view of one :class:`LiveRound`."""

    def __init__(self, step: LiveRound) -> None:
        self.step = step
        self.page = step.page
        self.controls_box = ipw.VBox()
        self.controls_box.add_class("cikit-controls")
        self.results_box: ipw.VBox | None = None

    # -- drawing ------------------------------------------------------------------------------

    def build(self) -> list[ipw.Widget]:
        step, tr = self.step, self.step.tr
        responses = step.responses()
        self._fill_controls(responses)
        parts: list[ipw.Widget] = [step.heading(tr("The round")), self.controls_box]
        if step.round is not None:
            self.results_box = ipw.VBox(step.results_for(responses))
            self.results_box.add_class("cikit-results")
            step.results_box = self.results_box
            parts += [step.heading(tr("Live results")), self.results_box]
            if step.records_conclusion:
                parts.append(self._conclusion(responses))
        return parts

    def refresh(self) -> None:
        """New answers in the same round: the counter and the results, in place."""
        responses = self.step.responses()
        self._fill_controls(responses, anonymous=self.step.anonymous_choice.value)
        if self.results_box is not None:
            replace_children(self.results_box, self.step.results_for(responses))

    def _fill_controls(self, responses: pd.DataFrame, *, anonymous: bool | None = None) -> None:
        step, tr = self.step, self.step.tr
        rnd = step.round
        if anonymous is None:
            anonymous = bool(rnd["anonymous"]) if rnd else False
        step.anonymous_choice = ipw.ToggleButtons(
            options=[(tr("Named answers"), False), (tr("Anonymous answers"), True)],
            value=bool(anonymous),
            style={"button_width": "auto"},
        )
        step.anonymous_choice.add_class("cikit-anonymous-choice")
        step.new_round_button = ipw.Button(
            description=tr("Open a new round") if rnd else tr("Open the round"),
            button_style="" if rnd else "primary",
        )
        step.new_round_button.on_click(
            self.page.guarded(
                lambda _b: step.open_round(anonymous=bool(step.anonymous_choice.value))
            )
        )
        widgets: list[ipw.Widget] = []
        if rnd is None:
            widgets.append(
                step.note(
                    tr("No round yet. Choose named or anonymous answers, then open the round.")
                )
            )
        else:
            answered, joined = self.step.workspace.round_counts(rnd["id"])
            is_open = rnd["status"] == OPEN
            state = tr("Open") if is_open else tr("Closed")
            shown = (
                tr("Results shown to participants")
                if rnd["revealed"]
                else tr("Results hidden from participants")
            )
            kind = tr("Anonymous answers") if rnd["anonymous"] else tr("Named answers")
            out_of = tr("answered out of {joined} joined").format(joined=joined)
            step.counter = ipw.HTML(
                '<div class="cikit-counter">'
                f'<span class="cikit-count">{answered}</span> '
                f"{html.escape(out_of)}"
                f'<div class="cikit-round-state">{html.escape(state)} · {html.escape(shown)}'
                f" · {html.escape(kind)}</div>"
                "</div>"
            )
            step.reveal_button = ipw.Button(
                description=tr("Hide the results") if rnd["revealed"] else tr("Reveal the results"),
                button_style="" if rnd["revealed"] else "primary",
            )
            step.reveal_button.on_click(self.page.guarded(lambda _b: step.toggle_reveal()))
            step.close_button = ipw.Button(
                description=tr("Close the round") if is_open else tr("Reopen the round"),
                button_style="danger" if is_open else "",
            )
            step.close_button.on_click(self.page.guarded(lambda _b: step.toggle_close()))
            buttons = ipw.HBox([step.reveal_button, step.close_button])
            buttons.add_class("cikit-buttons")
            widgets += [step.counter, buttons]
        new_round = ipw.HBox([step.anonymous_choice, step.new_round_button])
        new_round.add_class("cikit-buttons")
        widgets += [new_round, step.status]
        replace_children(self.controls_box, widgets)
        step.controls_box = self.controls_box

    # -- the conclusion ----------------------------------------------------------------------------

    def _conclusion(self, responses: pd.DataFrame) -> ipw.Widget:
        step, tr = self.step, self.step.tr
        ws = step.workspace
        latest = ws.decision(step.workbook_id, "conclusion")
        saved = (latest or {}).get("content", {}).get("text", "")
        step.conclusion_text = ipw.Textarea(
            value=step._draft if step._draft is not None else saved,
            placeholder=tr("What does the group conclude? What will it do next?"),
            rows=4,
            layout=ipw.Layout(width="100%", max_width="760px"),
        )
        step.conclusion_text.add_class("cikit-conclusion-text")
        step.conclusion_text.observe(
            lambda change: setattr(step, "_draft", change["new"]), names="value"
        )
        step.adopt_button = ipw.Button(
            description=tr("Record the group's conclusion"), button_style="primary"
        )
        step.adopt_button.on_click(self.page.guarded(lambda _b: self.adopt()))
        step.conclusion_status = MessageArea()
        history = []
        version = latest["version"] if latest else 0
        for number in range(version, max(0, version - 5), -1):
            decision = ws.decision(step.workbook_id, "conclusion", number)
            if decision:
                when = pd.Timestamp(decision["adopted_at"]).strftime("%Y-%m-%d %H:%M")
                history.append(
                    "<li>"
                    + html.escape(
                        tr("Version {version}, {date} UTC, {count} participants").format(
                            version=decision["version"],
                            date=when,
                            count=decision["supporters"] or 0,
                        )
                    )
                    + f"<div>{html.escape(decision['content'].get('text', ''))}</div></li>"
                )
        history_html = f'<ul class="cikit-history">{"".join(history)}</ul>' if history else ""
        box = ipw.VBox(
            [
                step.heading(tr("The group's conclusion")),
                step.conclusion_text,
                step.adopt_button,
                step.conclusion_status,
                ipw.HTML(history_html),
            ]
        )
        box.add_class("cikit-conclusion")
        return box

    @facilitator_only
    def adopt(self) -> None:
        step, tr = self.step, self.step.tr
        text = step.conclusion_text.value
        if not isinstance(text, str) or not text.strip():
            step.conclusion_status.show(tr("Write the conclusion first."), "error")
            return
        responses = step.responses()
        answered, _joined = step.workspace.round_counts(step.round["id"]) if step.round else (0, 0)
        try:
            version = step.workspace.adopt_decision(
                workbook=step.workbook_id,
                key="conclusion",
                content={
                    "text": text.strip()[:5000],
                    "round_id": step.round["id"] if step.round else None,
                    **step.conclusion_content(responses),
                },
                supporters=answered,
                adopted_by=tr("Facilitator"),
            )
        except CikitError as err:
            step.conclusion_status.show(err.render(tr), "error")
            return
        step._draft = None
        step.redraw()
        step.conclusion_status.show(
            tr("Conclusion recorded (version {version}).").format(version=version), "success"
        )
