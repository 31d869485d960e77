"""Find each workbook's section provider by name, so new workbooks plug in alone."""

from __future__ import annotations

import importlib
import logging

from cikit import content
from cikit.i18n import Translator
from cikit.report.blocks import Section

log = logging.getLogger("cikit.report")


def section_for(workbook_id: str, workspace, tr: Translator) -> Section | None:
    """The section of one workbook, or None when the workbook has no provider (yet)."""
    try:
        module = importlib.import_module(f"cikit.report.sections.s{workbook_id}")
    except ModuleNotFoundError as err:
        if err.name and err.name.endswith(f"s{workbook_id}"):
            return None
        raise
    return module.section(workspace, tr)


def collect(workspace, tr: Translator) -> list[Section]:
    """The sections of every workbook that has a provider, in the workbooks' order."""
    found = []
    for entry in content.workbooks():
        got = section_for(entry.id, workspace, tr)
        if got is not None:
            found.append(got)
    return found
