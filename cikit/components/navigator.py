"""Walk a group through a workbook one step at a time, and let them jump back."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ipywidgets as ipw
import traitlets as tl

from cikit.i18n import Translator


class StepNavigator(ipw.VBox):
    """A strip of numbered steps, the current step's content, and previous / next buttons."""

    index = tl.Int(0, help="The step on screen, from 0.")

    def __init__(
        self,
        steps: Sequence[tuple[str, ipw.Widget | Callable[[], ipw.Widget]]],
        *,
        tr: Translator,
        **kwargs,
    ) -> None:
        if not steps:
            raise ValueError("a StepNavigator needs at least one step")
        self._titles = [title for title, _ in steps]
        # A step may be given as a function: it is built the first time it is shown, so a
        # workbook with many steps opens as fast as its first one.
        self._pages: list[ipw.Widget | Callable[[], ipw.Widget]] = [page for _, page in steps]
        self.strip = ipw.ToggleButtons(
            options=[(f"{i + 1}. {t}", i) for i, t in enumerate(self._titles)],
            value=0,
            style={"button_width": "auto"},
        )
        self.strip.add_class("cikit-steps")
        self.previous = ipw.Button(description=tr("Previous"), icon="")
        self.next = ipw.Button(description=tr("Next"), button_style="primary")
        self.previous.add_class("cikit-nav-button")
        self.next.add_class("cikit-nav-button")
        self.page = ipw.Box()
        self.page.add_class("cikit-step-page")
        footer = ipw.HBox([self.previous, self.next])
        footer.add_class("cikit-nav-footer")
        super().__init__([self.strip, self.page, footer], **kwargs)
        self.add_class("cikit-navigator")
        self.previous.on_click(lambda _: self._go(-1))
        self.next.on_click(lambda _: self._go(+1))
        self.strip.observe(self._on_strip, names="value")
        self.observe(self._show, names="index")
        self._show()

    def step_widget(self, index: int) -> ipw.Widget:
        """The widget of step ``index``, built now if it was given as a function."""
        page = self._pages[index]
        if not isinstance(page, ipw.Widget):
            page = page()
            self._pages[index] = page
        return page

    @property
    def titles(self) -> list[str]:
        return list(self._titles)

    @tl.validate("index")
    def _check_index(self, proposal):
        if not 0 <= proposal.value < len(self._pages):
            raise tl.TraitError(
                f"index must be between 0 and {len(self._pages) - 1}, got {proposal.value!r}"
            )
        return proposal.value

    def _go(self, delta: int) -> None:
        target = self.index + delta
        if 0 <= target < len(self._pages):
            self.index = target

    def _on_strip(self, change) -> None:
        if change["new"] is not None and change["new"] != self.index:
            self.index = change["new"]

    def _show(self, _change=None) -> None:
        if self.strip.value != self.index:
            self.strip.value = self.index
        self.page.children = (self.step_widget(self.index),)
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == len(self._pages) - 1
