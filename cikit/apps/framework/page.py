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

import hmac
import html
import logging
import os
from collections.abc import Hashable
from contextlib import contextmanager
from importlib import resources
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlencode

import ipywidgets as ipw
import traitlets as tl

from cikit import content
from cikit.apps import gate, restored
from cikit.apps.framework.polling import Poller
from cikit.apps.framework.roles import Role
from cikit.apps.framework.step import Step, StepState
from cikit.components.language import LanguageSwitch
from cikit.components.messages import MessageArea
from cikit.components.urlparams import URLParams
from cikit.errors import N_, CikitError, WorkspaceError
from cikit.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator, choose_language
from cikit.i18n.translator import normalize_language, query_params
from cikit.paths import workbook_path

if TYPE_CHECKING:
    from cikit.store import Workspace

log = logging.getLogger("cikit.apps")

WORKSPACE_ENV = "CIKIT_WORKSPACE"
KEY_ENV = "CIKIT_FACILITATOR_KEY"
ROLE_ENV = gate.ROLE_ENV

FACILITATOR_POLL = 1.0
"""Seconds between two looks at the workspace on the facilitator's page."""
PARTICIPANT_POLL = 2.0
"""…on a participant's page, give or take :data:`PARTICIPANT_JITTER`, so that a room of
phones does not look all at once."""
PARTICIPANT_JITTER = 0.5
COUNT_POLL = 2.0
"""Seconds between two counts of the room on a page without steps."""

LOADING = N_("Loading…")
DRAWING_FAILED = N_(
    "This part of the page could not be drawn. What was saved is safe: "
    "reload the page, and tell the facilitator if it happens again."
)
WRONG_KEY = N_(
    "The facilitator key is missing or wrong: this is the participant "
    "view. Use the facilitator link that cikit serve printed."
)


def _stylesheet() -> str:
    return resources.files("cikit.components").joinpath("style.css").read_text(encoding="utf-8")


def in_voila() -> bool:
    """True in a kernel started by Voila (preheated or on request)."""
    return bool(os.environ.get("VOILA_PREHEAT")) or os.environ.get(
        "SERVER_SOFTWARE", ""
    ).startswith("voila")


def close_tree(widget: ipw.Widget, keep: set[int] = frozenset()) -> None:
    """Close a widget and everything it shows (children, bqplot marks, axes and scales)."""
    if id(widget) in keep or getattr(widget, "comm", None) is None:
        return
    parts = list(getattr(widget, "children", ()) or ())
    for name in ("marks", "axes"):
        parts += list(getattr(widget, name, ()) or ())
    scales = getattr(widget, "scales", None)
    if isinstance(scales, dict):
        parts += list(scales.values())
    for part in parts:
        if isinstance(part, ipw.Widget):
            close_tree(part, keep)
    widget.close()


def replace_children(box: ipw.Box, children: tuple | list) -> None:
    """Show new children in ``box`` and close the old ones' comms, so redraws don't pile
    up widgets in the kernel and the browser."""
    children = tuple(children)
    keep = {id(w) for w in children}
    old = [w for w in box.children if id(w) not in keep]
    box.children = children
    for widget in old:
        close_tree(widget, keep)


class WorkbookPage(ipw.VBox):
    """A workbook's page: a header (title, initiative, language), its steps, links."""

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

    # -- language and role ----------------------------------------------------------------

    @property
    def tr(self) -> Translator:
        return Translator(self.lang)

    @property
    def is_facilitator(self) -> bool:
        return self.role is Role.FACILITATOR

    def _on_query(self, change) -> None:
        """Apply ``?lang=``, ``?role=`` and ``?key=`` from the browser (untrusted), redrawing once."""
        params = query_params(change["new"])
        lang = choose_language(change["new"], self._workspace_lang)
        role = Role.PARTICIPANT
        notice = None
        if params.get("role") == Role.FACILITATOR.value:
            given = params.get("key", "").encode("utf-8", "replace")
            if self._key and hmac.compare_digest(given, self._key.encode("utf-8")):
                role = Role.FACILITATOR
            else:
                notice = (WRONG_KEY, "error")
                log.warning("facilitator view refused: wrong or missing key")
            if "key" in params:  # checked: the browser takes it out of the address bar
                self.url.key_state = "accepted" if role is Role.FACILITATOR else "refused"
        elif not in_voila() and "role" not in params:
            role = self.role
        if (lang, role, notice) == (self.lang, self.role, self._url_notice) and not self._waiting:
            return
        self._url_notice = notice
        if self._waiting:
            restored.fresh_page(self)
        self._waiting = False
        with self._one_render():
            self.lang = lang
            self.role = role

    @contextmanager
    def _one_render(self):
        """Change several view traits and redraw once, not once per trait."""
        self._batch = True
        try:
            yield
        finally:
            self._batch = False
        self.render()

    def _on_view_change(self, change) -> None:
        if change["name"] == "lang":
            self.url.push = {"lang": self.lang}
        if not self._batch:
            self.render()

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

    # -- header, links, footer ---------------------------------------------------------------------

    def title(self, tr: Translator) -> str:
        entry = content.get("workbooks", self.workbook_id)
        return entry.label(self.lang) if entry else self.workbook_id

    def _header(self, tr: Translator) -> ipw.Widget:
        switch = LanguageSwitch(self.lang, tooltip=tr("Language"))
        switch.observe(lambda change: setattr(self, "lang", change["new"]), names="value")
        initiative = ""
        if self.workspace is not None and self._problem is None:
            try:
                initiative = self.workspace.profile()["name"]
            except CikitError:
                initiative = ""
        role_label = tr("Facilitator view") if self.is_facilitator else tr("Participant view")
        heading = ipw.HTML(
            '<div class="cikit-heading">'
            f'<div class="cikit-initiative">{html.escape(initiative)}</div>'
            f'<h1 class="cikit-title">{html.escape(self.title(tr))}</h1>'
            f'<div class="cikit-role cikit-role-{self.role.value}">{html.escape(role_label)}</div>'
            "</div>"
        )
        bar = ipw.HBox([heading, switch])
        bar.add_class("cikit-header")
        return bar

    def link_params(self) -> str:
        """The query string that keeps language and role when moving between workbooks.

        Never the key: the next page's :class:`URLParams` adds the one this tab keeps.
        """
        params = {"lang": self.lang}
        if self.is_facilitator:
            params.update(role="facilitator")
        return urlencode(params)

    def workbook_links(self, tr: Translator) -> str:
        """HTML list of the workbooks that exist, each with its one-line summary."""
        items = []
        for entry in content.workbooks():
            if entry.id == self.workbook_id or not workbook_path(entry.id).exists():
                continue
            href = html.escape(f"{entry.id}.ipynb?{self.link_params()}", quote=True)
            items.append(
                f'<li><a class="cikit-workbook-link" href="{href}">'
                f"<strong>{html.escape(entry.label(self.lang))}</strong>"
                f"<span>{html.escape(entry.text('summary', self.lang))}</span></a></li>"
            )
        if not items:
            return ""
        return f'<ul class="cikit-workbooks">{"".join(items)}</ul>'

    def _footer(self, tr: Translator) -> ipw.Widget:
        return ipw.HTML(
            '<div class="cikit-footer">'
            + html.escape(tr("cikit — collective impact workbooks"))
            + "</div>"
        )


__all__ = [
    "KEY_ENV",
    "ROLE_ENV",
    "WORKSPACE_ENV",
    "StepState",
    "WorkbookPage",
    "close_tree",
    "in_voila",
    "replace_children",
]
