"""The overview step: where the initiative stands, then (facilitator) the exports, then links.

Where the initiative stands on the preconditions and the five conditions (each
workbook's report section: status, headline, next step), the phase grid, the
headline indicators, open disagreements, the latest decisions and lessons, what
to do next.  The facilitator also exports the report (HTML, PDF, Excel) and
downloads or restores a backup, so a trainer on an ephemeral Binder session
leaves with everything and comes back with it: that panel
(:class:`~cikit.apps.bilan.exports.ExportPanel`) is built on the facilitator's
page only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as ipw

from cikit.apps.framework import Step
from cikit.errors import N_

if TYPE_CHECKING:
    from cikit.apps.bilan.exports import ExportPanel


class OverviewStep(Step):
    """Read-only results for everyone; exports and backups for the facilitator."""

    id = "overview"
    label = N_("Where the initiative stands")

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self.exports: ExportPanel | None = None

    def build(self) -> list[ipw.Widget]:
        from cikit.apps.bilan.summary import overview_html, workbooks_html

        parts: list[ipw.Widget] = [ipw.HTML(overview_html(self))]
        if self.is_facilitator:
            from cikit.apps.bilan.exports import ExportPanel

            if self.exports is None:
                self.exports = ExportPanel(self)
            parts.extend(self.exports.build())
        parts.append(ipw.HTML(workbooks_html(self)))
        return parts
