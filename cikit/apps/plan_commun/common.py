"""What the Common agenda's steps share: the content, its keys and limits, the records.

Light on purpose (no pandas): every step of a participant's page imports it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from cikit import content

if TYPE_CHECKING:
    from cikit.i18n import Translator
    from cikit.store import Workspace

CONTENT = "common_agenda"
VIEWS, VOTES, DISAGREEMENTS, AGENDA = "views", "votes", "disagreements", "agenda"
DISAGREEMENT = "disagreement."
"""Each disagreement is its own versioned decision, keyed ``disagreement.<random>``."""
LETTERS = "ABCDEFGHIJ"
"""The letters of a question's proposals (at most ten)."""
MAX_DOTS = 10


class AgendaContent:
    """The workbook's bilingual content, read in the page's language (a mixin for steps)."""

    lang: str
    workspace: Workspace
    workbook_id: str

    @property
    def doc(self) -> dict[str, Any]:
        return content.document(CONTENT)

    def text(self, value: dict | None) -> str:
        return content.pick(value, self.lang)

    def labels(self) -> dict[str, str]:
        """The agenda's section names, by field."""
        return {e["id"]: self.text(e) for e in self.doc["agenda_sections"]}

    def field_label(self, field: str) -> str:
        """The name of a question put to the vote."""
        for entry in self.doc["candidate_fields"]:
            if entry["id"] == field:
                return self.text(entry)
        return field

    def principle_text(self, text: str) -> str:
        """A suggested principle in the reader's language, whichever language it was adopted in."""
        for principle in self.doc["principles"]:
            if text in (principle["fr"], principle["en"]):
                return self.text(principle)
        return text

    def disagreements(self, *, only_open: bool = False) -> list[dict]:
        """The recorded disagreements, in the order they were first saved."""
        found = self.workspace.decisions_by_prefix(self.workbook_id, DISAGREEMENT)
        if only_open:
            found = [d for d in found if d["content"].get("status") != "resolved"]
        return found

    def decisions_signature(self) -> tuple:
        """Cheap: the agenda's version and every disagreement's, to notice a new record."""
        latest = self.workspace.decision(self.workbook_id, AGENDA)
        notes = self.workspace.decisions_by_prefix(self.workbook_id, DISAGREEMENT)
        return (latest["version"] if latest else 0, tuple((d["key"], d["version"]) for d in notes))


def stamp(value: Any, pattern: str) -> str:
    """A stored time (a datetime, or ISO text from another store) as ``pattern``, without
    pandas: ``2026-03-14`` for a date, ``2026-03-14 18:05`` for a minute."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.strftime(pattern)


def version_line(tr: Translator, decision: dict) -> str:
    """« Version 2, 2026-03-14 18:05 UTC, 12 participants »."""
    return tr("Version {version}, {date} UTC, {count} participants").format(
        version=decision["version"],
        date=stamp(decision["adopted_at"], "%Y-%m-%d %H:%M"),
        count=decision["supporters"] or 0,
    )
