"""Common agenda: how long the facilitator's kernel takes to compare views and count votes.

Printed, never asserted.  Synthetic but realistic input: ``--people`` respondents
in 7 sectors each write five answers of 30-60 words, drawn from a French and an
English vocabulary (a fifth of the people answer in English); a vote of 3
proposals per question with 3 dots each and a 1-5 rating of every proposal.
Measured, median of ``--runs`` runs:

* **views**: :func:`~cikit.analysis.text.terms` + :func:`shared_and_distinctive`
  on one question's answers (what one click on a question tab costs), and on all
  five questions pooled;
* **votes**: :func:`dot_totals` + :func:`agreement` + :func:`rank_candidates` for
  the three questions (what every live update of the vote costs).

Usage::

    python benchmarks/agenda.py [--people 40 200 1000] [--runs 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from functools import partial

import pandas as pd

from cikit.analysis.plan_commun import rank_candidates
from cikit.analysis.text import shared_and_distinctive, terms
from cikit.analysis.votes import agreement, dot_totals

SECTORS = ["community", "public", "education", "health", "philanthropy", "residents", "other"]
FR = (
    "familles enfants pauvreté isolement maternelle préparation scolaire réussite éducative "
    "vulnérabilité développement petite enfance logement transport quartier services accès "
    "parents épuisés garderie jugés insécurité alimentaire collaboration résultats mesurables "
    "le la les des du de et pour avec dans sur une un qui que ne pas plus leur nos"
).split()
EN = (
    "families children poverty isolation kindergarten readiness school success vulnerable "
    "development early childhood housing transport neighbourhood services access parents "
    "tired daycare judged food insecurity collaboration measurable results the of and for "
    "with in on a who that not more their our"
).split()
QUESTIONS = ["problem", "goal", "population", "territory", "causes"]


def views(people: int, rng: random.Random) -> pd.DataFrame:
    rows = []
    for n in range(people):
        words = EN if n % 5 == 0 else FR
        for question in QUESTIONS:
            text = " ".join(rng.choice(words) for _ in range(rng.randint(30, 60)))
            rows.append((f"a:{n:08d}", SECTORS[n % len(SECTORS)], question, text))
    return pd.DataFrame(rows, columns=["respondent", "sector", "question", "text"])


def votes(people: int, rng: random.Random) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    ids = {q: [f"{q}.{i}" for i in (1, 2, 3)] for q in ("problem", "vision", "goal")}
    rows = []
    for n in range(people):
        who = f"a:{n:08d}"
        for field, cands in ids.items():
            allocation: dict[str, int] = {}
            for _ in range(3):
                pick = rng.choice(cands)
                allocation[pick] = allocation.get(pick, 0) + 1
            rows.append((who, f"dots.{field}", allocation))
            rows += [(who, f"agree.{c}", rng.randint(1, 5)) for c in cands]
    frame = pd.DataFrame(rows, columns=["respondent", "item", "value"])
    frame.insert(0, "id", range(1, len(frame) + 1))
    return frame, ids


def timed(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def compare(frame: pd.DataFrame, groups: pd.Series) -> None:
    shared_and_distinctive(terms(frame), groups)


def count(responses: pd.DataFrame, ids: dict[str, list[str]]) -> None:
    for field, cands in ids.items():
        rank_candidates(
            dot_totals(responses, candidates=cands, dots=3, item=f"dots.{field}"),
            agreement(responses, candidates=cands, prefix="agree."),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[40, 200, 1000])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(2026)
    # The first call loads simplemma's dictionaries; report it apart.
    start = time.perf_counter()
    terms(pd.DataFrame({"respondent": [1, 2], "text": ["Les familles", "The families"]}))
    print(f"first call (dictionaries loaded): {time.perf_counter() - start:.3f} s")
    print(f"{'people':>7} {'one question':>13} {'all five':>10} {'votes':>8}")
    for people in args.people:
        answers = views(people, rng)
        groups = answers.drop_duplicates("respondent").set_index("respondent")["sector"]
        one = answers[answers["question"] == "problem"]
        responses, ids = votes(people, rng)
        one_time = timed(partial(compare, one, groups), args.runs)
        all_time = timed(partial(compare, answers, groups), args.runs)
        vote_time = timed(partial(count, responses, ids), args.runs)
        print(f"{people:>7} {one_time:>11.3f} s {all_time:>8.3f} s {vote_time:>6.3f} s")


if __name__ == "__main__":
    main()
