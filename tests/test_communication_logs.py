"""Checking plan and log entries, and the plan's meeting dates."""

from __future__ import annotations

import datetime as dt

import pytest

from cikit.analysis.logs import (
    calendar,
    clean_date,
    clean_decision,
    clean_lesson,
    clean_table,
    live,
    meeting_dates,
)
from cikit.errors import ValidationError


def test_dates():
    assert clean_date("2026-02-03") == "2026-02-03"
    assert clean_date(dt.date(2026, 2, 3)) == "2026-02-03"
    for bad in ("2026-02-30", "03/02/2026", "", None, 20260203, "2026-2-3"):
        with pytest.raises(ValidationError, match="YYYY-MM-DD"):
            clean_date(bad)


def test_decision_and_lesson_keep_html_as_text_and_refuse_bad_input():
    got = clean_decision({"date": "2026-01-05", "what": " <b>Go</b> ", "information": "",
                          "by": "Comité"})  # fmt: skip
    assert got == {"date": "2026-01-05", "what": "<b>Go</b>", "information": "", "by": "Comité"}
    with pytest.raises(ValidationError) as err:
        clean_decision({"date": "2026-01-05", "what": "  ", "by": "x"})
    assert err.value.field == "what"
    with pytest.raises(ValidationError, match="too long"):
        clean_decision({"date": "2026-01-05", "what": "x" * 2001, "by": "x"})
    assert clean_lesson({"date": "2026-01-05", "what": "w", "kind": "setback"})["kind"] == "setback"
    with pytest.raises(ValidationError) as err:
        clean_lesson({"date": "2026-01-05", "what": "w", "kind": "failure"})
    assert err.value.field == "kind"
    with pytest.raises(ValidationError):
        clean_lesson({"date": "2026-01-05", "what": ["w"], "kind": "success"})


def table(**changes):
    base = {"name": "Comité", "kind": "steering", "members": [1, 2], "frequency": "monthly",
            "channel": "Zoom", "audience": "", "start": "2026-01-31"}  # fmt: skip
    return {**base, **changes}


def test_table_members_must_be_partners():
    assert clean_table(table(members=[2, 1, 2]), [1, 2, 3])["members"] == [2, 1]
    for bad in ([9], ["1"], [True], "1,2"):
        with pytest.raises(ValidationError) as err:
            clean_table(table(members=bad), [1, 2, 3])
        assert err.value.field == "members"
    with pytest.raises(ValidationError):
        clean_table(table(frequency="sometimes"), [1, 2])
    with pytest.raises(ValidationError):
        clean_table(table(kind="party"), [1, 2])


def test_meeting_dates_by_frequency():
    since, until = dt.date(2026, 3, 1), dt.date(2026, 6, 30)
    # Monthly on the 31st: the last day of shorter months.
    assert meeting_dates("2026-01-31", "monthly", since, until) == [
        dt.date(2026, 3, 31), dt.date(2026, 4, 30), dt.date(2026, 5, 31), dt.date(2026, 6, 30)
    ]  # fmt: skip
    assert meeting_dates("2026-02-24", "every_2_weeks", since, dt.date(2026, 3, 31)) == [
        dt.date(2026, 3, 10), dt.date(2026, 3, 24)
    ]  # fmt: skip
    assert meeting_dates("2020-01-15", "quarterly", since, until) == [dt.date(2026, 4, 15)]
    assert meeting_dates("2026-09-01", "monthly", since, until) == []  # starts later
    assert meeting_dates("2019-03-04", "weekly", since, dt.date(2026, 3, 10)) == [
        dt.date(2026, 3, 2), dt.date(2026, 3, 9)
    ]  # fmt: skip
    assert meeting_dates("2025-11-06", "every_6_months", since, until) == [dt.date(2026, 5, 6)]
    assert meeting_dates("2025-03-10", "yearly", since, until) == [dt.date(2026, 3, 10)]


def test_calendar_lists_meetings_in_order_and_skips_broken_tables():
    tables = [
        {"key": "table.a", **table(name="B", start="2026-03-05", frequency="monthly")},
        {"key": "table.b", **table(name="A", start="2026-03-05", frequency="quarterly")},
        {"key": "table.c", **table(start="not a date")},
    ]
    got = calendar(tables, since=dt.date(2026, 3, 1), months=3)
    assert got[["month", "name"]].values.tolist() == [
        ["2026-03", "A"], ["2026-03", "B"], ["2026-04", "B"], ["2026-05", "B"]
    ]  # fmt: skip


def test_live_leaves_removed_records_out():
    records = [{"key": "a", "content": {"removed": True}}, {"key": "b", "content": {"x": 1}}]
    assert [r["key"] for r in live(records)] == ["b"]


def test_rounds_of_lists_every_wave_oldest_first(workspace):
    """The store's list of a survey's waves (SQLite and PostgreSQL)."""
    assert workspace.rounds_of("05_communication", "relations") == []
    first = workspace.open_round(workbook="05_communication", key="relations",
                                 config={"label": "Automne", "partners": [1, 2]})  # fmt: skip
    workspace.open_round(workbook="01_preconditions", key="readiness")
    second = workspace.open_round(workbook="05_communication", key="relations")
    waves = workspace.rounds_of("05_communication", "relations")
    assert [w["id"] for w in waves] == [first, second]
    assert waves[0]["config"] == {"label": "Automne", "partners": [1, 2]}
    assert [w["status"] for w in waves] == ["closed", "open"]  # opening a wave closes the last
