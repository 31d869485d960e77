"""A participant's page says it is here, keeps saying so, and says goodbye.

See :mod:`cikit.store.presence`.  The renewal runs on the kernel's event loop with a
random offset, so a room of phones does not renew all at once.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import random
from typing import TYPE_CHECKING

from cikit.errors import CikitError
from cikit.store.presence import RENEW_SECONDS

if TYPE_CHECKING:
    from cikit.apps.framework.page import WorkbookPage

log = logging.getLogger("cikit.presence")


def arrive(page: WorkbookPage) -> None:
    """Mark ``page``'s browser present on its workbook (once per browser and workbook)."""
    client = page.url.client_id
    workspace = page.workspace
    if not client or workspace is None or not page.workbook_id:
        return
    key = (page.workbook_id, client)
    if getattr(page, "_presence", None) == key:
        return
    page._presence = key
    try:
        workspace.mark_present(*key)
    except CikitError:
        log.warning("presence: could not mark the page present", exc_info=True)
        return
    atexit.register(_leave, workspace, key)
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return  # no event loop (tests, scripts): no renewal needed
    page._presence_task = loop.create_task(_renew(page, key))


async def _renew(page: WorkbookPage, key: tuple[str, str]) -> None:
    while getattr(page, "_presence", None) == key:
        await asyncio.sleep(RENEW_SECONDS * random.uniform(0.8, 1.1))
        try:
            page.workspace.mark_present(*key)
        except CikitError:
            log.warning("presence: renewal failed; trying again later")
        except Exception:  # noqa: BLE001 - a renewal must never end the page
            log.exception("presence: renewal failed")


def _leave(workspace, key: tuple[str, str]) -> None:
    try:
        workspace.mark_gone(*key)
    except Exception:  # noqa: BLE001 - the kernel is exiting; nothing more to do
        pass
