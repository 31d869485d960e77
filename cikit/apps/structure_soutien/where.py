"""What participants see besides the self-assessment: "Where we are", read only.

The phase the initiative is in and the grid, the backbone's resources (with their
warnings) and the context, as the facilitator last saved them; redrawn when a new
version of any of them is adopted.
"""

from __future__ import annotations

import html
from collections.abc import Hashable

import ipywidgets as ipw

from cikit.apps.framework.roles import Role
from cikit.apps.structure_soutien.decisions import DecisionStep
from cikit.errors import N_


class WhereStep(DecisionStep):
    """Where the initiative and its backbone stand, for participants."""

    id = "where"
    label = N_("Where we are")
    roles = frozenset({Role.PARTICIPANT})

    def signature(self) -> Hashable:
        return self.decisions_signature()

    def build(self) -> list[ipw.Widget]:
        tr = self.tr
        resources = self.resources()
        ticks = self.ticks()
        self.where_view = ipw.HTML(
            self.where_html(tr, ticks)
            + self.grid_html(tr, ticks)
            + "<h3>"
            + html.escape(tr("The backbone's resources"))
            + "</h3>"
            + self.warnings_html(tr, resources)
            + self.resources_html(tr, resources)
            + "<h3>"
            + html.escape(tr("Context"))
            + "</h3>"
            + self.context_html(tr, self.settings())
        )
        self.where_view.add_class("cikit-bb-where-view")
        return [self.where_view]
