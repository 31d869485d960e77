"""What an activity may name, and checking one against it (see :mod:`cikit.analysis.activites`).

No pandas here: the Activities workbook checks a participant's declaration with
these functions on their phone.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

_SPACES = re.compile(r"\s+")
_SPLIT = re.compile(r"\s*[;|\n]\s*")
_MONTH = re.compile(r"^(\d{4})(?:[-/.](\d{1,2}))?$")
_MONTH_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{4})$")

ALONE, MOSTLY, SHARED = "alone", "mostly", "shared"
MOSTLY_SHARE = 0.5
PRACTICES = ("intake", "support", "referral")
"""Practice fields compared for harmonisation (intake, support, referral)."""

COLUMNS = ["id", "partner_id", "name", "strategy", "indicators", "populations", "territories",
           "start", "end", "staff", "budget", "intake", "support", "referral"]  # fmt: skip


def fold(text: Any) -> str:
    """Case-, accent- and space-insensitive key: « Vieux-Moulin » = « vieux-moulin »."""
    if not isinstance(text, str):
        return ""
    return _fold(text)


@functools.lru_cache(maxsize=65_536)
def _fold(text: str) -> str:
    # Names repeat (a few strategies, territories and populations across thousands of
    # activities), so the cache turns most calls into a lookup.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def split_list(text: Any) -> list[str]:
    """A cell listing several names (``;``, ``|`` or one per line) as a list of names."""
    if not isinstance(text, str):
        return []
    return [part for part in (p.strip() for p in _SPLIT.split(text)) if part]


@dataclass(frozen=True)
class References:
    """What activities may name: the workbook's other decisions, seen from here.

    ``strategies`` come from the adopted common agenda, ``indicators`` (id → name)
    from the shared measurement library and the group's own candidates,
    ``headline`` from its headline list, ``territories`` and ``populations`` from
    what the agenda names (kept by the Activities workbook), ``partners`` (id →
    name) from the Start workbook.
    """

    strategies: tuple[str, ...] = ()
    indicators: Mapping[str, str] = field(default_factory=dict)
    headline: tuple[str, ...] = ()
    territories: tuple[str, ...] = ()
    populations: tuple[str, ...] = ()
    partners: Mapping[int, str] = field(default_factory=dict)

    def strategy(self, text: Any) -> str | None:
        """The agenda's wording of a strategy given by its text or its number (1, 2…)."""
        if isinstance(text, str) and text.strip().isdigit():
            n = int(text.strip())
            return self.strategies[n - 1] if 0 < n <= len(self.strategies) else None
        return _lookup(self.strategies, text)

    def territory(self, text: Any) -> str | None:
        return _lookup(self.territories, text)

    def population(self, text: Any) -> str | None:
        return _lookup(self.populations, text)

    def indicator(self, text: Any) -> str | None:
        """An indicator id from its id or its name (either language)."""
        key = fold(text)
        for ident, label in self.indicators.items():
            if key in (fold(ident), fold(label)):
                return ident
        return None

    def partner(self, text: Any) -> int | None:
        key = fold(text)
        for ident, name in self.partners.items():
            if key == fold(name):
                return int(ident)
        return None


def _lookup(options: Iterable[str], text: Any) -> str | None:
    key = fold(text)
    if not key:
        return None
    for option in options:
        if fold(option) == key:
            return option
    return None


# -- checking an activity against what exists ---------------------------------------------


def check_activity(row: Mapping[str, Any], refs: References) -> tuple[dict[str, Any], list]:
    """The activity with names replaced by the references' wording, and its problems.

    Each problem is ``(field, reason, value)`` with ``reason`` one of
    ``"empty_name"``, ``"no_partner"`` (none given), ``"unknown_partner"``, ``"unknown_strategy"``,
    ``"unknown_indicator"``, ``"unknown_territory"``, ``"unknown_population"``.
    A population or territory must be one the agenda names, so that gaps and
    overlaps compare like with like; an empty strategy is allowed (an activity
    may not serve the agenda yet, and the map shows it apart).
    """
    clean = dict(row)
    problems: list[tuple[str, str, str]] = []
    if not str(row.get("name") or "").strip():
        problems.append(("name", "empty_name", ""))
    partner = row.get("partner_id")
    if partner in (0, None) and not row.get("partner"):
        problems.append(("partner", "no_partner", ""))
        partner = None
    elif isinstance(partner, bool) or not isinstance(partner, int) or partner not in refs.partners:
        written = row.get("partner", partner)
        partner = refs.partner(written)
        if partner is None:
            problems.append(("partner", "unknown_partner", "" if written is None else str(written)))
    clean["partner_id"] = partner
    clean.pop("partner", None)
    strategy = row.get("strategy") or ""
    if strategy:
        found = refs.strategy(strategy)
        if found is None:
            problems.append(("strategy", "unknown_strategy", str(strategy)))
        clean["strategy"] = found or ""
    for name, lookup, reason in (
        ("indicators", refs.indicator, "unknown_indicator"),
        ("territories", refs.territory, "unknown_territory"),
        ("populations", refs.population, "unknown_population"),
    ):
        values = row.get(name) or []
        if isinstance(values, str):
            values = split_list(values)
        kept = []
        for value in values:
            found = lookup(value)
            if found is None:
                problems.append((name, reason, str(value)))
            elif found not in kept:
                kept.append(found)
        clean[name] = kept
    return clean, problems


def parse_month(text: str) -> str | None:
    """``YYYY-MM`` from ``2026-09``, ``2026/9``, ``09/2026`` or ``2026`` (January); "" stays ""."""
    text = (text or "").strip()
    if not text:
        return ""
    match = _MONTH.fullmatch(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2) or 1)
    else:
        match = _MONTH_FIRST.fullmatch(text)
        if not match:
            # A date from Excel (YYYY-MM-DD): keep its month.
            day = re.fullmatch(r"(\d{4})-(\d{2})-\d{2}", text)
            if not day:
                return None
            year, month = int(day.group(1)), int(day.group(2))
        else:
            year, month = int(match.group(2)), int(match.group(1))
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}"
