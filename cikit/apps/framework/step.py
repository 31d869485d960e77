"""A step of a workbook, as an object.

After ``aiidalab_widgets_base``'s wizard: each step is a ``HasTraits`` with an
explicit :class:`StepState`, and the page only wires steps together — it shows the
strip of steps, draws the one the person is on, polls it, and follows the group.
A step declares once what it is (``id``, labels, who sees it); it draws itself
(:meth:`Step.build`), says cheaply when it would look different
(:meth:`Step.signature`) and updates itself when it does (:meth:`Step.on_change`).

A step module imports what it draws, when it draws it: a participant's page loads
only the steps it shows.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Hashable
from typing import TYPE_CHECKING, ClassVar

import ipywidgets as ipw
import traitlets as tl

from cikit.apps.framework.roles import Role

if TYPE_CHECKING:
    from cikit.apps.framework.page import WorkbookPage
    from cikit.components.messages import MessageArea
    from cikit.i18n import Translator
    from cikit.store import Workspace


class StepState(enum.Enum):
    """Where a step stands for the group."""

    INIT = "init"
    """Not looked at yet."""
    READY = "ready"
    """Nothing live: the step shows what is recorded."""
    LIVE = "live"
    """A live round of this step is open: this is where the group is."""
    DONE = "done"
    """Its outcome is recorded (its round closed)."""


class Step(tl.HasTraits):
    """One step of a workbook; subclasses set the class attributes and :meth:`build`."""

    id: ClassVar[str] = ""
    label: ClassVar[str] = ""
    """The step's name in the strip (a message id, translated when shown)."""
    participant_label: ClassVar[str | None] = None
    """The name participants see, when it differs (e.g. « Mon point de vue »)."""
    roles: ClassVar[frozenset[Role]] = frozenset(Role)
    """Who sees the step in the strip."""

    state = tl.UseEnum(StepState, default_value=StepState.INIT, help="Where the step stands.")

    def __init__(self, page: WorkbookPage, **kwargs) -> None:
        super().__init__(**kwargs)
        self.page = page

    # -- the page's context ------------------------------------------------------------------

    @property
    def workspace(self) -> Workspace:
        return self.page.workspace

    @property
    def workbook_id(self) -> str:
        return self.page.workbook_id

    @property
    def tr(self) -> Translator:
        return self.page.tr

    @property
    def lang(self) -> str:
        return self.page.lang

    @property
    def is_facilitator(self) -> bool:
        return self.page.is_facilitator

    @property
    def message(self) -> MessageArea:
        return self.page.message

    # -- what a step provides -----------------------------------------------------------------

    @classmethod
    def visible_to(cls, role: Role) -> bool:
        return role in cls.roles

    def title(self, tr: Translator) -> str:
        if not self.is_facilitator and self.participant_label:
            return tr(self.participant_label)
        return tr(self.label)

    def build(self) -> list[ipw.Widget]:
        """The step's widgets for the page's language and role."""
        raise TypeError(f"{type(self).__name__} must define build()")

    def signature(self) -> Hashable:
        """Cheap; polled while the step is on screen.  A new value calls :meth:`on_change`."""
        return None

    def on_change(self) -> None:
        """What the step does when its signature changed: by default, draw it again."""
        self.redraw()

    def update_state(self, rounds: dict[str, tuple]) -> None:
        """Set :attr:`state` from the workbook's rounds (``key -> (id, status, revealed,
        anonymous)``); steps with live rounds override."""
        if self.state is StepState.INIT:
            self.state = StepState.READY

    def group_rank(self) -> int | None:
        """How strongly the group is here: a live round's id (newest wins), else None."""
        return None

    def redraw(self) -> None:
        """Draw this step again, in place, if it is the one on screen."""
        if self.page.step is self:
            self.page.redraw_step()

    # -- small pieces shared by steps ----------------------------------------------------------

    @staticmethod
    def note(text: str) -> ipw.HTML:
        return ipw.HTML(f'<p class="cikit-note">{html.escape(text)}</p>')

    @staticmethod
    def heading(text: str) -> ipw.HTML:
        return ipw.HTML(f"<h2>{html.escape(text)}</h2>")
