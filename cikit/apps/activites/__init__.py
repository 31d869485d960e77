"""« Activités qui se renforcent / Mutually reinforcing activities ».

Partners declare what they do (in a live round, :mod:`.declare`, or the facilitator
enters or imports it, :mod:`.entry`, :mod:`.import_panel`); the workbook draws the map
partner × strategy or territory (:mod:`.map`) and computes what no paper map shows:
the gaps and overlaps (:mod:`.gaps`), who carries what (:mod:`.together`), and how the
alignment changed since the last snapshot (:mod:`.summary`).  The rules are in
:mod:`cikit.analysis.activites` and on screen.  Each step imports what it draws when it
draws it: a phone declaring an activity loads no chart.
"""

from cikit.apps.activites.app import ActivitiesApp

__all__ = ["ActivitiesApp"]
