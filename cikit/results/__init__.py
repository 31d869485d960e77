"""The workbooks' results as tidy DataFrames and small dataclasses, without widgets.

The store keeps answers and decisions; the analysis computes on DataFrames.
This layer, between them and the screens, reads a workspace and says what each
workbook has produced: the adopted agenda, the chosen indicators and their
dashboard, the activities' coverage, the network per survey wave, the
backbone's scores.  The apps, the report sections, the overview and analysts
(through :meth:`cikit.Workspace.frames`) all read here, so a result is computed
in one place.

One module per workbook, named by the workbook's stem like the apps, the
analysis, the report sections and the demo: :mod:`~cikit.results.accueil`,
:mod:`~cikit.results.preconditions`, :mod:`~cikit.results.plan_commun`,
:mod:`~cikit.results.mesure_commune`, :mod:`~cikit.results.activites`,
:mod:`~cikit.results.communication`, :mod:`~cikit.results.structure_soutien`.
Readers take a :class:`~cikit.Workspace` (and a language where they choose text)
and never write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a reader imported for a name (a phone's page) does not load pandas
    import pandas as pd

# The result frames Workspace.frames() adds to the tables, in the README's order.
FRAMES = (
    "readiness",
    "agenda",
    "strategies",
    "disagreements",
    "indicators",
    "dashboard",
    "coverage",
    "network_ties",
    "decisions_log",
    "lessons",
    "backbone_scores",
)


def frames(workspace, lang: str) -> dict[str, pd.DataFrame]:
    """Every result frame of ``workspace``, names and units in ``lang``."""
    from cikit.results import (
        activites,
        communication,
        mesure_commune,
        plan_commun,
        preconditions,
        structure_soutien,
    )

    found = {
        "readiness": preconditions.readiness_rounds(workspace),
        "agenda": plan_commun.agenda(workspace),
        "strategies": plan_commun.strategies(workspace),
        "disagreements": plan_commun.disagreements(workspace),
        "indicators": mesure_commune.indicators(workspace, lang),
        "dashboard": mesure_commune.dashboard(workspace, lang),
        "coverage": activites.coverage(workspace, lang),
        "network_ties": communication.network_ties(workspace),
        "decisions_log": communication.decisions_log(workspace),
        "lessons": communication.lessons(workspace),
        "backbone_scores": structure_soutien.backbone_scores(workspace),
    }
    return {name: found[name] for name in FRAMES}
