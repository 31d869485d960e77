"""Where the workbooks and templates are, in a checkout and in an installed wheel.

The workbooks are package data (``cikit/_shipped/workbooks`` in a wheel, ``workbooks/``
beside the package in a checkout).  The Voila and nbconvert templates are Jupyter
data files: a wheel installs them under ``share/jupyter/voila/templates/cikit`` and
``share/jupyter/nbconvert/templates/cikit_report`` of its environment, where Jupyter
looks without being told; a checkout (or an editable install) keeps them in
``templates/``, which :func:`checkout_templates` gives for ``JUPYTER_PATH``.
"""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
VOILA_TEMPLATE = "cikit"


def _first_existing(name: str) -> Path:
    shipped = PACKAGE_DIR / "_shipped" / name
    checkout = PACKAGE_DIR.parent / name
    for candidate in (shipped, checkout):
        if candidate.is_dir():
            return candidate
    return checkout


def workbooks_dir() -> Path:
    return _first_existing("workbooks")


def checkout_templates() -> Path | None:
    """``templates/`` of a source checkout, laid out as a Jupyter data folder for Voila
    (``voila/templates/cikit``); None when cikit is installed from a wheel."""
    candidate = PACKAGE_DIR.parent / "templates"
    return candidate if (candidate / "voila" / "templates" / VOILA_TEMPLATE).is_dir() else None


def templates_dir() -> Path:
    """The folder holding ``voila/templates/cikit``: the checkout's ``templates/``, else the
    Jupyter data folder a wheel installed them into."""
    found = checkout_templates()
    if found is not None:
        return found
    from jupyter_core.paths import jupyter_path

    for folder in jupyter_path():
        if (Path(folder) / "voila" / "templates" / VOILA_TEMPLATE).is_dir():
            return Path(folder)
    return Path(sys.prefix) / "share" / "jupyter"


def workbook_path(workbook_id: str) -> Path:
    return workbooks_dir() / f"{workbook_id}.ipynb"


ROOM_NOTEBOOK = "rejoindre.ipynb"
"""The join page phones open from a QR code (server infrastructure, not a workbook to edit)."""


def workbook_notebooks() -> list[Path]:
    """The workbooks' notebooks, in order, without the join page."""
    return [p for p in sorted(workbooks_dir().glob("*.ipynb")) if p.name != ROOM_NOTEBOOK]
