"""How many answers one kernel can write to a round in a few seconds, with and without the pace.

A participant's script can call the answer path in a loop.  Printed (never
asserted): answers attempted, stored and refused per second for a loop of
``--seconds`` against a fresh SQLite workspace, (a) with no throttle (what a
workspace opened by a script or the CLI does), (b) with the page's throttle
(``Workspace.throttle_answers``: 12 at once, then 3 a second), (c) the same value
sent again and again (stored once).  Optionally on PostgreSQL (``--url``).

    python benchmarks/answer_flood.py [--seconds 3] [--url postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from cikit import create_workspace
from cikit.errors import ValidationError


def flood(ws, round_id: int, person: int, seconds: float, *, same: bool) -> tuple[int, int, int]:
    attempted = refused = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = 3 if same else (attempted // 24) % 4 + 1  # each item gets a new value
        try:
            ws.answer(round_id, respondent=f"p:{person}", item=f"q{attempted % 24}", value=value)
        except ValidationError:
            refused += 1
        attempted += 1
    stored = len(ws.round_responses(round_id))
    return attempted, stored, refused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--url", default="", help="a PostgreSQL database to use instead of SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        location = args.url or str(Path(tmp) / "flood.cikit")
        ws = create_workspace(location, name="Flood", force=True)
        person = ws.add_participant("Script", None, "partner")
        for label, throttled, same in (
            ("no throttle", False, False),
            ("page throttle", True, False),
            ("same answer", False, True),
        ):
            ws.answer_throttle = None
            if throttled:
                ws.throttle_answers()
            round_id = ws.open_round(workbook="01_preconditions", key=f"flood{label[:4]}")
            attempted, stored, refused = flood(ws, round_id, person, args.seconds, same=same)
            print(
                f"{label:14s} {attempted / args.seconds:8.0f} attempts/s "
                f"{stored / args.seconds:8.1f} stored/s  ({stored} stored, {refused} refused)"
            )
        ws.close()


if __name__ == "__main__":
    main()
