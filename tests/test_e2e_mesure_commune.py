"""End to end: the Shared measurement workbook in real Chromium through ``cikit serve``.

Two participants rate candidates from their own browsers, the facilitator's page
counts them without a reload, the facilitator builds the headline list, enters a
value, and the dashboard and the curve show it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from servers import open_page, pick_stage, shot

from cikit import open_workspace

pytestmark = pytest.mark.browser

WORKBOOK = "03_mesure_commune"


@pytest.fixture(scope="module")
def server(demo_server_fresh):
    """The session's demo server, its workspace put back to the demo's story."""
    return demo_server_fresh


def _page(browser, url: str, viewport=None) -> Page:
    return open_page(browser, url, viewport, ready=".cikit-stage-picker")


def test_rate_build_the_headline_list_enter_a_value_and_see_it(browser, server):
    facilitator = _page(browser, server.url(WORKBOOK, lang="fr", facilitator=True))
    expect(facilitator.locator(".cikit-dashboard")).to_be_visible(timeout=30_000)
    pick_stage(facilitator, "2. Évaluation")
    facilitator.get_by_role("button", name="Réponses anonymes").click()
    facilitator.get_by_role("button", name="Ouvrir une nouvelle période de réponse").click()
    expect(facilitator.locator(".cikit-count")).to_have_text("0", timeout=15_000)

    people = [
        _page(browser, server.url(WORKBOOK, lang="fr"), viewport={"width": 390, "height": 844}),
        _page(browser, server.url(WORKBOOK, lang="en")),
    ]
    for i, page in enumerate(people):
        join = "Commencer à répondre" if i == 0 else "Start answering"
        high = "Élevé" if i == 0 else "High"
        page.locator(".cikit-join-choice select").select_option(index=2 + i)
        page.get_by_role("button", name=join).click()
        first = page.locator(".cikit-rating").first
        expect(first).to_be_visible(timeout=30_000)
        first.get_by_role("button", name=high, exact=True).click()
        saved = "Réponse enregistrée." if i == 0 else "Answer saved."
        expect(page.get_by_text(saved)).to_be_visible(timeout=15_000)
    shot(people[0], "03_mesure_commune-fr-participant-rating-390")
    expect(facilitator.locator(".cikit-count")).to_have_text("2", timeout=15_000)
    expect(facilitator.locator(".cikit-ranking")).to_contain_text("Enfants vulnérables")

    # The headline list: food-bank use moves up, graduation is left out.
    pick_stage(facilitator, "3. Les trois listes")
    rows = facilitator.locator(".cikit-list-row")
    food = rows.filter(has_text="banques alimentaires")
    food.get_by_role("button", name="Prioritaires (3 à 5)").click()
    facilitator.get_by_role("button", name="Enregistrer les trois listes").click()
    expect(facilitator.get_by_text("Listes enregistrées (version 2).")).to_be_visible(
        timeout=15_000
    )
    shot(facilitator, "03_mesure_commune-fr-facilitator-lists-1280")

    # A new value for the first headline indicator (EQDEM), with a French decimal comma.
    pick_stage(facilitator, "5. Données")
    form = facilitator.locator(".cikit-values .cikit-add-form")
    form.locator(".cikit-field-period input").fill("2027")
    form.locator(".cikit-field-value input").fill("23,5")
    form.locator(".cikit-add-button").click()
    expect(facilitator.get_by_text("Valeur enregistrée.")).to_be_visible(timeout=15_000)
    with open_workspace(server.workspace) as ws:
        values = ws.measurements(indicator="eqdem_vulnerable")
        lists = ws.decision(WORKBOOK, "lists")["content"]
    assert values[values["period"] == "2027"]["value"].tolist() == [23.5]
    assert "food_bank_children" in lists["headline"]

    pick_stage(facilitator, "6. Courbes et tableau de bord")
    dashboard = facilitator.locator(".cikit-dashboard")
    expect(dashboard).to_contain_text("23,5 (2027)", timeout=15_000)
    expect(dashboard).to_contain_text("Enfants aidés par les banques alimentaires")
    eqdem = dashboard.locator("tr").filter(has_text="Enfants vulnérables")
    expect(eqdem).to_contain_text("En bonne voie")
    chart = facilitator.locator(".cikit-chart").first
    expect(chart).to_be_visible()
    # The total's line now joins four points (2012, 2017, 2022 and the new 2027).
    facilitator.wait_for_function(
        """() => {
            const line = document.querySelector('.cikit-chart path.line');
            return line && (line.getAttribute('d').match(/L/g) || []).length === 3;
        }""",
        timeout=15_000,
    )
    shot(facilitator, "03_mesure_commune-fr-facilitator-curves-1280")

    # Participants see the same dashboard, each in their language.
    pick_stage(people[1], "Dashboard")
    expect(people[1].locator(".cikit-dashboard")).to_contain_text("23.5 (2027)", timeout=15_000)
    expect(people[1].locator(".cikit-dashboard")).to_contain_text("On track")
    shot(people[1], "03_mesure_commune-en-participant-dashboard-1280")
    for page in [*people, facilitator]:
        page.context.close()
