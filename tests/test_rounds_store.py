"""Live rounds in the store, on SQLite and PostgreSQL, including many kernels answering at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pytest

import cikit
from cikit import ValidationError, create_workspace, open_workspace
from cikit.analysis.rounds import latest_answers
from cikit.store.rounds import CLOSED, OPEN

WB = "01_preconditions"
OTHER_WB = "02_plan_commun"
KEY = "readiness"
WHO = "a:abcdefgh"
CLOSED_MESSAGE = "This round is closed: your answer was not saved."


def _state(ws, round_id):
    """Everything a refused write must leave untouched."""
    return ws.round_signature(round_id), ws.round_responses(round_id)


def _unchanged(ws, round_id, before) -> None:
    signature, frame = _state(ws, round_id)
    assert signature == before[0]
    pd.testing.assert_frame_equal(frame, before[1])


# -- opening, finding and changing rounds ----------------------------------------------------


def test_open_round_closes_the_previous_open_round_of_the_same_questions(workspace):
    assert workspace.current_round(WB, KEY) is None
    assert workspace.latest_round_id(WB, KEY) is None
    first = workspace.open_round(workbook=WB, key=KEY)
    other_key = workspace.open_round(workbook=WB, key="another")
    other_wb = workspace.open_round(workbook=OTHER_WB, key=KEY)
    assert workspace.get_round(first)["status"] == OPEN

    second = workspace.open_round(workbook=WB, key=KEY, anonymous=True)

    assert second > first
    old = workspace.get_round(first)
    assert old["status"] == CLOSED and old["closed_at"] is not None
    new = workspace.get_round(second)
    assert (new["status"], new["anonymous"], new["revealed"]) == (OPEN, True, False)
    assert new["closed_at"] is None and new["opened_at"] is not None
    assert (new["workbook"], new["key"]) == (WB, KEY)
    # other questions, other workbooks: untouched
    assert workspace.get_round(other_key)["status"] == OPEN
    assert workspace.get_round(other_wb)["status"] == OPEN
    assert workspace.current_round(WB, KEY)["id"] == second
    assert workspace.latest_round_id(WB, KEY) == second


def test_current_round_is_the_latest_even_once_closed(workspace):
    first = workspace.open_round(workbook=WB, key=KEY)
    second = workspace.open_round(workbook=WB, key=KEY)
    workspace.update_round(second, status=CLOSED)
    current = workspace.current_round(WB, KEY)
    assert current["id"] == second and current["status"] == CLOSED
    # reopening the older round does not make it the current one
    workspace.update_round(first, status=OPEN)
    assert workspace.current_round(WB, KEY)["id"] == second
    assert workspace.current_round(WB, "nothing-here") is None
    assert workspace.current_round(OTHER_WB, KEY) is None


BAD_OPEN = [
    {"workbook": "99_nope", "key": KEY},
    {"workbook": None, "key": KEY},
    {"workbook": WB, "key": ""},
    {"workbook": WB, "key": "k" * 65},
    {"workbook": WB, "key": "line\nbreak"},
    {"workbook": WB, "key": 3},
    {"workbook": WB, "key": KEY, "anonymous": "yes"},
    {"workbook": WB, "key": KEY, "anonymous": 1},
]


def test_open_round_refuses_bad_arguments(workspace):
    for kwargs in BAD_OPEN:
        with pytest.raises(ValidationError):
            workspace.open_round(**kwargs)
    assert workspace.current_round(WB, KEY) is None
    assert workspace.latest_round_id(WB, "") is None


def test_update_round_reveal_hide_close_reopen_anonymous(workspace):
    round_id = workspace.open_round(workbook=WB, key=KEY)

    shown = workspace.update_round(round_id, revealed=True)
    assert shown["revealed"] is True and shown["status"] == OPEN
    hidden = workspace.update_round(round_id, revealed=False)
    assert hidden["revealed"] is False

    closed = workspace.update_round(round_id, status=CLOSED)
    assert closed["status"] == CLOSED and closed["closed_at"] is not None
    reopened = workspace.update_round(round_id, status=OPEN)
    assert reopened["status"] == OPEN and reopened["closed_at"] is None

    anonymous = workspace.update_round(round_id, anonymous=True)
    assert anonymous["anonymous"] is True
    named = workspace.update_round(round_id, anonymous=False)
    assert named["anonymous"] is False

    both = workspace.update_round(round_id, status=CLOSED, revealed=True, anonymous=True)
    assert (both["status"], both["revealed"], both["anonymous"]) == (CLOSED, True, True)
    assert workspace.update_round(round_id) == workspace.get_round(round_id)


def test_update_round_refuses_bad_values(workspace):
    round_id = workspace.open_round(workbook=WB, key=KEY)
    before = workspace.get_round(round_id)
    for kwargs in (
        {"status": "done"},
        {"status": 1},
        {"status": "OPEN"},
        {"revealed": "yes"},
        {"revealed": 1},
        {"anonymous": 0},
        {"status": CLOSED, "revealed": "yes"},  # nothing of a refused call is applied
    ):
        with pytest.raises(ValidationError):
            workspace.update_round(round_id, **kwargs)
        assert workspace.get_round(round_id) == before, kwargs


def test_unknown_rounds(workspace):
    known = workspace.open_round(workbook=WB, key=KEY)
    before = _state(workspace, known)
    for round_id in (999, 0, -1, True, "1", 1.0, None, 2**31, 2**40):
        calls = [
            (workspace.get_round, {}),
            (workspace.update_round, {"revealed": True}),
            (workspace.answer, {"respondent": WHO, "item": "q", "value": 1}),
        ]
        if round_id != 999:  # a well-formed id of no round reads as an empty round
            calls += [(workspace.round_signature, {}), (workspace.round_responses, {})]
        for call, kwargs in calls:
            with pytest.raises(ValidationError) as err:
                call(round_id, **kwargs)
            assert err.value.field in ("round", "rounds"), (call.__name__, round_id)
    assert workspace.round_signature(999) == (None, 0, None)
    assert workspace.round_responses(999).empty
    _unchanged(workspace, known, before)


# -- answers ------------------------------------------------------------------------------------


def test_answer_refused_once_the_round_is_closed(workspace):
    round_id = workspace.open_round(workbook=WB, key=KEY)
    workspace.answer(round_id, respondent=WHO, item="q1", value=3)
    workspace.update_round(round_id, status=CLOSED)
    before = _state(workspace, round_id)

    with pytest.raises(ValidationError) as err:
        workspace.answer(round_id, respondent=WHO, item="q1", value=1)
    assert str(err.value) == CLOSED_MESSAGE
    assert err.value.render() == CLOSED_MESSAGE
    assert err.value.field == "round"
    _unchanged(workspace, round_id, before)

    workspace.update_round(round_id, status=OPEN)
    workspace.answer(round_id, respondent=WHO, item="q1", value=1)
    assert workspace.round_responses(round_id)["value"].tolist() == [3, 1]


def test_opening_a_new_round_closes_the_old_one_for_answers(workspace):
    old = workspace.open_round(workbook=WB, key=KEY)
    workspace.open_round(workbook=WB, key=KEY)
    with pytest.raises(ValidationError, match="^This round is closed"):
        workspace.answer(old, respondent=WHO, item="q1", value=2)
    assert workspace.round_responses(old).empty


BAD_RESPONDENTS = [
    "",
    "p:0",
    "p:01",
    "p:-1",
    "p:1.5",
    "p:12345678901",
    "P:1",
    "x:abc",
    "a:short",
    "a:" + "x" * 65,
    "a:" + "x" * 100,
    "a:abcd efgh",
    "a:abcdéfgh",
    " a:abcdefgh",
    "a:abcdefgh ",
    "a:abcdefgh\n",
    "p:1\n",
    "a:abcd\ud800efgh",
    12,
    None,
    b"a:abcdefgh",
    "p:2147483648",  # past the largest id: refused before reaching the database
    "p:9999999999",
]


def test_answer_refuses_bad_respondents(workspace):
    workspace.add_participant("Awa Diallo")  # participant 1 exists: "p:1\n" must still fail
    round_id = workspace.open_round(workbook=WB, key=KEY)
    before = _state(workspace, round_id)
    for respondent in BAD_RESPONDENTS:
        with pytest.raises(ValidationError) as err:
            workspace.answer(round_id, respondent=respondent, item="q1", value=1)
        assert err.value.field == "respondent", respondent
    _unchanged(workspace, round_id, before)


def test_answer_accepts_good_respondents(workspace):
    workspace.add_participant("Awa Diallo")
    round_id = workspace.open_round(workbook=WB, key=KEY)
    good = ["p:1", "a:abcdefgh", "a:" + "Z9_-" * 16]
    for respondent in good:
        workspace.answer(round_id, respondent=respondent, item="q1", value=1)
    frame = workspace.round_responses(round_id)
    assert frame["respondent"].tolist() == good
    assert frame["participant_id"].tolist()[0] == 1
    assert frame["participant_id"].iloc[1:].isna().all()


def test_answer_refuses_unknown_and_removed_participants(workspace):
    kept = workspace.add_participant("Awa Diallo")
    gone = workspace.add_participant("Marc Tremblay")
    round_id = workspace.open_round(workbook=WB, key=KEY)
    workspace.answer(round_id, respondent=f"p:{gone}", item="q1", value=2)
    workspace.remove_participant(gone)
    before = _state(workspace, round_id)

    for respondent in (f"p:{gone}", "p:999", "p:2147483647"):
        with pytest.raises(ValidationError) as err:
            workspace.answer(round_id, respondent=respondent, item="q1", value=3)
        assert str(err.value) == "Unknown entry."
        assert err.value.field == "participants"
    _unchanged(workspace, round_id, before)

    workspace.answer(round_id, respondent=f"p:{kept}", item="q1", value=4)
    frame = workspace.round_responses(round_id)
    # the removed participant's past answer stays: answers are never rewritten
    assert frame["respondent"].tolist() == [f"p:{gone}", f"p:{kept}"]
    assert frame["participant_id"].tolist() == [gone, kept]


def test_answer_sector(workspace):
    round_id = workspace.open_round(workbook=WB, key=KEY)
    for sector in ("health", "", None):
        workspace.answer(round_id, respondent=WHO, item="q1", value=1, sector=sector)
    stored = workspace.round_responses(round_id)["sector"].tolist()
    assert stored[0] == "health"
    # "" and None both mean "not given": the third answer repeats the second, kept once.
    assert len(stored) == 2 and pd.isna(stored[1])


def test_answer_refuses_unknown_sectors(workspace):
    round_id = workspace.open_round(workbook=WB, key=KEY)
    before = _state(workspace, round_id)
    for sector in ["mars", "Health", " health", 3, True, "\ud800", ["health"]]:
        with pytest.raises(ValidationError) as err:
            workspace.answer(round_id, respondent=WHO, item="q1", value=1, sector=sector)
        assert err.value.field == "sector", sector
    _unchanged(workspace, round_id, before)


NOT_JSON = [
    {1, 2},
    float("nan"),
    float("inf"),
    [1.0, float("-inf")],
    object(),
    b"bytes",
    "\ud800",
    {"text": "a\udfffb"},
    {1.5j: 1},
    "x" * 20_001,
]


def test_answer_refuses_values_that_are_not_json(workspace):
    round_id = workspace.open_round(workbook=WB, key=KEY)
    before = _state(workspace, round_id)
    for value in NOT_JSON:
        with pytest.raises(ValidationError) as err:
            workspace.answer(round_id, respondent=WHO, item="q1", value=value)
        assert str(err.value) == "This answer cannot be saved.", repr(value)[:40]
        assert err.value.field == "value"
    _unchanged(workspace, round_id, before)


def test_answer_refuses_bad_items(workspace):
    round_id = workspace.open_round(workbook=WB, key=KEY)
    before = _state(workspace, round_id)
    for item in ["", "i" * 129, "\ud800", "tab\there", None, 7, ["q1"]]:
        with pytest.raises(ValidationError):
            workspace.answer(round_id, respondent=WHO, item=item, value=1)
    _unchanged(workspace, round_id, before)


def test_round_responses_decodes_values_and_keeps_order(workspace):
    round_id = workspace.open_round(workbook=WB, key=KEY)
    other = workspace.open_round(workbook=OTHER_WB, key=KEY)
    values = [
        {"client": "abc", "nested": [1, "deux", None]},
        3,
        "dk",
        "réponse « française » ✓",
        None,
        2.5,
        True,
        [1, 2],
        1,
        "x" * 19_998,  # 20 000 characters once encoded
    ]
    ids = []
    for n, value in enumerate(values):
        who = f"a:person{n % 3:04d}"
        ids.append(workspace.answer(round_id, respondent=who, item=f"q{n}", value=value))
        workspace.answer(other, respondent=who, item=f"q{n}", value=4)
    frame = workspace.round_responses(round_id)
    assert list(frame.columns) == [
        "id", "respondent", "participant_id", "sector", "item", "value", "created_at",
    ]  # fmt: skip
    assert frame["id"].tolist() == ids == sorted(ids)
    assert frame["item"].tolist() == [f"q{n}" for n in range(len(values))]
    assert frame["respondent"].tolist() == [f"a:person{n % 3:04d}" for n in range(len(values))]
    decoded = frame["value"].tolist()
    assert decoded == values
    assert [type(x) for x in decoded] == [type(x) for x in values]  # 1 stays int, True bool
    assert frame["participant_id"].isna().all()
    assert str(frame["created_at"].dt.tz) == "UTC"
    assert frame["created_at"].is_monotonic_increasing


def test_round_responses_keeps_levels_as_levels_next_to_null(workspace):
    # An int next to null must not come back as a float (1 -> 1.0 is not a level).
    round_id = workspace.open_round(workbook=WB, key=KEY)
    workspace.answer(round_id, respondent=WHO, item="q1", value=1)
    workspace.answer(round_id, respondent=WHO, item="q2", value=None)
    decoded = workspace.round_responses(round_id)["value"].tolist()
    assert decoded == [1, None]
    assert type(decoded[0]) is int


def test_round_responses_of_an_empty_round(workspace):
    round_id = workspace.open_round(workbook=WB, key=KEY)
    frame = workspace.round_responses(round_id)
    assert frame.empty
    assert "value" in frame.columns and "respondent" in frame.columns
    assert latest_answers(frame).empty


def test_round_signature_follows_answers_and_state(workspace):
    round_id = workspace.open_round(workbook=WB, key=KEY)
    other = workspace.open_round(workbook=OTHER_WB, key=KEY)
    seen = [workspace.round_signature(round_id)]
    assert seen[0] == ((OPEN, False, False), 0, None)

    def changed() -> tuple:
        now = workspace.round_signature(round_id)
        assert now not in seen
        seen.append(now)
        return now

    first = workspace.answer(round_id, respondent=WHO, item="q1", value=1)
    assert changed() == ((OPEN, False, False), 1, first)
    again = workspace.answer(round_id, respondent=WHO, item="q1", value=1)  # same value again
    assert again == first and workspace.round_signature(round_id) == seen[-1], "not stored twice"
    second = workspace.answer(round_id, respondent=WHO, item="q1", value=2)
    assert changed() == ((OPEN, False, False), 2, second)
    workspace.update_round(round_id, revealed=True)
    assert changed()[0] == (OPEN, True, False)
    workspace.update_round(round_id, anonymous=True)
    assert changed()[0] == (OPEN, True, True)
    workspace.update_round(round_id, status=CLOSED)
    assert changed()[0] == (CLOSED, True, True)

    # nothing else moves it: another round's answers, refused answers, reading
    workspace.answer(other, respondent=WHO, item="q1", value=2)
    with pytest.raises(ValidationError):
        workspace.answer(round_id, respondent=WHO, item="q1", value=2)
    workspace.round_responses(round_id)
    assert workspace.round_signature(round_id) == seen[-1]


# -- many kernels answering at once ---------------------------------------------------------

LAUNCHER = textwrap.dedent(
    """
    import json, os, sys, time, traceback
    from pathlib import Path

    from cikit import open_workspace

    location, round_id, processes, items, sync = sys.argv[1:6]
    round_id, processes, items, sync = int(round_id), int(processes), int(items), Path(sync)
    SECTORS = ["community", "public", "education", "health", "philanthropy", "residents"]


    def answer(proc):
        who = f"a:worker{proc:05d}"
        with open_workspace(location) as ws:
            (sync / f"ready-{proc}").touch()
            deadline = time.monotonic() + 120
            while not (sync / "go").exists():
                if time.monotonic() > deadline:
                    raise TimeoutError("no start signal")
                time.sleep(0.002)
            started = time.time()
            ids = [ws.answer(round_id, respondent=who, item="_join",
                             value={"client": who}, sector=SECTORS[proc % len(SECTORS)])]
            for rep in (0, 1):  # answer everything, then change every answer
                for i in range(items):
                    value = (proc + i + rep) % 4 + 1
                    if rep == 1 and (proc + i) % 7 == 0:
                        value = "dk"
                    ids.append(ws.answer(round_id, respondent=who, item=f"s{i:02d}", value=value))
        return {"process": proc, "pid": os.getpid(), "started": started,
                "finished": time.time(), "ids": ids}


    children = {}
    for proc in range(processes):
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                report = answer(proc)
                (sync / f"report-{proc}.json").write_text(json.dumps(report))
            except BaseException:
                (sync / f"error-{proc}.txt").write_text(traceback.format_exc())
                status = 1
            finally:
                os._exit(status)
        children[pid] = proc

    failed = 0
    for pid in children:
        _, status = os.waitpid(pid, 0)
        failed += os.waitstatus_to_exitcode(status) != 0
    for error in sorted(sync.glob("error-*.txt")):
        print(error.read_text(), file=sys.stderr)
    reports = [json.loads(p.read_text()) for p in sorted(sync.glob("report-*.json"))]
    print(json.dumps(reports))
    sys.exit(1 if failed else 0)
    """
)
SECTORS = ["community", "public", "education", "health", "philanthropy", "residents"]
REPO = Path(cikit.__file__).resolve().parents[1]
SOURCE = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
SIZES = {"sqlite": (30, 10), "postgres": (20, 10)}


def _first(proc: int, i: int):
    return (proc + i) % 4 + 1


def _second(proc: int, i: int):
    return "dk" if (proc + i) % 7 == 0 else (proc + i + 1) % 4 + 1


def _answer_at_once(location: str, round_id: int, sync: Path, processes: int, items: int):
    sync.mkdir()
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONPATH": SOURCE}
    args = [location, str(round_id), str(processes), str(items), str(sync)]
    launcher = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while len(list(sync.glob("ready-*"))) < processes:
            if launcher.poll() is not None or list(sync.glob("error-*")):
                break  # a worker died while opening: its traceback is reported below
            assert time.monotonic() < deadline, "the workers did not open the workspace in time"
            time.sleep(0.01)
        (sync / "go").touch()
        out, err = launcher.communicate(timeout=180)
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()
    assert launcher.returncode == 0, f"a worker failed:\n{err[-4000:]}"
    assert "Traceback" not in err, err
    reports = json.loads(out)
    assert sorted(r["process"] for r in reports) == list(range(processes))
    assert len({r["pid"] for r in reports}) == processes
    return reports


def test_many_processes_answer_one_round_at_once(location, tmp_path):
    processes, items = SIZES["postgres" if "://" in location else "sqlite"]
    with create_workspace(location, name="Atelier") as ws:
        round_id = ws.open_round(workbook=WB, key=KEY, anonymous=True)

    reports = _answer_at_once(location, round_id, tmp_path / "sync", processes, items)

    spans = sorted((r["started"], r["finished"]) for r in reports)
    assert any(later[0] < earlier[1] for earlier, later in pairwise(spans)), spans
    with open_workspace(location) as ws:
        responses = ws.round_responses(round_id)
        signature = ws.round_signature(round_id)
    each = 1 + 2 * items
    assert len(responses) == processes * each
    assert signature == ((OPEN, False, True), processes * each, int(responses["id"].max()))
    assert responses["id"].is_unique
    assert sorted(responses["id"]) == sorted(i for r in reports for i in r["ids"])

    who = {p: f"a:worker{p:05d}" for p in range(processes)}
    expected = [(who[p], "_join", json.dumps({"client": who[p]})) for p in range(processes)]
    expected += [
        (who[p], f"s{i:02d}", json.dumps(answer(p, i)))
        for p in range(processes)
        for i in range(items)
        for answer in (_first, _second)
    ]
    got = [(r.respondent, r.item, json.dumps(r.value)) for r in responses.itertuples(index=False)]
    assert sorted(got) == sorted(expected)  # every answer, exactly once
    for p in range(processes):
        # one process's answers are recorded in the order it gave them
        mine = responses[responses["respondent"] == who[p]]
        assert mine["id"].tolist() == next(r["ids"] for r in reports if r["process"] == p)
        assert mine["item"].tolist() == ["_join"] + [f"s{i:02d}" for i in range(items)] * 2
        assert mine["sector"].iloc[0] == SECTORS[p % len(SECTORS)]

    latest = latest_answers(responses, items=[f"s{i:02d}" for i in range(items)])
    assert len(latest) == processes * items
    assert {(r.respondent, r.item): r.value for r in latest.itertuples(index=False)} == {
        (who[p], f"s{i:02d}"): _second(p, i) for p in range(processes) for i in range(items)
    }
