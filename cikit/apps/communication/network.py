"""Step 2, the network: the map, the measures and the scores of any wave, and what
changed between two waves.

The facilitator sees every wave; participants see the waves whose results were
revealed.  The measures are computed here (pandas, networkx) and drawn by
:mod:`.network_view`, both imported when the step is drawn.
"""

from __future__ import annotations

import html
from collections.abc import Hashable

import ipywidgets as ipw

from cikit.apps.communication.waves import wave_label, waves
from cikit.apps.framework import Step
from cikit.errors import N_


class NetworkStep(Step):
    """Who works with whom, how much the partners trust each other, and how it changed."""

    id = "network"
    label = N_("2. The network")
    participant_label = N_("The network")

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self._shown_wave: int | None = None
        self._compare_wave: int | None = None
        self._compare_chosen = False
        self.last_measures = None
        self.last_comparison = None

    def waves(self) -> list[dict]:
        """Every wave the person may see, oldest first."""
        return waves(self.workspace, revealed_only=not self.is_facilitator)

    def wave_measures(self, wave: dict):
        """The measures of one wave (a :class:`NetworkError` says why there are none)."""
        from cikit.results.communication import wave_measures, wave_of

        return wave_measures(self.workspace, wave_of(wave))

    def signature(self) -> Hashable:
        listed = tuple((w["id"], w["revealed"]) for w in self.waves())
        shown = self._shown_wave
        return (listed, self.workspace.round_signature(shown) if shown else None)

    # -- drawing ---------------------------------------------------------------------------------

    def build(self) -> list[ipw.Widget]:
        from cikit.analysis.network import NetworkError
        from cikit.apps.communication.network_view import network_view

        tr = self.tr
        listed = self.waves()
        if not listed:
            text = (
                tr("No survey wave yet: open the first one at step 1.")
                if self.is_facilitator
                else tr(
                    "The network will appear here once the facilitator shares a survey's results."
                )
            )
            return [self.note(text)]
        ids = [w["id"] for w in listed]
        if self._shown_wave not in ids:
            self._shown_wave = ids[-1]
        if not self._compare_chosen or (
            self._compare_wave is not None and self._compare_wave not in ids
        ):
            index = ids.index(self._shown_wave)
            self._compare_wave = ids[index - 1] if index > 0 else None
        options = [(wave_label(w), w["id"]) for w in listed]
        self.wave_choice = ipw.Dropdown(options=options, value=self._shown_wave,
                                        layout=ipw.Layout(width="100%", max_width="420px"))  # fmt: skip
        self.wave_choice.add_class("cikit-wave-choice")
        self.compare_choice = ipw.Dropdown(
            options=[(tr("(no comparison)"), None)]
            + [o for o in options if o[1] != self._shown_wave],
            value=self._compare_wave if self._compare_wave != self._shown_wave else None,
            layout=ipw.Layout(width="100%", max_width="420px"),
        )
        self.compare_choice.add_class("cikit-compare-choice")
        self.wave_choice.observe(self.page.guarded(self._on_wave), names="value")
        self.compare_choice.observe(self.page.guarded(self._on_compare), names="value")
        shown = next(w for w in listed if w["id"] == self._shown_wave)
        pickers = ipw.HBox(
            [
                ipw.VBox([self._label(tr("Survey wave")), self.wave_choice]),
                ipw.VBox([self._label(tr("Compare with")), self.compare_choice]),
            ]
        )
        pickers.add_class("cikit-comm-pickers")
        widgets: list[ipw.Widget] = [pickers]
        try:
            found = self.wave_measures(shown)
        except NetworkError as err:
            self.last_measures = None
            return [*widgets, self.note(err.render(tr))]
        self.last_measures = found
        widgets += network_view(self, found)
        self.last_comparison = None
        if self.compare_choice.value is not None:
            other = next(w for w in listed if w["id"] == self.compare_choice.value)
            widgets += self._comparison(other, shown, found)
        return widgets

    def _comparison(self, before_wave: dict, after_wave: dict, after) -> list[ipw.Widget]:
        """Always told from the earlier wave to the later one."""
        from cikit.analysis.network import NetworkError, compare
        from cikit.apps.communication.network_view import comparison_view

        try:
            if before_wave["id"] > after_wave["id"]:
                before_wave, after_wave = after_wave, before_wave
                before, after = after, self.wave_measures(after_wave)
            else:
                before = self.wave_measures(before_wave)
        except NetworkError as err:
            return [self.note(err.render(self.tr))]
        self.last_comparison = compare(before, after)
        return comparison_view(self, before_wave, after_wave, self.last_comparison)

    def _on_wave(self, change) -> None:
        if change["new"] in [w["id"] for w in self.waves()]:
            self._shown_wave = change["new"]
            self._compare_chosen = False
            self.redraw()

    def _on_compare(self, change) -> None:
        ids = [w["id"] for w in self.waves()]
        if change["new"] is None or change["new"] in ids:
            self._compare_wave = change["new"]
            self._compare_chosen = True
            self.redraw()

    @staticmethod
    def _label(text: str) -> ipw.HTML:
        return ipw.HTML(f'<label class="cikit-label">{html.escape(text)}</label>')
