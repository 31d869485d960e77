"""Reference content shipped with cikit: French and English side by side, each with its source.

Content is data (JSON files beside this module), so that a translator or a
trainer can correct a label without touching code.  Every entry has an ``id``
(stable, stored in workspaces), ``fr`` and ``en`` labels, and a ``source``.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CONTENT_DIR = Path(__file__).parent


@dataclass(frozen=True)
class Entry:
    """One bilingual reference entry."""

    id: str
    fr: str
    en: str
    source: str
    extra: dict[str, Any]

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr

    def text(self, field: str, lang: str) -> str:
        """A bilingual field of ``extra`` (``{"fr": ..., "en": ...}``) in ``lang``."""
        value = self.extra.get(field) or {}
        return value.get(lang) or value.get("fr") or ""


@functools.cache
def _load(name: str) -> tuple[Entry, ...]:
    with (CONTENT_DIR / f"{name}.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    default_source = data.get("source", "")
    entries = []
    for raw in data["entries"]:
        raw = dict(raw)
        entries.append(
            Entry(
                id=raw.pop("id"),
                fr=raw.pop("fr"),
                en=raw.pop("en"),
                source=raw.pop("source", default_source),
                extra=raw,
            )
        )
    return tuple(entries)


@functools.cache
def _document(name: str) -> dict[str, Any]:
    with (CONTENT_DIR / f"{name}.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def document(name: str) -> dict[str, Any]:
    """The whole content file, for the parts that are not entries (levels, verdicts…).

    Treat it as read-only: it is shared by every app in the kernel.
    """
    return _document(name)


def pick(text: dict[str, str] | None, lang: str) -> str:
    """One language of a ``{"fr": ..., "en": ...}`` object, falling back to French."""
    if not text:
        return ""
    return text.get(lang) or text.get("fr") or ""


def entries(name: str) -> tuple[Entry, ...]:
    """All entries of one content file, in their display order."""
    return _load(name)


def ids(name: str) -> tuple[str, ...]:
    return tuple(entry.id for entry in _load(name))


def get(name: str, entry_id: str) -> Entry | None:
    for entry in _load(name):
        if entry.id == entry_id:
            return entry
    return None


def sectors() -> tuple[Entry, ...]:
    return entries("sectors")


def roles() -> tuple[Entry, ...]:
    return entries("roles")


def scales() -> tuple[Entry, ...]:
    return entries("scales")


def workbooks() -> tuple[Entry, ...]:
    return entries("workbooks")
