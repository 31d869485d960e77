"""What the four result steps share (the map, gaps and overlaps, who carries what, the
alignment): the references, the activities in scope, the scope choice, and when to redraw.

A result step redraws when an activity, the places or a snapshot changes — a
participant's declaration shows on the facilitator's map within a poll.  The
choice between the activities running this month and everything declared is the
page's (:attr:`ActivitiesApp.scope`), so it stays as the person moves between steps.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

import ipywidgets as ipw

from cikit.apps.framework import Step

if TYPE_CHECKING:
    import pandas as pd

    from cikit.analysis.activites.references import References

NOW, ALL = "now", "all"


class ViewStep(Step):
    """A step that draws results computed from the activities (pandas, here)."""

    def refs(self) -> References:
        from cikit.results.activites import references

        return references(self.workspace, self.lang)

    @property
    def scope(self) -> str:
        return getattr(self.page, "scope", NOW)

    def current(self) -> pd.DataFrame:
        """The activities the views use: running this month (as the report counts them), or
        all declared."""
        if self.scope == NOW:
            from cikit.results.activites import running

            return running(self.workspace)
        return self.workspace.activities()

    def signature(self) -> Hashable:
        places = self.workspace.decision(self.workbook_id, "places")
        snapshot = self.workspace.decision(self.workbook_id, "snapshot")
        return (
            self.workspace.activities_signature(),
            (places or {}).get("version"),
            (snapshot or {}).get("version"),
        )

    def scope_choice(self) -> ipw.ToggleButtons:
        tr = self.tr
        scope = ipw.ToggleButtons(
            options=[(tr("Running this month"), NOW), (tr("Everything declared"), ALL)],
            value=self.scope, style={"button_width": "auto"},
        )  # fmt: skip
        scope.add_class("cikit-scope")
        scope.observe(self.page.guarded(self._set_scope), names="value")
        return scope

    def filters(self) -> ipw.Widget:
        """The scope choice (the map adds its own choices beside it)."""
        box = self.scope_choice()
        box.add_class("cikit-filters")
        return box

    def _set_scope(self, change) -> None:
        if change["new"] in (NOW, ALL):
            self.page.scope = change["new"]
        self.redraw()

    def chosen(self, name: str):
        """An observer that keeps a choice of this step (``_by``, ``_territory``…) and redraws."""

        def handler(change) -> None:
            setattr(self, name, change["new"])
            self.redraw()

        return handler

    def chosen_quietly(self, name: str):
        """An observer that keeps what the person types (a draft) without redrawing."""

        def handler(change) -> None:
            if isinstance(change["new"], str):
                setattr(self, name, change["new"])

        return handler
