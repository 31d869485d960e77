"""Shared fixtures: workspaces on tmp_path SQLite, and on PostgreSQL when one is available.

``CIKIT_TEST_POSTGRES_URL`` (set by ``.ci/run``) points at a server where the
tests may create and drop databases; without it the PostgreSQL variants are
skipped locally, and ``.ci/run`` makes sure it is set in CI.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

PG_ENV = "CIKIT_TEST_POSTGRES_URL"


def _postgres_database() -> Iterator[str]:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server for this run")
    name = f"cikit_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        _drop(admin, name)
        admin.dispose()


def _drop(admin: sa.Engine, name: str) -> None:
    """Drop a test database; a server process still attached (autovacuum on a fresh
    database) may briefly refuse, which must not fail the test that used it."""
    import time

    for _attempt in range(20):
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except sa.exc.DBAPIError:
            time.sleep(0.5)
    import warnings

    warnings.warn(f"could not drop the test database {name}", stacklevel=2)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def location(request, tmp_path) -> Iterator[str]:
    """Where a fresh workspace may be created: a SQLite path, or an empty PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "initiative.cikit")
    else:
        yield from _postgres_database()


@pytest.fixture
def workspace(location):
    from cikit import create_workspace

    ws = create_workspace(location, name="Initiative test")
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The demo, written once per test session (seconds); tests get copies, never this file."""
    from cikit.demo import write_demo

    path = tmp_path_factory.mktemp("demo-session") / "demo.cikit"
    write_demo(path).close()
    checkpoint(path)
    return path


def checkpoint(path: Path) -> None:
    """Fold SQLite's write-ahead log into the file, so copying the file copies everything."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size:
        raise RuntimeError(f"{wal} still holds pages after a checkpoint")


def copy_demo(source: Path, target: Path) -> str:
    shutil.copyfile(source, target)
    return str(target)


@pytest.fixture
def demo_path(demo_file, tmp_path) -> str:
    """A demo workspace file of the test's own (a copy of the session's demo): change it freely."""
    return copy_demo(demo_file, tmp_path / "demo.cikit")


@pytest.fixture
def demo_ws(demo_path):
    """The test's own demo workspace, open."""
    from cikit import open_workspace

    with open_workspace(demo_path) as ws:
        yield ws


@pytest.fixture(scope="module")
def demo_copy(demo_file, tmp_path_factory) -> str:
    """One copy of the demo shared by a module's tests, which only read it."""
    return copy_demo(demo_file, tmp_path_factory.mktemp("demo-module") / "demo.cikit")


@pytest.fixture(scope="session")
def demo_server_shared(tmp_path_factory, demo_file):
    """One ``cikit serve`` on a copy of the demo for every browser module that uses the demo.

    Starting a server and its preheated kernels is the slow part of a browser test;
    modules share this one and get their isolation from :func:`demo_server_fresh`.
    """
    from servers import demo_server

    from cikit import open_workspace
    from cikit.store.backup import backup_bytes

    with demo_server(tmp_path_factory, "e2e-demo", source=demo_file) as running:
        with open_workspace(running.workspace) as ws:
            running.pristine = backup_bytes(ws)
        running.pool = len(running.kernels())  # the preheated kernels, every notebook's
        yield running


@pytest.fixture(scope="module")
def demo_server_fresh(demo_server_shared):
    """The shared demo server, its workspace put back to the demo before the module starts.

    Browser modules write (answers, votes, decisions): each starts from the demo's
    story whatever the modules before it did, as if it had a server of its own.
    """
    from servers import reset_to, wait_until

    server = demo_server_shared
    # The pages of the module before have left (their kernels get shut down): wait for
    # them, so that this module's pages do not share the machine with their polling.
    wait_until(lambda: len(server.kernels()) <= server.pool + 2, timeout=60)
    return reset_to(server, server.pristine)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (``playwright install`` cannot download here).

    One per test module, not per session: Playwright's sync API keeps an asyncio loop
    registered in the test process while it runs, which later non-browser tests would
    mistake for a kernel's loop.
    """
    from playwright.sync_api import sync_playwright
    from servers import CHROMIUM, CHROMIUM_ARGS, leave_pages

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (see .ci/run)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        leave_pages(chromium)  # their kernels stop now, not when the shared server ends
        chromium.close()
