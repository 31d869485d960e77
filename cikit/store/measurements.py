"""Measurements of the shared indicators, written by many people over the years.

Values are appended, never rewritten: a correction is a new entry for the same
indicator, period, partner and group, and the latest entry counts (an entry
with no value withdraws the earlier ones).  An import is one transaction: all
its rows are written, or none.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from cikit.errors import N_, ValidationError
from cikit.store import schema as s
from cikit.store import validate as v

if TYPE_CHECKING:
    import pandas as pd

SOURCES = ("entry", "import", "demo")
KEY = ["indicator", "period", "partner_id", "dimension", "group"]
COLUMNS = ["id", "indicator", "period", "x", "value", "partner_id", "dimension", "group",
           "source", "entered_at"]  # fmt: skip
_ID = re.compile(r"^[a-z0-9_.:-]{1,64}$")
_PERIOD = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
CHUNK = 5_000


class MeasurementsMixin:
    """The measurement methods of :class:`~cikit.store.Workspace`."""

    def add_measurements(self, rows: Iterable[Mapping[str, Any]], *, source: str = "entry") -> int:
        """Append measurements in one transaction; returns how many were written.

        Each row has ``indicator``, ``period`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``),
        ``x`` (the period as a decimal year), ``value`` (a finite number, or None to
        withdraw) and optionally ``partner_id``, ``dimension`` and ``group``.
        """
        from cikit.store.workspace import utcnow

        source = v.clean_choice(source, field="source", allowed=SOURCES)
        clean = [_clean_row(row) for row in rows]
        if not clean:
            return 0
        partner_ids = {r["partner_id"] for r in clean} - {None}
        now = utcnow()
        for row in clean:
            row["source"] = source
            row["entered_at"] = now
        with self._guard(), self._write() as conn:
            if partner_ids:
                known = set(
                    conn.execute(
                        sa.select(s.partners.c.id).where(s.partners.c.id.in_(partner_ids))
                    ).scalars()
                )
                if partner_ids - known:
                    raise ValidationError(N_("Unknown entry."), field="partner")
            for start in range(0, len(clean), CHUNK):
                conn.execute(s.measurements.insert(), clean[start : start + CHUNK])
        return len(clean)

    def measurements(self, *, indicator: str | None = None, history: bool = False) -> pd.DataFrame:
        """The measurements, latest entry per indicator, period, partner and group.

        ``history=True`` returns every entry (corrections and withdrawals included).
        Withdrawn values (latest entry without a value) are left out of the latest view.
        """
        import pandas as pd

        query = sa.select(*[s.measurements.c[c] for c in COLUMNS]).order_by(s.measurements.c.id)
        if indicator is not None:
            query = query.where(s.measurements.c.indicator == indicator)
        with self._guard(), self._read() as conn:
            rows = conn.execute(query).all()
        frame = pd.DataFrame([tuple(r) for r in rows], columns=COLUMNS)
        frame["partner_id"] = frame["partner_id"].astype("Int64")
        frame["value"] = frame["value"].astype(float)
        frame["x"] = frame["x"].astype(float)
        frame["entered_at"] = pd.to_datetime(frame["entered_at"], utc=True)
        if history or frame.empty:
            return frame.reset_index(drop=True)
        latest = frame.drop_duplicates(KEY, keep="last")
        return (
            latest[latest["value"].notna()].sort_values(["indicator", "x"]).reset_index(drop=True)
        )

    def measurements_signature(self) -> tuple:
        with self._guard(), self._read() as conn:
            count, last = conn.execute(
                sa.select(sa.func.count(), sa.func.max(s.measurements.c.id))
            ).first()
        return (int(count), last)


def _clean_row(row: Mapping[str, Any]) -> dict[str, Any]:
    import pandas as pd

    if not isinstance(row, Mapping):
        raise ValidationError(N_("This answer cannot be saved."), field="measurement")
    indicator = row.get("indicator")
    if not isinstance(indicator, str) or not _ID.fullmatch(indicator):
        raise ValidationError(N_("Unknown entry."), field="indicator")
    period = row.get("period")
    if not isinstance(period, str) or not _PERIOD.fullmatch(period):
        raise ValidationError(N_("Unknown entry."), field="period")
    x = row.get("x")
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
        raise ValidationError(N_("Unknown entry."), field="period")
    value = row.get("value")
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
    ):
        raise ValidationError(N_("This value must be a number."), field="value")
    partner = row.get("partner_id")
    partner_id = (
        None if partner is None or pd.isna(partner) else v.clean_id(int(partner), field="partner")
    )
    dimension = row.get("dimension") or ""
    group = row.get("group") or ""
    if not isinstance(dimension, str) or (dimension and not _ID.fullmatch(dimension)):
        raise ValidationError(N_("Unknown entry."), field="dimension")
    group = v.clean_text(group, field="group", limit=v.NAME_MAX) if group else ""
    if bool(dimension) != bool(group):
        raise ValidationError(N_("Unknown entry."), field="group")
    return {
        "indicator": indicator,
        "period": period,
        "x": float(x),
        "value": None if value is None else float(value),
        "partner_id": partner_id,
        "dimension": dimension,
        "group": group,
    }
