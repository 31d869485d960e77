"""The French / English switch shown at the top of every workbook."""

from __future__ import annotations

import ipywidgets as ipw
import traitlets as tl

from cikit.i18n import LANGUAGES

# Each language is named in itself, so a person finds theirs whatever is on screen.
ENDONYMS = {"fr": "Français", "en": "English"}


class LanguageSwitch(ipw.ToggleButtons):
    """Two buttons; ``value`` is the language code."""

    def __init__(self, lang: str = "fr", **kwargs) -> None:
        super().__init__(
            options=[(ENDONYMS[code], code) for code in LANGUAGES],
            value=lang if lang in LANGUAGES else LANGUAGES[0],
            style={"button_width": "auto"},
            **kwargs,
        )
        self.add_class("cikit-lang")

    @tl.validate("value")
    def _check_value(self, proposal):
        if proposal.value not in LANGUAGES:
            raise tl.TraitError(f"language must be one of {LANGUAGES}, got {proposal.value!r}")
        return proposal.value
