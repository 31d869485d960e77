"""Reusable widgets.  Components take values and DataFrames and emit changes; they never
open a workspace and never compute results."""

from cikit.components.charts import count_bars, level_chart, sector_chart
from cikit.components.language import LanguageSwitch
from cikit.components.likert import LikertItem
from cikit.components.messages import MessageArea
from cikit.components.navigator import StepNavigator
from cikit.components.table import Column, EditableTable
from cikit.components.urlparams import URLParams

__all__ = [
    "Column",
    "count_bars",
    "EditableTable",
    "LanguageSwitch",
    "LikertItem",
    "MessageArea",
    "StepNavigator",
    "URLParams",
    "level_chart",
    "sector_chart",
]
