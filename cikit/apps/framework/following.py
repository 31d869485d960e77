"""The steps of a page, and following the group through them.

The page draws the step the person is on and polls it; when the facilitator opens a
round, a participant's page moves to the step where it was opened, and when answers
arrive only that step redraws (the header and the strip of steps stay, so what someone
is typing is not lost).  Kept apart from :mod:`cikit.apps.framework.page`, which
builds the page and draws its frame, so each stays small enough to read at once.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, ClassVar

import ipywidgets as ipw

from cikit.apps.framework.step import Step
from cikit.apps.framework.widget_tree import replace_children
from cikit.errors import N_, CikitError

if TYPE_CHECKING:
    from collections.abc import Callable

    from cikit.apps.framework.polling import Poller
    from cikit.apps.framework.roles import Role
    from cikit.components.messages import MessageArea
    from cikit.i18n import Translator
    from cikit.store import Workspace

log = logging.getLogger("cikit.apps")

FACILITATOR_POLL = 1.0
"""Seconds between two looks at the workspace on the facilitator's page."""
PARTICIPANT_POLL = 2.0
"""…on a participant's page, give or take :data:`PARTICIPANT_JITTER`, so that a room of
phones does not look all at once."""
PARTICIPANT_JITTER = 0.5

DRAWING_FAILED = N_(
    "This part of the page could not be drawn. What was saved is safe: "
    "reload the page, and tell the facilitator if it happens again."
)


class StepFollowing:
    """The part of :class:`~cikit.apps.framework.page.WorkbookPage` that shows its steps
    and follows the group's rounds (a mixin: the page's ``__init__`` sets the state)."""

    if TYPE_CHECKING:
        steps: ClassVar[tuple[type[Step], ...]]
        poller: Poller
        stage: str | None
        stage_picker: ipw.ToggleButtons | None
        step_box: ipw.VBox
        _steps: dict[str, Step]
        _rounds: dict[str, tuple]
        _step_signature: Hashable
        workbook_id: str
        workspace: Workspace | None
        role: Role
        is_facilitator: bool
        tr: Translator
        message: MessageArea
        room: Any

        def guarded(self, function: Callable) -> Callable: ...

    # -- steps ----------------------------------------------------------------------------------

    def step_object(self, step_id: str) -> Step:
        """The step with this id, made the first time it is asked for (it then keeps what
        the person was typing across redraws)."""
        if step_id not in self._steps:
            for cls in self.steps:
                if cls.id == step_id:
                    self._steps[step_id] = cls(self)
                    break
            else:
                raise KeyError(step_id)
        return self._steps[step_id]

    @property
    def step(self) -> Step | None:
        """The step on screen."""
        return self._steps.get(self.stage) if self.stage else None

    def visible_steps(self) -> list[type[Step]]:
        return [cls for cls in self.steps if cls.visible_to(self.role)]

    def resting_stage(self) -> str | None:
        """Where to land when no round is live (e.g. the adopted agenda); None: the first."""
        return None

    def default_stage(self) -> str:
        """Where the group is: the step with the newest live round, else where it rests."""
        visible = [cls.id for cls in self.visible_steps()]
        ranked = []
        for step_id in visible:
            step = self.step_object(step_id)
            step.update_state(self._rounds)
            rank = step.group_rank()
            if rank is not None:
                ranked.append((rank, step_id))
        if ranked:
            return max(ranked)[1]
        resting = self.resting_stage()
        return resting if resting in visible else visible[0]

    def build_body(self, tr: Translator) -> list[ipw.Widget]:
        """The strip of steps (when there are several) and the step the person is on."""
        if not self.steps:
            return []
        self._rounds = self._read_rounds()
        visible = self.visible_steps()
        if self.stage not in {cls.id for cls in visible}:
            self.stage = self.default_stage()
        parts: list[ipw.Widget] = []
        if len(visible) > 1:
            self.stage_picker = ipw.ToggleButtons(
                options=[(self.step_object(c.id).title(tr), c.id) for c in visible],
                value=self.stage,
                style={"button_width": "auto"},
            )
            self.stage_picker.add_class("cikit-steps")
            self.stage_picker.add_class("cikit-stage-picker")
            self.stage_picker.observe(self.guarded(self._on_stage), names="value")
            parts.append(self.stage_picker)
        self.step_box = ipw.VBox()
        self.step_box.add_class("cikit-step-box")
        self._draw_step()
        parts.append(self.step_box)
        self.poller.interval = FACILITATOR_POLL if self.is_facilitator else PARTICIPANT_POLL
        self.poller.jitter = 0.0 if self.is_facilitator else PARTICIPANT_JITTER
        self.poller.prime()
        self.poller.start()
        return parts

    def _draw_step(self) -> None:
        step = self.step_object(self.stage)
        step.update_state(self._rounds)
        try:
            widgets = step.build()
        except CikitError as err:
            self.message.show(err.render(self.tr), "error")
            widgets = []
        except Exception:  # noqa: BLE001 - see render()
            log.exception("drawing step %s of %s failed", step.id, type(self).__name__)
            self.message.show(self.tr(DRAWING_FAILED), "error")
            widgets = []
        replace_children(self.step_box, widgets)
        self._step_signature = self._safe_step_signature(step)

    def redraw_step(self) -> None:
        """Draw the step on screen again, leaving the header and the strip alone."""
        if self.stage is None or not self.steps:
            return
        self._draw_step()

    def go_to(self, stage: str) -> None:
        """Show another step (also moves the strip)."""
        if stage == self.stage:
            return
        if self.stage_picker is not None and self.stage_picker.value != stage:
            self.stage_picker.value = stage  # calls _on_stage, which sets the stage and draws
            if self.stage == stage:
                return
        self.stage = stage
        self.redraw_step()

    def _on_stage(self, change) -> None:
        if change["new"] is not None and change["new"] != self.stage:
            self.stage = change["new"]
            self.message.clear()
            self.redraw_step()

    # -- live updates ---------------------------------------------------------------------------

    def _read_rounds(self) -> dict[str, tuple]:
        """``key -> (id, status, revealed, anonymous, published)`` of the workbook's latest
        rounds (``published``: the basis of the results last published, or None)."""
        if self.workspace is None or not self.workbook_id:
            return {}
        return {
            state[0]: tuple(state[1:]) for state in self.workspace.round_states(self.workbook_id)
        }

    @staticmethod
    def _safe_step_signature(step: Step) -> Hashable:
        try:
            return step.signature()
        except CikitError:
            return None

    def _signature(self) -> Hashable:
        rounds = self._read_rounds()
        step = self.step
        own = step.signature() if step is not None else None
        room = self.room.signature() if self.room is not None else None
        return (tuple(sorted(rounds.items())), own, room)

    def _on_remote_change(self) -> None:
        self.guarded(self._follow)()

    def _follow(self) -> None:
        previous, self._rounds = self._rounds, self._read_rounds()
        if self.room is not None:
            self.room.refresh()
        opened = [
            (value[0], key)
            for key, value in self._rounds.items()
            if previous.get(key, (None,))[0] != value[0]
        ]
        if opened and not self.is_facilitator:
            # Participants follow the facilitator: a round just opened is where the group is.
            _rank, key = max(opened)
            for cls in self.visible_steps():
                if getattr(cls, "round_key", None) == key:
                    if cls.id != self.stage:
                        self.go_to(cls.id)
                        self._step_signature = self._safe_step_signature(self.step)
                        return
                    break
        step = self.step
        if step is None:
            return
        step.update_state(self._rounds)
        now = self._safe_step_signature(step)
        if now != self._step_signature:
            self._step_signature = now
            step.on_change()


__all__ = [
    "DRAWING_FAILED",
    "FACILITATOR_POLL",
    "PARTICIPANT_JITTER",
    "PARTICIPANT_POLL",
    "StepFollowing",
]
