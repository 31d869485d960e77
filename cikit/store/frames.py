"""Every table of a workspace as pandas DataFrames, for analysis and export.

pandas is imported inside the functions, never at the top: a participant's page
(one kernel per phone) opens the store but never reads frames, and importing
pandas would cost each of those kernels tens of megabytes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import sqlalchemy as sa

from cikit.store import schema as s
from cikit.store import validate as v

if TYPE_CHECKING:
    import pandas as pd


class FramesMixin:
    """The methods of :class:`~cikit.store.Workspace` that read whole tables."""

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
                out[name] = typed_frame(frame, table)
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


def typed_frame(frame: pd.DataFrame, table: sa.Table) -> pd.DataFrame:
    """Give a frame built from raw rows its columns' types: times in UTC, ids as integers
    (nullable where the column is, so a missing partner is <NA>, not a float NaN)."""
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
