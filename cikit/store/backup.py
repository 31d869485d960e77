"""Lossless backups: every table of a workspace in one zip, and back into a new workspace.

A trainer on an ephemeral Binder session leaves with a backup and comes back
with it, so a restore must give back *exactly* what was saved: ids, NULLs,
timestamps to the microsecond, JSON kept as the text it was.  The backup walks
:data:`cikit.store.schema.TABLES`, so a table added by a later schema is
included without touching this module.

Layout of the zip (plain JSON, readable by anyone)::

    cikit-backup.json        {"application": "cikit", "format": 1,
                              "schema_version": N, "tables": [...]}
    tables/<table>.json      {"columns": [...], "rows": [[...], ...]}

A zip is refused whole, with a message, when it is not a cikit backup, when it
holds a path outside its own folders (``../../etc/passwd``), when a table is
missing or has other columns, when a value has the wrong type, or when it was
written by a newer schema.  A backup from an older schema is brought up to date
through the same migration steps (:mod:`cikit.store.migrations`) an old
workspace takes when it is opened.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

import sqlalchemy as sa

from cikit.errors import N_, WorkspaceError
from cikit.limits import megabytes
from cikit.safezip import ZipLimitError, open_bounded
from cikit.store import schema as s
from cikit.store.engine import display_name
from cikit.store.migrations import migrate
from cikit.store.workspace import Workspace, new_generation

MANIFEST = "cikit-backup.json"
FORMAT = 1
MAX_MEMBER_BYTES = 512 * 1024 * 1024  # a zip bomb is refused before it is read
MAX_TOTAL_BYTES = 512 * 1024 * 1024
"""What all of a backup's files may hold together once unpacked (its JSON is read in memory)."""
MAX_MEMBERS = 64
"""A backup holds its manifest and one file per table: anything near this is not a backup."""


class BackupError(WorkspaceError):
    """A backup cannot be read or restored; nothing was written."""


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def backup_bytes(ws: Workspace) -> bytes:
    """The whole workspace as a zip, in memory (for a browser download)."""
    buffer = io.BytesIO()
    write_backup(ws, buffer)
    return buffer.getvalue()


def write_backup(ws: Workspace, target: str | Path | BinaryIO) -> None:
    """Write every table and the schema version to ``target`` (a path or a binary file)."""
    with ws._guard(), ws._read() as conn:
        dump(conn, [s.metadata.tables[name] for name in s.TABLES], target)


def dump(conn: sa.Connection, tables: list[sa.Table], target: str | Path | BinaryIO) -> None:
    """Write ``tables`` as read through ``conn``, with the database's schema version."""
    version = int(conn.execute(
        sa.text("SELECT value FROM meta WHERE key = 'schema_version'")
    ).scalar_one())  # fmt: skip
    data = {}
    for table in tables:
        columns = [c.name for c in table.columns]
        rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
        data[table.name] = {"columns": columns, "rows": [[_encode(v) for v in r] for r in rows]}
    manifest = {
        "application": s.APPLICATION_ID,
        "format": FORMAT,
        "schema_version": version,
        "tables": list(data),
        "written_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        for name, table_data in data.items():
            archive.writestr(f"tables/{name}.json", json.dumps(table_data, ensure_ascii=False))


# -- reading a backup -----------------------------------------------------------------


def _refuse(source: str, msgid: str, **params: Any) -> BackupError:
    return BackupError(msgid, path=source, **params)


def _open(source: str | Path | BinaryIO, label: str) -> zipfile.ZipFile:
    """The backup's zip, refused whole when it claims too many files or too much content."""
    not_a_zip = N_("{path} cannot be restored: it is not a cikit backup (not a zip file).")
    try:
        return open_bounded(source, max_members=MAX_MEMBERS, max_unpacked=MAX_TOTAL_BYTES)
    except ZipLimitError as err:
        if err.reason == "too_many_members":
            raise _refuse(
                label,
                N_(
                    "{path} cannot be restored: it holds too many files ({count}; at most {limit})."
                ),
                count=err.found,
                limit=MAX_MEMBERS,
            ) from err
        if err.reason == "too_large":
            raise _refuse(
                label,
                N_(
                    "{path} cannot be restored: once unpacked it would take {size} MB "
                    "(at most {limit} MB)."
                ),
                size=megabytes(err.found),
                limit=megabytes(MAX_TOTAL_BYTES),
            ) from err
        raise _refuse(label, not_a_zip) from err


def _safe_names(archive: zipfile.ZipFile, source: str) -> set[str]:
    names = set()
    for info in archive.infolist():
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or ":" in name:
            raise _refuse(
                source,
                N_("{path} cannot be restored: it holds a path outside the backup ({name})."),
                name=name[:80],
            )
        if info.file_size > MAX_MEMBER_BYTES:
            raise _refuse(
                source,
                N_("{path} cannot be restored: one of its files is too large ({name})."),
                name=name[:80],
            )
        names.add(name)
    return names


def _read_json(archive: zipfile.ZipFile, name: str, source: str) -> Any:
    try:
        return json.loads(archive.read(name).decode("utf-8"))
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile, OSError) as err:
        raise _refuse(
            source, N_("{path} cannot be restored: {name} is damaged."), name=name
        ) from err


def _check_value(value: Any, column: sa.Column) -> Any:
    """The value as the database takes it, or ValueError when it does not fit the column."""
    if value is None:
        if not column.nullable and not column.primary_key:
            raise ValueError("null")
        return None
    kind = column.type
    if isinstance(kind, sa.DateTime):
        if not isinstance(value, str):
            raise ValueError("date")
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, sa.Boolean):
        if not isinstance(value, bool):
            raise ValueError("bool")
        return value
    if isinstance(kind, sa.Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("int")
        return value
    if isinstance(kind, sa.Float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("float")
        return float(value)
    if isinstance(kind, sa.String):  # Text is a String
        if not isinstance(value, str):
            raise ValueError("text")
        return value
    return value


def read_backup(source: str | Path | BinaryIO) -> tuple[int, dict[str, list[dict]]]:
    """Check a backup and return its schema version and rows, table by table.

    Raises :class:`BackupError` naming the first problem; reads nothing partially.
    """
    label = display_name(str(source)) if isinstance(source, (str, Path)) else "backup"
    archive = _open(source, label)
    with archive:
        names = _safe_names(archive, label)
        if MANIFEST not in names:
            raise _refuse(label, N_("{path} cannot be restored: it is not a cikit backup."))
        manifest = _read_json(archive, MANIFEST, label)
        if not isinstance(manifest, dict) or manifest.get("application") != s.APPLICATION_ID:
            raise _refuse(label, N_("{path} cannot be restored: it is not a cikit backup."))
        if manifest.get("format") != FORMAT:
            raise _refuse(
                label, N_("{path} cannot be restored: its format is unknown to this cikit.")
            )
        version = manifest.get("schema_version")
        if (
            isinstance(version, bool)
            or not isinstance(version, int)
            or not (1 <= version <= s.SCHEMA_VERSION)
        ):
            raise _refuse(
                label,
                N_(
                    "{path} cannot be restored: it was written with schema {found}; "
                    "this cikit reads schema {expected}."
                ),
                found=str(version)[:20],
                expected=s.SCHEMA_VERSION,
            )
        if version == s.SCHEMA_VERSION:
            tables = [s.metadata.tables[name] for name in s.TABLES]
            return version, _table_rows(archive, names, tables, label)
        return version, _upgraded_rows(archive, names, version, label)


def _table_rows(
    archive: zipfile.ZipFile, names: set[str], tables: list[sa.Table], label: str
) -> dict[str, list[dict]]:
    """Every given table's rows from the archive, each value checked against its column."""
    extra = sorted(
        n for n in names if n.startswith("tables/") and n[7:-5] not in {t.name for t in tables}
    )
    if extra:
        raise _refuse(
            label,
            N_("{path} cannot be restored: it holds a table its schema does not have ({name})."),
            name=extra[0][:80],
        )
    rows: dict[str, list[dict]] = {}
    for table in tables:
        name = table.name
        member = f"tables/{name}.json"
        if member not in names:
            raise _refuse(
                label, N_("{path} cannot be restored: the table {table} is missing."), table=name
            )
        data = _read_json(archive, member, label)
        expected = [c.name for c in table.columns]
        if not isinstance(data, dict) or data.get("columns") != expected:
            raise _refuse(
                label,
                N_("{path} cannot be restored: the table {table} has other columns."),
                table=name,
            )
        found = data.get("rows")
        if not isinstance(found, list):
            raise _refuse(label, N_("{path} cannot be restored: {name} is damaged."), name=member)
        checked = []
        for number, row in enumerate(found, start=1):
            try:
                if not isinstance(row, list) or len(row) != len(expected):
                    raise ValueError("row")
                checked.append(
                    {c.name: _check_value(v, c) for c, v in zip(table.columns, row, strict=True)}
                )
            except (ValueError, TypeError) as err:
                raise _refuse(
                    label,
                    N_("{path} cannot be restored: row {row} of {table} is damaged."),
                    row=number,
                    table=name,
                ) from err
        rows[name] = checked
    return rows


def _upgraded_rows(
    archive: zipfile.ZipFile, names: set[str], version: int, label: str
) -> dict[str, list[dict]]:
    """The rows of a backup from an older schema, brought to the current one.

    They go into a scratch in-memory database built at the backup's version, then
    through the same migration steps an old workspace takes when it is opened.
    """
    from sqlalchemy.pool import StaticPool

    engine = sa.create_engine("sqlite://", poolclass=StaticPool)
    try:
        with engine.begin() as conn:
            migrate(conn, current=0, target=version)
            old = sa.MetaData()
            old.reflect(conn)
            tables = [t for t in old.sorted_tables if t.name != "meta"]
            rows = _table_rows(archive, names, tables, label)
            for table in tables:
                if rows[table.name]:
                    conn.execute(table.insert(), rows[table.name])
            migrate(conn, current=version)
            return {
                name: [
                    dict(r._mapping)
                    for r in conn.execute(
                        sa.select(s.metadata.tables[name]).order_by(
                            *s.metadata.tables[name].primary_key.columns
                        )
                    )
                ]
                for name in s.TABLES
            }
    except sa.exc.DBAPIError as err:
        raise _refuse(
            label, N_("{path} cannot be restored: {name} is damaged."), name="tables"
        ) from err
    finally:
        engine.dispose()


def restore_backup(
    source: str | Path | BinaryIO, target: str | Path, *, force: bool = False
) -> Workspace:
    """Restore a backup into a new workspace at ``target`` (refused if it exists, unless ``force``).

    The backup is read and checked whole before anything is written; the rows go in
    one transaction, so a failure leaves no half-restored workspace behind.
    """
    _version, rows = read_backup(source)
    initiative = rows.get("initiative") or [{}]
    ws = Workspace.create(
        target,
        name=initiative[0].get("name") or "cikit",
        lang=initiative[0].get("default_lang") or "fr",
        force=force,
    )
    try:
        _replace_rows(ws, rows)
    except BaseException:
        ws.close()
        raise
    return ws


def restore_into(ws: Workspace, source: str | Path | BinaryIO) -> None:
    """Replace everything in an open workspace by a backup, in one transaction.

    Used by the overview workbook, where other pages have the same workspace open:
    the file stays where it is and they see the restored data on their next read.
    """
    _version, rows = read_backup(source)
    _replace_rows(ws, rows)


def _replace_rows(ws: Workspace, rows: dict[str, list[dict]]) -> None:
    """Replace every row, and start a new generation: pages opened before can no longer write
    (their ids may now be someone else's), and their polling tells them to reload."""
    with ws._guard(), ws._write() as conn:
        generation = new_generation(conn)
        ordered = [t for t in s.metadata.sorted_tables if t.name in s.TABLES]
        # Room state derived from the old rows goes with them.
        conn.execute(s.round_results.delete())
        conn.execute(s.presence.delete())
        for table in reversed(ordered):
            conn.execute(table.delete())
        for table in ordered:
            if rows[table.name]:
                conn.execute(table.insert(), rows[table.name])
        if conn.dialect.name == "postgresql":
            for table in ordered:  # ids were given: move each sequence past them
                conn.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                ))  # fmt: skip
    ws._generation = generation  # the restoring page carries on with what it restored
