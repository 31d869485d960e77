"""End to end: a Statistics Canada table imported in the Shared measurement workbook, in real
Chromium through ``cikit serve``: the file chosen, the place and series picked from menus, the
per-line report read, then the import confirmed — on a projector and on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from servers import PHONE, demo_server, open_page, pick_stage, shot

from cikit import open_workspace

pytestmark = pytest.mark.browser

WORKBOOK = "03_mesure_commune"
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with demo_server(tmp_path_factory, "e2e-stats") as running:
        yield running


def _page(browser, url: str, viewport=None) -> Page:
    page = open_page(browser, url, viewport, ready=".cikit-stage-picker")
    page.context.set_default_timeout(60_000)
    return page


def _choose_file(page: Page, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.locator(".cikit-upload").click()
    chooser.value.set_files(str(path))


def _answer(page: Page, value: str) -> None:
    menu = page.locator(".cikit-import-choice select").last
    expect(menu).to_be_enabled()
    menu.select_option(value)


def test_a_statcan_table_is_chosen_from_menus_reported_then_imported(browser, server):
    page = _page(browser, server.url(WORKBOOK, lang="fr", facilitator=True))
    pick_stage(page, "5. Données")
    _choose_file(page, DATA / "17100005-eng.zip")
    expect(page.get_by_text("Quel lieu?")).to_be_visible()
    _answer(page, "Quebec")
    expect(page.get_by_text("Quelle valeur de « Gender »?")).to_be_visible()
    _answer(page, "Total - gender")
    expect(page.get_by_text("Quelle valeur de « Age group »?")).to_be_visible()
    _answer(page, "0 to 4 years")
    report = page.locator(".cikit-import-report")
    expect(report).to_contain_text("5 valeurs lues : 5 à importer, 0 ignorées, 0 rejetées.")
    expect(report).to_contain_text("Tableau 17-10-0005-01 de Statistique Canada")
    page.locator(".cikit-import-report details").last.locator("summary").click()
    report.scroll_into_view_if_needed()
    shot(page, "03_mesure_commune-fr-facilitator-import-statcan-1280")
    page.get_by_role("button", name="Importer les 5 lignes valides").click()
    expect(page.get_by_text("5 valeurs importées.")).to_be_visible()
    with open_workspace(server.workspace) as ws:
        values = ws.measurements(history=True)
    assert values[values["source"] == "import"]["value"].tolist()[0] == 433500.0


def test_an_isq_table_on_a_phone_in_english(browser, server):
    page = _page(browser, server.url(WORKBOOK, lang="en", facilitator=True), viewport=PHONE)
    pick_stage(page, "5. Data")
    _choose_file(page, DATA / "isq_population_regions.xlsx")
    expect(page.get_by_text("Which place?")).to_be_visible()
    _answer(page, "Nord-du-Québec")
    report = page.locator(".cikit-import-report")
    expect(report).to_contain_text("5 values read: 3 to import, 2 skipped, 0 rejected.")
    expect(report).to_contain_text("Line 11, 2020, Nord-du-Québec: skipped, value confidential (x)")
    report.scroll_into_view_if_needed()
    shot(page, "03_mesure_commune-en-facilitator-import-isq-390")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, "the report fits the phone's width"
    _choose_file(page, DATA / "isq_population_sexe_merged_header.xlsx")
    expect(page.locator(".cikit-import-report")).to_have_text("")
    expect(page.get_by_text("The header of this table has cells merged")).to_be_visible()
    shot(page, "03_mesure_commune-en-facilitator-import-merged-390")
