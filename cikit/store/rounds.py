"""Live rounds: a set of questions put to the group, answered by many kernels at once.

A round is open or closed, its results revealed to participants or hidden, its
answers named or anonymous.  Answers are appended (never rewritten); the latest
answer per respondent and item is the one that counts, which is what lets a
participant change their mind until the round is closed.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from cikit.errors import N_, ValidationError
from cikit.store import schema as s
from cikit.store import validate as v
from cikit.store.respondent import Respondent

if TYPE_CHECKING:
    import pandas as pd

OPEN = "open"
CLOSED = "closed"
JOIN_ITEM = "_join"
"""The item a respondent's joining is recorded under (its value carries the browser's id)."""
STATUSES = (OPEN, CLOSED)


ANSWER_RATE = 3.0
"""Answers a second one page may keep writing (a person taps at most a couple a second)."""
ANSWER_BURST = 12
"""Answers one page may write at once before the rate applies (a few quick taps)."""


def participant_respondent(participant_id: int) -> str:
    """The stored form of a named participant as a respondent (``p:<id>``)."""
    return str(Respondent.participant(participant_id))


class AnswerThrottle:
    """A token bucket: ``burst`` answers at once, then ``rate`` a second.

    One per kernel (it lives on the :class:`~cikit.store.Workspace` a page opened),
    so a script on one phone cannot flood a round; other pages are not slowed.
    """

    def __init__(
        self,
        rate: float = ANSWER_RATE,
        burst: int = ANSWER_BURST,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate, self.burst, self.clock = float(rate), int(burst), clock
        self._tokens = float(burst)
        self._at = clock()

    def take(self, count: int = 1) -> bool:
        """True (and ``count`` answers used) when they may be written now."""
        now = self.clock()
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now
        if count > self._tokens:
            return False
        self._tokens -= count
        return True


class RoundsMixin:
    """The round methods of :class:`~cikit.store.Workspace`."""

    answer_throttle: AnswerThrottle | None = None
    """Set by :meth:`throttle_answers` on a page's workspace; None writes at any pace."""

    def throttle_answers(
        self, *, rate: float = ANSWER_RATE, burst: int = ANSWER_BURST
    ) -> AnswerThrottle:
        """Limit how fast answers are written through this object (one per kernel)."""
        self.answer_throttle = AnswerThrottle(rate, burst)
        return self.answer_throttle

    def open_round(
        self, *, workbook: str, key: str, anonymous: bool = False, config: Any = None
    ) -> int:
        """Start a new round; the previous round of the same questions is closed.

        ``config`` (a JSON-able dict) is what the round asks besides its items, e.g.
        the candidates of a vote and the number of dots; it stays with the round.
        """
        workbook = v.clean_choice(workbook, field="workbook", allowed=_workbook_ids())
        key = _clean_key(key)
        if not isinstance(anonymous, bool):
            raise ValidationError(
                N_("Unknown choice: {value}."), field="anonymous", value=anonymous
            )
        encoded_config = _encode_config(config)
        from cikit.store.workspace import utcnow

        with self._guard(), self._write() as conn:
            now = utcnow()
            conn.execute(
                s.rounds.update()
                .where(s.rounds.c.workbook == workbook)
                .where(s.rounds.c.key == key)
                .where(s.rounds.c.status == OPEN)
                .values(status=CLOSED, closed_at=now)
            )
            result = conn.execute(
                s.rounds.insert().values(
                    workbook=workbook,
                    key=key,
                    status=OPEN,
                    anonymous=anonymous,
                    revealed=False,
                    opened_at=now,
                    config=encoded_config,
                )
            )
            return int(result.inserted_primary_key[0])

    def current_round(self, workbook: str, key: str) -> dict[str, Any] | None:
        """The latest round of these questions, open or closed; None if there was none."""
        with self._guard(), self._read() as conn:
            row = (
                conn.execute(
                    sa.select(s.rounds)
                    .where(s.rounds.c.workbook == workbook)
                    .where(s.rounds.c.key == key)
                    .order_by(s.rounds.c.id.desc())
                    .limit(1)
                )
                .mappings()
                .first()
            )
        return _decoded(row) if row else None

    def get_round(self, round_id: Any) -> dict[str, Any]:
        round_id = v.clean_id(round_id, field="round")
        with self._guard(), self._read() as conn:
            row = (
                conn.execute(sa.select(s.rounds).where(s.rounds.c.id == round_id))
                .mappings()
                .first()
            )
        if row is None:
            raise ValidationError(N_("Unknown entry."), field="round")
        return _decoded(row)

    def update_round(
        self,
        round_id: Any,
        *,
        status: str | None = None,
        revealed: bool | None = None,
        anonymous: bool | None = None,
    ) -> dict[str, Any]:
        """Close or reopen a round, reveal or hide its results, or switch named/anonymous."""
        from cikit.store.workspace import utcnow

        round_id = v.clean_id(round_id, field="round")
        values: dict[str, Any] = {}
        if status is not None:
            values["status"] = v.clean_choice(status, field="status", allowed=STATUSES)
            values["closed_at"] = utcnow() if status == CLOSED else None
        for name, flag in (("revealed", revealed), ("anonymous", anonymous)):
            if flag is not None:
                if not isinstance(flag, bool):
                    raise ValidationError(N_("Unknown choice: {value}."), field=name, value=flag)
                values[name] = flag
        with self._guard(), self._write() as conn:
            self._require_row(conn, s.rounds, round_id)
            if values:
                conn.execute(s.rounds.update().where(s.rounds.c.id == round_id).values(**values))
        return self.get_round(round_id)

    def answer(
        self,
        round_id: Any,
        *,
        respondent: Any,
        item: Any,
        value: Any,
        sector: Any = None,
    ) -> int:
        """Record one answer in an open round; refused once the round is closed."""
        return self.answer_many(
            round_id, [{"respondent": respondent, "item": item, "value": value, "sector": sector}]
        )[0]

    def answer_many(self, round_id: Any, answers: list[dict[str, Any]]) -> list[int]:
        """Record several answers in one transaction: all are saved, or none.

        Each answer is a dict with ``respondent``, ``item``, ``value`` and optionally
        ``sector`` and ``at`` (a naive UTC datetime, for imports; default now).  An
        answer identical to the respondent's latest one for that item is not stored
        again (its id is returned): the latest answer counts, so it changes nothing.
        With :meth:`throttle_answers`, answers beyond the page's pace are refused.

        This is the one place every answer goes through (questions, joining a round,
        declared activities), and the only one that can compare with the latest
        stored answer inside the same write transaction: so both limits are here.
        """
        from cikit.store.workspace import utcnow

        round_id = v.clean_id(round_id, field="round")
        rows = [_clean_answer(a) for a in answers]
        throttle = self.answer_throttle
        if throttle is not None and not throttle.take(len(rows)):
            raise ValidationError(
                N_("Answers are arriving too fast: wait a moment, then answer again."),
                field="value",
            )
        now = utcnow()
        ids: list[int] = []
        with self._guard(), self._write() as conn:
            found = conn.execute(
                sa.select(s.rounds.c.workbook, s.rounds.c.status, s.rounds.c.anonymous).where(
                    s.rounds.c.id == round_id
                )
            ).first()
            if found is None:
                raise ValidationError(N_("Unknown entry."), field="round")
            if found.status != OPEN:
                raise ValidationError(
                    N_("This round is closed: your answer was not saved."), field="round"
                )
            if found.anonymous and any(r["participant_id"] is not None for r in rows):
                # An anonymous round never stores who answered.
                raise ValidationError(N_("Unknown entry."), field="respondent")
            for participant_id in {r["participant_id"] for r in rows} - {None}:
                self._require_row(conn, s.participants, participant_id)
            for row in rows:
                same = conn.execute(
                    sa.select(s.responses.c.id, s.responses.c.value, s.responses.c.sector)
                    .where(s.responses.c.round_id == round_id)
                    .where(s.responses.c.respondent == row["respondent"])
                    .where(s.responses.c.item == row["item"])
                    .order_by(s.responses.c.id.desc())
                    .limit(1)
                ).first()
                if (
                    same is not None
                    and (same.value, same.sector) == (row["value"], row["sector"])
                    and row["at"] is None
                ):
                    ids.append(int(same.id))  # the same answer again: nothing new to keep
                    continue
                result = conn.execute(
                    s.responses.insert().values(
                        workbook=found.workbook,
                        round_id=round_id,
                        created_at=row.pop("at") or now,
                        **row,
                    )
                )
                ids.append(int(result.inserted_primary_key[0]))
        return ids

    def round_responses(self, round_id: Any) -> pd.DataFrame:
        """Every answer of a round, oldest first, values decoded."""
        import pandas as pd
        round_id = v.clean_id(round_id, field="round")
        columns = ["id", "respondent", "participant_id", "sector", "item", "value", "created_at"]
        with self._guard(), self._read() as conn:
            rows = conn.execute(
                sa.select(*[s.responses.c[c] for c in columns])
                .where(s.responses.c.round_id == round_id)
                .order_by(s.responses.c.id)
            ).all()
        frame = pd.DataFrame([tuple(r) for r in rows], columns=columns)
        # An object column: a list of ints and None would become floats (1 -> 1.0, None -> NaN).
        frame["value"] = pd.Series(
            [json.loads(x) for x in frame["value"]], index=frame.index, dtype=object
        )
        frame["participant_id"] = frame["participant_id"].astype("Int64")
        frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
        return frame

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

    # -- light reads: what a participant's page needs, without pandas ----------------------
    #
    # A workshop room runs one kernel per phone, so these are what most kernels call:
    # plain tuples and dicts, one query each, nothing that imports pandas.

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
                    s.rounds.outerjoin(
                        s.round_results, s.round_results.c.round_id == s.rounds.c.id
                    )
                )
                .where(s.rounds.c.id.in_(latest))
                .order_by(s.rounds.c.key)
            ).all()
        return tuple((r[0], int(r[1]), r[2], bool(r[3]), bool(r[4]), r[5]) for r in rows)

    def publish_results(self, round_id: Any, *, basis: str, payload: dict[str, Any]) -> None:
        """Keep a round's results as computed from the answers summed up by ``basis`` (e.g.
        their count and last id), for every phone to show without computing them again."""
        round_id = v.clean_id(round_id, field="round")
        basis = _clean_key(basis, limit=64)
        encoded = json.dumps(payload, ensure_ascii=False, allow_nan=False)
        if len(encoded) > 2_000_000:
            raise ValidationError(N_("This answer cannot be saved."), field="results")
        from cikit.store.workspace import utcnow

        table = s.round_results
        with self._guard(), self._write() as conn:
            values = {"basis": basis, "payload": encoded, "published_at": utcnow()}
            updated = conn.execute(
                table.update().where(table.c.round_id == round_id).values(**values)
            )
            if updated.rowcount == 0:
                self._require_row(conn, s.rounds, round_id)
                conn.execute(table.insert().values(round_id=round_id, **values))

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

    def latest_round_id(self, workbook: str, key: str) -> int | None:
        with self._guard(), self._read() as conn:
            return conn.execute(
                sa.select(sa.func.max(s.rounds.c.id))
                .where(s.rounds.c.workbook == workbook)
                .where(s.rounds.c.key == key)
            ).scalar_one()

    def rounds_of(self, workbook: str, key: str) -> list[dict[str, Any]]:
        """Every round of these questions, oldest first (e.g. the waves of a survey)."""
        with self._guard(), self._read() as conn:
            rows = (
                conn.execute(
                    sa.select(s.rounds)
                    .where(s.rounds.c.workbook == workbook)
                    .where(s.rounds.c.key == key)
                    .order_by(s.rounds.c.id)
                )
                .mappings()
                .all()
            )
        return [_decoded(r) for r in rows]


def _encode_config(config: Any) -> str:
    if config is None:
        config = {}
    if not isinstance(config, dict):
        raise ValidationError(N_("This answer cannot be saved."), field="config")
    try:
        encoded = json.dumps(config, ensure_ascii=False, allow_nan=False)
        encoded.encode("utf-8")
    except (TypeError, ValueError) as err:
        raise ValidationError(N_("This answer cannot be saved."), field="config") from err
    if len(encoded) > 200_000:
        raise ValidationError(N_("This answer cannot be saved."), field="config")
    return encoded


def _decoded(row) -> dict[str, Any]:
    found = dict(row)
    try:
        config = json.loads(found.get("config") or "{}")
    except ValueError:
        config = {}
    found["config"] = config if isinstance(config, dict) else {}
    return found


def _clean_answer(answer: Any) -> dict[str, Any]:
    if not isinstance(answer, dict):
        raise ValidationError(N_("This answer cannot be saved."), field="value")
    who = Respondent.maybe(answer.get("respondent"))
    if who is None:
        raise ValidationError(N_("Unknown entry."), field="respondent")
    item = _clean_key(answer.get("item"), limit=128)
    try:
        encoded = json.dumps(answer.get("value"), ensure_ascii=False, allow_nan=False)
        encoded.encode("utf-8")
    except (TypeError, ValueError) as err:
        raise ValidationError(N_("This answer cannot be saved."), field="value") from err
    if len(encoded) > 20_000:
        raise ValidationError(N_("This answer cannot be saved."), field="value")
    sector = answer.get("sector")
    sector = None if sector in (None, "") else v.clean_sector(sector)
    at = answer.get("at")
    if at is not None and not isinstance(at, dt.datetime):
        raise ValidationError(N_("Unknown entry."), field="at")
    return {
        "respondent": str(who),
        "item": item,
        "value": encoded,
        "sector": sector,
        # "p:" allows ten digits; ids stop at 2**31 - 1 (larger ones overflow PostgreSQL).
        "participant_id": (
            None if who.is_anonymous else v.clean_id(who.participant_id, field="respondent")
        ),
        "at": at,
    }


def _clean_key(value: Any, *, limit: int = 64) -> str:
    if not isinstance(value, str) or not value or len(value) > limit or not value.isprintable():
        raise ValidationError(N_("Unknown entry."), field="key")
    return value


def _workbook_ids() -> tuple[str, ...]:
    from cikit import content

    return content.ids("workbooks")
