"""End to end: a live preconditions round with three participants and a facilitator.

Real Chromium pages through ``cikit serve`` (preheated kernels): three people
answer from their own browsers, the facilitator's page counts them without a
reload, the facilitator reveals, and each participant's page shows the group's
chart, in French and in English.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from servers import open_page, shot

from cikit import open_workspace

pytestmark = pytest.mark.browser

WORKBOOK = "01_preconditions"
TEXT = {
    "fr": {"level": "En bonne partie atteint", "saved": "Réponse enregistrée.",
           "group": "Les réponses du groupe", "join": "Commencer à répondre"},
    "en": {"level": "Mostly achieved", "saved": "Answer saved.",
           "group": "The group's answers", "join": "Start answering"},
}  # fmt: skip


@pytest.fixture(scope="module")
def server(demo_server_fresh):
    """The session's demo server, its workspace put back to the demo's story."""
    return demo_server_fresh


def _page(browser, url: str, viewport=None) -> Page:
    return open_page(browser, url, viewport, ready=".cikit-header")


def _answer_first_statement(page: Page, lang: str) -> None:
    text = TEXT[lang]
    page.get_by_role("button", name=text["join"]).click()
    first = page.locator(".cikit-likert").first
    expect(first).to_be_visible(timeout=30_000)
    first.get_by_role("button", name=text["level"], exact=True).click()
    expect(page.get_by_text(text["saved"])).to_be_visible(timeout=15_000)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_three_participants_answer_facilitator_sees_and_reveals(browser, server, lang):
    text = TEXT[lang]
    facilitator = _page(browser, server.url(WORKBOOK, lang=lang, facilitator=True))
    expect(facilitator.locator(".cikit-role-facilitator")).to_be_visible(timeout=30_000)
    anonymous = "Réponses anonymes" if lang == "fr" else "Anonymous answers"
    facilitator.get_by_role("button", name=anonymous).click()
    new_round = "Ouvrir une nouvelle période de réponse" if lang == "fr" else "Open a new round"
    facilitator.get_by_role("button", name=new_round).click()
    expect(facilitator.locator(".cikit-count")).to_have_text("0", timeout=15_000)

    phone = {"width": 390, "height": 844}
    people = [
        _page(browser, server.url(WORKBOOK, lang=lang), viewport=phone if i == 0 else None)
        for i in range(3)
    ]
    for page in people:
        _answer_first_statement(page, lang)

    # No reload: the facilitator's kernel polls the workspace.
    expect(facilitator.locator(".cikit-count")).to_have_text("3", timeout=15_000)
    shot(facilitator, f"01_preconditions-{lang}-facilitator-1280")
    with open_workspace(server.workspace) as ws:
        current = ws.current_round(WORKBOOK, "readiness")
        answers = ws.round_responses(current["id"])
    rated = answers[answers["item"] == "approach.complex"]
    assert len(rated) == 3 and set(rated["value"]) == {3}
    assert rated["respondent"].nunique() == 3, "three browsers, three respondents"

    reveal = "Dévoiler les résultats" if lang == "fr" else "Reveal the results"
    facilitator.get_by_role("button", name=reveal).click()
    for page in people:
        expect(page.get_by_role("heading", name=text["group"])).to_be_visible(timeout=15_000)
        expect(page.locator(".cikit-results .cikit-chart")).to_be_visible(timeout=15_000)
        expect(page.locator(".cikit-verdicts")).to_be_visible()
    people[0].locator(".cikit-results").scroll_into_view_if_needed()
    shot(people[0], f"01_preconditions-{lang}-participant-390")
    for page in [*people, facilitator]:
        page.context.close()


def test_wrong_key_on_the_facilitator_link_shows_the_participant_view(browser, server):
    page = _page(browser, server.url(WORKBOOK).replace("lang=fr", "lang=fr&role=facilitator&key=x"))
    expect(page.locator(".cikit-msg-error")).to_contain_text("clé d'animation", timeout=30_000)
    assert page.locator(".cikit-controls").count() == 0
    page.context.close()
