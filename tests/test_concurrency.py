"""Many OS processes writing to one workspace at once, as kernels do during a workshop.

Each worker is a separate Python process that opens the workspace, says it is
ready, waits for a common start signal (a file), then writes as fast as it can,
so the writes really overlap.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cikit import create_workspace, open_workspace
from cikit.store.check import check_workspace

WB = "01_preconditions"
OTHER_WB = "02_plan_commun"

WORKER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path

    from cikit import open_workspace

    action, location, proc, count, sync = sys.argv[1:6]
    proc, count, sync = int(proc), int(count), Path(sync)
    with open_workspace(location) as ws:
        (sync / f"ready-{proc}").touch()
        deadline = time.monotonic() + 120
        while not (sync / "go").exists():
            if time.monotonic() > deadline:
                sys.exit("no start signal")
            time.sleep(0.002)
        started = time.time()
        versions = []
        for n in range(count):
            if action == "respond":
                ws.append_response(
                    workbook="01_preconditions",
                    item=f"p{proc}",
                    value={"process": proc, "n": n, "texte": "réponse"},
                )
            else:
                versions.append(
                    ws.adopt_decision(
                        workbook="02_plan_commun", key="vision", content={"process": proc, "n": n}
                    )
                )
        print(json.dumps({"process": proc, "started": started, "finished": time.time(),
                          "versions": versions}))
    """
)

SIZES = {"sqlite": (20, 50), "postgres": (10, 20)}


def _backend(location: str) -> str:
    return "postgres" if "://" in location else "sqlite"


def run_writers(action: str, location: str, sync: Path, processes: int, each: int) -> list[dict]:
    """Start ``processes`` workers, release them together, and return what each reported."""
    sync.mkdir()
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, action, location, str(p), str(each), str(sync)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in range(processes)
    ]
    try:
        deadline = time.monotonic() + 120
        while len(list(sync.glob("ready-*"))) < processes:
            if any(w.poll() is not None for w in workers):
                break  # one died while opening: its stderr is reported below
            assert time.monotonic() < deadline, "workers did not open the workspace in time"
            time.sleep(0.01)
        (sync / "go").touch()
        outputs = [w.communicate(timeout=180) for w in workers]
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
                w.wait()
    for w, (out, err) in zip(workers, outputs, strict=True):
        assert w.returncode == 0, f"worker failed:\n{err[-3000:]}"
        assert "Traceback" not in err, err
    return [json.loads(out) for out, _ in outputs]


def _overlapped(reports: list[dict]) -> bool:
    """Did at least two workers write during the same time?"""
    spans = sorted((r["started"], r["finished"]) for r in reports)
    return any(later[0] < earlier[1] for earlier, later in zip(spans, spans[1:]))


def test_simultaneous_answers_from_many_processes_are_all_kept(location, tmp_path):
    processes, each = SIZES[_backend(location)]
    create_workspace(location, name="Atelier").close()

    reports = run_writers("respond", location, tmp_path / "sync", processes, each)
    assert _overlapped(reports), reports

    with open_workspace(location) as ws:
        responses = ws.frames()["responses"]
        assert check_workspace(ws) == []
    assert len(responses) == processes * each
    assert responses["id"].is_unique
    pairs = [(value["process"], value["n"]) for value in responses["value"]]
    assert sorted(pairs) == [(p, n) for p in range(processes) for n in range(each)]
    for p in range(processes):
        # One process's answers are recorded in the order it gave them.
        assert [n for q, n in pairs if q == p] == list(range(each))
    assert {value["texte"] for value in responses["value"]} == {"réponse"}
    assert set(responses["item"]) == {f"p{p}" for p in range(processes)}


def test_simultaneous_adoptions_get_distinct_versions(location, tmp_path):
    processes, each = 6, 5
    create_workspace(location, name="Atelier").close()

    reports = run_writers("adopt", location, tmp_path / "sync", processes, each)

    versions = sorted(v for r in reports for v in r["versions"])
    assert versions == list(range(1, processes * each + 1))
    with open_workspace(location) as ws:
        decisions = ws.frames()["decisions"]
        latest = ws.decision(OTHER_WB, "vision")
    assert sorted(decisions["version"]) == versions
    assert latest["version"] == processes * each
