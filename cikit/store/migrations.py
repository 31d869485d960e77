"""Schema versions, and the steps from each one to the next.

A new workspace is built by running every step from version 0, so the path an
old workspace takes when it is upgraded is the same path every new workspace
takes: it is exercised on every ``cikit new``, not only on the day someone
opens an old file.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from cikit.errors import N_, SchemaError
from cikit.store.schema import APPLICATION_ID, SCHEMA_VERSION


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime, nullable=nullable)


def _v1(conn: sa.Connection) -> None:
    """The first schema: initiative, partners, participants, responses, decisions."""
    md = sa.MetaData()
    sa.Table(
        "meta",
        md,
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    sa.Table(
        "initiative",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("issue", sa.Text, nullable=False, server_default=""),
        sa.Column("population", sa.Text, nullable=False, server_default=""),
        sa.Column("territory", sa.Text, nullable=False, server_default=""),
        sa.Column("scale", sa.String(32), nullable=False, server_default="region"),
        sa.Column("default_lang", sa.String(8), nullable=False, server_default="fr"),
        _ts("created_at"),
        _ts("updated_at"),
    )
    for table, name_col in (("partners", "name"), ("participants", "display_name")):
        cols = [
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column(name_col, sa.Text, nullable=False),
            sa.Column("name_key", sa.String(400), nullable=False),
        ]
        if table == "partners":
            cols += [
                sa.Column("sector", sa.String(32), nullable=False),
                sa.Column("contact", sa.Text, nullable=False, server_default=""),
            ]
        else:
            cols += [
                sa.Column("partner_id", sa.Integer, sa.ForeignKey("partners.id"), nullable=True),
                sa.Column("role", sa.String(32), nullable=False),
            ]
        cols += [_ts("created_at"), _ts("updated_at"), _ts("removed_at", nullable=True)]
        sa.Table(
            table,
            md,
            *cols,
            sa.Index(
                f"ux_{table}_name_key",
                "name_key",
                unique=True,
                sqlite_where=sa.text("removed_at IS NULL"),
                postgresql_where=sa.text("removed_at IS NULL"),
            ),
        )
    sa.Table(
        "responses",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id"), nullable=True),
        sa.Column("workbook", sa.String(64), nullable=False),
        sa.Column("item", sa.String(128), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        _ts("created_at"),
        sa.Index("ix_responses_workbook_item", "workbook", "item"),
    )
    sa.Table(
        "decisions",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workbook", sa.String(64), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("supporters", sa.Integer, nullable=True),
        sa.Column("adopted_by", sa.Text, nullable=False, server_default=""),
        _ts("adopted_at"),
        sa.UniqueConstraint("workbook", "key", "version", name="ux_decisions_version"),
    )
    md.create_all(conn)
    conn.execute(
        md.tables["meta"].insert(),
        [{"key": "application", "value": APPLICATION_ID}],
    )


def _v2(conn: sa.Connection) -> None:
    """Live rounds: a ``rounds`` table, and each response may belong to a round."""
    md = sa.MetaData()
    sa.Table(
        "rounds",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workbook", sa.String(64), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="open"),
        sa.Column("anonymous", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("revealed", sa.Boolean, nullable=False, server_default=sa.false()),
        _ts("opened_at"),
        _ts("closed_at", nullable=True),
    )
    md.create_all(conn)
    # SQLite cannot add a foreign key with ALTER TABLE; the reference is kept by
    # the store, and `cikit check` verifies it.
    conn.execute(sa.text("ALTER TABLE responses ADD COLUMN round_id INTEGER"))


def _v3(conn: sa.Connection) -> None:
    """Who answered in a round (a participant or an anonymous browser), and their sector.

    Anonymous answers have no participant, yet the latest answer per person must
    win and a sector breakdown must stay possible: ``respondent`` identifies the
    person within a round, ``sector`` is the sector they answered for.
    """
    conn.execute(sa.text("ALTER TABLE responses ADD COLUMN respondent VARCHAR(80)"))
    conn.execute(sa.text("ALTER TABLE responses ADD COLUMN sector VARCHAR(32)"))
    conn.execute(sa.text("CREATE INDEX ix_responses_round ON responses (round_id, id)"))


def _v4(conn: sa.Connection) -> None:
    """What a round asks besides its items: e.g. the candidates of a vote and the dots each
    person has.  Kept with the round (JSON), so answers are checked against the round they
    belong to even after the facilitator drafts new candidates."""
    conn.execute(sa.text("ALTER TABLE rounds ADD COLUMN config TEXT NOT NULL DEFAULT '{}'"))


def _v5(conn: sa.Connection) -> None:
    """Measurements of the shared indicators: one value per indicator, period, partner and
    group (a disaggregation), appended like answers: the latest entry for the same key
    counts, and a null value withdraws one."""
    md = sa.MetaData()
    sa.Table("partners", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "measurements",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("indicator", sa.String(64), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("x", sa.Float, nullable=False),
        sa.Column("value", sa.Float, nullable=True),
        sa.Column("partner_id", sa.Integer, sa.ForeignKey("partners.id"), nullable=True),
        sa.Column("dimension", sa.String(32), nullable=False, server_default=""),
        sa.Column("group", sa.String(120), nullable=False, server_default=""),
        sa.Column("source", sa.String(16), nullable=False, server_default="entry"),
        _ts("entered_at"),
        sa.Index("ix_measurements_indicator", "indicator", "x"),
    )
    md.tables["measurements"].create(conn)


def _v6(conn: sa.Connection) -> None:
    """Mutually reinforcing activities: who does what, for which strategy, for whom, where.

    Lists (indicators, populations, territories) are JSON text, like rounds.config,
    so the same file works on SQLite and PostgreSQL.
    """
    md = sa.MetaData()
    sa.Table("partners", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("participants", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "activities",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("partner_id", sa.Integer, sa.ForeignKey("partners.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("strategy", sa.Text, nullable=False, server_default=""),
        sa.Column("indicators", sa.Text, nullable=False, server_default="[]"),
        sa.Column("populations", sa.Text, nullable=False, server_default="[]"),
        sa.Column("territories", sa.Text, nullable=False, server_default="[]"),
        sa.Column("start", sa.String(7), nullable=False, server_default=""),
        sa.Column("end", sa.String(7), nullable=False, server_default=""),
        sa.Column("staff", sa.Float, nullable=True),
        sa.Column("budget", sa.String(16), nullable=False, server_default=""),
        sa.Column("intake", sa.Text, nullable=False, server_default=""),
        sa.Column("support", sa.Text, nullable=False, server_default=""),
        sa.Column("referral", sa.Text, nullable=False, server_default=""),
        sa.Column("source", sa.String(16), nullable=False, server_default="entry"),
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id"), nullable=True),
        _ts("created_at"),
        _ts("updated_at"),
        _ts("removed_at", nullable=True),
        sa.Index("ix_activities_partner", "partner_id"),
    )
    md.tables["activities"].create(conn)


def _v7(conn: sa.Connection) -> None:
    """Presence (which participant pages are open, so the facilitator's Join panel can count
    the room) and published round results (computed once, read by every phone).  Room
    state derived from the rest: not part of backups."""
    md = sa.MetaData()
    sa.Table(
        "presence",
        md,
        sa.Column("client", sa.String(64), primary_key=True),
        sa.Column("workbook", sa.String(64), primary_key=True),
        _ts("seen_at"),
        sa.Index("ix_presence_workbook", "workbook", "seen_at"),
    )
    md.tables["presence"].create(conn)
    sa.Table("rounds", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "round_results",
        md,
        sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id"), primary_key=True),
        sa.Column("basis", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        _ts("published_at"),
    )
    md.tables["round_results"].create(conn)


MIGRATIONS: dict[int, Callable[[sa.Connection], None]] = {
    1: _v1,
    2: _v2,
    3: _v3,
    4: _v4,
    5: _v5,
    6: _v6,
    7: _v7,
}


def read_version(conn: sa.Connection) -> int:
    row = conn.execute(sa.text("SELECT value FROM meta WHERE key = 'schema_version'")).first()
    return int(row[0]) if row else 0


def _write_version(conn: sa.Connection, version: int) -> None:
    updated = conn.execute(
        sa.text("UPDATE meta SET value = :v WHERE key = 'schema_version'"), {"v": str(version)}
    )
    if updated.rowcount == 0:
        conn.execute(
            sa.text("INSERT INTO meta (key, value) VALUES ('schema_version', :v)"),
            {"v": str(version)},
        )


def migrate(conn: sa.Connection, *, current: int, target: int = SCHEMA_VERSION) -> list[int]:
    """Run the steps after ``current`` up to ``target``, in the caller's transaction."""
    if current > SCHEMA_VERSION:
        raise SchemaError(
            N_(
                "This workspace was written by a newer cikit (schema {found}; this cikit "
                "knows up to {known}). Update cikit to open it."
            ),
            found=current,
            known=SCHEMA_VERSION,
        )
    done = []
    for version in range(current + 1, target + 1):
        MIGRATIONS[version](conn)
        _write_version(conn, version)
        done.append(version)
    return done
