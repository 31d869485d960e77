"""The relationship survey's items and answers, without pandas or networkx.

Each answer of the survey (Varda et al.'s PARTNER tool) is one round item
``rel.<source>.<target>.<field>``: ``source``'s rating of ``target`` on a field —
the level of interaction, or one of the three trust and three value items on a
1-4 scale.  A participant's phone checks answers with these functions; the
measures that need pandas and networkx are in :mod:`cikit.analysis.network`.
"""

from __future__ import annotations

from typing import Any

from cikit.errors import N_

LEVELS = ("none", "awareness", "cooperation", "coordination", "integration")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
LEVEL_LABELS = {
    "none": N_("None"),
    "awareness": N_("Awareness"),
    "cooperation": N_("Cooperation"),
    "coordination": N_("Coordination"),
    "integration": N_("Integration"),
}
TRUST_ITEMS = ("reliability", "mission", "openness")
VALUE_ITEMS = ("power", "involvement", "resources")
SCORE_ITEMS = TRUST_ITEMS + VALUE_ITEMS
FIELDS = ("level", *SCORE_ITEMS)
SCALE = (1, 2, 3, 4)
LOW_TRUST = 2.5
ITEM_PREFIX = "rel"


def item_id(source: int, target: int, name: str) -> str:
    """The round item for ``source``'s rating of ``target`` on ``name``.

    >>> item_id(3, 7, "level")
    'rel.3.7.level'
    """
    return f"{ITEM_PREFIX}.{int(source)}.{int(target)}.{name}"


def parse_item(item: Any) -> tuple[int, int, str] | None:
    """``(source, target, field)`` from an item id, or None if it is not a rating.

    >>> parse_item("rel.3.7.trust") is None, parse_item("rel.3.7.mission")
    (True, (3, 7, 'mission'))
    """
    if not isinstance(item, str):
        return None
    parts = item.split(".")
    if len(parts) != 4 or parts[0] != ITEM_PREFIX or parts[3] not in FIELDS:
        return None
    if not (parts[1].isdigit() and parts[2].isdigit()) or len(parts[1]) > 10 or len(parts[2]) > 10:
        return None
    return int(parts[1]), int(parts[2]), parts[3]


def valid_value(name: str, value: Any) -> bool:
    """True when ``value`` is an allowed answer for the field ``name``."""
    if name == "level":
        return isinstance(value, str) and value in LEVEL_RANK
    return isinstance(value, int) and not isinstance(value, bool) and value in SCALE
