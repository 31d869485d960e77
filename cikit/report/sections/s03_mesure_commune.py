"""« Mesure commune / Shared measurement » in reports: the lists, the dashboard, the curves.

The status of each headline indicator is computed with the app's rule
(:func:`cikit.analysis.measurement.indicator_status`) on the same history: the
mean per period of the total (no breakdown) values.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from cikit import content
from cikit.analysis.measurement import indicator_status, period_to_x
from cikit.i18n import Translator
from cikit.report import figures
from cikit.report.blocks import Bullets, Figure, Heading, Paragraph, Section, Table

WORKBOOK = "03_mesure_commune"
LISTS = ("headline", "secondary", "development")


def indicator(workspace, indicator_id: str, lang: str) -> dict[str, Any] | None:
    """A library or own indicator: name, unit, direction in the reader's language."""
    for entry in content.document("indicators")["entries"]:
        if entry["id"] == indicator_id:
            unit = entry.get("unit")
            return {
                "name": entry.get(lang) or entry["fr"],
                "unit": content.pick(unit, lang) if isinstance(unit, dict) else str(unit or ""),
                "direction": entry.get("direction", "up"),
            }
    own = workspace.decision(WORKBOOK, f"candidate.{indicator_id}")
    if own is None:
        return None
    body = own["content"]
    return {
        "name": str(body.get("name", indicator_id)),
        "unit": str(body.get("unit", "")),
        "direction": body.get("direction") if body.get("direction") in ("up", "down") else "up",
    }


def _point(definition: dict, name: str) -> tuple[float, float] | None:
    value, period = definition.get(f"{name}_value"), definition.get(f"{name}_period")
    if value is None or not period:
        return None
    try:
        return (period_to_x(str(period)), float(value))
    except (TypeError, ValueError):
        return None


def _number(value: float, lang: str) -> str:
    text = f"{value:,.1f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",") if lang == "fr" else text


def dashboard(workspace, lang: str) -> pd.DataFrame:
    """One row per headline indicator: id, name, unit, latest, baseline, target, status."""
    saved = workspace.decision(WORKBOOK, "lists")
    ids = [i for i in (saved or {}).get("content", {}).get("headline", []) if isinstance(i, str)]
    values = workspace.measurements()
    rows = []
    for indicator_id in ids:
        info = indicator(workspace, indicator_id, lang)
        if info is None:
            continue
        found = workspace.decision(WORKBOOK, f"definition.{indicator_id}")
        definition = dict((found or {}).get("content", {}))
        baseline, target = _point(definition, "baseline"), _point(definition, "target")
        part = values[(values["indicator"] == indicator_id) & (values["dimension"] == "")]
        history = part.groupby("x", as_index=False)["value"].mean().sort_values("x")
        try:
            status = indicator_status(history, baseline=baseline, target=target,
                                      direction=info["direction"])  # fmt: skip
        except ValueError:
            status = "no_data"
        history = history.dropna(subset=["value"])
        rows.append({
            "id": indicator_id, **info, "history": history, "baseline": baseline,
            "target": target, "status": status, "definition": definition,
            "latest": None if history.empty else (history["x"].iloc[-1], history["value"].iloc[-1]),
        })  # fmt: skip
    return pd.DataFrame(rows)


def status_labels(tr: Translator) -> dict[str, str]:
    return {"on_track": tr("On track"), "off_track": tr("Off track"), "no_data": tr("No data")}


def section(workspace, tr: Translator) -> Section:
    """The three lists, the headline dashboard, and each headline indicator's curve."""
    lang = tr.lang
    saved = workspace.decision(WORKBOOK, "lists")
    lists = (saved or {}).get("content", {})
    board = dashboard(workspace, lang)
    labels = status_labels(tr)
    titles = {
        "headline": tr("Headline indicators"),
        "secondary": tr("Secondary indicators"),
        "development": tr("Data development agenda"),
    }
    blocks: list = []
    for name in LISTS:
        names = [indicator(workspace, i, lang) for i in lists.get(name, []) if isinstance(i, str)]
        if any(names):
            blocks.append(Heading(titles[name]))
            blocks.append(Bullets(tuple(n["name"] for n in names if n)))
    if not board.empty:

        def point(p, definition, key):
            if p is None:
                return "—"
            return f"{_number(p[1], lang)} ({definition.get(f'{key}_period', '')})"

        blocks.append(Heading(tr("Where the headline indicators stand")))
        blocks.append(Table(pd.DataFrame({
            tr("Indicator"): board["name"],
            tr("Unit"): board["unit"],
            tr("Latest"): ["—" if p is None else f"{_number(p[1], lang)} ({p[0]:.0f})" for p in board["latest"]],
            tr("Baseline"): [point(p, d, "baseline") for p, d in zip(board["baseline"], board["definition"], strict=True)],
            tr("Target"): [point(p, d, "target") for p, d in zip(board["target"], board["definition"], strict=True)],
            tr("Status"): [labels[s] for s in board["status"]],
        })))  # fmt: skip
        blocks.append(Paragraph(tr(
            "The rule: the expected path is a straight line from the baseline to the target. "
            "An indicator is on track when its latest value is at or better than that line at "
            "its date, off track otherwise; no data without a baseline, a target or a value "
            "measured after the baseline."
        )))  # fmt: skip
        for _, row in board.iterrows():
            history = row["history"]
            if history.empty:
                continue
            blocks.append(Heading(row["name"]))
            colour = figures.COLOURS["good" if row["status"] == "on_track" else "bad"
                                     if row["status"] == "off_track" else "main"]  # fmt: skip
            svg = figures.curve(
                [(row["name"], history["x"].tolist(), history["value"].tolist(), colour)],
                ylabel=row["unit"], baseline=row["baseline"], target=row["target"],
                labels=(tr("Baseline"), tr("Target"), tr("Expected path")),
            )  # fmt: skip
            values = "; ".join(
                f"{x:.0f}: {_number(v, lang)}"
                for x, v in zip(history["x"], history["value"], strict=True)
            )
            alt = tr("Curve of {name} ({unit}): {values}. Status: {status}.").format(
                name=row["name"], unit=row["unit"], values=values, status=labels[row["status"]]
            )
            blocks.append(Figure(svg, alt=alt))
    headline_count = len(board)
    if saved is None:
        shortlist = workspace.decision(WORKBOOK, "shortlist")
        return Section(
            WORKBOOK, "in_progress" if shortlist else "not_started",
            tr("The shared indicators are not chosen yet."),
            tr("Choose candidate indicators and rate them together."), blocks,
        )  # fmt: skip
    on_track = int((board["status"] == "on_track").sum()) if headline_count else 0
    headline = tr("{on} of {n} headline indicators on track.").format(on=on_track, n=headline_count)
    no_data = int((board["status"] == "no_data").sum()) if headline_count else 0
    if headline_count == 0:
        return Section(WORKBOOK, "in_progress", tr("No headline indicator chosen yet."),
                       tr("Choose three to five headline indicators."), blocks)  # fmt: skip
    if no_data:
        return Section(WORKBOOK, "in_progress", headline,
                       tr("Define baselines and targets and enter data for {n} headline indicators.")
                       .format(n=no_data), blocks)  # fmt: skip
    off = [n for n, s in zip(board["name"], board["status"], strict=True) if s == "off_track"]
    next_step = tr("Look at what holds back: {names}.").format(names=", ".join(off)) if off else ""
    return Section(WORKBOOK, "done", headline, next_step, blocks)
