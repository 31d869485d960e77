"""Step 5: where to go next — the other workbooks, each with its one-line summary."""

from __future__ import annotations

import html

import ipywidgets as ipw

from cikit.apps.accueil.guided import GuidedStep
from cikit.errors import N_


class WorkbooksStep(GuidedStep):
    """Links to the other workbooks, keeping the language and the role (never the key)."""

    id = "workbooks"
    label = N_("Workbooks")

    def content(self) -> list[ipw.Widget]:
        lead = self.tr("Continue with the other workbooks:")
        links = self.page.workbook_links(self.tr)
        return [ipw.HTML(f'<p class="cikit-lead">{html.escape(lead)}</p>{links}')]
