"""Step 4: who is at the table — partners by sector, and the sectors still missing.

The one step of the Start workbook that draws a chart (bqplot) and computes
(pandas, through :mod:`cikit.results.accueil`): both are imported when it is shown.
"""

from __future__ import annotations

import html

import ipywidgets as ipw

from cikit import content
from cikit.apps.accueil.guided import GuidedStep
from cikit.errors import N_


class CoverageStep(GuidedStep):
    """Partners by sector and who to invite next."""

    id = "coverage"
    label = N_("Who is at the table?")

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self.chart: ipw.Widget | None = None
        self.prompt: ipw.HTML | None = None

    def content(self) -> list[ipw.Widget]:
        from cikit.components.charts import sector_chart
        from cikit.results import accueil

        tr = self.tr
        sectors = content.sectors()
        coverage = accueil.coverage(self.workspace)
        labels = [
            f"{s.text('short', self.lang)} ({n})"
            for s, n in zip(sectors, coverage["partners"], strict=True)
        ]
        self.chart = sector_chart(
            labels,
            coverage["partners"].tolist(),
            title=tr("Partners by sector"),
            count_label=tr("Number of partners"),
        )
        self.prompt = ipw.HTML(self._prompt(accueil.missing(self.workspace, coverage)))
        title = tr("Who is at the table?")
        heading = ipw.HTML(f"<h2>{html.escape(title)}</h2>")
        box = ipw.VBox([heading, self.chart, self.prompt])
        box.add_class("cikit-coverage")
        return [box]

    def _prompt(self, missing: list[str]) -> str:
        tr = self.tr
        if not missing:
            advice = tr(
                "Every sector is at the table. Check that each partner can speak for its "
                "organisation and that residents have a real voice."
            )
            return f'<div class="cikit-prompt cikit-prompt-ok"><p>{html.escape(advice)}</p></div>'
        by_id = {s.id: s for s in content.sectors()}
        items = []
        for sector_id in missing:
            entry = by_id[sector_id]
            hint = entry.text("hint", self.lang)
            items.append(
                f"<li><strong>{html.escape(entry.label(self.lang))}</strong>"
                + (f" — {html.escape(hint)}" if hint else "")
                + "</li>"
            )
        intro = tr("Not yet at the table:")
        advice = tr(
            "Collective impact needs every sector that shapes the problem. "
            "Who could you invite, and who could make the first call?"
        )
        return (
            f'<div class="cikit-prompt"><p>{html.escape(intro)}</p>'
            f"<ul>{''.join(items)}</ul><p>{html.escape(advice)}</p></div>"
        )
