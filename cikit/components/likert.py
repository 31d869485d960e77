"""One statement rated on four levels, or "don't know"."""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as ipw
import traitlets as tl

DONT_KNOW = "dk"


class LikertItem(ipw.VBox):
    """A statement and a row of level buttons; ``value`` is a level, ``"dk"`` or None.

    ``dont_know=None`` leaves out the "don't know" button (e.g. a 1-5 agreement scale).
    """

    value = tl.Union(
        [tl.Int(), tl.Unicode()],
        default_value=None,
        allow_none=True,
        help="The chosen level (1-4), 'dk' for don't know, or None before answering.",
    )
    disabled = tl.Bool(False, help="True once the round is closed.")

    def __init__(
        self,
        statement: str,
        *,
        levels: Sequence[tuple[str, int]],
        dont_know: str | None,
        number: str = "",
        value: int | str | None = None,
        **kwargs,
    ) -> None:
        self._allowed = {v for _, v in levels} | ({DONT_KNOW} if dont_know else set())
        extra = [(dont_know, DONT_KNOW)] if dont_know else []
        self.buttons = ipw.ToggleButtons(
            options=[*levels, *extra],
            value=None,
            style={"button_width": "auto"},
        )
        self.buttons.add_class("cikit-likert-buttons")
        prefix = (
            f'<span class="cikit-likert-number">{html.escape(number)}</span> ' if number else ""
        )
        label = ipw.HTML(
            f'<div class="cikit-likert-statement">{prefix}{html.escape(statement)}</div>'
        )
        super().__init__([label, self.buttons], **kwargs)
        self.add_class("cikit-likert")
        self.value = value
        self.buttons.value = value
        self.buttons.observe(self._from_buttons, names="value")
        self.observe(self._to_buttons, names="value")
        tl.link((self, "disabled"), (self.buttons, "disabled"))

    @tl.validate("value")
    def _check_value(self, proposal):
        value = proposal.value
        if value is not None and (isinstance(value, bool) or value not in self._allowed):
            raise tl.TraitError(
                f"value must be one of {sorted(map(str, self._allowed))}, got {value!r}"
            )
        return value

    def _from_buttons(self, change) -> None:
        if change["new"] is not None and change["new"] != self.value:
            self.value = change["new"]

    def _to_buttons(self, change) -> None:
        if self.buttons.value != change["new"]:
            self.buttons.value = change["new"]
