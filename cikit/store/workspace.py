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
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from cikit.errors import N_, CikitError, ValidationError, WorkspaceError
from cikit.store import schema as s
from cikit.store import validate as v
from cikit.store.activities import ActivitiesMixin
from cikit.store.engine import (
    WRITE,
    check_sqlite_file,
    display_name,
    is_url,
    make_engine,
)
from cikit.store.measurements import MeasurementsMixin
from cikit.store.migrations import migrate, read_version
from cikit.store.presence import PresenceMixin
from cikit.store.rounds import RoundsMixin

if TYPE_CHECKING:
    import pandas as pd

PROFILE_FIELDS = ("name", "issue", "population", "territory", "scale", "default_lang")
PG_WRITE_LOCK = 0x63696B6974  # "cikit": the advisory lock that queues writers on PostgreSQL


def utcnow() -> dt.datetime:
    """Naive UTC: SQLite keeps no zone, so every timestamp is stored as UTC."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Workspace(RoundsMixin, MeasurementsMixin, ActivitiesMixin, PresenceMixin):
    """One initiative's data, in a SQLite file or a SQL database."""

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

    # -- partners -------------------------------------------------------------------

    def partners(self, *, include_removed: bool = False) -> pd.DataFrame:
        return self._people(s.partners, include_removed)

    def add_partner(self, name: Any, sector: Any, contact: Any = "") -> int:
        name = v.clean_name(name)
        values = {
            "name": name,
            "name_key": v.name_key(name),
            "sector": v.clean_sector(sector),
            "contact": v.clean_text(contact, field="contact", limit=v.NAME_MAX * 2),
        }
        with self._guard(), self._write() as conn:
            self._refuse_duplicate(conn, s.partners, values["name_key"], None, name)
            now = utcnow()
            result = conn.execute(
                s.partners.insert().values(**values, created_at=now, updated_at=now)
            )
            return int(result.inserted_primary_key[0])

    def update_partner(self, partner_id: Any, **fields: Any) -> None:
        partner_id = v.clean_id(partner_id, field="partner")
        clean: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "name":
                clean["name"] = v.clean_name(value)
                clean["name_key"] = v.name_key(clean["name"])
            elif key == "sector":
                clean["sector"] = v.clean_sector(value)
            elif key == "contact":
                clean["contact"] = v.clean_text(value, field="contact", limit=v.NAME_MAX * 2)
            else:
                raise ValidationError(N_("Unknown field: {value}."), field=key, value=key[:40])
        with self._guard(), self._write() as conn:
            self._require_row(conn, s.partners, partner_id)
            if "name_key" in clean:
                self._refuse_duplicate(
                    conn, s.partners, clean["name_key"], partner_id, clean["name"]
                )
            if clean:
                conn.execute(
                    s.partners.update()
                    .where(s.partners.c.id == partner_id)
                    .values(**clean, updated_at=utcnow())
                )

    def remove_partner(self, partner_id: Any) -> None:
        """Hide a partner from the table; answers given in its name stay on record."""
        partner_id = v.clean_id(partner_id, field="partner")
        with self._guard(), self._write() as conn:
            self._require_row(conn, s.partners, partner_id)
            attached = conn.execute(
                sa.select(sa.func.count())
                .select_from(s.participants)
                .where(s.participants.c.partner_id == partner_id)
                .where(s.participants.c.removed_at.is_(None))
            ).scalar_one()
            if attached:
                raise ValidationError(
                    N_("This partner still has {count} participant(s). Move or remove them first."),
                    field="partner",
                    count=attached,
                )
            conn.execute(
                s.partners.update().where(s.partners.c.id == partner_id).values(removed_at=utcnow())
            )

    # -- participants -----------------------------------------------------------------

    def join_choices(self) -> list[tuple[int, str, str, str | None]]:
        """``(id, display name, partner name, partner sector)`` of the active participants,
        by name: the list a participant picks their name from (no pandas)."""
        people, partners = s.participants, s.partners
        with self._guard(), self._read() as conn:
            rows = conn.execute(
                sa.select(
                    people.c.id, people.c.display_name, partners.c.name, partners.c.sector
                )
                .select_from(people.outerjoin(partners, people.c.partner_id == partners.c.id))
                .where(people.c.removed_at.is_(None))
            ).all()
        return sorted(
            ((int(i), name, partner or "", sector) for i, name, partner, sector in rows),
            key=lambda r: (r[1].casefold(), r[0]),
        )

    def partner_rows(self, *, include_removed: bool = False) -> list[tuple[int, str, str]]:
        """``(id, name, sector)`` of the partners, by id (no pandas: a phone's lists)."""
        query = sa.select(s.partners.c.id, s.partners.c.name, s.partners.c.sector).order_by(
            s.partners.c.id
        )
        if not include_removed:
            query = query.where(s.partners.c.removed_at.is_(None))
        with self._guard(), self._read() as conn:
            rows = conn.execute(query).all()
        return [(int(i), str(name), str(sector)) for i, name, sector in rows]

    def partner_of(self, participant_id: int) -> int | None:
        """The partner a participant (removed or not) belongs to, or None (no pandas)."""
        found = self._participant_field(participant_id, s.participants.c.partner_id)
        return None if found is None else int(found)

    def role_of(self, participant_id: int) -> str | None:
        """A participant's role (removed or not), or None when unknown (no pandas)."""
        found = self._participant_field(participant_id, s.participants.c.role)
        return None if found is None else str(found)

    def _participant_field(self, participant_id: int, column: sa.Column) -> Any:
        with self._guard(), self._read() as conn:
            found = conn.execute(
                sa.select(column).where(s.participants.c.id == int(participant_id))
            ).first()
        return None if found is None else found[0]

    def participants(self, *, include_removed: bool = False) -> pd.DataFrame:
        return self._people(s.participants, include_removed)

    def add_participant(
        self, display_name: Any, partner_id: Any = None, role: Any = "partner"
    ) -> int:
        name = v.clean_name(display_name, field="display_name")
        values = {
            "display_name": name,
            "name_key": v.name_key(name),
            "role": v.clean_role(role),
        }
        with self._guard(), self._write() as conn:
            values["partner_id"] = self._clean_partner_ref(conn, partner_id)
            self._refuse_duplicate(conn, s.participants, values["name_key"], None, name)
            now = utcnow()
            result = conn.execute(
                s.participants.insert().values(**values, created_at=now, updated_at=now)
            )
            return int(result.inserted_primary_key[0])

    def update_participant(self, participant_id: Any, **fields: Any) -> None:
        participant_id = v.clean_id(participant_id, field="participant")
        clean: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "display_name":
                clean["display_name"] = v.clean_name(value, field="display_name")
                clean["name_key"] = v.name_key(clean["display_name"])
            elif key == "role":
                clean["role"] = v.clean_role(value)
            elif key != "partner_id":
                raise ValidationError(N_("Unknown field: {value}."), field=key, value=key[:40])
        with self._guard(), self._write() as conn:
            self._require_row(conn, s.participants, participant_id)
            if "partner_id" in fields:
                clean["partner_id"] = self._clean_partner_ref(conn, fields["partner_id"])
            if "name_key" in clean:
                self._refuse_duplicate(
                    conn,
                    s.participants,
                    clean["name_key"],
                    participant_id,
                    clean["display_name"],
                )
            if clean:
                conn.execute(
                    s.participants.update()
                    .where(s.participants.c.id == participant_id)
                    .values(**clean, updated_at=utcnow())
                )

    def remove_participant(self, participant_id: Any) -> None:
        """Hide a participant; their past answers stay, as answers are never rewritten."""
        participant_id = v.clean_id(participant_id, field="participant")
        with self._guard(), self._write() as conn:
            self._require_row(conn, s.participants, participant_id)
            conn.execute(
                s.participants.update()
                .where(s.participants.c.id == participant_id)
                .values(removed_at=utcnow())
            )

    # -- responses and decisions ----------------------------------------------------------

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

    def adopt_decision(
        self,
        *,
        workbook: str,
        key: str,
        content: Any,
        supporters: int | None = None,
        adopted_by: str = "",
    ) -> int:
        """Adopt a new version of a decision; earlier versions are kept.  Returns the version."""
        workbook = v.clean_choice(workbook, field="workbook", allowed=_workbook_ids())
        key = v.clean_text(key, field="key", limit=64)
        if not key:
            raise ValidationError(N_("Unknown entry."), field="key")
        if supporters is not None and (
            isinstance(supporters, bool) or not isinstance(supporters, int) or supporters < 0
        ):
            raise ValidationError(N_("This value must be a whole number."), field="supporters")
        try:
            encoded = json.dumps(content, ensure_ascii=False, allow_nan=False)
            encoded.encode("utf-8")  # a lone surrogate raises UnicodeEncodeError, a ValueError
        except (TypeError, ValueError) as err:
            raise ValidationError(N_("This answer cannot be saved."), field="content") from err
        with self._guard(), self._write() as conn:
            current = conn.execute(
                sa.select(sa.func.max(s.decisions.c.version))
                .where(s.decisions.c.workbook == workbook)
                .where(s.decisions.c.key == key)
            ).scalar_one()
            version = (current or 0) + 1
            conn.execute(
                s.decisions.insert().values(
                    workbook=workbook,
                    key=key,
                    version=version,
                    content=encoded,
                    supporters=supporters,
                    adopted_by=v.clean_text(adopted_by, field="adopted_by", limit=v.NAME_MAX),
                    adopted_at=utcnow(),
                )
            )
        return version

    def decision(self, workbook: str, key: str, version: int | None = None) -> dict | None:
        """The latest (or a given) version of a decision, with its content decoded."""
        query = (
            sa.select(s.decisions)
            .where(s.decisions.c.workbook == workbook)
            .where(s.decisions.c.key == key)
            .order_by(s.decisions.c.version.desc())
        )
        if version is not None:
            query = query.where(s.decisions.c.version == version)
        with self._guard(), self._read() as conn:
            row = conn.execute(query.limit(1)).mappings().first()
        if row is None:
            return None
        found = dict(row)
        found["content"] = json.loads(found["content"])
        return found

    def decisions_by_prefix(self, workbook: str, prefix: str) -> list[dict]:
        """The latest version of every decision whose key starts with ``prefix``, oldest key first.

        Used for records a workbook keeps several of (each open disagreement is its own
        decision, so its whole history of edits stays readable).
        """
        latest = (
            sa.select(s.decisions.c.key, sa.func.max(s.decisions.c.version).label("version"))
            .where(s.decisions.c.workbook == workbook)
            .where(s.decisions.c.key.startswith(prefix, autoescape=True))
            .group_by(s.decisions.c.key)
            .subquery()
        )
        query = (
            sa.select(s.decisions)
            .join(
                latest,
                sa.and_(
                    s.decisions.c.key == latest.c.key, s.decisions.c.version == latest.c.version
                ),
            )
            .where(s.decisions.c.workbook == workbook)
            .order_by(s.decisions.c.id)
        )
        with self._guard(), self._read() as conn:
            rows = conn.execute(query).mappings().all()
        found = []
        for row in rows:
            item = dict(row)
            item["content"] = json.loads(item["content"])
            found.append(item)
        # Oldest *key* first: order by the id of each key's first version.
        firsts = self._first_ids(workbook, [f["key"] for f in found])
        return sorted(found, key=lambda f: firsts.get(f["key"], f["id"]))

    def _first_ids(self, workbook: str, keys: list[str]) -> dict[str, int]:
        if not keys:
            return {}
        with self._guard(), self._read() as conn:
            rows = conn.execute(
                sa.select(s.decisions.c.key, sa.func.min(s.decisions.c.id))
                .where(s.decisions.c.workbook == workbook)
                .where(s.decisions.c.key.in_(keys))
                .group_by(s.decisions.c.key)
            ).all()
        return {key: int(first) for key, first in rows}

    def decision_versions(self, workbook: str, key: str) -> list[dict]:
        """Every version of a decision, oldest first, contents decoded."""
        with self._guard(), self._read() as conn:
            rows = (
                conn.execute(
                    sa.select(s.decisions)
                    .where(s.decisions.c.workbook == workbook)
                    .where(s.decisions.c.key == key)
                    .order_by(s.decisions.c.version)
                )
                .mappings()
                .all()
            )
        out = []
        for row in rows:
            item = dict(row)
            item["content"] = json.loads(item["content"])
            out.append(item)
        return out

    # -- reading everything -------------------------------------------------------------

    def frames(self, lang: str | None = None, *, results: bool = True) -> dict[str, pd.DataFrame]:
        """Every table as a DataFrame, then each workbook's results, as documented in the README.

        Result frames (``agenda``, ``indicators``, ``dashboard``…) come from
        :mod:`cikit.results`, imported here, when asked, because the results read the
        store; their names and units are in ``lang`` (the initiative's default
        language unless given).  ``results=False`` gives the tables alone.
        """
        out = self._tables()
        if results:
            from cikit.results import frames as result_frames

            lang = lang or str(out["initiative"]["default_lang"].iloc[0] or "fr")
            out.update(result_frames(self, v.clean_language(lang)))
        return out

    def _tables(self) -> dict[str, pd.DataFrame]:
        import pandas as pd

        out: dict[str, pd.DataFrame] = {}
        with self._guard(), self._read() as conn:
            for name in s.TABLES:
                table = s.metadata.tables[name]
                columns = [c.name for c in table.columns if c.name != "name_key"]
                rows = conn.execute(
                    sa.select(*[table.c[c] for c in columns]).order_by(table.c.id)
                ).all()
                frame = pd.DataFrame([tuple(r) for r in rows], columns=columns)
                out[name] = _typed(frame, table)
        for name, column in (
            ("responses", "value"),
            ("decisions", "content"),
            ("rounds", "config"),
            ("activities", "indicators"),
            ("activities", "populations"),
            ("activities", "territories"),
        ):
            out[name][column] = [json.loads(x) for x in out[name][column]]
        for name in ("partners", "participants"):
            out[name]["active"] = out[name]["removed_at"].isna()
        return out

    def counts(self) -> dict[str, int]:
        with self._guard(), self._read() as conn:
            return {
                name: conn.execute(
                    sa.select(sa.func.count()).select_from(s.metadata.tables[name])
                ).scalar_one()
                for name in s.TABLES
            }

    # -- helpers ------------------------------------------------------------------------

    def _people(self, table: sa.Table, include_removed: bool) -> pd.DataFrame:
        import pandas as pd
        columns = [c for c in table.columns if c.name != "name_key"]
        query = sa.select(*columns).order_by(table.c.id)
        if not include_removed:
            query = query.where(table.c.removed_at.is_(None))
        with self._guard(), self._read() as conn:
            rows = conn.execute(query).all()
        frame = pd.DataFrame([tuple(r) for r in rows], columns=[c.name for c in columns])
        return _typed(frame, table)

    @staticmethod
    def _require_row(conn: sa.Connection, table: sa.Table, row_id: int) -> None:
        found = conn.execute(
            sa.select(table.c.id).where(table.c.id == row_id).where(table.c.removed_at.is_(None))
            if "removed_at" in table.c
            else sa.select(table.c.id).where(table.c.id == row_id)
        ).first()
        if found is None:
            raise ValidationError(N_("Unknown entry."), field=table.name)

    def _clean_partner_ref(self, conn: sa.Connection, partner_id: Any) -> int | None:
        if partner_id is None or (not isinstance(partner_id, bool) and partner_id in ("", 0)):
            return None
        partner_id = v.clean_id(partner_id, field="partner_id")
        self._require_row(conn, s.partners, partner_id)
        return partner_id

    @staticmethod
    def _refuse_duplicate(
        conn: sa.Connection, table: sa.Table, key: str, own_id: int | None, name: str
    ) -> None:
        query = (
            sa.select(table.c.id).where(table.c.name_key == key).where(table.c.removed_at.is_(None))
        )
        if own_id is not None:
            query = query.where(table.c.id != own_id)
        if conn.execute(query).first() is not None:
            raise ValidationError(
                N_("« {name} » is already on the list."),
                field="name",
                name=name,
            )


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


def _typed(frame: pd.DataFrame, table: sa.Table) -> pd.DataFrame:
    import pandas as pd
    for column in table.columns:
        if column.name not in frame.columns:
            continue
        if isinstance(column.type, sa.DateTime):
            frame[column.name] = pd.to_datetime(frame[column.name], utc=True)
        elif isinstance(column.type, sa.Integer) and column.nullable:
            frame[column.name] = frame[column.name].astype("Int64")
        elif isinstance(column.type, sa.Integer):
            frame[column.name] = frame[column.name].astype("int64")
        elif isinstance(column.type, sa.Boolean):
            frame[column.name] = frame[column.name].astype(bool)
    return frame


def open_workspace(path_or_url: str | Path) -> Workspace:
    """Open an existing workspace (a SQLite path or a SQLAlchemy URL), upgrading its schema."""
    return Workspace.open(path_or_url)


def create_workspace(
    path_or_url: str | Path, *, name: str, lang: str = "fr", force: bool = False
) -> Workspace:
    """Create a new, empty workspace."""
    return Workspace.create(path_or_url, name=name, lang=lang, force=force)
