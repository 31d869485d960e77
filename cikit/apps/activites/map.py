"""Step 2, the map: partners × strategies (or territories), counted in activities or in
staff time, for one population or territory if chosen; a bqplot heat map and its table."""

from __future__ import annotations

import ipywidgets as ipw

from cikit.apps.activites.view_step import ViewStep
from cikit.errors import N_


class MapStep(ViewStep):
    """« La carte / The map »."""

    id = "map"
    label = N_("2. The map")
    participant_label = N_("The map")

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self._by = "strategy"
        self._value = "count"
        self._population = ""
        self._territory = ""

    def build(self) -> list[ipw.Widget]:
        from cikit.analysis.activites.mapping import matrix, select
        from cikit.apps.activites import views

        tr = self.tr
        refs = self.refs()
        frame = select(self.current(), population=self._population or None,
                       territory=self._territory or None)  # fmt: skip
        table = matrix(frame, refs, by=self._by, value=self._value)
        return [
            self.filters(refs),
            *views.map_view(tr, table, refs, by=self._by, value=self._value),
            views.rules(tr, "map"),
        ]

    def filters(self, refs=None) -> ipw.Widget:
        tr, guarded = self.tr, self.page.guarded
        refs = refs or self.refs()
        by = ipw.ToggleButtons(
            options=[(tr("By strategy"), "strategy"), (tr("By territory"), "territory")],
            value=self._by, style={"button_width": "auto"},
        )  # fmt: skip
        by.add_class("cikit-map-by")
        by.observe(guarded(self.chosen("_by")), names="value")
        value = ipw.ToggleButtons(
            options=[(tr("Number of activities"), "count"), (tr("Staff time"), "staff")],
            value=self._value, style={"button_width": "auto"},
        )  # fmt: skip
        value.add_class("cikit-map-value")
        value.observe(guarded(self.chosen("_value")), names="value")
        population = ipw.Dropdown(
            options=[(tr("All populations"), "")] + [(p, p) for p in refs.populations],
            value=self._population if self._population in refs.populations else "",
        )
        population.add_class("cikit-map-population")
        population.observe(guarded(self.chosen("_population")), names="value")
        territory = ipw.Dropdown(
            options=[(tr("All territories"), "")] + [(t, t) for t in refs.territories],
            value=self._territory if self._territory in refs.territories else "",
        )
        territory.add_class("cikit-map-territory")
        territory.observe(guarded(self.chosen("_territory")), names="value")
        box = ipw.VBox(
            [ipw.HBox([by, value]), ipw.HBox([population, territory, self.scope_choice()])]
        )
        box.add_class("cikit-filters")
        return box
