"""« Plan d'action commun / Common agenda »: each partner's view, proposals and votes, the
disagreements, and the agenda the group adopts.  Two live rounds (:mod:`.views`,
:mod:`.votes`) and two steps of records (:mod:`.disagreements`, :mod:`.agenda`); what
they draw beyond the questions (results, forms, versions) is imported when shown."""

from cikit.apps.plan_commun.app import CommonAgendaApp

__all__ = ["CommonAgendaApp"]
