"""``cikit serve`` against a participant's script: the room stays up, the key stays private.

A real server on the demo (standalone Voila, preheated kernels) and clients
that speak to it the way a script on a phone could: a kernel websocket on the
legacy protocol (which made Voila 0.5.13 loop until the server died), a v1
frame with a forged count of parts, Voila's query-string cache, a failed
request carrying the facilitator key.  Afterwards the server answers a page at
once and its memory has not grown.  Then: a restart on the same port, at once.
"""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import time
import urllib.error
import urllib.request

import psutil
import pytest
from kernel_client import V1, connect, drain, page_kernel, request_states
from servers import cikit_server
from tornado.httpclient import HTTPClientError
from tornado.websocket import WebSocketClosedError

from cikit.demo import write_demo

KEY = "e2e-key-0123456789-abcdef"
PRECONDITIONS = "/voila/render/01_preconditions.ipynb?lang=fr"
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("guards")
    workspace = tmp / "demo.cikit"
    write_demo(workspace).close()
    with cikit_server(str(workspace), tmp, key=KEY, pool_size=2) as running:
        yield running


def _voila(server) -> psutil.Process:
    for child in psutil.Process(server.process.pid).children(recursive=True):
        if "cikit.voila_app" in " ".join(child.cmdline()):
            return child
    raise AssertionError("no Voila process")


def _page_seconds(
    server, path: str = "/voila/render/00_accueil.ipynb?lang=fr", *, timeout: float = 2
) -> float:
    """Seconds until the server sends the first bytes of a page (``timeout`` at most)."""
    start = time.monotonic()
    url = f"http://127.0.0.1:{server.port}{path}"
    with urllib.request.urlopen(url, timeout=timeout) as response:
        response.read(64)
    return time.monotonic() - start


async def _legacy_then_states(server) -> str:
    kernel = await page_kernel(server.port, PRECONDITIONS)
    try:
        socket_ = await connect(server.port, kernel, v1=False)
    except HTTPClientError as err:
        return f"refused {err.code}"
    # Served: the legacy client must then be served correctly (never a loop).
    await request_states(socket_, v1=False)
    got = await drain(socket_, 5)
    socket_.close()
    return f"served {len(got)}"


def test_a_legacy_protocol_client_cannot_take_the_server_down(server):
    voila = _voila(server)
    asyncio.run(page_kernel(server.port, PRECONDITIONS))  # warm: the page itself costs memory
    before = voila.memory_info().rss
    outcome = asyncio.run(_legacy_then_states(server))
    time.sleep(3)
    assert outcome == "refused 400"
    assert _page_seconds(server) <= 2.0
    grown = (voila.memory_info().rss - before) / MIB
    assert grown <= 50, f"memory grew by {grown:.0f} MiB"
    assert "refused a kernel websocket without the" in server.log_text()


async def _forged_frame(server) -> tuple[bool, list]:
    kernel = await page_kernel(server.port, PRECONDITIONS)
    socket_ = await connect(server.port, kernel, v1=True)
    assert socket_.selected_subprotocol == V1
    forged = (2**62).to_bytes(8, "little") + b"\x00" * 64  # "2**62 parts follow"
    await socket_.write_message(forged, binary=True)
    got = await drain(socket_, 5)
    closed = socket_.close_code is not None
    try:
        await socket_.write_message(b"\x00" * 8, binary=True)
    except WebSocketClosedError:
        closed = True
    return closed, got


def test_a_forged_v1_frame_closes_its_socket_and_nothing_else(server):
    voila = _voila(server)
    before = voila.memory_info().rss
    closed, _got = asyncio.run(_forged_frame(server))
    assert closed
    assert _page_seconds(server) <= 2.0
    assert (voila.memory_info().rss - before) / MIB <= 50
    assert "malformed message" in server.log_text()


async def _states_over_v1(server) -> dict:
    kernel = await page_kernel(server.port, PRECONDITIONS)
    socket_ = await connect(server.port, kernel, v1=True)
    await request_states(socket_, v1=True)
    states: dict = {}
    for received in await drain(socket_, 10):
        if not isinstance(received, bytes):
            continue
        count = int.from_bytes(received[:8], "little")
        offsets = [int.from_bytes(received[8 * (i + 1) : 8 * (i + 2)], "little")
                   for i in range(count)]  # fmt: skip
        content = json.loads(received[offsets[4] : offsets[5]])
        if content.get("data", {}).get("method") == "update_states":
            states = content["data"]["states"]
    socket_.close()
    return states


def test_the_page_protocol_still_works(server):
    states = asyncio.run(_states_over_v1(server))
    assert any("query" in s.get("state", {}) for s in states.values()), "URLParams is there"


def test_voila_query_cache_is_not_served(server):
    kernel = asyncio.run(page_kernel(server.port, f"{PRECONDITIONS}&role=facilitator&key={KEY}"))
    url = f"ws://127.0.0.1:{server.port}/voila/query/{kernel}"

    async def query() -> str:
        from tornado.websocket import websocket_connect

        try:
            socket_ = await websocket_connect(url)
        except HTTPClientError as err:
            return f"http {err.code}"
        got = await drain(socket_, 2)
        return "sent " + " ".join(str(g) for g in got)

    answer = asyncio.run(query())
    assert answer == "http 404"
    assert KEY not in answer


def test_the_key_is_not_in_the_server_log(server):
    for path in (
        f"/voila/render/nope.ipynb?lang=fr&role=facilitator&key={KEY}",
        f"/voila/render/00_accueil.ipynb?lang=fr&role=facilitator&key={KEY}",
        f"/voila/files/../../etc/passwd?key={KEY}",
    ):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=60).read()
        except urllib.error.HTTPError as err:
            assert err.code in (403, 404)
    time.sleep(1)
    # The facilitator links cikit serve prints for the facilitator are the only place for it.
    text = "\n".join(
        line for line in server.log_text().splitlines() if not line.startswith(("  FR  ", "  EN  "))
    )
    assert "nope.ipynb" in text, "the failed request is logged"
    assert KEY not in text
    assert "key=[secret]" in text


def _time_wait_port() -> int:
    """A port with a connection left in TIME_WAIT on the server's side (it closed first).

    The listener reuses addresses, as Tornado's does (its connections inherit it).
    """
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.listen()
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = listener.accept()
    accepted.close()  # the server's side closes first: its end waits in TIME_WAIT
    time.sleep(0.1)
    client.close()
    listener.close()
    return port


def test_the_free_port_check_ignores_connections_in_time_wait():
    from cikit.serve import _port_free

    port = _time_wait_port()
    assert _port_free("127.0.0.1", port)
    busy = socket.socket()
    busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    busy.bind(("127.0.0.1", port))
    busy.listen()
    try:
        assert not _port_free("127.0.0.1", port), "a port someone listens on is not free"
    finally:
        busy.close()


def test_cikit_serve_restarts_on_the_same_port_at_once(tmp_path):
    workspace = tmp_path / "demo.cikit"
    write_demo(workspace).close()
    with cikit_server(str(workspace), tmp_path / "first", key=KEY, pool_size=0) as first:
        port = first.port
        for _ in range(5):  # connections the server closes at shutdown end in TIME_WAIT
            urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/render/00_accueil.ipynb",
                                   timeout=120).read(100)  # fmt: skip
        first.process.send_signal(signal.SIGINT)
        first.process.wait(timeout=30)
    with cikit_server(
        str(workspace), tmp_path / "second", key=KEY, pool_size=0, port=port
    ) as again:
        assert again.port == port
        assert "déjà utilisé" not in again.log_text()
        assert _page_seconds(again, timeout=120) < 120


# -- the JupyterLab / Binder route -----------------------------------------------------------


@pytest.fixture
def binder_server(tmp_path):
    """jupyter_server with Voila's extension and binder/jupyter-config, as Binder runs it."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from servers import free_port, wait_until

    repo = Path(__file__).resolve().parents[1]
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR"):
        (tmp_path / name.lower()).mkdir()
        env[name] = str(tmp_path / name.lower())
    env["JUPYTER_CONFIG_PATH"] = str(repo / "binder" / "jupyter-config")
    env["JUPYTER_PATH"] = str(repo / "templates")
    workspace = tmp_path / "demo.cikit"
    write_demo(workspace).close()
    env["CIKIT_WORKSPACE"] = str(workspace)
    env["CIKIT_FACILITATOR_KEY"] = KEY
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyter_server", f"--port={port}", "--no-browser",
             "--allow-root", "--IdentityProvider.token=", f"--ServerApp.root_dir={repo}"],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def up() -> bool:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            return False

    try:
        assert wait_until(up, timeout=90), log.read_text()
        yield port, log
    finally:
        import os as _os

        try:
            _os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                _os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def test_the_binder_route_serves_a_legacy_client_and_closes_forged_frames(binder_server):
    """jupyter_server's own handler reads the legacy protocol correctly; its v1 reader trusts
    a forged count of parts (the server froze), which the guard in binder's config stops."""
    port, log = binder_server
    path = "/voila/render/workbooks/01_preconditions.ipynb?lang=fr"

    async def legacy() -> int:
        kernel = await page_kernel(port, path, timeout=180)
        socket_ = await connect(port, kernel, v1=False)
        await request_states(socket_, v1=False)
        got = await drain(socket_, 8)
        socket_.close()
        return len(got)

    async def forged() -> int | None:
        kernel = await page_kernel(port, path, timeout=180)
        socket_ = await connect(port, kernel, v1=True)
        await socket_.write_message((2**62).to_bytes(8, "little") + b"\x00" * 64, binary=True)
        await drain(socket_, 5)
        return socket_.close_code

    assert asyncio.run(legacy()) > 0, "served, not refused: JupyterLab may use either protocol"
    assert asyncio.run(forged()) == 1008
    start = time.monotonic()
    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=2).read()
    assert time.monotonic() - start <= 2.0
    assert "malformed message" in log.read_text()
