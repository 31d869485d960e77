"""Step 4, who carries what (the facilitator's): each partner's share of each strategy,
and the populations for which partners describe different intake or referral practices."""

from __future__ import annotations

import ipywidgets as ipw

from cikit.apps.activites.view_step import ViewStep
from cikit.apps.framework import Role
from cikit.errors import N_


class TogetherStep(ViewStep):
    """« Qui porte quoi / Who carries what »."""

    id = "together"
    label = N_("4. Who carries what")
    roles = frozenset({Role.FACILITATOR})

    def build(self) -> list[ipw.Widget]:
        from cikit.analysis.activites.summary import harmonisation, specialisation
        from cikit.apps.activites import views

        tr = self.tr
        refs = self.refs()
        frame = self.current()
        return [
            self.filters(),
            self.heading(tr("Each partner's contribution")),
            ipw.HTML(views.specialisation_html(tr, specialisation(frame, refs), refs)),
            ipw.HTML(views.codes_legend(tr, refs)),
            self.heading(tr("Harmonisation opportunities")),
            ipw.HTML(views.harmonisation_html(tr, harmonisation(frame, refs))),
            views.rules(tr, "together"),
        ]
