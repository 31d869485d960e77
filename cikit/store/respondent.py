"""Who answered in a round: a named participant (``p:<id>``) or an anonymous browser (``a:<client>``).

The store keeps a round's respondent as this short text; everything that reads
it (the store's checks, the analysis, the apps, the results) parses it here,
so what counts as a participant id is decided once.

Examples
--------
>>> Respondent.parse("p:7").participant_id, str(Respondent.participant(7))
(7, 'p:7')
>>> Respondent.maybe("a:0123456789ab").participant_id is None, Respondent.maybe("p:x")
(True, None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

PARTICIPANT = "p"
ANONYMOUS = "a"
# A participant id has at most ten digits (the store then caps it at 2**31 - 1); a browser's
# client id is 8 to 64 letters, digits, "-" or "_".
_PATTERN = re.compile(r"^(?:(p):([1-9][0-9]{0,9})|(a):([A-Za-z0-9_-]{8,64}))$")


@dataclass(frozen=True)
class Respondent:
    """One respondent of a round; ``str()`` gives the stored form."""

    kind: str  # PARTICIPANT or ANONYMOUS
    key: str  # the participant id's digits, or the browser's client id

    @classmethod
    def parse(cls, text: Any) -> Respondent:
        """The respondent written ``text``; ``ValueError`` for anything else."""
        if isinstance(text, Respondent):
            return text
        match = _PATTERN.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"not a respondent (p:<id> or a:<client>): {str(text)[:80]!r}")
        if match[1]:
            return cls(PARTICIPANT, match[2])
        return cls(ANONYMOUS, match[4])

    @classmethod
    def maybe(cls, text: Any) -> Respondent | None:
        """Like :meth:`parse`, but None for something that is not a respondent."""
        try:
            return cls.parse(text)
        except ValueError:
            return None

    @classmethod
    def participant(cls, participant_id: int) -> Respondent:
        """A named participant of the workspace."""
        return cls.parse(f"{PARTICIPANT}:{int(participant_id)}")

    @classmethod
    def anonymous(cls, client: str) -> Respondent:
        """An anonymous browser, known only by its client id."""
        return cls.parse(f"{ANONYMOUS}:{client}")

    @property
    def participant_id(self) -> int | None:
        """The participant's id, or None for an anonymous respondent."""
        return int(self.key) if self.kind == PARTICIPANT else None

    @property
    def is_anonymous(self) -> bool:
        return self.kind == ANONYMOUS

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


def participant_id(text: Any) -> int | None:
    """The participant id in a respondent's text, or None (anonymous, or not a respondent).

    >>> participant_id("p:12"), participant_id("a:abcdefgh"), participant_id(None)
    (12, None, None)
    """
    found = Respondent.maybe(text)
    return None if found is None else found.participant_id
