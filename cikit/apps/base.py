"""What every workbook app shares: the workspace, the language, the role, the page frame.

An app is built once per kernel.  With preheated kernels it is built before
anyone opens the page, so the language and role from the URL arrive later,
through :class:`~cikit.components.URLParams`, and the app redraws itself.
"""

from __future__ import annotations

import enum
import hmac
import html
import logging
import os
from contextlib import contextmanager
from importlib import resources
from typing import ClassVar
from urllib.parse import urlencode

import ipywidgets as ipw
import traitlets as tl

from cikit import content
from cikit.apps import gate, restored
from cikit.components import LanguageSwitch, MessageArea, URLParams
from cikit.errors import N_, CikitError, WorkspaceError
from cikit.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator, choose_language
from cikit.i18n.translator import normalize_language, query_params
from cikit.paths import workbook_path
from cikit.store import Workspace, open_workspace

log = logging.getLogger("cikit.apps")

WORKSPACE_ENV = "CIKIT_WORKSPACE"
KEY_ENV = "CIKIT_FACILITATOR_KEY"


LOADING = N_("Loading…")
DRAWING_FAILED = N_(
    "This part of the page could not be drawn. What was saved is safe: "
    "reload the page, and tell the facilitator if it happens again."
)


class Role(enum.Enum):
    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"


def _stylesheet() -> str:
    return resources.files("cikit.components").joinpath("style.css").read_text(encoding="utf-8")


def in_voila() -> bool:
    """True in a kernel started by Voila (preheated or on request)."""
    return bool(os.environ.get("VOILA_PREHEAT")) or os.environ.get(
        "SERVER_SOFTWARE", ""
    ).startswith("voila")


class WorkbookApp(ipw.VBox):
    """Base class: a header (title, initiative, language), a body per role, links to workbooks."""

    workbook_id: ClassVar[str] = ""

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
        self.style_html = ipw.HTML(f"<style>{_stylesheet()}</style>")
        self.style_html.add_class("cikit-style")
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
    def for_page(cls, *, role: str | Role | None = None) -> WorkbookApp:
        """The app for a notebook cell: workspace from ``CIKIT_WORKSPACE``, view from the URL.

        In Voila the role comes from the URL and needs the facilitator key (``role``
        is ignored there).  Outside Voila (an analyst in JupyterLab) the participant
        view is shown unless the facilitator role is chosen: ``role="facilitator"``
        or ``CIKIT_ROLE=facilitator`` (see :func:`cikit.apps.gate.page_role`).
        """
        location = os.environ.get(WORKSPACE_ENV, "").strip()
        workspace = None
        problem: CikitError | None = None
        if not location:
            problem = WorkspaceError(
                N_("No workspace is open. Start cikit with: cikit serve --workspace FILE")
            )
        else:
            try:
                workspace = open_workspace(location)
                workspace.throttle_answers()  # one page = one kernel = one person's pace
            except CikitError as err:
                problem = err
        query = os.environ.get("QUERY_STRING", "")
        voila = in_voila()
        app = cls(
            workspace,
            lang=normalize_language(query_params(query).get("lang")),
            role=gate.page_role(role, voila=voila),
            facilitator_key=gate.usable_key(os.environ.get(KEY_ENV)),
            problem=problem,
            waiting=voila and not query,
        )
        if voila and query:
            app._on_query({"new": query})
        return app

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
                notice = (
                    N_(
                        "The facilitator key is missing or wrong: this is the participant "
                        "view. Use the facilitator link that cikit serve printed."
                    ),
                    "error",
                )
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
        self._replace_children((self.style_html, self.url, header, self.message, *body, footer))

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
        """Show new children and close the old ones' comms, so redraws don't pile up widgets.

        A workshop page may redraw many times (language, round opened, revealed…);
        widgets that are no longer shown would otherwise live on in both the kernel
        and the browser until the page closes.
        """
        keep = {id(w) for w in children}
        old = [w for w in self.children if id(w) not in keep]
        self.children = children
        for widget in old:
            close_tree(widget, keep)

    def build_body(self, tr: Translator) -> list[ipw.Widget]:
        """The workbook's own content; subclasses override."""
        return []

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
        footer = ipw.HTML(
            '<div class="cikit-footer">'
            + html.escape(tr("cikit — collective impact workbooks"))
            + "</div>"
        )
        return footer


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
