"""``cikit workbooks DEST``: copies an analyst can edit, which open the workspace their first
cell names in JupyterLab (executed here with nbclient), with no environment variable."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from cikit.cli import EXIT_OK, EXIT_PROBLEM, main
from cikit.paths import workbook_notebooks, workbooks_dir

SHIPPED = [p.name for p in workbook_notebooks()]


@pytest.fixture
def cli(capsys, monkeypatch):
    def run(*args, lang: str = "en") -> tuple[int, str, str]:
        monkeypatch.setenv("CIKIT_LANG", lang)
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _execute(path: Path, tmp_path: Path, monkeypatch) -> nbformat.NotebookNode:
    monkeypatch.delenv("CIKIT_WORKSPACE", raising=False)  # as in an analyst's JupyterLab
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    nb = nbformat.read(path, as_version=4)
    # What the analyst would look at: the app the notebook shows, and its state.
    nb.cells.append(nbformat.v4.new_code_cell(
        "app = _\nprint(type(app).__name__, app.workspace is not None, app._problem)"))  # fmt: skip
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()  # fmt: skip
    return nb


def _printed(nb) -> str:
    return "".join(o.get("text", "") for o in nb.cells[-1].get("outputs", []))


def test_the_workbooks_are_copied_into_a_new_folder(cli, tmp_path):
    dest = tmp_path / "mes-cahiers"
    code, out, _ = cli("workbooks", dest, lang="fr")
    assert code == EXIT_OK
    assert out.splitlines()[0] == f"{len(SHIPPED)} cahiers copiés dans {dest}."
    assert sorted(p.name for p in dest.iterdir()) == SHIPPED
    source = (workbooks_dir() / "03_mesure_commune.ipynb").read_bytes()
    assert (dest / "03_mesure_commune.ipynb").read_bytes() == source


def test_a_folder_that_is_not_empty_is_refused_without_force(cli, tmp_path):
    dest = tmp_path / "travail"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine", encoding="utf-8")
    (dest / "03_mesure_commune.ipynb").write_text("{}", encoding="utf-8")
    code, out, err = cli("workbooks", dest, lang="fr")
    assert code == EXIT_PROBLEM and out == ""
    assert err.strip() == (
        f"cikit: {dest} n'est pas vide : choisissez un dossier vide ou nouveau, ou ajoutez "
        "--force pour y remplacer les cahiers."
    )
    assert (dest / "03_mesure_commune.ipynb").read_text(encoding="utf-8") == "{}"
    code, _, _ = cli("workbooks", dest, "--force")
    assert code == EXIT_OK
    assert (dest / "notes.txt").read_text(encoding="utf-8") == "mine"  # left alone
    assert nbformat.read(dest / "03_mesure_commune.ipynb", as_version=4).cells
    file = tmp_path / "a-file"
    file.write_text("x", encoding="utf-8")
    code, _, err = cli("workbooks", file)
    assert code == EXIT_PROBLEM and "is a file, not a folder" in err


def test_a_copy_names_its_workspace_in_its_first_cell(cli, tmp_path):
    dest = tmp_path / "copies"
    code, _, _ = cli("workbooks", dest, "--workspace", tmp_path / "demo.cikit")
    assert code == EXIT_OK
    nb = nbformat.read(dest / "07_bilan.ipynb", as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert first.source.splitlines()[-1] == f'WORKSPACE = "{tmp_path / "demo.cikit"}"'
    assert "OverviewApp.for_page(WORKSPACE)" in nb.cells[-1].source


def test_a_copied_workbook_runs_against_the_demo_with_the_path_in_its_first_cell(
    cli, tmp_path, demo_path, monkeypatch
):
    dest = tmp_path / "analyse"
    assert cli("workbooks", dest)[0] == EXIT_OK
    shutil.copy(demo_path, dest / "demo.cikit")
    copy = dest / "03_mesure_commune.ipynb"
    nb = nbformat.read(copy, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    first.source = first.source.replace("WORKSPACE = None", 'WORKSPACE = "demo.cikit"')
    nbformat.write(nb, copy)  # what the analyst types, relative to the notebook
    done = _execute(copy, tmp_path, monkeypatch)
    errors = [o for c in done.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    assert _printed(done).strip() == "MeasurementApp True None"


def test_a_copy_without_a_workspace_says_how_to_name_one(cli, tmp_path, monkeypatch):
    dest = tmp_path / "vide"
    assert cli("workbooks", dest)[0] == EXIT_OK
    done = _execute(dest / "00_accueil.ipynb", tmp_path, monkeypatch)
    assert "Name one in the notebook's first cell" in _printed(done)
