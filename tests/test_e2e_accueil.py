"""End to end: ``cikit serve`` on the demo, the Start workbook (« Accueil ») in a real Chromium.

Covers what a facilitator does in the first minutes (add a partner through the
page, see it saved in the workspace file, switch to English), that typed HTML
stays text in the browser, that the page loads nothing from outside, and that
kernels of closed pages do not pile up.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from servers import cikit_server, wait_until

from cikit import open_workspace

pytestmark = pytest.mark.browser

SHOTS = Path(
    os.environ.get(
        "CIKIT_SCREENSHOTS", Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
    )
)
PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_file):
    """A server of its own (one preheated kernel): this module counts the kernels it leaves."""
    tmp = tmp_path_factory.mktemp("e2e")
    workspace = tmp / "demo.cikit"
    shutil.copyfile(demo_file, workspace)
    with cikit_server(str(workspace), tmp) as running:
        running.workspace = str(workspace)
        yield running


def _open(browser, url: str, viewport=PROJECTOR) -> tuple[Page, list[str]]:
    page = browser.new_page(viewport=viewport)
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else None
        ),
    )
    page.goto(url, timeout=90_000)  # a first kernel on a loaded machine, as in servers.open_page
    expect(page.locator(".cikit-header")).to_be_visible(timeout=90_000)
    return page, outside


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_facilitator_adds_a_partner_then_switches_to_english(browser, server):
    page, outside = _open(browser, server.url(facilitator=True))
    expect(page.locator(".cikit-role-facilitator")).to_have_text("Vue animation", timeout=30_000)
    expect(page.locator("h1.cikit-title")).to_have_text("Accueil")
    _shot(page, "00_accueil-fr-facilitator-1280")

    page.get_by_role("button", name="2. Partenaires").click()
    form = page.locator(".cikit-add-row")
    form.locator(".cikit-field-name input").fill("Chambre de commerce des Saules")
    form.locator(".cikit-field-sector select").select_option(label="Secteur privé")
    form.locator(".cikit-field-contact input").fill("Luc Giroux")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    expect(page.get_by_text("Partenaire ajouté.")).to_be_visible(timeout=15_000)
    _shot(page, "00_accueil-fr-partners-1280")

    with open_workspace(server.workspace) as ws:
        partners = ws.partners()
    added = partners[partners["name"] == "Chambre de commerce des Saules"]
    assert len(added) == 1
    assert added.iloc[0]["sector"] == "private" and added.iloc[0]["contact"] == "Luc Giroux"

    page.get_by_role("button", name="English").click()
    expect(page.locator("h1.cikit-title")).to_have_text("Start", timeout=15_000)
    expect(page.locator(".cikit-role-facilitator")).to_have_text("Facilitator view")
    expect(page.get_by_role("button", name="2. Partners")).to_be_visible()
    assert "lang=en" in page.url, "the address bar keeps the language for a reload"
    page.get_by_role("button", name="4. Who is at the table?").click()
    expect(page.locator(".cikit-prompt")).to_contain_text("Every sector is at the table")
    _shot(page, "00_accueil-en-coverage-1280")
    assert outside == [], f"the page fetched outside addresses: {outside}"
    page.close()


def test_typed_html_stays_text_in_the_browser(browser, server):
    page, _ = _open(browser, server.url(facilitator=True))
    expect(page.locator(".cikit-role-facilitator")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="2. Partenaires").click()
    evil = '<img src=x onerror="window.__cikit_xss=1">'
    form = page.locator(".cikit-add-row")
    form.locator(".cikit-field-name input").fill(evil)
    form.locator(".cikit-field-sector select").select_option(label="Autre")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    expect(page.get_by_text("Partenaire ajouté.")).to_be_visible(timeout=15_000)
    page.close()

    viewer, _ = _open(browser, server.url())
    viewer.get_by_role("button", name="2. Partenaires").click()
    expect(viewer.locator("table.cikit-readonly")).to_contain_text(evil, timeout=15_000)
    assert viewer.evaluate("() => window.__cikit_xss") is None
    viewer.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_participant_view_on_a_phone(browser, server, lang):
    page, outside = _open(browser, server.url(lang=lang), viewport=PHONE)
    expect(page.locator(".cikit-role-participant")).to_be_visible(timeout=30_000)
    title = "Accueil" if lang == "fr" else "Start"
    expect(page.locator("h1.cikit-title")).to_have_text(title)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"page scrolls sideways on a phone ({width}px)"
    _shot(page, f"00_accueil-{lang}-participant-390")
    step = "2. Partenaires" if lang == "fr" else "2. Partners"
    page.get_by_role("button", name=step).click()
    expect(page.locator("table.cikit-readonly")).to_be_visible(timeout=15_000)
    _shot(page, f"00_accueil-{lang}-partners-390")
    assert page.locator(".cikit-add-form").count() == 0, "participants cannot edit the list"
    assert outside == []
    page.close()


def test_wrong_key_shows_participant_view_with_a_message(browser, server):
    page, _ = _open(browser, server.url().replace("lang=fr", "lang=fr&role=facilitator&key=nope"))
    expect(page.locator(".cikit-msg-error")).to_contain_text("clé d'animation", timeout=30_000)
    expect(page.locator(".cikit-role-participant")).to_be_visible()
    page.close()


def test_closed_pages_do_not_leave_kernels_behind(browser, server):
    wait_until(lambda: len(server.kernels()) <= 2, timeout=30)
    before = len(server.kernels())
    for _ in range(10):
        page, _ = _open(browser, server.url())
        # Leaving the page fires its unload beacon, as closing a tab does.
        page.goto("about:blank")
        page.close()
    settled = wait_until(lambda: len(server.kernels()) <= before + 1, timeout=60)
    after = len(server.kernels())
    assert after < before + 10, f"kernels piled up: {before} before, {after} after ten visits"
    assert settled, f"closed pages kept their kernels: {before} before, {after} after"
    assert "403" not in server.log_text().split("api/shutdown")[-1][:200]


def test_the_root_address_opens_the_start_workbook_without_a_query(browser, server):
    page = browser.new_page(viewport=PROJECTOR)
    page.goto(f"http://127.0.0.1:{server.port}/")
    expect(page.locator("h1.cikit-title")).to_have_text("Accueil", timeout=60_000)
    expect(page.locator(".cikit-role-participant")).to_be_visible()
    page.close()
