"""« Communication continue / Continuous communication »: trust between partners, the plan,
the logs.  One module per step (:mod:`.survey`, :mod:`.network`, :mod:`.plan`,
:mod:`.logs`); what they draw is imported when it is shown."""

from cikit.apps.communication.app import CommunicationApp

__all__ = ["CommunicationApp"]
