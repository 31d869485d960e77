"""Load the ``.po`` catalogs and pick a language."""

from __future__ import annotations

import functools
import gettext as _gettext
import os
from pathlib import Path
from urllib.parse import parse_qs

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LANGUAGES: tuple[str, ...] = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
DOMAIN = "cikit"
LOCALE_DIR = Path(__file__).parent / "locale"


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def load_catalog(lang: str) -> Catalog:
    """Read one catalog once per process; catalogs never change while running."""
    with catalog_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


class Translator:
    """gettext and ngettext for one language, falling back to the English source."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE) -> None:
        self.lang = normalize_language(lang) or DEFAULT_LANGUAGE
        self._catalog = load_catalog(self.lang)
        self._plural = _gettext.c2py(self._catalog.plural_expr)

    def gettext(self, message: str) -> str:
        entry = self._catalog.get(message)
        if entry is not None and entry.string and not entry.fuzzy:
            string = entry.string
            return string[0] if isinstance(string, tuple) else string
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        entry = self._catalog.get(singular)
        if entry is not None and isinstance(entry.string, tuple) and all(entry.string):
            index = min(int(self._plural(n)), len(entry.string) - 1)
            return entry.string[index]
        return singular if n == 1 else plural

    __call__ = gettext

    def __repr__(self) -> str:
        return f"Translator({self.lang!r})"


def get_translator(lang: str | None) -> Translator:
    return Translator(lang or DEFAULT_LANGUAGE)


def normalize_language(value: object) -> str | None:
    """``'FR-ca'`` → ``'fr'``; anything unknown → None.  Values come from URLs: untrusted."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0][:8]
    return code if code in LANGUAGES else None


def query_params(query: str | None) -> dict[str, str]:
    """First value of each parameter of a query string (with or without ``?``)."""
    if not isinstance(query, str):
        return {}
    parsed = parse_qs(query.lstrip("?")[:4096], keep_blank_values=False)
    return {key: values[0] for key, values in parsed.items() if values}


def choose_language(query: str | None = None, workspace_default: str | None = None) -> str:
    """``?lang=`` first, then the workspace's default, then French."""
    return (
        normalize_language(query_params(query).get("lang"))
        or normalize_language(workspace_default)
        or DEFAULT_LANGUAGE
    )


def language_from_environment() -> str:
    """Language for the command line: ``CIKIT_LANG``, then the locale, then French."""
    for name in ("CIKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        lang = normalize_language(os.environ.get(name))
        if lang:
            return lang
    return DEFAULT_LANGUAGE
