"""Backbone support: scoring time of a large self-assessment round, and the report section.

Figures, printed (never asserted):

a. **Scoring** of a synthetic round of the 24 backbone statements answered by
   ``--people`` respondents (a tenth of them backbone staff, about 8 % "don't
   know", one join record each and a tenth of answers changed):
   ``respondent_groups`` + ``function_scores`` + ``statement_scores``, as the
   facilitator's kernel runs them on every update.  Median of ``--runs`` runs.
b. **Report section** of the demo workspace (reads the round and the decisions,
   draws the SVG chart with matplotlib): median of ``--runs`` runs, in French.

Usage::

    python benchmarks/backbone.py [--runs 7] [--people 400]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from cikit import content
from cikit.analysis.structure_soutien import function_scores, respondent_groups, statement_scores


def synthetic_round(people: int, seed: int = 7) -> tuple[pd.DataFrame, dict[int, str]]:
    rng = random.Random(seed)
    doc = content.document("backbone_rubric")
    items = [s["id"] for e in doc["entries"] for s in e["statements"]]
    rows, roles = [], {}
    next_id = 1
    for person in range(1, people + 1):
        roles[person] = "backbone" if person % 10 == 0 else "partner"
        respondent = f"p:{person}"
        rows.append((next_id, respondent, "_join", {"client": f"c{person}"}))
        next_id += 1
        for item in items:
            value = "dk" if rng.random() < 0.08 else rng.randint(1, 4)
            rows.append((next_id, respondent, item, value))
            next_id += 1
            if rng.random() < 0.1:
                rows.append((next_id, respondent, item, rng.randint(1, 4)))
                next_id += 1
    frame = pd.DataFrame(rows, columns=["id", "respondent", "item", "value"])
    return frame, roles


def median_seconds(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--people", type=int, default=400)
    args = parser.parse_args()

    doc = content.document("backbone_rubric")
    functions = {e["id"]: [s["id"] for s in e["statements"]] for e in doc["entries"]}
    items = [i for ids in functions.values() for i in ids]
    responses, roles = synthetic_round(args.people)

    def score() -> None:
        groups = respondent_groups(responses, roles)
        function_scores(responses, groups, functions)
        statement_scores(responses, groups, items)

    seconds = median_seconds(score, args.runs)
    print(
        f"scoring: {len(responses)} responses, {args.people} people: "
        f"median {seconds * 1000:.1f} ms over {args.runs} runs"
    )

    from cikit.demo import write_demo
    from cikit.i18n import Translator
    from cikit.report import section_for

    with tempfile.TemporaryDirectory() as folder:
        ws = write_demo(Path(folder) / "demo.cikit")
        try:
            tr = Translator("fr")
            seconds = median_seconds(lambda: section_for("06_structure_soutien", ws, tr), args.runs)
            svg = next(
                b.svg
                for b in section_for("06_structure_soutien", ws, tr).blocks
                if hasattr(b, "svg")
            )
        finally:
            ws.close()
    print(
        f"report section (demo, with SVG chart): median {seconds * 1000:.1f} ms; "
        f"SVG {len(svg) / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
