"""The translation layer: gettext catalogs read through Babel.

Language is chosen per request (``?lang=``), then from the workspace default,
then French.  Nothing here is built at import time: each app holds its own
:class:`Translator`, because one kernel may serve one person in French and the
next in English.
"""

from __future__ import annotations

from cikit.i18n.translator import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    Translator,
    choose_language,
    get_translator,
    language_from_environment,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Translator",
    "choose_language",
    "get_translator",
    "language_from_environment",
]
