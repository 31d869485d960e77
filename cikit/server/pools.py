"""Preheated kernels for a room: started a few at a time, refilled when the rush is over.

Voila keeps a pool of kernels per notebook, each having already run its notebook, so
a page opens without waiting for Python to start.  Two things in its policy hurt a
room of phones arriving within a minute on a small laptop:

* every kernel of a pool starts at once (a hundred at startup), so none is ready
  until all are, and the machine crawls meanwhile;
* each kernel taken from a pool starts a replacement one second later, so the
  replacements compete with the very arrivals they are meant to serve.

:class:`PoolPolicy` starts at most :attr:`PoolPolicy.start_concurrency` kernels at a
time (each until its notebook has run), and, for a pool larger than a few kernels,
waits until arrivals pause (:attr:`PoolPolicy.quiet_seconds`) or the pool runs low
before refilling.  It also refuses to grow past the server's kernel cap.

Voila creates its kernel manager class through ``voila_kernel_manager_factory`` and has
no hook to extend it, so :func:`install` wraps that factory in ``voila.app``'s namespace
(where ``Voila.init_settings`` looks it up when the server starts).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from traitlets import Float, HasTraits, Int

QUIET_BEFORE_REFILL = 8.0
"""Seconds without an arrival before a large pool is refilled."""
MIN_SPARE = 4
"""Preheated pages a large pool keeps once the people it was sized for have arrived."""
SPARE_SHARE = 10
"""... or one in this many of them, whichever is more (latecomers, reloaded pages)."""


def spare(configured: int) -> int:
    """What a pool sized for ``configured`` arrivals keeps once they have all come.

    >>> spare(100), spare(60), spare(4)
    (10, 6, 4)
    """
    return min(configured, max(MIN_SPARE, configured // SPARE_SHARE))


class PoolPolicy(HasTraits):
    """Mixed into Voila's kernel manager (see :func:`install`)."""

    start_concurrency = Int(
        2,
        config=True,
        help="How many kernels may be starting (and running their notebook) at once.",
    )
    quiet_seconds = Float(
        QUIET_BEFORE_REFILL,
        config=True,
        help="Seconds without a page taking a kernel before a large pool is refilled.",
    )
    max_kernels = Int(
        0, config=True, help="The most kernels alive at once (pools included); 0: no cap."
    )

    def __init__(self, **kwargs: Any) -> None:
        self._starting: asyncio.Semaphore | None = None
        self._last_take: dict[str, float] = {}
        self._refill_waiters: dict[str, asyncio.Task] = {}
        self._handed_out: dict[str, set[str]] = {}
        self.warmed: dict[str, int] = {}
        super().__init__(**kwargs)

    # -- limits -------------------------------------------------------------------------------

    def kernel_count(self) -> int:
        return len(self.list_kernel_ids())

    def at_cap(self) -> bool:
        return bool(self.max_kernels) and self.kernel_count() >= self.max_kernels

    def configured_pool(self, notebook_name: str | None) -> int:
        config = self.kernel_pools_config
        default = config.get("default", {})
        return int(config.get(notebook_name, default).get("pool_size", default.get("pool_size", 1)))

    def pool_target(self, notebook_name: str | None) -> int:
        """How many preheated kernels the pool should hold now.

        A pool sized for a room (``--expect 60``) is there for people who have not come
        yet: each page it handed out that is still open lowers the target, down to
        :func:`spare`.  Refilling all sixty once the room is seated would double the
        kernels' memory and keep both cores busy while people answer.
        """
        configured = self.configured_pool(notebook_name)
        if configured <= MIN_SPARE:
            return configured
        alive = set(self.list_kernel_ids())
        seated = self._handed_out.get(notebook_name or "", set())
        seated &= alive
        return max(spare(configured), configured - len(seated))

    # -- handing a kernel out ----------------------------------------------------------------------

    async def get_rendered_notebook(self, *args: Any, **kwargs: Any):
        """Mark a kernel active the moment the pool hands it to a page.

        Pooled kernels are never culled, but once one leaves the pool its last activity is
        when it ran the notebook: after five quiet minutes (a server started before people
        arrive) the culler could stop it before the page's websocket connects, and the
        page stayed at « Loading widget… ».
        """
        from jupyter_server._tz import utcnow

        task, rendered, kernel_id = await super().get_rendered_notebook(*args, **kwargs)
        name = args[0] if args else kwargs.get("notebook_name")
        self._handed_out.setdefault(name or "", set()).add(kernel_id)
        if kernel_id in self:  # (one already gone: the page says so)
            self.get_kernel(kernel_id).last_activity = utcnow()
        return task, rendered, kernel_id

    # -- starting kernels a few at a time --------------------------------------------------------

    async def _initialize(self, notebook_path: str, kernel_id: str | None = None, **kwargs):
        if self._starting is None:
            self._starting = asyncio.Semaphore(max(1, self.start_concurrency))
        async with self._starting:
            content = await super()._initialize(notebook_path, kernel_id, **kwargs)
            try:
                # Hold the slot until the notebook has run: that is the expensive part.
                await asyncio.shield(content["task"])
            except Exception:  # noqa: BLE001 - the request that takes it will see the error
                pass
        self.warmed[notebook_path] = self.warmed.get(notebook_path, 0) + 1
        return content

    # -- refilling ------------------------------------------------------------------------------------

    def fill_if_needed(
        self, delay=None, notebook_name=None, extra_kernel_env_variables=None, **kwargs
    ):
        extra = extra_kernel_env_variables or {}
        target = self.pool_target(notebook_name)
        taken = delay is None  # Voila passes no delay when a page has just taken a kernel
        if taken and notebook_name is not None:
            self._last_take[notebook_name] = time.monotonic()
        if self.max_kernels:
            room = self.max_kernels - self.kernel_count() - self._pending(notebook_name)
            if room <= 0:
                return
        if taken and target > 3:
            self._refill_later(notebook_name, extra, kwargs)
            return
        self._fill_to(target, delay=0 if taken else delay, notebook_name=notebook_name,
                      extra_kernel_env_variables=extra, **kwargs)  # fmt: skip

    def _fill_to(self, target: int, *, notebook_name: str | None, **kwargs: Any) -> None:
        """Voila's fill, to ``target`` kernels: it reads the size from the pools' config,
        synchronously, so the config says ``target`` for the length of the call."""
        config = self.kernel_pools_config
        entry = config.get(notebook_name)
        if entry is None or entry.get("pool_size") == target:
            super().fill_if_needed(notebook_name=notebook_name, **kwargs)
            return
        configured = entry.get("pool_size")
        entry["pool_size"] = target
        try:
            super().fill_if_needed(notebook_name=notebook_name, **kwargs)
        finally:
            entry["pool_size"] = configured

    def _pending(self, notebook_name: str | None) -> int:
        pool = self._pools.get(notebook_name, [])
        return sum(1 for task in pool if not task.done())

    def _refill_later(self, notebook_name: str, extra: dict, kwargs: dict) -> None:
        waiting = self._refill_waiters.get(notebook_name)
        if waiting is not None and not waiting.done():
            return
        self._refill_waiters[notebook_name] = asyncio.get_event_loop().create_task(
            self._refill_when_quiet(notebook_name, extra, kwargs)
        )

    async def _refill_when_quiet(self, notebook_name: str, extra: dict, kwargs: dict) -> None:
        target = self.pool_target(notebook_name)
        low_water = max(1, target // 5)
        while True:
            await asyncio.sleep(1.0)
            quiet = time.monotonic() - self._last_take.get(notebook_name, 0.0)
            left = len(self._pools.get(notebook_name, []))
            if quiet >= self.quiet_seconds or left <= low_water:
                break
        self._fill_to(
            self.pool_target(notebook_name),
            delay=0,
            notebook_name=notebook_name,
            extra_kernel_env_variables=extra,
            **kwargs,
        )


def install() -> None:
    """Make Voila build its kernel manager with :class:`PoolPolicy` mixed in."""
    import voila.app

    original = getattr(voila.app.voila_kernel_manager_factory, "__wrapped__", None)
    if original is not None:
        return  # already installed
    original = voila.app.voila_kernel_manager_factory

    def factory(base_class, preheat_kernel, default_pool_size, page_config_hook=None):
        made = original(base_class, preheat_kernel, default_pool_size, page_config_hook)
        if not preheat_kernel:
            return made
        return type("CikitKernelManager", (PoolPolicy, made), {})

    factory.__wrapped__ = original  # type: ignore[attr-defined]
    voila.app.voila_kernel_manager_factory = factory
