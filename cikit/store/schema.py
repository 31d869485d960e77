"""The tables of a workspace, as SQLAlchemy Core metadata.

This module describes the *current* schema.  The steps that build it from an
empty database, one version at a time, live in :mod:`cikit.store.migrations`;
a test checks that both agree.
"""

from __future__ import annotations

import sqlalchemy as sa

SCHEMA_VERSION = 7
APPLICATION_ID = "cikit"

metadata = sa.MetaData()

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

initiative = sa.Table(
    "initiative",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("issue", sa.Text, nullable=False, server_default=""),
    sa.Column("population", sa.Text, nullable=False, server_default=""),
    sa.Column("territory", sa.Text, nullable=False, server_default=""),
    sa.Column("scale", sa.String(32), nullable=False, server_default="region"),
    sa.Column("default_lang", sa.String(8), nullable=False, server_default="fr"),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

partners = sa.Table(
    "partners",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_key", sa.String(400), nullable=False),
    sa.Column("sector", sa.String(32), nullable=False),
    sa.Column("contact", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("removed_at", sa.DateTime, nullable=True),
    sa.Index(
        "ux_partners_name_key",
        "name_key",
        unique=True,
        sqlite_where=sa.text("removed_at IS NULL"),
        postgresql_where=sa.text("removed_at IS NULL"),
    ),
)

participants = sa.Table(
    "participants",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("name_key", sa.String(400), nullable=False),
    sa.Column("partner_id", sa.Integer, sa.ForeignKey("partners.id"), nullable=True),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("removed_at", sa.DateTime, nullable=True),
    sa.Index(
        "ux_participants_name_key",
        "name_key",
        unique=True,
        sqlite_where=sa.text("removed_at IS NULL"),
        postgresql_where=sa.text("removed_at IS NULL"),
    ),
)

rounds = sa.Table(
    "rounds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("workbook", sa.String(64), nullable=False),
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="open"),
    sa.Column("anonymous", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("revealed", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("opened_at", sa.DateTime, nullable=False),
    sa.Column("closed_at", sa.DateTime, nullable=True),
    sa.Column("config", sa.Text, nullable=False, server_default="{}"),
)

responses = sa.Table(
    "responses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id"), nullable=True),
    sa.Column("workbook", sa.String(64), nullable=False),
    sa.Column("item", sa.String(128), nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id"), nullable=True),
    sa.Column("respondent", sa.String(80), nullable=True),
    sa.Column("sector", sa.String(32), nullable=True),
    sa.Index("ix_responses_workbook_item", "workbook", "item"),
    sa.Index("ix_responses_round", "round_id", "id"),
)

decisions = sa.Table(
    "decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("workbook", sa.String(64), nullable=False),
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("supporters", sa.Integer, nullable=True),
    sa.Column("adopted_by", sa.Text, nullable=False, server_default=""),
    sa.Column("adopted_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("workbook", "key", "version", name="ux_decisions_version"),
)

measurements = sa.Table(
    "measurements",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("indicator", sa.String(64), nullable=False),
    sa.Column("period", sa.String(10), nullable=False),
    sa.Column("x", sa.Float, nullable=False),
    sa.Column("value", sa.Float, nullable=True),
    sa.Column("partner_id", sa.Integer, sa.ForeignKey("partners.id"), nullable=True),
    sa.Column("dimension", sa.String(32), nullable=False, server_default=""),
    sa.Column("group", sa.String(120), nullable=False, server_default=""),
    sa.Column("source", sa.String(16), nullable=False, server_default="entry"),
    sa.Column("entered_at", sa.DateTime, nullable=False),
    sa.Index("ix_measurements_indicator", "indicator", "x"),
)

activities = sa.Table(
    "activities",
    metadata,
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
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("removed_at", sa.DateTime, nullable=True),
    sa.Index("ix_activities_partner", "partner_id"),
)

presence = sa.Table(
    "presence",
    metadata,
    sa.Column("client", sa.String(64), primary_key=True),
    sa.Column("workbook", sa.String(64), primary_key=True),
    sa.Column("seen_at", sa.DateTime, nullable=False),
    sa.Index("ix_presence_workbook", "workbook", "seen_at"),
)
"""Who has a participant page open, per workbook: a lease each page renews.  Room state,
not the initiative's data: left out of :data:`TABLES` (frames, exports, backups)."""

round_results = sa.Table(
    "round_results",
    metadata,
    sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id"), primary_key=True),
    sa.Column("basis", sa.String(64), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("published_at", sa.DateTime, nullable=False),
)
"""A round's results as last computed, for the phones that show them: derived from the
answers (never the other way round), so left out of :data:`TABLES` too."""

TABLES: tuple[str, ...] = (
    "initiative",
    "partners",
    "participants",
    "rounds",
    "responses",
    "decisions",
    "measurements",
    "activities",
)
