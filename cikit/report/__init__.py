"""What a workbook contributes to the overview and to exported reports.

Each workbook that has results to show provides a module
``cikit.report.sections.s<workbook id>`` (for instance ``s04_activites``) with a
function ``section(workspace, tr) -> Section``.  The overview workbook and the
nbconvert report both read sections through :func:`collect`, so a workbook that
lands later plugs into both by adding one module, without touching the others.

Blocks hold *plain text*: whoever renders them (an ipywidgets HTML view, the
report template) escapes it.  Figures are SVG drawn from the same data as the
app's charts, so a report needs no widget JavaScript and nothing from a CDN.
"""

from cikit.report.blocks import (
    Block,
    Bullets,
    Facts,
    Figure,
    Heading,
    Paragraph,
    Section,
    Status,
    Table,
)
from cikit.report.sections import collect, section_for

__all__ = [
    "Block",
    "Bullets",
    "Facts",
    "Figure",
    "Heading",
    "Paragraph",
    "Section",
    "Status",
    "Table",
    "collect",
    "section_for",
]
