"""The Preconditions workbook: one step, the readiness round."""

from __future__ import annotations

from cikit.apps.framework import WorkbookPage
from cikit.apps.preconditions.readiness import ReadinessRound


class PreconditionsApp(WorkbookPage):
    """« Conditions préalables / Preconditions »."""

    workbook_id = "01_preconditions"
    steps = (ReadinessRound,)
