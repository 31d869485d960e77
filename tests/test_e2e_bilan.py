"""End to end: the overview workbook (« Bilan ») in real Chromium through ``cikit serve``.

The facilitator clicks Export and receives the report as a download (built by
nbconvert in the page's kernel); downloads a backup and restores it; a
participant sees the overview without the export panel.
"""

from __future__ import annotations

import zipfile

import pytest
from playwright.sync_api import expect
from servers import PHONE, PROJECTOR, open_page, shot

pytestmark = pytest.mark.browser

WORKBOOK = "07_bilan"


@pytest.fixture(scope="module")
def server(demo_server_fresh):
    """The session's demo server, its workspace put back to the demo's story."""
    return demo_server_fresh


def _page(browser, url: str, viewport=None):
    page = open_page(browser, url, viewport, ready=".cikit-ov-grid")
    page.context.set_default_timeout(60_000)
    return page


def _upload(page, path) -> None:
    with page.expect_file_chooser() as chooser:
        page.locator(".cikit-restore-upload").click()
    chooser.value.set_files(str(path))


def test_export_button_hands_the_report_to_the_browser(browser, server, tmp_path):
    page = _page(browser, server.url(WORKBOOK, lang="fr", facilitator=True))
    shot(page, "07_bilan-fr-facilitator-1280")
    page.locator(".cikit-export").scroll_into_view_if_needed()
    shot(page, "07_bilan-fr-facilitator-1280-export")
    page.locator(".cikit-export-lang select").select_option(index=1)
    with page.expect_download(timeout=120_000) as got:
        page.locator(".cikit-export").click()
        expect(page.locator(".cikit-ov-progress")).to_contain_text("/", timeout=30_000)
    download = got.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.suffix == ".html" and "-en-" in target.name
    text = target.read_text(encoding="utf-8")
    assert "Grandir ensemble" in text and "Shared measurement" in text
    assert "http://" not in text.replace("http://www.w3.org", "")

    # The PDF (A4) is printed by Chromium from the page's kernel.
    page.locator(".cikit-export-format select").select_option(index=1)
    with page.expect_download(timeout=120_000) as got:
        page.locator(".cikit-export").click()
    pdf = tmp_path / got.value.suggested_filename
    got.value.save_as(pdf)
    assert pdf.suffix == ".pdf" and pdf.read_bytes().startswith(b"%PDF")

    with page.expect_download(timeout=60_000) as got:
        page.locator(".cikit-backup").click()
    backup = tmp_path / got.value.suggested_filename
    got.value.save_as(backup)
    with zipfile.ZipFile(backup) as archive:
        assert "cikit-backup.json" in archive.namelist()

    # Restore: a damaged file is refused with a message, a good one asks before replacing.
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    _upload(page, bad)
    expect(page.get_by_text("n'est pas une sauvegarde cikit")).to_be_visible()
    _upload(page, backup)
    confirm = page.locator(".cikit-restore-confirm")
    expect(confirm).to_be_enabled()
    confirm.click()
    expect(page.get_by_text("La sauvegarde est restaurée.")).to_be_visible()
    page.context.close()


def test_facilitator_phone_view_of_the_exports(browser, server):
    page = _page(browser, server.url(WORKBOOK, lang="en", facilitator=True), PHONE)
    page.locator(".cikit-ov-phases, .cikit-export").last.scroll_into_view_if_needed()
    shot(page, "07_bilan-en-facilitator-390-export")
    page.get_by_role("heading", name="Headline indicators").scroll_into_view_if_needed()
    shot(page, "07_bilan-en-facilitator-390-indicators")
    page.context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("size", [PROJECTOR, PHONE], ids=["1280", "390"])
def test_participants_see_the_overview_without_exports(browser, server, lang, size):
    page = _page(browser, server.url(WORKBOOK, lang=lang), size)
    expect(page.locator(".cikit-ov-card")).to_have_count(7)
    expect(page.locator(".cikit-export")).to_have_count(0)
    heading = "Où en est l'initiative" if lang == "fr" else "Where the initiative stands"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    shot(page, f"07_bilan-{lang}-participant-{size['width']}")
    page.context.close()
