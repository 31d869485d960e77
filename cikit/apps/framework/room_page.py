"""The join page: what a phone opens from the QR code or the short link (``/1``).

One notebook (``workbooks/rejoindre.ipynb``) serves every workbook's join link, so a
facilitator expecting a large room preheats one pool of kernels, whatever workbook the
group is on (``cikit serve --expect 100``).  A preheated kernel has opened the
workspace and loaded the framework; when the page's address arrives (``?w=01_preconditions``)
it imports that one workbook and becomes its participant page.
"""

from __future__ import annotations

import html
import logging
import os

import ipywidgets as ipw

from cikit.apps import gate
from cikit.apps.framework.page import (
    KEY_ENV,
    LOADING,
    WORKSPACE_ENV,
    WorkbookPage,
    in_voila,
)
from cikit.components.urlparams import URLParams
from cikit.errors import N_, CikitError, WorkspaceError
from cikit.i18n import LANGUAGES, Translator
from cikit.i18n.translator import query_params

log = logging.getLogger("cikit.apps.room")

UNKNOWN_LINK = N_(
    "This link does not lead to a workbook. Ask the facilitator for the link shown on the screen."
)


def workbook_from(value: str | None) -> str | None:
    """``01_preconditions`` or ``1`` → ``01_preconditions``; anything else → None."""
    from cikit.apps import APP_OF_WORKBOOK

    if not isinstance(value, str):
        return None
    value = value.strip()[:64]
    if value in APP_OF_WORKBOOK:
        return value
    if value.isdigit():
        for workbook in APP_OF_WORKBOOK:
            if int(workbook.split("_", 1)[0]) == int(value):
                return workbook
    return None


class RoomPage(ipw.VBox):
    """Waits for its address, then shows the named workbook's page in its place."""

    def __init__(
        self,
        workspace=None,
        *,
        problem: CikitError | None = None,
        facilitator_key: str | None = None,
        url: URLParams | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.add_class("cikit-room-page")
        self.workspace = workspace
        self._problem = problem
        self._key = facilitator_key
        self.url = url or URLParams()
        self.app: WorkbookPage | None = None
        words = [
            f'<span lang="{code}">{html.escape(Translator(code)(LOADING))}</span>'
            for code in LANGUAGES
        ]
        self.waiting = ipw.HTML(
            f'<div class="cikit-waiting" role="status">{" · ".join(words)}</div>'
        )
        self.children = (self.url, self.waiting)
        self.url.observe(self._on_query, names="query")
        self.url.observe(self._on_query, names="loaded")
        if self.url.query:
            self._on_query()

    @classmethod
    def for_page(cls) -> RoomPage:
        """The join page for the notebook cell: the workspace ``cikit serve`` named."""
        from cikit.store import open_workspace

        location = os.environ.get(WORKSPACE_ENV, "").strip()
        workspace, problem = None, None
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
        page = cls(
            workspace, problem=problem, facilitator_key=gate.usable_key(os.environ.get(KEY_ENV))
        )
        query = os.environ.get("QUERY_STRING", "")
        if query and not in_voila():
            page.url.query = query
        elif query:
            page._on_query({"new": query})
        return page

    def _on_query(self, change=None) -> None:
        if self.app is not None:
            return
        query = self.url.query
        if isinstance(change, dict) and isinstance(change.get("new"), str):
            query = change["new"] or query
        workbook = workbook_from(query_params(query).get("w"))
        if workbook is None:
            lang = query_params(query).get("lang")
            tr = Translator(lang if lang in LANGUAGES else "fr")
            text = html.escape(tr(UNKNOWN_LINK))
            self.waiting.value = f'<div class="cikit-msg cikit-msg-error" role="alert">{text}</div>'
            return
        from cikit.apps import app_for

        cls = app_for(workbook)
        self.app = cls(
            self.workspace,
            facilitator_key=self._key,
            url=self.url,
            problem=self._problem,
            waiting=True,
        )
        self.children = (self.app,)
        # The app listens to the address from now on; this page's part is done.
        self.url.unobserve(self._on_query, names="query")
        self.url.unobserve(self._on_query, names="loaded")
        self.app._on_query({"new": query})
