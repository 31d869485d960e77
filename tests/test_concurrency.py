"""Many OS processes writing to one workspace at once, as kernels do during a workshop.

A launcher process imports cikit once and forks the writers, so the test pays
for one import, not twenty.  Each writer is its own OS process with its own
connection: it opens the workspace, says it is ready, waits for a common start
signal (a file), then writes as fast as it can, so the writes really overlap.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from itertools import pairwise
from pathlib import Path

import cikit
from cikit import create_workspace, open_workspace
from cikit.store.check import check_workspace

OTHER_WB = "02_plan_commun"

LAUNCHER = textwrap.dedent(
    """
    import json, os, sys, time, traceback
    from pathlib import Path

    from cikit import ValidationError, open_workspace

    action, location, processes, count, sync = sys.argv[1:6]
    processes, count, sync = int(processes), int(count), Path(sync)


    def write(proc):
        with open_workspace(location) as ws:
            (sync / f"ready-{proc}").touch()
            deadline = time.monotonic() + 120
            while not (sync / "go").exists():
                if time.monotonic() > deadline:
                    raise TimeoutError("no start signal")
                time.sleep(0.002)
            started = time.time()
            results = []
            for n in range(count):
                if action == "respond":
                    ws.append_response(
                        workbook="01_preconditions",
                        item=f"p{proc}",
                        value={"process": proc, "n": n, "texte": "réponse"},
                    )
                elif action == "adopt":
                    results.append(
                        ws.adopt_decision(
                            workbook="02_plan_commun", key="vision", content={"process": proc, "n": n}
                        )
                    )
                else:
                    name = ["École Sainte-Anne", "ecole sainte-anne", "ÉCOLE SAINTE-ANNE"][proc % 3]
                    try:
                        results.append(ws.add_partner(name, "education"))
                    except ValidationError as err:
                        results.append(err.render())
        return {"process": proc, "pid": os.getpid(), "started": started,
                "finished": time.time(), "results": results}


    children = {}
    for proc in range(processes):
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                report = write(proc)
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

# The writers run the cikit under test, wherever pytest was started from.
REPO = Path(cikit.__file__).resolve().parents[1]
SOURCE = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
SIZES = {"sqlite": (20, 50), "postgres": (10, 20)}


def _backend(location: str) -> str:
    return "postgres" if "://" in location else "sqlite"


def run_writers(action: str, location: str, sync: Path, processes: int, each: int) -> list[dict]:
    """Fork ``processes`` writers, release them together, and return what each reported."""
    sync.mkdir()
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONPATH": SOURCE}
    launcher = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, action, location, str(processes), str(each), str(sync)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while len(list(sync.glob("ready-*"))) < processes:
            if launcher.poll() is not None or list(sync.glob("error-*")):
                break  # a writer died while opening: its traceback is reported below
            assert time.monotonic() < deadline, "the writers did not open the workspace in time"
            time.sleep(0.01)
        (sync / "go").touch()
        out, err = launcher.communicate(timeout=180)
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()
    assert launcher.returncode == 0, f"a writer failed:\n{err[-4000:]}"
    assert "Traceback" not in err, err
    reports = json.loads(out)
    assert sorted(r["process"] for r in reports) == list(range(processes))
    assert len({r["pid"] for r in reports}) == processes
    return reports


def _overlapped(reports: list[dict]) -> bool:
    """Did at least two workers write during the same time?"""
    spans = sorted((r["started"], r["finished"]) for r in reports)
    return any(later[0] < earlier[1] for earlier, later in pairwise(spans))


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

    versions = sorted(v for r in reports for v in r["results"])
    assert versions == list(range(1, processes * each + 1))
    with open_workspace(location) as ws:
        decisions = ws.frames()["decisions"]
        latest = ws.decision(OTHER_WB, "vision")
    assert sorted(decisions["version"]) == versions
    assert latest["version"] == processes * each


def test_the_same_name_added_at_once_is_kept_once(location, tmp_path):
    processes = 6
    create_workspace(location, name="Atelier").close()

    reports = run_writers("partner", location, tmp_path / "sync", processes, 1)

    results = [r["results"][0] for r in reports]
    added = [x for x in results if isinstance(x, int)]
    refused = [x for x in results if not isinstance(x, int)]
    assert len(added) == 1, results
    assert len(refused) == processes - 1
    assert all("is already on the list" in message for message in refused), refused
    with open_workspace(location) as ws:
        assert ws.partners()["id"].tolist() == added
