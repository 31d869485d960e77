"""« Bilan et rapport / Overview and report »: one screen for a steering committee.

One step (:mod:`.overview`): where the initiative stands, read from every workbook
(:mod:`.summary`), and — on the facilitator's page only — the report, data and
backup panel (:mod:`.exports`).
"""

from cikit.apps.bilan.app import OverviewApp

__all__ = ["OverviewApp"]
