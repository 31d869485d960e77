"""What cikit's Voila refuses, so that one participant's script cannot take the room down.

Voila lets a browser open a kernel websocket and send it messages; the page is
untrusted code.  Three things in Voila 0.5 / jupyter_server 2 go wrong with a
crafted client, and are guarded here:

1. **A legacy-protocol client freezes the server.**  ``VoilaKernelWebsocketHandler.
   write_message`` reads every binary reply as a v1 frame.  A client that opens
   the websocket without the ``v1.kernel.websocket.jupyter.org`` subprotocol gets
   legacy frames, whose first eight bytes, read as a little-endian count of
   offsets, are astronomically large: the loop never ends and memory climbs
   until the whole server stops answering.  The page itself always asks for v1,
   so any other client is refused before the upgrade, and headers are read with
   bounds whatever the protocol.
2. **A crafted v1 frame does the same on the way in.**  jupyter_server's
   ``deserialize_msg_from_ws_v1`` trusts the count of offsets the client sends;
   :class:`GuardedConnection` checks a frame's offsets before it is read and
   closes the socket on a malformed one.  The same class guards JupyterLab's
   kernels on Binder (``binder/jupyter-config``).
3. **The facilitator key lingers.**  Voila caches every preheated page's query
   string (key included) for ``/voila/query/<kernel>``, which cikit never uses:
   nothing is cached and the route answers 404.  Access and error logs go
   through a filter that blanks ``key=`` values.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from tornado import web
from voila.request_info_handler import RequestInfoSocketHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

log = logging.getLogger("cikit.voila")

V1 = "v1.kernel.websocket.jupyter.org"
MAX_PARTS = 4096
"""More parts than any kernel message has (header, parents, metadata, content, buffers)."""

_SECRET = re.compile(r"((?:^|[?&;\s])key=)[^&\s\"']*", re.IGNORECASE)


def scrub(text: str) -> str:
    """``text`` with every ``key=…`` value blanked (URLs in log lines)."""
    return _SECRET.sub(r"\1[secret]", text)


# -- v1 frames, read with bounds ---------------------------------------------------------------


def v1_offsets(frame: bytes) -> list[int] | None:
    """The offsets of a v1 frame, or None when they cannot be those of a real message.

    A v1 frame is: the number of offsets (8 bytes, little-endian), the offsets
    (8 bytes each), then the channel name and the message parts they delimit.
    """
    if not isinstance(frame, (bytes, bytearray, memoryview)) or len(frame) < 8:
        return None
    frame = bytes(frame[: 8 * (MAX_PARTS + 2)]) if len(frame) > 8 * (MAX_PARTS + 2) else frame
    count = int.from_bytes(frame[:8], "little")
    if not 3 <= count <= MAX_PARTS or 8 * (count + 1) > len(frame):
        return None
    offsets = [int.from_bytes(frame[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(count)]
    if offsets[0] != 8 * (count + 1):
        return None
    return offsets


def v1_frame_ok(frame: Any) -> bool:
    """True when ``frame`` is a well-formed v1 frame (offsets in order, inside the frame)."""
    offsets = v1_offsets(frame)
    if offsets is None:
        return False
    size = len(frame)
    return all(a <= b for a, b in zip(offsets, offsets[1:], strict=False)) and offsets[-1] <= size


def read_v1_header(frame: bytes) -> dict | None:
    """The header of a v1 frame, or None (never loops, whatever the bytes)."""
    import json

    offsets = v1_offsets(frame)
    if offsets is None or len(offsets) < 3 or not offsets[1] <= offsets[2] <= len(frame):
        return None
    try:
        header = json.loads(frame[offsets[1] : offsets[2]].decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    return header if isinstance(header, dict) else None


# -- the websocket -------------------------------------------------------------------------------


def _offered(handler: web.RequestHandler) -> list[str]:
    header = handler.request.headers.get("Sec-WebSocket-Protocol", "")
    return [part.strip() for part in header.split(",") if part.strip()]


class GuardedConnection(ZMQChannelsWebsocketConnection):
    """jupyter_server's kernel connection, refusing malformed v1 frames from the browser."""

    def handle_incoming_message(self, incoming_msg: Any) -> None:
        if self.subprotocol == V1 and not v1_frame_ok(incoming_msg):
            log.warning("closed a kernel websocket that sent a malformed message")
            handler = self.websocket_handler
            if handler is not None:
                handler.close(1008, "malformed message")
            return
        super().handle_incoming_message(incoming_msg)


class GuardedKernelWebsocketHandler(VoilaKernelWebsocketHandler):
    """Voila's kernel websocket, for the v1 protocol only, reading replies with bounds."""

    async def get(self, *args: Any, **kwargs: Any) -> None:
        if V1 not in _offered(self):
            # The page always asks for v1; anything else is a script (voila's own
            # write_message cannot serve the legacy protocol: see the module docstring).
            log.warning("refused a kernel websocket without the %s subprotocol", V1)
            raise web.HTTPError(400, "the v1.kernel.websocket.jupyter.org subprotocol is required")
        await super().get(*args, **kwargs)

    def write_message(self, message: Any, binary: bool = False):  # type: ignore[override]
        header = None
        if isinstance(message, bytes):
            header = read_v1_header(message) if self.selected_subprotocol == V1 else None
        elif isinstance(message, dict):
            header = message.get("header")
        if isinstance(header, dict) and header.get("msg_type") == "execute_input":
            return None  # like Voila: the page never shows the code it runs
        # Skip Voila's write_message (the unbounded parse) and go to jupyter_server's.
        return super(VoilaKernelWebsocketHandler, self).write_message(message, binary)


class NotServedHandler(web.RequestHandler):
    """A route cikit does not serve (Voila's query-string cache)."""

    def get(self, *_args: Any, **_kwargs: Any) -> None:
        raise web.HTTPError(404)


def _forget_query(cls, msg: dict) -> None:
    """Replaces ``RequestInfoSocketHandler.send_updates``: keep no page's query string."""
    return None


# -- logs --------------------------------------------------------------------------------------


class ScrubKeys(logging.Filter):
    """Blank ``key=`` values in a log record (the facilitator key in a logged URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a badly formatted record is logged as it is
            return True
        clean = scrub(message)
        if clean != message:
            record.msg, record.args = clean, ()
        return True


SCRUB = ScrubKeys()
LOGGERS = ("tornado.access", "tornado.application", "tornado.general", "Voila", "ServerApp")


def scrub_logs(extra: Iterable[logging.Logger] = ()) -> None:
    """Put the key filter on the loggers and handlers that may print a request's URL."""
    loggers = [logging.getLogger(name) for name in LOGGERS] + list(extra)
    handlers = list(logging.getLogger().handlers)
    for logger in loggers:
        if SCRUB not in logger.filters:
            logger.addFilter(SCRUB)
        handlers += logger.handlers
    for handler in handlers:
        if SCRUB not in handler.filters:
            handler.addFilter(SCRUB)


def log_request(handler: web.RequestHandler) -> None:
    """Tornado's request log without the key (jupyter_server's, which blanks ``key=``)."""
    from jupyter_server.log import log_request as server_log_request

    server_log_request(handler, record_prometheus_metrics=False)


# -- wiring ------------------------------------------------------------------------------------


def harden_settings(app: Any, settings: dict) -> dict:
    """Tornado settings for cikit's Voila (called from ``CikitVoila.init_settings``)."""
    settings["log_function"] = log_request
    settings["kernel_websocket_connection_class"] = GuardedConnection
    RequestInfoSocketHandler.send_updates = classmethod(_forget_query)  # type: ignore[method-assign]
    RequestInfoSocketHandler._cache.clear()
    scrub_logs([app.log])
    return settings


def replace_handlers(handlers: list) -> list:
    """Voila's routes with the guarded websocket and without the query-string cache."""
    swap = {
        VoilaKernelWebsocketHandler: GuardedKernelWebsocketHandler,
        RequestInfoSocketHandler: NotServedHandler,
    }
    return [(h[0], swap.get(h[1], h[1]), *h[2:]) if len(h) > 1 else h for h in handlers]
