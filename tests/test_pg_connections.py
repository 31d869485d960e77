"""150 pages on a PostgreSQL database that allows 40 connections: every one of them works.

Each open page is a kernel that polls the workspace every second.  With a
connection pool per kernel, each page kept its connections open and about 97
pages used up PostgreSQL's default 100.  A kernel now holds a connection only
while it reads or writes, and waits its turn when the server is full for a
moment.  The test forks 150 "kernels" (more than the database's limit of 40,
and than PostgreSQL's default ``max_connections`` of 100) that open the
workspace over two seconds, poll it once a second like a page, answer and
close; it samples the database's connections and the live kernels meanwhile.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import uuid

import pytest
import sqlalchemy as sa
from conftest import PG_ENV, _drop

pytestmark = pytest.mark.postgres

KERNELS = 150
LIMIT = 40
POLLS = 6


def _kernel(url: str, round_id: int, number: int) -> None:
    """One page's kernel: open, poll once a second, answer, close (exit 0 when all worked)."""
    import random

    from cikit import open_workspace

    try:
        time.sleep(random.uniform(0, 2))  # pages are opened over a few seconds, not at once
        ws = open_workspace(url)
        ws.throttle_answers()
        for _ in range(POLLS):
            with ws.one_connection():  # as a page polls (see cikit.apps.restored)
                ws.generation()
                ws.round_signature(round_id)
                ws.current_round("01_preconditions", "readiness")
            time.sleep(1)
        ws.answer(round_id, respondent=f"a:kernel{number:05d}", item="q1", value=number % 4 + 1)
        ws.close()
    except Exception as err:  # noqa: BLE001 - reported through the exit code and stderr
        print(f"kernel {number}: {err!r}", flush=True)
        os._exit(1)
    os._exit(0)


@pytest.fixture
def limited_database():
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server for this run")
    name = f"cikit_limit_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" CONNECTION LIMIT {LIMIT}')
    url = sa.engine.make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        yield url, name, admin
    finally:
        _drop(admin, name)
        admin.dispose()


def test_more_kernels_than_connections_all_work(limited_database):
    from cikit import create_workspace

    url, name, admin = limited_database
    ws = create_workspace(url, name="Cent cinquante pages")
    round_id = ws.open_round(workbook="01_preconditions", key="readiness", anonymous=True)
    ws.close()
    context = multiprocessing.get_context("fork")
    kernels = [context.Process(target=_kernel, args=(url, round_id, n)) for n in range(KERNELS)]
    peak = alive = 0
    for kernel in kernels:
        kernel.start()
    with admin.connect() as conn:
        while (now := sum(k.is_alive() for k in kernels)) > 0:
            alive = max(alive, now)
            count = conn.execute(
                sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name"),
                {"name": name},
            ).scalar_one()
            peak = max(peak, count)
            time.sleep(0.05)
    for kernel in kernels:
        kernel.join()
    failed = [k.exitcode for k in kernels if k.exitcode != 0]
    assert not failed, f"{len(failed)} of {KERNELS} kernels failed"
    assert alive > LIMIT, f"more kernels open at once ({alive}) than connections allowed"
    assert peak <= LIMIT
    from cikit import open_workspace

    with open_workspace(url) as check:
        answers = check.round_responses(round_id)
    assert answers["respondent"].nunique() == KERNELS
    print(f"{KERNELS} kernels ({alive} at once), database limit {LIMIT}: peak {peak} connections")
