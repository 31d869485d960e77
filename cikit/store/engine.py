"""Turn a path or URL into a SQLAlchemy engine, with SQLite set up for a workshop.

During a workshop many kernels (one per open page) write to the same SQLite
file.  WAL lets readers go on while one writer writes; ``BEGIN IMMEDIATE`` takes
the write lock at the start of a write transaction so two writers queue
instead of deadlocking, and the busy timeout makes them wait their turn.
"""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.pool import NullPool

from cikit.errors import N_, WorkspaceError
from cikit.store.schema import APPLICATION_ID

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 60_000
WRITE = "cikit_write"


def is_url(path_or_url: str) -> bool:
    return "://" in path_or_url


def display_name(path_or_url: str) -> str:
    """What to show people: a path, or a URL without its password."""
    if is_url(path_or_url):
        try:
            return sa.engine.make_url(path_or_url).render_as_string(hide_password=True)
        except sa.exc.ArgumentError:
            return path_or_url.split("@")[-1]
    return path_or_url


def check_sqlite_file(path: Path, *, must_exist: bool) -> None:
    """Refuse, by name, a path that cannot be a workspace before SQLite sees it."""
    try:
        _check_sqlite_file(path, must_exist=must_exist)
    except OSError as err:
        raise WorkspaceError(
            N_("Cannot use the workspace {path}: {reason}"),
            path=str(path)[:200],
            reason=err.strerror or type(err).__name__,
        ) from err


def _check_sqlite_file(path: Path, *, must_exist: bool) -> None:
    if not path.parent.exists():
        raise WorkspaceError(
            N_("The folder {folder} does not exist."), folder=str(path.parent), path=str(path)
        )
    if path.is_dir():
        raise WorkspaceError(N_("{path} is a folder, not a workspace file."), path=str(path))
    if not path.exists():
        if must_exist:
            raise WorkspaceError(
                N_(
                    "There is no workspace at {path}. Create one with: cikit new {path} --name NAME"
                ),
                path=str(path),
            )
        return
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise WorkspaceError(N_("{path} is not a cikit workspace."), path=str(path))


def make_engine(path_or_url: str) -> sa.Engine:
    if is_url(path_or_url):
        try:
            # No pool: a kernel holds a connection only while it reads or writes.  Every
            # open page is a kernel polling once a second; with a pool each kept its own
            # connections open (about 97 pages used up PostgreSQL's default 100).
            engine = sa.create_engine(path_or_url, poolclass=NullPool)
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as err:
            raise WorkspaceError(
                N_("Cannot use the database address {path}: {reason}"),
                path=display_name(path_or_url),
                reason=str(err).splitlines()[0][:200],
            ) from err
        _wait_for_a_free_connection(engine)
        return engine
    engine = sa.create_engine(
        sa.engine.URL.create("sqlite", database=str(path_or_url)),
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    _tune_sqlite(engine)
    return engine


CONNECT_WAIT_SECONDS = 30.0
"""How long a page waits for the server to have a connection free (then the error is shown)."""
TOO_MANY_CONNECTIONS = "53300"


def _wait_for_a_free_connection(engine: sa.Engine) -> None:
    """Retry a refused connection, with jittered backoff, while the server is momentarily full.

    With no pool, many pages polling at the same second can reach the server's (or
    the database's) connection limit for a few milliseconds; a page should wait its
    turn rather than show an error.
    """

    @event.listens_for(engine, "do_connect")
    def _connect(dialect, _record, cargs, cparams):
        delay, deadline = 0.02, time.monotonic() + CONNECT_WAIT_SECONDS
        while True:
            try:
                return dialect.connect(*cargs, **cparams)
            except Exception as err:  # noqa: BLE001 - the driver's error; only "full" retries
                text = str(err).lower()
                full = getattr(err, "sqlstate", None) == TOO_MANY_CONNECTIONS or (
                    "too many" in text and ("connection" in text or "clients" in text)
                )
                if not full or time.monotonic() > deadline:
                    raise
                time.sleep(delay * random.uniform(0.5, 1.5))
                delay = min(delay * 2, 0.5)


def _is_foreign(cur) -> bool:
    """True for a SQLite database that holds tables but is not a cikit workspace."""
    if cur.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").fetchone() is None:
        return False
    try:
        row = cur.execute("SELECT value FROM meta WHERE key = 'application'").fetchone()
    except sqlite3.Error:
        return True
    return row is None or row[0] != APPLICATION_ID


def _tune_sqlite(engine: sa.Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised by every test
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        # WAL is written into the file's header: switch only an empty file or a
        # workspace, never another application's database that is about to be refused.
        if not _is_foreign(cur):
            cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get(WRITE):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")
