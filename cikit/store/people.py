"""Partners and participants: the two lists of people a workspace keeps.

Both lists work alike: a name must be unique among the entries still on the list
(compared by :func:`~cikit.store.validate.name_key`, so « CPE Soleil » and « cpe
soleil » are one name), and removing an entry only hides it, since answers given
in its name stay on record.  Kept apart from :mod:`cikit.store.workspace` so that
each module stays small; :class:`~cikit.store.Workspace` inherits these methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from cikit.errors import N_, ValidationError
from cikit.store import schema as s
from cikit.store import validate as v
from cikit.store.frames import typed_frame

if TYPE_CHECKING:
    import pandas as pd


class PeopleMixin:
    """The partner and participant methods of :class:`~cikit.store.Workspace`."""

    # -- partners -------------------------------------------------------------------

    def partners(self, *, include_removed: bool = False) -> pd.DataFrame:
        return self._people(s.partners, include_removed)

    def add_partner(self, name: Any, sector: Any, contact: Any = "") -> int:
        from cikit.store.workspace import utcnow

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
        from cikit.store.workspace import utcnow

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
        from cikit.store.workspace import utcnow

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
                sa.select(people.c.id, people.c.display_name, partners.c.name, partners.c.sector)
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
        from cikit.store.workspace import utcnow

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
        from cikit.store.workspace import utcnow

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
        from cikit.store.workspace import utcnow

        participant_id = v.clean_id(participant_id, field="participant")
        with self._guard(), self._write() as conn:
            self._require_row(conn, s.participants, participant_id)
            conn.execute(
                s.participants.update()
                .where(s.participants.c.id == participant_id)
                .values(removed_at=utcnow())
            )

    # -- shared by both lists ---------------------------------------------------------

    def _people(self, table: sa.Table, include_removed: bool) -> pd.DataFrame:
        import pandas as pd

        columns = [c for c in table.columns if c.name != "name_key"]
        query = sa.select(*columns).order_by(table.c.id)
        if not include_removed:
            query = query.where(table.c.removed_at.is_(None))
        with self._guard(), self._read() as conn:
            rows = conn.execute(query).all()
        frame = pd.DataFrame([tuple(r) for r in rows], columns=[c.name for c in columns])
        return typed_frame(frame, table)

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
