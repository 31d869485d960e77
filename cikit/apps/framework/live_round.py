"""The live round as a step: the group answers, the facilitator reveals, closes, concludes.

A participant joins (picks their name, or only their sector when answers are
anonymous), answers, and can change answers until the round closes; the facilitator
sees answers arrive, reveals or hides the results, closes or reopens the round, and
records the group's conclusion as a versioned decision.  A workbook subclasses
:class:`LiveRound` once per round it runs (``round_key``), supplying the questions and
the results; a workbook may hold several.

This module is what a participant's phone loads: it reads the workspace through the
store's light methods (tuples and dicts, no pandas).  The facilitator's controls
(:mod:`cikit.apps.framework.round_controls`) and the results, which need pandas and
charts, are imported only where they are drawn.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, ClassVar

import ipywidgets as ipw
import traitlets as tl

from cikit.apps.framework.joining import NO_SECTOR, JoinRound
from cikit.apps.framework.page import replace_children
from cikit.apps.framework.published import PublishedResults, _basis
from cikit.apps.framework.step import Step, StepState
from cikit.apps.gate import facilitator_only
from cikit.components.messages import MessageArea
from cikit.errors import CikitError
from cikit.store.rounds import CLOSED, JOIN_ITEM, OPEN

if TYPE_CHECKING:
    import pandas as pd


log = logging.getLogger(__name__)


class RoundPhase(enum.Enum):
    """Where a round stands."""

    NONE = "none"
    OPEN = "open"
    CLOSED = "closed"


class LiveRound(JoinRound, PublishedResults, Step):
    """A step whose questions the group answers live.  Subclasses set ``round_key`` and
    provide :meth:`items`, :meth:`allowed_values`, :meth:`build_questions` and
    :meth:`build_results`."""

    round_key: ClassVar[str] = ""
    records_conclusion: ClassVar[bool] = True
    results_every: ClassVar[float] = 3.0
    """At most one redraw of a participant's revealed results per this many seconds, so
    a hundred phones do not redraw on every answer."""

    phase = tl.UseEnum(RoundPhase, default_value=RoundPhase.NONE, help="The round's status.")
    revealed = tl.Bool(False, help="Whether participants see the group's results.")

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self.round: dict[str, Any] | None = None
        self.respondent: str | None = None
        self.sector: str | None = None
        self._respondent_round: int | None = None
        self._draft: str | None = None
        self._reverting = False
        self._sampled: Hashable = None
        self._sampled_at = -1e9
        self._checked_at = -1e9
        self._published_basis: str | None = None
        self._shown_state: tuple | None = None
        self.status = MessageArea()
        self.controls = None  # the facilitator's RoundControls

    # -- what subclasses provide ----------------------------------------------------------

    def items(self) -> list[str]:
        """Every item id of the round (answers to other items are refused)."""
        raise TypeError(f"{type(self).__name__} must define items()")

    def allowed_values(self, item: str) -> set:
        """The values an answer to ``item`` may take."""
        raise TypeError(f"{type(self).__name__} must define allowed_values()")

    def build_questions(self, answers: dict[str, Any], disabled: bool) -> list[ipw.Widget]:
        raise TypeError(f"{type(self).__name__} must define build_questions()")

    def build_before(self) -> list[ipw.Widget]:
        """The facilitator's widgets above the round's controls (e.g. a vote's proposals)."""
        return []

    def round_config(self) -> dict[str, Any]:
        """What a new round keeps besides its items (e.g. a vote's candidates).

        Raise a :class:`~cikit.errors.CikitError` to refuse opening the round.
        """
        return {}

    def conclusion_content(self, responses: pd.DataFrame) -> dict[str, Any]:
        """What is recorded with the facilitator's conclusion, besides the text."""
        return {}

    # -- state ------------------------------------------------------------------------------------

    def update_state(self, rounds: dict[str, tuple]) -> None:
        found = rounds.get(self.round_key)
        if found is None:
            self.phase, self.revealed = RoundPhase.NONE, False
            self.state = StepState.READY
            return
        _rid, status, revealed, _anonymous = found[:4]
        self.phase = RoundPhase.OPEN if status == OPEN else RoundPhase.CLOSED
        self.revealed = bool(revealed)
        self.state = StepState.LIVE if status == OPEN else StepState.DONE

    def group_rank(self) -> int | None:
        found = self.page._rounds.get(self.round_key)
        return found[0] if found and found[1] == OPEN else None

    def _read_round(self) -> None:
        self.round = self.workspace.current_round(self.workbook_id, self.round_key)

    def _round_state(self) -> tuple | None:
        r = self.round
        return None if r is None else (r["id"], r["status"], r["revealed"], r["anonymous"])

    def signature(self) -> Hashable:
        """The round's state; with its answers for the facilitator, and for participants
        who see results, sampled at most every :attr:`results_every` seconds."""
        found = self.page._rounds.get(self.round_key)
        if found is None:
            return None
        state, published = tuple(found[:4]), found[4] if len(found) > 4 else None
        if self.is_facilitator:
            return (state, self.workspace.round_signature(state[0]))
        if not state[2]:  # hidden results: answers do not change a participant's screen
            return (state,)
        now = time.monotonic()
        if self._sampled is None or now - self._sampled_at >= self.results_every:
            self._sampled_at = now
            if not self.publishes:
                self._sampled = self.workspace.round_signature(state[0])
            elif now - self._checked_at >= self.stale_after:
                # Now and then, see whether answers went unpublished (no facilitator page).
                self._checked_at = now
                current = _basis(self.workspace.round_signature(state[0]))
                self._sampled = (published, current != published)
            else:
                self._sampled = (published, False)
        return (state, self._sampled)

    def on_change(self) -> None:
        before = self._shown_state
        self._read_round()
        if before != self._round_state() or (self.is_facilitator and self.controls is None):
            self.redraw()
            return
        # Same round, new answers: update counts and results in place, so a facilitator
        # typing the conclusion or a participant choosing a level is not interrupted.
        if self.is_facilitator:
            self.controls.refresh()
        elif self.round and self.round["revealed"] and hasattr(self, "results_box"):
            self._refresh_results()

    # -- drawing ------------------------------------------------------------------------------------

    def build(self) -> list[ipw.Widget]:
        self._read_round()
        self._shown_state = self._round_state()
        self.status = MessageArea()
        if self.is_facilitator:
            from cikit.apps.framework.round_controls import RoundControls

            self.controls = RoundControls(self)
            return [*self.build_before(), *self.controls.build()]
        self.controls = None
        return self._participant_body()

    def responses(self) -> pd.DataFrame:
        """Every answer of the round as a DataFrame (for results; imports pandas)."""
        import pandas as pd

        if not self.round:
            return pd.DataFrame(
                columns=["id", "respondent", "participant_id", "sector", "item", "value",
                         "created_at"]
            )  # fmt: skip
        return self.workspace.round_responses(self.round["id"])

    def _participant_body(self) -> list[ipw.Widget]:
        tr = self.tr
        if self.round is None:
            return [self.note(tr("No round is open yet. Wait for the facilitator's signal."))]
        if self._respondent_round != self.round["id"]:
            # A new round starts afresh: who someone was (named or not) stays with the old one.
            self.respondent, self.sector = None, None
            self._respondent_round = self.round["id"]
        self._recover_respondent()
        closed = self.round["status"] != OPEN
        parts: list[ipw.Widget] = []
        if self.respondent is None and not closed:
            parts.append(self._join_panel(tr))
        else:
            if closed:
                parts.append(self.note(tr("This round is closed: answers can no longer change.")))
            else:
                parts.append(
                    self.note(
                        tr(
                            "Your answers are saved as you give them. You can change them until the round closes."
                        )
                    )
                )
            answers = (
                self.workspace.round_answers_of(self.round["id"], self.respondent)
                if self.respondent
                else {}
            )
            parts.extend(self.build_questions(answers, closed))
            parts.append(self.status)
        if self.round["revealed"]:
            self.results_box = ipw.VBox(self._participant_results())
            self.results_box.add_class("cikit-results")
            self._sampled_at = time.monotonic()
            parts.append(self.heading(tr("The group's answers")))
            parts.append(self.results_box)
        else:
            if hasattr(self, "results_box"):
                del self.results_box
            if self.respondent is not None:
                parts.append(
                    self.note(
                        tr(
                            "The group's results will appear here when the facilitator reveals them."
                        )
                    )
                )
        return parts

    def _refresh_results(self) -> None:
        replace_children(self.results_box, self._participant_results())

    # -- answers ----------------------------------------------------------------------------------

    def answer_handler(self, item: str, widget: ipw.Widget):
        """An observer that saves ``widget``'s new value as the answer to ``item``.

        A refused answer (closed round, crafted value) puts the widget back on the
        previous value, so the screen shows what is saved.
        """

        def handler(change) -> None:
            if self._reverting or change["new"] is None:
                return
            if not self.submit(item, change["new"]):
                self._reverting = True
                try:
                    widget.value = change["old"]
                finally:
                    self._reverting = False

        return handler

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

    # -- the facilitator's actions (the gate checks the role when they run) -----------------------

    @facilitator_only
    def open_round(self, *, anonymous: bool) -> None:
        self._act(
            lambda: self.workspace.open_round(
                workbook=self.workbook_id,
                key=self.round_key,
                anonymous=bool(anonymous),
                config=self.round_config(),
            )
        )

    @facilitator_only
    def toggle_reveal(self) -> None:
        if self.round is None:
            return
        self._act(
            lambda: self.workspace.update_round(
                self.round["id"], revealed=not self.round["revealed"]
            )
        )

    @facilitator_only
    def toggle_close(self) -> None:
        if self.round is None:
            return
        status = CLOSED if self.round["status"] == OPEN else OPEN
        self._act(lambda: self.workspace.update_round(self.round["id"], status=status))

    def _act(self, action) -> None:
        try:
            action()
        except CikitError as err:
            self.status.show(err.render(self.tr), "error")
            return
        self.page._rounds = self.page._read_rounds()
        self.redraw()


__all__ = ["JOIN_ITEM", "NO_SECTOR", "LiveRound", "RoundPhase"]
