"""Where the workbooks and templates are: beside the package in a checkout, inside it in a wheel."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _first_existing(name: str) -> Path:
    shipped = PACKAGE_DIR / "_shipped" / name
    checkout = PACKAGE_DIR.parent / name
    for candidate in (shipped, checkout):
        if candidate.is_dir():
            return candidate
    return checkout


def workbooks_dir() -> Path:
    return _first_existing("workbooks")


def templates_dir() -> Path:
    return _first_existing("templates")


def workbook_path(workbook_id: str) -> Path:
    return workbooks_dir() / f"{workbook_id}.ipynb"
