"""Decisions: what a group adopted, versioned, never rewritten.

Adopting a decision again adds a version; every earlier version stays readable,
so a group can see how a shared agenda or an indicator's definition changed and
who adopted each version.  :class:`~cikit.store.Workspace` inherits these methods.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from cikit.errors import N_, ValidationError
from cikit.store import schema as s
from cikit.store import validate as v


class DecisionsMixin:
    """The decision methods of :class:`~cikit.store.Workspace`."""

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
        from cikit.store.workspace import _workbook_ids, utcnow

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
