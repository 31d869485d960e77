"""The Shared measurement workbook: six steps, one of them the live rating."""

from __future__ import annotations

from cikit.apps.framework import WorkbookPage
from cikit.apps.mesure_commune.candidates import CandidatesStep
from cikit.apps.mesure_commune.curves import CurvesStep
from cikit.apps.mesure_commune.data import DataStep
from cikit.apps.mesure_commune.definitions import DefinitionsStep
from cikit.apps.mesure_commune.lists import ListsStep
from cikit.apps.mesure_commune.rating import RatingRound


class MeasurementApp(WorkbookPage):
    """« Mesure commune / Shared measurement »."""

    workbook_id = "03_mesure_commune"
    steps = (CandidatesStep, RatingRound, ListsStep, DefinitionsStep, DataStep, CurvesStep)

    shown_indicator: str | None = None
    """The indicator on screen, the same in the definitions, the data and the curves."""

    def resting_stage(self) -> str:
        """With a headline list, the dashboard; before it, the candidates."""
        from cikit.results import mesure_commune

        return "curves" if mesure_commune.lists(self.workspace, self.lang)["headline"] else "choose"
