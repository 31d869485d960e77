"""Schema versions: an old workspace is upgraded on open, a newer one is refused,
and the schema built step by step is the one :mod:`cikit.store.schema` describes."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
import sqlalchemy as sa

from cikit import SCHEMA_VERSION, create_workspace, open_workspace
from cikit.errors import SchemaError, ValidationError, WorkspaceError
from cikit.store import schema
from cikit.store.engine import make_engine
from cikit.store.migrations import MIGRATIONS, migrate, read_version

WHEN = dt.datetime(2024, 3, 12, 14, 30, 0)


def _sql(statement: str) -> sa.TextClause:
    return sa.text(statement).bindparams(sa.bindparam("when", type_=sa.DateTime))


def build_version_1(location: str) -> None:
    """A workspace as cikit wrote it at schema 1, with an initiative, a partner and an answer."""
    engine = make_engine(location)
    try:
        with engine.begin() as conn:
            assert migrate(conn, current=0, target=1) == [1]
            conn.execute(
                _sql(
                    "INSERT INTO initiative (id, name, scale, default_lang, created_at, updated_at)"
                    " VALUES (1, :name, 'neighbourhood', 'en', :when, :when)"
                ),
                {"name": "Grandir ensemble à Rivière-aux-Saules", "when": WHEN},
            )
            conn.execute(
                _sql(
                    "INSERT INTO partners (id, name, name_key, sector, contact, created_at, updated_at)"
                    " VALUES (1, 'École Sainte-Anne', 'ecole sainte-anne', 'education', 'Isabelle',"
                    " :when, :when)"
                ),
                {"when": WHEN},
            )
            conn.execute(
                _sql(
                    "INSERT INTO responses (workbook, item, value, created_at)"
                    " VALUES ('01_preconditions', 'urgence', :value, :when)"
                ),
                {"value": json.dumps({"niveau": 3, "note": "très urgent"}), "when": WHEN},
            )
            assert read_version(conn) == 1
            columns = {c["name"] for c in sa.inspect(conn).get_columns("responses")}
            assert "round_id" not in columns
            assert not sa.inspect(conn).has_table("rounds")
    finally:
        engine.dispose()


def test_open_upgrades_a_version_1_workspace_with_its_data(location):
    build_version_1(location)

    with open_workspace(location) as ws:
        assert ws.schema_version == SCHEMA_VERSION
        profile = ws.profile()
        assert profile["name"] == "Grandir ensemble à Rivière-aux-Saules"
        assert (profile["scale"], profile["default_lang"]) == ("neighbourhood", "en")
        frames = ws.frames()

        partners = frames["partners"]
        assert partners["name"].tolist() == ["École Sainte-Anne"]
        assert partners["created_at"].tolist() == [pd.Timestamp(WHEN, tz="UTC")]

        responses = frames["responses"]
        assert "round_id" in responses.columns
        assert responses["value"].tolist() == [{"niveau": 3, "note": "très urgent"}]
        assert responses["round_id"].isna().all()
        assert frames["rounds"].empty

        # The upgraded workspace goes on: old names still count, new answers are appended.
        with pytest.raises(ValidationError, match="already on the list"):
            ws.add_partner("ECOLE SAINTE-ANNE", "community")
        with pytest.raises(ValidationError, match=r"Unknown entry\."):
            ws.append_response(workbook="01_preconditions", item="urgence", value=1, round_id=1)
        ws.append_response(workbook="01_preconditions", item="urgence", value=4)
        assert ws.counts()["responses"] == 2

    with open_workspace(location) as again:
        assert again.schema_version == SCHEMA_VERSION


def test_a_workspace_from_a_newer_cikit_is_refused(location):
    create_workspace(location, name="Du futur").close()
    engine = make_engine(location)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE meta SET value = '99' WHERE key = 'schema_version'"))
    engine.dispose()

    with pytest.raises(SchemaError, match=rf"schema 99; this cikit knows up to {SCHEMA_VERSION}"):
        open_workspace(location)

    engine = make_engine(location)
    with engine.connect() as conn:
        assert read_version(conn) == 99
    engine.dispose()


def test_every_version_has_a_step():
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION + 1))


def _described(conn: sa.Connection) -> dict[str, dict[str, bool]]:
    """Each table's columns and whether they accept NULL, as the database reports them."""
    inspector = sa.inspect(conn)
    return {
        table: {c["name"]: bool(c["nullable"]) for c in inspector.get_columns(table)}
        for table in inspector.get_table_names()
    }


def test_schema_built_from_zero_matches_the_metadata(location):
    create_workspace(location, name="Schéma").close()
    engine = make_engine(location)
    try:
        with engine.connect() as conn:
            built = _described(conn)
            indexes = {
                table: {ix["name"] for ix in sa.inspect(conn).get_indexes(table)} for table in built
            }
    finally:
        engine.dispose()

    expected = {
        table.name: {c.name: bool(c.nullable) for c in table.columns}
        for table in schema.metadata.sorted_tables
    }
    assert sorted(built) == sorted(expected)
    for name, columns in expected.items():
        assert list(built[name]) == list(columns), name
        assert built[name] == columns, name
    for table in schema.metadata.sorted_tables:
        assert {ix.name for ix in table.indexes} <= indexes[table.name], table.name


def test_an_upgrade_that_fails_halfway_leaves_the_old_version(location, monkeypatch):
    build_version_1(location)
    step = MIGRATIONS[2]

    def fails_after_its_work(conn: sa.Connection) -> None:
        step(conn)
        raise sa.exc.OperationalError("ALTER TABLE", {}, Exception("disk I/O error"))

    monkeypatch.setitem(MIGRATIONS, 2, fails_after_its_work)
    with pytest.raises(WorkspaceError, match="disk I/O error"):
        open_workspace(location)

    engine = make_engine(location)
    with engine.connect() as conn:
        assert read_version(conn) == 1
        assert not sa.inspect(conn).has_table("rounds")
        assert "round_id" not in {c["name"] for c in sa.inspect(conn).get_columns("responses")}
    engine.dispose()

    monkeypatch.setitem(MIGRATIONS, 2, step)
    with open_workspace(location) as ws:
        assert ws.schema_version == SCHEMA_VERSION
        assert ws.counts()["responses"] == 1
