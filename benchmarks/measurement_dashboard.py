"""Shared measurement: writing 100,000 imported values, and redrawing the dashboard over them.

Printed, never asserted.  On a fresh demo workspace (SQLite, in a temporary
folder), ``--rows`` monthly values for the four headline indicators (totals,
three territories, four partners, 1990 onwards) are written the way a confirmed
import writes them (:meth:`Workspace.add_measurements`, one transaction).  Then
the facilitator's "Curves and dashboard" step is drawn headless
(:class:`MeasurementApp`, the same code a Voila kernel runs), ``--runs`` times:

* **write**: time and rows per second of the one transaction;
* **redraw**: median time to draw the dashboard and the curve (reading the
  latest values, statuses, forecast, chart), and with the territory breakdown;
* **memory**: peak Python allocations (tracemalloc) during one write and one redraw.

Usage::

    python benchmarks/measurement_dashboard.py [--rows 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from cikit.apps import MeasurementApp, Role
from cikit.demo import write_demo

HEADLINE = ["eqdem_vulnerable", "childcare_access", "home_visits_reach", "kindergarten_transition"]
GROUPS = [("", ""), ("territory", "Vieux-Moulin"), ("territory", "Secteur des Saules"),
          ("territory", "Reste de la MRC")]  # fmt: skip


def rows(count: int, partners: list[int]) -> list[dict]:
    out = []
    n = 0
    month = 0
    while n < count:
        year, m = 1990 + month // 12, month % 12 + 1
        for indicator in HEADLINE:
            for dimension, group in GROUPS:
                for partner in partners:
                    if n >= count:
                        break
                    out.append({
                        "indicator": indicator, "period": f"{year:04d}-{m:02d}",
                        "x": year + (m - 1) / 12, "value": 20 + (n % 97) / 7,
                        "partner_id": partner, "dimension": dimension, "group": group,
                    })  # fmt: skip
                    n += 1
        month += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ws = write_demo(Path(folder) / "bench.cikit")
        partners = ws.partners()["id"].tolist()[:4]
        data = rows(args.rows, partners)
        start = time.perf_counter()
        ws.add_measurements(data, source="import")
        write = time.perf_counter() - start
        tracemalloc.start()
        ws.add_measurements(data[:20_000], source="import")
        _, write_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"write {args.rows:,} rows in one transaction: {write:.2f} s "
              f"({args.rows / write:,.0f} rows/s); peak {write_peak / 2**20:.0f} MiB "
              "for 20,000 rows")  # fmt: skip

        app = MeasurementApp(ws, lang="fr", role=Role.FACILITATOR, facilitator_key="k")
        app.stage_picker.value = "curves"
        total, broken_down = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            app.step._shown_dimension = ""
            app.render()
            total.append(time.perf_counter() - start)
            start = time.perf_counter()
            app.step.dimension_choice.value = "territory"
            broken_down.append(time.perf_counter() - start)
        tracemalloc.start()
        app.step._shown_dimension = ""
        app.render()
        _, redraw_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"redraw dashboard + curve over {len(ws.measurements(history=True)):,} stored "
              f"values: median {statistics.median(total):.2f} s "
              f"(min {min(total):.2f}, max {max(total):.2f}); with the territory breakdown "
              f"{statistics.median(broken_down):.2f} s; peak {redraw_peak / 2**20:.0f} MiB")  # fmt: skip
        ws.close()


if __name__ == "__main__":
    main()
