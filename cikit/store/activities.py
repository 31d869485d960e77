"""The activities partners declare: who does what, for which strategy, for whom and where.

An activity is edited in place (its ``updated_at`` moves) and removed softly
(``removed_at``), like partners: the map shows today's activities, and the
group's history is kept in snapshots (versioned decisions of the Activities
workbook).  Whether a strategy, an indicator or a territory *exists* is the
workbook's business (:mod:`cikit.analysis.activites`); the store checks types,
lengths and that the partner is real.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from cikit import content
from cikit.errors import N_, ValidationError
from cikit.store import schema as s
from cikit.store import validate as v

if TYPE_CHECKING:
    import pandas as pd

SOURCES = ("entry", "import", "demo", "round")
LIST_FIELDS = ("indicators", "populations", "territories")
TEXT_FIELDS = ("description", "strategy", "intake", "support", "referral")
FIELDS = ("partner_id", "name", "description", "strategy", *LIST_FIELDS, "start", "end",
          "staff", "budget", "intake", "support", "referral")  # fmt: skip
COLUMNS = ["id", *FIELDS, "source", "participant_id", "created_at", "updated_at", "removed_at"]
LIST_MAX = 40
ITEM_MAX = 120
STAFF_MAX = 1000.0
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_ID = re.compile(r"^[a-z0-9_.:-]{1,64}$")
CHUNK = 2_000


class ActivitiesMixin:
    """The activity methods of :class:`~cikit.store.Workspace`."""

    def add_activity(
        self, *, source: str = "entry", participant_id: int | None = None, **fields: Any
    ) -> int:
        """Add one activity; returns its id."""
        from cikit.store.workspace import utcnow

        row = clean_activity(fields)
        row.update(self._provenance(source, participant_id), created_at=utcnow())
        row["updated_at"] = row["created_at"]
        with self._guard(), self._write() as conn:
            self._require_partners(conn, {row["partner_id"]})
            if participant_id is not None:
                self._require_row(conn, s.participants, participant_id)
            result = conn.execute(s.activities.insert().values(**row))
            return int(result.inserted_primary_key[0])

    def add_activities(self, rows: Iterable[Mapping[str, Any]], *, source: str = "import") -> int:
        """Add many activities in one transaction (all or none); returns how many."""
        from cikit.store.workspace import utcnow

        clean = [clean_activity(r) for r in rows]
        if not clean:
            return 0
        now = utcnow()
        extra = self._provenance(source, None)
        for row in clean:
            row.update(extra, created_at=now, updated_at=now)
        with self._guard(), self._write() as conn:
            self._require_partners(conn, {r["partner_id"] for r in clean})
            for start in range(0, len(clean), CHUNK):
                conn.execute(s.activities.insert(), clean[start : start + CHUNK])
        return len(clean)

    def update_activity(self, activity_id: Any, **fields: Any) -> None:
        """Change an activity; fields not given keep their value."""
        from cikit.store.workspace import utcnow

        activity_id = v.clean_id(activity_id, field="activity")
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise ValidationError(N_("Unknown entry."), field="activity")
        with self._guard(), self._write() as conn:
            current = (
                conn.execute(
                    sa.select(*[s.activities.c[f] for f in FIELDS])
                    .where(s.activities.c.id == activity_id)
                    .where(s.activities.c.removed_at.is_(None))
                )
                .mappings()
                .first()
            )
            if current is None:
                raise ValidationError(N_("Unknown entry."), field="activity")
            merged = dict(current)
            for name in LIST_FIELDS:
                merged[name] = json.loads(merged[name])
            merged.update(fields)
            row = clean_activity(merged)
            self._require_partners(conn, {row["partner_id"]})
            conn.execute(
                s.activities.update()
                .where(s.activities.c.id == activity_id)
                .values(**row, updated_at=utcnow())
            )

    def remove_activity(self, activity_id: Any) -> None:
        from cikit.store.workspace import utcnow

        activity_id = v.clean_id(activity_id, field="activity")
        now = utcnow()
        with self._guard(), self._write() as conn:
            done = conn.execute(
                s.activities.update()
                .where(s.activities.c.id == activity_id)
                .where(s.activities.c.removed_at.is_(None))
                .values(removed_at=now, updated_at=now)
            )
            if done.rowcount == 0:
                raise ValidationError(N_("Unknown entry."), field="activity")

    def activities(self, *, include_removed: bool = False) -> pd.DataFrame:
        """Activities as a DataFrame, lists decoded; removed ones only when asked."""
        import pandas as pd

        query = sa.select(*[s.activities.c[c] for c in COLUMNS]).order_by(s.activities.c.id)
        if not include_removed:
            query = query.where(s.activities.c.removed_at.is_(None))
        with self._guard(), self._read() as conn:
            rows = conn.execute(query).all()
        frame = pd.DataFrame([tuple(r) for r in rows], columns=COLUMNS)
        for name in LIST_FIELDS:
            frame[name] = [json.loads(x) for x in frame[name]]
        frame["staff"] = frame["staff"].astype(float)
        frame["participant_id"] = frame["participant_id"].astype("Int64")
        for name in ("created_at", "updated_at", "removed_at"):
            frame[name] = pd.to_datetime(frame[name], utc=True)
        return frame

    def activities_signature(self) -> tuple:
        """Changes when any activity is added, edited or removed (for live pages)."""
        with self._guard(), self._read() as conn:
            count, last, changed = conn.execute(
                sa.select(
                    sa.func.count(),
                    sa.func.max(s.activities.c.id),
                    sa.func.max(s.activities.c.updated_at),
                )  # fmt: skip
            ).first()
        return (int(count), last, str(changed))

    # -- helpers ------------------------------------------------------------------------

    @staticmethod
    def _provenance(source: str, participant_id: Any) -> dict[str, Any]:
        source = v.clean_choice(source, field="source", allowed=SOURCES)
        if participant_id is not None:
            participant_id = v.clean_id(participant_id, field="participant")
        return {"source": source, "participant_id": participant_id}

    @staticmethod
    def _require_partners(conn: sa.Connection, ids: set[int]) -> None:
        known = set(
            conn.execute(
                sa.select(s.partners.c.id)
                .where(s.partners.c.id.in_(ids))
                .where(s.partners.c.removed_at.is_(None))
            ).scalars()
        )
        if ids - known:
            raise ValidationError(N_("Unknown partner."), field="partner")


def clean_activity(row: Mapping[str, Any]) -> dict[str, Any]:
    """Types and lengths of one activity, checked as if it came from a browser."""
    import pandas as pd

    if not isinstance(row, Mapping):
        raise ValidationError(N_("This answer cannot be saved."), field="activity")
    unknown = set(row) - set(FIELDS)
    if unknown:
        raise ValidationError(N_("Unknown entry."), field=sorted(unknown)[0][:40])
    partner = row.get("partner_id")
    if partner is not None and not isinstance(partner, bool):
        try:
            if not pd.isna(partner) and float(partner) == int(partner):
                partner = int(partner)
        except (TypeError, ValueError, OverflowError):
            pass
    clean: dict[str, Any] = {
        "partner_id": v.clean_id(partner, field="partner"),
        "name": v.clean_name(row.get("name"), field="name"),
    }
    for name in TEXT_FIELDS:
        limit = 500 if name == "strategy" else v.TEXT_MAX
        clean[name] = v.clean_text(row.get(name), field=name, limit=limit)
    for name in LIST_FIELDS:
        clean[name] = json.dumps(_clean_list(row.get(name), name), ensure_ascii=False)
    start, end = (_clean_month(row.get(f), f) for f in ("start", "end"))
    if start and end and end < start:
        raise ValidationError(N_("The end comes before the start."), field="end")
    clean["start"], clean["end"] = start, end
    clean["staff"] = _clean_staff(row.get("staff"))
    budget = row.get("budget") or ""
    if budget:
        budget = v.clean_choice(budget, field="budget", allowed=content.ids("budget_bands"))
    clean["budget"] = budget
    return clean


def _clean_list(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise ValidationError(N_("This answer cannot be saved."), field=field)
    if len(value) > LIST_MAX:
        raise ValidationError(
            N_("Too many entries ({count}; at most {limit})."),
            field=field,
            count=len(value),
            limit=LIST_MAX,
        )
    out: list[str] = []
    for item in value:
        text = v.clean_text(item, field=field, limit=ITEM_MAX)
        if field == "indicators" and not _ID.fullmatch(text):
            raise ValidationError(N_("Unknown entry."), field=field)
        if text and text not in out:
            out.append(text)
    return out


def _clean_month(value: Any, field: str) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or not _MONTH.fullmatch(value.strip()):
        raise ValidationError(N_("A month is written YYYY-MM, for example 2026-09."), field=field)
    return value.strip()


def _clean_staff(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValidationError(N_("This value must be a number."), field="staff")
    if not 0 <= value <= STAFF_MAX:
        raise ValidationError(
            N_("Staff time is counted in full-time equivalents, from 0 to {limit}."),
            field="staff",
            limit=int(STAFF_MAX),
        )
    return float(value)
