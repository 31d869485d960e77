"""Reusable widgets.  Components take values and DataFrames and emit changes; they never
open a workspace and never compute results.

Names are imported when first used (PEP 562), so a page that shows a Likert item does
not load the chart libraries.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_WHERE = {
    "Column": "cikit.components.table",
    "EditableTable": "cikit.components.table",
    "LanguageSwitch": "cikit.components.language",
    "LikertItem": "cikit.components.likert",
    "MessageArea": "cikit.components.messages",
    "StepNavigator": "cikit.components.navigator",
    "URLParams": "cikit.components.urlparams",
    "count_bars": "cikit.components.charts",
    "level_chart": "cikit.components.charts",
    "sector_chart": "cikit.components.charts",
}


def __getattr__(name: str):
    try:
        module = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module 'cikit.components' has no attribute {name!r}") from None
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(_WHERE)


if TYPE_CHECKING:
    from cikit.components.charts import count_bars, level_chart, sector_chart
    from cikit.components.language import LanguageSwitch
    from cikit.components.likert import LikertItem
    from cikit.components.messages import MessageArea
    from cikit.components.navigator import StepNavigator
    from cikit.components.table import Column, EditableTable
    from cikit.components.urlparams import URLParams

__all__ = [
    "Column",
    "EditableTable",
    "LanguageSwitch",
    "LikertItem",
    "MessageArea",
    "StepNavigator",
    "URLParams",
    "count_bars",
    "level_chart",
    "sector_chart",
]
