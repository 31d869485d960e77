"""The Backbone support workbook: the six functions, the resources, the phases, the context.

Step 1 is a live round (:mod:`.functions`): partners and the backbone staff rate the
same statements and the gap between their scores is the point.  Steps 2-4 belong to
the facilitator (:mod:`.resources`, :mod:`.phases`, :mod:`.context`), each a
versioned decision; participants see them in a read-only "Where we are" view
(:mod:`.where`).
"""

from __future__ import annotations

from cikit.apps.framework import WorkbookPage
from cikit.apps.structure_soutien.context import ContextStep
from cikit.apps.structure_soutien.functions import FunctionsRound
from cikit.apps.structure_soutien.phases import PhasesStep
from cikit.apps.structure_soutien.resources import ResourcesStep
from cikit.apps.structure_soutien.where import WhereStep


class BackboneApp(WorkbookPage):
    """« Structure de soutien / Backbone support »."""

    workbook_id = "06_structure_soutien"
    steps = (FunctionsRound, ResourcesStep, PhasesStep, ContextStep, WhereStep)

    def resting_stage(self) -> str:
        """No round open: the facilitator on the six functions, participants on where we are."""
        return "functions" if self.is_facilitator else "where"
