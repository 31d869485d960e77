"""The guards of cikit's Voila, without a server: frames read with bounds, keys blanked."""

from __future__ import annotations

import logging
import time

import pytest
from jupyter_server.services.kernels.connection.base import serialize_binary_message
from kernel_client import message, v1_frame
from voila.request_info_handler import RequestInfoSocketHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from cikit.server import guards as g


def _legacy_binary(msg: dict) -> bytes:
    """A reply with a buffer as jupyter_server sends it to a legacy-protocol client."""
    return serialize_binary_message({**msg, "buffers": [memoryview(b"\x00" * 64)]})


def test_a_legacy_frame_is_not_read_as_v1_and_nothing_loops():
    frame = _legacy_binary(message("comm_msg", {"data": {"method": "update_states"}}, "s"))
    start = time.monotonic()
    assert g.read_v1_header(frame) is None
    assert not g.v1_frame_ok(frame)
    assert time.monotonic() - start < 0.1


@pytest.mark.parametrize(
    "frame",
    [
        b"",
        b"\xff" * 8,
        (2**62).to_bytes(8, "little") + b"\x00" * 64,
        (5).to_bytes(8, "little") + b"\x00" * 16,  # fewer offsets than it says
        (3).to_bytes(8, "little") + (32).to_bytes(8, "little") + (40).to_bytes(8, "little")
        + (36).to_bytes(8, "little") + b"shell...",  # offsets going backwards
        "not bytes",
    ],
)  # fmt: skip
def test_forged_v1_frames_are_refused_at_once(frame):
    start = time.monotonic()
    assert not g.v1_frame_ok(frame)
    assert g.read_v1_header(frame) is None
    assert time.monotonic() - start < 0.1


def test_a_real_v1_frame_is_read():
    msg = message("execute_input", {"code": "x"}, "s")
    frame = v1_frame(msg)
    assert g.v1_frame_ok(frame)
    assert g.read_v1_header(frame)["msg_type"] == "execute_input"


def test_urls_in_log_lines_lose_their_key():
    line = "404 GET /voila/render/x.ipynb?lang=fr&role=facilitator&key=s3cret-key (1.2.3.4)"
    assert g.scrub(line) == (
        "404 GET /voila/render/x.ipynb?lang=fr&role=facilitator&key=[secret] (1.2.3.4)"
    )
    assert g.scrub("key=abc&lang=fr") == "key=[secret]&lang=fr"
    assert g.scrub("monkey=1") == "monkey=1"


def test_the_filter_blanks_the_key_in_formatted_records(caplog):
    logger = logging.getLogger("cikit.test.scrub")
    logger.addFilter(g.SCRUB)
    try:
        with caplog.at_level(logging.WARNING, logger="cikit.test.scrub"):
            logger.warning("%d %s", 404, "GET /x?role=facilitator&key=s3cret-key-123456")
    finally:
        logger.removeFilter(g.SCRUB)
    assert "s3cret" not in caplog.text and "key=[secret]" in caplog.text


def test_routes_swap_the_websocket_and_drop_the_query_cache():
    handlers = [
        (r"/api/kernels/(?P<kernel_id>x)/channels", VoilaKernelWebsocketHandler),
        (r"/voila/query/(?P<kernel_id>x)", RequestInfoSocketHandler),
        (r"/other", object, {"a": 1}),
    ]
    swapped = g.replace_handlers(handlers)
    assert swapped[0][1] is g.GuardedKernelWebsocketHandler
    assert swapped[1][1] is g.NotServedHandler
    assert swapped[2] == handlers[2]
