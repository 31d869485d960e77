"""The page's frame: its header (title, initiative, language, role), links and footer,
and the language and role it is seen in.

The language and role arrive from the URL, which the browser sends and which is
therefore untrusted: the facilitator view needs the key, compared in constant time.
Kept apart from :mod:`cikit.apps.framework.page` so the page module is the wiring only.
"""

from __future__ import annotations

import hmac
import html
import logging
import os
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import ipywidgets as ipw

from cikit import content
from cikit.apps import restored
from cikit.apps.framework.roles import Role
from cikit.components.language import LanguageSwitch
from cikit.errors import N_, CikitError
from cikit.i18n import Translator, choose_language
from cikit.i18n.translator import query_params
from cikit.paths import workbook_path

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cikit.components.urlparams import URLParams
    from cikit.store import Workspace

log = logging.getLogger("cikit.apps")

WRONG_KEY = N_(
    "The facilitator key is missing or wrong: this is the participant "
    "view. Use the facilitator link that cikit serve printed."
)


def in_voila() -> bool:
    """True in a kernel started by Voila (preheated or on request)."""
    return bool(os.environ.get("VOILA_PREHEAT")) or os.environ.get(
        "SERVER_SOFTWARE", ""
    ).startswith("voila")


class PageHeader:
    """The part of :class:`~cikit.apps.framework.page.WorkbookPage` that knows the
    language and role and draws the header and footer (a mixin: the page's traits
    ``lang`` and ``role`` and its ``__init__`` set the state)."""

    if TYPE_CHECKING:
        workbook_id: str
        lang: str
        role: Role
        url: URLParams
        workspace: Workspace | None
        _key: str | None
        _problem: CikitError | None
        _url_notice: tuple[str, str] | None
        _batch: bool
        _waiting: bool
        _workspace_lang: str | None

        def render(self) -> None: ...

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
    def _one_render(self) -> Iterator[None]:
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


__all__ = ["WRONG_KEY", "PageHeader", "in_voila"]
