"""Backbone support: the six-function self-assessment, the resources, the phase grid.

The rules here are shown to people on screen, in plain words, by the app:

* **Who is "backbone staff".**  In a round with names, a person whose role (in the
  Start workbook) is *backbone staff* answers for the backbone; everyone else
  (partners, residents, observers, facilitators) gives the partners' view.  In an
  anonymous round each person says which when joining; no choice means partner
  (:func:`group_for_role`, :func:`respondent_groups`).
* **Scores.**  Statements are rated 1-4 or "don't know".  Per group, a statement's
  score is the average of the levels given ("don't know" left out); a function's
  score is the average of its statements' scores (:func:`function_scores`).
* **The gap.**  Staff score minus partners' score.  Positive: the backbone sees
  itself doing better than partners see it.  A gap of a whole level or more
  (:data:`GAP_NOTABLE`) is flagged as worth a conversation.
* **Where are we (phases).**  The furthest phase in which at least half of the
  four components are ticked; if something is ticked but no phase is half done,
  the first phase.  Unticked items of earlier phases are "to catch up"
  (:func:`where_are_we`).
* **Resources.**  A warning when no staff role is dedicated to the backbone, and
  when funding is planned for fewer than two years (:func:`resource_warnings`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from cikit.analysis.numbers import AMBIGUOUS, parse_number, read_number, suggestions
from cikit.analysis.rounds import DONT_KNOW, LEVELS, latest_answers
from cikit.analysis.structure_soutien_sides import (  # noqa: F401 - re-exported
    BACKBONE_ROLE,
    GROUPS,
    PARTNERS,
    STAFF,
    group_for_role,
)
from cikit.errors import N_, PerLanguage, ValidationError
from cikit.store.respondent import participant_id

GAP_NOTABLE = 1.0
HALF = 0.5
MIN_FUNDED_YEARS = 2

FTE_MAX = 50.0
AMOUNT_MAX = 1_000_000_000.0
YEAR_MIN, YEAR_MAX = 1990, 2100
ROWS_MAX = 60


# -- who answers for whom ------------------------------------------------------------------


def respondent_groups(
    responses: pd.DataFrame,
    roles: Mapping[int, str],
    *,
    join_item: str = "_join",
) -> pd.Series:
    """Each respondent's group: from the participant's role, or from their join choice.

    Parameters
    ----------
    responses : DataFrame
        A round's answers: ``id``, ``respondent``, ``item``, ``value``.  Join records
        (``item == join_item``) of anonymous respondents may carry ``{"group": ...}``.
    roles : mapping
        Participant id to role id (``partner``, ``backbone``…).

    Returns
    -------
    Series
        Indexed by respondent, values ``partners`` or ``staff``.

    Examples
    --------
    >>> df = pd.DataFrame({"id": [1, 2], "respondent": ["p:7", "a:abcdefgh"],
    ...                    "item": ["_join", "_join"], "value": [{}, {"group": "staff"}]})
    >>> respondent_groups(df, {7: "backbone"}).to_dict()
    {'a:abcdefgh': 'staff', 'p:7': 'staff'}
    """
    if responses.empty:
        return pd.Series(dtype=object, name="group")
    chosen: dict[str, str] = {}
    joins = responses[responses["item"] == join_item].sort_values("id")
    for row in joins.itertuples():
        value = row.value
        if isinstance(value, dict) and value.get("group") in GROUPS:
            chosen[row.respondent] = value["group"]
    found = {}
    for respondent in sorted(set(responses["respondent"])):
        if not isinstance(respondent, str):
            continue
        pid = participant_id(respondent)
        if pid is not None:
            found[respondent] = group_for_role(roles.get(pid))
        else:
            found[respondent] = chosen.get(respondent, PARTNERS)
    return pd.Series(found, dtype=object, name="group")


# -- scores ----------------------------------------------------------------------------------------


def _groups_of(respondents: pd.Series, groups: pd.Series) -> pd.Series:
    """Each respondent's group; someone missing from ``groups`` counts as a partner."""
    known = groups.to_dict()
    return respondents.map(lambda r: known.get(r, PARTNERS))


def _is_level(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and value in LEVELS


def _prepared(responses: pd.DataFrame, groups: pd.Series, items: Sequence[str]) -> pd.DataFrame:
    """The latest answer per person and statement, with its group, level and "don't know".

    Columns ``respondent``, ``item``, ``group``, ``level`` (float, NaN when the
    answer is not a level) and ``dont_know`` (bool).
    """
    columns = ["respondent", "item", "group", "level", "dont_know"]
    if responses.empty:
        return pd.DataFrame(columns=columns)
    latest = latest_answers(responses, items=items)
    values = latest["value"]
    is_level = values.map(_is_level).astype(bool)
    frame = pd.DataFrame(
        {
            "respondent": latest["respondent"],
            "item": latest["item"],
            "group": _groups_of(latest["respondent"], groups),
            "level": values.where(is_level).astype(float),
            "dont_know": values.map(lambda v: isinstance(v, str) and v == DONT_KNOW).astype(bool),
        }
    )
    return frame[columns]


def statement_scores(
    responses: pd.DataFrame, groups: pd.Series, items: Sequence[str]
) -> pd.DataFrame:
    """Per statement and group: average level, people who gave a level, "don't know" count.

    Returns
    -------
    DataFrame
        Indexed by ``item`` (in the order given); columns ``partners``, ``staff``
        (averages, NaN when nobody of the group gave a level), ``partners_rated``,
        ``staff_rated``, ``partners_dont_know``, ``staff_dont_know``, ``all`` (the
        average of everyone's levels) and ``gap`` (staff minus partners).
    """
    return _statement_scores(_prepared(responses, groups, items), items)


def _statement_scores(frame: pd.DataFrame, items: Sequence[str]) -> pd.DataFrame:
    order = list(items)
    out = pd.DataFrame(index=pd.Index(order, name="item"))
    for group in GROUPS:
        mine = frame[frame["group"] == group]
        by_item = mine.groupby("item")
        out[group] = by_item["level"].mean().reindex(order).astype(float)
        out[f"{group}_rated"] = by_item["level"].count().reindex(order).fillna(0).astype(int)
        out[f"{group}_dont_know"] = by_item["dont_know"].sum().reindex(order).fillna(0).astype(int)
    out["all"] = frame.groupby("item")["level"].mean().reindex(order).astype(float)
    out["gap"] = out[STAFF] - out[PARTNERS]
    columns = [*GROUPS, *[f"{g}_rated" for g in GROUPS],
               *[f"{g}_dont_know" for g in GROUPS], "all", "gap"]  # fmt: skip
    return out[columns]


def function_scores(
    responses: pd.DataFrame,
    groups: pd.Series,
    functions: Mapping[str, Sequence[str]],
) -> pd.DataFrame:
    """Per backbone function: partners' and staff's scores, the gap and who answered.

    Parameters
    ----------
    responses : DataFrame
        The round's answers (``id``, ``respondent``, ``item``, ``value``); the latest
        answer per person and statement counts.
    groups : Series
        Respondent to ``partners`` or ``staff`` (:func:`respondent_groups`); a
        respondent missing from it counts as a partner.
    functions : mapping
        Function id to its statement ids, in display order.

    Returns
    -------
    DataFrame
        Indexed by ``function``; columns ``partners`` and ``staff`` (average of the
        statements' averages, NaN when the group gave no level), ``all`` (the same
        for everyone together), ``partners_people`` and ``staff_people`` (people who
        gave at least one level in the function), ``dont_know`` (answers "don't
        know"), ``gap`` (staff minus partners) and ``notable`` (gap of a whole level
        or more either way).

    Examples
    --------
    >>> df = pd.DataFrame({"id": [1, 2, 3], "respondent": ["p:1", "p:2", "p:2"],
    ...                    "item": ["f.a", "f.a", "f.b"], "value": [2, 4, "dk"]})
    >>> s = function_scores(df, pd.Series({"p:1": "partners", "p:2": "staff"}), {"f": ["f.a", "f.b"]})
    >>> float(s.loc["f", "partners"]), float(s.loc["f", "staff"]), float(s.loc["f", "gap"])
    (2.0, 4.0, 2.0)
    """
    items = [item for statements in functions.values() for item in statements]
    frame = _prepared(responses, groups, items)
    per_item = _statement_scores(frame, items)
    of_function = {item: f for f, statements in functions.items() for item in statements}
    frame = frame.assign(function=frame["item"].map(of_function))
    rated = frame[frame["level"].notna()]
    people = rated.groupby(["function", "group"])["respondent"].nunique()
    dont_know = frame.groupby("function")["dont_know"].sum()
    rows = []
    for function, statements in functions.items():
        part = per_item.reindex(list(statements))
        row: dict[str, Any] = {"function": function}
        for group in (*GROUPS, "all"):
            means = part[group].dropna()
            row[group] = float(means.mean()) if len(means) else np.nan
        for group in GROUPS:
            row[f"{group}_people"] = int(people.get((function, group), 0))
        row["dont_know"] = int(dont_know.get(function, 0))
        row["gap"] = row[STAFF] - row[PARTNERS]
        row["notable"] = bool(not math.isnan(row["gap"]) and abs(row["gap"]) >= GAP_NOTABLE)
        rows.append(row)
    columns = ["function", *GROUPS, "all", *[f"{g}_people" for g in GROUPS],
               "dont_know", "gap", "notable"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).set_index("function")


def largest_gap(scores: pd.DataFrame) -> str | None:
    """The function with the widest gap either way (first in order on a tie), or None."""
    gaps = scores["gap"].abs().dropna() if "gap" in scores else pd.Series(dtype=float)
    if gaps.empty:
        return None
    return str(gaps.idxmax())


# -- phases ----------------------------------------------------------------------------------------


def cell_key(component: str, phase: str) -> str:
    return f"{component}.{phase}"


def clean_ticks(raw: Any, components: Sequence[str], phases: Sequence[str]) -> dict[str, bool]:
    """Keep only ticked cells of the grid: ``{"governance.phase1": True, …}``.

    Unknown cells and values other than ``True`` are dropped: the grid is what the
    content file says, whatever a browser or an old version sent.
    """
    if not isinstance(raw, Mapping):
        return {}
    allowed = {cell_key(c, p) for c in components for p in phases}
    return {key: True for key, value in raw.items() if key in allowed and value is True}


def phase_progress(
    ticks: Mapping[str, bool], components: Sequence[str], phases: Sequence[str]
) -> pd.DataFrame:
    """Per phase: components ticked, out of how many, the share, and whether it is half done."""
    clean = clean_ticks(ticks, components, phases)
    rows = []
    for phase in phases:
        done = sum(1 for c in components if clean.get(cell_key(c, phase)))
        total = len(components)
        rows.append(
            {
                "phase": phase,
                "done": done,
                "total": total,
                "share": done / total if total else np.nan,
                "half": bool(total and done / total >= HALF),
                "complete": bool(total and done == total),
            }
        )
    return pd.DataFrame(
        rows, columns=["phase", "done", "total", "share", "half", "complete"]
    ).set_index("phase")


def where_are_we(
    ticks: Mapping[str, bool], components: Sequence[str], phases: Sequence[str]
) -> dict[str, Any]:
    """The phase the initiative is in, what is left in it, and what earlier phases lack.

    Returns
    -------
    dict
        ``phase`` (a phase id, or None when nothing is ticked), ``done`` and
        ``total`` (ticked cells in the whole grid), ``complete`` (all ticked),
        ``remaining`` (unticked cells of the current phase) and ``catch_up``
        (unticked cells of earlier phases), as ``component.phase`` keys.

    Examples
    --------
    >>> where_are_we({"a.p1": True, "b.p1": True, "a.p2": True}, ["a", "b"], ["p1", "p2"])["phase"]
    'p2'
    """
    clean = clean_ticks(ticks, components, phases)
    progress = phase_progress(clean, components, phases)
    total = len(components) * len(phases)
    current: str | None = None
    if clean:
        halves = [p for p in phases if progress.loc[p, "half"]]
        current = halves[-1] if halves else phases[0]
    remaining: list[str] = []
    catch_up: list[str] = []
    if current is not None:
        position = list(phases).index(current)
        for phase in phases[: position + 1]:
            for component in components:
                key = cell_key(component, phase)
                if not clean.get(key):
                    (remaining if phase == current else catch_up).append(key)
    return {
        "phase": current,
        "done": len(clean),
        "total": total,
        "complete": bool(total) and len(clean) == total,
        "remaining": remaining,
        "catch_up": catch_up,
    }


# -- resources -----------------------------------------------------------------------------------


def _number(raw: Any, *, field: str, msgid: str) -> float:
    """A number typed by a person (:func:`cikit.analysis.numbers.read_number`), or a
    :class:`ValidationError`: ``msgid`` when it is not a number, a message showing both
    readings when it is ambiguous (``12,500``)."""
    reading = read_number(raw)
    if reading.problem == AMBIGUOUS:
        thousands, decimal_fr = suggestions(reading, lang="fr")
        raise ValidationError(
            N_("« {text} » is ambiguous: write {thousands} or {decimal}, whichever you mean."),
            field=field,
            text=str(raw).strip()[:40],
            thousands=thousands,
            decimal=PerLanguage(fr=decimal_fr, en=suggestions(reading, lang="en")[1]),
        )
    if reading.value is None:
        raise ValidationError(msgid, field=field)
    return reading.value


def clean_staff(role: Any, fte: Any, dedicated: Any) -> dict[str, Any]:
    """One staff line, checked: a role name, a time in full-time equivalents, dedicated or not.

    Raises :class:`~cikit.errors.ValidationError` with a message for the person.
    """
    from cikit.store.validate import clean_name

    name = clean_name(role, field="role")
    value = _number(
        fte, field="fte", msgid=N_("Time must be a number of full-time equivalents, like 0,5 or 1.")
    )
    if not 0 < value <= FTE_MAX:
        raise ValidationError(
            N_("Time must be more than 0 and at most {limit} full-time equivalents."),
            field="fte",
            limit=int(FTE_MAX),
        )
    if not isinstance(dedicated, bool):
        raise ValidationError(
            N_("Unknown choice: {value}."), field="dedicated", value=str(dedicated)[:40]
        )
    return {"role": name, "fte": round(value, 2), "dedicated": dedicated}


def clean_budget(year: Any, amount: Any) -> dict[str, Any]:
    """One budget line: a year and an amount in dollars, both within sensible bounds."""
    number = parse_number(year)
    if number is None or number != int(number) or not YEAR_MIN <= number <= YEAR_MAX:
        raise ValidationError(
            N_("The year must be a whole year between {low} and {high}."),
            field="year",
            low=YEAR_MIN,
            high=YEAR_MAX,
        )
    value = _number(
        amount, field="amount", msgid=N_("The amount must be a number of dollars, like 85 000.")
    )
    if not 0 <= value <= AMOUNT_MAX:
        raise ValidationError(
            N_("The amount must be between 0 and {limit} dollars."),
            field="amount",
            limit="1 000 000 000",
        )
    return {"year": int(number), "amount": round(value, 2)}


def normalise_resources(raw: Any) -> dict[str, Any]:
    """A resources decision as saved, read back defensively (bad lines left out).

    Returns a dict with ``staff``, ``budget`` (sorted by year, one line per year),
    ``funders`` and ``coordinator``, whatever an older or damaged version held.
    """
    raw = raw if isinstance(raw, Mapping) else {}
    staff = []
    for line in raw.get("staff") or []:
        if isinstance(line, Mapping):
            try:
                staff.append(clean_staff(line.get("role"), line.get("fte"), line.get("dedicated")))
            except ValidationError:
                continue
    budget: dict[int, dict] = {}
    for line in raw.get("budget") or []:
        if isinstance(line, Mapping):
            try:
                clean = clean_budget(line.get("year"), line.get("amount"))
            except ValidationError:
                continue
            budget[clean["year"]] = clean
    funders = [f for f in raw.get("funders") or [] if isinstance(f, str) and f.strip()]
    coordinator = raw.get("coordinator") if isinstance(raw.get("coordinator"), str) else ""
    return {
        "staff": staff[:ROWS_MAX],
        "budget": [budget[y] for y in sorted(budget)][:ROWS_MAX],
        "funders": funders[:ROWS_MAX],
        "coordinator": coordinator,
    }


def resource_summary(resources: Mapping[str, Any]) -> dict[str, Any]:
    """Key figures: total and dedicated FTE, years funded, yearly average, funders counted."""
    clean = normalise_resources(resources)
    staff = clean["staff"]
    budget = clean["budget"]
    funded = [b for b in budget if b["amount"] > 0]
    return {
        "fte": round(sum(s["fte"] for s in staff), 2),
        "dedicated_fte": round(sum(s["fte"] for s in staff if s["dedicated"]), 2),
        "roles": len(staff),
        "years": len(funded),
        "first_year": min((b["year"] for b in funded), default=None),
        "last_year": max((b["year"] for b in funded), default=None),
        "total": round(sum(b["amount"] for b in budget), 2),
        "yearly": round(sum(b["amount"] for b in funded) / len(funded), 2) if funded else None,
        "funders": len(clean["funders"]),
        "coordinator": clean["coordinator"],
    }


def resource_warnings(resources: Mapping[str, Any]) -> list[str]:
    """What is missing for a backbone that works, as codes the app words for people.

    ``no_staff`` (no staff line at all), ``no_dedicated`` (staff, but none dedicated
    to the backbone), ``short_funding`` (funding planned for fewer than
    :data:`MIN_FUNDED_YEARS` years), ``no_coordinator`` (nobody named as the
    coordinator, the « chef d'orchestre »).
    """
    summary = resource_summary(resources)
    found = []
    if summary["roles"] == 0:
        found.append("no_staff")
    elif summary["dedicated_fte"] == 0:
        found.append("no_dedicated")
    if summary["years"] < MIN_FUNDED_YEARS:
        found.append("short_funding")
    if not summary["coordinator"].strip():
        found.append("no_coordinator")
    return found
