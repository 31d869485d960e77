"""Who is in the room: participant pages renew a lease; the facilitator counts the leases.

Each participant page (one kernel per phone) marks itself present when it opens and
again every :data:`RENEW_SECONDS`; a page that closes says goodbye, and one that
vanished (a phone switched off) stops counting once its lease is older than
:data:`LEASE_SECONDS`.  The count lives in the workspace, not in one server's memory,
so several servers in front of one database count the same room.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import sqlalchemy as sa

from cikit.store import schema as s

RENEW_SECONDS = 20.0
LEASE_SECONDS = 45.0
_CLIENT = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class PresenceMixin:
    """The presence methods of :class:`~cikit.store.Workspace`."""

    def mark_present(self, workbook: str, client: Any) -> bool:
        """Start or renew ``client``'s lease on ``workbook``; False for a malformed id."""
        if not isinstance(client, str) or not _CLIENT.fullmatch(client):
            return False
        if not isinstance(workbook, str) or not 0 < len(workbook) <= 64:
            return False
        now = _now()
        table = s.presence
        with self._guard(), self._write() as conn:
            updated = conn.execute(
                table.update()
                .where(table.c.client == client)
                .where(table.c.workbook == workbook)
                .values(seen_at=now)
            )
            if updated.rowcount == 0:
                conn.execute(table.insert().values(client=client, workbook=workbook, seen_at=now))
        return True

    def mark_gone(self, workbook: str, client: Any) -> None:
        """End ``client``'s lease (its page closed)."""
        if not isinstance(client, str) or not _CLIENT.fullmatch(client):
            return
        with self._guard(), self._write() as conn:
            conn.execute(
                s.presence.delete()
                .where(s.presence.c.client == client)
                .where(s.presence.c.workbook == workbook)
            )

    def present_count(self, workbook: str, *, within: float = LEASE_SECONDS) -> int:
        """How many browsers have a participant page of ``workbook`` open."""
        since = _now() - dt.timedelta(seconds=within)
        with self._guard(), self._read() as conn:
            return int(
                conn.execute(
                    sa.select(sa.func.count())
                    .select_from(s.presence)
                    .where(s.presence.c.workbook == workbook)
                    .where(s.presence.c.seen_at >= since)
                ).scalar_one()
            )
