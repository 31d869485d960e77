"""Standalone Voila, with two fixes cikit needs.

1. The ``_xsrf`` cookie on ``/voila/render/...`` pages.  Voila streams those pages
   without reading ``xsrf_token``, so no cookie is set; the page's shutdown beacon
   on unload is then refused (403) and every closed tab leaves a kernel behind
   (voila issue 1458).  Reading the token before the first flush sets the cookie,
   and XSRF protection stays on.
2. ``/`` goes to the Start workbook instead of a file listing.
3. A kernel handed out from the preheated pool counts as active from that moment.
   Pooled kernels are never culled, but the moment one leaves the pool its last
   activity is when it ran the notebook: after five quiet minutes (a server started
   before people arrive) the culler could stop it before the page's websocket
   connects, and the page stayed at "Loading widget…".

Run as ``python -m cikit.voila_app WORKBOOKS_DIR [voila options]``; ``cikit serve``
does this.
"""

from __future__ import annotations

from typing import Any

from jupyter_server._tz import utcnow
from tornado.web import RedirectHandler
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

START = "00_accueil.ipynb"


class XsrfCookieVoilaHandler(TornadoVoilaHandler):
    async def get(self, path=None):
        self.xsrf_token  # noqa: B018 - reading it queues Set-Cookie before the first flush
        return await super().get(path=path)


class CikitVoila(Voila):
    def init_handlers(self) -> list:
        handlers = [
            (h[0], XsrfCookieVoilaHandler, *h[2:]) if h[1] is TornadoVoilaHandler else h
            for h in super().init_handlers()
        ]
        base = self.base_url.rstrip("/")
        start = {"url": f"{base}/voila/render/{START}", "permanent": False}
        return [(rf"{base}/?", RedirectHandler, start), *handlers]

    def init_settings(self) -> dict:
        settings = super().init_settings()
        fresh_on_handout(self.kernel_manager)
        return settings


def fresh_on_handout(manager: Any) -> None:
    """Mark a kernel active when the preheated pool hands it to a page (fix 3 above)."""
    handout = getattr(manager, "get_rendered_notebook", None)
    if handout is None:  # no preheated pool
        return

    async def get_rendered_notebook(*args: Any, **kwargs: Any):
        task, rendered, kernel_id = await handout(*args, **kwargs)
        if kernel_id in manager:  # (one already gone: the page says so)
            manager.get_kernel(kernel_id).last_activity = utcnow()
        return task, rendered, kernel_id

    manager.get_rendered_notebook = get_rendered_notebook


main = CikitVoila.launch_instance

if __name__ == "__main__":
    main()
