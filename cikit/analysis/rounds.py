"""Aggregate the answers of a live round on a 1-4 scale with a "don't know" option.

The rules here are shown to people on screen, in plain words, by the apps:

* **Latest answer counts.**  Answers are appended; per respondent and item, only
  the most recent one is kept.
* **Split group.**  An item is flagged when, among the people who chose a level,
  at least a quarter chose 1-2 *and* at least a quarter chose 3-4, with at least
  two such people (:data:`SPLIT_SHARE`).
* **Verdict per section.**  The mean of the section's item means (people who
  said "don't know" are left out): 3 or more is *ready*, 2 or more *partly*,
  below 2 *not yet*; no level given at all is *unknown* (:func:`verdict`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from cikit.analysis.scales import (  # noqa: F401 - re-exported: where callers found them
    DONT_KNOW,
    LEVELS,
    PARTLY_FROM,
    READY_FROM,
    SPLIT_SHARE,
    verdict_of,
)


def latest_answers(responses: pd.DataFrame, *, items: Sequence[str] | None = None) -> pd.DataFrame:
    """The most recent answer per respondent and item.

    Parameters
    ----------
    responses : DataFrame
        Columns ``id``, ``respondent``, ``item``, ``value`` and optionally ``sector``;
        a higher ``id`` is a later answer.
    items : sequence of str, optional
        Keep only these items (e.g. the statements of a workbook); others, such as
        join records, are dropped.

    Returns
    -------
    DataFrame
        One row per respondent and item, with the same columns, ordered by ``id``.
    """
    missing = {"id", "respondent", "item", "value"} - set(responses.columns)
    if missing:
        raise ValueError(f"responses lacks columns: {sorted(missing)}")
    frame = responses.copy()
    if items is not None:
        frame = frame[frame["item"].isin(list(items))]
    frame = frame.sort_values("id").drop_duplicates(["respondent", "item"], keep="last")
    return frame.reset_index(drop=True)


def respondents_by_sector(responses: pd.DataFrame) -> pd.Series:
    """Each respondent's sector: the latest non-empty one they answered with."""
    if "sector" not in responses.columns or responses.empty:
        return pd.Series(dtype=object, name="sector")
    sector = responses["sector"]
    known = responses[sector.notna() & (sector != "")].sort_values("id")
    return known.groupby("respondent")["sector"].last()


def item_summary(latest: pd.DataFrame, items: Sequence[str]) -> pd.DataFrame:
    """Distribution, mean, median, spread and split flag per item, in the order of ``items``.

    Returns
    -------
    DataFrame
        Indexed by ``item``; columns ``answers`` (everyone who answered), ``rated``
        (gave a level), ``dont_know``, ``level_1`` … ``level_4`` (counts), ``mean``,
        ``median``, ``spread`` (population standard deviation), ``low_share``,
        ``high_share`` and ``split`` (bool). Statistics are NaN when nobody rated.

    Examples
    --------
    >>> df = pd.DataFrame({"id": [1, 2, 3], "respondent": ["a", "b", "c"],
    ...                    "item": ["q", "q", "q"], "value": [1, 4, "dk"]})
    >>> s = item_summary(latest_answers(df), ["q"])
    >>> int(s.loc["q", "rated"]), int(s.loc["q", "dont_know"]), float(s.loc["q", "mean"])
    (2, 1, 2.5)
    >>> bool(s.loc["q", "split"])
    True
    """
    rows = []
    for item in items:
        values = latest.loc[latest["item"] == item, "value"].tolist()
        levels = [x for x in values if _is_level(x)]
        counts = {f"level_{lv}": sum(1 for x in levels if x == lv) for lv in LEVELS}
        rated = len(levels)
        low = counts["level_1"] + counts["level_2"]
        high = counts["level_3"] + counts["level_4"]
        low_share = low / rated if rated else np.nan
        high_share = high / rated if rated else np.nan
        rows.append(
            {
                "item": item,
                "answers": len(values),
                "rated": rated,
                "dont_know": sum(1 for x in values if x == DONT_KNOW),
                **counts,
                "mean": float(np.mean(levels)) if rated else np.nan,
                "median": float(np.median(levels)) if rated else np.nan,
                "spread": float(np.std(levels)) if rated else np.nan,
                "low_share": low_share,
                "high_share": high_share,
                "split": bool(
                    rated >= 2 and low_share >= SPLIT_SHARE and high_share >= SPLIT_SHARE
                ),
            }
        )
    columns = [
        "item", "answers", "rated", "dont_know", *[f"level_{lv}" for lv in LEVELS],
        "mean", "median", "spread", "low_share", "high_share", "split",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).set_index("item")


def sector_means(latest: pd.DataFrame, sectors: pd.Series, items: Sequence[str]) -> pd.DataFrame:
    """Mean level per item (rows) and sector (columns), "don't know" left out.

    A respondent with no known sector is counted under ``"unknown"``.  Cells where
    nobody of that sector gave a level are NaN.
    """
    frame = latest[latest["item"].isin(list(items)) & latest["value"].map(_is_level)].copy()
    mapped = frame["respondent"].map(sectors).astype(object)
    frame["sector"] = mapped.where(mapped.notna(), "unknown")
    frame["value"] = frame["value"].astype(float)
    table = frame.pivot_table(index="item", columns="sector", values="value", aggfunc="mean")
    return table.reindex(list(items))


def verdict(mean: float) -> str:
    """``ready`` from 3, ``partly`` from 2, ``not_yet`` below, ``unknown`` for NaN."""
    return verdict_of(None if mean is None or pd.isna(mean) else float(mean))


def section_verdicts(summary: pd.DataFrame, sections: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Per section: mean of its item means, number of rated items, verdict, split items.

    Returns
    -------
    DataFrame
        Indexed by ``section``; columns ``mean``, ``rated_items``, ``split_items`` and
        ``verdict`` (``ready``, ``partly``, ``not_yet`` or ``unknown``).
    """
    rows = []
    for section, items in sections.items():
        part = summary.reindex(list(items))
        means = part["mean"].dropna()
        mean = float(means.mean()) if len(means) else np.nan
        rows.append(
            {
                "section": section,
                "mean": mean,
                "rated_items": int(len(means)),
                "split_items": int(part["split"].fillna(False).astype(bool).sum()),
                "verdict": verdict(mean),
            }
        )
    return pd.DataFrame(
        rows, columns=["section", "mean", "rated_items", "split_items", "verdict"]
    ).set_index("section")


def _is_level(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and value in LEVELS


def round_summary(
    responses: pd.DataFrame, sections: Mapping[str, Sequence[str]]
) -> dict[str, dict]:
    """Everything a results screen shows about a 1-4 round, as plain JSON-able data.

    Computed once (on the facilitator's kernel) and read by every phone that shows the
    results, so its values are rounded numbers, lists and strings; NaN becomes None.

    Returns
    -------
    dict
        ``items``: per item ``answers``, ``rated``, ``dont_know``, ``levels`` (counts of
        levels 1-4), ``mean`` and ``split``; ``sections``: per section ``mean``,
        ``rated_items``, ``split_items`` and ``verdict``; ``sectors``: per section, the
        mean level of its statements and its verdict for each sector that gave one
        (``unknown`` for people who gave none).

    Examples
    --------
    >>> df = pd.DataFrame({"id": [1, 2, 3], "respondent": ["a", "b", "a"],
    ...                    "item": ["q", "q", "q"], "value": [1, 4, 3],
    ...                    "sector": ["health", "", "health"]})
    >>> out = round_summary(df, {"s": ["q"]})
    >>> out["items"]["q"]["levels"], out["items"]["q"]["mean"], out["sections"]["s"]["verdict"]
    ([0, 0, 1, 1], 3.5, 'ready')
    >>> out["sectors"]["s"]["health"]
    {'mean': 3.0, 'verdict': 'ready'}
    """
    items = [item for section in sections.values() for item in section]
    latest = latest_answers(responses, items=items)
    summary = item_summary(latest, items)
    verdicts = section_verdicts(summary, sections)
    by_sector = sector_means(latest, respondents_by_sector(responses), items)

    def number(value) -> float | None:
        return None if value is None or pd.isna(value) else round(float(value), 4)

    sectors: dict[str, dict[str, float]] = {}
    for section, section_items in sections.items():
        part = by_sector.reindex(list(section_items))
        means = part.mean(skipna=True) if not part.empty else pd.Series(dtype=float)
        sectors[section] = {
            str(sector): {"mean": number(mean), "verdict": verdict(mean)}
            for sector, mean in means.items()
            if not pd.isna(mean)
        }
    return {
        "items": {
            item: {
                "answers": int(row["answers"]),
                "rated": int(row["rated"]),
                "dont_know": int(row["dont_know"]),
                "levels": [int(row[f"level_{lv}"]) for lv in LEVELS],
                "mean": number(row["mean"]),
                "split": bool(row["split"]),
            }
            for item, row in summary.iterrows()
        },
        "sections": {
            section: {
                "mean": number(row["mean"]),
                "rated_items": int(row["rated_items"]),
                "split_items": int(row["split_items"]),
                "verdict": str(row["verdict"]),
            }
            for section, row in verdicts.iterrows()
        },
        "sectors": sectors,
    }
