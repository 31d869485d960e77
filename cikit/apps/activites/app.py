"""The Activities workbook: a declarations round, then four views of what was declared."""

from __future__ import annotations

from cikit.apps.activites.declare import DeclarationRound
from cikit.apps.activites.gaps import GapsStep
from cikit.apps.activites.map import MapStep
from cikit.apps.activites.summary import SummaryStep
from cikit.apps.activites.together import TogetherStep
from cikit.apps.activites.view_step import NOW
from cikit.apps.framework import WorkbookPage


class ActivitiesApp(WorkbookPage):
    """« Activités qui se renforcent / Mutually reinforcing activities »."""

    workbook_id = "04_activites"
    steps = (DeclarationRound, MapStep, GapsStep, TogetherStep, SummaryStep)
    scope: str = NOW
    """Which activities the views show, kept as the person moves between them (a page's
    choice: ``now``, running this month, or ``all``)."""

    def resting_stage(self) -> str:
        """With no round live: the map, or step 1 for a facilitator with nothing declared yet."""
        if self.is_facilitator and self.workspace.activities().empty:
            return DeclarationRound.id
        return MapStep.id
