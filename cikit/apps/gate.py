"""The one trust boundary between a participant's browser and what only the facilitator may do.

A participant's browser can message any widget open in its kernel, shown or
not, so "this button is only drawn for the facilitator" protects nothing.  Every
facilitator-only action therefore goes through :func:`facilitator_only`, which
asks the app for its role *at the moment the action runs* (not when the widget
was built: the role may have changed since, e.g. a wrong key in a new URL), and
otherwise refuses: a warning in the server's log (which action, which workbook,
never a key or a value), a message in the person's language, nothing written.

Participants' own writes (their answers, the activities they declare for their
organisation) do not pass here: they keep their own ownership checks.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from cikit.errors import N_
from cikit.limits import KEY_MIN_LENGTH

log = logging.getLogger("cikit.apps.gate")

REFUSED = N_("Only the facilitator can do this. Nothing was changed.")

F = TypeVar("F", bound=Callable[..., Any])


def _app_of(owner: Any) -> Any:
    """The workbook app behind ``owner``: the app itself, a helper that holds it as ``.app``,
    or a step (or a step's panel) that holds its page as ``.page``."""
    for _hop in range(5):
        if owner is None or hasattr(owner, "role"):
            return owner
        owner = getattr(owner, "app", None) or getattr(owner, "page", None)
    return None


def allowed(app: Any, action: str) -> bool:
    """True when ``app`` shows the facilitator view right now; otherwise log and say so."""
    from cikit.apps.framework.roles import Role

    if app is not None and getattr(app, "role", None) is Role.FACILITATOR:
        return True
    workbook = getattr(app, "workbook_id", "?")
    log.warning("refused a facilitator action from a participant page: %s (%s)", action, workbook)
    message = getattr(app, "message", None)
    if message is not None and hasattr(app, "tr"):
        try:
            message.show(app.tr(REFUSED), "error")
        except Exception:  # noqa: BLE001 - refusing must never fail, even on a closed page
            log.debug("could not show the refusal", exc_info=True)
    return False


def facilitator_only(function: F | None = None, *, app: Any = None) -> Any:
    """Run ``function`` only for the facilitator; otherwise refuse (log, message, return None).

    On a method, the app is ``self`` (or ``self.app`` for a helper object)::

        @facilitator_only
        def _save_lists(self, _button=None): ...

    On a closure built inside an app method, name the app::

        @facilitator_only(app=self)
        def add(values): ...
    """

    def decorate(inner: F) -> F:
        action = getattr(inner, "__qualname__", getattr(inner, "__name__", "action"))

        if app is not None:

            @functools.wraps(inner)
            def closure_gate(*args: Any, **kwargs: Any) -> Any:
                if not allowed(app, action):
                    return None
                return inner(*args, **kwargs)

            closure_gate.facilitator_only = True  # type: ignore[attr-defined]
            return closure_gate  # type: ignore[return-value]

        @functools.wraps(inner)
        def method_gate(self: Any, *args: Any, **kwargs: Any) -> Any:
            if not allowed(_app_of(self), action):
                return None
            return inner(self, *args, **kwargs)

        method_gate.facilitator_only = True  # type: ignore[attr-defined]
        return method_gate  # type: ignore[return-value]

    if function is not None:
        return decorate(function)
    return decorate


def gated_methods(cls: type) -> list[str]:
    """Names of the methods of ``cls`` that go through the gate (for tests and audits)."""
    found = set()
    for klass in cls.__mro__:  # the classes' own attributes: no deprecated widget properties
        for name, value in vars(klass).items():
            if getattr(value, "facilitator_only", False):
                found.add(name)
    return sorted(found)


# -- who is the facilitator, outside the URL ----------------------------------------------------

ROLE_ENV = "CIKIT_ROLE"


def page_role(explicit: Any = None, *, voila: bool) -> Any:
    """The role a page starts with, before its URL is read.

    In Voila the facilitator view needs the key in the URL, so a page always starts
    as a participant and any explicit choice is ignored (a notebook edited to ask
    for the facilitator role must not give it to every phone).  Outside Voila (an
    analyst in JupyterLab) the facilitator view is an explicit choice —
    ``for_page(role="facilitator")`` or ``CIKIT_ROLE=facilitator`` — and never the
    fallback of a failed detection.
    """
    import os

    from cikit.apps.framework.roles import Role

    wanted = explicit if explicit is not None else os.environ.get(ROLE_ENV, "")
    value = wanted.value if isinstance(wanted, Role) else str(wanted or "").strip().lower()
    if voila:
        if value == Role.FACILITATOR.value:
            log.warning("ignored an explicit facilitator role in Voila: the key decides")
        return Role.PARTICIPANT
    if value in ("", Role.PARTICIPANT.value):
        return Role.PARTICIPANT
    if value == Role.FACILITATOR.value:
        return Role.FACILITATOR
    log.warning("unknown role %r: the participant view is shown", value[:40])
    return Role.PARTICIPANT


def usable_key(key: str | None) -> str | None:
    """The facilitator key, or None when there is none or it is too short to be trusted."""
    if not key:
        return None
    if len(key) < KEY_MIN_LENGTH:
        log.warning(
            "the facilitator key is shorter than %d characters: the facilitator view is off",
            KEY_MIN_LENGTH,
        )
        return None
    return key
