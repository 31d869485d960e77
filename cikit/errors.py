"""Errors that carry a translatable message.

A person must read every error in their own language, yet the code that raises
it does not know who is reading.  So an error keeps its English message id and
its parameters, and the caller (app or command line) renders it with the
translator of the person in front of it.
"""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:
    """Mark ``message`` for extraction into the catalogs without translating it now."""
    return message


class PerLanguage(dict):
    """A message parameter written differently in each language, such as a number with
    its decimal mark: ``PerLanguage(fr="12,5", en="12.5")``."""


class CikitError(Exception):
    """Base class: an expected problem that a person can understand and fix."""

    def __init__(self, msgid: str, **params: Any) -> None:
        self.msgid = msgid
        self.params = params
        super().__init__(self.render())

    def render(self, gettext=None) -> str:
        """The message in the language of ``gettext`` (English when None)."""
        text = gettext(self.msgid) if gettext else self.msgid
        lang = getattr(gettext, "lang", "en")
        params = {
            name: value.get(lang, value.get("en", "")) if isinstance(value, PerLanguage) else value
            for name, value in self.params.items()
        }
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text


class WorkspaceError(CikitError):
    """The workspace cannot be opened, created or trusted."""


class SchemaError(WorkspaceError):
    """The workspace was written by another version of cikit's schema."""


class ValidationError(CikitError):
    """A value typed by a person, or sent by a browser, is refused."""

    def __init__(self, msgid: str, *, field: str | None = None, **params: Any) -> None:
        self.field = field
        super().__init__(msgid, **params)
