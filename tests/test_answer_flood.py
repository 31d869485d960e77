"""A page cannot flood a round: answers are throttled per kernel, repeats are not stored twice."""

from __future__ import annotations

import pytest

from cikit.apps import PreconditionsApp, Role
from cikit.errors import ValidationError
from cikit.store.rounds import ANSWER_BURST, ANSWER_RATE, AnswerThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_bucket_allows_a_burst_then_the_rate():
    clock = Clock()
    bucket = AnswerThrottle(rate=3, burst=12, clock=clock)
    assert sum(bucket.take() for _ in range(100)) == 12
    clock.now += 1.0
    assert sum(bucket.take() for _ in range(100)) == 3
    clock.now += 60
    assert sum(bucket.take() for _ in range(100)) == 12, "never more than the burst saved up"


def test_an_identical_answer_is_stored_once(workspace):
    person = workspace.add_participant("Ana", None, "partner")
    round_id = workspace.open_round(workbook="01_preconditions", key="readiness")
    first = workspace.answer(round_id, respondent=f"p:{person}", item="q1", value=3)
    again = [workspace.answer(round_id, respondent=f"p:{person}", item="q1", value=3)
             for _ in range(50)]  # fmt: skip
    assert set(again) == {first}
    changed = workspace.answer(round_id, respondent=f"p:{person}", item="q1", value=2)
    back = workspace.answer(round_id, respondent=f"p:{person}", item="q1", value=3)
    assert len({first, changed, back}) == 3, "a change of mind, and back, is kept"
    assert len(workspace.round_responses(round_id)) == 3


def test_a_flooding_kernel_is_refused_beyond_its_pace(workspace):
    workspace.throttle_answers(rate=ANSWER_RATE, burst=ANSWER_BURST)
    person = workspace.add_participant("Ana", None, "partner")
    round_id = workspace.open_round(workbook="01_preconditions", key="readiness")
    saved = refused = 0
    for number in range(1000):
        try:
            workspace.answer(round_id, respondent=f"p:{person}", item=f"q{number % 40}",
                             value=number % 4 + 1)  # fmt: skip
            saved += 1
        except ValidationError as err:
            assert err.msgid.startswith("Answers are arriving too fast")
            refused += 1
    stored = len(workspace.round_responses(round_id))
    # A loop of 1,000 answers takes a few seconds at most here: a dozen, plus 3 a second.
    assert stored == saved and saved <= ANSWER_BURST + 3 * 30
    assert refused >= 1000 - saved


def test_the_page_says_so_and_keeps_what_is_saved(demo_path):
    from cikit import open_workspace

    ws = open_workspace(demo_path)
    ws.throttle_answers(rate=0.0001, burst=3)
    ws.open_round(workbook="01_preconditions", key="readiness", anonymous=True)
    app = PreconditionsApp(ws, lang="fr", role=Role.PARTICIPANT, facilitator_key="k" * 16)
    app.url.client_id = "floodclient01"
    app.render()
    app.step.join_button.click()  # one answer: joining
    items = list(app.step.likert.values())
    items[0].value = 3
    items[1].value = 4
    items[2].value = 2  # beyond the burst
    assert "trop vite" in app.step.status.text
    assert items[2].value is None, "the screen shows what is saved"
    assert len(ws.round_responses(ws.latest_round_id("01_preconditions", "readiness"))) == 3
    ws.close()


@pytest.mark.parametrize("count", [1, 3])
def test_a_batch_counts_each_answer(workspace, count):
    workspace.throttle_answers(rate=0.0001, burst=2)
    person = workspace.add_participant("Ana", None, "partner")
    round_id = workspace.open_round(workbook="01_preconditions", key="readiness")
    batch = [{"respondent": f"p:{person}", "item": f"q{i}", "value": 1} for i in range(count)]
    if count <= 2:
        assert len(workspace.answer_many(round_id, batch)) == count
    else:
        with pytest.raises(ValidationError):
            workspace.answer_many(round_id, batch)
