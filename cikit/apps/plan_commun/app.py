"""The Common agenda workbook: four steps, two of them live rounds."""

from __future__ import annotations

from cikit.apps.framework import WorkbookPage
from cikit.apps.plan_commun.agenda import AgendaStep
from cikit.apps.plan_commun.common import AGENDA, VIEWS
from cikit.apps.plan_commun.disagreements import DisagreementsStep
from cikit.apps.plan_commun.views import ViewsRound
from cikit.apps.plan_commun.votes import VotesRound


class CommonAgendaApp(WorkbookPage):
    """« Plan d'action commun / Common agenda »."""

    workbook_id = "02_plan_commun"
    steps = (ViewsRound, VotesRound, DisagreementsStep, AgendaStep)

    def resting_stage(self) -> str:
        """With no round open: the adopted agenda, else the partners' views."""
        return AGENDA if self.workspace.decision(self.workbook_id, AGENDA) else VIEWS
