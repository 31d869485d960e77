"""Activities from a CSV or Excel file: headers in French or English, every line checked.

Files are read by :func:`cikit.analysis.mesure_commune.read_table` (bounded, separator and
encoding detected).  A list cell (indicators, populations, territories) holds
several names separated by ``;`` or ``|``.  Nothing is written here: the app
shows the report and writes the valid lines in one transaction when the
facilitator confirms.
"""

from __future__ import annotations

import re

import pandas as pd

from cikit import content
from cikit.analysis.activites.references import (
    References,
    check_activity,
    fold,
    parse_month,
    split_list,
)
from cikit.analysis.imports.template import CELL_SHOWN
from cikit.analysis.numbers import AMBIGUOUS, read_number
from cikit.i18n.format import decimal

COLUMNS = ("partner", "name", "description", "strategy", "indicators", "populations",
           "territories", "start", "end", "staff", "budget", "intake", "support",
           "referral")  # fmt: skip
HEADERS: dict[str, dict[str, str]] = {
    "fr": {"partner": "partenaire", "name": "activité", "description": "description",
           "strategy": "stratégie", "indicators": "indicateurs", "populations": "populations",
           "territories": "territoires", "start": "début", "end": "fin",
           "staff": "personnel (ETC)", "budget": "budget", "intake": "accueil",
           "support": "accompagnement", "referral": "référence"},
    "en": {"partner": "partner", "name": "activity", "description": "description",
           "strategy": "strategy", "indicators": "indicators", "populations": "populations",
           "territories": "territories", "start": "start", "end": "end",
           "staff": "staff (FTE)", "budget": "budget", "intake": "intake",
           "support": "support", "referral": "referral"},
}  # fmt: skip
REASONS = ("empty_name", "no_partner", "unknown_partner", "unknown_strategy", "unknown_indicator",
           "unknown_territory", "unknown_population", "bad_month", "end_before_start",
           "not_a_number", "ambiguous_number", "unknown_budget", "too_long", "missing_column")  # fmt: skip
TEXT_LIMIT = 2000
EXAMPLE_NAME = {"fr": "Halte-répit du samedi", "en": "Saturday drop-in respite"}


def match_headers(columns) -> dict[str, str]:
    """``{canonical: column}`` for recognised headers (either language, loose match)."""
    names = {}
    for canonical in COLUMNS:
        for label in (canonical, *(h[canonical] for h in HEADERS.values())):
            names[_key(label)] = canonical
    found: dict[str, str] = {}
    for column in columns:
        canonical = names.get(_key(str(column)))
        if canonical and canonical not in found:
            found[canonical] = column
    return found


def _key(label: str) -> str:
    return re.sub(r"[^a-z]", "", fold(label).split("(")[0])


def template(lang: str, refs: References) -> pd.DataFrame:
    """Headers of ``lang`` and one example line using the group's own names."""
    if lang not in HEADERS:
        raise ValueError(f"lang must be one of {sorted(HEADERS)}, got {lang!r}")
    partner = next(iter(refs.partners.values()), "")
    example = {
        "partner": partner,
        "name": EXAMPLE_NAME[lang],
        "description": "",
        "strategy": "1" if refs.strategies else "",
        "indicators": "; ".join(list(refs.headline)[:1]),
        "populations": "; ".join(refs.populations[:1]),
        "territories": "; ".join(refs.territories[:2]),
        "start": "2026-09",
        "end": "",
        "staff": decimal(0.5, lang),
        "budget": "10k_50k",
        "intake": "", "support": "", "referral": "",
    }  # fmt: skip
    return pd.DataFrame([example], columns=list(COLUMNS)).rename(columns=HEADERS[lang])


def parse_activities(raw: pd.DataFrame, refs: References) -> tuple[list[dict], pd.DataFrame]:
    """Check every line; the valid activities (with their ``line``) and the problems.

    Problems have ``line``, ``column`` (canonical name, ``""`` for the file),
    ``value`` (as written, cut) and ``reason`` (one of :data:`REASONS`).  A line
    with any problem is left out whole; empty lines are skipped.  Without a
    ``name`` or ``partner`` column the whole file is refused (``missing_column``).
    """
    headers = match_headers(raw.columns)
    problems: list[dict] = []
    missing = [c for c in ("partner", "name") if c not in headers]
    if missing:
        for column in missing:
            problems.append({"line": 1, "column": column, "value": "", "reason": "missing_column"})
        return [], _frame(problems)
    budgets = {fold(b): b for b in content.ids("budget_bands")}
    for entry in content.entries("budget_bands"):
        budgets[fold(entry.fr)] = budgets[fold(entry.en)] = entry.id
    valid: list[dict] = []
    for position, cells in enumerate(raw.to_dict("records")):
        line = position + 2
        row = {c: str(cells.get(headers[c], "") or "").strip() for c in headers}
        if not any(row.values()):
            continue
        found: list[tuple[str, str, str]] = []
        activity: dict = {
            "partner": row.get("partner", ""),
            "name": row.get("name", ""),
            "strategy": row.get("strategy", ""),
            "indicators": split_list(row.get("indicators", "")),
            "populations": split_list(row.get("populations", "")),
            "territories": split_list(row.get("territories", "")),
        }
        for name in ("description", "intake", "support", "referral", "name"):
            if name != "name":
                activity[name] = row.get(name, "")
            if len(row.get(name, "")) > TEXT_LIMIT or (name == "name" and len(row[name]) > 120):
                found.append((name, "too_long", row[name]))
        for name in ("start", "end"):
            month = parse_month(row.get(name, ""))
            if month is None:
                found.append((name, "bad_month", row[name]))
            activity[name] = month or ""
        if activity["start"] and activity["end"] and activity["end"] < activity["start"]:
            found.append(("end", "end_before_start", row["end"]))
        staff = row.get("staff", "")
        activity["staff"] = None
        if staff:
            reading = read_number(staff)
            if reading.problem == AMBIGUOUS:
                found.append(("staff", "ambiguous_number", staff))
            elif reading.value is None or not 0 <= reading.value <= 1000:
                found.append(("staff", "not_a_number", staff))
            else:
                activity["staff"] = reading.value
        budget = row.get("budget", "")
        activity["budget"] = budgets.get(fold(budget), "") if budget else ""
        if budget and not activity["budget"]:
            found.append(("budget", "unknown_budget", budget))
        clean, checked = check_activity(activity, refs)
        found.extend(checked)
        if found:
            for column, reason, value in found:
                problems.append({"line": line, "column": column,
                                 "value": str(value)[:CELL_SHOWN], "reason": reason})  # fmt: skip
            continue
        clean["line"] = line
        valid.append(clean)
    return valid, _frame(problems)


def _frame(problems: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(problems, columns=["line", "column", "value", "reason"])
