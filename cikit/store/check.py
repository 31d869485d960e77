"""Integrity checks for ``cikit check``: is this file whole, and is it what cikit expects?"""

from __future__ import annotations

import sqlalchemy as sa

from cikit.errors import N_, CikitError
from cikit.store import schema as s
from cikit.store.workspace import Workspace


def check_workspace(ws: Workspace) -> list[CikitError]:
    """Every problem found, as translatable errors; an empty list means the workspace is sound."""
    problems: list[CikitError] = []
    with ws._guard(), ws._read() as conn:
        if conn.dialect.name == "sqlite":
            for (line,) in conn.exec_driver_sql("PRAGMA integrity_check").all():
                if line != "ok":
                    problems.append(CikitError(N_("Damaged file: {detail}"), detail=line[:200]))
            for row in conn.exec_driver_sql("PRAGMA foreign_key_check").all():
                problems.append(
                    CikitError(
                        N_("Row {row} of table {table} points to a missing entry."),
                        row=row[1],
                        table=row[0],
                    )
                )
        inspector = sa.inspect(conn)
        present = set(inspector.get_table_names())
        for table in s.metadata.sorted_tables:
            if table.name not in present:
                problems.append(CikitError(N_("Missing table: {table}."), table=table.name))
                continue
            columns = {c["name"] for c in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name not in columns:
                    problems.append(
                        CikitError(
                            N_("Missing column {column} in table {table}."),
                            column=column.name,
                            table=table.name,
                        )
                    )
        if problems:
            return problems
        count = conn.execute(sa.select(sa.func.count()).select_from(s.initiative)).scalar_one()
        if count != 1:
            problems.append(CikitError(N_("The initiative's profile is missing.")))
        orphans = conn.execute(
            sa.select(sa.func.count())
            .select_from(s.responses)
            .where(s.responses.c.round_id.is_not(None))
            .where(~s.responses.c.round_id.in_(sa.select(s.rounds.c.id)))
        ).scalar_one()
        if orphans:
            problems.append(
                CikitError(
                    N_("{count} answer(s) point to a round that does not exist."),
                    count=orphans,
                )
            )
    return problems
