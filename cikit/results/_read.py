"""Reading decisions defensively: a record with a missing or odd field is read as far as it goes.

Decisions are JSON a facilitator's browser sent (checked when saved, but older
versions and other tools may have written them), so every reader goes through
these few helpers and never trusts a field's type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported by frame(): a phone reading a name does not load pandas
    import pandas as pd


def content(workspace, workbook: str, key: str) -> dict[str, Any] | None:
    """The latest version's content of a decision when it is a dict, else None."""
    found = workspace.decision(workbook, key)
    if not found or not isinstance(found.get("content"), dict):
        return None
    return found["content"]


def records(workspace, workbook: str, prefix: str, *, live: bool = True) -> list[dict]:
    """The latest version of each record ``<prefix><id>`` (oldest key first) with a dict content.

    ``live`` leaves out records whose latest version is marked ``removed``.
    """
    found = [
        d for d in workspace.decisions_by_prefix(workbook, prefix) if isinstance(d["content"], dict)
    ]
    return [d for d in found if not (live and d["content"].get("removed"))]


def text(value: Any, limit: int | None = None) -> str:
    """A string field as typed (stripped), or ``""`` for anything that is not a string."""
    if not isinstance(value, str):
        return ""
    value = value.strip()
    return value[:limit] if limit else value


def strings(value: Any) -> list[str]:
    """A list field's non-empty strings, stripped; anything else is an empty list."""
    if not isinstance(value, list):
        return []
    return [v.strip() for v in value if isinstance(v, str) and v.strip()]


def number(value: Any) -> float | None:
    """A number field as a float, or None (booleans and text are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def frame(rows: list[dict], dtypes: dict[str, str]) -> pd.DataFrame:
    """Rows as a DataFrame with exactly the columns and dtypes of ``dtypes`` (also when empty)."""
    import pandas as pd

    out = pd.DataFrame(rows, columns=list(dtypes))
    for column, dtype in dtypes.items():
        if dtype == "datetime":
            out[column] = pd.to_datetime(out[column], utc=True)
        elif dtype == "object":
            out[column] = out[column].astype(object)
        else:
            out[column] = out[column].astype(dtype)
    return out
