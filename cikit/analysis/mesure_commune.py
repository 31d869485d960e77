"""Shared measurement (Results-Based Accountability): choosing indicators, turning the curve.

Rules people see on screen (the apps translate them):

* **Rating candidate indicators.**  Each person rates each candidate indicator
  High, Medium or Low on three criteria: communication power (would the public
  understand it?), proxy power (does it say something central about the
  result?) and data power (is good, timely data available?).  High counts 3,
  Medium 2 and Low 1; "don't know" is left out.  Only each person's latest
  rating counts.  A criterion's average is the average of its ratings, and a
  candidate's **score** is the average of its three criteria averages (none until all
  three have a rating)
  (:func:`rating_summary`).
* **Split.**  A criterion is *split* when at least a quarter of its ratings are
  High and at least a quarter are Low, with at least 4 ratings; a candidate is
  split when one of its criteria is.
* **Ranking.**  Candidates are ranked by score, then by data power, then by proxy
  power; candidates equal on all three share a rank (1, 1, 3).  A candidate
  nobody rated comes last, without a rank.
* **Forecast.**  "If nothing changes": a straight line through the last 5
  measurements (at least 3 are needed), extended to the chosen year
  (:func:`forecast`).
* **On track.**  The expected path is the straight line from the baseline to the
  target.  An indicator is on track when its latest value measured after the
  baseline is at or better than that path on the same date — higher when up is
  good, lower when down is good (:func:`indicator_status`).
* **Importing a table.**  The measurement template, a Statistics Canada table or
  an Institut de la statistique du Québec table, as downloaded: see
  :mod:`cikit.analysis.imports`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

# Importing a table lives in cikit.analysis.imports; these names stay importable from here.
from cikit.analysis.imports.table import MAX_COLUMNS, MAX_ROWS, ImportFileError, read_table
from cikit.analysis.imports.template import (
    CELL_SHOWN,
    COLUMNS,
    GROUP_MAX,
    HEADERS,
    PROBLEM_REASONS,
    REQUIRED_COLUMNS,
    fold,
    match_headers,
    parse_measurements,
    template,
)

# The rating scale and criteria live apart, without pandas, for the phones' rating page.
from cikit.analysis.mesure_commune_scale import (
    CRITERIA,
    DIRECTIONS,
    DONT_KNOW,
    LEVELS,
    SPLIT_MIN,
    SPLIT_SHARE,
)
from cikit.analysis.periods import YEARS, period_to_x

__all__ = [
    "CELL_SHOWN",
    "COLUMNS",
    "CRITERIA",
    "DIRECTIONS",
    "DONT_KNOW",
    "GROUP_MAX",
    "HEADERS",
    "LEVELS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "PROBLEM_REASONS",
    "REQUIRED_COLUMNS",
    "YEARS",
    "ForecastError",
    "ImportFileError",
    "expected_path",
    "fold",
    "forecast",
    "indicator_status",
    "match_headers",
    "parse_measurements",
    "period_to_x",
    "rating_summary",
    "read_table",
    "template",
]


# --------------------------------------------------------------------------- ratings


def rating_summary(responses: pd.DataFrame, *, candidates: Sequence[str]) -> pd.DataFrame:
    """Averages, split flags, score and rank of candidate indicators rated on the RBA criteria.

    Parameters
    ----------
    responses : DataFrame
        Columns ``id``, ``respondent``, ``item`` and ``value`` (others are ignored);
        a higher ``id`` is a later answer.  Ratings are items
        ``f"rate.{candidate}.{criterion}"`` with values ``"high"``, ``"medium"``,
        ``"low"`` or ``"dk"``.  Only each respondent's latest answer per item counts;
        other items (``"_join"``…) and unknown values are ignored (a latest answer
        with an unknown value still replaces an earlier rating, like "don't know").
        An empty frame without these columns means no answer yet.
    candidates : sequence of str
        Candidate indicator ids, in the order of the result.

    Returns
    -------
    DataFrame
        Indexed by ``candidate`` in the given order.  For each criterion ``c`` of
        :data:`CRITERIA`: ``f"{c}_mean"`` (1-3, NaN without rating), ``f"{c}_n"``
        (ratings other than "don't know") and ``f"{c}_split"``; then ``score`` (mean
        of the three criterion means, NaN until all three have one), ``ratings`` (people who
        gave the candidate at least one rating other than "don't know"), ``split``
        (any criterion split) and ``rank`` (``Int64``: 1 = best by score, then
        ``data_mean``, then ``proxy_mean``; equal candidates share a rank; NA
        without score).  Averages are compared to 9 decimals.

    Raises
    ------
    ValueError
        When a non-empty ``responses`` lacks one of the four columns.

    Examples
    --------
    >>> df = pd.DataFrame({"id": [1, 2, 3, 4, 5], "respondent": ["a", "b", "a", "a", "b"],
    ...                    "item": ["rate.x.data", "rate.x.data", "rate.x.proxy",
    ...                             "rate.x.communication", "rate.y.data"],
    ...                    "value": ["high", "low", "medium", "dk", "high"]})
    >>> s = rating_summary(df, candidates=["x", "y"])
    >>> float(s.loc["x", "data_mean"]), int(s.loc["x", "data_n"]), float(s.loc["x", "score"])
    (2.0, 2, nan)

    Once the third criterion is rated, ``x`` has a score and a rank; ``y``, rated on
    one criterion only, still has neither:

    >>> df.loc[3, "value"] = "medium"
    >>> s = rating_summary(df, candidates=["x", "y"])
    >>> float(s.loc["x", "score"]), s["rank"].tolist()
    (2.0, [1, <NA>])
    """
    candidates = list(candidates)
    needed = ["id", "respondent", "item", "value"]
    missing = [c for c in needed if c not in responses.columns]
    if missing and not responses.empty:
        raise ValueError(f"responses lacks columns: {missing}")
    items = {
        f"rate.{candidate}.{criterion}": (candidate, criterion)
        for candidate in candidates
        for criterion in CRITERIA
    }
    if missing:
        frame = pd.DataFrame(columns=needed)
    else:
        frame = responses.loc[responses["item"].isin(list(items)), needed]
    frame = frame.sort_values("id", kind="stable").drop_duplicates(
        ["respondent", "item"], keep="last"
    )
    level = frame["value"].map(lambda v: LEVELS.get(v) if isinstance(v, str) else None)
    rated = pd.DataFrame(
        {
            "respondent": frame["respondent"],
            "candidate": frame["item"].map(lambda i: items[i][0]),
            "criterion": frame["item"].map(lambda i: items[i][1]),
            "level": pd.to_numeric(level, errors="coerce"),
        }
    ).dropna(subset=["level"])
    rated["high"] = rated["level"] == LEVELS["high"]
    rated["low"] = rated["level"] == LEVELS["low"]
    stats = rated.groupby(["candidate", "criterion"]).agg(
        mean=("level", "mean"), n=("level", "size"), high=("high", "sum"), low=("low", "sum")
    )
    index = pd.Index(candidates, name="candidate")
    out = pd.DataFrame(index=index)
    for criterion in CRITERIA:
        keys = pd.MultiIndex.from_arrays([candidates, [criterion] * len(candidates)])
        part = stats.reindex(keys)
        n = part["n"].fillna(0).astype(int).to_numpy()
        high = part["high"].fillna(0).to_numpy()
        low = part["low"].fillna(0).to_numpy()
        out[f"{criterion}_mean"] = part["mean"].astype(float).to_numpy()
        out[f"{criterion}_n"] = n
        # "At least a quarter" in whole numbers: 4 x count >= ratings, no rounding error.
        out[f"{criterion}_split"] = (
            (n >= SPLIT_MIN) & (high / SPLIT_SHARE >= n) & (low / SPLIT_SHARE >= n)
        )
    means = out[[f"{c}_mean" for c in CRITERIA]]
    # The score is the average of the *three* criteria: a candidate not yet rated on all
    # three has none (so one "High" alone cannot put it first).
    out["score"] = means.mean(axis=1, skipna=False)
    people = rated.groupby("candidate")["respondent"].nunique()
    out["ratings"] = people.reindex(index).fillna(0).astype(int).to_numpy()
    out["split"] = out[[f"{c}_split" for c in CRITERIA]].any(axis=1)
    out["rank"] = _competition_rank(out)
    return out


def _competition_rank(summary: pd.DataFrame) -> pd.Series:
    """1 = best by score, data_mean, proxy_mean (equal share, 1, 1, 3); NA without score."""
    keys = pd.DataFrame(
        {
            "score": summary["score"].round(9),
            "data": summary["data_mean"].round(9).fillna(-np.inf),
            "proxy": summary["proxy_mean"].round(9).fillna(-np.inf),
        },
        index=summary.index,
    )
    keys["order"] = range(len(keys))
    scored = keys[keys["score"].notna()].sort_values(
        ["score", "data", "proxy", "order"], ascending=[False, False, False, True]
    )
    ranks: list[int] = []
    previous = None
    triples = scored[["score", "data", "proxy"]].itertuples(index=False, name=None)
    for position, current in enumerate(triples, start=1):
        ranks.append(ranks[-1] if current == previous else position)
        previous = current
    rank = pd.Series(pd.NA, index=range(len(keys)), dtype="Int64")
    rank.loc[scored["order"].to_numpy()] = ranks
    return pd.Series(rank.to_numpy(), index=summary.index, dtype="Int64", name="rank")


# --------------------------------------------------------------------------- curves


class ForecastError(ValueError):
    """Too little history to draw a forecast; ``have`` and ``need`` count measurement dates."""

    def __init__(self, reason: str, *, have: int, need: int) -> None:
        self.reason = reason
        self.have = have
        self.need = need
        super().__init__(f"{reason}: have {have}, need {need}")


def forecast(
    history: pd.DataFrame, *, until: float, points: int = 5, min_points: int = 3
) -> pd.DataFrame:
    """The curve "if nothing changes": a straight line through the latest measurements.

    Parameters
    ----------
    history : DataFrame
        Columns ``x`` (decimal year) and ``value``; rows with NaN are dropped.
    until : float
        Last decimal year of the forecast.
    points : int, default 5
        The line is fitted (least squares) on the measurements of the last
        ``points`` distinct dates.
    min_points : int, default 3
        Fewer distinct dates than this raise :class:`ForecastError`.

    Returns
    -------
    DataFrame
        Columns ``x`` and ``value``: the line from the last measured ``x`` (its
        value on the line there, so a dashed line starts on the curve) up to
        ``until`` included, one row per step.  The step is the median spacing of
        the dates used, at least a month (1/12).  Only the first row when
        ``until`` is not after the last date.

    Raises
    ------
    ForecastError
        ``reason="too_few_points"`` with ``have`` and ``need``.
    ValueError
        When ``history`` lacks ``x`` or ``value``, ``until`` is not finite,
        ``min_points < 2`` or ``points < min_points``.

    Examples
    --------
    >>> h = pd.DataFrame({"x": [2018.0, 2019.0, 2020.0], "value": [10.0, 12.0, 14.0]})
    >>> forecast(h, until=2022)["value"].round(6).tolist()
    [14.0, 16.0, 18.0]
    """
    if min_points < 2:
        raise ValueError(f"min_points must be at least 2, got {min_points!r}")
    if points < min_points:
        raise ValueError(f"points ({points!r}) must be at least min_points ({min_points!r})")
    if not math.isfinite(until):
        raise ValueError(f"until must be a finite decimal year, got {until!r}")
    frame = _history(history)
    dates = np.unique(frame["x"].to_numpy())[-points:]
    if len(dates) < min_points:
        raise ForecastError("too_few_points", have=int(len(dates)), need=min_points)
    used = frame[frame["x"] >= dates[0]]
    last = float(dates[-1])
    # Centred on the last date: the fit is not ill-conditioned by x around 2000.
    slope, intercept = np.polyfit(used["x"].to_numpy() - last, used["value"].to_numpy(), 1)
    step = max(float(np.median(np.diff(dates))), 1 / 12)
    steps = math.floor((until - last) / step + 1e-9) if until > last else 0
    offsets = step * np.arange(steps + 1)
    return pd.DataFrame({"x": last + offsets, "value": slope * offsets + intercept})


def expected_path(baseline: tuple[float, float], target: tuple[float, float], x: float) -> float:
    """The value expected at ``x`` on the straight line from ``baseline`` to ``target``.

    Both are ``(x, value)``.  Beyond the target's date the path stays at the
    target; before the baseline's date the line is extended.

    Raises
    ------
    ValueError
        When the target's date is not after the baseline's.

    Examples
    --------
    >>> expected_path((2020, 10.0), (2030, 20.0), 2025)
    15.0
    >>> expected_path((2020, 10.0), (2030, 20.0), 2040)
    20.0
    """
    (x0, v0), (x1, v1) = baseline, target
    if not x1 > x0:
        raise ValueError(f"the target ({x1!r}) must come after the baseline ({x0!r})")
    if x >= x1:
        return float(v1)
    return float(v0 + (v1 - v0) * (x - x0) / (x1 - x0))


def indicator_status(
    history: pd.DataFrame,
    *,
    baseline: tuple[float, float] | None,
    target: tuple[float, float] | None,
    direction: str,
) -> str:
    """``"on_track"``, ``"off_track"`` or ``"no_data"`` for one indicator.

    Parameters
    ----------
    history : DataFrame
        Columns ``x`` (decimal year) and ``value``; rows with NaN are ignored.
    baseline, target : (float, float) or None
        ``(x, value)`` each.
    direction : {"up", "down"}
        Whether higher (``"up"``) or lower (``"down"``) values are better.

    Returns
    -------
    str
        ``"no_data"`` without baseline, target or a value measured after the
        baseline's date; otherwise the latest such value is ``"on_track"`` when it
        is at or better than :func:`expected_path` on its date (equal within
        rounding counts as on track), else ``"off_track"``.

    Raises
    ------
    ValueError
        For another ``direction``, a history without ``x`` or ``value``, or a
        target not after the baseline.

    Examples
    --------
    >>> h = pd.DataFrame({"x": [2020.0, 2022.0], "value": [10.0, 13.0]})
    >>> indicator_status(h, baseline=(2020, 10.0), target=(2030, 20.0), direction="up")
    'on_track'
    >>> indicator_status(h, baseline=(2020, 10.0), target=(2030, 0.0), direction="down")
    'off_track'
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'up' or 'down', got {direction!r}")
    if baseline is None or target is None or _has_nan(baseline) or _has_nan(target):
        return "no_data"
    frame = _history(history)
    after = frame[frame["x"] > baseline[0]]
    if after.empty:
        return "no_data"
    x, value = float(after["x"].iloc[-1]), float(after["value"].iloc[-1])
    path = expected_path(baseline, target, x)
    if math.isclose(value, path, rel_tol=1e-9, abs_tol=1e-9):
        return "on_track"
    better = value > path if direction == "up" else value < path
    return "on_track" if better else "off_track"


def _history(history: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("x", "value") if c not in history.columns]
    if missing:
        raise ValueError(f"history lacks columns: {missing}")
    frame = pd.DataFrame(
        {
            "x": pd.to_numeric(history["x"], errors="coerce").astype(float),
            "value": pd.to_numeric(history["value"], errors="coerce").astype(float),
        }
    ).dropna()
    return frame.sort_values("x", kind="stable").reset_index(drop=True)


def _has_nan(point: tuple[float, float]) -> bool:
    return any(v is None or pd.isna(v) for v in point)
