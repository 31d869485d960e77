"""The « Rejoindre / Join » panel on the facilitator's page: how a room joins.

For the projector: a large QR code, the short link to type when a phone cannot scan,
and how many people have a participant page open.  The address is the one ``cikit
serve --room`` found for this machine on the network (``CIKIT_PUBLIC_URL``); when cikit
only listens on this computer, the panel says so plainly instead of showing a code no
phone can open.

Only a facilitator's kernel builds this panel (and imports the QR code maker).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Hashable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import ipywidgets as ipw

from cikit.errors import CikitError

if TYPE_CHECKING:
    from cikit.apps.framework.page import WorkbookPage

PUBLIC_URL_ENV = "CIKIT_PUBLIC_URL"
ROOM_ENV = "CIKIT_ROOM"
COUNT_EVERY = 2.0
"""Seconds between two counts of the room (the lease query is cheap, not free)."""


def public_url() -> str:
    """Where phones reach this server (``http://192.168.1.23:8866/``), or '' if unknown."""
    value = os.environ.get(PUBLIC_URL_ENV, "").strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return value if value.endswith("/") else value + "/"


def reachable_from_phones(url: str) -> bool:
    """False when the address only works on this computer (loopback)."""
    host = (urlsplit(url).hostname or "").lower()
    return bool(host) and not (
        host == "localhost" or host.startswith("127.") or host == "::1" or host == "0.0.0.0"
    )


def short_path(workbook_id: str) -> str:
    """``01_preconditions`` → ``1``: the path a person types after the address."""
    found = re.match(r"^(\d+)_", workbook_id)
    return str(int(found.group(1))) if found else ""


def join_link(workbook_id: str, lang: str, default_lang: str | None) -> str:
    """The short link for a workbook, with the language only when it is not the default."""
    base = public_url()
    path = short_path(workbook_id)
    if not base or not path:
        return ""
    suffix = f"?lang={lang}" if default_lang and lang != default_lang else ""
    return f"{base}{path}{suffix}"


def qr_svg(link: str) -> str:
    """The link as an SVG QR code that scales to its box (medium error correction, so a
    projector's glare or a phone held at an angle still reads it)."""
    import segno

    code = segno.make(link, error="m")
    return code.svg_inline(scale=1, border=2, omitsize=True, dark="#111827", light="#ffffff")


class JoinPanel(ipw.VBox):
    """A bar with the short link and the count; the QR code shown large on demand."""

    def __init__(self, page: WorkbookPage, **kwargs) -> None:
        super().__init__(**kwargs)
        self.page = page
        self.add_class("cikit-join-panel")
        self.expanded = False
        self.count = 0
        self._counted_at = -1e9
        self.toggle = ipw.Button()
        self.toggle.add_class("cikit-join-toggle")
        self.toggle.on_click(self._on_toggle)
        self.bar = ipw.HTML()
        self.bar.add_class("cikit-join-bar")
        self.big = ipw.HTML()
        self.big.add_class("cikit-join-big")
        self.row = ipw.HBox([self.bar, self.toggle])
        self.row.add_class("cikit-join-row")
        self.redraw()

    # -- what the page asks ---------------------------------------------------------------------

    def signature(self) -> Hashable:
        """The count, looked up at most every :data:`COUNT_EVERY` seconds."""
        import time

        now = time.monotonic()
        if now - self._counted_at >= COUNT_EVERY:
            self._counted_at = now
            try:
                self.count = self.page.workspace.present_count(self.page.workbook_id)
            except CikitError:
                pass
        return self.count

    def refresh(self) -> None:
        self._draw_texts()

    def redraw(self) -> None:
        """Draw again for the page's language."""
        self._counted_at = -1e9
        self.signature()
        self._draw_texts()

    # -- drawing ---------------------------------------------------------------------------------

    def _link(self) -> str:
        page = self.page
        default = getattr(page, "_workspace_lang", None)
        return join_link(page.workbook_id, page.lang, default)

    def _draw_texts(self) -> None:
        tr = self.page.tr
        link = self._link()
        count = tr.ngettext(
            "{count} person connected", "{count} people connected", self.count
        ).format(count=self.count)
        count_html = f'<span class="cikit-join-count" role="status">{html.escape(count)}</span>'
        if not link:
            self.bar.value = (
                '<div class="cikit-join-line cikit-join-off">'
                + html.escape(
                    tr(
                        "Phones cannot join from here: cikit was not started for a room. "
                        "Start it with: cikit serve --room"
                    )
                )
                + "</div>"
            )
            self.children = (self.bar,)
            return
        shown = re.sub(r"^https?://", "", link)
        if not reachable_from_phones(link) and os.environ.get(ROOM_ENV) != "1":
            # A facilitator preparing alone on a laptop: a hint, not an alarm.
            self.bar.value = (
                '<div class="cikit-join-line cikit-join-hint">'
                + html.escape(
                    tr(
                        "This page is only open on this computer. For phones in a room, "
                        "start cikit with: cikit serve --room"
                    )
                )
                + "</div>"
            )
            self.children = (self.bar,)
            return
        if not reachable_from_phones(link):
            self.bar.value = (
                '<div class="cikit-join-line cikit-join-off">'
                + html.escape(
                    tr(
                        "This computer has no network address phones can reach (only "
                        "{address}). Connect it to the room's Wi-Fi, then restart cikit "
                        "serve --room."
                    ).format(address=shown)
                )
                + "</div>"
            )
            self.children = (self.bar,)
            return
        label = tr("Join")
        self.bar.value = (
            '<div class="cikit-join-line">'
            f'<strong class="cikit-join-label">{html.escape(label)}</strong> '
            f'<span class="cikit-join-short">{html.escape(shown)}</span> · {count_html}'
            "</div>"
        )
        self.toggle.description = (
            tr("Hide the QR code") if self.expanded else tr("Show the QR code")
        )
        if not self.expanded:
            self.children = (self.row,)
            return
        scan = tr("Scan with your phone's camera, or type:")
        self.big.value = (
            '<div class="cikit-join-card">'
            f'<div class="cikit-join-qr" role="img" aria-label="{html.escape(link, quote=True)}">'
            f"{qr_svg(link)}</div>"
            '<div class="cikit-join-words">'
            f"<p>{html.escape(scan)}</p>"
            f'<p class="cikit-join-address">{html.escape(shown)}</p>'
            f"<p>{count_html}</p>"
            "</div></div>"
        )
        self.children = (self.row, self.big)

    def _on_toggle(self, _button=None) -> None:
        self.expanded = not self.expanded
        self._draw_texts()
