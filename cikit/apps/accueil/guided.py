"""A step of the Start workbook's guided walk: numbered in the strip, Previous and Next below.

The Start workbook is read in order the first time (who we are, who is at the
table, who is missing), so its steps keep the numbers and the two buttons of a
walk-through; the page's strip still lets anyone jump to any step.
"""

from __future__ import annotations

import html

import ipywidgets as ipw

from cikit.apps.framework import Step
from cikit.i18n import Translator


class GuidedStep(Step):
    """A numbered step; subclasses draw their content in :meth:`content`."""

    def number(self) -> int:
        """The step's place in the strip, from 1."""
        ids = [cls.id for cls in self.page.visible_steps()]
        return ids.index(self.id) + 1 if self.id in ids else 0

    def title(self, tr: Translator) -> str:
        return f"{self.number()}. {super().title(tr)}"

    def content(self) -> list[ipw.Widget]:
        raise TypeError(f"{type(self).__name__} must define content()")

    def build(self) -> list[ipw.Widget]:
        page = ipw.Box(self.content())
        page.add_class("cikit-step-page")
        return [page, self._footer()]

    def _footer(self) -> ipw.HBox:
        tr = self.tr
        ids = [cls.id for cls in self.page.visible_steps()]
        here = ids.index(self.id)
        previous = ipw.Button(description=tr("Previous"), icon="")
        following = ipw.Button(description=tr("Next"), button_style="primary")
        previous.disabled = here == 0
        following.disabled = here == len(ids) - 1
        for button, target in ((previous, here - 1), (following, here + 1)):
            button.add_class("cikit-nav-button")
            if 0 <= target < len(ids):
                button.on_click(self.page.guarded(lambda _b, step=ids[target]: self._go(step)))
        footer = ipw.HBox([previous, following])
        footer.add_class("cikit-nav-footer")
        return footer

    def _go(self, step_id: str) -> None:
        """What a click on the step in the strip does (the strip moves, the step is drawn)."""
        picker = self.page.stage_picker
        if picker is not None:
            picker.value = step_id
        else:
            self.page.go_to(step_id)

    @staticmethod
    def section(title: str, *widgets: ipw.Widget) -> ipw.VBox:
        """The step's heading and its widgets, in the box every Start step is drawn in."""
        box = ipw.VBox([ipw.HTML(f"<h2>{html.escape(title)}</h2>"), *widgets])
        box.add_class("cikit-step")
        return box
