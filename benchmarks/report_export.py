"""Reports: how long ``cikit export --to html`` and ``--to pdf`` take on the demo, and peak memory.

Printed, never asserted.  Each run starts ``cikit export`` as a person would (a new
process), so the time includes starting the report's kernel, executing the report
notebook, rendering it with the cikit template and, for PDF, printing it with
Chromium.  Memory is sampled every 50 ms with psutil over the whole process tree
(the command, the report's kernel, Chromium and its helpers): the peak of the
summed RSS, and the largest single process.

Usage::

    python benchmarks/report_export.py [--runs 3] [--lang fr]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from cikit.demo import write_demo


def _run(command: list[str]) -> tuple[float, float, float]:
    """(seconds, peak summed RSS in MiB, peak single-process RSS in MiB)."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = psutil.Process(process.pid)
    peak_total = peak_one = 0.0
    while process.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        sizes = []
        for proc in tree:
            try:
                sizes.append(proc.memory_info().rss)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        if sizes:
            peak_total = max(peak_total, sum(sizes))
            peak_one = max(peak_one, max(sizes))
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    if process.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()}")
    return elapsed, peak_total / 2**20, peak_one / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lang", choices=["fr", "en"], default="fr")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo.cikit"
        write_demo(demo).close()
        for kind in ("html", "pdf"):
            out = Path(tmp) / f"report.{kind}"
            results = [
                _run(
                    [
                        sys.executable,
                        "-m",
                        "cikit.cli",
                        "export",
                        str(demo),
                        "--to",
                        kind,
                        "--lang",
                        args.lang,
                        "--output",
                        str(out),
                    ]
                )  # fmt: skip
                for _ in range(args.runs)
            ]
            times = [r[0] for r in results]
            print(
                f"--to {kind:4}  median {statistics.median(times):5.1f} s "
                f"(min {min(times):.1f}, max {max(times):.1f}, {args.runs} runs)  "
                f"peak RSS of the process tree {max(r[1] for r in results):6.0f} MiB, "
                f"largest process {max(r[2] for r in results):5.0f} MiB, "
                f"file {out.stat().st_size / 1024:.0f} KiB"
            )


if __name__ == "__main__":
    main()
