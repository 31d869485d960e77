"""Limits that several parts of cikit must agree on, in one place.

An uploaded file travels from the browser to the kernel as one websocket
message.  Tornado closes a websocket whose message is larger than its
``websocket_max_message_size`` (10 MiB by default), and a closed websocket is a
dead page with no message.  So the app's limit is checked in the browser before
anything is sent, and the server's limit is set above it (``cikit serve`` and
Binder's server configuration), with room for the message's envelope.
"""

from __future__ import annotations

from cikit.errors import N_

MIB = 1024 * 1024
UPLOAD_MAX = 50 * MIB
"""The largest file a page accepts: measurement and activity imports, backup restores."""
WEBSOCKET_MAX = UPLOAD_MAX + 4 * MIB
"""Tornado's ``websocket_max_message_size`` for cikit's servers (the file plus its envelope)."""


def megabytes(size: int) -> int:
    """A size in whole megabytes (MiB), rounded up, for messages."""
    return -(-int(size) // MIB)


FILE_TOO_LARGE = N_("This file is too large (at most {limit} MB).")


def size_refusal(tr, size: int) -> str | None:
    """What a page says of a file over :data:`UPLOAD_MAX`, or None when it may be read.

    The file chooser refuses such a file in the browser, but a browser can send any
    bytes to the widget: the kernel checks again before reading anything.
    """
    if size <= UPLOAD_MAX:
        return None
    return tr(FILE_TOO_LARGE).format(limit=megabytes(UPLOAD_MAX))


KEY_MIN_LENGTH = 16
"""A facilitator key shorter than this is refused: it is shown on projectors and said aloud."""

EXCEL_TOO_LARGE = N_(
    "This Excel file holds far more than a table of values once unpacked. "
    "Save the sheet as CSV (UTF-8) and import that."
)
"""Why an Excel file that would unpack beyond the import's bounds is refused."""
