"""A page opened before a backup was restored says so, and writes nothing more.

A restore replaces every row of the workspace while other pages are open.  Their
kernels still hold ids (the person who joined, the round on screen) that now
point at the backup's rows — someone else's.  So a restore starts a new
*generation* (:meth:`cikit.store.Workspace.generation`): the store refuses any
write from an object opened before it, and a live page, whose polling includes
the generation, replaces its content with a note asking the person to reload
the page (and to join the round again).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Hashable
from typing import Any

import ipywidgets as ipw

from cikit.errors import N_, CikitError

log = logging.getLogger("cikit.apps.restored")

RESTORED = N_(
    "The workspace was restored from a backup after this page was opened, so this page "
    "no longer matches it and saves nothing. Reload the page to continue (and join the "
    "round again if one is open)."
)
RELOAD = N_("Reload the page")


def live_signature(app: Any) -> Hashable:
    """What a live page polls: the workspace's generation and the app's own signature, read
    through one connection."""
    workspace = app.workspace
    with workspace.one_connection():
        return (workspace.generation(), app._signature())


def on_live_change(app: Any) -> None:
    """A change seen by polling: a restore ends the page; anything else, the app follows."""
    if app.workspace.stale:
        log.info("workspace restored under an open page: asking to reload")
        app._restored = True
        app.poller.stop()
        app.render()
        return
    app._on_remote_change()


def is_restored(app: Any) -> bool:
    return bool(getattr(app, "_restored", False))


def fresh_page(app: Any) -> None:
    """A preheated page shown for the first time takes the workspace as it is now."""
    if app.workspace is None:
        return
    try:
        app.workspace.adopt_generation()
    except CikitError:
        log.warning("could not read the workspace's generation", exc_info=True)


def notice(app: Any, tr: Any) -> list[ipw.Widget]:
    """The page's content after a restore: why, and a link to the same workbook."""
    href = html.escape(f"{app.workbook_id}.ipynb?{app.link_params()}", quote=True)
    said, reload = html.escape(tr(RESTORED)), html.escape(tr(RELOAD))
    note = ipw.HTML(
        '<div class="cikit-prompt cikit-restored" role="alert">'
        f"<p>{said}</p>"
        f'<p><a class="cikit-reload" href="{href}">{reload}</a></p></div>'
    )
    return [note]
