"""The Continuous communication workbook: four steps.

**1. The relationship survey** (:mod:`.survey`) is a live round — a wave — that can be
run again each year; **2. the network** (:mod:`.network`) shows any wave and what
changed between two; **3. the communication plan** (:mod:`.plan`) and **4. the
decision and learning logs** (:mod:`.logs`) are versioned records.
"""

from __future__ import annotations

from cikit.apps.communication.logs import LogsStep
from cikit.apps.communication.network import NetworkStep
from cikit.apps.communication.plan import PlanStep
from cikit.apps.communication.survey import SurveyRound
from cikit.apps.communication.waves import waves
from cikit.apps.framework import WorkbookPage


class CommunicationApp(WorkbookPage):
    """« Communication continue / Continuous communication »."""

    workbook_id = "05_communication"
    steps = (SurveyRound, NetworkStep, PlanStep, LogsStep)

    def resting_stage(self) -> str:
        """No wave open: the network of the latest wave the person may see, else the survey."""
        return (
            "network" if waves(self.workspace, revealed_only=not self.is_facilitator) else "survey"
        )
