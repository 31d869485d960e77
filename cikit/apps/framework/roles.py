"""Who is looking at a page.  The gate every facilitator-only write goes through is
:func:`cikit.apps.gate.facilitator_only` (re-exported here for steps)."""

from __future__ import annotations

import enum


class Role(enum.Enum):
    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"


def __getattr__(name: str):
    # The gate imports Role from here: import it lazily to keep the two apart.
    if name in ("facilitator_only", "REFUSED"):
        from cikit.apps import gate

        return getattr(gate, name)
    raise AttributeError(name)
