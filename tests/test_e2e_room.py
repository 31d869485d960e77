"""End to end: a room of eight phones joins a round from the Join panel's link.

Real Chromium contexts (each its own phone, with its own browser id) through ``cikit
serve --room``: the facilitator opens an anonymous round and shows the QR code; eight
phones open the short link, join and answer; the panel counts them; every answer is in
the workspace.  Then the faults a room produces: a phone reloads many times, one opens
three tabs, one leaves mid-answer, the facilitator reveals while people arrive, and a
phone's kernel dies mid-round — nothing saved is lost and no page hangs.
"""

from __future__ import annotations

import os
import re
import signal

import pytest
from playwright.sync_api import Page, expect
from servers import PHONE, PROJECTOR, cikit_server, shot, wait_until

from cikit import open_workspace
from cikit.demo import write_demo

pytestmark = pytest.mark.browser

WORKBOOK = "01_preconditions"
FIRST = "approach.complex"
PHONES = 8


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e-room")
    workspace = tmp / "demo.cikit"
    write_demo(workspace).close()
    with cikit_server(
        str(workspace),
        tmp,
        key="e2e-room-key-00001",
        pool_size=1,
        extra_args=("--room", "--expect", str(PHONES)),
        ready_line="room ready",
    ) as server:
        server.workspace = str(workspace)
        yield server


def _open(browser, url: str, viewport=PHONE) -> Page:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(url, timeout=90_000)
    expect(page.locator(".cikit-header")).to_be_visible(timeout=90_000)
    return page


def _join_and_answer(page: Page, level: str = "En bonne partie atteint") -> None:
    page.get_by_role("button", name="Commencer à répondre").click()
    first = page.locator(".cikit-likert").first
    expect(first).to_be_visible(timeout=30_000)
    first.get_by_role("button", name=level, exact=True).click()
    expect(page.get_by_text("Réponse enregistrée.")).to_be_visible(timeout=30_000)


def _latest_round(server):
    with open_workspace(server.workspace) as ws:
        current = ws.current_round(WORKBOOK, "readiness")
        return current, ws.round_responses(current["id"])


def test_eight_phones_join_from_the_panel_and_every_answer_is_stored(browser, room):
    facilitator = _open(browser, room.url(WORKBOOK, lang="fr", facilitator=True), PROJECTOR)
    facilitator.get_by_role("button", name="Réponses anonymes").click()
    facilitator.get_by_role("button", name="Ouvrir une nouvelle période de réponse").click()
    expect(facilitator.locator(".cikit-count")).to_have_text("0", timeout=30_000)
    panel = facilitator.locator(".cikit-join-bar")
    expect(panel).to_contain_text("Rejoindre")
    link = re.search(r"(\d+\.\d+\.\d+\.\d+:\d+/1)", panel.inner_text()).group(1)
    assert link.endswith(f":{room.port}/1"), "the short link names this server's port"
    facilitator.get_by_role("button", name="Afficher le code QR").click()
    expect(facilitator.locator(".cikit-join-qr svg")).to_be_visible(timeout=15_000)
    shot(facilitator, "room-join-panel-fr-1280")

    # Phones open the short link on the server's own address (the panel's host may be a LAN
    # address the test machine routes to itself, or not: use the loopback with the same path).
    short = f"http://127.0.0.1:{room.port}/1"
    phones = [_open(browser, short) for _ in range(PHONES)]
    assert all("rejoindre.ipynb?w=01_preconditions" in p.url for p in phones)
    for phone in phones:
        _join_and_answer(phone)
    shot(phones[0], "room-phone-answered-fr-390")

    expect(facilitator.locator(".cikit-count")).to_have_text(str(PHONES), timeout=30_000)
    expect(facilitator.locator(".cikit-join-count").first).to_contain_text(
        f"{PHONES} personnes connectées", timeout=30_000
    )
    shot(facilitator, "room-count-fr-1280")
    current, responses = _latest_round(room)
    answers = responses[responses["item"] == FIRST]
    assert answers["respondent"].nunique() == PHONES
    assert set(answers["value"]) == {3}
    for phone in phones:
        phone.context.close()
    facilitator.context.close()


def test_reloads_tabs_departures_and_a_dead_kernel_lose_nothing(browser, room):
    facilitator = _open(browser, room.url(WORKBOOK, lang="fr", facilitator=True), PROJECTOR)
    facilitator.get_by_role("button", name="Réponses anonymes").click()
    facilitator.get_by_role("button", name="Ouvrir une nouvelle période de réponse").click()
    expect(facilitator.locator(".cikit-count")).to_have_text("0", timeout=30_000)
    short = f"http://127.0.0.1:{room.port}/1"

    # One phone answers, then reloads ten times: same person, same answer, every time.
    context = browser.new_context(viewport=PHONE)
    phone = context.new_page()
    phone.goto(short, timeout=90_000)
    _join_and_answer(phone, "À peine amorcé")
    for _ in range(10):
        phone.reload(timeout=90_000)
        expect(phone.locator(".cikit-likert").first).to_be_visible(timeout=90_000)
    pressed = phone.locator(".cikit-likert").first.locator(".mod-active")
    expect(pressed).to_have_text("À peine amorcé")

    # The same phone in three tabs is one person.
    tabs = [context.new_page() for _ in range(2)]
    for tab in tabs:
        tab.goto(short, timeout=90_000)
        expect(tab.locator(".cikit-likert").first).to_be_visible(timeout=90_000)

    # A phone that leaves mid-answer (joined, closed before answering) leaves no answer.
    leaver = _open(browser, short)
    leaver.get_by_role("button", name="Commencer à répondre").click()
    expect(leaver.locator(".cikit-likert").first).to_be_visible(timeout=30_000)
    leaver.context.close()

    # The facilitator reveals while a newcomer arrives: the newcomer sees the results.
    newcomer_context = browser.new_context(viewport=PHONE)
    newcomer = newcomer_context.new_page()
    newcomer.goto(short, timeout=90_000)
    facilitator.get_by_role("button", name="Dévoiler les résultats").click()
    expect(newcomer.locator(".cikit-header")).to_be_visible(timeout=90_000)
    _join_and_answer(newcomer)
    expect(newcomer.get_by_text("Les réponses du groupe")).to_be_visible(timeout=30_000)

    # A phone's kernel dies mid-round: the person reloads and finds their answer.
    victim_context = browser.new_context(viewport=PHONE)
    victim = victim_context.new_page()
    victim.goto(short, timeout=90_000)
    expect(victim.locator(".cikit-header")).to_be_visible(timeout=90_000)
    _join_and_answer(victim, "Pleinement atteint")
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', victim.content()).group(1)
    mine = [k for k in room.kernels() if any(kernel_id in part for part in k.cmdline())]
    assert len(mine) == 1, "the victim's page has its own kernel"
    os.kill(mine[0].pid, signal.SIGKILL)
    assert wait_until(lambda: not mine[0].is_running(), timeout=20)
    victim.reload(timeout=90_000)
    expect(victim.locator(".cikit-likert").first).to_be_visible(timeout=90_000)
    expect(victim.locator(".cikit-likert").first.locator(".mod-active")).to_have_text(
        "Pleinement atteint", timeout=30_000
    )

    _current, responses = _latest_round(room)
    answered = responses[responses["item"] == FIRST]
    latest = answered.groupby("respondent")["value"].last()
    assert sorted(latest.tolist()) == [1, 3, 4], "three people answered; nothing was lost"
    expect(facilitator.locator(".cikit-count")).to_have_text("3", timeout=30_000)
    for page in (facilitator, phone, newcomer):
        page.context.close()
    victim_context.close()
