"""``cikit workbooks DEST``: the workbooks copied out of the package, for an analyst to edit.

The workbooks installed with cikit are the ones ``cikit serve`` shows; an
analyst who wants to add a chart or a step works on copies.  Each workbook's
first code cell names the workspace it opens (``WORKSPACE = None`` means the one
``cikit serve`` gives); ``--workspace`` writes a path there, so that the copies
open it in JupyterLab without any environment variable.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import nbformat

from cikit.errors import N_, CikitError
from cikit.paths import workbook_notebooks
from cikit.store.engine import is_url

_WORKSPACE_LINE = re.compile(r"^WORKSPACE = None$", re.MULTILINE)


def copy_workbooks(
    dest: str | os.PathLike, *, force: bool = False, workspace: str | None = None
) -> list[Path]:
    """Copy every workbook into ``dest``; returns the copies.

    ``dest`` is created if needed; a folder that already holds anything is
    refused unless ``force`` (then workbooks of the same name are replaced and
    other files left alone).  ``workspace`` (a path, made absolute, or a URL) is
    written into each copy's first cell.

    Raises
    ------
    CikitError
        ``dest`` is a file, is not empty (without ``force``), or cannot be written.
    """
    target = Path(dest).expanduser()
    if target.exists() and not target.is_dir():
        raise CikitError(N_("{path} is a file, not a folder."), path=str(target))
    if target.is_dir() and any(target.iterdir()) and not force:
        raise CikitError(
            N_(
                "{path} is not empty: choose an empty or new folder, or add --force to "
                "replace the workbooks in it."
            ),
            path=str(target),
        )
    line = None
    if workspace:
        named = workspace if is_url(workspace) else str(Path(workspace).expanduser().resolve())
        line = "WORKSPACE = " + json.dumps(named, ensure_ascii=False)
    copies = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for source in workbook_notebooks():
            copy = target / source.name
            if line is None:
                shutil.copyfile(source, copy)
            else:
                notebook = nbformat.read(source, as_version=4)
                for cell in notebook.cells:
                    if cell.cell_type == "code":
                        cell.source = _WORKSPACE_LINE.sub(lambda _, text=line: text, cell.source)
                nbformat.write(notebook, copy)
            copies.append(copy)
    except OSError as err:
        raise CikitError(
            N_("Cannot write {path}: {reason}"), path=str(target), reason=err.strerror or str(err)
        ) from err
    return copies
