"""End to end: the Common agenda with two participants and a facilitator, in real Chromium.

Through ``cikit serve`` with preheated kernels: two people write their view of
the problem from their own browsers, the facilitator sees them arrive without a
reload, opens a vote, both people give a dot and an agreement, the facilitator
adopts a new version from the leading proposals, and the one-page view shows it
to participants in French and then in English.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from servers import PHONE, open_page, pick_stage, shot

from cikit import open_workspace

pytestmark = pytest.mark.browser

WORKBOOK = "02_plan_commun"


@pytest.fixture(scope="module")
def server(demo_server_fresh):
    """The session's demo server, its workspace put back to the demo's story."""
    return demo_server_fresh


def _page(browser, url: str, viewport=None) -> Page:
    return open_page(browser, url, viewport, ready=".cikit-stage-picker")


def test_two_views_a_vote_and_an_adopted_agenda_in_both_languages(browser, server):
    facilitator = _page(browser, server.url(WORKBOOK, lang="fr", facilitator=True))
    expect(facilitator.locator(".cikit-role-facilitator")).to_be_visible(timeout=30_000)
    # The demo's agenda is adopted and no round is open: the page opens on the agenda.
    expect(facilitator.locator(".cikit-agenda-view")).to_contain_text("Version 2", timeout=30_000)
    pick_stage(facilitator, "1. Le point de vue de chacun")
    facilitator.get_by_role("button", name="Réponses anonymes").click()
    facilitator.get_by_role("button", name="Ouvrir une nouvelle période de réponse").click()
    expect(facilitator.locator(".cikit-count")).to_have_text("0", timeout=15_000)

    views = {
        0: "La pauvreté et l'isolement des familles avec de jeunes enfants.",
        1: "La préparation scolaire des enfants <b>avant</b> la maternelle.",
    }
    people = [
        _page(browser, server.url(WORKBOOK, lang="fr"), viewport=PHONE if i == 0 else None)
        for i in range(2)
    ]
    for i, page in enumerate(people):
        # Participants land where the group is: the open round of views.
        page.locator(".cikit-join-choice select").select_option(index=1 + i)
        page.get_by_role("button", name="Commencer à répondre").click()
        problem = page.locator(".cikit-view-answer textarea").first
        expect(problem).to_be_visible(timeout=30_000)
        problem.fill(views[i])
        problem.press("Tab")
        expect(page.get_by_text("Réponse enregistrée.")).to_be_visible(timeout=15_000)

    expect(facilitator.locator(".cikit-count")).to_have_text("2", timeout=15_000)
    expect(facilitator.locator(".cikit-views-grid")).to_contain_text("<b>avant</b>")
    expect(facilitator.locator(".cikit-results .cikit-chart")).to_have_count(2)
    shot(facilitator, "02_plan_commun-fr-facilitator-views-1280")

    # The vote: the drafted proposals (the last vote's) go to the group.
    pick_stage(facilitator, "2. Propositions et votes")
    first = facilitator.locator(".cikit-candidate-problem-1 textarea")
    expect(first).not_to_have_value("", timeout=15_000)
    facilitator.get_by_role("button", name="Réponses anonymes").click()
    facilitator.get_by_role("button", name="Ouvrir une nouvelle période de réponse").click()
    expect(facilitator.locator(".cikit-count")).to_have_text("0", timeout=15_000)
    for i, page in enumerate(people):
        # No reload: the participant's page follows the facilitator to the vote.
        expect(page.locator(".cikit-stage-picker .mod-active")).to_have_text(
            "Voter", timeout=15_000
        )
        page.locator(".cikit-join-choice select").select_option(index=1 + i)
        page.get_by_role("button", name="Commencer à répondre").click()
        card = page.locator(".cikit-candidate-card").first
        expect(card).to_be_visible(timeout=30_000)
        card.locator(".cikit-dot-plus").click()
        expect(card.locator(".cikit-dots-count")).to_have_text("1", timeout=15_000)
        card.get_by_role("button", name="Tout à fait d'accord").click()
        expect(page.get_by_text("Réponse enregistrée.")).to_be_visible(timeout=15_000)
    expect(facilitator.locator(".cikit-count")).to_have_text("2", timeout=15_000)
    votes = facilitator.locator(".cikit-votes").first
    expect(votes).to_contain_text("en tête")
    expect(votes).to_contain_text(re.compile(r"100\s*%"), timeout=15_000)  # both ratings in
    shot(facilitator, "02_plan_commun-fr-facilitator-votes-1280")

    # Adopt a new version from the leading proposals.
    pick_stage(facilitator, "4. Le plan d'action commun")
    facilitator.get_by_role("button", name="Préparer une nouvelle version").click()
    facilitator.get_by_role("button", name="Reprendre les propositions en tête du vote").click()
    expect(facilitator.get_by_text("Repris du vote")).to_be_visible(timeout=15_000)
    facilitator.get_by_role("button", name="Adopter cette version").click()
    expect(facilitator.get_by_text("Plan d'action commun adopté (version 3).")).to_be_visible(
        timeout=15_000
    )
    with open_workspace(server.workspace) as ws:
        adopted = ws.decision(WORKBOOK, "agenda")
        vote = ws.current_round(WORKBOOK, "votes")
        answers = ws.round_responses(vote["id"])
    assert adopted["version"] == 3 and adopted["supporters"] == 2
    assert adopted["content"]["problem"] == vote["config"]["candidates"]["problem"][0]["text"]
    dots = answers[answers["item"] == "dots.problem"]
    assert dots["respondent"].nunique() == 2 and all(v == {"problem.1": 1} for v in dots["value"])

    # Participants read the adopted agenda: French on a phone, then English.
    phone = people[0]
    pick_stage(phone, "Le plan d'action commun")
    expect(phone.locator(".cikit-agenda-view")).to_contain_text("Version 3", timeout=15_000)
    expect(phone.locator(".cikit-agenda-view")).to_contain_text("Notre plan d'action commun")
    shot(phone, "02_plan_commun-fr-participant-agenda-390")
    other = people[1]
    pick_stage(other, "Le plan d'action commun")
    expect(other.locator(".cikit-agenda-view")).to_contain_text("Version 3", timeout=15_000)
    other.get_by_role("button", name="English").click()
    page_view = other.locator(".cikit-agenda-view")
    expect(page_view).to_contain_text("Our common agenda", timeout=15_000)
    expect(page_view).to_contain_text("Version 3, adopted")
    expect(page_view).to_contain_text("The measurable goal")
    expect(other.locator(".cikit-stage-picker")).to_contain_text("The common agenda")
    shot(other, "02_plan_commun-en-participant-agenda-1280")
    for page in [*people, facilitator]:
        page.context.close()
