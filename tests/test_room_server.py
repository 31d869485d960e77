"""``cikit serve`` for a room, over HTTP: short links, compression, caching, the kernel cap.

No browser: what is checked is what the server answers.
"""

from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request

import pytest
from servers import cikit_server, wait_until

from cikit.demo import write_demo


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, *, headers: dict | None = None, follow: bool = True):
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect())
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.fixture(scope="module")
def capped(tmp_path_factory):
    """A server that holds at most six kernels, with no preheated workbook pages."""
    tmp = tmp_path_factory.mktemp("room-server")
    workspace = tmp / "demo.cikit"
    write_demo(workspace).close()
    with cikit_server(
        str(workspace),
        tmp,
        key="room-server-key-0001",
        pool_size=0,
        extra_args=("--max-kernels", "6", "--expect", "2"),
        ready_line="room ready",
    ) as server:
        yield server


def test_a_short_link_leads_to_the_join_page(capped):
    base = f"http://127.0.0.1:{capped.port}"
    status, headers, _ = _get(f"{base}/1?lang=en", follow=False)
    assert status == 302
    assert headers["Location"] == "/voila/render/rejoindre.ipynb?w=01_preconditions&lang=en"
    status, headers, _ = _get(f"{base}/42", follow=False)
    assert status == 302 and headers["Location"] == "/"


def test_pages_and_scripts_are_compressed_and_scripts_cached(capped):
    base = f"http://127.0.0.1:{capped.port}"
    status, headers, body = _get(
        f"{base}/voila/render/rejoindre.ipynb?w=1", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    page = gzip.decompress(body).decode("utf-8")
    script = re.search(r'src="(/voila/templates/[^"]+\.js)[^"]*"', page) or re.search(
        r'src="(/voila/static/[^"]+\.js)[^"]*"', page
    )
    assert script, "the page loads Voila's script"
    status, headers, body = _get(base + script.group(1), headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert "max-age=86400" in headers.get("Cache-Control", "")


def test_past_the_cap_a_newcomer_is_told_the_room_is_full(capped):
    base = f"http://127.0.0.1:{capped.port}"
    # Each page of a workbook without a pool starts a kernel, which stays while it lives.
    statuses = []
    for _ in range(8):
        status, headers, body = _get(
            f"{base}/voila/render/00_accueil.ipynb?lang=fr",
            headers={"Accept-Language": "fr-CA,fr;q=0.9"},
        )
        statuses.append(status)
        if status == 503:
            break
    assert statuses[-1] == 503, statuses
    assert headers.get("Retry-After") == "30"
    text = body.decode("utf-8")
    assert "La salle est pleine" in text and "Rien de ce que vous" in text
    assert wait_until(lambda: len(capped.kernels()) <= 6, timeout=5)
    assert len(capped.kernels()) <= 6
    # A preheated join page is still served: its kernel was already counted.
    status, _, _ = _get(f"{base}/voila/render/rejoindre.ipynb?w=1")
    assert status == 200
