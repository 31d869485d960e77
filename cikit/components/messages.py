"""One place per screen where a person reads what just happened, in their language."""

from __future__ import annotations

import html

import ipywidgets as ipw
import traitlets as tl

LEVELS = ("info", "success", "error")


class MessageArea(ipw.HTML):
    """Shows one message at a time; text is always escaped, never read as HTML."""

    level = tl.Unicode("info", help="info, success or error: sets colour and ARIA role.")
    text = tl.Unicode("", help="The message as plain text; empty hides the area.")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.add_class("cikit-message")
        self.observe(self._render, names=["text", "level"])
        self._render()

    @tl.validate("level")
    def _check_level(self, proposal):
        if proposal.value not in LEVELS:
            raise tl.TraitError(f"level must be one of {LEVELS}, got {proposal.value!r}")
        return proposal.value

    def show(self, text: str, level: str = "info") -> None:
        with self.hold_trait_notifications():
            self.level = level
            self.text = text

    def clear(self) -> None:
        self.text = ""

    def _render(self, _change=None) -> None:
        if not self.text:
            self.value = ""
            return
        role = "alert" if self.level == "error" else "status"
        self.value = (
            f'<div class="cikit-msg cikit-msg-{self.level}" role="{role}">'
            f"{html.escape(self.text)}</div>"
        )
