"""A live round's results computed once and published, so a room of phones draws them.

Computing a round's results needs pandas and takes time; a hundred phones each doing
it on every answer would load the server and make every phone import pandas.  A round
that ``publishes`` turns its results into plain data (:meth:`PublishedResults.summarize`)
on the facilitator's page, stores it with the basis it was computed from, and every phone
draws that data (:meth:`PublishedResults.build_published`) without pandas.  When no
facilitator page keeps them fresh (it was closed), a phone computes them itself after
:attr:`PublishedResults.stale_after` seconds.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, ClassVar

from cikit.errors import CikitError

if TYPE_CHECKING:
    import ipywidgets as ipw
    import pandas as pd

    from cikit.store import Workspace

log = logging.getLogger("cikit.apps.framework.live_round")


class PublishedResults:
    """The part of :class:`~cikit.apps.framework.live_round.LiveRound` that draws the
    group's results, published or computed (a mixin: the round's ``__init__`` sets the
    state)."""

    publishes: ClassVar[bool] = False
    """True when the round's results are plain data (:meth:`summarize`) drawn by
    :meth:`build_published`: the facilitator's kernel computes them once and publishes
    them, and every phone draws what was published instead of computing it again."""
    stale_after: ClassVar[float] = 15.0
    """Seconds after which a phone stops waiting for the facilitator's page to publish
    newer results (it may be closed) and computes them itself."""
    if TYPE_CHECKING:
        round: dict[str, Any] | None
        round_key: str
        page: Any
        workspace: Workspace
        _published_basis: str | None

        def responses(self) -> pd.DataFrame: ...

    def build_results(self, responses: pd.DataFrame) -> list[ipw.Widget]:
        """The group's results computed from the answers (rounds that do not publish)."""
        raise TypeError(f"{type(self).__name__} must define build_results()")

    def summarize(self, responses: pd.DataFrame) -> dict[str, Any]:
        """The group's results as JSON-able data (rounds that publish)."""
        raise TypeError(f"{type(self).__name__} must define summarize()")

    def build_published(self, payload: dict[str, Any]) -> list[ipw.Widget]:
        """Draw results from :meth:`summarize`'s data, without pandas (rounds that publish)."""
        raise TypeError(f"{type(self).__name__} must define build_published()")

    # -- results: computed once, published, drawn everywhere -----------------------------------

    def results_for(self, responses: pd.DataFrame) -> list[ipw.Widget]:
        """The results drawn from ``responses`` (the facilitator's view); published for the
        phones while they are revealed."""
        if not self.publishes:
            return self.build_results(responses)
        payload = self.summarize(responses)
        if self.round and self.round["revealed"]:
            self._publish(responses, payload)
        return self.build_published(payload)

    def _publish(self, responses: pd.DataFrame, payload: dict[str, Any]) -> None:
        basis = _basis((None, len(responses), responses["id"].max() if len(responses) else None))
        found = self.page._rounds.get(self.round_key)
        known = found[4] if found is not None and len(found) > 4 else None
        if basis in (known, self._published_basis):
            return
        try:
            self.workspace.publish_results(self.round["id"], basis=basis, payload=payload)
            self._published_basis = basis
        except CikitError:
            log.warning("could not publish the results of round %s", self.round["id"])

    def _participant_results(self) -> list[ipw.Widget]:
        if not self.publishes:
            return self.build_results(self.responses())
        found = self.workspace.published_results(self.round["id"])
        if found is not None:
            basis, payload, published_at = found
            current = _basis(self.workspace.round_signature(self.round["id"]))
            fresh = basis == current or _age(published_at) < self.stale_after
            if fresh:
                return self.build_published(payload)
        # Nothing published, or long out of date (no facilitator page open): compute here.
        responses = self.responses()
        payload = self.summarize(responses)
        self._publish(responses, payload)
        return self.build_published(payload)


def _basis(signature: tuple) -> str:
    """What published results were computed from: the answers' count and last id."""
    _state, count, last = signature
    return f"{int(count)}:{last if last is not None else 0}"


def _age(when) -> float:
    """Seconds since a stored (naive UTC) time."""
    import datetime as dt

    if when is None:
        return 1e9
    if isinstance(when, str):
        when = dt.datetime.fromisoformat(when)
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    return (now - when.replace(tzinfo=None)).total_seconds()


__all__ = ["PublishedResults"]
