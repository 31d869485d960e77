"""« Structure de soutien / Backbone support »: the six functions, the resources, the
phases, the context.  One module per step (:mod:`.functions`, :mod:`.resources`,
:mod:`.phases`, :mod:`.context`, :mod:`.where`); what they draw is imported when shown."""

from cikit.apps.structure_soutien.app import BackboneApp

__all__ = ["BackboneApp"]
