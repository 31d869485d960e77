"""The Start workbook: five steps walked in order, none of them a live round."""

from __future__ import annotations

from cikit.apps.accueil.coverage import CoverageStep
from cikit.apps.accueil.initiative import InitiativeStep
from cikit.apps.accueil.partners import PartnersStep
from cikit.apps.accueil.people import PeopleStep
from cikit.apps.accueil.workbooks import WorkbooksStep
from cikit.apps.framework import WorkbookPage


class StartApp(WorkbookPage):
    """« Accueil / Start »."""

    workbook_id = "00_accueil"
    steps = (InitiativeStep, PartnersStep, PeopleStep, CoverageStep, WorkbooksStep)
