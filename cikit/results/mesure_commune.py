"""Shared measurement's results: the three lists, each indicator's definition, the dashboard.

The workbook keeps the lists as a decision ``lists`` (``headline``, ``secondary``,
``development``), each indicator's definition as ``definition.<id>`` (baseline,
target, source, frequency, responsible partner, breakdowns) and the group's own
candidates as ``candidate.<id>``; values are the store's measurements.  The
dashboard's status is :func:`cikit.analysis.mesure_commune.indicator_status` on
the mean per period of the totals (no breakdown), the rule the screen explains.

Examples
--------
>>> from cikit.results import mesure_commune
>>> mesure_commune.indicators(ws, "fr")[["indicator", "list", "baseline_value", "target_value"]]  # doctest: +SKIP
>>> mesure_commune.dashboard(ws, "en")[["name", "latest_value", "status"]]          # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from cikit import content
from cikit.analysis.mesure_commune_scale import DIRECTIONS
from cikit.analysis.periods import period_to_x
from cikit.results import _read

if TYPE_CHECKING:  # light on purpose: a phone rating candidates reads their names here
    import pandas as pd

WORKBOOK = "03_mesure_commune"
LISTS = ("headline", "secondary", "development")
STATUSES = ("on_track", "off_track", "no_data")
OWN = "candidate."

INDICATOR_COLUMNS = {
    "indicator": "object",
    "list": "object",
    "position": "int64",
    "name": "object",
    "unit": "object",
    "direction": "object",
    "own": "bool",
    "baseline_value": "float64",
    "baseline_period": "object",
    "target_value": "float64",
    "target_period": "object",
    "source": "object",
    "frequency": "object",
    "partner_id": "Int64",
    "goal_link": "bool",
    "disaggregations": "object",
}
DASHBOARD_COLUMNS = {
    "indicator": "object",
    "name": "object",
    "unit": "object",
    "direction": "object",
    "latest_value": "float64",
    "latest_period": "object",
    "baseline_value": "float64",
    "baseline_period": "object",
    "target_value": "float64",
    "target_period": "object",
    "status": "object",
}


@dataclass(frozen=True)
class Indicator:
    """A library indicator or one of the group's own, in the reader's language."""

    id: str
    name: str
    plain: str = ""
    technical: str = ""
    unit: str = ""
    direction: str = "up"  # "up": higher is better; "down": lower is better
    sources: str = ""
    disaggregations: tuple[str, ...] = ()
    domain: str = ""
    own: bool = False

    def as_dict(self) -> dict[str, Any]:
        found = asdict(self)
        found["disaggregations"] = list(self.disaggregations)
        return found


def _pick(value: Any, lang: str) -> str:
    return content.pick(value, lang) if isinstance(value, dict) else str(value or "")


def own_candidates(workspace) -> dict[str, dict]:
    """The group's own candidate indicators, by id (their content as saved)."""
    return {d["key"][len(OWN) :]: d["content"] for d in _read.records(workspace, WORKBOOK, OWN)}


def indicator(
    workspace, indicator_id: str, lang: str, *, own: dict[str, dict] | None = None
) -> Indicator | None:
    """A library indicator, else the group's own candidate; None when neither exists.

    ``own`` (from :func:`own_candidates`) saves reading the decisions again in a loop.
    """
    for entry in content.document("indicators")["entries"]:
        if entry["id"] == indicator_id:
            return Indicator(
                id=entry["id"], name=entry.get(lang) or entry["fr"],
                plain=_pick(entry.get("plain"), lang), technical=_pick(entry.get("technical"), lang),
                unit=_pick(entry.get("unit"), lang), direction=entry.get("direction", "up"),
                sources=_pick(entry.get("sources"), lang),
                disaggregations=tuple(entry.get("disaggregations", [])),
                domain=entry.get("domain", ""),
            )  # fmt: skip
    body = (own if own is not None else own_candidates(workspace)).get(indicator_id)
    if body is None:
        return None
    direction = body.get("direction")
    return Indicator(
        id=indicator_id, name=str(body.get("name", "")), plain=str(body.get("plain", "")),
        unit=str(body.get("unit", "")), direction=direction if direction in DIRECTIONS else "up",
        disaggregations=("territory",), own=True,
    )  # fmt: skip


def lists(workspace, lang: str = "fr") -> dict[str, list[str]]:
    """The three lists as adopted, leaving out indicators no longer in the library or the group's own."""
    given = _read.content(workspace, WORKBOOK, "lists") or {}
    own = own_candidates(workspace)
    return {
        name: [i for i in _read.strings(given.get(name)) if indicator(workspace, i, lang, own=own)]
        for name in LISTS
    }


def definition(workspace, indicator_id: str) -> dict[str, Any]:
    """An indicator's definition as saved (empty before one is saved)."""
    return dict(_read.content(workspace, WORKBOOK, f"definition.{indicator_id}") or {})


def point(value: Any, period: Any) -> tuple[float, float] | None:
    """A baseline or target ``(x, value)`` from its value and period, or None when incomplete."""
    if value is None or isinstance(value, bool) or not period:
        return None
    if isinstance(value, float) and value != value:  # NaN: no value
        return None
    try:
        return (period_to_x(str(period)), float(value))
    except (TypeError, ValueError):
        return None


def history(values: pd.DataFrame, indicator_id: str, dimension: str = "") -> pd.DataFrame:
    """Mean value per group and period of one indicator and breakdown (columns group, x, value).

    Several partners may report the same period: the curve shows their mean.
    """
    part = values[(values["indicator"] == indicator_id) & (values["dimension"] == dimension)]
    return part.groupby(["group", "x"], as_index=False)["value"].mean()


def total_history(values: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """The total's mean value per period (columns x, value), oldest first, without gaps."""
    found = history(values, indicator_id)
    found = found[found["group"] == ""][["x", "value"]].dropna(subset=["value"])
    return found.sort_values("x").reset_index(drop=True)


def period_label(values: pd.DataFrame, indicator_id: str, x: float) -> str:
    """The period of a value as it was entered (``2021-09``), from its decimal year."""
    match = values[(values["indicator"] == indicator_id) & (values["x"] == x)]["period"]
    return str(match.iloc[0]) if not match.empty else f"{x:.0f}"


def status(
    total: pd.DataFrame,
    baseline: tuple[float, float] | None,
    target: tuple[float, float] | None,
    direction: str,
) -> str:
    """``on_track``, ``off_track`` or ``no_data`` for one indicator's total history."""
    from cikit.analysis.mesure_commune import indicator_status

    try:
        return indicator_status(total, baseline=baseline, target=target, direction=direction)
    except ValueError:  # e.g. a target dated before the baseline
        return "no_data"


def indicators(workspace, lang: str = "fr") -> pd.DataFrame:
    """One row per chosen indicator (headline, then secondary, then development) and its definition."""
    own = own_candidates(workspace)
    partners = set(workspace.partners(include_removed=True)["id"].astype(int))
    rows = []
    for name, ids in lists(workspace, lang).items():
        for position, indicator_id in enumerate(ids, start=1):
            found = indicator(workspace, indicator_id, lang, own=own)
            saved = definition(workspace, indicator_id)
            partner = saved.get("partner_id")
            rows.append({
                "indicator": indicator_id, "list": name, "position": position,
                "name": found.name, "unit": found.unit, "direction": found.direction,
                "own": found.own, **_baseline_target(saved),
                "source": _read.text(saved.get("source")) or found.sources,
                "frequency": _read.text(saved.get("frequency")),
                "partner_id": partner if isinstance(partner, int) and partner in partners else None,
                "goal_link": saved.get("goal_link") is True,
                "disaggregations": _read.strings(saved.get("disaggregations"))
                if "disaggregations" in saved else list(found.disaggregations),
            })  # fmt: skip
    return _read.frame(rows, INDICATOR_COLUMNS)


def _baseline_target(saved: dict[str, Any]) -> dict[str, Any]:
    """Baseline and target values (numbers or None) and periods (as typed, or empty)."""
    out: dict[str, Any] = {}
    for name in ("baseline", "target"):
        out[f"{name}_value"] = _read.number(saved.get(f"{name}_value"))
        out[f"{name}_period"] = _read.text(saved.get(f"{name}_period"))
    return out


def dashboard(workspace, lang: str = "fr", values: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per headline indicator: its latest total, baseline, target and status.

    ``values`` are the workspace's measurements when already read (the app reads them once).
    """
    values = workspace.measurements() if values is None else values
    own = own_candidates(workspace)
    rows = []
    for indicator_id in lists(workspace, lang)["headline"]:
        found = indicator(workspace, indicator_id, lang, own=own)
        saved = definition(workspace, indicator_id)
        total = total_history(values, indicator_id)
        latest = None if total.empty else total.iloc[-1]
        clean = _baseline_target(saved)
        baseline = point(clean["baseline_value"], clean["baseline_period"])
        target = point(clean["target_value"], clean["target_period"])
        rows.append({
            "indicator": indicator_id, "name": found.name, "unit": found.unit,
            "direction": found.direction,
            "latest_value": None if latest is None else float(latest["value"]),
            "latest_period": "" if latest is None else period_label(values, indicator_id, latest["x"]),
            **clean, "status": status(total, baseline, target, found.direction),
        })  # fmt: skip
    return _read.frame(rows, DASHBOARD_COLUMNS)
