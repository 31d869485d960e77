"""The package an organisation installs: a wheel with its version, licence, workbooks and the
templates as Jupyter data files, found once installed without any JUPYTER_PATH."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import cikit

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

REPO = Path(cikit.__file__).resolve().parents[1]
pytest.importorskip("hatchling", reason="the test extra installs hatchling to build the wheel")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(out)],
        check=True, timeout=300, cwd=out,
    )  # fmt: skip
    (found,) = out.glob("cikit-*.whl")
    return found


def test_the_version_is_written_once():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", cikit.__version__)


def test_the_licence_file_matches_the_declared_licence():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert project["license"] == {"text": "BSD-3-Clause"}
    assert text.startswith("BSD 3-Clause License") and "cikit contributors" in text
    assert "License :: OSI Approved :: BSD License" in project["classifiers"]
    assert project["optional-dependencies"]["pdf"] == ["playwright>=1.40"]
    assert {"Homepage", "Issues", "Changelog"} <= set(project["urls"])


def test_the_wheel_holds_the_version_the_licence_the_workbooks_and_the_templates(wheel):
    assert wheel.name == f"cikit-{cikit.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"cikit-{cikit.__version__}.dist-info/METADATA").decode()
        init = archive.read("cikit/__init__.py").decode()
    data = f"cikit-{cikit.__version__}.data/data/share/jupyter"
    for template in ("index.html.j2", "conf.json", "static/cikit-page.css"):
        assert f"{data}/voila/templates/cikit/{template}" in names
    for template in ("index.html.j2", "conf.json", "report.css"):
        assert f"{data}/nbconvert/templates/cikit_report/{template}" in names
    assert "cikit/_shipped/workbooks/03_mesure_commune.ipynb" in names
    assert not any(n.startswith("cikit/_shipped/templates") for n in names)
    assert f"cikit-{cikit.__version__}.dist-info/licenses/LICENSE" in names
    assert f"Version: {cikit.__version__}" in metadata
    assert f'__version__ = "{cikit.__version__}"' in init
    assert "Provides-Extra: pdf" in metadata and "extra == 'pdf'" in metadata
    assert "Project-URL: Changelog" in metadata
    assert "cikit/i18n/locale/fr/LC_MESSAGES/cikit.po" in names


def test_installed_from_the_wheel_the_templates_are_found_without_jupyter_path(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "JUPYTER_PATH")}
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "-q", str(wheel)],
        check=True, timeout=300, env=clean,
    )  # fmt: skip
    probe = (
        "import cikit, cikit.paths as p, cikit.serve as s\n"
        "from jupyter_core.paths import jupyter_path\n"
        "from nbconvert import HTMLExporter\n"
        f"assert cikit.__file__.startswith({str(env_dir)!r}), cikit.__file__\n"
        "print(p.checkout_templates())\n"
        "print([d for d in jupyter_path('voila', 'templates', 'cikit') if __import__('os')"
        ".path.isdir(d)])\n"
        "print('JUPYTER_PATH' in s.voila_environment(workspace='w', key='k'))\n"
        "print(HTMLExporter(template_name='cikit_report').template is not None)\n"
        "print(p.workbooks_dir().joinpath('00_accueil.ipynb').is_file())\n"
    )
    result = subprocess.run([str(python), "-c", probe], capture_output=True, text=True,
                            env=clean, timeout=120, cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    checkout, voila_dirs, jupyter_path_set, report_template, workbooks = (
        result.stdout.strip().splitlines()
    )
    assert checkout == "None"
    assert str(env_dir / "share" / "jupyter" / "voila" / "templates" / "cikit") in voila_dirs
    assert jupyter_path_set == "False"  # nothing to point Voila at
    assert report_template == "True" and workbooks == "True"
    version = subprocess.run([str(env_dir / "bin" / "cikit"), "--version"], capture_output=True,
                             text=True, env=clean, timeout=60)  # fmt: skip
    assert version.stdout.strip() == f"cikit {cikit.__version__}"


def test_a_checkout_still_points_voila_at_its_templates(monkeypatch):
    from cikit.paths import checkout_templates, templates_dir
    from cikit.serve import voila_environment

    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    assert checkout_templates() == REPO / "templates" == templates_dir()
    assert voila_environment(workspace="w", key="k")["JUPYTER_PATH"] == str(REPO / "templates")
