"""Checks on values typed by people or sent by a browser, before anything is written.

Every function either returns a clean value or raises :class:`ValidationError`
with a message a person can act on.  Values arrive as JSON from a browser, so
nothing about their type is assumed.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from cikit import content
from cikit.errors import N_, ValidationError
from cikit.i18n import LANGUAGES

NAME_MAX = 120
TEXT_MAX = 2000
ID_MAX = 2**31 - 1  # ids are 32-bit integers on PostgreSQL; larger ones overflow the drivers
# Control characters, and lone surrogates (half an emoji cut by a browser), which
# cannot be encoded to UTF-8 and would crash the database driver.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """Case- and accent-insensitive key: « Éco-Quartier » and « eco-quartier » collide."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def clean_name(value: Any, *, field: str = "name") -> str:
    """A short, single-line name: trimmed, not empty, at most ``NAME_MAX`` characters."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(N_("This value must be text."), field=field)
    value = _SPACES.sub(" ", _CONTROL.sub("", unicodedata.normalize("NFC", value))).strip()
    if not value:
        raise ValidationError(N_("A name is required."), field=field)
    if len(value) > NAME_MAX:
        raise ValidationError(
            N_("This name is too long ({length} characters; at most {limit})."),
            field=field,
            length=len(value),
            limit=NAME_MAX,
        )
    return value


def clean_text(value: Any, *, field: str, limit: int = TEXT_MAX) -> str:
    """Free text that may be empty and span lines, within ``limit`` characters."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(N_("This value must be text."), field=field)
    value = _CONTROL.sub("", unicodedata.normalize("NFC", value)).strip()
    if len(value) > limit:
        raise ValidationError(
            N_("This text is too long ({length} characters; at most {limit})."),
            field=field,
            length=len(value),
            limit=limit,
        )
    return value


def clean_choice(value: Any, *, field: str, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise ValidationError(N_("Unknown choice: {value}."), field=field, value=str(value)[:60])
    return value


def clean_sector(value: Any) -> str:
    if not isinstance(value, str) or value not in content.ids("sectors"):
        raise ValidationError(
            N_("Unknown sector: {value}. Pick one from the list."),
            field="sector",
            value=str(value)[:60],
        )
    return value


def clean_role(value: Any) -> str:
    return clean_choice(value, field="role", allowed=content.ids("roles"))


def clean_scale(value: Any) -> str:
    return clean_choice(value, field="scale", allowed=content.ids("scales"))


def clean_language(value: Any) -> str:
    return clean_choice(value, field="default_lang", allowed=LANGUAGES)


def clean_id(value: Any, *, field: str) -> int:
    """A row id from a browser: a positive integer, not a bool, not a string."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= ID_MAX:
        raise ValidationError(N_("Unknown entry."), field=field)
    return value
