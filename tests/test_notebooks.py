"""Every workbook runs as a notebook against the demo workspace, without an error."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from cikit.paths import workbooks_dir

WORKBOOKS = sorted(workbooks_dir().glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_there_are_workbooks():
    assert any(p.name == "00_accueil.ipynb" for p in WORKBOOKS)


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.stem)
def test_workbook_executes_and_shows_an_app(path, demo_path, monkeypatch, tmp_path):
    monkeypatch.setenv("CIKIT_WORKSPACE", demo_path)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any(WIDGET_VIEW in o.get("data", {}) for o in outputs), "the app is displayed"


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.stem)
def test_workbook_is_thin_and_clean(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert 1 <= len(code) <= 2
    assert sum(len(c.source.splitlines()) for c in code) <= 6
    assert all(not c.get("outputs") for c in code), "no stored outputs"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
