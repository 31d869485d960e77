"""Backups: demo → zip → new workspace gives identical tables; bad zips are refused whole."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from cikit import SCHEMA_VERSION, open_workspace
from cikit.cli import EXIT_OK, EXIT_PROBLEM, main
from cikit.store import schema as s
from cikit.store.backup import BackupError, backup_bytes, read_backup, restore_backup, write_backup


def raw_rows(location: str) -> dict[str, list[tuple]]:
    """Every row of every table as the database holds it (name_key and JSON text included)."""
    engine = sa.create_engine(location if "://" in location else f"sqlite:///{location}")
    try:
        with engine.connect() as conn:
            return {
                name: [tuple(r) for r in conn.execute(sa.select(s.metadata.tables[name]).order_by(
                    s.metadata.tables[name].c.id))]
                for name in s.TABLES
            }  # fmt: skip
    finally:
        engine.dispose()


def test_backup_then_restore_gives_identical_tables(demo_path, location):
    with open_workspace(demo_path) as ws:
        ws.update_profile(issue="<b>$x$</b> & \\section{y}")
        ws.add_partner("Sans secteur", "other")  # contact "", removed_at NULL
        data = backup_bytes(ws)
        before = ws.frames()
    restored = restore_backup(io.BytesIO(data), location)
    try:
        after = restored.frames()
        assert restored.schema_version == SCHEMA_VERSION
    finally:
        restored.close()
    assert set(after) == set(before) and set(s.TABLES) <= set(after)
    for name in before:  # the tables, and the results read from them
        pd.testing.assert_frame_equal(before[name], after[name], check_dtype=True, obj=name)
    if "://" not in location:
        assert raw_rows(demo_path) == raw_rows(location)


def test_restored_workspace_keeps_counting_ids(tmp_path, demo_path):
    target = tmp_path / "back.cikit"
    with open_workspace(demo_path) as ws:
        write_backup(ws, tmp_path / "b.zip")
        last = int(ws.frames()["partners"]["id"].max())
    with restore_backup(tmp_path / "b.zip", target) as ws:
        assert ws.add_partner("Nouveau partenaire", "community") == last + 1


def _rewrite(data: bytes, change) -> bytes:
    """A copy of a backup zip with its members passed through ``change(name, bytes)``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            got = change(info.filename, src.read(info.filename))
            if got is not None:
                dst.writestr(info.filename, got)
        extra = change("__extra__", b"")
        if extra:
            dst.writestr(*extra)
    return out.getvalue()


@pytest.fixture
def good_backup(demo_path) -> bytes:
    with open_workspace(demo_path) as ws:
        return backup_bytes(ws)


def _manifest_version(version):
    def change(name, raw):
        if name == "cikit-backup.json":
            manifest = json.loads(raw)
            manifest["schema_version"] = version
            return json.dumps(manifest)
        return None if name == "__extra__" else raw

    return change


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda n, r: None if n in ("tables/decisions.json", "__extra__") else r, "decisions is missing"),
        (_manifest_version(SCHEMA_VERSION + 1), "schema"),
        # Schema 5 had no activities table: a backup claiming it while holding one is not one.
        (_manifest_version(5), "cannot be restored"),
        (_manifest_version(0), "schema"),
        (_manifest_version("5; DROP TABLE"), "schema"),
        (lambda n, r: ("../../etc/passwd", "root:x:0:0") if n == "__extra__" else r, "outside"),
        (lambda n, r: ("/etc/passwd", "root") if n == "__extra__" else r, "outside"),
        (lambda n, r: None if n in ("cikit-backup.json", "__extra__") else r, "not a cikit backup"),
        (lambda n, r: (r.replace(b'"name"', b'"nom"', 1) if n == "tables/partners.json"
                       else (None if n == "__extra__" else r)), "other columns"),
        (lambda n, r: (r.replace(b"[[1,", b'[["un",', 1) if n == "tables/partners.json"
                       else (None if n == "__extra__" else r)), "damaged"),
    ],
)  # fmt: skip
def test_bad_backups_are_refused_and_nothing_is_written(tmp_path, good_backup, change, words):
    bad = _rewrite(good_backup, change)
    target = tmp_path / "new.cikit"
    with pytest.raises(BackupError) as err:
        restore_backup(io.BytesIO(bad), target)
    assert words in str(err.value)
    assert not target.exists()


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    notes = tmp_path / "notes.zip"
    notes.write_text("bonjour")
    with pytest.raises(BackupError, match="not a cikit backup"):
        read_backup(notes)


def test_cli_backup_and_import(tmp_path, demo_path, capsys, monkeypatch):
    monkeypatch.setenv("CIKIT_LANG", "en")
    zip_path = tmp_path / "save.zip"
    assert main(["export", demo_path, "--to", "zip", "--output", str(zip_path)]) == EXIT_OK
    target = tmp_path / "restored.cikit"
    assert main(["import", str(zip_path), str(target)]) == EXIT_OK
    capsys.readouterr()
    # An import never overwrites an existing workspace without --force.
    before = Path(target).read_bytes()
    assert main(["import", str(zip_path), str(target)]) == EXIT_PROBLEM
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err and err.count("\n") == 1
    assert Path(target).read_bytes() == before
    assert main(["import", str(zip_path), str(target), "--force"]) == EXIT_OK
    assert raw_rows(str(target)) == raw_rows(demo_path)


def test_cli_refuses_a_backup_of_a_damaged_workspace(tmp_path, demo_path, capsys, monkeypatch):
    from test_store import truncate_workspace

    monkeypatch.setenv("CIKIT_LANG", "fr")
    truncate_workspace(demo_path)
    code = main(["export", demo_path, "--to", "zip", "--output", str(tmp_path / "x.zip")])
    assert code == EXIT_PROBLEM
    err = capsys.readouterr().err
    assert err.startswith("cikit: ") and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "x.zip").exists()


def test_a_backup_from_an_older_schema_is_migrated(tmp_path):
    """A backup written before the last migration restores through the same steps."""
    import datetime as dt

    from sqlalchemy.pool import StaticPool

    from cikit.store.backup import dump
    from cikit.store.migrations import migrate

    old = SCHEMA_VERSION - 1
    engine = sa.create_engine("sqlite://", poolclass=StaticPool)
    when = dt.datetime(2025, 5, 4, 3, 2, 1, 123456)
    with engine.begin() as conn:
        migrate(conn, current=0, target=old)
        md = sa.MetaData()
        md.reflect(conn)
        conn.execute(
            md.tables["initiative"]
            .insert()
            .values(id=1, name="Ancienne <b>initiative</b>", created_at=when, updated_at=when)
        )
        conn.execute(
            md.tables["partners"]
            .insert()
            .values(
                id=7,
                name="CPE",
                name_key="cpe",
                sector="education",
                created_at=when,
                updated_at=when,
            )
        )
        buffer = io.BytesIO()
        dump(conn, [t for t in md.sorted_tables if t.name != "meta"], buffer)
    engine.dispose()
    with restore_backup(io.BytesIO(buffer.getvalue()), tmp_path / "old.cikit") as ws:
        assert ws.schema_version == SCHEMA_VERSION
        assert ws.profile()["name"] == "Ancienne <b>initiative</b>"
        partners = ws.partners()
        assert (
            partners["id"].tolist() == [7] and partners["created_at"].iloc[0].microsecond == 123456
        )
