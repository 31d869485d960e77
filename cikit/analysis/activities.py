"""Mutually reinforcing activities: the map, its gaps, its overlaps and how aligned it is.

Rules people see on screen (the app translates them):

* **Names are compared loosely.**  A strategy, population, territory or
  practice is compared without case, accents or extra spaces (:func:`fold`).
* **Current activities.**  An activity counts on a given month when that month
  falls between its start and its end (an empty start or end is open);
  :func:`active_on`.
* **Gap.**  A strategy of the common agenda that no activity serves; a headline
  indicator that no activity contributes to; a territory or a population named
  in the agenda that no activity reaches; :func:`gaps`.
* **Overlap.**  Two or more *different* partners with activities for the same
  strategy, the same population and the same territory, whose periods cross
  (open ends count as crossing).  An overlap is a reason to talk, not a
  verdict: it may be wanted (complementary services) or a duplication;
  :func:`overlaps`.
* **Specialisation.**  For each partner and strategy: *alone* when it is the only
  partner serving the strategy, *mostly* when it runs at least half of the
  strategy's activities with others present, *shared* otherwise;
  :func:`specialisation`.
* **Harmonisation.**  For one population, partners describing *different*
  intake (or referral) practices: a chance to agree on one way;
  :func:`harmonisation`.
* **Alignment.**  The share of the agenda's strategies served, of headline
  indicators with at least one contributing activity, and of named territories
  and populations reached, with the gaps and overlaps; :func:`alignment`, and
  :func:`compare` for what changed since a snapshot.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

_SPACES = re.compile(r"\s+")
_SPLIT = re.compile(r"\s*[;|\n]\s*")

ALONE, MOSTLY, SHARED = "alone", "mostly", "shared"
MOSTLY_SHARE = 0.5
PRACTICES = ("intake", "support", "referral")
"""Practice fields compared for harmonisation (intake, support, referral)."""

COLUMNS = ["id", "partner_id", "name", "strategy", "indicators", "populations", "territories",
           "start", "end", "staff", "budget", "intake", "support", "referral"]  # fmt: skip


def fold(text: Any) -> str:
    """Case-, accent- and space-insensitive key: « Vieux-Moulin » = « vieux-moulin »."""
    if not isinstance(text, str):
        return ""
    return _fold(text)


@functools.lru_cache(maxsize=65_536)
def _fold(text: str) -> str:
    # Names repeat (a few strategies, territories and populations across thousands of
    # activities), so the cache turns most calls into a lookup.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def split_list(text: Any) -> list[str]:
    """A cell listing several names (``;``, ``|`` or one per line) as a list of names."""
    if not isinstance(text, str):
        return []
    return [part for part in (p.strip() for p in _SPLIT.split(text)) if part]


@dataclass(frozen=True)
class References:
    """What activities may name: the workbook's other decisions, seen from here.

    ``strategies`` come from the adopted common agenda, ``indicators`` (id → name)
    from the shared measurement library and the group's own candidates,
    ``headline`` from its headline list, ``territories`` and ``populations`` from
    what the agenda names (kept by the Activities workbook), ``partners`` (id →
    name) from the Start workbook.
    """

    strategies: tuple[str, ...] = ()
    indicators: Mapping[str, str] = field(default_factory=dict)
    headline: tuple[str, ...] = ()
    territories: tuple[str, ...] = ()
    populations: tuple[str, ...] = ()
    partners: Mapping[int, str] = field(default_factory=dict)

    def strategy(self, text: Any) -> str | None:
        """The agenda's wording of a strategy given by its text or its number (1, 2…)."""
        if isinstance(text, str) and text.strip().isdigit():
            n = int(text.strip())
            return self.strategies[n - 1] if 0 < n <= len(self.strategies) else None
        return _lookup(self.strategies, text)

    def territory(self, text: Any) -> str | None:
        return _lookup(self.territories, text)

    def population(self, text: Any) -> str | None:
        return _lookup(self.populations, text)

    def indicator(self, text: Any) -> str | None:
        """An indicator id from its id or its name (either language)."""
        key = fold(text)
        for ident, label in self.indicators.items():
            if key in (fold(ident), fold(label)):
                return ident
        return None

    def partner(self, text: Any) -> int | None:
        key = fold(text)
        for ident, name in self.partners.items():
            if key == fold(name):
                return int(ident)
        return None


def _lookup(options: Iterable[str], text: Any) -> str | None:
    key = fold(text)
    if not key:
        return None
    for option in options:
        if fold(option) == key:
            return option
    return None


# -- checking an activity against what exists ---------------------------------------------


def check_activity(row: Mapping[str, Any], refs: References) -> tuple[dict[str, Any], list]:
    """The activity with names replaced by the references' wording, and its problems.

    Each problem is ``(field, reason, value)`` with ``reason`` one of
    ``"empty_name"``, ``"no_partner"`` (none given), ``"unknown_partner"``, ``"unknown_strategy"``,
    ``"unknown_indicator"``, ``"unknown_territory"``, ``"unknown_population"``.
    A population or territory must be one the agenda names, so that gaps and
    overlaps compare like with like; an empty strategy is allowed (an activity
    may not serve the agenda yet, and the map shows it apart).
    """
    clean = dict(row)
    problems: list[tuple[str, str, str]] = []
    if not str(row.get("name") or "").strip():
        problems.append(("name", "empty_name", ""))
    partner = row.get("partner_id")
    if partner in (0, None) and not row.get("partner"):
        problems.append(("partner", "no_partner", ""))
        partner = None
    elif isinstance(partner, bool) or not isinstance(partner, int) or partner not in refs.partners:
        written = row.get("partner", partner)
        partner = refs.partner(written)
        if partner is None:
            problems.append(("partner", "unknown_partner", "" if written is None else str(written)))
    clean["partner_id"] = partner
    clean.pop("partner", None)
    strategy = row.get("strategy") or ""
    if strategy:
        found = refs.strategy(strategy)
        if found is None:
            problems.append(("strategy", "unknown_strategy", str(strategy)))
        clean["strategy"] = found or ""
    for name, lookup, reason in (
        ("indicators", refs.indicator, "unknown_indicator"),
        ("territories", refs.territory, "unknown_territory"),
        ("populations", refs.population, "unknown_population"),
    ):
        values = row.get(name) or []
        if isinstance(values, str):
            values = split_list(values)
        kept = []
        for value in values:
            found = lookup(value)
            if found is None:
                problems.append((name, reason, str(value)))
            elif found not in kept:
                kept.append(found)
        clean[name] = kept
    return clean, problems


# -- the map --------------------------------------------------------------------------------


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


SPECIALISATION_COLUMNS = ["partner_id", "partner", "strategy", "activities", "share",
                          "partners_on_strategy", "kind"]  # fmt: skip


def specialisation(activities: pd.DataFrame, refs: References) -> pd.DataFrame:
    """Each partner's place on each strategy it serves: alone, mostly or shared.

    ``share`` is the partner's part of the strategy's activities (0–1).
    Activities with no strategy are left out.
    """
    frame = activities[activities["strategy"].fillna("") != ""]
    if frame.empty:
        return pd.DataFrame(columns=SPECIALISATION_COLUMNS)
    counts = frame.groupby(["partner_id", "strategy"]).size().rename("activities").reset_index()
    totals = counts.groupby("strategy")["activities"].transform("sum")
    partners = counts.groupby("strategy")["partner_id"].transform("nunique")
    counts["share"] = counts["activities"] / totals
    counts["partners_on_strategy"] = partners
    counts["kind"] = SHARED
    counts.loc[counts["share"] >= MOSTLY_SHARE, "kind"] = MOSTLY
    counts.loc[partners == 1, "kind"] = ALONE
    counts["partner"] = [refs.partners.get(int(p), str(p)) for p in counts["partner_id"]]
    order = {s: n for n, s in enumerate(refs.strategies)}
    counts["_o"] = counts["strategy"].map(lambda s: order.get(s, len(order)))
    counts["_p"] = counts["partner"].map(fold)
    counts = counts.sort_values(["_p", "_o", "strategy"], kind="stable")
    return counts[SPECIALISATION_COLUMNS].reset_index(drop=True)


HARMONISATION_COLUMNS = ["population", "practice", "partners", "descriptions"]


def harmonisation(activities: pd.DataFrame, refs: References) -> pd.DataFrame:
    """Populations served by partners that describe different intake or referral practices.

    For each population and practice (``intake``, ``referral``), the partners
    with a non-empty description, when at least two partners describe it
    differently (compared with :func:`fold`).  Most partners first.
    """
    rows = []
    if activities.empty:
        return pd.DataFrame(columns=HARMONISATION_COLUMNS)
    frame = activities.explode("populations").dropna(subset=["populations"])
    for practice in ("intake", "referral"):
        described = frame[frame[practice].fillna("").str.strip() != ""]
        for _, group in described.groupby(described["populations"].map(fold), sort=False):
            by_partner: dict[int, str] = {}
            for partner, text in zip(group["partner_id"], group[practice], strict=True):
                by_partner.setdefault(int(partner), text.strip())
            if len(by_partner) < 2 or len({fold(t) for t in by_partner.values()}) < 2:
                continue
            ids = sorted(by_partner, key=lambda p: fold(refs.partners.get(p, str(p))))
            rows.append(
                {
                    "population": refs.population(group["populations"].iloc[0])
                    or group["populations"].iloc[0],
                    "practice": practice,
                    "partners": [refs.partners.get(p, str(p)) for p in ids],
                    "descriptions": [by_partner[p] for p in ids],
                }
            )
    out = pd.DataFrame(rows, columns=HARMONISATION_COLUMNS)
    if out.empty:
        return out
    out["_n"] = out["partners"].map(len)
    out = out.sort_values(["_n", "population", "practice"], ascending=[False, True, True])
    return out.drop(columns="_n").reset_index(drop=True)


# -- alignment and snapshots -------------------------------------------------------------------


def alignment(activities: pd.DataFrame, refs: References) -> dict[str, Any]:
    """The figures of the alignment summary (JSON-ready, so a snapshot can keep them).

    Each ``*_covered``/``*_total`` pair counts what is reached out of what the
    agenda names; ``coverage`` is the covered share of strategies and headline
    indicators together (None when the agenda names neither).
    """
    found = gaps(activities, refs)
    found_overlaps = overlaps(activities, refs)
    summary: dict[str, Any] = {
        "activities": int(len(activities)),
        "partners": int(activities["partner_id"].nunique()) if len(activities) else 0,
    }
    for name, named in (
        ("strategies", refs.strategies),
        ("indicators", refs.headline),
        ("territories", refs.territories),
        ("populations", refs.populations),
    ):
        summary[f"{name}_total"] = len(named)
        summary[f"{name}_covered"] = len(named) - len(found[name])
    total = summary["strategies_total"] + summary["indicators_total"]
    covered = summary["strategies_covered"] + summary["indicators_covered"]
    summary["coverage"] = round(covered / total, 4) if total else None
    summary["gaps"] = found
    summary["overlaps"] = [
        {"strategy": r.strategy, "population": r.population, "territory": r.territory,
         "partners": list(r.partners)}
        for r in found_overlaps.itertuples()
    ]  # fmt: skip
    return summary


COMPARED = ("activities", "partners", "strategies_covered", "indicators_covered",
            "territories_covered", "populations_covered")  # fmt: skip


def compare(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """What changed between two alignment summaries (a snapshot and now).

    ``figures``: (name, before, after) for the counts; ``closed``/``opened``: gaps
    that disappeared or appeared, by kind; ``overlaps_before``/``overlaps_after``.
    """
    figures = [(name, before.get(name), after.get(name)) for name in COMPARED]
    closed: dict[str, list[str]] = {}
    opened: dict[str, list[str]] = {}
    for kind in ("strategies", "indicators", "territories", "populations"):
        old = list((before.get("gaps") or {}).get(kind, []))
        new = list((after.get("gaps") or {}).get(kind, []))
        closed[kind] = [g for g in old if fold(g) not in {fold(n) for n in new}]
        opened[kind] = [g for g in new if fold(g) not in {fold(o) for o in old}]
    return {
        "figures": figures,
        "closed": closed,
        "opened": opened,
        "overlaps_before": len(before.get("overlaps") or []),
        "overlaps_after": len(after.get("overlaps") or []),
    }


def as_frame(records: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Activities given as dicts (tests, demo) in the shape the store returns."""
    frame = pd.DataFrame(list(records))
    for column in COLUMNS:
        if column not in frame.columns:
            frame[column] = [[] for _ in range(len(frame))] if column in (
                "indicators", "populations", "territories") else ""  # fmt: skip
    if "id" in frame and (frame["id"] == "").all():
        frame["id"] = range(1, len(frame) + 1)
    frame["staff"] = pd.to_numeric(frame["staff"].replace("", None), errors="coerce")
    return frame
