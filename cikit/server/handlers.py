"""cikit's HTTP handlers in front of Voila's: pages, short links, a full room, static files.

* :class:`PageHandler` serves a workbook page.  It reads the XSRF token before the page
  streams, which sets the ``_xsrf`` cookie (Voila 0.5 streams ``/voila/render/...``
  without it, so a closed tab's shutdown beacon was refused and its kernel lived on,
  voila issue 1458); and it refuses a page with a clear message in the person's
  language when the server already runs as many kernels as it can hold, instead of
  starting one more and letting every page slow down or the machine run out of memory.
* :class:`ShortLinkHandler`: ``/1`` is what a person types from the projector; it leads
  to the join page of workbook 01.
* :class:`CachedStaticHandler` and :class:`CachedTemplateStaticHandler`: Voila's own
  scripts and styles, cacheable, so a second visit costs almost nothing.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlencode

from tornado.web import RequestHandler
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler

from cikit.i18n import Translator, choose_language
from cikit.i18n.translator import normalize_language
from cikit.paths import ROOM_NOTEBOOK

STATIC_CACHE_SECONDS = 24 * 3600
FULL_RETRY_SECONDS = 30


def _language(handler: RequestHandler) -> str:
    """``?lang=``, else the browser's first accepted language we speak, else French."""
    asked = handler.get_argument("lang", "")
    if normalize_language(asked):
        return choose_language(f"lang={asked}")
    for part in handler.request.headers.get("Accept-Language", "").split(","):
        found = normalize_language(part.split(";")[0])
        if found:
            return found
    return choose_language(None)


def full_page(lang: str) -> str:
    """The page a newcomer gets when the server is full: what happened, what to do."""
    tr = Translator(lang)
    title = tr("The room is full")
    lines = [
        tr(
            "This server already has as many people as it can hold. Nothing you or "
            "anyone else saved is affected."
        ),
        tr(
            "Wait a moment: this page tries again by itself in {seconds} seconds. If it "
            "keeps happening, tell the facilitator."
        ).format(seconds=FULL_RETRY_SECONDS),
    ]
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="refresh" content="{FULL_RETRY_SECONDS}">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;"
        "padding:0 1.25rem;line-height:1.5;color:#111827}h1{font-size:1.6rem;"
        "color:#1f6f5c}</style></head>"
        f'<body><main><h1 role="alert">{html.escape(title)}</h1>{body}</main></body></html>'
    )


class PageHandler(TornadoVoilaHandler):
    """A workbook page: the XSRF cookie set early, and a clear refusal when full."""

    async def get(self, path=None):
        self.xsrf_token  # noqa: B018 - reading it queues Set-Cookie before the first flush
        manager = self.kernel_manager
        notebook = self.notebook_path or path
        pooled = getattr(manager, "get_pool_size", lambda _nb: 0)(notebook)
        at_cap = getattr(manager, "at_cap", lambda: False)()
        if at_cap and not pooled:
            self.log.warning("cikit: refused a page of %s: the server is full", notebook)
            self.set_status(503)
            self.set_header("Retry-After", str(FULL_RETRY_SECONDS))
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(full_page(_language(self)))
            return None
        return await super().get(path=path)


class ShortLinkHandler(RequestHandler):
    """``/<number>`` → the join page of that workbook, keeping ``?lang=``."""

    def initialize(self, base_url: str, workbooks: dict[str, str]) -> None:
        self.base_url = base_url.rstrip("/")
        self.workbooks = workbooks

    def get(self, number: str) -> None:
        workbook = self.workbooks.get(str(int(number)))
        if workbook is None:
            self.redirect(f"{self.base_url}/", permanent=False)
            return
        params = {"w": workbook}
        lang = normalize_language(self.get_argument("lang", ""))
        if lang:
            params["lang"] = lang
        self.redirect(
            f"{self.base_url}/voila/render/{ROOM_NOTEBOOK}?{urlencode(params)}", permanent=False
        )


def short_links(workbook_ids: list[str]) -> dict[str, str]:
    """``{"1": "01_preconditions", …}`` from the workbooks' numbers."""
    links = {}
    for workbook in workbook_ids:
        found = re.match(r"^(\d+)_", workbook)
        if found:
            links[str(int(found.group(1)))] = workbook
    return links


class _CacheFor:
    def get_cache_time(self, path, modified, mime_type):  # noqa: D401 - tornado's name
        return STATIC_CACHE_SECONDS


class CachedStaticHandler(_CacheFor, MultiStaticFileHandler):
    """Voila's static files, cacheable for a day (a browser revalidates after that)."""


class CachedTemplateStaticHandler(_CacheFor, TemplateStaticFileHandler):
    """The page template's static files (cikit's stylesheet among them), likewise."""
