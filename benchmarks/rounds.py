"""Live rounds: aggregation time, and click-to-facilitator latency through ``cikit serve``.

Two figures, printed (never asserted):

a. **Aggregation** of a synthetic round of 10,000 responses (400 respondents, the
   24 statements of the Preconditions workbook in 6 sections, about 8 % "don't
   know", 400 join records and 400 changed answers): ``latest_answers`` +
   ``item_summary`` + ``section_verdicts`` + ``respondents_by_sector`` +
   ``sector_means``, as the facilitator's kernel runs them on every update.
   Median of ``--runs`` runs, with each function's share.

b. **Click to facilitator** in a real Chromium: the demo workspace, a new anonymous
   readiness round, ``cikit serve`` (as ``tests/servers.py`` starts it), the
   facilitator page and one participant page.  The participant joins, then gives
   ``--answers`` answers (statement after statement, section after section, a
   different level each time).  For each click the script records

   * *click -> saved*: the browser's click event until the answer is visible in the
     workspace to another connection (``round_signature`` changes, polled every 5 ms);
   * *click -> facilitator*: the click until the facilitator page's counter or
     results text changes (a MutationObserver in that page time-stamps it).

   Both pages run in the same Chromium, so their clocks agree with this script's
   (all ``Date.now()`` / ``time.time()`` on one machine).  The facilitator's kernel
   looks at the workspace once a second, so expect about 0.5-1.5 s for the second.
   A random pause (0-1.2 s) between answers spreads the clicks over that second.
   Before each click the participant page is brought to the statement's section
   (Suivant / Précédent) and the facilitator page must have been still for 0.4 s.
   The script also counts answers after which the participant page was redrawn
   whole (navigator back to step 1), which cikit did until commit 27e20e2.

Only 127.0.0.1 is contacted.  Usage::

    python benchmarks/rounds.py [--runs 7] [--answers 20] [--skip-browser] [--skip-aggregation]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from cikit import content
from cikit.analysis.rounds import (
    DONT_KNOW,
    item_summary,
    latest_answers,
    respondents_by_sector,
    section_verdicts,
    sector_means,
)

REPO = Path(__file__).resolve().parents[1]
WORKBOOK = "01_preconditions"
ROUND_KEY = "readiness"
ANSWER_TIMEOUT = 15.0  # seconds per answer, for both signals
PAGE_TIMEOUT = 120_000  # ms: a page to its first widgets (may wait for a kernel refill)
CHROMIUM_EXTRA = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


# -- a. aggregation -----------------------------------------------------------------------


def sections() -> dict[str, list[str]]:
    doc = content.document("preconditions")
    return {e["id"]: [st["id"] for st in e["statements"]] for e in doc["entries"]}


def synthetic_round(
    total: int = 10_000, respondents: int = 400, seed: int = 2026
) -> tuple[pd.DataFrame, dict]:
    """A round as ``Workspace.round_responses`` returns it, ``total`` rows long."""
    rng = random.Random(seed)
    items = [item for group in sections().values() for item in group]
    sectors = [*content.ids("sectors"), None, None]
    people = [f"a:respondent{n:05d}" for n in range(respondents)]
    changes = respondents  # one changed answer per person, on average
    first = total - respondents - changes
    pairs = [(who, item) for who in people for item in items]
    if not 0 < first <= len(pairs):
        raise ValueError("too few respondents for that many responses")
    answered = rng.sample(pairs, first)

    def level() -> object:
        return DONT_KNOW if rng.random() < 0.08 else rng.choice((1, 2, 3, 4))

    rows = [(who, "_join", {"client": who[2:]}, rng.choice(sectors)) for who in people]
    rows += [(who, item, level(), None) for who, item in answered]
    rng.shuffle(rows)  # joins, first answers and ...
    rows += [(who, item, level(), None) for who, item in rng.sample(answered, changes)]  # changes
    frame = pd.DataFrame(
        {
            "id": np.arange(1, len(rows) + 1),
            "respondent": [r[0] for r in rows],
            "participant_id": pd.array([pd.NA] * len(rows), dtype="Int64"),
            "sector": pd.Series([r[3] for r in rows], dtype=object),
            "item": [r[1] for r in rows],
            "value": pd.Series([r[2] for r in rows], dtype=object),
        }
    )
    shape = {
        "responses": len(frame),
        "respondents": respondents,
        "items": len(items),
        "joins": respondents,
        "changed": changes,
        "dont_know": int((frame["value"] == DONT_KNOW).sum()),
    }
    return frame, shape


def aggregate(responses: pd.DataFrame, groups: dict[str, list[str]]) -> dict[str, float]:
    """What the facilitator's kernel computes on every update, timed step by step (s)."""
    items = [item for group in groups.values() for item in group]
    t0 = time.perf_counter()
    latest = latest_answers(responses, items=items)
    t1 = time.perf_counter()
    summary = item_summary(latest, items)
    t2 = time.perf_counter()
    section_verdicts(summary, groups)
    t3 = time.perf_counter()
    sector_means(latest, respondents_by_sector(responses), items)
    t4 = time.perf_counter()
    return {
        "latest_answers": t1 - t0,
        "item_summary": t2 - t1,
        "section_verdicts": t3 - t2,
        "sector_means (+ respondents_by_sector)": t4 - t3,
        "total": t4 - t0,
    }


def bench_aggregation(runs: int) -> None:
    groups = sections()
    frame, shape = synthetic_round()
    print("a. Aggregation of one round")
    print(
        "   {responses} responses: {respondents} respondents x {items} statements, "
        "{joins} join records, {changed} changed answers, {dont_know} don't-know".format(**shape)
    )
    aggregate(frame, groups)  # warm-up, not counted
    timings = [aggregate(frame, groups) for _ in range(runs)]
    width = max(len(k) for k in timings[0])
    print(f"   {'step':<{width}}  median ms     min ms     max ms   (runs: {runs})")
    for step in timings[0]:
        values = [t[step] * 1000 for t in timings]
        print(
            f"   {step:<{width}}  {statistics.median(values):9.1f}  {min(values):9.1f}"
            f"  {max(values):9.1f}"
        )
    print()


# -- b. click to facilitator --------------------------------------------------------------

# In the facilitator page: time-stamp every change of the counter + results text.
FACILITATOR_WATCH = """
() => {
  const W = (window.__fac = {changes: [], mutations: 0});
  const read = () => {
    const parts = [];
    for (const sel of [".cikit-counter", ".cikit-results"]) {
      for (const el of document.querySelectorAll(sel)) parts.push(el.innerText);
    }
    return parts.join("\\n");
  };
  W.last = read();
  new MutationObserver(() => {
    const now = Date.now();
    W.mutations += 1;
    const text = read();
    if (text !== W.last) {
      W.last = text;
      W.changes.push(now);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
  return W.last.length;
}
"""

# Mark the participant's navigator: the mark is gone once the page has been redrawn.
MARKED = "[data-bench-mark]"
MARK = """() => document.querySelector(".cikit-navigator").setAttribute("data-bench-mark", "1")"""

# In the participant page: the time of the latest click, as the browser saw it.
CLICK_WATCH = """
() => {
  window.__clicks = [];
  document.addEventListener("click", () => window.__clicks.push(Date.now()), true);
}
"""


def _server_module():
    """``tests/servers.py``: how the end-to-end tests start ``cikit serve``."""
    sys.path.insert(0, str(REPO / "tests"))
    try:
        import servers
    finally:
        sys.path.remove(str(REPO / "tests"))
    return servers


def _fmt(ms: float | None) -> str:
    return "   —   " if ms is None else f"{ms:7.0f}"


def bench_latency(answers: int, pool_size: int, shots: Path | None, seed: int) -> int:
    from playwright.sync_api import sync_playwright

    from cikit.demo import write_demo

    servers = _server_module()
    if not Path(servers.CHROMIUM).exists():
        print(f"b. skipped: {servers.CHROMIUM} is missing")
        return 1
    groups = sections()
    titles = [content.pick(e, "fr") for e in content.document("preconditions")["entries"]]
    statements = [(s, item) for s, group in enumerate(groups.values()) for item in group]
    per_section = len(next(iter(groups.values())))
    if answers > len(statements):
        print(f"   --answers is capped at {len(statements)} (one per statement)")
        answers = len(statements)
    rng = random.Random(seed)
    rows: list[dict] = []
    problems: list[str] = []
    print("b. Click to facilitator, through cikit serve in Chromium")
    with tempfile.TemporaryDirectory(prefix="cikit-bench-rounds-") as tmpname:
        tmp = Path(tmpname)
        path = tmp / "demo.cikit"
        ws = write_demo(path)
        try:
            round_id = ws.open_round(workbook=WORKBOOK, key=ROUND_KEY, anonymous=True)
            started = time.monotonic()
            with servers.cikit_server(str(path), tmp, pool_size=pool_size) as server:
                print(
                    f"   cikit serve ready in {time.monotonic() - started:.1f} s (pool {pool_size})"
                )
                with sync_playwright() as p:
                    browser = p.chromium.launch(
                        executable_path=servers.CHROMIUM,
                        args=[*servers.CHROMIUM_ARGS, *CHROMIUM_EXTRA],
                    )
                    try:
                        rows = _drive(
                            browser, server, ws, round_id, statements, titles, per_section,
                            answers, rng, shots, problems,
                        )  # fmt: skip
                    finally:
                        browser.close()
                if server.process.poll() is not None:
                    tail = server.log_text().splitlines()[-8:]
                    problems.append(
                        f"cikit serve stopped during the run (exit {server.process.returncode});"
                        " end of its log:\n      " + "\n      ".join(tail)
                    )
                warnings = [
                    line
                    for line in server.log_text().splitlines()
                    if "Traceback" in line or " ERROR" in line or "[E " in line
                ]
                problems += [f"server log: {line[:160]}" for line in warnings[:5]]
        finally:
            ws.close()
    _report(rows, answers, problems)
    return 0 if len(rows) == answers and all(r["saved"] is not None for r in rows) else 1


def _drive(
    browser, server, ws, round_id, statements, titles, per_section, answers, rng, shots, problems
):
    from playwright.sync_api import expect

    outside: list[str] = []
    errors: list[str] = []

    def new_page(url: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.on(
            "request",
            lambda r: (
                outside.append(r.url)
                if not r.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))
                else None
            ),
        )
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)
        return page

    t = time.monotonic()
    facilitator = new_page(server.url(WORKBOOK, facilitator=True))
    expect(facilitator.locator(".cikit-counter")).to_be_visible(timeout=PAGE_TIMEOUT)
    expect(facilitator.locator(".cikit-results")).to_be_attached(timeout=PAGE_TIMEOUT)
    print(f"   facilitator page ready in {time.monotonic() - t:.1f} s")
    participant = new_page(server.url(WORKBOOK))
    participant.evaluate(CLICK_WATCH)
    t = time.monotonic()
    join = participant.locator(".cikit-join-button")
    expect(join).to_be_visible(timeout=PAGE_TIMEOUT)
    print(f"   participant page ready in {time.monotonic() - t:.1f} s")
    facilitator.evaluate(FACILITATOR_WATCH)

    joined = ws.round_signature(round_id)
    join.click()
    likert = participant.locator(".cikit-likert")
    expect(likert.first).to_be_visible(timeout=30_000)
    _wait(lambda: ws.round_signature(round_id) != joined, 10)
    _wait(lambda: facilitator.evaluate("window.__fac.changes.length") > 0, 10)  # join shown
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
        participant.screenshot(path=str(shots / "participant-joined.png"), full_page=True)
        facilitator.screenshot(path=str(shots / "facilitator-joined.png"), full_page=True)

    print(f"   {'n':>3}  {'statement':<27} lv  saved ms  facil. ms   (ms from the click)")
    rows = []
    heading = participant.locator(".cikit-step-page h2").first
    for n in range(answers):
        section, item = statements[n]
        index = n % per_section
        level = (section + index) % 4 + 1  # consecutive levels differ: each click is a change
        if not _goto_section(participant, heading, titles, section):
            problems.append(f"answer {n + 1}: could not reach section {section + 1}")
            break
        _settle(facilitator)
        time.sleep(rng.uniform(0.0, 1.2))  # any phase of the facilitator's 1 s poll
        button = likert.nth(index).locator(".cikit-likert-buttons button").nth(level - 1)
        participant.evaluate(MARK)
        signature = ws.round_signature(round_id)
        seen = facilitator.evaluate("window.__fac.changes.length")
        clicks = participant.evaluate("window.__clicks.length")
        button.click()
        saved = shown = None
        deadline = time.monotonic() + ANSWER_TIMEOUT
        while time.monotonic() < deadline and (saved is None or shown is None):
            if saved is None and ws.round_signature(round_id) != signature:
                saved = time.time() * 1000
            if shown is None:
                later = facilitator.evaluate(f"window.__fac.changes.slice({seen})")
                if later:
                    shown = later[0]
            time.sleep(0.005)
        clicked = participant.evaluate(f"window.__clicks[{clicks}]")
        last = ws.round_responses(round_id).iloc[-1]
        ok = last["item"] == item and last["value"] == level
        if not ok:
            problems.append(
                f"answer {n + 1}: expected {item}={level}, last saved {last['item']}={last['value']}"
            )
        # Until commit 27e20e2 the participant's kernel redrew the whole page (back to step 1)
        # on its next poll after any answer.  Give it that poll (1 s) to do so, and count it.
        redrawn = _wait(lambda: participant.evaluate(f"!document.querySelector('{MARKED}')"), 1.5)
        row = {
            "n": n + 1,
            "item": item,
            "level": level,
            "saved": None if saved is None or clicked is None else saved - clicked,
            "shown": None if shown is None or clicked is None else shown - clicked,
            "ok": ok,
            "redrawn": redrawn,
        }
        if row["saved"] is not None and row["shown"] is not None and row["shown"] < row["saved"]:
            problems.append(f"answer {n + 1}: the facilitator changed before the answer was saved")
        rows.append(row)
        print(
            f"   {row['n']:>3}  {item:<27} {level}  {_fmt(row['saved'])}  {_fmt(row['shown'])}"
            + ("  redrawn" if redrawn else "")
            + ("" if ok else "  WRONG ANSWER"),
            flush=True,
        )
    if shots:
        participant.screenshot(path=str(shots / "participant-end.png"), full_page=True)
        facilitator.screenshot(path=str(shots / "facilitator-end.png"), full_page=True)
    if outside:
        problems.append(f"{len(outside)} requests outside 127.0.0.1, e.g. {outside[0]}")
    problems += [f"browser console: {e[:160]}" for e in errors[:5]]
    return rows


def _goto_section(page, heading, titles: list[str], section: int) -> bool:
    """Show step ``section`` with the navigator's Suivant / Précédent buttons."""
    for _ in range(2 * len(titles)):
        current = heading.inner_text().strip()
        if current == titles[section]:
            return True
        at = titles.index(current) if current in titles else 0
        label = "Suivant" if at < section else "Précédent"
        page.locator(".cikit-nav-button", has_text=label).click()
        _wait(lambda current=current: heading.inner_text().strip() != current, 10)
    return heading.inner_text().strip() == titles[section]


def _settle(facilitator, quiet: float = 0.4, limit: float = 5.0) -> None:
    """Wait until the facilitator page's text has not changed for ``quiet`` seconds."""
    deadline = time.monotonic() + limit
    count = facilitator.evaluate("window.__fac.changes.length")
    calm_since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now = facilitator.evaluate("window.__fac.changes.length")
        if now != count:
            count, calm_since = now, time.monotonic()
        elif time.monotonic() - calm_since >= quiet:
            return


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def _report(rows: list[dict], wanted: int, problems: list[str]) -> None:
    print()
    print(f"   {len(rows)} of {wanted} answers measured")
    print(f"   {'':<22}{'median ms':>10}{'max ms':>10}{'min ms':>10}{'missed':>8}")
    for key, label in (("saved", "click -> saved"), ("shown", "click -> facilitator")):
        values = [r[key] for r in rows if r[key] is not None]
        missed = len(rows) - len(values)
        if values:
            print(
                f"   {label:<22}{statistics.median(values):10.0f}{max(values):10.0f}"
                f"{min(values):10.0f}{missed:8d}"
            )
        else:
            print(f"   {label:<22}{'—':>10}{'—':>10}{'—':>10}{missed:8d}")
    redrawn = sum(r["redrawn"] for r in rows)
    if redrawn:
        print(
            f"   the participant page was redrawn whole (back to step 1) after {redrawn} of"
            f" {len(rows)} answers"
        )
    for problem in problems:
        print(f"   ! {problem}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="aggregation runs (default 7)")
    parser.add_argument("--answers", type=int, default=20, help="answers clicked (default 20)")
    parser.add_argument("--pool-size", type=int, default=1, help="preheated kernels per notebook")
    parser.add_argument("--seed", type=int, default=1, help="seed of the pauses between clicks")
    parser.add_argument("--shots", type=Path, help="save screenshots of both pages here")
    parser.add_argument("--skip-aggregation", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.answers < 1 or args.pool_size < 1:
        parser.error("--runs, --answers and --pool-size must be at least 1")
    status = 0
    if not args.skip_aggregation:
        bench_aggregation(args.runs)
    if not args.skip_browser:
        status = bench_latency(args.answers, args.pool_size, args.shots, args.seed)
    return status


if __name__ == "__main__":
    sys.exit(main())
