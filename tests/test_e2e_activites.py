"""End to end: the Activities workbook in real Chromium through ``cikit serve``.

The facilitator opens a round and watches the gap list; a participant declares,
from a phone, an activity for the strategy nobody carried, in the territory
nothing reached; the facilitator's gaps and map change without a reload.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from servers import PHONE, open_page, pick_stage, shot

from cikit import open_workspace

pytestmark = pytest.mark.browser

WORKBOOK = "04_activites"
TRAINING = "Former les intervenants de tous les partenaires à un accueil des parents sans jugement"


@pytest.fixture(scope="module")
def server(demo_server_fresh):
    """The session's demo server, its workspace put back to the demo's story."""
    return demo_server_fresh


def _page(browser, url: str, viewport=None) -> Page:
    return open_page(browser, url, viewport, ready=".cikit-stage-picker")


def test_a_declared_activity_changes_the_facilitators_map_and_gaps(browser, server):
    facilitator = _page(browser, server.url(WORKBOOK, lang="fr", facilitator=True))
    expect(facilitator.locator(".cikit-heatmap")).to_be_visible(timeout=30_000)
    shot(facilitator, "04_activites-fr-facilitator-map-1280")
    pick_stage(facilitator, "1. Activités")
    facilitator.get_by_role("button", name="Ouvrir la période de réponse").click()
    expect(facilitator.locator(".cikit-count")).to_have_text("0", timeout=15_000)

    pick_stage(facilitator, "3. Manques et chevauchements")
    gaps = facilitator.locator(".cikit-gaps")
    expect(gaps).to_contain_text(TRAINING, timeout=15_000)
    expect(gaps).to_contain_text("Saint-Isidore")
    shot(facilitator, "04_activites-fr-facilitator-gaps-1280")

    person = _page(browser, server.url(WORKBOOK, lang="fr"), viewport=PHONE)
    person.locator(".cikit-join-choice select").select_option(
        label="Louis Gagnon — Carrefour communautaire du Vieux-Moulin"
    )
    person.get_by_role("button", name="Commencer à répondre").click()
    form = person.locator(".cikit-activity-form")
    expect(form).to_be_visible(timeout=30_000)
    shot(person, "04_activites-fr-participant-declare-390")
    form.locator(".cikit-f-name input").fill("Formation <b>accueil</b> à Saint-Isidore")
    form.locator(".cikit-f-strategy select").select_option(label=f"S6 — {TRAINING}")
    form.locator(".cikit-f-territories").get_by_role("checkbox", name="Saint-Isidore").check()
    form.locator(".cikit-f-populations").get_by_role(
        "checkbox", name="Familles à faible revenu"
    ).check()
    form.locator(".cikit-f-save").click()
    expect(person.get_by_text("Activité enregistrée.")).to_be_visible(timeout=15_000)
    expect(person.locator(".cikit-activities-table").first).to_contain_text(
        "Formation <b>accueil</b> à Saint-Isidore"
    )

    # The facilitator's gap list follows without a reload: the strategy and the territory
    # are reached now.
    expect(gaps.first).not_to_contain_text(TRAINING, timeout=20_000)
    expect(facilitator.locator(".cikit-gaps")).not_to_contain_text("Saint-Isidore")
    shot(facilitator, "04_activites-fr-facilitator-gaps-after-1280")
    pick_stage(facilitator, "2. La carte")
    carrefour = facilitator.locator(".cikit-heat-table tr").filter(
        has_text="Carrefour communautaire du Vieux-Moulin"
    )
    # S6 is the sixth strategy column: the Carrefour now carries it.
    expect(carrefour.locator("td").nth(5)).to_have_text("1", timeout=15_000)

    with open_workspace(server.workspace) as ws:
        added = ws.activities().iloc[-1]
    assert added["strategy"] == TRAINING and added["source"] == "round"
    assert added["territories"] == ["Saint-Isidore"]

    # A participant reads the alignment in English, on a projector.
    reader = _page(browser, server.url(WORKBOOK, lang="en"))
    pick_stage(reader, "Alignment")
    expect(reader.locator(".cikit-tiles")).to_contain_text("6/6", timeout=15_000)
    expect(reader.locator(".cikit-tiles")).to_contain_text("4/4")
    shot(reader, "04_activites-en-participant-alignment-1280")
    pick_stage(reader, "The map")
    expect(reader.locator(".cikit-heat-table")).to_be_visible(timeout=15_000)
    for page in (facilitator, person, reader):
        page.context.close()
