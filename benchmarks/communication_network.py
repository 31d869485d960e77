"""Time the network measures of a large survey wave, the headless app and the report section.

    python benchmarks/communication_network.py [--partners 60]

A wave where every partner rated every other on all seven fields, half of them
twice (a colleague answering later), so ``latest_ratings`` has work to do.
Prints the median of 5 runs for: the measures of one wave, the comparison of two
waves, the SVG map, and (on the demo workspace) building the facilitator's app
and the report section.  Rough figures: the machine may be shared.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from cikit.analysis.network import FIELDS, LEVELS, compare, item_id, measures


def wave(partners: int, seed: int) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    start = pd.Timestamp("2026-10-14", tz="UTC")
    for s in range(1, partners + 1):
        for t in range(1, partners + 1):
            if s == t:
                continue
            for repeat in range(2 if s % 2 else 1):
                for name in FIELDS:
                    value = rng.choice(LEVELS) if name == "level" else rng.randint(1, 4)
                    rows.append((item_id(s, t, name), value, len(rows), repeat))
    frame = pd.DataFrame(rows, columns=["item", "value", "n", "repeat"])
    frame["created_at"] = start + pd.to_timedelta(frame["n"], unit="s")
    frame["value"] = frame["value"].astype(object)
    return frame


def timed(function, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        function()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=60)
    args = parser.parse_args()
    ids = list(range(1, args.partners + 1))
    first, second = wave(args.partners, 1), wave(args.partners, 2)
    print(f"{args.partners} partners, {len(first)} answers per wave")
    print(f"measures of one wave: {timed(lambda: measures(first, ids)) * 1000:.0f} ms")
    a, b = measures(first, ids), measures(second, ids)
    print(f"comparison of two waves: {timed(lambda: compare(a, b)) * 1000:.0f} ms")

    from cikit.report.sections.s05_communication import network_svg

    names = {p: f"Partenaire numéro {p}" for p in ids}
    sectors = {p: "community" for p in ids}
    print(f"SVG map: {timed(lambda: network_svg(a, names, sectors, 'x')) * 1000:.0f} ms")

    from cikit.apps import CommunicationApp, Role
    from cikit.demo import write_demo
    from cikit.i18n import Translator
    from cikit.report import section_for

    with tempfile.TemporaryDirectory() as folder:
        ws = write_demo(Path(folder) / "demo.cikit")
        try:
            build = timed(lambda: CommunicationApp(ws, lang="fr", role=Role.FACILITATOR))
            print(f"demo: facilitator app (network and comparison): {build * 1000:.0f} ms")
            report = timed(lambda: section_for("05_communication", ws, Translator("fr")))
            print(f"demo: report section with its SVG map: {report * 1000:.0f} ms")
        finally:
            ws.close()


if __name__ == "__main__":
    main()
