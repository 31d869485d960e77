"""The map of activities: which run on a month, partner × strategy or territory, the gaps and
the overlaps (rules in :mod:`cikit.analysis.activites`)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from cikit.analysis.activites.references import References, fold

# -- the map: which activities run, where, and what nobody reaches --------------------------------------------------------------------------------


def active_on(activities: pd.DataFrame, month: str | None) -> pd.DataFrame:
    """Activities running on ``month`` (``YYYY-MM``); all of them when month is None."""
    if month is None or activities.empty:
        return activities
    start = activities["start"].fillna("")
    end = activities["end"].fillna("")
    running = ((start == "") | (start <= month)) & ((end == "") | (end >= month))
    return activities[running]


def select(
    activities: pd.DataFrame, *, population: str | None = None, territory: str | None = None
) -> pd.DataFrame:
    """Activities reaching ``population`` and ``territory`` (None: any)."""
    keep = pd.Series(True, index=activities.index)
    for column, wanted in (("populations", population), ("territories", territory)):
        if wanted:
            key = fold(wanted)
            keep &= activities[column].map(lambda names, k=key: k in {fold(n) for n in names})
    return activities[keep]


def matrix(
    activities: pd.DataFrame,
    refs: References,
    *,
    by: str = "strategy",
    value: str = "count",
) -> pd.DataFrame:
    """Partner × strategy (or × territory) table of activity counts or staff time.

    Rows are the partners with at least one activity; columns every strategy (or
    territory) the agenda names, so a column of zeros *is* a gap, then
    ``""`` for activities naming none.  ``value="staff"`` sums full-time
    equivalents; an activity reaching several territories counts in each.
    """
    if by not in ("strategy", "territory"):
        raise ValueError(f"by must be 'strategy' or 'territory', got {by!r}")
    if value not in ("count", "staff"):
        raise ValueError(f"value must be 'count' or 'staff', got {value!r}")
    named = list(refs.strategies if by == "strategy" else refs.territories)
    frame = activities[["partner_id", "strategy", "territories", "staff"]].copy()
    if by == "territory":
        frame["column"] = frame["territories"].map(lambda t: list(t) or [""])
        frame = frame.explode("column")
    else:
        frame["column"] = frame["strategy"].fillna("")
    frame["amount"] = 1.0 if value == "count" else frame["staff"].fillna(0.0).astype(float)
    table = frame.pivot_table(
        index="partner_id", columns="column", values="amount", aggfunc="sum", fill_value=0.0
    )
    columns = named + ([""] if "" in table.columns and table[""].sum() > 0 else [])
    table = table.reindex(columns=columns, fill_value=0.0)
    table.index = [refs.partners.get(int(i), str(i)) for i in table.index]
    table = table.sort_index(key=lambda idx: idx.map(fold))
    table.columns.name = by
    return table.astype(int) if value == "count" else table


# -- gaps, overlaps, specialisation, harmonisation ---------------------------------------------


def gaps(activities: pd.DataFrame, refs: References) -> dict[str, list[str]]:
    """What the agenda names and no activity reaches, in the agenda's order.

    Keys: ``strategies``, ``indicators`` (headline ids), ``territories``,
    ``populations``.  With no activity everything named is a gap.
    """
    served = {fold(s) for s in activities["strategy"]} if len(activities) else set()
    indicators = _union(activities, "indicators")
    territories = {fold(t) for t in _union(activities, "territories")}
    populations = {fold(p) for p in _union(activities, "populations")}
    return {
        "strategies": [s for s in refs.strategies if fold(s) not in served],
        "indicators": [i for i in refs.headline if i not in indicators],
        "territories": [t for t in refs.territories if fold(t) not in territories],
        "populations": [p for p in refs.populations if fold(p) not in populations],
    }


def _union(activities: pd.DataFrame, column: str) -> set[str]:
    out: set[str] = set()
    for names in activities[column] if len(activities) else ():
        out.update(names)
    return out


OVERLAP_COLUMNS = ["strategy", "population", "territory", "partners", "partner_ids",
                   "activities", "activity_ids", "start", "end"]  # fmt: skip


def overlaps(activities: pd.DataFrame, refs: References | None = None) -> pd.DataFrame:
    """Strategy × population × territory cells where different partners' periods cross.

    One row per cell and group of partners whose activities cross in time (two
    activities cross when neither ends before the other starts; open ends
    cross everything).  ``start``/``end`` is the span where they cross
    (``""`` when open).  Sorted by number of partners, then strategy.
    """
    names = dict(refs.partners) if refs else {}
    frame = activities[activities["strategy"].fillna("") != ""]
    if frame.empty:
        return pd.DataFrame(columns=OVERLAP_COLUMNS)
    frame = frame[["id", "partner_id", "name", "strategy", "populations", "territories",
                   "start", "end"]]  # fmt: skip
    frame = frame.explode("populations").explode("territories")
    frame = frame.dropna(subset=["populations", "territories"])
    frame = frame.assign(
        k_s=frame["strategy"].map(fold),
        k_p=frame["populations"].map(fold),
        k_t=frame["territories"].map(fold),
        _lo=frame["start"].where(frame["start"] != "", "0000-00"),
        _hi=frame["end"].where(frame["end"] != "", "9999-99"),
    )
    # Only cells where at least two partners appear can overlap.
    partners_per_cell = frame.groupby(["k_s", "k_p", "k_t"])["partner_id"].transform("nunique")
    frame = frame[partners_per_cell >= 2].sort_values(["k_s", "k_p", "k_t", "_lo", "_hi"],
                                                      kind="stable")  # fmt: skip
    rows = []
    # One sweep: within a cell, sorted by start, an activity joins the current group when
    # it starts before the group's latest end.
    group: list[tuple] = []
    key: tuple | None = None
    reach = ""
    for row in zip(frame["k_s"], frame["k_p"], frame["k_t"], frame["_lo"], frame["_hi"],
                   frame["id"], frame["partner_id"], frame["name"], frame["strategy"],
                   frame["populations"], frame["territories"], frame["start"], frame["end"],
                   strict=True):  # fmt: skip
        cell = row[:3]
        if cell == key and row[3] <= reach:
            group.append(row)
            reach = max(reach, row[4])
            continue
        _close_group(group, names, rows)
        group, key, reach = [row], cell, row[4]
    _close_group(group, names, rows)
    out = pd.DataFrame(rows, columns=OVERLAP_COLUMNS)
    if out.empty:
        return out
    out["_n"] = out["partner_ids"].map(len)
    out = out.sort_values(["_n", "strategy", "population", "territory"],
                          ascending=[False, True, True, True], kind="stable")  # fmt: skip
    return out.drop(columns="_n").reset_index(drop=True)


def _close_group(group: list[tuple], names: Mapping[int, str], rows: list[dict]) -> None:
    """Record a group of crossing activities when it holds two partners or more."""
    partner_ids = sorted({int(r[6]) for r in group})
    if len(partner_ids) < 2:
        return
    first = group[0]
    starts = [r[11] for r in group if r[11]]
    ends = [r[12] for r in group if r[12]]
    rows.append(
        {
            "strategy": first[8],
            "population": first[9],
            "territory": first[10],
            "partners": [names.get(p, str(p)) for p in partner_ids],
            "partner_ids": partner_ids,
            "activities": [r[7] for r in group],
            "activity_ids": [int(r[5]) for r in group],
            "start": max(starts) if starts else "",
            "end": min(ends) if ends else "",
        }
    )
