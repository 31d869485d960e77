"""What is wrong with an activity someone typed or imported, in the person's language.

The form (participants and the facilitator) and the import panel share these
messages; the rules themselves are the analysis's
(:func:`cikit.analysis.activites.references.check_activity`), the typed number of
full-time equivalents is read by the one number parser (:mod:`cikit.analysis.numbers`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cikit.analysis.activites.references import PRACTICES, check_activity, parse_month
from cikit.errors import N_

if TYPE_CHECKING:
    from cikit.analysis.activites.references import References
    from cikit.i18n import Translator

PROBLEMS = {
    "empty_name": N_("An activity needs a name."),
    "no_partner": N_("Choose the partner that runs the activity."),
    "unknown_partner": N_("Unknown partner: {value}. Pick one from the list."),
    "unknown_strategy": N_(
        "Unknown strategy: {value}. Use a strategy of the adopted common agenda."
    ),
    "unknown_indicator": N_("Unknown indicator: {value}."),
    "unknown_territory": N_(
        "Unknown territory: {value}. Use one the agenda names (step 1 lists them)."
    ),
    "unknown_population": N_(
        "Unknown population: {value}. Use one the agenda names (step 1 lists them)."
    ),
    "bad_month": N_("Not a month: {value}. Write it YYYY-MM, for example 2026-09."),
    "end_before_start": N_("The end comes before the start."),
    "not_a_number": N_("Not a number of full-time equivalents: {value}."),
    "ambiguous_number": N_(
        "Ambiguous number: {value} (a decimal or thousands?). Write it as 1.25 or 1 250."
    ),
    "unknown_budget": N_("Unknown budget band: {value}."),
    "too_long": N_("This text is too long: {value}…"),
    "missing_column": N_("The file has no « {value} » column. Start from the template."),
}

KEPT = ("partner_id", "name", "description", "strategy", "indicators", "populations",
        "territories", "start", "end", "staff", "budget", *PRACTICES)  # fmt: skip
"""What an activity keeps of the values a form (or a browser) sent."""


def problem_text(tr: Translator, reason: str, value: Any = "") -> str:
    message = PROBLEMS.get(reason, N_("This answer cannot be saved."))
    return tr(message).format(value=str(value)[:80])


def checked_activity(values: Any, refs: References) -> tuple[dict[str, Any], list]:
    """The activity the form's ``values`` describe, and its problems ``(field, reason, value)``.

    ``values`` come from a browser: anything that is not a dict is refused, the
    staff time is read by the one number parser (an ambiguous « 1,250 » is said to
    be ambiguous), months are read as ``YYYY-MM``.
    """
    from cikit.analysis.numbers import AMBIGUOUS, NOT_A_NUMBER, read_number

    if not isinstance(values, dict):
        return {}, [("activity", "empty_name", "")]
    problems: list[tuple[str, str, str]] = []
    staff = values.get("staff")
    if isinstance(staff, str):
        reading = read_number(staff)
        if reading.problem == AMBIGUOUS:
            problems.append(("staff", "ambiguous_number", staff))
        elif reading.problem == NOT_A_NUMBER:
            problems.append(("staff", "not_a_number", staff))
        staff = reading.value
    clean, found = check_activity({**values, "staff": staff}, refs)
    problems.extend(found)
    for name in ("start", "end"):
        written = clean.get(name)
        if written is not None and not isinstance(written, str):
            problems.append((name, "bad_month", str(written)))
        elif written:
            month = parse_month(written)
            if month is None:
                problems.append((name, "bad_month", written))
            clean[name] = month or ""
    if clean.get("start") and clean.get("end") and clean["end"] < clean["start"]:
        problems.append(("end", "end_before_start", clean["end"]))
    return {k: v for k, v in clean.items() if k in KEPT}, problems
