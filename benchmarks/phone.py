"""A simulated phone: what a participant's browser does to a Voila page, at the protocol level.

No browser runs, so whatever the figures show is the server's cost (Voila, the
kernels, the workspace), not the phone's.  A :class:`Phone` does what the page's
JavaScript does, in the same order (read off Voila 0.5.13's ``widgets-manager8``
and ``@jupyter-widgets/base-manager``):

1. ``GET /voila/render/<notebook>?<query>``: the page streams while the notebook
   runs; the kernel id is in ``<script id="jupyter-config-data">`` (``kernelId``),
   the displayed widget in the ``application/vnd.voila.cell-output+json`` outputs,
   and the ``_xsrf`` cookie in the response (``cikit.voila_app`` sets it).
2. ``GET /api/kernels/<id>`` (``KernelAPI.getKernelModel``), then the kernel
   websocket ``/api/kernels/<id>/channels?session_id=…`` with the
   ``v1.kernel.websocket.jupyter.org`` subprotocol (binary framing of
   ``jupyter_server.services.kernels.connection.base``).
3. ``kernel_info_request`` (JupyterLab's ``KernelConnection`` holds every other
   message until its reply), then ``comm_open`` on ``jupyter.widget.control`` and
   ``request_states``.  As in the browser, if ``update_states`` does not come
   within 4 s of the manager's creation the phone falls back to the old way: a
   ``comm_info_request`` and one ``request_state`` per widget (recorded).
4. It keeps a mirror of every widget model (``comm_open``, ``update``,
   ``echo_update``, ``comm_close``), then sends the URL widget
   (:class:`cikit.components.URLParams`) what its JavaScript sends: the query
   string, the client id kept in localStorage and the ``loaded`` time stamp.
5. Taps are the messages the widgets' views send: a Button click is a ``custom``
   ``{"event": "click"}``; choosing in a Dropdown or ToggleButtons is an
   ``update`` of ``index``.

Widgets are found by their ``_dom_classes`` and descriptions, among the widgets
reachable from the page's displayed widget, never by position.  Every wait has a
timeout; no exception leaves :meth:`Phone.visit`: failures are recorded in the
:class:`Visit` (``error`` with the stage).  This module has no side effect at import
and does not import cikit, so tests and benchmarks can share it.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import quote

from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.simple_httpclient import SimpleAsyncHTTPClient
from tornado.websocket import WebSocketClientConnection, websocket_connect

SUBPROTOCOL = "v1.kernel.websocket.jupyter.org"
CONTROL_TARGET = "jupyter.widget.control"
WIDGET_TARGET = "jupyter.widget"
CONTROL_TIMEOUT = 4.0  # base-manager's CONTROL_COMM_TIMEOUT: then the browser falls back
PREFIX = "IPY_MODEL_"

CONFIG_RE = re.compile(
    r'<script id="jupyter-config-data" type="application/json">\s*(.*?)\s*</script>', re.S
)
OUTPUT_RE = re.compile(
    r'<script type="application/vnd.voila.cell-output\+json">\s*(.*?)\s*</script>', re.S
)
TITLE_RE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
TAG_RE = re.compile(r"<[^>]+>")
COUNT_RE = re.compile(r'class="cikit-count"[^>]*>\s*(\d+)\s*<')


class StageError(Exception):
    """A step of the visit failed or timed out; ``stage`` says which."""

    def __init__(self, stage: str, message: str, *, timeout: bool = False) -> None:
        super().__init__(f"{stage}: {message}")
        self.stage = stage
        self.timeout = timeout


# -- the kernel websocket, v1 framing ---------------------------------------------------------


def pack_v1(channel: str, parts: list[bytes]) -> bytes:
    """``serialize_msg_to_ws_v1``: offsets (8-byte little endian), channel, then the parts."""
    raw_channel = channel.encode("utf-8")
    offsets = [8 * (1 + 1 + len(parts) + 1)]
    offsets.append(offsets[-1] + len(raw_channel))
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    head = len(offsets).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + raw_channel + b"".join(parts)


def unpack_v1(data: bytes) -> tuple[str, dict]:
    """``deserialize_msg_from_ws_v1`` and the JSON parts: (channel, message with buffers)."""
    count = int.from_bytes(data[:8], "little")
    offsets = [int.from_bytes(data[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(count)]
    channel = data[offsets[0] : offsets[1]].decode("utf-8")
    parts = [data[offsets[i] : offsets[i + 1]] for i in range(1, count - 1)]
    header, parent, metadata, content = (json.loads(p) for p in parts[:4])
    msg = {
        "header": header,
        "parent_header": parent,
        "metadata": metadata,
        "content": content,
        "buffers": parts[4:],
        "channel": channel,
    }
    return channel, msg


# -- the widget models, as the browser's manager holds them -------------------------------------


def _refs(value: Any) -> Iterator[str]:
    """Model ids referenced in a state value (``"IPY_MODEL_<id>"``, in lists and dicts too)."""
    if isinstance(value, str):
        if value.startswith(PREFIX):
            yield value[len(PREFIX) :]
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _refs(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _refs(item)


class Mirror:
    """Every widget model's state by id, kept up to date from the kernel's messages."""

    def __init__(self) -> None:
        self.models: dict[str, dict[str, Any]] = {}
        self.roots: list[str] = []

    def open(self, model_id: str, state: dict[str, Any]) -> None:
        self.models[model_id] = dict(state)

    def update(self, model_id: str, state: dict[str, Any]) -> None:
        if model_id in self.models:
            self.models[model_id].update(state)

    def close(self, model_id: str) -> None:
        self.models.pop(model_id, None)

    def shown(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Models reachable from the displayed widgets, depth first, in children order."""
        seen: set[str] = set()
        stack = list(reversed(self.roots))
        while stack:
            model_id = stack.pop()
            if model_id in seen or model_id not in self.models:
                continue
            seen.add(model_id)
            state = self.models[model_id]
            yield model_id, state
            refs = list(_refs(state.get("children", [])))
            refs += [r for key, v in state.items() if key != "children" for r in _refs(v)]
            stack.extend(reversed(refs))

    def find(
        self, css_class: str | None = None, *, where: Callable[[dict], bool] | None = None
    ) -> tuple[str, dict[str, Any]] | None:
        """The first shown model with ``css_class`` in its ``_dom_classes`` (and ``where``)."""
        for model_id, state in self.shown():
            if css_class is not None and css_class not in (state.get("_dom_classes") or ()):
                continue
            if where is not None and not where(state):
                continue
            return model_id, state
        return None

    def find_all(self, css_class: str) -> list[tuple[str, dict[str, Any]]]:
        return [
            (model_id, state)
            for model_id, state in self.shown()
            if css_class in (state.get("_dom_classes") or ())
        ]

    def inside(self, model_id: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """Models reachable from ``model_id`` (itself included)."""
        sub = Mirror()
        sub.models, sub.roots = self.models, [model_id]
        return sub.shown()


# -- what one visit records ------------------------------------------------------------------


@dataclass
class Visit:
    """Times in seconds from the arrival (the tap on the link), or None if not reached."""

    name: str
    url: str
    arrived: float = 0.0  # time.monotonic() at arrival
    first_byte: float | None = None
    page: float | None = None  # whole page HTML received
    kernel_id: str | None = None
    websocket: float | None = None
    states: float | None = None  # every widget model known
    fallback: bool = False  # update_states late: per-widget requests, as the browser does
    ready: float | None = None  # the view the person came for is drawn
    joined: float | None = None  # join tap -> questions shown
    tapped: float | None = None  # when the level was tapped (from arrival)
    saved: float | None = None  # tap -> "saved" shown (seconds from the tap)
    saved_at: float | None = None  # time.monotonic() of that
    status_text: str = ""
    error: str | None = None
    stage: str | None = None
    timeout: bool = False
    messages_in: int = 0
    bad_messages: int = 0
    bytes_in: int = 0
    page_bytes: int = 0
    page_status: int | None = None
    widgets_in_page: int = 0  # widget views in the page's outputs
    page_text: str = ""  # the page's title and start of its text when no kernel came
    counts: list[tuple[float, int]] = field(default_factory=list)  # facilitator: (monotonic, n)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _now() -> float:
    return time.monotonic()


def _iso() -> str:
    return datetime.now(timezone.utc).isoformat()


# -- the phone -------------------------------------------------------------------------------


class Phone:
    """One browser tab on one Voila page: its cookies, its kernel websocket, its widget mirror.

    ``base_url`` is like ``http://127.0.0.1:8866/``; ``query`` is the page's
    ``window.location.search`` (``?lang=fr``).  ``client_id`` is what localStorage
    keeps (a new random one by default, as on a new phone).
    """

    def __init__(
        self,
        base_url: str,
        notebook: str,
        *,
        query: str = "?lang=fr",
        client_id: str | None = None,
        name: str = "phone",
        timeout: float = 120.0,
    ) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.notebook = notebook
        self.query = query if not query or query.startswith("?") else f"?{query}"
        self.client_id = client_id or secrets.token_hex(12)
        self.timeout = timeout
        self.visit = Visit(name=name, url=f"{self.base_url}voila/render/{notebook}{self.query}")
        self.mirror = Mirror()
        self.cookies: dict[str, str] = {}
        self.session_id = uuid.uuid4().hex
        self.kernel_id: str | None = None
        self._http: SimpleAsyncHTTPClient | None = None
        self._ws: WebSocketClientConnection | None = None
        self._reader: asyncio.Task | None = None
        self._changed = asyncio.Event()
        self._replies: dict[str, asyncio.Future] = {}
        self._control_comm: str | None = None
        self._control_reply: asyncio.Future | None = None
        self._state_requests: dict[str, asyncio.Future] = {}
        self._closed_reason: str | None = None
        self.on_change: Callable[[Phone], None] | None = None

    # -- time ---------------------------------------------------------------------------------

    def since_arrival(self) -> float:
        return _now() - self.visit.arrived

    def _left(self, deadline: float, stage: str) -> float:
        left = deadline - _now()
        if left <= 0:
            raise StageError(stage, "timed out", timeout=True)
        return left

    # -- HTTP ---------------------------------------------------------------------------------

    def _cookie_header(self) -> dict[str, str]:
        if not self.cookies:
            return {}
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def _keep_cookies(self, headers) -> None:
        for raw in headers.get_list("Set-Cookie"):
            jar = SimpleCookie()
            try:
                jar.load(raw)
            except Exception:  # noqa: BLE001 - a cookie we cannot read is one a browser drops too
                continue
            for key, morsel in jar.items():
                self.cookies[key] = morsel.value

    async def _get(self, url: str, *, timeout: float, on_chunk=None):
        assert self._http is not None
        request = HTTPRequest(
            url,
            headers=self._cookie_header(),
            request_timeout=timeout,
            connect_timeout=min(timeout, 30.0),
            streaming_callback=on_chunk,
            decompress_response=True,
            follow_redirects=True,
        )
        return await self._http.fetch(request, raise_error=False)

    async def load_page(self, deadline: float) -> None:
        """The page HTML: kernel id, displayed widgets, cookies."""
        stage = "page"
        chunks: list[bytes] = []

        def on_chunk(chunk: bytes) -> None:
            if self.visit.first_byte is None:
                self.visit.first_byte = self.since_arrival()
            chunks.append(chunk)

        response = await self._get(
            self.visit.url, timeout=self._left(deadline, stage), on_chunk=on_chunk
        )
        self.visit.page_status = response.code
        if response.code == 599:
            timed_out = isinstance(response.error, HTTPClientError) and "Timeout" in str(
                response.error
            )
            raise StageError(stage, f"no answer ({response.error})", timeout=timed_out)
        self._keep_cookies(response.headers)
        text = b"".join(chunks).decode("utf-8", "replace")
        self.visit.page = self.since_arrival()
        self.visit.page_bytes = len(text)
        config = CONFIG_RE.search(text)
        kernel = json.loads(config.group(1)).get("kernelId") if config else None
        for match in OUTPUT_RE.finditer(text):
            try:
                output = json.loads(match.group(1))
            except ValueError:
                continue
            view = (output.get("data") or {}).get("application/vnd.jupyter.widget-view+json")
            if view and view.get("model_id"):
                self.mirror.roots.append(view["model_id"])
        if response.code >= 400 or not kernel:
            title = TITLE_RE.search(text)
            body = TAG_RE.sub(" ", text.split("<body", 1)[-1])
            self.visit.page_text = " ".join(
                ((title.group(1) if title else "") + " " + body).split()
            )[:300]
            raise StageError(stage, f"HTTP {response.code}, no kernel in the page")
        self.kernel_id = kernel
        self.visit.kernel_id = kernel
        self.visit.widgets_in_page = len(self.mirror.roots)
        if not self.mirror.roots:
            # A browser would show an empty page for good: Voila sent the page without the
            # notebook's output (e.g. nbclient's 4 s IOPub timeout on a busy machine).
            raise StageError(stage, "the page came without the notebook's widget")

    # -- websocket ----------------------------------------------------------------------------

    async def connect(self, deadline: float) -> None:
        stage = "websocket"
        model_url = f"{self.base_url}api/kernels/{self.kernel_id}"
        response = await self._get(model_url, timeout=self._left(deadline, stage))
        if response.code != 200:
            raise StageError(stage, f"kernel model: HTTP {response.code}")
        ws_url = (
            model_url.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
            + f"/channels?session_id={quote(self.session_id)}"
        )
        request = HTTPRequest(
            ws_url,
            headers=self._cookie_header(),
            connect_timeout=self._left(deadline, stage),
            request_timeout=self._left(deadline, stage),
        )
        try:
            self._ws = await asyncio.wait_for(
                websocket_connect(
                    request, subprotocols=[SUBPROTOCOL], max_message_size=256 * 1024 * 1024
                ),
                timeout=self._left(deadline, stage),
            )
        except asyncio.TimeoutError as err:
            raise StageError(stage, "timed out", timeout=True) from err
        except Exception as err:  # noqa: BLE001 - refused, reset…: recorded with the stage
            raise StageError(stage, f"{type(err).__name__}: {err}") from err
        if self._ws.selected_subprotocol != SUBPROTOCOL:
            raise StageError(stage, f"server chose protocol {self._ws.selected_subprotocol!r}")
        self.visit.websocket = self.since_arrival()
        self._reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        ws = self._ws
        while True:
            try:
                data = await ws.read_message()
            except Exception as err:  # noqa: BLE001 - the socket went away
                self._closed_reason = f"{type(err).__name__}: {err}"
                break
            if data is None:
                self._closed_reason = f"websocket closed ({ws.close_code} {ws.close_reason})"
                break
            if isinstance(data, str):
                continue  # only the legacy protocol sends text
            self.visit.messages_in += 1
            self.visit.bytes_in += len(data)
            try:
                _channel, msg = unpack_v1(data)
                self._dispatch(msg)
            except Exception:  # noqa: BLE001 - a malformed message is counted, not fatal
                self.visit.bad_messages += 1
        self._changed.set()

    def _dispatch(self, msg: dict) -> None:
        kind = msg["header"].get("msg_type")
        content = msg["content"]
        parent = (msg.get("parent_header") or {}).get("msg_id")
        if parent in self._replies and kind.endswith("_reply"):
            future = self._replies.pop(parent)
            if not future.done():
                future.set_result(msg)
        if kind == "comm_open" and content.get("target_name") == WIDGET_TARGET:
            data = content.get("data") or {}
            self.mirror.open(content["comm_id"], data.get("state") or {})
        elif kind == "comm_msg":
            comm_id = content.get("comm_id")
            data = content.get("data") or {}
            method = data.get("method")
            if comm_id == self._control_comm:
                if method == "update_states" and self._control_reply is not None:
                    if not self._control_reply.done():
                        self._control_reply.set_result(data)
            elif method in ("update", "echo_update"):
                self.mirror.update(comm_id, data.get("state") or {})
                if parent in self._state_requests:
                    future = self._state_requests.pop(parent)
                    if not future.done():
                        future.set_result((comm_id, data.get("state") or {}))
        elif kind == "comm_close":
            self.mirror.close(content.get("comm_id"))
        else:
            return
        self._changed.set()
        if self.on_change is not None:
            try:
                self.on_change(self)
            except Exception:  # noqa: BLE001 - an observer's bug must not stop the phone
                pass

    async def send(
        self,
        msg_type: str,
        content: dict,
        *,
        metadata: dict | None = None,
        channel: str = "shell",
        reply: bool = False,
    ) -> tuple[str, asyncio.Future | None]:
        """Send one message; with ``reply``, also a future for its ``*_reply``."""
        if self._ws is None or self._closed_reason:
            raise StageError("send", self._closed_reason or "not connected")
        msg_id = uuid.uuid4().hex
        header = {
            "msg_id": msg_id,
            "msg_type": msg_type,
            "username": "",
            "session": self.session_id,
            "date": _iso(),
            "version": "5.3",
        }
        future = None
        if reply:
            future = asyncio.get_running_loop().create_future()
            self._replies[msg_id] = future
        parts = [json.dumps(p).encode("utf-8") for p in (header, {}, metadata or {}, content)]
        try:
            await self._ws.write_message(pack_v1(channel, parts), binary=True)
        except Exception as err:  # noqa: BLE001 - closed under us
            raise StageError("send", f"{type(err).__name__}: {err}") from err
        return msg_id, future

    async def comm(self, comm_id: str, data: dict) -> str:
        msg_id, _ = await self.send("comm_msg", {"comm_id": comm_id, "data": data})
        return msg_id

    # -- the widget manager's start ---------------------------------------------------------------

    async def restore_widgets(self, deadline: float, manager_created: float) -> None:
        """``kernel_info_request``, then every widget state (``_loadFromKernel``)."""
        stage = "states"
        _, info = await self.send("kernel_info_request", {}, reply=True)
        try:
            await asyncio.wait_for(info, timeout=self._left(deadline, "kernel_info"))
        except asyncio.TimeoutError as err:
            raise StageError("kernel_info", "timed out", timeout=True) from err
        self._control_comm = uuid.uuid4().hex
        self._control_reply = asyncio.get_running_loop().create_future()
        await self.send(
            "comm_open",
            {"comm_id": self._control_comm, "target_name": CONTROL_TARGET, "data": {}},
            metadata={"version": "1.0.0"},
        )
        await self.comm(self._control_comm, {"method": "request_states"})
        # The browser's 4 s clock starts when the manager is made, before the socket opens.
        patience = max(0.0, manager_created + CONTROL_TIMEOUT - _now())
        try:
            data = await asyncio.wait_for(
                asyncio.shield(self._control_reply),
                timeout=min(patience, self._left(deadline, stage)),
            )
        except asyncio.TimeoutError:
            data = None
        if data is not None:
            for model_id, entry in (data.get("states") or {}).items():
                self.mirror.open(model_id, entry.get("state") or {})
            await self.send("comm_close", {"comm_id": self._control_comm, "data": {}})
        else:
            self._check_deadline(deadline, stage)
            self.visit.fallback = True
            await self._load_models(deadline)
        self.visit.states = self.since_arrival()

    async def _load_models(self, deadline: float) -> None:
        """``_loadFromKernelModels``: the comm ids, then one ``request_state`` per widget."""
        stage = "states (fallback)"
        _, future = await self.send("comm_info_request", {"target_name": WIDGET_TARGET}, reply=True)
        try:
            reply = await asyncio.wait_for(future, timeout=self._left(deadline, stage))
        except asyncio.TimeoutError as err:
            raise StageError(stage, "comm_info timed out", timeout=True) from err
        comms = (reply["content"].get("comms") or {}).keys()
        waits = []
        for comm_id in comms:
            if comm_id in self.mirror.models:
                continue
            msg_id = await self.comm(comm_id, {"method": "request_state"})
            future = asyncio.get_running_loop().create_future()
            self._state_requests[msg_id] = future
            waits.append(future)
        if waits:
            try:
                done = await asyncio.wait_for(
                    asyncio.gather(*waits), timeout=self._left(deadline, stage)
                )
            except asyncio.TimeoutError as err:
                raise StageError(stage, "request_state timed out", timeout=True) from err
            for model_id, state in done:
                self.mirror.open(model_id, state)

    def _check_deadline(self, deadline: float, stage: str) -> None:
        if self._closed_reason:
            raise StageError(stage, self._closed_reason)
        self._left(deadline, stage)

    # -- waiting on the view ------------------------------------------------------------------------

    async def wait_for(self, predicate: Callable[[], Any], *, timeout: float, stage: str) -> Any:
        """Wait until ``predicate()`` is truthy (checked after every message); return its value."""
        deadline = _now() + timeout
        while True:
            self._changed.clear()
            value = predicate()
            if value:
                return value
            if self._closed_reason:
                raise StageError(stage, self._closed_reason)
            left = deadline - _now()
            if left <= 0:
                raise StageError(stage, "timed out", timeout=True)
            try:
                await asyncio.wait_for(self._changed.wait(), timeout=left)
            except asyncio.TimeoutError:
                pass

    # -- what a person does ---------------------------------------------------------------------------

    async def open(self) -> None:
        """Arrive: page, kernel websocket, widget states, URL widget told the query."""
        self.visit.arrived = _now()
        deadline = self.visit.arrived + self.timeout
        self._http = SimpleAsyncHTTPClient(force_instance=True, max_clients=6)
        await self.load_page(deadline)
        manager_created = _now()
        await self.connect(deadline)
        await self.restore_widgets(deadline, manager_created)
        await self.send_url()

    async def send_url(self) -> None:
        """What ``URLParams``' JavaScript sends once its view is on the page."""
        found = self.mirror.find(
            where=lambda s: (
                {"query", "client_id", "loaded"} <= s.keys() and s.get("_model_name") == "AnyModel"
            )
        )
        if found is None:
            return  # a page without cikit's URL widget (the bare notebook)
        model_id, _ = found
        state: dict[str, Any] = {"client_id": self.client_id, "loaded": time.time() * 1000}
        if self.query:
            state = {"query": self.query, **state}
        await self.comm(model_id, {"method": "update", "state": state, "buffer_paths": []})

    async def click(self, model_id: str) -> None:
        await self.comm(model_id, {"method": "custom", "content": {"event": "click"}})

    async def choose(self, model_id: str, index: int) -> None:
        """A Dropdown or ToggleButtons choice, as its view sends it."""
        await self.comm(
            model_id, {"method": "update", "state": {"index": index}, "buffer_paths": []}
        )

    def messages(self, level: str) -> list[str]:
        """Text of the shown cikit messages of ``level`` (info, success, error)."""
        found = []
        for _, state in self.mirror.find_all("cikit-message"):
            value = state.get("value") or ""
            if f"cikit-msg-{level}" in value:
                found.append(" ".join(TAG_RE.sub(" ", value).split()))
        return found

    async def close(self, *, shutdown: bool = False) -> None:
        """Leave the page: with ``shutdown``, the beacon the page sends on unload.

        The page registers that beacon only once its script runs (after the whole
        page came and the widget manager was made), so a page left while still
        loading sends none, as in a browser.
        """
        try:
            if shutdown and self.visit.websocket is not None and self._http is not None:
                form = f"_xsrf={quote(self.cookies.get('_xsrf', ''))}"
                request = HTTPRequest(
                    f"{self.base_url}voila/api/shutdown/{self.kernel_id}",
                    method="POST",
                    body=form,
                    headers={
                        **self._cookie_header(),
                        "Content-Type": "application/x-www-form-urlencoded",
                    },
                    request_timeout=30,
                )
                await self._http.fetch(request, raise_error=False)
        except Exception:  # noqa: BLE001 - leaving never fails the visit
            pass
        if self._ws is not None:
            try:
                self._ws.close()
            except Exception:  # noqa: BLE001
                pass
        if self._reader is not None:
            try:
                await asyncio.wait_for(self._reader, timeout=5)
            except (asyncio.TimeoutError, asyncio.CancelledError, Exception):  # noqa: BLE001
                self._reader.cancel()
        if self._http is not None:
            self._http.close()
            self._http = None

    def fail(self, err: BaseException, stage: str) -> None:
        if isinstance(err, StageError):
            self.visit.error, self.visit.stage, self.visit.timeout = (
                str(err),
                err.stage,
                err.timeout,
            )
        else:
            self.visit.error = f"{stage}: {type(err).__name__}: {err}"
            self.visit.stage = stage


# -- the two visits the benchmarks make ---------------------------------------------------------------


def join_button(phone: Phone) -> str | None:
    found = phone.mirror.find("cikit-join-button", where=lambda s: not s.get("disabled", False))
    return found[0] if found else None


def first_likert(phone: Phone) -> tuple[str, dict] | None:
    """The level buttons of the first statement shown (by its number "1.", not its position)."""
    items = phone.mirror.find_all("cikit-likert")
    for item_id, _ in items:
        label = buttons = None
        for model_id, state in phone.mirror.inside(item_id):
            if "cikit-likert-buttons" in (state.get("_dom_classes") or ()):
                buttons = (model_id, state)
            elif 'class="cikit-likert-number">1.<' in (state.get("value") or ""):
                label = model_id
        if label and buttons and not buttons[1].get("disabled", False):
            return buttons
    return None


async def participant(
    phone: Phone,
    *,
    level: int = 3,
    sector_index: int = 0,
    think: float = 0.0,
    answer_timeout: float = 60.0,
) -> Visit:
    """Arrive, wait for « Commencer à répondre », join, tap ``level`` (1-4) on statement 1.

    ``sector_index`` picks a sector in the join Dropdown before joining (modulo the
    number of choices; 0 keeps « prefer not to say »).  Never raises: the outcome is in the returned :class:`Visit`.
    """
    visit = phone.visit
    stage = "open"
    try:
        await phone.open()
        stage = "ready"
        left = phone.timeout - phone.since_arrival()
        button = await phone.wait_for(lambda: join_button(phone), timeout=left, stage=stage)
        visit.ready = phone.since_arrival()
        await asyncio.sleep(think)
        stage = "join"
        choice = phone.mirror.find("cikit-join-choice")
        if sector_index and choice is not None:
            options = len(choice[1].get("_options_labels") or ()) or 1
            await phone.choose(choice[0], sector_index % options)
        tapped = phone.since_arrival()
        await phone.click(button)
        buttons = await phone.wait_for(
            lambda: first_likert(phone) or phone.messages("error"),
            timeout=answer_timeout,
            stage=stage,
        )
        if isinstance(buttons, list):
            raise StageError(stage, f"refused: {buttons[0]}")
        visit.joined = phone.since_arrival() - tapped
        await asyncio.sleep(think)
        stage = "answer"
        model_id, state = first_likert(phone) or buttons
        labels = state.get("_options_labels") or []
        index = min(max(level, 1), len(labels) or 4) - 1
        before = set(phone.messages("success"))
        tap = phone.since_arrival()
        visit.tapped = tap
        await phone.choose(model_id, index)
        outcome = await phone.wait_for(
            lambda: (
                [("ok", m) for m in phone.messages("success") if m not in before]
                or [("error", m) for m in phone.messages("error")]
            ),
            timeout=answer_timeout,
            stage=stage,
        )
        kind, text = outcome[0]
        visit.status_text = text
        if kind == "error":
            raise StageError(stage, f"refused: {text}")
        visit.saved_at = _now()
        visit.saved = visit.saved_at - visit.arrived - tap
    except asyncio.CancelledError:
        phone.fail(StageError(stage, "cancelled"), stage)
        raise
    except Exception as err:  # noqa: BLE001 - recorded in the visit, never raised
        phone.fail(err, stage)
    return visit


async def bare_visitor(phone: Phone, *, think: float = 0.0, answer_timeout: float = 60.0) -> Visit:
    """The baseline page: ready when its slider is shown; a tap is a value the kernel echoes."""
    visit = phone.visit
    stage = "open"

    def slider():
        return phone.mirror.find(where=lambda s: s.get("_model_name") == "IntSliderModel")

    try:
        await phone.open()
        stage = "ready"
        found = await phone.wait_for(
            slider, timeout=phone.timeout - phone.since_arrival(), stage=stage
        )
        visit.ready = phone.since_arrival()
        await asyncio.sleep(think)
        stage = "answer"
        model_id, state = found
        value = int(state.get("value", 0)) + 1
        tap = phone.since_arrival()
        visit.tapped = tap
        await phone.comm(
            model_id, {"method": "update", "state": {"value": value}, "buffer_paths": []}
        )
        # ipywidgets echoes a value it accepted (echo_update), as it does to the browser.
        await phone.wait_for(
            lambda: _echoed(phone, model_id, value), timeout=answer_timeout, stage=stage
        )
        visit.saved_at = _now()
        visit.saved = visit.saved_at - visit.arrived - tap
    except asyncio.CancelledError:
        phone.fail(StageError(stage, "cancelled"), stage)
        raise
    except Exception as err:  # noqa: BLE001 - recorded in the visit, never raised
        phone.fail(err, stage)
    return visit


def _echoed(phone: Phone, model_id: str, value: int) -> bool:
    return phone.mirror.models.get(model_id, {}).get("value") == value


def shows_results(phone: Phone) -> bool:
    """Whether the page shows the group's results (the bars drawn from published data)."""
    return any(
        "cikit-bars" in (state.get("value") or "")
        for _, state in phone.mirror.shown()
        if isinstance(state.get("value"), str)
    )


def shown_count(phone: Phone) -> int | None:
    """The number in the facilitator's counter (``<span class="cikit-count">``), if shown."""
    for _, state in phone.mirror.shown():
        match = COUNT_RE.search(str(state.get("value") or ""))
        if match:
            return int(match.group(1))
    return None


async def facilitator(phone: Phone) -> Visit:
    """Open the facilitator's page and record every change of its count in ``visit.counts``.

    Returns once the counter is shown (``visit.ready``); the phone keeps recording
    until it is closed.  Never raises.
    """
    visit = phone.visit

    def record(p: Phone) -> None:
        count = shown_count(p)
        if count is not None and (not visit.counts or visit.counts[-1][1] != count):
            visit.counts.append((_now(), count))

    stage = "open"
    try:
        await phone.open()
        stage = "ready"
        await phone.wait_for(
            lambda: shown_count(phone) is not None,
            timeout=phone.timeout - phone.since_arrival(),
            stage=stage,
        )
        visit.ready = phone.since_arrival()
        record(phone)
        phone.on_change = record
    except asyncio.CancelledError:
        phone.fail(StageError(stage, "cancelled"), stage)
        raise
    except Exception as err:  # noqa: BLE001 - recorded in the visit, never raised
        phone.fail(err, stage)
    return visit
