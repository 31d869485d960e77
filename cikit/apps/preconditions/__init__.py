"""« Conditions préalables / Preconditions »: is collective impact the right approach, and
is the group ready?  One live round (:mod:`.readiness`); its results (:mod:`.results`)
are drawn only when shown."""

from cikit.apps.preconditions.app import PreconditionsApp

__all__ = ["PreconditionsApp"]
