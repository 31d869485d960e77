"""The Overview workbook: one step, the overview (with the exports for the facilitator)."""

from __future__ import annotations

from cikit.apps.bilan.overview import OverviewStep
from cikit.apps.framework import WorkbookPage


class OverviewApp(WorkbookPage):
    """« Bilan et rapport / Overview and report »: read-only results for everyone, exports
    and backups for the facilitator."""

    workbook_id = "07_bilan"
    steps = (OverviewStep,)
