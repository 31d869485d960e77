"""Entry point of cikit's standalone Voila: ``python -m cikit.voila_app WORKBOOKS_DIR``.

The server itself is :class:`cikit.server.app.CikitVoila` (handlers, pools and limits for
a room, and the guards of :mod:`cikit.server.guards`); ``cikit serve`` runs this module
with the options it needs.
"""

from __future__ import annotations

from cikit.server.app import CikitVoila, main
from cikit.server.handlers import PageHandler

# Kept for code that imported these names from here before cikit.server existed.
XsrfCookieVoilaHandler = PageHandler

__all__ = ["CikitVoila", "XsrfCookieVoilaHandler", "main"]

if __name__ == "__main__":
    main()
