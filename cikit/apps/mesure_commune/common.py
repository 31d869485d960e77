"""What the Shared measurement steps share: the indicator library, the lists, the picker.

Light on purpose (no pandas): the rating round a phone shows reads candidates' names
through :class:`Indicators`.  The indicator on screen is the page's
(:attr:`MeasurementApp.shown_indicator <cikit.apps.mesure_commune.app.MeasurementApp>`),
so the definitions, the data and the curves open on the same one.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as ipw

from cikit import content
from cikit.apps.framework import Role, Step
from cikit.components.messages import MessageArea
from cikit.i18n import format as fmt
from cikit.results import mesure_commune

CONTENT = "indicators"
LIST_NAMES = mesure_commune.LISTS
"""``headline``, ``secondary``, ``development``."""
NOTE_MAX = 2000
"""The longest text a field keeps (a note, a source, an indicator's description)."""


class Indicators:
    """The library and the group's own candidates, in the page's language (a mixin for
    steps: needs ``workspace`` and ``lang``)."""

    @property
    def doc(self) -> dict[str, Any]:
        return content.document(CONTENT)

    def own_candidates(self) -> dict[str, dict]:
        """The group's own candidates, by id."""
        return mesure_commune.own_candidates(self.workspace)

    def indicator(self, indicator_id: str, *, own: dict | None = None) -> dict[str, Any] | None:
        """A library or own indicator as one dict in the reader's language."""
        found = mesure_commune.indicator(self.workspace, indicator_id, self.lang, own=own)
        return None if found is None else found.as_dict()

    def name(self, indicator_id: str) -> str:
        found = self.indicator(indicator_id)
        return found["name"] if found else indicator_id

    def library_ids(self) -> list[str]:
        return [e["id"] for e in self.doc["entries"]]

    def lists(self) -> dict[str, list[str]]:
        return mesure_commune.lists(self.workspace, self.lang)

    def chosen(self) -> list[str]:
        """The headline and secondary indicators: the ones defined and tracked."""
        lists = self.lists()
        return [*lists["headline"], *lists["secondary"]]

    def definition(self, indicator_id: str) -> dict[str, Any]:
        return mesure_commune.definition(self.workspace, indicator_id)

    def dimension_label(self, dimension: str) -> str:
        for entry in self.doc.get("disaggregations", []):
            if entry["id"] == dimension:
                return entry[self.lang] if self.lang in entry else entry["fr"]
        return dimension

    def dimensions(self) -> list[str]:
        return [d["id"] for d in self.doc.get("disaggregations", [])]

    def format_value(self, value: Any) -> str:
        """A measured value as people type it back (``72,5`` in French)."""
        return fmt.decimal(value, self.lang, empty="")

    def number(self, value: Any) -> str:
        return fmt.number(value, self.lang)


class MeasureStep(Indicators, Step):
    """A step of the workbook that is not a live round: the facilitator's by default."""

    roles = frozenset({Role.FACILITATOR})

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self.status = MessageArea()

    @property
    def shown_indicator(self) -> str | None:
        return self.page.shown_indicator

    @shown_indicator.setter
    def shown_indicator(self, indicator_id: str | None) -> None:
        self.page.shown_indicator = indicator_id

    def indicator_picker(self, ids: list[str]) -> ipw.Dropdown:
        """The indicator the step shows, among ``ids``; picking another redraws the step."""
        if self.shown_indicator not in ids:
            self.shown_indicator = ids[0]
        headline = set(self.lists()["headline"])
        picker = ipw.Dropdown(
            options=[(("★ " if i in headline else "") + self.name(i), i) for i in ids],
            value=self.shown_indicator,
            layout=ipw.Layout(width="100%", max_width="620px"),
        )
        picker.add_class("cikit-indicator-picker")

        def pick(change) -> None:
            if change["new"] in ids:
                self.shown_indicator = change["new"]
                self.redraw()

        picker.observe(self.page.guarded(pick), names="value")
        return picker

    @staticmethod
    def lead(text: str) -> ipw.HTML:
        return ipw.HTML(f'<p class="cikit-lead">{html.escape(text)}</p>')

    @staticmethod
    def too_long(tr, length: int, limit: int) -> str:
        return tr("A field is too long ({length} characters; at most {limit}).").format(
            length=length, limit=limit
        )
