"""« Mesure commune / Shared measurement »: choose a short list of indicators, then track them.

Part 1 follows Results-Based Accountability: the facilitator puts candidates from
the library (and the group's own) to a live round (:mod:`.candidates`,
:mod:`.rating`) where people rate each on communication, proxy and data power; the
ranking (:mod:`.ranking`) helps sort them into the headline list, secondary
indicators and the data development agenda (:mod:`.lists`); each chosen indicator
gets its definition (:mod:`.definitions`).  Part 2 is the data: values entered or
imported (:mod:`.data`, :mod:`.import_panel`), the curve with its forecast, the
dashboard and the story behind each curve (:mod:`.curves`).  Lists, definitions and
stories are versioned decisions; values live in the measurements table.

A participant's page loads the rating and the dashboard only (the rating without
pandas or charts).
"""

from cikit.apps.mesure_commune.app import MeasurementApp

__all__ = ["MeasurementApp"]
