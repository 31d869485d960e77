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
* **Importing a table.**  A CSV (separated by ``;``, ``,`` or tabs) or Excel file
  whose first line holds the column names, in French or in English, in any case
  and with or without accents: indicator, period and value are required;
  partner, breakdown and group are optional.  Values may use a decimal comma,
  spaces between thousands and a trailing ``%``.  Periods are a year (2022), a
  month (2022-07) or a day (2022-07-15, 2022/07/15 or 15/07/2022, day first).
  A breakdown (such as territory) always comes with a group (such as a
  neighbourhood); both empty means the total.  Two lines for the same
  indicator, period, partner, breakdown and group are refused after the first.
  Empty lines are skipped.  Every other problem is listed with its line number,
  and only the lines without problems are imported (:func:`parse_measurements`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import Any

import numpy as np
import pandas as pd

from cikit.i18n.format import decimal

LEVELS: dict[str, int] = {"high": 3, "medium": 2, "low": 1}
DONT_KNOW = "dk"
CRITERIA: tuple[str, ...] = ("communication", "proxy", "data")
"""The three RBA criteria: communication power, proxy power, data power."""
SPLIT_SHARE = 0.25
SPLIT_MIN = 4
DIRECTIONS: tuple[str, ...] = ("up", "down")

COLUMNS: tuple[str, ...] = ("indicator", "period", "value", "partner", "dimension", "group")
"""Canonical column names of an imported table."""
REQUIRED_COLUMNS: tuple[str, ...] = ("indicator", "period", "value")
HEADERS: dict[str, dict[str, str]] = {
    "fr": {
        "indicator": "indicateur",
        "period": "période",
        "value": "valeur",
        "partner": "partenaire",
        "dimension": "ventilation",
        "group": "groupe",
    },
    "en": {
        "indicator": "indicator",
        "period": "period",
        "value": "value",
        "partner": "partner",
        "dimension": "breakdown",
        "group": "group",
    },
}
"""Column headers people see, per language; both languages are accepted on import."""
MAX_COLUMNS = 50
"""Columns read from a file: the template has six; more is not a measurement table."""

MAX_ROWS = 200_000
"""Most data rows an imported file may hold."""
GROUP_MAX = 120
"""Longest group name (what the workspace stores)."""
YEARS = (1900, 2100)
"""Years accepted in an imported period (both included): catches typos such as 2202."""
CELL_SHOWN = 80
"""Characters of a faulty cell repeated in the list of problems."""

PROBLEM_REASONS: tuple[str, ...] = (
    "empty_value",
    "not_a_number",
    "bad_period",
    "unknown_indicator",
    "unknown_partner",
    "unknown_dimension",
    "group_without_dimension",
    "dimension_without_group",
    "too_long",
    "duplicate",
)
"""Every ``reason`` of a row in the problems returned by :func:`parse_measurements`."""

_SEPARATORS = ";,\t"
_SNIFF_LINES = 20
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_THOUSANDS = " \u00a0\u202f\u2009"  # space, no-break space, narrow no-break space, thin space
# Spelled out, not \s: pandas may run these with pyarrow (RE2), where \s is ASCII only.
_BLANK = rf"[\s{_THOUSANDS}]"
_NUMBER = (
    rf"[+-]?(?:[0-9]{{1,3}}(?:[{_THOUSANDS}][0-9]{{3}})+|[0-9]+)(?:[.,][0-9]+)?(?:{_BLANK}*%)?"
)
_YEAR = re.compile(r"([0-9]{4})")
_YEAR_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_IMPORT_PERIODS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern.replace("Y", r"(?P<y>[0-9]{4})").replace("M", r"(?P<m>[0-9]{1,2})")
               .replace("D", r"(?P<d>[0-9]{1,2})"))
    for pattern in (
        "Y",  # 2022
        "Y[-/]M",  # 2022-07, 2022/07
        "M/Y",  # 07/2022
        "Y[-/]M[-/]D(?:[ T]00:00(?::00)?)?",  # 2022-07-15, 2022/07/15, 2022-07-15 00:00:00
        "D/M/Y",  # 15/07/2022 (day first, as in Québec)
    )
)  # fmt: skip
"""Periods accepted in an imported table; groups ``y``, ``m`` and ``d``."""


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


def period_to_x(period: str) -> float:
    """A canonical period (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) as a decimal year.

    A year is its first day, a month its first day in twelfths of the year, a day
    its day of the year (0-based) over the days in that year.

    Raises
    ------
    ValueError
        For anything else, or a month or day that does not exist.

    Examples
    --------
    >>> period_to_x("2022"), period_to_x("2022-07"), period_to_x("2022-01-01")
    (2022.0, 2022.5, 2022.0)
    """
    if not isinstance(period, str):
        raise ValueError(f"period must be a string, got {period!r}")
    if match := _YEAR.fullmatch(period):
        return float(match[1])
    if match := _YEAR_MONTH.fullmatch(period):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f"no month {month} in {period!r}")
        return year + (month - 1) / 12
    if match := _DATE.fullmatch(period):
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError as err:
            raise ValueError(f"no such day: {period!r}") from err
        days = 366 if _leap(day.year) else 365
        return day.year + (day.timetuple().tm_yday - 1) / days
    raise ValueError(f"not a period (YYYY, YYYY-MM or YYYY-MM-DD): {period!r}")


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


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


# --------------------------------------------------------------------------- import


class ImportFileError(ValueError):
    """A file that cannot be imported at all; ``reason`` says why.

    ``reason`` is one of ``"empty"``, ``"unreadable"``, ``"missing_columns"`` and
    ``"too_many_rows"``; ``columns`` lists the missing canonical columns for
    ``"missing_columns"`` (empty otherwise).
    """

    def __init__(self, reason: str, *, columns: Iterable[str] = ()) -> None:
        self.reason = reason
        self.columns = list(columns)
        detail = f" ({', '.join(self.columns)})" if self.columns else ""
        super().__init__(f"{reason}{detail}")


def read_table(data: bytes, filename: str) -> pd.DataFrame:
    """An uploaded CSV or Excel file as a table of strings.

    Parameters
    ----------
    data : bytes
        The file's content.
    filename : str
        Its name: ``.xlsx`` or ``.xlsm`` is read as Excel (first sheet), anything
        else as CSV.  A ZIP archive (what Excel files are) is read as Excel
        whatever its name.

    Returns
    -------
    DataFrame
        The first row gives the column names; every cell is a string (``""`` when
        empty), and the rows keep their order in the file, empty ones included,
        so that row ``i`` is line ``i + 2``.  CSV: the separator (``;``, ``,`` or
        tab) is detected with :class:`csv.Sniffer` on the first lines; text is
        UTF-8 (with or without BOM), else Windows-1252 (UTF-16 with a BOM is read
        too).  Excel: numbers are written without exponent, whole numbers without
        ``.0``, percentages as ``"12 %"`` and dates as ``YYYY-MM-DD``.

    Raises
    ------
    ImportFileError
        ``"empty"`` without any non-empty data row, ``"unreadable"`` when the file
        cannot be parsed, ``"too_many_rows"`` above :data:`MAX_ROWS` data rows.
    """
    if not data or not data.strip():
        raise ImportFileError("empty")
    suffix = PurePath(filename or "").suffix.casefold()
    if suffix in (".xlsx", ".xlsm") or data[:4] == b"PK\x03\x04":
        table = _read_excel(data)
    else:
        table = _read_csv(data)
    if len(table) > MAX_ROWS:
        raise ImportFileError("too_many_rows")
    filled = (table != "").any(axis=1).to_numpy() if len(table.columns) else np.zeros(0, bool)
    if not filled.any():
        raise ImportFileError("empty")
    # Trailing empty rows (a sheet formatted further down, blank lines at the end).
    return table.iloc[: int(np.flatnonzero(filled)[-1]) + 1].reset_index(drop=True)


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise ImportFileError("unreadable") from err
    if b"\x00" in data:  # binary, not text
        raise ImportFileError("unreadable")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as err:
        raise ImportFileError("unreadable") from err


def _separator(text: str) -> str:
    lines = text.splitlines()
    sample = "\n".join(lines[:_SNIFF_LINES])
    header = lines[0] if lines else ""
    counts = {sep: header.count(sep) for sep in _SEPARATORS}
    try:
        sep = csv.Sniffer().sniff(sample, delimiters=_SEPARATORS).delimiter
    except csv.Error:
        sep = ""
    if sep not in counts or (counts[sep] == 0 and max(counts.values()) > 0):
        # Column names hold no decimal comma: trust the header line.
        sep = max(_SEPARATORS, key=lambda s: counts[s]) if max(counts.values()) else ","
    return sep


def _read_csv(data: bytes) -> pd.DataFrame:
    text = _decode(data)
    sep = _separator(text)
    header = text.split("\n", 1)[0]
    if sep and header.count(sep) >= MAX_COLUMNS:
        # A file whose header has thousands of cells would take minutes and gigabytes.
        raise ImportFileError("unreadable")
    try:
        with warnings.catch_warnings():
            # index_col=False drops empty cells after the last column, with a warning.
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            table = pd.read_csv(
                io.StringIO(text),
                sep=sep,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                index_col=False,
                nrows=MAX_ROWS + 1,
                engine="c",
            )
    except pd.errors.EmptyDataError as err:
        raise ImportFileError("empty") from err
    except (pd.errors.ParserError, ValueError, csv.Error) as err:
        raise ImportFileError("unreadable") from err
    return table.fillna("").astype(str)


def _read_excel(data: bytes) -> pd.DataFrame:
    import openpyxl  # only when an Excel file arrives

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # Untrusted content: openpyxl raises whatever its zip and XML readers raise.
    except Exception as err:
        raise ImportFileError("unreadable") from err
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise ImportFileError("empty")
        rows: list[list[str]] = []
        blanks = 0  # empty rows kept only if a filled row follows
        header: list[str] | None = None
        try:
            # The sheet's own stated size is untrusted: a file can claim 16,384 columns.
            sheet.reset_dimensions()
            for cells in sheet.iter_rows(max_col=MAX_COLUMNS):
                row = [_excel_text(cell) for cell in cells]
                if header is None:
                    header = row
                    continue
                if not any(row):
                    blanks += 1
                    continue
                rows.extend([] for _ in range(blanks))
                blanks = 0
                rows.append(row)
                if len(rows) > MAX_ROWS:
                    raise ImportFileError("too_many_rows")
        except ImportFileError:
            raise
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, SyntaxError) as err:
            raise ImportFileError("unreadable") from err
    finally:
        book.close()
    if header is None:
        raise ImportFileError("empty")
    # Cells after the last named column are padding (max_col), unless rows hold data there.
    while (
        header
        and not header[-1]
        and not any(len(r) >= len(header) and r[len(header) - 1] for r in rows)
    ):
        header.pop()
        rows = [r[: len(header)] for r in rows]
    width = max([len(header), *(len(r) for r in rows)])
    names = _unique_names([*header, *[""] * (width - len(header))])
    padded = [r + [""] * (width - len(r)) for r in rows]
    return pd.DataFrame(padded, columns=names, dtype=str)


def _excel_text(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number):
            return str(value)
        percent = "%" in str(getattr(cell, "number_format", "") or "")
        if percent:
            number = round(number * 100, 10)
        if isinstance(value, int) and not percent:
            text = str(value)
        elif number.is_integer() and abs(number) < 1e15:
            text = str(int(number))
        else:
            text = np.format_float_positional(number, trim="-")
        return f"{text} %" if percent else text
    return str(value)


def _unique_names(names: list[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for position, name in enumerate(names):
        name = name.strip() or f"Unnamed: {position}"
        candidate, n = name, 0
        while candidate in seen:
            n += 1
            candidate = f"{name}.{n}"
        seen.add(candidate)
        out.append(candidate)
    return out


def template(lang: str) -> pd.DataFrame:
    """A table to fill in: the headers of ``lang`` and two example rows.

    The first example is a total for a year, the second a value for one group of
    a breakdown by territory in a month.  The indicator ids are examples: people
    replace them with the ids the app lists.

    Raises
    ------
    ValueError
        For a language other than ``"fr"`` and ``"en"``.
    """
    if lang not in HEADERS:
        raise ValueError(f"lang must be one of {sorted(HEADERS)}, got {lang!r}")
    rows = [
        {"indicator": "eqdem_vulnerable", "period": "2023", "value": decimal(27.5, lang),
         "partner": "", "dimension": "", "group": ""},
        {"indicator": "eqdem_vulnerable", "period": "2023-06", "value": decimal(31.2, lang),
         "partner": "", "dimension": "territory", "group": "Centre-Sud"},
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(COLUMNS), dtype=str)
    return frame.rename(columns=HEADERS[lang])


def fold(text: str) -> str:
    """Case-, accent- and space-insensitive key (as the workspace compares names).

    « Éco-Quartier » and « eco-quartier » give the same key; runs of spaces become
    one space.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def match_headers(columns: Iterable[Hashable]) -> dict[str, Hashable]:
    """``{canonical column: column of the table}`` for the columns that are recognised.

    A header matches a name of :data:`HEADERS` (either language) or a canonical
    name regardless of case, accents and spaces; the first matching column wins.
    """
    names: dict[str, str] = {}
    for canonical in COLUMNS:
        for label in (canonical, *(headers[canonical] for headers in HEADERS.values())):
            names[fold(label).replace(" ", "")] = canonical
    found: dict[str, Hashable] = {}
    for column in columns:
        canonical = names.get(fold(str(column)).replace(" ", ""))
        if canonical is not None and canonical not in found:
            found[canonical] = column
    return found


def parse_measurements(
    raw: pd.DataFrame,
    *,
    indicators: Collection[str],
    partners: Mapping[str, int],
    dimensions: Collection[str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Check every row of an uploaded table; the valid measurements and the problems.

    Parameters
    ----------
    raw : DataFrame
        :func:`read_table`: strings, row ``i`` is line ``i + 2`` of the file.
        Headers are matched with :func:`match_headers`; other columns are ignored.
    indicators : collection of str
        Known indicator ids, matched case-insensitively (spaces around ignored).
    partners : mapping of str to int
        Partner name key (:func:`fold`, as :func:`cikit.store.validate.name_key`)
        to partner id.  An empty partner cell means no partner.
    dimensions : collection of str
        Known breakdown ids (``"territory"``…), matched like partners.  Empty
        breakdown and group mean the total.

    Returns
    -------
    valid : DataFrame
        One row per line without problem, in file order: ``indicator`` (the known
        id), ``period`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), ``x``
        (:func:`period_to_x`), ``value`` (float), ``partner_id`` (``Int64``, NA for
        none), ``dimension`` (the known id, ``""`` for the total), ``group`` (as
        written, spaces collapsed; ``""`` for the total) and ``line``.
    problems : DataFrame
        One row per problem (a line may have several), by line then column:
        ``line``, ``column`` (canonical name, ``""`` for the whole line),
        ``value`` (the cell as written, cut to 80 characters) and ``reason``, one of
        :data:`PROBLEM_REASONS`: ``"empty_value"`` (indicator, period or value
        left empty), ``"not_a_number"``, ``"bad_period"``, ``"unknown_indicator"``,
        ``"unknown_partner"``, ``"unknown_dimension"``,
        ``"group_without_dimension"`` (on the group cell),
        ``"dimension_without_group"`` (on the breakdown cell), ``"too_long"`` (a
        group over :data:`GROUP_MAX` characters) and ``"duplicate"`` (same
        indicator, period, partner, breakdown and group — the group compared
        without case or accents — as an earlier line; checked on lines whose
        other cells are valid or not).

    Lines whose recognised cells are all empty are skipped without a problem.

    Raises
    ------
    ImportFileError
        ``"missing_columns"`` with ``columns`` when indicator, period or value has
        no column.

    Examples
    --------
    >>> raw = pd.DataFrame({"Indicateur": ["a", "a"], "Période": ["2022", "hier"],
    ...                     "Valeur": ["3,5", "4"]})
    >>> valid, problems = parse_measurements(raw, indicators=["a"], partners={},
    ...                                      dimensions=[])
    >>> valid[["period", "value", "line"]].values.tolist()
    [['2022', 3.5, 2]]
    >>> problems[["line", "column", "reason"]].values.tolist()
    [[3, 'period', 'bad_period']]
    """
    mapping = match_headers(raw.columns)
    missing = [c for c in REQUIRED_COLUMNS if c not in mapping]
    if missing:
        raise ImportFileError("missing_columns", columns=missing)
    size = len(raw)
    lines = pd.Series(np.arange(2, size + 2), index=pd.RangeIndex(size))
    cells = {
        column: (
            _text(raw[mapping[column]])
            if column in mapping
            else pd.Series([""] * size, dtype=object)
        )
        for column in COLUMNS
    }
    strip = {column: cell.str.strip() for column, cell in cells.items()}
    given = {column: cell != "" for column, cell in strip.items()}
    skipped = ~pd.concat(given, axis=1).any(axis=1) if size else pd.Series([], dtype=bool)
    found: list[tuple[str, str, pd.Series]] = []  # (column, reason, mask)

    def problem(column: str, reason: str, mask: pd.Series) -> None:
        found.append((column, reason, mask & ~skipped))

    # Indicator
    known_indicators = {str(i).strip().casefold(): str(i) for i in indicators}
    indicator = strip["indicator"].str.casefold().map(known_indicators)
    problem("indicator", "empty_value", ~given["indicator"])
    problem("indicator", "unknown_indicator", given["indicator"] & indicator.isna())

    # Period
    period = _map_unique(strip["period"], _import_period)
    x = _map_unique(period.fillna(""), lambda p: period_to_x(p) if p else np.nan).astype(float)
    problem("period", "empty_value", ~given["period"])
    problem("period", "bad_period", given["period"] & period.isna())

    # Value
    value = _numbers(strip["value"])
    problem("value", "empty_value", ~given["value"])
    problem("value", "not_a_number", given["value"] & value.isna())

    # Partner
    known_partners = {fold(str(name)): int(pid) for name, pid in partners.items()}
    partner_id = _map_unique(strip["partner"], lambda p: known_partners.get(fold(p)))
    partner_id = pd.array(partner_id.to_numpy(), dtype="Int64")
    partner_ok = ~given["partner"] | ~pd.Series(partner_id.isna(), index=lines.index)
    problem("partner", "unknown_partner", ~partner_ok)

    # Breakdown and group
    known_dimensions = {fold(str(d)): str(d) for d in dimensions}
    dimension = _map_unique(strip["dimension"], lambda d: known_dimensions.get(fold(d)))
    group = _map_unique(strip["group"], _clean_group)
    group_key = _map_unique(group, fold)
    has_group = group != ""  # not only spaces or control characters
    dimension_ok = ~given["dimension"] | dimension.notna()
    paired = given["dimension"] == has_group
    group_ok = group.str.len() <= GROUP_MAX
    problem("dimension", "unknown_dimension", ~dimension_ok)
    problem("dimension", "dimension_without_group", given["dimension"] & ~has_group)
    problem("group", "group_without_dimension", has_group & ~given["dimension"])
    problem("group", "too_long", ~group_ok)

    # Duplicates: among lines whose key is valid, the later ones.
    keyed = (
        indicator.notna() & period.notna() & partner_ok & dimension_ok & paired & group_ok
    ) & ~skipped
    keys = pd.DataFrame(
        {
            "indicator": indicator,
            "period": period,
            "partner": pd.Series(partner_id, index=lines.index).fillna(-1),
            "dimension": dimension.fillna(""),
            "group": group_key,
        }
    )[keyed]
    duplicate = pd.Series(False, index=lines.index)
    duplicate[keys.index[keys.duplicated(keep="first").to_numpy()]] = True
    problem("", "duplicate", duplicate)

    bad = pd.Series(False, index=lines.index)
    for _, _, mask in found:
        bad |= mask
    keep = (~bad & ~skipped).to_numpy()
    valid = pd.DataFrame(
        {
            "indicator": indicator[keep].astype(str),
            "period": period[keep].astype(str),
            "x": x[keep],
            "value": value[keep],
            "partner_id": pd.array(partner_id[keep], dtype="Int64"),
            "dimension": dimension[keep].fillna("").astype(str),
            "group": group[keep].astype(str),
            "line": lines[keep].astype(int),
        }
    ).reset_index(drop=True)
    return valid, _problems(found, cells, lines)


def _text(column: pd.Series | pd.DataFrame) -> pd.Series:
    if isinstance(column, pd.DataFrame):  # two columns with the same name: the first
        column = column.iloc[:, 0]
    column = column.reset_index(drop=True)
    return column.astype(object).where(column.notna(), "").astype(str)


def _map_unique(column: pd.Series, function: Callable[[Any], Any]) -> pd.Series:
    """``column.map(function)`` calling ``function`` once per distinct value."""
    uniques = pd.unique(column.to_numpy())
    table = {value: function(value) for value in uniques}
    return column.map(table).astype(object)


def _numbers(column: pd.Series) -> pd.Series:
    """Floats from ``3.5``, ``3,5``, ``1 234,5`` (any space), ``12 %``; NaN otherwise."""
    text = column.str.replace("\u2212", "-", regex=False)  # typographic minus
    ok = text.str.fullmatch(_NUMBER)
    plain = text.str.replace(rf"{_BLANK}|%", "", regex=True).str.replace(",", ".", regex=False)
    number = pd.to_numeric(plain.where(ok, ""), errors="coerce").astype(float)
    return number.where(np.isfinite(number))


def _import_period(text: str) -> str | None:
    """The canonical period written in ``text``, or None."""
    for pattern in _IMPORT_PERIODS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        found = {name: int(group) for name, group in match.groupdict().items() if group}
        year, month, day = found["y"], found.get("m"), found.get("d")
        if not YEARS[0] <= year <= YEARS[1]:
            return None
        if month is None:
            return f"{year:04d}"
        if not 1 <= month <= 12:
            return None
        if day is None:
            return f"{year:04d}-{month:02d}"
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return None
    return None


def _clean_group(text: str) -> str:
    return _SPACES.sub(" ", _CONTROL.sub("", unicodedata.normalize("NFC", text))).strip()


def _problems(
    found: list[tuple[str, str, pd.Series]], cells: dict[str, pd.Series], lines: pd.Series
) -> pd.DataFrame:
    order = {column: n for n, column in enumerate(COLUMNS)}
    parts = []
    for column, reason, mask in found:
        where = mask.to_numpy()
        if not where.any():
            continue
        shown = cells[column][where].str.slice(0, CELL_SHOWN) if column else ""
        parts.append(
            pd.DataFrame(
                {
                    "line": lines[where].astype(int),
                    "column": column,
                    "value": shown,
                    "reason": reason,
                    "_order": order.get(column, len(order)),
                }
            )
        )
    columns = ["line", "column", "value", "reason"]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=int if c == "line" else object) for c in columns})
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["line", "_order"], kind="stable")
    return out[columns].reset_index(drop=True)
