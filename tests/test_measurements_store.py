"""Measurements in the store (SQLite and PostgreSQL): appended, latest counts, all or nothing."""

from __future__ import annotations

import pytest

from cikit.errors import ValidationError


def _row(**fields):
    row = {"indicator": "eqdem_vulnerable", "period": "2022", "x": 2022.0, "value": 29.0}
    row.update(fields)
    return row


def test_latest_entry_counts_and_history_keeps_all(workspace):
    partner = workspace.add_partner("CLSC", "health")
    assert workspace.add_measurements([_row(), _row(period="2017", x=2017.0, value=26.0)]) == 2
    workspace.add_measurements([_row(value=28.5)])
    workspace.add_measurements(
        [_row(dimension="territory", group="Vieux-Moulin", value=36.0, partner_id=partner)],
        source="import",
    )
    latest = workspace.measurements(indicator="eqdem_vulnerable")
    total = latest[latest["dimension"] == ""]
    assert total["period"].tolist() == ["2017", "2022"]
    assert total["value"].tolist() == [26.0, 28.5]
    assert latest[latest["group"] == "Vieux-Moulin"]["partner_id"].tolist() == [partner]
    assert len(workspace.measurements(history=True)) == 4
    frames = workspace.frames()["measurements"]
    assert len(frames) == 4 and set(frames["source"]) == {"entry", "import"}


def test_an_empty_value_withdraws_a_measurement(workspace):
    workspace.add_measurements([_row()])
    workspace.add_measurements([_row(value=None)])
    assert workspace.measurements().empty
    assert len(workspace.measurements(history=True)) == 2


@pytest.mark.parametrize(
    "bad",
    [
        {"indicator": "<script>"},
        {"indicator": ""},
        {"period": "22"},
        {"period": "2022-1"},
        {"x": "2022"},
        {"x": float("nan")},
        {"value": "3,5"},
        {"value": float("inf")},
        {"value": True},
        {"partner_id": 999},
        {"dimension": "territory"},
        {"group": "Vieux-Moulin"},
        {"group": "x" * 500, "dimension": "territory"},
    ],
)
def test_bad_rows_are_refused_and_nothing_is_half_written(workspace, bad):
    with pytest.raises(ValidationError):
        workspace.add_measurements([_row(period="2018", x=2018.0), _row(**bad)])
    assert workspace.measurements(history=True).empty


def test_many_rows_in_one_transaction(workspace):
    rows = [
        _row(period=str(1900 + i % 120), x=1900.0 + i % 120, value=float(i)) for i in range(12_000)
    ]
    assert workspace.add_measurements(rows, source="import") == 12_000
    assert len(workspace.measurements()) == 120
    assert workspace.measurements_signature()[0] == 12_000
