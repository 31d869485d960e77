"""Importing measurements into a workspace: the write API behind the app and ``cikit measurements import``.

The Shared measurement workbook's import panel, the command line and an
analyst's notebook all go through :func:`import_measurements`: the file is
read and checked (:func:`cikit.analysis.imports.check_file`), the report says
line by line what would be kept, skipped or rejected, and only with
``confirm=True`` are the kept values written — in one transaction, with the
source ``import``, beside earlier values (a correction never overwrites).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from cikit import content
from cikit.analysis.imports import Choice, ImportFileError, ImportReport, check_file, check_frame
from cikit.errors import N_, CikitError
from cikit.store import Workspace, open_workspace
from cikit.store.validate import name_key

WORKBOOK = "03_mesure_commune"
CANDIDATE = "candidate."

__all__ = ["ImportFileError", "ImportReport", "import_measurements", "known_names"]


def known_names(workspace: Workspace) -> dict[str, Any]:
    """What an imported line may name in this workspace: indicators (the library's and the
    group's own candidates), partners (by name key) and breakdowns."""
    own = workspace.decisions_by_prefix(WORKBOOK, CANDIDATE)
    document = content.document("indicators")
    return {
        "indicators": {e["id"] for e in document["entries"]}
        | {d["key"][len(CANDIDATE) :] for d in own},
        "partners": {name_key(r.name): int(r.id) for r in workspace.partners().itertuples()},
        "dimensions": {d["id"] for d in document.get("disaggregations", [])},
    }


def _filters(filters: Mapping[str, str] | Iterable[Any] | None) -> tuple[tuple[str, str], ...]:
    if not filters:
        return ()
    if isinstance(filters, Mapping):
        return tuple((str(k), str(v)) for k, v in filters.items())
    pairs = []
    for item in filters:
        if isinstance(item, str):
            column, sep, value = item.partition("=")
            if not sep or not column.strip():
                raise CikitError(N_("Write each filter as COLUMN=VALUE, not « {text} »."),
                                 text=item[:80])  # fmt: skip
            pairs.append((column.strip(), value.strip()))
        else:
            column, value = item
            pairs.append((str(column), str(value)))
    return tuple(pairs)


def import_measurements(
    workspace: Workspace | str | os.PathLike,
    source: pd.DataFrame | bytes | str | os.PathLike,
    *,
    indicator: str | None = None,
    geo: str | Iterable[str] | None = None,
    filters: Mapping[str, str] | Iterable[Any] | None = None,
    member: str | None = None,
    filename: str | None = None,
    confirm: bool = False,
) -> ImportReport:
    """Check a file of measurements against a workspace, and write it only when confirmed.

    Parameters
    ----------
    workspace : Workspace, path or URL
        An open workspace, or where to open one (closed again afterwards).
    source : DataFrame, bytes, path
        The file as downloaded (a path, or its bytes with ``filename``), or a
        DataFrame with the template's or Statistics Canada's columns.
    indicator : str
        The indicator id the values are for: required for a Statistics Canada or
        ISQ table; for a template, lines for other indicators are skipped.
    geo : str or list of str
        The place (``GEO``) to keep; several make a breakdown by territory.
    filters : mapping or list of ``"COLUMN=VALUE"``
        One value for each other column that varies (``{"Sex": "Both sexes"}``).
    member : str
        The table to read in a zip holding several.
    confirm : bool
        False (the default) only checks: nothing is written.  True writes the
        kept values in one transaction; :attr:`ImportReport.written` says how many.

    Returns
    -------
    ImportReport
        The same report the app and ``cikit measurements import`` show.

    Raises
    ------
    ImportFileError
        The file cannot be imported as it is, or a choice is missing; its
        ``reason`` (and ``column``, ``values``, ``asked``) says which, and
        :func:`cikit.analysis.imports.describe.file_error` says it in words.
    CikitError
        The workspace or the file cannot be opened, or the write failed (then
        nothing was written).

    Examples
    --------
    >>> report = cikit.import_measurements(                        # doctest: +SKIP
    ...     "demo.cikit", "17100005-eng.zip", indicator="population_0_5",
    ...     geo="Quebec", filters={"Gender": "Total - gender", "Age group": "0 to 4 years"})
    >>> report.valid[["period", "value"]]                           # doctest: +SKIP
    >>> cikit.import_measurements("demo.cikit", "17100005-eng.zip", ...,
    ...                           confirm=True).written              # doctest: +SKIP
    5
    """
    own = not isinstance(workspace, Workspace)
    ws = open_workspace(os.fspath(workspace)) if own else workspace
    try:
        known = known_names(ws)
        places = (geo,) if isinstance(geo, str) else tuple(geo or ())
        choice = Choice(indicator=indicator, geo=tuple(p for p in places if p),
                        filters=_filters(filters), member=member)  # fmt: skip
        if isinstance(source, pd.DataFrame):
            report = check_frame(source, choice=choice, **known)
        elif isinstance(source, (bytes, bytearray, memoryview)):
            report = check_file(bytes(source), filename or "data.csv", choice=choice, **known)
        else:
            path = Path(source)
            if not path.is_file():
                raise CikitError(N_("{path} does not exist."), path=str(path))
            try:
                data = path.read_bytes()
            except OSError as err:
                raise CikitError(N_("Cannot read {path}: {reason}"), path=str(path),
                                 reason=err.strerror or str(err)) from err  # fmt: skip
            report = check_file(data, filename or path.name, choice=choice, **known)
        if confirm:
            report.written = ws.add_measurements(report.rows(), source="import")
        return report
    finally:
        if own:
            ws.close()
