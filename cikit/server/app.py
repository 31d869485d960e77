"""cikit's standalone Voila: the workbooks, ready for a room of phones.

On top of Voila it adds the guards of :mod:`cikit.server.guards` (the kernel websocket for
the v1 protocol only, malformed frames refused, no query-string cache, no key in the
logs) and what a workshop needs (see :mod:`cikit.server.handlers` and
:mod:`cikit.server.pools`): ``/`` goes to the Start workbook; ``/1`` to the join page
of workbook 01; responses are compressed and static files cacheable; kernels are
preheated a few at a time and refilled once arrivals pause; past a kernel cap chosen
from the machine's memory, a newcomer gets a clear « room is full » page.

Run as ``python -m cikit.voila_app WORKBOOKS_DIR [voila options]``; ``cikit serve`` does
this and sets the options.
"""

from __future__ import annotations

import os

from tornado.ioloop import PeriodicCallback
from tornado.web import RedirectHandler
from traitlets import Int
from voila.app import Voila
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler

from cikit.server import guards, pools
from cikit.server.handlers import (
    ROOM_NOTEBOOK,
    CachedStaticHandler,
    CachedTemplateStaticHandler,
    PageHandler,
    ShortLinkHandler,
    short_links,
)

START = "00_accueil.ipynb"
KERNEL_BUDGET_MIB = 160
"""Memory set aside per kernel when choosing the cap: a participant's page holds about
100 MiB, a facilitator's more, and results revealed on a phone add to it."""
RESERVE_MIB = 1536
"""Memory left for the system, the server and the browser of the facilitator."""
ROOM_POOL = 4
"""Preheated join pages without ``--expect``: enough for a phone a second."""


def memory_mib() -> int:
    """This machine's memory in MiB (0 if unknown)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1024 * 1024))
    except (ValueError, OSError, AttributeError):
        return 0


def default_kernel_cap(total_mib: int | None = None) -> int:
    """How many kernels this machine holds: its memory less a reserve, over the per-kernel
    budget; at least 20.  24 GiB gives 144."""
    total = memory_mib() if total_mib is None else total_mib
    if total <= 0:
        return 100
    return max(20, (total - RESERVE_MIB) // KERNEL_BUDGET_MIB)


class CikitVoila(Voila):
    room_pool = Int(
        ROOM_POOL, config=True, help="Preheated kernels for the join page (cikit serve --expect)."
    )
    max_kernels = Int(
        -1, config=True, help="Most kernels alive at once; -1: chosen from the memory; 0: no cap."
    )

    def initialize(self, argv=None) -> None:
        pools.install()
        super().initialize(argv)
        cap = default_kernel_cap() if self.max_kernels < 0 else self.max_kernels
        default_pool = max(0, self.voila_configuration.default_pool_size)
        self.config.VoilaKernelManager.kernel_pools_config = {
            "default": {"pool_size": default_pool},
            ROOM_NOTEBOOK: {"pool_size": max(0, self.room_pool)},
        }
        self.config.VoilaKernelManager.max_kernels = cap
        self.cap = cap

    def init_settings(self) -> dict:
        settings = guards.harden_settings(self, super().init_settings())
        # Tornado decides on compression when the application is built, so it must be
        # among these settings (Voila applies --Voila.tornado_settings only afterwards).
        settings["compress_response"] = True
        # Labextension files carry a content hash in their names: cache them for good.
        settings["static_immutable_cache"] = [f"{self.server_url.rstrip('/')}/voila/labextensions/"]
        return settings

    def init_handlers(self) -> list:
        replaced = {
            TornadoVoilaHandler: PageHandler,
            MultiStaticFileHandler: CachedStaticHandler,
            TemplateStaticFileHandler: CachedTemplateStaticHandler,
        }
        handlers = [
            (h[0], replaced.get(h[1], h[1]), *h[2:])
            for h in guards.replace_handlers(super().init_handlers())
        ]
        base = self.base_url.rstrip("/")
        start = {"url": f"{base}/voila/render/{START}", "permanent": False}
        workbooks = sorted(
            name[: -len(".ipynb")]
            for name in os.listdir(self.root_dir)
            if name.endswith(".ipynb") and name != ROOM_NOTEBOOK
        )
        links = {"base_url": base, "workbooks": short_links(workbooks)}
        return [
            (rf"{base}/?", RedirectHandler, start),
            (rf"{base}/(\d{{1,2}})/?", ShortLinkHandler, links),
            *handlers,
        ]

    def start(self) -> None:
        self._announce_room()
        super().start()

    def _announce_room(self) -> None:
        """Log once the join page's pool has run its notebooks: the room is ready."""
        target = max(0, self.room_pool)
        if target == 0 or not self.voila_configuration.preheat_kernel:
            return
        self._room_announced = False

        def check() -> None:
            manager = getattr(self, "kernel_manager", None)
            warmed = getattr(manager, "warmed", {}).get(ROOM_NOTEBOOK, 0)
            if not self._room_announced and warmed >= target:
                self._room_announced = True
                self.log.info("cikit: room ready, %s join pages preheated", target)
                callback.stop()

        callback = PeriodicCallback(check, 500)
        callback.start()


main = CikitVoila.launch_instance
