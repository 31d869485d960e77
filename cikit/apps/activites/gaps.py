"""Step 3, gaps and overlaps: what the agenda names that no activity reaches, and which
partners to put in touch because they do the same thing for the same people, at the
same place and time."""

from __future__ import annotations

import ipywidgets as ipw

from cikit.apps.activites.view_step import ViewStep
from cikit.errors import N_


class GapsStep(ViewStep):
    """« Manques et chevauchements / Gaps and overlaps »."""

    id = "gaps"
    label = N_("3. Gaps and overlaps")
    participant_label = N_("Gaps and overlaps")

    def build(self) -> list[ipw.Widget]:
        from cikit.analysis.activites.mapping import gaps, overlaps
        from cikit.apps.activites import views

        tr, lang = self.tr, self.lang
        refs = self.refs()
        frame = self.current()
        found = gaps(frame, refs)
        found_overlaps = overlaps(frame, refs)
        return [
            self.filters(),
            self.heading(tr("Gaps")),
            ipw.HTML(views.gaps_html(tr, found, refs, lang)),
            views.rules(tr, "gaps"),
            self.heading(
                tr("Overlaps: who to put in touch ({count})").format(count=len(found_overlaps))
            ),  # fmt: skip
            ipw.HTML(views.overlaps_html(tr, found_overlaps, refs, lang)),
            views.rules(tr, "overlaps"),
        ]
