"""Light reads of live rounds: what a participant's page polls, without pandas.

A workshop room runs one kernel per phone, and each polls the group every few
seconds: these are what most kernels call.  They return plain tuples and dicts,
one query each, and nothing here imports pandas (a phone's kernel must stay
small; tests/test_room.py checks it).  :class:`~cikit.store.Workspace` inherits
them; the writes and the pandas reads of rounds are in :mod:`cikit.store.rounds`.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from cikit.store import schema as s
from cikit.store import validate as v
from cikit.store.rounds import JOIN_ITEM


class RoundReadsMixin:
    """The light round reads of :class:`~cikit.store.Workspace`."""

    def round_signature(self, round_id: Any) -> tuple:
        """A cheap summary that changes whenever the round or its answers change (for polling)."""
        round_id = v.clean_id(round_id, field="round")
        with self._guard(), self._read() as conn:
            state = conn.execute(
                sa.select(s.rounds.c.status, s.rounds.c.revealed, s.rounds.c.anonymous).where(
                    s.rounds.c.id == round_id
                )
            ).first()
            count, last = conn.execute(
                sa.select(sa.func.count(), sa.func.max(s.responses.c.id)).where(
                    s.responses.c.round_id == round_id
                )
            ).first()
        return (tuple(state) if state else None, int(count), last)

    def round_states(
        self, workbook: str
    ) -> tuple[tuple[str, int, str, bool, bool, str | None], ...]:
        """``(key, id, status, revealed, anonymous, published)`` of the latest round of each
        key of a workbook, in key order, where ``published`` is the basis of the results last
        published for it (None if none): what a page polls to follow the group, in one query."""
        latest = (
            sa.select(sa.func.max(s.rounds.c.id))
            .where(s.rounds.c.workbook == workbook)
            .group_by(s.rounds.c.key)
        )
        with self._guard(), self._read() as conn:
            rows = conn.execute(
                sa.select(
                    s.rounds.c.key,
                    s.rounds.c.id,
                    s.rounds.c.status,
                    s.rounds.c.revealed,
                    s.rounds.c.anonymous,
                    s.round_results.c.basis,
                )
                .select_from(
                    s.rounds.outerjoin(s.round_results, s.round_results.c.round_id == s.rounds.c.id)
                )
                .where(s.rounds.c.id.in_(latest))
                .order_by(s.rounds.c.key)
            ).all()
        return tuple((r[0], int(r[1]), r[2], bool(r[3]), bool(r[4]), r[5]) for r in rows)

    def published_results(self, round_id: Any) -> tuple[str, dict[str, Any], Any] | None:
        """``(basis, payload, published_at)`` of a round's last published results, or None."""
        round_id = v.clean_id(round_id, field="round")
        table = s.round_results
        with self._guard(), self._read() as conn:
            row = conn.execute(
                sa.select(table.c.basis, table.c.payload, table.c.published_at).where(
                    table.c.round_id == round_id
                )
            ).first()
        if row is None:
            return None
        try:
            payload = json.loads(row[1])
        except ValueError:
            return None
        return (row[0], payload if isinstance(payload, dict) else {}, row[2])

    def round_answers_of(self, round_id: Any, respondent: str) -> dict[str, Any]:
        """One respondent's latest answer per item (joining left out), values decoded."""
        round_id = v.clean_id(round_id, field="round")
        with self._guard(), self._read() as conn:
            rows = conn.execute(
                sa.select(s.responses.c.item, s.responses.c.value)
                .where(s.responses.c.round_id == round_id)
                .where(s.responses.c.respondent == respondent)
                .where(s.responses.c.item != JOIN_ITEM)
                .order_by(s.responses.c.id)
            ).all()
        return {item: json.loads(value) for item, value in rows}

    def round_joins(
        self, round_id: Any, *, respondent: str | None = None, client: str | None = None
    ) -> list[tuple[str, str | None, str]]:
        """``(respondent, sector, client)`` of the joins of a round, latest first, narrowed
        to one respondent or one browser id when given."""
        round_id = v.clean_id(round_id, field="round")
        query = (
            sa.select(s.responses.c.respondent, s.responses.c.sector, s.responses.c.value)
            .where(s.responses.c.round_id == round_id)
            .where(s.responses.c.item == JOIN_ITEM)
            .order_by(s.responses.c.id.desc())
        )
        if respondent is not None:
            query = query.where(s.responses.c.respondent == respondent)
        with self._guard(), self._read() as conn:
            rows = conn.execute(query).all()
        found = []
        for who, sector, value in rows:
            try:
                decoded = json.loads(value)
            except ValueError:
                continue
            joined_from = decoded.get("client", "") if isinstance(decoded, dict) else ""
            if client is None or joined_from == client:
                found.append((who, sector, joined_from))
        return found

    def round_join_value(self, round_id: Any, respondent: str) -> dict[str, Any]:
        """What a respondent said when joining a round (their latest join), e.g. the side
        they answer for; empty when they did not join."""
        round_id = v.clean_id(round_id, field="round")
        with self._guard(), self._read() as conn:
            found = conn.execute(
                sa.select(s.responses.c.value)
                .where(s.responses.c.round_id == round_id)
                .where(s.responses.c.respondent == respondent)
                .where(s.responses.c.item == JOIN_ITEM)
                .order_by(s.responses.c.id.desc())
                .limit(1)
            ).first()
        try:
            decoded = json.loads(found[0]) if found is not None else {}
        except ValueError:
            return {}
        return decoded if isinstance(decoded, dict) else {}

    def round_counts(self, round_id: Any) -> tuple[int, int]:
        """(answered, joined): people with at least one answer, people who joined or answered."""
        round_id = v.clean_id(round_id, field="round")
        with self._guard(), self._read() as conn:
            rows = conn.execute(
                sa.select(
                    s.responses.c.respondent,
                    sa.func.max(sa.case((s.responses.c.item != JOIN_ITEM, 1), else_=0)),
                )
                .where(s.responses.c.round_id == round_id)
                .group_by(s.responses.c.respondent)
            ).all()
        return sum(1 for _, answered in rows if answered), len(rows)
