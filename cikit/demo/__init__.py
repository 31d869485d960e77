"""The demo initiative: a fictional Québec early-childhood collective impact table.

Every screen should have something to show on first run, so the demo tells a
plausible story: a dozen partners from most sectors (the private sector is not
yet at the table), about twenty people, answers in every workbook.

The story's words and numbers live in ``cikit/demo/data/<workbook stem>.json``;
one module per workbook (same stems as the apps, the analysis, the results and
the report sections) writes its part in the workbooks' order.  Texts, votes and
random seeds are fixed, so tests can rely on the story.
"""

from __future__ import annotations

from pathlib import Path

from cikit.store import Workspace, create_workspace


def write_demo(path: str | Path, *, force: bool = False) -> Workspace:
    """Create the demo workspace at ``path`` (refused if it exists, unless ``force``)."""
    from cikit.demo import (
        accueil,
        activites,
        communication,
        mesure_commune,
        plan_commun,
        preconditions,
        structure_soutien,
    )

    profile = accueil.profile()
    ws = create_workspace(path, name=profile["name"], lang=profile["lang"], force=force)
    try:
        roster = accueil.write(ws)
        preconditions.write(ws, roster)
        plan_commun.write(ws, roster)
        mesure_commune.write(ws, roster)
        activites.write(ws, roster)
        structure_soutien.write(ws, roster)
        communication.write(ws, roster)
    except BaseException:
        ws.close()
        raise
    return ws


__all__ = ["write_demo"]
