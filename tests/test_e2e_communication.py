"""End to end: the Continuous communication workbook in real Chromium through ``cikit serve``.

The facilitator opens a new survey wave; two partners answer from their own
browsers (a phone in French, a laptop in English); the facilitator's map and
scores change without a reload; the plan and the logs show on a phone.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from servers import PHONE, open_page, pick_stage, shot

from cikit import open_workspace

pytestmark = pytest.mark.browser

WORKBOOK = "05_communication"


@pytest.fixture(scope="module")
def server(demo_server_fresh):
    """The session's demo server, its workspace put back to the demo's story."""
    return demo_server_fresh


@pytest.fixture(autouse=True)
def patient_expect():
    """A busy machine (several kernels polling) may take longer than the 5 s default."""
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)


def _page(browser, url: str, viewport=None) -> Page:
    return open_page(browser, url, viewport, ready=".cikit-stage-picker")


def _links(page: Page) -> int:
    return page.locator(".cikit-network-map .link").count()


def test_partners_answer_and_the_facilitator_sees_the_network_change(browser, server):
    facilitator = _page(browser, server.url(WORKBOOK, lang="fr", facilitator=True))
    # The demo opens on last year's comparison.
    expect(facilitator.locator(".cikit-comm-compare")).to_contain_text("Densité : 30 % → 44 %",
                                                                        timeout=30_000)  # fmt: skip
    expect(facilitator.locator(".cikit-network-map")).to_be_visible()
    assert _links(facilitator) == 29
    shot(facilitator, "05_communication-fr-facilitator-network-1280")

    pick_stage(facilitator, "1. Sondage sur les relations")
    facilitator.locator(".cikit-wave-label input").fill("Hiver 2027")
    facilitator.get_by_role("button", name="Ouvrir une nouvelle période de réponse").click()
    expect(facilitator.locator(".cikit-count")).to_have_text("0", timeout=30_000)
    expect(facilitator.get_by_text("Vague en cours : Hiver 2027")).to_be_visible()
    facts = facilitator.locator(".cikit-comm-facts")
    expect(facts).to_contain_text("0 / 12")

    nadia = _page(browser, server.url(WORKBOOK, lang="fr"), viewport=PHONE)
    louis = _page(browser, server.url(WORKBOOK, lang="en"))
    for page, name, join in (
        (nadia, "Nadia Tremblay — Maison de la famille des Saules", "Commencer à répondre"),
        (louis, "Louis Gagnon — Carrefour communautaire du Vieux-Moulin", "Start answering"),
    ):
        page.locator(".cikit-join-choice select").select_option(label=name)
        page.get_by_role("button", name=join).click()
        expect(page.locator(".cikit-comm-rating")).to_be_visible(timeout=30_000)

    # Nadia answers for her organisation (preset) and rates the Carrefour.
    expect(nadia.locator(".cikit-as-partner select option:checked")).to_have_text(
        "Maison de la famille des Saules"
    )
    nadia.locator(".cikit-target-choice select").select_option(
        label="Carrefour communautaire du Vieux-Moulin"
    )
    expect(nadia.locator(".cikit-comm-target")).to_contain_text("Carrefour communautaire",
                                                                timeout=30_000)  # fmt: skip
    nadia.locator(".cikit-rate-level").get_by_role("button", name="Intégration").click()
    expect(nadia.get_by_text("Réponse enregistrée.")).to_be_visible(timeout=30_000)
    for item in ("reliability", "mission", "openness"):
        nadia.locator(f".cikit-rate-{item}").get_by_role("button", name="Beaucoup").click()
    nadia.wait_for_timeout(500)
    shot(nadia, "05_communication-fr-participant-rating-390")

    # Louis answers for the Carrefour: the Ville first, with low trust.
    expect(louis.locator(".cikit-as-partner select option:checked")).to_have_text(
        "Carrefour communautaire du Vieux-Moulin"
    )
    louis.locator(".cikit-target-choice select").select_option(label="Ville de Rivière-aux-Saules")
    expect(louis.locator(".cikit-comm-target")).to_contain_text("Ville de Rivière",
                                                                timeout=30_000)  # fmt: skip
    louis.locator(".cikit-rate-level").get_by_role("button", name="Cooperation").click()
    expect(louis.get_by_text("Answer saved.")).to_be_visible(timeout=30_000)
    for item in ("reliability", "mission", "openness"):
        louis.locator(f".cikit-rate-{item}").get_by_role("button", name="Not at all").click()
        louis.wait_for_timeout(300)
    shot(louis, "05_communication-en-participant-rating-1280")

    # The facilitator's page follows without a reload: two partners, two ties, a low-trust pair.
    expect(facilitator.locator(".cikit-count")).to_have_text("2", timeout=30_000)
    expect(facts).to_contain_text("2 / 12", timeout=30_000)
    low = facilitator.locator(".cikit-comm-low")
    expect(low).to_contain_text(
        "Carrefour communautaire du Vieux-Moulin → Ville de Rivière-aux-Saules : confiance 1,0",
        timeout=30_000,
    )
    facilitator.wait_for_function(
        "() => document.querySelectorAll('.cikit-network-map .link').length === 2",
        timeout=30_000,
    )
    scores = facilitator.locator(".cikit-comm-scores")
    expect(scores.locator("tr").filter(has_text="Ville de Rivière-aux-Saules")).to_contain_text(
        "1,0"
    )
    facilitator.locator(".cikit-comm-facts").scroll_into_view_if_needed()
    shot(facilitator, "05_communication-fr-facilitator-live-1280")
    with open_workspace(server.workspace) as ws:
        wave = ws.current_round(WORKBOOK, "relations")
        answers = ws.round_responses(wave["id"])
    assert wave["config"]["label"] == "Hiver 2027"
    assert (answers["item"] != "_join").sum() == 8

    # Revealed: participants see the group's network under their answers.
    facilitator.get_by_role("button", name="Dévoiler les résultats").click()
    expect(louis.locator(".cikit-comm-facts")).to_contain_text("2 / 12", timeout=30_000)
    for page in (nadia, louis, facilitator):
        page.context.close()


def test_network_plan_and_logs_on_a_phone(browser, server):
    facilitator = _page(browser, server.url(WORKBOOK, lang="en", facilitator=True), PHONE)
    pick_stage(facilitator, "2. The network")
    expect(facilitator.locator(".cikit-comm-facts")).to_be_visible(timeout=30_000)
    facilitator.locator(".cikit-network-map").scroll_into_view_if_needed()
    shot(facilitator, "05_communication-en-facilitator-network-390")
    facilitator.locator(".cikit-comm-ties summary").click()
    expect(facilitator.locator(".cikit-comm-ties")).to_contain_text("Integration")
    shot(facilitator, "05_communication-en-facilitator-ties-390")
    # Compare the first wave with the second, the other way round.
    facilitator.locator(".cikit-wave-choice select").select_option(
        label="Automne 2025 (2025-10-15)"
    )
    expect(facilitator.locator(".cikit-comm-alone")).to_contain_text("Comité de parents citoyens",
                                                                     timeout=30_000)  # fmt: skip
    facilitator.context.close()

    reader = _page(browser, server.url(WORKBOOK, lang="fr"), PHONE)
    pick_stage(reader, "Plan")
    expect(reader.locator(".cikit-comm-calendar")).to_be_visible(timeout=30_000)
    expect(reader.locator(".cikit-comm-table").first).to_contain_text("Comité de pilotage")
    assert reader.locator(".cikit-comm-form-table").count() == 0
    shot(reader, "05_communication-fr-participant-plan-390")
    pick_stage(reader, "Décisions et apprentissages")
    expect(reader.locator(".cikit-comm-setback").first).to_be_visible(timeout=30_000)
    # (Another test records a setback on the same server: successes stay at three.)
    expect(reader.get_by_text("3 réussites ·", exact=False)).to_be_visible()
    shot(reader, "05_communication-fr-participant-logs-390")
    reader.context.close()


def test_facilitator_records_a_setback_in_english(browser, server):
    page = _page(browser, server.url(WORKBOOK, lang="en", facilitator=True))
    pick_stage(page, "4. Decisions and lessons")
    form = page.locator(".cikit-comm-form-lesson")
    expect(form).to_be_visible(timeout=30_000)
    form.locator(".cikit-field-kind select").select_option(label="Setback")
    form.locator(".cikit-field-what textarea").fill("<b>The spring forum</b> drew only 12 people.")
    form.locator(".cikit-field-change textarea").fill("Hold it on a Saturday morning.")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Lesson saved.")).to_be_visible(timeout=30_000)
    first = page.locator(".cikit-comm-lesson").first
    expect(first).to_contain_text("<b>The spring forum</b> drew only 12 people.")
    expect(page.get_by_text("3 successes · 4 setbacks", exact=False)).to_be_visible()
    shot(page, "05_communication-en-facilitator-logs-1280")
    # Bad input: an empty "what happened" is refused with the field named.
    form = page.locator(".cikit-comm-form-lesson")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_text("What happened: Fill in every required field.")).to_be_visible(
        timeout=30_000
    )
    pick_stage(page, "3. Communication plan")
    expect(page.locator(".cikit-comm-calendar")).to_be_visible(timeout=30_000)
    shot(page, "05_communication-en-facilitator-plan-1280")
    page.context.close()
