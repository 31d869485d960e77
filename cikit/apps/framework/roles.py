"""Who is looking at a page, and the one gate every facilitator-only write goes through.

A participant's browser is untrusted code: it can message any widget that exists in
its kernel, shown or not.  So a facilitator-only action checks the role *in the
kernel, at the moment it acts*, instead of trusting that its button was never drawn
for a participant.
"""

from __future__ import annotations

import enum
import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from cikit.errors import N_

log = logging.getLogger("cikit.apps.gate")

F = TypeVar("F", bound=Callable[..., Any])

REFUSED = N_("Only the facilitator can do this. Nothing was changed.")


class Role(enum.Enum):
    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"


def _page_of(owner: Any) -> Any:
    """The page a step, a panel or a page itself belongs to."""
    seen = 0
    while hasattr(owner, "page") and owner.page is not owner and seen < 5:
        owner = owner.page
        seen += 1
    return owner


def facilitator_only(method: F) -> F:
    """Run ``method`` only for the facilitator; otherwise log, say so, write nothing.

    Works on a page, a step, or any object with a ``page`` attribute leading to one.
    """

    @functools.wraps(method)
    def gate(self, *args, **kwargs):
        page = _page_of(self)
        if getattr(page, "is_facilitator", False) is True:
            return method(self, *args, **kwargs)
        log.warning(
            "refused %s.%s: the page is not the facilitator's",
            type(self).__name__,
            method.__name__,
        )
        message = getattr(page, "message", None)
        if message is not None and hasattr(page, "tr"):
            message.show(page.tr(REFUSED), "error")
        return None

    gate.facilitator_only = True  # type: ignore[attr-defined] - read by the crawler test
    return gate  # type: ignore[return-value]
