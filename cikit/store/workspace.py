"""The workspace: everything one initiative has written, behind one object.

The workspace is the only thing in cikit that touches the database.  Apps call
its methods with untrusted values; it validates them, writes in one
transaction, and raises :class:`~cikit.errors.CikitError` subclasses whose
messages can be shown to people in their language.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from cikit.errors import N_, CikitError, ValidationError, WorkspaceError
from cikit.store import schema as s
from cikit.store import validate as v
from cikit.store.activities import ActivitiesMixin
from cikit.store.decisions import DecisionsMixin
from cikit.store.engine import (
    WRITE,
    check_sqlite_file,
    display_name,
    is_url,
    make_engine,
)
from cikit.store.frames import FramesMixin
from cikit.store.measurements import MeasurementsMixin
from cikit.store.migrations import migrate, read_version
from cikit.store.people import PeopleMixin
from cikit.store.presence import PresenceMixin
from cikit.store.round_reads import RoundReadsMixin
from cikit.store.rounds import RoundsMixin

PROFILE_FIELDS = ("name", "issue", "population", "territory", "scale", "default_lang")
PG_WRITE_LOCK = 0x63696B6974  # "cikit": the advisory lock that queues writers on PostgreSQL


def utcnow() -> dt.datetime:
    """Naive UTC: SQLite keeps no zone, so every timestamp is stored as UTC."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Workspace(
    PeopleMixin,
    DecisionsMixin,
    FramesMixin,
    RoundsMixin,
    RoundReadsMixin,
    MeasurementsMixin,
    ActivitiesMixin,
    PresenceMixin,
):
    """One initiative's data, in a SQLite file or a SQL database.

    The methods of each kind of record live in a mixin of their own module
    (people, decisions, frames, rounds and their light reads, measurements, activities, presence);
    this class keeps what they all share: opening, transactions and their
    errors, restores, and the profile.
    """

    def __init__(self, path_or_url: str | Path, engine: sa.Engine) -> None:
        self.location = str(path_or_url)
        self.engine = engine
        # The generation this object's writes belong to (None: unchecked, e.g. while
        # creating).  A restore starts a new one; see generation() and _write().
        self._generation: str | None = None
        self._shared: sa.Connection | None = None

    # -- opening and creating -------------------------------------------------

    @classmethod
    def open(cls, path_or_url: str | Path) -> Workspace:
        location = str(path_or_url)
        if not is_url(location):
            check_sqlite_file(Path(location), must_exist=True)
        ws = cls(location, make_engine(location))
        try:
            with ws._guard():
                # A read first: every page opens the workspace, and only an old schema
                # needs the write lock (which queues every other page's writes).
                with ws._read() as conn:
                    ws._require_cikit(conn)
                    current = read_version(conn)
                if current != s.SCHEMA_VERSION:
                    with ws._write() as conn:
                        ws._require_cikit(conn)
                        migrate(conn, current=read_version(conn))
                ws._generation = ws.generation()
        except BaseException:
            ws.close()
            raise
        return ws

    @classmethod
    def create(
        cls, path_or_url: str | Path, *, name: str, lang: str = "fr", force: bool = False
    ) -> Workspace:
        location = str(path_or_url)
        name = v.clean_name(name)
        lang = v.clean_language(lang)
        if not is_url(location):
            path = Path(location)
            check_sqlite_file(path, must_exist=False)
            if path.exists():
                if not force:
                    raise WorkspaceError(
                        N_("{path} already exists. Use --force to replace it."), path=location
                    )
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(location + suffix).unlink(missing_ok=True)
        ws = cls(location, make_engine(location))
        try:
            with ws._guard(), ws._write() as conn:
                if sa.inspect(conn).has_table("meta"):
                    if not force:
                        raise WorkspaceError(
                            N_("{path} already holds a workspace. Use --force to replace it."),
                            path=display_name(location),
                        )
                    s.metadata.drop_all(conn)
                elif sa.inspect(conn).get_table_names():
                    raise WorkspaceError(
                        N_("{path} holds other tables; cikit will not write there."),
                        path=display_name(location),
                    )
                migrate(conn, current=0)
                now = utcnow()
                conn.execute(
                    s.initiative.insert().values(
                        id=1, name=name, default_lang=lang, created_at=now, updated_at=now
                    )
                )
        except BaseException:
            ws.close()
            raise
        return ws

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Workspace({display_name(self.location)!r})"

    @property
    def display_location(self) -> str:
        return display_name(self.location)

    # -- transactions and errors -----------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        with self.engine.connect().execution_options(**{WRITE: True}) as conn:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    # Like BEGIN IMMEDIATE on SQLite: one writer at a time, so what a write
                    # checks first (a duplicate name, the next decision version) still
                    # holds when it commits.
                    conn.execute(
                        sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_WRITE_LOCK}
                    )
                if self._generation is not None and _generation(conn) != self._generation:
                    # A backup was restored since this object opened the workspace: its
                    # ids and rows may now be someone else's.  Checked under the write
                    # lock, so no write slips in between a restore and this check.
                    raise StaleWorkspaceError(
                        N_(
                            "The workspace was restored from a backup after this page was "
                            "opened: nothing was saved. Reload the page, then join again."
                        )
                    )
                yield conn

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        if self._shared is not None:
            yield self._shared
            return
        with self.engine.connect() as conn:
            with conn.begin():
                yield conn

    @contextmanager
    def one_connection(self) -> Iterator[None]:
        """Reads inside share one connection and one snapshot (a page's poll: one, not three).

        Writes still take their own connection.  On PostgreSQL, where a kernel holds
        no connection between reads, this is what keeps polling cheap.
        """
        if self._shared is not None:
            yield
            return
        with self._guard(), self.engine.connect() as conn, conn.begin():
            self._shared = conn
            try:
                yield
            finally:
                self._shared = None

    # -- restores -------------------------------------------------------------------

    def generation(self) -> str:
        """Which restore the workspace's content comes from ('' before the first restore)."""
        with self._guard(), self._read() as conn:
            return _generation(conn)

    @property
    def stale(self) -> bool:
        """True when a backup was restored since this object opened the workspace."""
        return self._generation is not None and self.generation() != self._generation

    def adopt_generation(self) -> None:
        """Take the current content as this object's (a page that has shown nothing yet)."""
        self._generation = self.generation()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn database failures into one message that names the workspace."""
        try:
            yield
        except CikitError:
            raise
        except sa.exc.OperationalError as err:
            raise WorkspaceError(
                N_("Cannot use the workspace {path}: {reason}"),
                path=self.display_location,
                reason=_first_line(err),
            ) from err
        except sa.exc.DatabaseError as err:
            raise WorkspaceError(
                N_("The workspace {path} is damaged or is not a cikit workspace ({reason})."),
                path=self.display_location,
                reason=_first_line(err),
            ) from err

    def _require_cikit(self, conn: sa.Connection) -> None:
        names = set(sa.inspect(conn).get_table_names())
        if "meta" not in names:
            raise WorkspaceError(N_("{path} is not a cikit workspace."), path=self.display_location)
        row = conn.execute(sa.text("SELECT value FROM meta WHERE key = 'application'")).first()
        if not row or row[0] != s.APPLICATION_ID:
            raise WorkspaceError(N_("{path} is not a cikit workspace."), path=self.display_location)

    @property
    def schema_version(self) -> int:
        with self._guard(), self._read() as conn:
            return read_version(conn)

    # -- the initiative's profile ------------------------------------------------

    def profile(self) -> dict[str, Any]:
        with self._guard(), self._read() as conn:
            row = conn.execute(sa.select(s.initiative).where(s.initiative.c.id == 1)).mappings()
            found = row.first()
        if found is None:
            raise WorkspaceError(
                N_("The workspace {path} is damaged or is not a cikit workspace ({reason})."),
                path=self.display_location,
                reason="no initiative",
            )
        return dict(found)

    def update_profile(self, **fields: Any) -> dict[str, Any]:
        """Change some fields of the profile; unknown or invalid fields change nothing."""
        clean: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "name":
                clean[key] = v.clean_name(value, field="name")
            elif key in ("issue", "population", "territory"):
                clean[key] = v.clean_text(value, field=key)
            elif key == "scale":
                clean[key] = v.clean_scale(value)
            elif key == "default_lang":
                clean[key] = v.clean_language(value)
            else:
                raise ValidationError(N_("Unknown field: {value}."), field=key, value=key[:40])
        if clean:
            clean["updated_at"] = utcnow()
            with self._guard(), self._write() as conn:
                conn.execute(s.initiative.update().where(s.initiative.c.id == 1).values(**clean))
        return self.profile()

    # -- responses ----------------------------------------------------------------------

    def append_response(
        self,
        *,
        workbook: str,
        item: str,
        value: Any,
        participant_id: int | None = None,
        round_id: int | None = None,
    ) -> int:
        """Record one answer.  Answers are appended; the latest per person counts."""
        try:
            encoded = json.dumps(value, ensure_ascii=False, allow_nan=False)
            encoded.encode("utf-8")  # a lone surrogate raises UnicodeEncodeError, a ValueError
        except (TypeError, ValueError) as err:
            raise ValidationError(N_("This answer cannot be saved."), field="value") from err
        row = {
            "workbook": v.clean_choice(workbook, field="workbook", allowed=_workbook_ids()),
            "item": v.clean_text(item, field="item", limit=128),
            "value": encoded,
            "participant_id": None
            if participant_id is None
            else v.clean_id(participant_id, field="participant"),
            "round_id": None if round_id is None else v.clean_id(round_id, field="round"),
            "created_at": utcnow(),
        }
        if not row["item"]:
            raise ValidationError(N_("Unknown entry."), field="item")
        with self._guard(), self._write() as conn:
            if row["participant_id"] is not None:
                self._require_row(conn, s.participants, row["participant_id"])
            if row["round_id"] is not None:
                # No foreign key on round_id (added by ALTER TABLE): the store keeps it.
                self._require_row(conn, s.rounds, row["round_id"])
            result = conn.execute(s.responses.insert().values(**row))
            return int(result.inserted_primary_key[0])

    # -- helpers ------------------------------------------------------------------------

    @staticmethod
    def _require_row(conn: sa.Connection, table: sa.Table, row_id: int) -> None:
        found = conn.execute(
            sa.select(table.c.id).where(table.c.id == row_id).where(table.c.removed_at.is_(None))
            if "removed_at" in table.c
            else sa.select(table.c.id).where(table.c.id == row_id)
        ).first()
        if found is None:
            raise ValidationError(N_("Unknown entry."), field=table.name)


class StaleWorkspaceError(WorkspaceError):
    """A write from a page opened before a restore: refused, nothing written."""


GENERATION_KEY = "generation"


def _generation(conn: sa.Connection) -> str:
    row = conn.execute(
        sa.text("SELECT value FROM meta WHERE key = :key"), {"key": GENERATION_KEY}
    ).first()
    return str(row[0]) if row else ""


def new_generation(conn: sa.Connection) -> str:
    """Start a new generation (a restore): pages opened before it can no longer write."""
    import secrets

    value = secrets.token_hex(8)
    updated = conn.execute(
        sa.text("UPDATE meta SET value = :value WHERE key = :key"),
        {"value": value, "key": GENERATION_KEY},
    )
    if updated.rowcount == 0:
        conn.execute(
            sa.text("INSERT INTO meta (key, value) VALUES (:key, :value)"),
            {"value": value, "key": GENERATION_KEY},
        )
    return value


def _first_line(err: BaseException) -> str:
    orig = getattr(err, "orig", None) or err
    return str(orig).splitlines()[0][:200] if str(orig) else type(orig).__name__


def _workbook_ids() -> tuple[str, ...]:
    from cikit import content

    return content.ids("workbooks")


def open_workspace(path_or_url: str | Path) -> Workspace:
    """Open an existing workspace (a SQLite path or a SQLAlchemy URL), upgrading its schema."""
    return Workspace.open(path_or_url)


def create_workspace(
    path_or_url: str | Path, *, name: str, lang: str = "fr", force: bool = False
) -> Workspace:
    """Create a new, empty workspace."""
    return Workspace.create(path_or_url, name=name, lang=lang, force=force)
