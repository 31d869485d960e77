"""Mutually reinforcing activities at scale: 10,000 activities of 200 partners.

Printed, never asserted.  Synthetic but shaped like a large regional map:
``--partners`` partners, 8 strategies, 12 territories, 6 populations, each
activity reaching one or two populations and one to three territories, with
periods from 2015 on (a fifth ended).  Measured:

* **analysis** (pure functions, median of ``--runs``): the partner × strategy
  and × territory matrices, gaps, overlaps, specialisation, harmonisation and
  the alignment summary, with the peak of Python allocations (tracemalloc);
* **store**: writing the activities in one transaction and reading them back;
* **app**: drawing each step of :class:`ActivitiesApp` (``cikit/apps/activites/``) headless
  on that workspace (the same code a Voila kernel runs when the facilitator clicks a step).

Usage::

    python benchmarks/activities.py [--activities 10000] [--partners 200] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from cikit import create_workspace
from cikit.analysis import activites as mra
from cikit.apps import ActivitiesApp, Role

STRATEGIES = [f"Stratégie {n} : agir sur le déterminant {n}" for n in range(1, 9)]
TERRITORIES = [f"Territoire {n}" for n in range(1, 13)]
POPULATIONS = [f"Population {n}" for n in range(1, 7)]
PRACTICES = ["Sans rendez-vous", "Sur référence", "Formulaire en ligne", "Appel du parent"]


def synthetic(count: int, partner_ids: list[int], seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        start = rng.randint(2015, 2026)
        ended = rng.random() < 0.2
        rows.append({
            "partner_id": rng.choice(partner_ids),
            "name": f"Activité {n}",
            "strategy": rng.choice(STRATEGIES[:-1]) if rng.random() > 0.05 else "",
            "indicators": [],
            "populations": rng.sample(POPULATIONS, rng.randint(1, 2)),
            "territories": rng.sample(TERRITORIES[:-1], rng.randint(1, 3)),
            "start": f"{start}-{rng.randint(1, 12):02d}",
            "end": f"{min(start + rng.randint(1, 4), 2030)}-12" if ended else "",
            "staff": round(rng.random() * 2, 1),
            "intake": rng.choice(PRACTICES),
            "referral": rng.choice(PRACTICES),
        })  # fmt: skip
    return rows


def timed(function, runs: int) -> tuple[float, float]:
    """(median seconds, peak MiB of Python allocations in one run)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--partners", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        ws = create_workspace(Path(folder) / "big.cikit", name="Benchmark")
        ids = [ws.add_partner(f"Partenaire {n:03d}", "community") for n in range(args.partners)]
        ws.adopt_decision(workbook="02_plan_commun", key="agenda",
                          content={"strategies": STRATEGIES})  # fmt: skip
        ws.adopt_decision(workbook="04_activites", key="places",
                          content={"territories": TERRITORIES, "populations": POPULATIONS})  # fmt: skip
        rows = synthetic(args.activities, ids)
        start = time.perf_counter()
        ws.add_activities(rows, source="import")
        write = time.perf_counter() - start
        read, read_peak = timed(ws.activities, args.runs)
        frame = ws.activities()
        from cikit.results.activites import references as activity_references

        refs = activity_references(ws, "fr")
        print(f"{args.activities:,} activities, {args.partners} partners, "
              f"{len(STRATEGIES)} strategies, {len(TERRITORIES)} territories, "
              f"{len(POPULATIONS)} populations")  # fmt: skip
        print(f"store  write (one transaction)     {write:7.3f} s")
        print(f"store  read back                   {read:7.3f} s   peak {read_peak:6.1f} MiB")
        print(f"{'analysis':<32}{'median':>9}   {'peak':>10}   result")
        cases = {
            "matrix partner × strategy": lambda: mra.matrix(frame, refs),
            "matrix partner × territory": lambda: mra.matrix(frame, refs, by="territory",
                                                             value="staff"),
            "gaps": lambda: mra.gaps(frame, refs),
            "overlaps": lambda: mra.overlaps(frame, refs),
            "specialisation": lambda: mra.specialisation(frame, refs),
            "harmonisation": lambda: mra.harmonisation(frame, refs),
            "alignment (gaps + overlaps)": lambda: mra.alignment(frame, refs),
        }  # fmt: skip
        for name, function in cases.items():
            seconds, peak = timed(function, args.runs)
            result = function()
            size = len(result) if hasattr(result, "__len__") else ""
            print(f"{name:<32}{seconds:8.3f} s   {peak:7.1f} MiB   {size}")
        app = ActivitiesApp(ws, lang="fr", role=Role.FACILITATOR, facilitator_key="k")
        print(f"{'app step (headless draw)':<32}{'median':>9}")
        for stage in ("map", "gaps", "together", "summary", "declare"):

            def draw(stage=stage):
                app.stage = stage
                app.redraw_step()  # the step only, as when the person picks it in the strip

            seconds, peak = timed(draw, max(1, args.runs // 2))
            print(f"{stage:<32}{seconds:8.3f} s   {peak:7.1f} MiB")
        app.poller.stop()
        ws.close()


if __name__ == "__main__":
    main()
