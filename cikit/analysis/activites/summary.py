"""Who carries what, where practices differ, how aligned the activities are and what changed
since a snapshot (rules in :mod:`cikit.analysis.activites`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from cikit.analysis.activites.mapping import gaps, overlaps
from cikit.analysis.activites.references import (
    ALONE,
    COLUMNS,
    MOSTLY,
    MOSTLY_SHARE,
    SHARED,
    References,
    fold,
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
