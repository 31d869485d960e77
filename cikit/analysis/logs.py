"""The communication plan, the decision log and the learning log: checking and dating.

Each record is a versioned decision of the Continuous communication workbook
(``table.<hex>``, ``decision.<hex>``, ``lesson.<hex>``); the functions here
check what a person typed before it is saved (every value is untrusted) and
compute the next meetings of the plan for the calendar view.  Typed text is
kept as typed: whoever shows it escapes it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from cikit.errors import N_, ValidationError

if TYPE_CHECKING:
    import pandas as pd

TABLE, DECISION, LESSON = "table.", "decision.", "lesson."
TABLE_KINDS = ("steering", "working_group", "forum", "other")
LESSON_KINDS = ("success", "setback")
# Each frequency is a step between meetings: (unit, count).
FREQUENCIES: dict[str, tuple[str, int]] = {
    "weekly": ("weeks", 1),
    "every_2_weeks": ("weeks", 2),
    "monthly": ("months", 1),
    "every_2_months": ("months", 2),
    "quarterly": ("months", 3),
    "every_6_months": ("months", 6),
    "yearly": ("months", 12),
}
# Labels on screen and in reports (message ids; translated where shown).
KIND_LABELS = {
    "steering": N_("Steering committee"),
    "working_group": N_("Working group"),
    "forum": N_("Community forum"),
    "other": N_("Other"),
}
FREQUENCY_LABELS = {
    "weekly": N_("Every week"),
    "every_2_weeks": N_("Every two weeks"),
    "monthly": N_("Every month"),
    "every_2_months": N_("Every two months"),
    "quarterly": N_("Every three months"),
    "every_6_months": N_("Twice a year"),
    "yearly": N_("Once a year"),
}
LESSON_LABELS = {"success": N_("Success"), "setback": N_("Setback")}
TEXT_MAX = 2000
NAME_MAX = 200
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def clean_date(value: Any, *, field: str = "date") -> str:
    """A ``YYYY-MM-DD`` date (a ``date`` object is accepted too); refused otherwise."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
        raise ValidationError(N_("Give a date as YYYY-MM-DD."), field=field)
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError as err:
        raise ValidationError(N_("Give a date as YYYY-MM-DD."), field=field) from err


def clean_text(value: Any, *, field: str, required: bool = True, limit: int = TEXT_MAX) -> str:
    """Stripped text; refused when empty (if required), too long or not text."""
    if value is None:
        value = ""
    if not isinstance(value, str) or any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise ValidationError(N_("This answer cannot be saved."), field=field)
    value = value.strip()
    if required and not value:
        raise ValidationError(N_("Fill in every required field."), field=field)
    if len(value) > limit:
        raise ValidationError(
            N_("A field is too long ({length} characters; at most {limit})."),
            field=field,
            length=len(value),
            limit=limit,
        )
    return value


def clean_choice(value: Any, allowed: Iterable[str], *, field: str) -> str:
    if not isinstance(value, str) or value not in tuple(allowed):
        raise ValidationError(N_("Unknown choice: {value}."), field=field, value=str(value)[:40])
    return value


def clean_decision(raw: dict[str, Any]) -> dict[str, Any]:
    """A decision-log entry: ``date``, ``what``, ``information`` (on what it rests), ``by``."""
    return {
        "date": clean_date(raw.get("date")),
        "what": clean_text(raw.get("what"), field="what"),
        "information": clean_text(raw.get("information"), field="information", required=False),
        "by": clean_text(raw.get("by"), field="by", limit=NAME_MAX),
    }


def clean_lesson(raw: dict[str, Any]) -> dict[str, Any]:
    """A learning-log entry: ``date``, ``what`` happened, ``kind`` (success/setback), ``change``."""
    return {
        "date": clean_date(raw.get("date")),
        "what": clean_text(raw.get("what"), field="what"),
        "kind": clean_choice(raw.get("kind"), LESSON_KINDS, field="kind"),
        "change": clean_text(raw.get("change"), field="change", required=False),
    }


def clean_table(raw: dict[str, Any], partners: Iterable[int]) -> dict[str, Any]:
    """A table of the communication plan; members must be partners of the initiative."""
    known = {int(p) for p in partners}
    members = raw.get("members") or []
    if not isinstance(members, (list, tuple)):
        raise ValidationError(N_("Unknown entry."), field="members")
    clean_members = []
    for m in members:
        if isinstance(m, bool) or not isinstance(m, int) or m not in known:
            raise ValidationError(N_("Unknown entry."), field="members")
        if m not in clean_members:
            clean_members.append(m)
    return {
        "name": clean_text(raw.get("name"), field="name", limit=NAME_MAX),
        "kind": clean_choice(raw.get("kind"), TABLE_KINDS, field="kind"),
        "members": clean_members,
        "frequency": clean_choice(raw.get("frequency"), FREQUENCIES, field="frequency"),
        "channel": clean_text(raw.get("channel"), field="channel", limit=NAME_MAX),
        "audience": clean_text(
            raw.get("audience"), field="audience", required=False, limit=NAME_MAX
        ),
        "start": clean_date(raw.get("start"), field="start"),
    }


def live(records: list[dict]) -> list[dict]:
    """Records (decisions as the store returns them) whose latest version is not removed."""
    return [r for r in records if not (r.get("content") or {}).get("removed")]


def _step(day: pd.Timestamp, frequency: str, n: int) -> pd.Timestamp:
    import pandas as pd

    unit, count = FREQUENCIES[frequency]
    if unit == "weeks":
        return day + pd.Timedelta(weeks=count * n)
    return day + pd.DateOffset(months=count * n)


def meeting_dates(start: str, frequency: str, since: dt.date, until: dt.date) -> list[dt.date]:
    """Dates from ``since`` to ``until`` (inclusive) of a table meeting from ``start`` on.

    Monthly steps keep the day of the month, or the month's last day when it is
    shorter (a table meeting on the 31st meets on 30 April).
    """
    import pandas as pd

    first = pd.Timestamp(clean_date(start, field="start"))
    if frequency not in FREQUENCIES:
        return []
    out = []
    n = 0
    # Skip ahead roughly, then walk: a weekly table started years ago stays cheap.
    unit, count = FREQUENCIES[frequency]
    if pd.Timestamp(since) > first:
        gap_days = (pd.Timestamp(since) - first).days
        n = (
            max(0, gap_days // (7 * count) - 1)
            if unit == "weeks"
            else max(0, (gap_days // 31) // count - 1)
        )
    while True:
        day = _step(first, frequency, n)
        if day.date() > until:
            return out
        if day.date() >= since:
            out.append(day.date())
        n += 1


def calendar(tables: list[dict], *, since: dt.date, months: int = 6) -> pd.DataFrame:
    """Meetings of the plan's tables in the ``months`` months from ``since``.

    ``tables`` are dicts with ``key`` and the cleaned content's fields.  Returns
    one row per meeting: ``date``, ``month`` (``YYYY-MM``), ``key``, ``name``,
    ``kind``, ``channel``; oldest first.
    """
    import pandas as pd

    until = (pd.Timestamp(since) + pd.DateOffset(months=months) - pd.Timedelta(days=1)).date()
    rows = []
    for t in tables:
        try:
            dates = meeting_dates(t.get("start"), t.get("frequency"), since, until)
        except ValidationError:
            continue
        for day in dates:
            rows.append(
                (day, day.strftime("%Y-%m"), t.get("key", ""), t.get("name", ""),
                 t.get("kind", "other"), t.get("channel", ""))
            )  # fmt: skip
    frame = pd.DataFrame(rows, columns=["date", "month", "key", "name", "kind", "channel"])
    return frame.sort_values(["date", "name"], kind="stable").reset_index(drop=True)
