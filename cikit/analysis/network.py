"""Relationships between partners: the PARTNER survey's ratings turned into network measures.

Each partner rates its relationship with each other partner (Varda et al.'s
PARTNER tool): a level of interaction, three trust items and three value
items on a 1-4 scale.  The rules below are shown on screen in plain words:

* Only the latest answer per *answering partner*, rated partner and item counts
  (two people from one organisation answer for the same partner: the later one
  wins).  A partner rating itself, or a partner outside the wave, is left out.
* A **tie** links two partners when either reports a level above "none"; the tie
  carries the higher of the two levels reported.
* **Density** is the share of possible ties that exist: ``2 m / (n (n - 1))``.
* **Degree centrality** of a partner is its number of ties over ``n - 1``.
* **Centralisation** (Freeman, degree) is ``sum(max - c_i) / (n - 2)`` over the
  degree centralities: 1 for a star, 0 when everyone has as many ties.
* A partner's **trust** (or **value**) score is the average of the trust (value)
  ratings the *other* partners give it; a rating is the mean of its three items.
* A **low-trust pair** is a partner rating another's trust below 2.5.
* A partner **nobody reports working with** is one no other partner rates above
  "none".

Measures need at least two partners in the wave (centralisation three) and
raise :class:`NetworkError` with a reason otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from cikit.analysis.network_items import (  # noqa: F401 - the survey's items, re-exported
    FIELDS,
    ITEM_PREFIX,
    LEVEL_LABELS,
    LEVEL_RANK,
    LEVELS,
    LOW_TRUST,
    SCALE,
    SCORE_ITEMS,
    TRUST_ITEMS,
    VALUE_ITEMS,
    item_id,
    parse_item,
    valid_value,
)
from cikit.errors import N_, CikitError

RATING_COLUMNS = ["source", "target", "field", "value", "created_at"]
RELATION_COLUMNS = ["source", "target", "level", "trust", "value"]


class NetworkError(CikitError):
    """A measure cannot be computed from this wave (too few partners, no wave…)."""


def latest_ratings(responses: pd.DataFrame, partners: list[int]) -> pd.DataFrame:
    """The latest rating per answering partner, rated partner and field.

    Parameters
    ----------
    responses:
        A round's responses (``item``, ``value``, ``created_at``; oldest first).
    partners:
        The partner ids of the wave; ratings of or by anyone else are left out, and
        so are ratings of oneself and values outside the scale.

    Returns
    -------
    DataFrame with ``source``, ``target``, ``field``, ``value``, ``created_at``.
    """
    allowed = {int(p) for p in partners}
    rows = []
    for row in responses.itertuples(index=False):
        parsed = parse_item(row.item)
        if parsed is None:
            continue
        source, target, name = parsed
        if source == target or source not in allowed or target not in allowed:
            continue
        if not valid_value(name, row.value):
            continue
        rows.append((source, target, name, row.value, row.created_at))
    frame = pd.DataFrame(rows, columns=RATING_COLUMNS)
    if frame.empty:
        return frame
    frame = frame.sort_values("created_at", kind="stable")
    return frame.drop_duplicates(["source", "target", "field"], keep="last").reset_index(drop=True)


def relations(ratings: pd.DataFrame) -> pd.DataFrame:
    """One row per (source, target) rated: the level, the trust and value ratings.

    ``trust`` and ``value`` are the mean of their three items given (NaN when none was).
    """
    if ratings.empty:
        return pd.DataFrame(columns=RELATION_COLUMNS)
    wide = ratings.pivot(index=["source", "target"], columns="field", values="value")
    wide = wide.reindex(columns=list(FIELDS))
    out = pd.DataFrame(index=wide.index)
    out["level"] = wide["level"].where(wide["level"].notna(), None)
    out["trust"] = wide[list(TRUST_ITEMS)].apply(pd.to_numeric).mean(axis=1, skipna=True)
    out["value"] = wide[list(VALUE_ITEMS)].apply(pd.to_numeric).mean(axis=1, skipna=True)
    return out.reset_index()[RELATION_COLUMNS]


def ties(rel: pd.DataFrame) -> pd.DataFrame:
    """Undirected ties: ``a`` < ``b``, the higher level either reported, and who reported it.

    A pair where every report says "none" (or gives no level) is not a tie.
    """
    best: dict[tuple[int, int], tuple[int, set]] = {}
    for row in rel.itertuples(index=False):
        rank = LEVEL_RANK.get(row.level, 0) if isinstance(row.level, str) else 0
        if rank == 0:
            continue
        pair = (min(row.source, row.target), max(row.source, row.target))
        old_rank, reporters = best.get(pair, (0, set()))
        best[pair] = (max(old_rank, rank), reporters | {int(row.source)})
    rows = [
        (a, b, LEVELS[rank], rank, len(reporters) == 2)
        for (a, b), (rank, reporters) in sorted(best.items())
    ]
    return pd.DataFrame(rows, columns=["a", "b", "level", "rank", "mutual"])


def graph(partners: list[int], rel: pd.DataFrame) -> nx.Graph:
    """The undirected network: every partner of the wave is a node, each tie an edge."""
    g = nx.Graph()
    g.add_nodes_from(int(p) for p in partners)
    for row in ties(rel).itertuples(index=False):
        g.add_edge(int(row.a), int(row.b), level=row.level, rank=int(row.rank))
    return g


def _need(partners: list[int], count: int) -> None:
    if len(set(partners)) < count:
        raise NetworkError(
            N_("This measure needs at least {count} partners in the survey; it has {given}."),
            count=count,
            given=len(set(partners)),
        )


def density(g: nx.Graph) -> float:
    """Share of possible ties that exist (needs two partners)."""
    _need(list(g.nodes), 2)
    return float(nx.density(g))


def degree_centrality(g: nx.Graph) -> dict[int, float]:
    """Each partner's ties over ``n - 1`` (needs two partners)."""
    _need(list(g.nodes), 2)
    return {int(k): float(v) for k, v in nx.degree_centrality(g).items()}


def centralisation(g: nx.Graph) -> float:
    """Freeman degree centralisation: ``sum(max - c_i) / (n - 2)`` (needs three partners).

    The denominator is the largest sum a network of ``n`` nodes can reach (a star),
    so the result runs from 0 (everyone equally tied) to 1 (one hub).
    """
    _need(list(g.nodes), 3)
    central = degree_centrality(g)
    top = max(central.values())
    return float(sum(top - c for c in central.values()) / (len(central) - 2))


def partner_scores(partners: list[int], rel: pd.DataFrame) -> pd.DataFrame:
    """Per partner: the trust and value others give it, how many rated it, whether it answered.

    Columns ``partner``, ``trust``, ``value``, ``raters``, ``answered``; a score is
    NaN when nobody rated that partner.
    """
    rows = []
    answered = set(rel["source"].astype(int)) if not rel.empty else set()
    for p in partners:
        received = rel[rel["target"] == p] if not rel.empty else rel
        rated = received.dropna(subset=["trust", "value"], how="all")
        rows.append(
            (
                int(p),
                float(received["trust"].mean()) if received["trust"].notna().any() else math.nan,
                float(received["value"].mean()) if received["value"].notna().any() else math.nan,
                int(len(rated)),
                int(p) in answered,
            )
        )
    return pd.DataFrame(rows, columns=["partner", "trust", "value", "raters", "answered"])


def low_trust_pairs(rel: pd.DataFrame, *, threshold: float = LOW_TRUST) -> pd.DataFrame:
    """Ratings where one partner's trust in another is below ``threshold``, lowest first."""
    if rel.empty:
        return pd.DataFrame(columns=["source", "target", "trust"])
    low = rel[rel["trust"].notna() & (rel["trust"] < threshold)]
    low = low.sort_values(["trust", "source", "target"], kind="stable")
    return low[["source", "target", "trust"]].reset_index(drop=True)


def unreported(partners: list[int], rel: pd.DataFrame) -> list[int]:
    """Partners no other partner rates above "none" (nobody reports working with them)."""
    reported = set()
    for row in rel.itertuples(index=False):
        if isinstance(row.level, str) and LEVEL_RANK.get(row.level, 0) > 0:
            reported.add(int(row.target))
    return [int(p) for p in partners if int(p) not in reported]


@dataclass
class Measures:
    """Everything the results screen and the report show for one wave."""

    partners: list[int]
    relations: pd.DataFrame
    ties: pd.DataFrame
    graph: nx.Graph
    density: float
    centrality: dict[int, float]
    centralisation: float | None
    scores: pd.DataFrame
    low_trust: pd.DataFrame
    unreported: list[int]
    answered: list[int] = field(default_factory=list)


def measures(responses: pd.DataFrame, partners: list[int]) -> Measures:
    """Every measure of one wave; :class:`NetworkError` with fewer than two partners.

    Centralisation is None (not an error) with exactly two partners: there is
    no star to compare with.
    """
    partners = sorted({int(p) for p in partners})
    _need(partners, 2)
    rel = relations(latest_ratings(responses, partners))
    g = graph(partners, rel)
    scores = partner_scores(partners, rel)
    return Measures(
        partners=partners,
        relations=rel,
        ties=ties(rel),
        graph=g,
        density=density(g),
        centrality=degree_centrality(g),
        centralisation=centralisation(g) if len(partners) >= 3 else None,
        scores=scores,
        low_trust=low_trust_pairs(rel),
        unreported=unreported(partners, rel),
        answered=sorted(scores.loc[scores["answered"], "partner"].astype(int)),
    )


@dataclass
class Comparison:
    """What changed from an earlier wave to a later one."""

    density: tuple[float, float]
    centralisation: tuple[float | None, float | None]
    partners: pd.DataFrame
    new_ties: list[tuple[int, int]]
    lost_ties: list[tuple[int, int]]
    stronger: list[tuple[int, int, str, str]]
    weaker: list[tuple[int, int, str, str]]
    new_low_trust: list[tuple[int, int]]
    resolved_low_trust: list[tuple[int, int]]


def compare(before: Measures | None, after: Measures | None) -> Comparison:
    """Changes between two waves; :class:`NetworkError` when one is missing.

    ``partners`` has per partner ``centrality``, ``trust`` and ``value`` before
    and after and their change (``d_…``); partners in only one wave get NaN
    on the other side.  Ties are compared by pair, low-trust pairs by direction.
    """
    if before is None or after is None:
        raise NetworkError(N_("Two survey waves are needed to compare; choose two waves."))
    everyone = sorted(set(before.partners) | set(after.partners))
    rows = []
    b_scores = before.scores.set_index("partner")
    a_scores = after.scores.set_index("partner")
    for p in everyone:
        row: dict[str, Any] = {"partner": p}
        for name, measure, scores in (("before", before, b_scores), ("after", after, a_scores)):
            row[f"centrality_{name}"] = measure.centrality.get(p, math.nan)
            for col in ("trust", "value"):
                row[f"{col}_{name}"] = float(scores.loc[p, col]) if p in scores.index else math.nan
        for col in ("centrality", "trust", "value"):
            row[f"d_{col}"] = row[f"{col}_after"] - row[f"{col}_before"]
        rows.append(row)
    b_ties = {(r.a, r.b): r.level for r in before.ties.itertuples(index=False)}
    a_ties = {(r.a, r.b): r.level for r in after.ties.itertuples(index=False)}
    stronger, weaker = [], []
    for pair in sorted(set(b_ties) & set(a_ties)):
        old, new = b_ties[pair], a_ties[pair]
        if LEVEL_RANK[new] > LEVEL_RANK[old]:
            stronger.append((*pair, old, new))
        elif LEVEL_RANK[new] < LEVEL_RANK[old]:
            weaker.append((*pair, old, new))
    b_low = {(int(r.source), int(r.target)) for r in before.low_trust.itertuples(index=False)}
    a_low = {(int(r.source), int(r.target)) for r in after.low_trust.itertuples(index=False)}
    # A low-trust pair is "resolved" only when the later wave rated it again, above the line.
    a_rated = {
        (int(r.source), int(r.target))
        for r in after.relations.itertuples(index=False)
        if not pd.isna(r.trust)
    }
    return Comparison(
        density=(before.density, after.density),
        centralisation=(before.centralisation, after.centralisation),
        partners=pd.DataFrame(rows),
        new_ties=sorted(set(a_ties) - set(b_ties)),
        lost_ties=sorted(set(b_ties) - set(a_ties)),
        stronger=stronger,
        weaker=weaker,
        new_low_trust=sorted(a_low - b_low),
        resolved_low_trust=sorted((b_low - a_low) & a_rated),
    )


def layout(g: nx.Graph, *, order: list[int] | None = None) -> dict[int, tuple[float, float]]:
    """Node positions in [0, 1] for the map: partners on a circle, in ``order``.

    A circle keeps every partner visible whatever the ties (a force layout
    piles the few connected partners of a sparse wave on top of each other),
    and with the same order (e.g. by sector) a partner sits at the same place
    in every wave, so two maps can be compared at a glance.  The first
    partner is at the top; the others follow clockwise.
    """
    given = [int(n) for n in (order or []) if n in g]
    nodes = given + [int(n) for n in sorted(g.nodes) if int(n) not in set(given)]
    count = len(nodes)
    if count == 0:
        return {}
    if count == 1:
        return {nodes[0]: (0.5, 0.5)}
    out = {}
    for index, node in enumerate(nodes):
        angle = math.pi / 2 - 2 * math.pi * index / count
        out[node] = (0.5 + 0.5 * math.cos(angle), 0.5 + 0.5 * math.sin(angle))
    return out


def by_sector(partners: list[int], sectors: dict[int, str], order: list[str]) -> list[int]:
    """Partners grouped by sector (in ``order``, unknown sectors last), then by id."""
    rank = {sector: i for i, sector in enumerate(order)}
    return sorted(partners, key=lambda p: (rank.get(sectors.get(p, ""), len(rank)), p))
