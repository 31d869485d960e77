"""The pieces a report section is made of: plain data, rendered elsewhere.

Keeping sections as data (not HTML) lets one provider feed the overview
workbook on screen, the HTML report and the PDF, in either language, and keeps
escaping in one place: the renderers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

Status = Literal["not_started", "in_progress", "done"]


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section (plain text)."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text; renderers escape it."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A list of plain-text items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """Label and value pairs (key figures), shown as a small two-column list."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    """A table whose column headers are already translated; every cell is shown as text."""

    frame: pd.DataFrame
    caption: str = ""


class Figure:
    """A static chart as SVG markup drawn by code (never from typed text unescaped).

    ``alt`` says in words what the chart shows, for screen readers and for a
    reader of the PDF who cannot tell the colours apart.  ``svg`` may be given as a
    function that draws it: the chart is then drawn (with matplotlib) the first time a
    renderer asks for it, so the overview on screen, which shows a section's headline
    and next step but none of its charts, never loads matplotlib.
    """

    __slots__ = ("_svg", "alt", "caption")

    def __init__(self, svg: str | Callable[[], str], alt: str, caption: str = "") -> None:
        self._svg = svg
        self.alt = alt
        self.caption = caption

    @property
    def svg(self) -> str:
        if callable(self._svg):
            self._svg = self._svg()
        return self._svg

    def __repr__(self) -> str:
        return f"Figure(alt={self.alt!r}, caption={self.caption!r})"


Block = Heading | Paragraph | Bullets | Facts | Table | Figure


@dataclass
class Section:
    """What one workbook says about where the initiative stands.

    ``headline`` is one sentence for the overview (where this condition stands);
    ``next_step`` one sentence on what to do next ("" when nothing is pending);
    ``blocks`` the body of the report section: adopted decisions and group results.
    """

    workbook: str
    status: Status
    headline: str
    next_step: str = ""
    blocks: list[Block] = field(default_factory=list)
