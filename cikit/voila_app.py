"""Standalone Voila, with two fixes cikit needs.

1. The ``_xsrf`` cookie on ``/voila/render/...`` pages.  Voila streams those pages
   without reading ``xsrf_token``, so no cookie is set; the page's shutdown beacon
   on unload is then refused (403) and every closed tab leaves a kernel behind
   (voila issue 1458).  Reading the token before the first flush sets the cookie,
   and XSRF protection stays on.
2. ``/`` goes to the Start workbook instead of a file listing.
3. The guards of :mod:`cikit.voila_guards`: the kernel websocket for the v1 protocol
   only, malformed frames refused, no query-string cache, no key in the logs.

Run as ``python -m cikit.voila_app WORKBOOKS_DIR [voila options]``; ``cikit serve``
does this.
"""

from __future__ import annotations

from tornado.web import RedirectHandler
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from cikit import voila_guards

START = "00_accueil.ipynb"


class XsrfCookieVoilaHandler(TornadoVoilaHandler):
    async def get(self, path=None):
        self.xsrf_token  # noqa: B018 - reading it queues Set-Cookie before the first flush
        return await super().get(path=path)


class CikitVoila(Voila):
    def init_settings(self) -> dict:
        return voila_guards.harden_settings(self, super().init_settings())

    def init_handlers(self) -> list:
        handlers = [
            (h[0], XsrfCookieVoilaHandler, *h[2:]) if h[1] is TornadoVoilaHandler else h
            for h in voila_guards.replace_handlers(super().init_handlers())
        ]
        base = self.base_url.rstrip("/")
        start = {"url": f"{base}/voila/render/{START}", "permanent": False}
        return [(rf"{base}/?", RedirectHandler, start), *handlers]


main = CikitVoila.launch_instance

if __name__ == "__main__":
    main()
