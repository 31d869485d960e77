"""A scripted browser for a kernel websocket: what a participant's script can send to Voila.

It opens a page over plain HTTP (which gives the page a kernel), then that
kernel's websocket with or without the ``v1.kernel.websocket.jupyter.org``
subprotocol, and sends widget messages as ipywidgets' JavaScript does: open the
``jupyter.widget.control`` comm, ask for every widget's state, update a widget.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from typing import Any

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

V1 = "v1.kernel.websocket.jupyter.org"
_KERNEL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


async def page_kernel(port: int, path: str, *, timeout: float = 120) -> str:
    """Open a page like a browser's first request; the id of the kernel it was given."""
    response = await AsyncHTTPClient().fetch(
        f"http://127.0.0.1:{port}{path}", request_timeout=timeout
    )
    found = _KERNEL.search(response.body.decode("utf-8", "replace"))
    if found is None:
        raise RuntimeError("no kernel id in the page")
    return found.group(0)


async def connect(port: int, kernel: str, *, v1: bool) -> WebSocketClientConnection:
    request = HTTPRequest(f"ws://127.0.0.1:{port}/api/kernels/{kernel}/channels?session_id=x")
    return await websocket_connect(request, subprotocols=[V1] if v1 else None)


def message(msg_type: str, content: dict, session: str) -> dict[str, Any]:
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "username": "script",
            "session": session,
            "msg_type": msg_type,
            "version": "5.3",
            "date": "",
        },
        "parent_header": {},
        "metadata": {"version": "1.0.0"},  # the widget control protocol's version
        "content": content,
        "channel": "shell",
        "buffers": [],
    }


def v1_frame(msg: dict[str, Any]) -> bytes:
    """``msg`` framed like @jupyterlab/services does for the v1 protocol."""
    parts = [
        json.dumps(msg[k]).encode("utf-8")
        for k in ("header", "parent_header", "metadata", "content")
    ]
    channel = msg["channel"].encode("utf-8")
    count = 2 + len(parts)
    offsets = [8 * (1 + count), 8 * (1 + count) + len(channel)]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    head = count.to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + channel + b"".join(parts)


def legacy_frame(msg: dict[str, Any]) -> str:
    return json.dumps(msg)


async def request_states(
    socket: WebSocketClientConnection, *, v1: bool, session: str = "script"
) -> None:
    """Ask the kernel for every widget's state (what a page does when it loads)."""
    frame = v1_frame if v1 else legacy_frame
    comm = uuid.uuid4().hex
    opened = message(
        "comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control", "data": {}}, session
    )
    await socket.write_message(frame(opened), binary=v1)
    asked = message("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}}, session)
    await socket.write_message(frame(asked), binary=v1)


async def drain(socket: WebSocketClientConnection, seconds: float) -> list:
    """Every message received for ``seconds`` (stops early if the server closes)."""
    got: list = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while (left := deadline - loop.time()) > 0:
        try:
            received = await asyncio.wait_for(socket.read_message(), left)
        except asyncio.TimeoutError:
            break
        if received is None:
            break
        got.append(received)
    return got
