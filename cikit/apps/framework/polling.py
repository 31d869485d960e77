"""Keep a page up to date with what other people's kernels write.

Every page has its own kernel, so a facilitator's kernel learns about a
participant's answer only by looking at the workspace.  A :class:`Poller` runs on
the kernel's own event loop (no thread touches a widget), asks for a cheap
signature every ``interval`` seconds, and calls back only when it changed.

A room of phones is a hundred kernels polling one workspace: participants poll
less often than the facilitator, with a random offset, so their looks spread out
instead of arriving together.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Hashable

from cikit.errors import CikitError

log = logging.getLogger("cikit.live")


class Poller:
    """Call ``on_change`` whenever ``check()`` returns something new."""

    def __init__(
        self,
        check: Callable[[], Hashable],
        on_change: Callable[[], None],
        *,
        interval: float = 1.0,
        jitter: float = 0.0,
    ) -> None:
        self.check = check
        self.on_change = on_change
        self.interval = interval
        self.jitter = jitter
        self._last: Hashable = None
        self._task: asyncio.Task | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> bool:
        """Start on the running event loop (a kernel's); False where there is none (tests)."""
        if self.running:
            return True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        self._last = self._safe_check()
        self._task = loop.create_task(self._run())
        return True

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def tick(self) -> bool:
        """Look once; True if something changed (and ``on_change`` ran)."""
        current = self._safe_check()
        if current is None or current == self._last:
            return False
        self._last = current
        try:
            self.on_change()
        except Exception:  # noqa: BLE001 - a redraw error must not stop the updates
            log.exception("live update failed")
        return True

    def prime(self) -> None:
        """Take the current state as seen, without calling back."""
        self._last = self._safe_check()

    def _safe_check(self) -> Hashable:
        try:
            return self.check()
        except CikitError:
            log.warning("live update: workspace not readable right now", exc_info=True)
            return None
        except Exception:  # noqa: BLE001 - e.g. a driver error under load: look again later
            log.exception("live update: the workspace could not be read")
            return None

    def _delay(self) -> float:
        if not self.jitter:
            return self.interval
        return max(0.05, self.interval + random.uniform(-self.jitter, self.jitter))

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._delay())
            try:
                self.tick()
            except Exception:  # noqa: BLE001 - one failed look must not end the page's updates
                log.exception("live update: look failed; trying again")
