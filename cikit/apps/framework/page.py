"""The page every workbook is: header, language, role, the strip of steps, the step shown.

A page is built once per kernel.  With preheated kernels it is built before anyone
opens it, so the language and role from the URL arrive later, through
:class:`~cikit.components.urlparams.URLParams`, and the page draws itself then.

A workbook declares its steps (``steps = (Views, Votes, Agenda)``); the page wires
them: it shows the strip, draws the step the person is on, polls it, redraws only
that step when it changes, and moves participants to the step where a round was just
opened.  Workbooks not yet written as steps override :meth:`WorkbookPage.build_body`.
"""

from __future__ import annotations

import html
import logging
import os
from importlib import resources
from typing import TYPE_CHECKING, ClassVar

import ipywidgets as ipw
import traitlets as tl

from cikit.apps import gate, restored
from cikit.apps.framework.following import (
    DRAWING_FAILED,
    FACILITATOR_POLL,
    PARTICIPANT_JITTER,
    PARTICIPANT_POLL,
    StepFollowing,
)
from cikit.apps.framework.header import WRONG_KEY, PageHeader, in_voila
from cikit.apps.framework.polling import Poller
from cikit.apps.framework.roles import Role
from cikit.apps.framework.step import Step, StepState
from cikit.apps.framework.widget_tree import close_tree, replace_children
from cikit.components.messages import MessageArea
from cikit.components.urlparams import URLParams
from cikit.errors import N_, CikitError, WorkspaceError
from cikit.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from cikit.i18n.translator import normalize_language, query_params

if TYPE_CHECKING:
    from collections.abc import Hashable

    from cikit.store import Workspace

log = logging.getLogger("cikit.apps")

WORKSPACE_ENV = "CIKIT_WORKSPACE"
KEY_ENV = "CIKIT_FACILITATOR_KEY"
ROLE_ENV = gate.ROLE_ENV

COUNT_POLL = 2.0
"""Seconds between two counts of the room on a page without steps."""

LOADING = N_("Loading…")


def _stylesheet() -> str:
    return resources.files("cikit.components").joinpath("style.css").read_text(encoding="utf-8")


class WorkbookPage(PageHeader, StepFollowing, ipw.VBox):
    """A workbook's page: a header (title, initiative, language), its steps, links.

    The header, language and role are :class:`~cikit.apps.framework.header.PageHeader`'s;
    the steps and following the group are
    :class:`~cikit.apps.framework.following.StepFollowing`'s; this class builds the page,
    draws it, and keeps the room (who is here) beside it.
    """

    workbook_id: ClassVar[str] = ""
    steps: ClassVar[tuple[type[Step], ...]] = ()
    """The workbook's steps, in order.  Empty for a page that draws itself."""

    lang = tl.Unicode(DEFAULT_LANGUAGE, help="Language on screen: 'fr' or 'en'.")
    role = tl.UseEnum(Role, default_value=Role.PARTICIPANT, help="Whose view is shown.")

    def __init__(
        self,
        workspace: Workspace | None,
        *,
        lang: str | None = None,
        role: Role = Role.PARTICIPANT,
        facilitator_key: str | None = None,
        url: URLParams | None = None,
        problem: CikitError | None = None,
        waiting: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.add_class("cikit-app")
        self.workspace = workspace
        self._key = facilitator_key
        self._problem = problem
        self._url_notice: tuple[str, str] | None = None
        self._batch = False
        # In Voila with a preheated kernel the page's URL is not known yet: wait for it
        # rather than draw a view in a language or role the person did not ask for.
        self._waiting = waiting
        self.url = url or URLParams()
        self.message = MessageArea()
        self.style_html = ipw.HTML(f"<style>{_stylesheet()}</style>")
        self.style_html.add_class("cikit-style")
        self.stage: str | None = None
        self.stage_picker: ipw.ToggleButtons | None = None
        self.step_box = ipw.VBox()
        self.step_box.add_class("cikit-step-box")
        self._steps: dict[str, Step] = {}
        self._rounds: dict[str, tuple] = {}
        self._step_signature: Hashable = None
        self.room = None  # the join panel, on the facilitator's page
        self._room_poller: Poller | None = None
        if getattr(self, "poller", None) is None:
            # Pages written before steps (``build_body``) bring their own poller.  A page
            # polls the workspace's generation too: a restore ends it (see restored).
            self.poller = Poller(
                lambda: restored.live_signature(self),
                lambda: restored.on_live_change(self),
                interval=FACILITATOR_POLL,
            )
        default = None
        if workspace is not None and problem is None:
            try:
                default = workspace.profile()["default_lang"]
            except CikitError as err:
                self._problem = err
        self._workspace_lang = default
        with self.hold_trait_notifications():
            self.lang = normalize_language(lang) or default or DEFAULT_LANGUAGE
            self.role = role
        self.observe(self._on_view_change, names=["lang", "role"])
        self.url.observe(self._on_query, names="query")
        # An empty query string is not a change, so also listen for the page being shown.
        self.url.observe(lambda _change: self._on_query({"new": self.url.query}), names="loaded")
        self.render()
        if self.url.query:
            self._on_query({"new": self.url.query})

    # -- building from the environment -----------------------------------------------

    @classmethod
    def for_page(
        cls, workspace: str | os.PathLike | None = None, *, role: str | Role | None = None
    ) -> WorkbookPage:
        """The page for a notebook cell.

        The workspace is ``workspace`` — what a copied workbook's first cell names (a
        file, relative to the notebook, or a database URL), so an analyst opens it in
        JupyterLab with no environment variable — else ``CIKIT_WORKSPACE`` (the served
        workbooks pass None and open the one ``cikit serve`` gives).  In Voila the role
        comes from the URL and needs the facilitator key.  Outside Voila (an analyst's
        JupyterLab) the facilitator view is an explicit choice — ``role="facilitator"`` or
        ``CIKIT_ROLE=facilitator`` — never what a failed detection falls back to.
        """
        from cikit.store import open_workspace

        given = os.fspath(workspace).strip() if workspace is not None else ""
        location = given or os.environ.get(WORKSPACE_ENV, "").strip()
        opened = None
        problem: CikitError | None = None
        if not location:
            problem = WorkspaceError(
                N_(
                    "No workspace is open. Name one in the notebook's first cell "
                    '(WORKSPACE = "demo.cikit"), or start cikit with: cikit serve --workspace FILE'
                )
            )
        else:
            try:
                opened = open_workspace(location)
                opened.throttle_answers()  # one page = one kernel = one person's pace
            except CikitError as err:
                problem = err
        query = os.environ.get("QUERY_STRING", "")
        voila = in_voila()
        page = cls(
            opened,
            lang=normalize_language(query_params(query).get("lang")),
            role=gate.page_role(role, voila=voila),
            facilitator_key=gate.usable_key(os.environ.get(KEY_ENV)),
            problem=problem,
            waiting=voila and not query,
        )
        if voila and query:
            page._on_query({"new": query})
        return page

    # -- drawing ------------------------------------------------------------------------------

    def render(self) -> None:
        """Redraw everything for the current language and role."""
        tr = self.tr
        self.message = MessageArea()
        if self._waiting:
            # The language is not known yet, so say it in both.
            words = [
                f'<span lang="{code}">{html.escape(Translator(code)(LOADING))}</span>'
                for code in LANGUAGES
            ]
            loading = ipw.HTML(
                f'<div class="cikit-waiting" role="status">{" · ".join(words)}</div>'
            )
            self._replace_children((self.style_html, self.url, loading))
            return
        if self._url_notice:
            self.message.show(tr(self._url_notice[0]), self._url_notice[1])
        header = self._header(tr)
        if self._problem is not None or self.workspace is None:
            problem = self._problem or WorkspaceError(N_("No workspace is open."))
            self.message.show(problem.render(tr), "error")
            body: list[ipw.Widget] = []
        elif restored.is_restored(self):
            body = restored.notice(self, tr)
        else:
            try:
                body = list(self.build_body(tr))
            except CikitError as err:
                self.message.show(err.render(tr), "error")
                body = []
            except Exception:  # noqa: BLE001 - a page must never freeze on a drawing bug
                # Voila hides tracebacks and a callback's exception is only logged, so
                # without this the person would see the old screen and think nothing happened.
                log.exception("drawing %s failed", type(self).__name__)
                self.message.show(tr(DRAWING_FAILED), "error")
                body = []
        footer = self._footer(tr)
        self._arrived()
        parts = [self.style_html, self.url, header]
        if self.room is not None:
            parts.append(self.room)
        self._replace_children((*parts, self.message, *body, footer))

    def guarded(self, function):
        """``function`` for a widget callback: an error becomes a message on the page.

        ipywidgets only logs a callback's exception and Voila hides it, so a
        failing redraw would otherwise look like a page that ignores the click.
        """

        def run(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except CikitError as err:
                self.message.show(err.render(self.tr), "error")
            except Exception:  # noqa: BLE001 - see the docstring
                log.exception("callback of %s failed", type(self).__name__)
                self.message.show(self.tr(DRAWING_FAILED), "error")
            return None

        return run

    def _replace_children(self, children: tuple) -> None:
        replace_children(self, children)

    # -- the room: who is here -------------------------------------------------------------------

    def _arrived(self) -> None:
        """Once the page knows who is looking: a participant counts as here; the
        facilitator gets the panel that lets a room join."""
        if self._waiting or self.workspace is None or self._problem is not None:
            return
        if self.is_facilitator:
            if self.room is None:
                from cikit.apps.framework.room import JoinPanel

                self.room = JoinPanel(self)
            else:
                self.room.redraw()
            if not self.steps and self._room_poller is None:
                # A page without steps polls its own way: keep the count live beside it.
                self._room_poller = Poller(
                    lambda: self.room.signature() if self.room else None,
                    lambda: self.room.refresh() if self.room else None,
                    interval=COUNT_POLL,
                )
                self._room_poller.start()
            return
        if self.room is not None:
            close_tree(self.room)
            self.room = None
        from cikit.apps.framework import presence

        presence.arrive(self)


__all__ = [
    "DRAWING_FAILED",
    "FACILITATOR_POLL",
    "KEY_ENV",
    "LOADING",
    "PARTICIPANT_JITTER",
    "PARTICIPANT_POLL",
    "ROLE_ENV",
    "WORKSPACE_ENV",
    "WRONG_KEY",
    "StepState",
    "WorkbookPage",
    "close_tree",
    "in_voila",
    "replace_children",
]
