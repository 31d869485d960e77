"""The live round mechanism every group workbook reuses.

A participant joins (picks their name, or only their sector when answers are
anonymous), answers, and can change answers until the round closes; the
facilitator sees answers arrive, reveals or hides the results, closes or
reopens the round, and records the group's conclusion as a versioned decision.
Subclasses supply the questions and the results.
"""

from __future__ import annotations

import html
import logging
import secrets
from collections.abc import Callable
from typing import Any, ClassVar

import ipywidgets as ipw
import pandas as pd

from cikit import content
from cikit.apps import restored
from cikit.apps.base import WorkbookApp, close_tree
from cikit.apps.gate import facilitator_only
from cikit.apps.live import Poller
from cikit.components import MessageArea
from cikit.errors import CikitError
from cikit.i18n import Translator
from cikit.store.rounds import CLOSED, OPEN, participant_respondent

log = logging.getLogger("cikit.apps.rounds")

JOIN_ITEM = "_join"
NO_SECTOR = ""


def _close_replaced(old: tuple, new: tuple) -> None:
    keep = {id(w) for w in new}
    for widget in old:
        close_tree(widget, keep)


def _round_state(r: dict | None) -> tuple | None:
    return None if r is None else (r["id"], r["status"], r["revealed"], r["anonymous"])


class RoundApp(WorkbookApp):
    """A workbook whose questions are answered live by the group."""

    round_key: ClassVar[str] = ""
    poll_seconds: ClassVar[float] = 1.0
    records_conclusion: ClassVar[bool] = True

    def __init__(self, *args, **kwargs) -> None:
        self.respondent: str | None = None
        self.sector: str | None = None
        self._respondent_round: int | None = None
        self._draft: str | None = None
        self.round: dict[str, Any] | None = None
        self.poller = Poller(
            lambda: restored.live_signature(self),
            lambda: restored.on_live_change(self),
            interval=self.poll_seconds,
        )
        super().__init__(*args, **kwargs)

    # -- what subclasses provide ----------------------------------------------------------

    def items(self) -> list[str]:
        """Every item id of the round (answers to other items are refused)."""
        raise TypeError(f"{type(self).__name__} must define items()")

    def allowed_values(self, item: str) -> set:
        """The values an answer to ``item`` may take."""
        raise TypeError(f"{type(self).__name__} must define allowed_values()")

    def build_questions(
        self, tr: Translator, answers: dict[str, Any], disabled: bool
    ) -> list[ipw.Widget]:
        raise TypeError(f"{type(self).__name__} must define build_questions()")

    def build_results(self, tr: Translator, responses: pd.DataFrame) -> list[ipw.Widget]:
        raise TypeError(f"{type(self).__name__} must define build_results()")

    def round_config(self) -> dict[str, Any]:
        """What a new round keeps besides its items (e.g. a vote's candidates).

        Raise a :class:`~cikit.errors.CikitError` to refuse opening the round.
        """
        return {}

    def conclusion_content(self, responses: pd.DataFrame) -> dict[str, Any]:
        """What is recorded with the facilitator's conclusion, besides the text."""
        return {}

    # -- shared by the workbooks: an answer widget, and steps -------------------------------------

    def answer_handler(self, item: str, widget: ipw.Widget):
        """An observer that saves ``widget``'s new value as the answer to ``item``.

        A refused answer (closed round, crafted value) puts the widget back on the
        previous value, so the screen shows what is saved.
        """

        def handler(change) -> None:
            if getattr(self, "_reverting", False) or change["new"] is None:
                return
            if not self.submit(item, change["new"]):
                self._reverting = True
                try:
                    widget.value = change["old"]
                finally:
                    self._reverting = False

        return handler

    stage: str | None = None

    def _stages(self, tr: Translator) -> list[tuple[str, str]]:
        """(label, id) of the workbook's steps for the current role; workbooks with steps override."""
        return []

    def _default_stage(self) -> str:
        raise TypeError(f"{type(self).__name__} must define _default_stage()")

    def _stage_picker(self, tr: Translator) -> ipw.Widget:
        """The strip of steps; keeps the step the person is on, else where the group is."""
        options = self._stages(tr)
        if self.stage not in {value for _, value in options}:
            self.stage = self._default_stage()
        self.stage_picker = ipw.ToggleButtons(
            options=options, value=self.stage, style={"button_width": "auto"}
        )
        self.stage_picker.add_class("cikit-steps")
        self.stage_picker.add_class("cikit-stage-picker")
        self.stage_picker.observe(self.guarded(self._on_stage), names="value")
        return self.stage_picker

    def staged_body(
        self,
        tr: Translator,
        round_stage: str,
        builders: dict[str, Callable[[Translator], list[ipw.Widget]]],
        *,
        before: Callable[[], list[ipw.Widget]] | None = None,
        after: Callable[[], list[ipw.Widget]] | None = None,
    ) -> list[ipw.Widget]:
        """The strip of steps, then either the live round (with what goes ``before`` and
        ``after`` it) or the builder of the step the person is on, kept up to date by polling.

        Shared by the workbooks whose steps mix one live round with other views.
        """
        self._stage_picker(tr)
        self._seen_round = self.workspace.latest_round_id(self.workbook_id, self.round_key)
        if self.stage == round_stage:
            head = before() if before else []
            body = RoundApp.build_body(self, tr)
            return [self.stage_picker, *head, *body, *(after() if after else [])]
        self.round = self.workspace.current_round(self.workbook_id, self.round_key)
        self.status = MessageArea()
        body = builders[self.stage](tr)
        self.poller.prime()
        self.poller.start()
        return [self.stage_picker, *body]

    def _on_stage(self, change) -> None:
        if change["new"] != self.stage:
            self.stage = change["new"]
            self.render()

    # -- state ----------------------------------------------------------------------------------

    def _signature(self) -> tuple:
        current = self.workspace.current_round(self.workbook_id, self.round_key)
        if current is None:
            return (None,)
        return (current["id"], *self.workspace.round_signature(current["id"]))

    def _on_remote_change(self) -> None:
        previous = _round_state(self.round)
        self.round = self.workspace.current_round(self.workbook_id, self.round_key)
        if previous != _round_state(self.round) or (
            self.is_facilitator and not hasattr(self, "results_box")
        ):
            self.render()
            return
        # Same round, new answers: update counts and results in place, so a facilitator
        # typing the conclusion or a participant choosing a level is not interrupted.
        responses = self.responses()
        if self.is_facilitator:
            chosen = self.anonymous_choice.value
            old = self.controls_box.children
            self.controls_box.children = self._controls(
                self.tr, responses, anonymous=chosen
            ).children
            _close_replaced(old, self.controls_box.children)
            self._refresh_results(responses)
        elif self.round and self.round["revealed"] and hasattr(self, "results_box"):
            self._refresh_results(responses)

    def responses(self) -> pd.DataFrame:
        if not self.round:
            return pd.DataFrame(
                columns=[
                    "id",
                    "respondent",
                    "participant_id",
                    "sector",
                    "item",
                    "value",
                    "created_at",
                ]
            )
        return self.workspace.round_responses(self.round["id"])

    def counts(self, responses: pd.DataFrame) -> tuple[int, int]:
        """(answered, joined): people with at least one answer, people who joined."""
        joined = set(responses.loc[responses["item"] == JOIN_ITEM, "respondent"])
        answered = set(responses.loc[responses["item"] != JOIN_ITEM, "respondent"])
        return len(answered), len(joined | answered)

    def my_answers(self, responses: pd.DataFrame) -> dict[str, Any]:
        if not self.respondent:
            return {}
        mine = responses[
            (responses["respondent"] == self.respondent) & (responses["item"] != JOIN_ITEM)
        ]
        return dict(zip(mine["item"], mine["value"], strict=True))

    def _recover_respondent(self, responses: pd.DataFrame) -> None:
        """A reload in the same browser finds the same person (client id kept in the browser)."""
        client = self.url.client_id
        if self.respondent or not client:
            return
        joins = responses[responses["item"] == JOIN_ITEM]
        for row in joins.iloc[::-1].itertuples():
            if isinstance(row.value, dict) and row.value.get("client") == client:
                self.respondent = row.respondent
                self.sector = row.sector
                return

    # -- drawing --------------------------------------------------------------------------------

    def build_body(self, tr: Translator) -> list[ipw.Widget]:
        self.round = self.workspace.current_round(self.workbook_id, self.round_key)
        self.status = MessageArea()
        if self.is_facilitator:
            body = self._facilitator_body(tr)
        else:
            body = self._participant_body(tr)
        self.poller.prime()
        self.poller.start()
        return body

    # participant side

    def _participant_body(self, tr: Translator) -> list[ipw.Widget]:
        if self.round is None:
            return [self._note(tr("No round is open yet. Wait for the facilitator's signal."))]
        if self._respondent_round != self.round["id"]:
            # A new round starts afresh: who someone was (named or not) stays with the old one.
            self.respondent, self.sector = None, None
            self._respondent_round = self.round["id"]
        responses = self.responses()
        self._recover_respondent(responses)
        closed = self.round["status"] != OPEN
        parts: list[ipw.Widget] = []
        if self.respondent is None and not closed:
            parts.append(self._join_panel(tr))
        else:
            if closed:
                parts.append(self._note(tr("This round is closed: answers can no longer change.")))
            else:
                parts.append(
                    self._note(
                        tr(
                            "Your answers are saved as you give them. You can change them until the round closes."
                        )
                    )
                )
            parts.extend(self.build_questions(tr, self.my_answers(responses), closed))
            parts.append(self.status)
        if self.round["revealed"]:
            self.results_box = ipw.VBox(self.build_results(tr, responses))
            self.results_box.add_class("cikit-results")
            parts.append(self._heading(tr("The group's answers")))
            parts.append(self.results_box)
        elif self.respondent is not None:
            parts.append(
                self._note(
                    tr("The group's results will appear here when the facilitator reveals them.")
                )
            )
        return parts

    def _join_panel(self, tr: Translator) -> ipw.Widget:
        anonymous = bool(self.round["anonymous"])
        sectors = [(tr("(prefer not to say)"), NO_SECTOR)] + [
            (e.label(self.lang), e.id) for e in content.sectors()
        ]
        if anonymous:
            intro = tr(
                "Answers are anonymous in this round. Tell us your sector if you wish: it shows where views differ."
            )
            self.join_choice = ipw.Dropdown(options=sectors, value=NO_SECTOR)
            label = tr("Your sector")
        else:
            people = self.workspace.participants()
            partners = self.workspace.partners().set_index("id")["name"].to_dict()
            options = [(tr("Choose your name"), None)] + [
                (
                    f"{r.display_name} — {partners.get(r.partner_id, '')}".rstrip(" —")
                    if not pd.isna(r.partner_id)
                    else r.display_name,
                    int(r.id),
                )
                for r in people.sort_values("display_name").itertuples()
            ]
            intro = tr("Answers carry your name in this round. Find your name in the list.")
            self.join_choice = ipw.Dropdown(options=options, value=None)
            label = tr("Your name")
        self.join_choice.layout = ipw.Layout(width="100%", max_width="520px")
        self.join_choice.add_class("cikit-join-choice")
        self.join_button = ipw.Button(description=tr("Start answering"), button_style="primary")
        self.join_button.add_class("cikit-join-button")
        self.join_button.on_click(self._join)
        box = ipw.VBox(
            [
                ipw.HTML(f'<p class="cikit-lead">{html.escape(intro)}</p>'),
                ipw.HTML(f'<label class="cikit-label">{html.escape(label)}</label>'),
                self.join_choice,
                self.join_button,
                self.status,
            ]
        )
        box.add_class("cikit-join")
        return box

    def _join(self, _button=None) -> None:
        tr = self.tr
        choice = self.join_choice.value
        client = self.url.client_id or secrets.token_hex(12)
        try:
            if self.round["anonymous"]:
                respondent = f"a:{client}"
                sector = choice or None
            else:
                if choice is None:
                    self.status.show(tr("Choose your name first."), "error")
                    return
                if self._name_taken(choice, client):
                    self.status.show(
                        tr(
                            "This name already answers from another device in this round. "
                            "If it is yours, ask the facilitator to open a new round."
                        ),
                        "error",
                    )
                    return
                partner_id = self.workspace.participants().set_index("id").loc[choice, "partner_id"]
                partners = self.workspace.partners().set_index("id")["sector"]
                sector = None if pd.isna(partner_id) else partners.get(int(partner_id))
                respondent = participant_respondent(choice)
            self.workspace.answer(
                self.round["id"],
                respondent=respondent,
                item=JOIN_ITEM,
                value={"client": client},
                sector=sector,
            )
        except (CikitError, KeyError) as err:
            message = err.render(tr) if isinstance(err, CikitError) else tr("Unknown entry.")
            self.status.show(message, "error")
            return
        self.respondent, self.sector = respondent, sector
        self.render()

    def _name_taken(self, participant_id: int, client: str) -> bool:
        """True when this name joined the round from another browser (so no one reads or
        overwrites someone else's answers by picking their name)."""
        responses = self.responses()
        joins = responses[
            (responses["item"] == JOIN_ITEM)
            & (responses["respondent"] == participant_respondent(participant_id))
        ]
        return any(isinstance(v, dict) and v.get("client") != client for v in joins["value"])

    def refusal(self, item: Any, value: Any) -> str | None:
        """Why an answer is refused (a message in the person's language), or None if it is fine.

        Values come from the browser, so they are checked here and not trusted from
        the widgets.  The default accepts the values of :meth:`allowed_values`.
        """
        if (
            not isinstance(item, str)
            or not isinstance(value, (int, str))
            or isinstance(value, bool)
            or item not in self.items()
            or value not in self.allowed_values(item)
        ):
            return self.tr("This answer cannot be saved.")
        return None

    def submit(self, item: str, value: Any) -> bool:
        """Save one answer; False (with a message) if refused."""
        tr = self.tr
        problem = self.refusal(item, value)
        if problem is not None:
            log.warning("refused an answer: item=%r value=%.200r", item, value)
            self.status.show(problem, "error")
            return False
        if not self.round or not self.respondent:
            self.status.show(tr("Join the round first."), "error")
            return False
        try:
            self.workspace.answer(
                self.round["id"],
                respondent=self.respondent,
                item=item,
                value=value,
                sector=self.sector,
            )
        except CikitError as err:
            self.status.show(err.render(tr), "error")
            return False
        self.status.show(tr("Answer saved."), "success")
        return True

    # facilitator side

    def _facilitator_body(self, tr: Translator) -> list[ipw.Widget]:
        responses = self.responses()
        self.controls_box = self._controls(tr, responses)
        parts: list[ipw.Widget] = [self._heading(tr("The round")), self.controls_box]
        if self.round is not None:
            self.results_box = ipw.VBox(self.build_results(tr, responses))
            self.results_box.add_class("cikit-results")
            parts += [self._heading(tr("Live results")), self.results_box]
            if self.records_conclusion:
                parts.append(self._conclusion(tr, responses))
        return parts

    def _controls(
        self, tr: Translator, responses: pd.DataFrame, *, anonymous: bool | None = None
    ) -> ipw.Widget:
        if anonymous is None:
            anonymous = bool(self.round["anonymous"]) if self.round else False
        self.anonymous_choice = ipw.ToggleButtons(
            options=[(tr("Named answers"), False), (tr("Anonymous answers"), True)],
            value=bool(anonymous),
            style={"button_width": "auto"},
        )
        self.anonymous_choice.add_class("cikit-anonymous-choice")
        self.new_round_button = ipw.Button(
            description=tr("Open a new round") if self.round else tr("Open the round"),
            button_style="" if self.round else "primary",
        )
        self.new_round_button.on_click(self._new_round)
        widgets: list[ipw.Widget] = []
        if self.round is None:
            widgets.append(
                self._note(
                    tr("No round yet. Choose named or anonymous answers, then open the round.")
                )
            )
        else:
            answered, joined = self.counts(responses)
            is_open = self.round["status"] == OPEN
            state = tr("Open") if is_open else tr("Closed")
            shown = (
                tr("Results shown to participants")
                if self.round["revealed"]
                else tr("Results hidden from participants")
            )
            kind = tr("Anonymous answers") if self.round["anonymous"] else tr("Named answers")
            out_of = tr("answered out of {joined} joined").format(joined=joined)
            self.counter = ipw.HTML(
                '<div class="cikit-counter">'
                f'<span class="cikit-count">{answered}</span> '
                f"{html.escape(out_of)}"
                f'<div class="cikit-round-state">{html.escape(state)} · {html.escape(shown)} · {html.escape(kind)}</div>'
                "</div>"
            )
            self.reveal_button = ipw.Button(
                description=tr("Hide the results")
                if self.round["revealed"]
                else tr("Reveal the results"),
                button_style="" if self.round["revealed"] else "primary",
            )
            self.reveal_button.on_click(self._toggle_reveal)
            self.close_button = ipw.Button(
                description=tr("Close the round") if is_open else tr("Reopen the round"),
                button_style="danger" if is_open else "",
            )
            self.close_button.on_click(self._toggle_close)
            buttons = ipw.HBox([self.reveal_button, self.close_button])
            buttons.add_class("cikit-buttons")
            widgets += [self.counter, buttons]
        new_round = ipw.HBox([self.anonymous_choice, self.new_round_button])
        new_round.add_class("cikit-buttons")
        widgets += [new_round, self.status]
        box = ipw.VBox(widgets)
        box.add_class("cikit-controls")
        return box

    @facilitator_only
    def _new_round(self, _button=None) -> None:
        self._act(
            lambda: self.workspace.open_round(
                workbook=self.workbook_id,
                key=self.round_key,
                anonymous=bool(self.anonymous_choice.value),
                config=self.round_config(),
            )
        )

    @facilitator_only
    def _toggle_reveal(self, _button=None) -> None:
        self._act(
            lambda: self.workspace.update_round(
                self.round["id"], revealed=not self.round["revealed"]
            )
        )

    @facilitator_only
    def _toggle_close(self, _button=None) -> None:
        status = CLOSED if self.round["status"] == OPEN else OPEN
        self._act(lambda: self.workspace.update_round(self.round["id"], status=status))

    def _act(self, action) -> None:
        try:
            action()
        except CikitError as err:
            self.status.show(err.render(self.tr), "error")
            return
        self.render()

    def _refresh_results(self, responses: pd.DataFrame | None = None) -> None:
        if responses is None:
            responses = self.responses()
        old = self.results_box.children
        self.results_box.children = tuple(self.build_results(self.tr, responses))
        _close_replaced(old, self.results_box.children)

    # conclusion

    def _conclusion(self, tr: Translator, responses: pd.DataFrame) -> ipw.Widget:
        latest = self.workspace.decision(self.workbook_id, "conclusion")
        saved = (latest or {}).get("content", {}).get("text", "")
        self.conclusion_text = ipw.Textarea(
            value=self._draft if self._draft is not None else saved,
            placeholder=tr("What does the group conclude? What will it do next?"),
            rows=4,
            layout=ipw.Layout(width="100%", max_width="760px"),
        )
        self.conclusion_text.add_class("cikit-conclusion-text")
        self.conclusion_text.observe(
            lambda change: setattr(self, "_draft", change["new"]), names="value"
        )
        self.adopt_button = ipw.Button(
            description=tr("Record the group's conclusion"), button_style="primary"
        )
        self.adopt_button.on_click(self._adopt)
        self.conclusion_status = MessageArea()
        history = []
        version = latest["version"] if latest else 0
        for number in range(version, max(0, version - 5), -1):
            decision = self.workspace.decision(self.workbook_id, "conclusion", number)
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
                self._heading(tr("The group's conclusion")),
                self.conclusion_text,
                self.adopt_button,
                self.conclusion_status,
                ipw.HTML(history_html),
            ]
        )
        box.add_class("cikit-conclusion")
        return box

    @facilitator_only
    def _adopt(self, _button=None) -> None:
        tr = self.tr
        text = self.conclusion_text.value
        if not isinstance(text, str) or not text.strip():
            self.conclusion_status.show(tr("Write the conclusion first."), "error")
            return
        responses = self.responses()
        answered, _joined = self.counts(responses)
        try:
            version = self.workspace.adopt_decision(
                workbook=self.workbook_id,
                key="conclusion",
                content={
                    "text": text.strip()[:5000],
                    "round_id": self.round["id"] if self.round else None,
                    **self.conclusion_content(responses),
                },
                supporters=answered,
                adopted_by=tr("Facilitator"),
            )
        except CikitError as err:
            self.conclusion_status.show(err.render(tr), "error")
            return
        self._draft = None
        self.render()
        self.conclusion_status.show(
            tr("Conclusion recorded (version {version}).").format(version=version), "success"
        )

    # small pieces

    @staticmethod
    def _note(text: str) -> ipw.HTML:
        return ipw.HTML(f'<p class="cikit-note">{html.escape(text)}</p>')

    @staticmethod
    def _heading(text: str) -> ipw.HTML:
        return ipw.HTML(f"<h2>{html.escape(text)}</h2>")
