"""End to end: an over-limit upload and the facilitator key, in real Chromium through ``cikit serve``.

A file over the upload limit is refused in the browser before anything is sent:
the page says why, in the person's language, and stays connected to its kernel
(tornado would have closed the websocket on a message that large).  The
facilitator key leaves the address bar once it is checked, stays in the tab's
session so the links between workbooks keep the facilitator view, and is in no
log line.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from servers import PHONE, PROJECTOR, demo_server, open_page, shot

from cikit.limits import UPLOAD_MAX

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with demo_server(tmp_path_factory, "e2e-guards", pool_size=2) as running:
        yield running


@pytest.fixture(scope="module")
def too_large(tmp_path_factory):
    path = tmp_path_factory.mktemp("upload") / "sauvegarde-trop-grosse.zip"
    with path.open("wb") as out:
        out.truncate(UPLOAD_MAX + 5 * 1024 * 1024)  # sparse: 55 MiB of zeros
    return path


@pytest.mark.parametrize(
    ("lang", "size", "said"),
    [("fr", PROJECTOR, "Ce fichier est trop gros (55 Mo; 50 Mo au plus). Rien n'a été envoyé."),
     ("en", PHONE, "This file is too large (55 MB; at most 50 MB). Nothing was sent.")],
    ids=["fr-1280", "en-390"],
)  # fmt: skip
def test_an_over_limit_upload_is_refused_in_the_page_which_stays_connected(
    browser, server, too_large, lang, size, said
):
    page = browser.new_context(viewport=size).new_page()
    sent: list[int] = []  # sizes of the frames the page sends to its kernel
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(len(f))))
    page.goto(server.url("07_bilan", lang=lang, facilitator=True), timeout=90_000)
    expect(page.locator(".cikit-ov-grid")).to_be_visible(timeout=90_000)
    expect(page.locator(".cikit-restore-upload button")).to_be_visible(timeout=30_000)
    assert sent, "the page talks to its kernel over the websocket"
    with page.expect_file_chooser() as chooser:
        page.locator(".cikit-restore-upload button").click()
    chooser.value.set_files(str(too_large))
    note = page.locator(".cikit-restore-upload .cikit-upload-note")
    expect(note).to_have_text(said)
    note.scroll_into_view_if_needed()
    shot(page, f"upload-too-large-{lang}-{size['width']}")
    assert not sent or max(sent) < 1024 * 1024, "the file was never sent"
    # Still connected: the kernel answers a click (the backup download is made there).
    with page.expect_download(timeout=60_000) as got:
        page.locator(".cikit-backup").click()
    assert got.value.suggested_filename.endswith(".zip")
    expect(page.locator(".cikit-backup")).to_be_enabled()
    page.context.close()


def test_the_key_leaves_the_address_bar_and_the_links_but_not_the_tab(browser, server):
    page = open_page(browser, server.url("00_accueil", lang="fr", facilitator=True))
    expect(page.locator(".cikit-role-facilitator")).to_be_visible(timeout=60_000)
    page.wait_for_function("() => !window.location.search.includes('key=')", timeout=30_000)
    assert server.key not in page.url and "role=facilitator" in page.url
    stored = page.evaluate("() => window.sessionStorage.getItem('cikit-facilitator-key')")
    assert stored == server.key
    assert server.key not in page.content(), "no link or text of the page carries the key"
    shot(page, "key-gone-from-address-fr-1280")
    # A link to another workbook keeps the facilitator view, from the tab's session.
    page.locator(".cikit-steps button").last.click()
    link = page.locator("a.cikit-workbook-link").first
    expect(link).to_be_visible()
    assert "key=" not in (link.get_attribute("href") or "")
    link.click()
    expect(page.locator(".cikit-role-facilitator")).to_be_visible(timeout=90_000)
    assert server.key not in page.url
    page.context.close()


def test_a_wrong_key_is_dropped_from_the_address_and_forgotten(browser, server):
    url = server.url("00_accueil", lang="fr").replace("lang=fr", "lang=fr&role=facilitator&key=x")
    page = open_page(browser, url)
    expect(page.locator(".cikit-role-participant")).to_be_visible(timeout=60_000)
    page.wait_for_function("() => !window.location.search.includes('key=')", timeout=30_000)
    assert page.evaluate("() => window.sessionStorage.getItem('cikit-facilitator-key')") is None
    page.context.close()


def test_a_participant_tab_has_no_key_to_add(browser, server):
    url = server.url("00_accueil", lang="fr") + "&role=facilitator"
    page = open_page(browser, url)
    expect(page.locator(".cikit-role-participant")).to_be_visible(timeout=60_000)
    page.context.close()


def test_no_log_line_holds_the_key(server):
    printed = ("  FR  ", "  EN  ")  # the facilitator links cikit serve prints for the facilitator
    lines = [line for line in server.log_text().splitlines() if not line.startswith(printed)]
    assert not [line for line in lines if server.key in line]
