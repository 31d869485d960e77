"""End to end: the Backbone support workbook in real Chromium through ``cikit serve``.

A partner (on a phone, in French) and a backbone staff member (on a laptop, in
English) answer a named round from their own browsers; the facilitator's page
counts them without a reload and shows each side's score and the gap; after the
reveal both participants see the results.  Then the facilitator ticks the phase
grid and adds a staff role, and a participant's "Where we are" view follows.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from servers import PHONE, open_page, pick_stage, shot

from cikit import open_workspace

pytestmark = pytest.mark.browser

WORKBOOK = "06_structure_soutien"
PARTNER = "Isabelle Roy — Centre de services scolaire des Trois-Rives"
STAFF = "Geneviève Simard"


@pytest.fixture(scope="module")
def server(demo_server_fresh):
    """The session's demo server, its workspace put back to the demo's story."""
    return demo_server_fresh


def _page(browser, url: str, viewport=None) -> Page:
    return open_page(browser, url, viewport, ready=".cikit-stage-picker")


def _join_and_rate(
    page: Page, name: str, *, join: str, level: str, saved: str, side: str, picture: str
) -> None:
    page.locator(".cikit-join-choice select").select_option(label=name)
    expect(page.locator(".cikit-bb-side-hint")).to_contain_text(side, timeout=15_000)
    shot(page, picture)
    page.get_by_role("button", name=join).click()
    first = page.locator(".cikit-likert").first
    expect(first).to_be_visible(timeout=30_000)
    first.get_by_role("button", name=level, exact=True).click()
    expect(page.get_by_text(saved)).to_be_visible(timeout=15_000)


def test_partner_and_staff_answer_and_the_facilitator_sees_the_gap(browser, server):
    facilitator = _page(browser, server.url(WORKBOOK, lang="fr", facilitator=True))
    expect(facilitator.locator(".cikit-bb-scores")).to_be_visible(timeout=30_000)
    shot(facilitator, "06_structure_soutien-fr-facilitator-demo-1280", full_page=True)
    facilitator.get_by_role("button", name="Réponses nominatives").click()
    facilitator.get_by_role("button", name="Ouvrir une nouvelle période de réponse").click()
    expect(facilitator.locator(".cikit-count")).to_have_text("0", timeout=15_000)

    partner = _page(browser, server.url(WORKBOOK, lang="fr"), viewport=PHONE)
    staff = _page(browser, server.url(WORKBOOK, lang="en"))
    _join_and_rate(partner, PARTNER, join="Commencer à répondre", level="À peine amorcé",
                   saved="Réponse enregistrée.", side="Vous répondrez comme : Partenaires.",
                   picture="06_structure_soutien-fr-partner-join-390")  # fmt: skip
    expect(partner.get_by_text("Vous répondez comme : Partenaires.")).to_be_visible()
    shot(partner, "06_structure_soutien-fr-partner-rating-390")
    _join_and_rate(staff, STAFF, join="Start answering", level="Fully achieved",
                   saved="Answer saved.", side="You will answer as: Backbone staff.",
                   picture="06_structure_soutien-en-staff-join-1280")  # fmt: skip
    expect(staff.get_by_text("You answer as: Backbone staff.")).to_be_visible()
    shot(staff, "06_structure_soutien-en-staff-rating-1280")

    # No reload: the facilitator's kernel polls the workspace.
    expect(facilitator.locator(".cikit-count")).to_have_text("2", timeout=15_000)
    vision = facilitator.locator(".cikit-bb-row-vision")
    expect(vision).to_contain_text("1,0", timeout=15_000)
    expect(vision).to_contain_text("4,0")
    expect(vision).to_contain_text("+3,0")
    expect(vision).to_contain_text("l'équipe se voit plus avancée")
    expect(facilitator.locator(".cikit-gap-chart")).to_be_visible()
    with open_workspace(server.workspace) as ws:
        current = ws.current_round(WORKBOOK, "functions")
        answers = ws.round_responses(current["id"])
    rated = answers[answers["item"] == "vision.describe"]
    assert sorted(rated["value"]) == [1, 4] and rated["respondent"].nunique() == 2
    facilitator.locator(".cikit-results").scroll_into_view_if_needed()
    shot(facilitator, "06_structure_soutien-fr-facilitator-gap-1280")

    facilitator.get_by_role("button", name="Dévoiler les résultats").click()
    expect(partner.get_by_role("heading", name="Les réponses du groupe")).to_be_visible(
        timeout=15_000
    )
    expect(staff.get_by_role("heading", name="The group's answers")).to_be_visible(timeout=15_000)
    expect(staff.locator(".cikit-bb-row-vision")).to_contain_text("+3.0")
    expect(staff.locator(".cikit-bb-row-vision")).to_contain_text("staff see it higher")
    partner.locator(".cikit-bb-scores").scroll_into_view_if_needed()
    shot(partner, "06_structure_soutien-fr-partner-results-390")
    staff.locator(".cikit-gap-chart").scroll_into_view_if_needed()
    shot(staff, "06_structure_soutien-en-staff-results-1280")
    for page in (partner, staff, facilitator):
        page.context.close()


def test_facilitator_ticks_the_grid_and_adds_staff_participants_see_where_we_are(browser, server):
    facilitator = _page(browser, server.url(WORKBOOK, lang="en", facilitator=True))
    pick_stage(facilitator, "3. Phases")
    where = facilitator.locator(".cikit-bb-where")
    expect(where).to_contain_text("We are in Phase II — Organise for impact.", timeout=30_000)
    expect(where).to_contain_text("To catch up from earlier phases")
    shot(facilitator, "06_structure_soutien-en-facilitator-phases-1280")
    card = facilitator.locator(".cikit-bb-card").filter(
        has_text="The community is reached and consulted from the start."
    )
    card.locator("input[type=checkbox]").check()
    expect(where).not_to_contain_text("To catch up", timeout=15_000)
    expect(where).to_contain_text("7 items of 12 ticked.")

    pick_stage(facilitator, "2. Resources")
    form = facilitator.locator(".cikit-bb-staff .cikit-add-form")
    form.locator(".cikit-field-role input").fill("Agent de liaison <école>")
    form.locator(".cikit-field-fte input").fill("-1")
    form.locator(".cikit-add-button").click()
    expect(facilitator.locator(".cikit-bb-staff .cikit-msg-error")).to_contain_text(
        "Time must be more than 0", timeout=15_000
    )
    form.locator(".cikit-field-fte input").fill("0.4")
    form.locator(".cikit-add-button").click()
    expect(facilitator.locator(".cikit-bb-staff .cikit-msg-success")).to_contain_text(
        "Saved (version", timeout=15_000
    )
    expect(facilitator.locator(".cikit-bb-facts")).to_contain_text("2.2 full-time equivalents")
    shot(facilitator, "06_structure_soutien-en-facilitator-resources-1280", full_page=True)
    with open_workspace(server.workspace) as ws:
        saved = ws.decision(WORKBOOK, "resources")["content"]
        ticks = ws.decision(WORKBOOK, "phases")["content"]["ticks"]
    assert saved["staff"][-1] == {"role": "Agent de liaison <école>", "fte": 0.4, "dedicated": True}
    assert ticks["community.phase1"] is True

    for lang, viewport in (("fr", PHONE), ("en", None)):
        person = _page(browser, server.url(WORKBOOK, lang=lang), viewport=viewport)
        label = "Où en sommes-nous" if lang == "fr" else "Where we are"
        pick_stage(person, label)
        view = person.locator(".cikit-bb-where-view")
        expect(view).to_contain_text("Agent de liaison <école>", timeout=15_000)
        expect(view).to_contain_text("7 cases cochées sur 12." if lang == "fr" else "7 items of 12")
        size = "390" if viewport else "1280"
        shot(person, f"06_structure_soutien-{lang}-participant-where-{size}", full_page=True)
        person.context.close()
    pick_stage(facilitator, "4. Context")
    expect(facilitator.locator(".cikit-bb-scale")).to_be_visible(timeout=15_000)
    shot(facilitator, "06_structure_soutien-en-facilitator-context-1280")
    facilitator.context.close()
