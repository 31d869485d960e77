"""A Binder launch without Docker: a fresh virtual environment from exactly what ``binder/``
lists, its build and start steps, JupyterLab on a loopback port, and the overview workbook
opened under ``/voila/render/`` in Chromium.

repo2docker (python buildpack) does: ``pip install -r binder/requirements.txt``, copy the
repository, run ``binder/postBuild`` from its root, and start the server through
``binder/start``.  This test does the same steps in the same order, with nothing from the
machine's own Python (no ``--system-site-packages``).  It downloads packages, so it takes
minutes (see benchmarks/README.md); the pip cache of the machine is reused between runs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import tomllib
from playwright.sync_api import expect
from servers import PHONE, free_port, shot

pytestmark = [pytest.mark.browser, pytest.mark.binder]

REPO = Path(__file__).resolve().parents[1]
BINDER = REPO / "binder"


def _names(lines) -> set[str]:
    found = set()
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            found.add(re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0].lower().replace("_", "-"))
    return found


def test_binder_requirements_cover_cikit_dependencies():
    """requirements.txt is installed before the repository is copied (a cached layer)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    listed = _names((BINDER / "requirements.txt").read_text().splitlines())
    assert _names(project["dependencies"]) <= listed
    assert "voila" in listed and "jupyterlab" in listed


def _env(home: Path, venv: Path) -> dict[str, str]:
    """A clean environment: the venv first, a throwaway HOME, the machine's pip settings."""
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip")),
        "VIRTUAL_ENV": str(venv),
    }
    user_config = Path.home() / ".config" / "pip" / "pip.conf"
    if user_config.exists():
        env["PIP_CONFIG_FILE"] = str(user_config)
    for name, value in os.environ.items():
        if name.startswith("PIP_") and name not in env:
            env[name] = value
    return env


def _timed(label: str, command: list[str], timings: dict, **kwargs) -> None:
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    timings[label] = time.monotonic() - started
    assert done.returncode == 0, f"{label} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"


def test_a_binder_launch_opens_the_overview_in_voila(browser, tmp_path):
    timings: dict[str, float] = {}
    home, venv, repo = tmp_path / "home", tmp_path / "venv", tmp_path / "repo"
    home.mkdir()
    # repo2docker copies the repository; copy the tracked files only (no caches, no scratch).
    files = subprocess.run(["git", "-C", str(REPO), "ls-files", "-co", "--exclude-standard"],
                           capture_output=True, text=True, check=True).stdout.split()  # fmt: skip
    for name in files:
        source = REPO / name
        if source.is_file() and not name.startswith((".jupyter-scratch", "artifacts/")):
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    env = _env(home, venv)
    _timed("venv", [sys.executable, "-m", "venv", str(venv)], timings)
    _timed("requirements", [str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                            "-r", str(repo / "binder" / "requirements.txt")],
           timings, env=env)  # fmt: skip
    _timed("postBuild", ["bash", str(repo / "binder" / "postBuild")], timings, env=env, cwd=repo)
    assert (home / "demo.cikit").exists()
    check = subprocess.run([str(venv / "bin" / "python"), "-c", "import cikit; print(cikit.__file__)"],
                           env=env, capture_output=True, text=True, cwd=home, check=True)  # fmt: skip
    assert str(venv) in check.stdout  # cikit comes from the venv, not from the machine

    port = free_port()
    log = (tmp_path / "lab.log").open("w")
    command = [
        "bash", str(repo / "binder" / "start"), "jupyter", "lab", "--no-browser",
        "--ip=127.0.0.1", f"--port={port}", "--allow-root", "--IdentityProvider.token=",
        "--ServerApp.password=", f"--ServerApp.root_dir={repo}",
    ]  # fmt: skip
    started = time.monotonic()
    server = subprocess.Popen(command, env=env, cwd=repo, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            assert server.poll() is None, (tmp_path / "lab.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "lab.log").read_text()
            time.sleep(0.5)
        timings["server"] = time.monotonic() - started
        key = (home / "facilitator-key.txt").read_text().strip()
        page = browser.new_context(viewport=PHONE).new_page()
        opened = time.monotonic()
        page.goto(
            f"{base}/voila/render/workbooks/07_bilan.ipynb?lang=en&role=facilitator&key={key}"
        )
        expect(page.locator(".cikit-ov-grid")).to_be_visible(timeout=120_000)
        timings["first page"] = time.monotonic() - opened
        expect(page.get_by_text("Grandir ensemble à Rivière-aux-Saules").first).to_be_visible()
        expect(page.locator(".cikit-backup")).to_be_visible()  # the facilitator view, with its key
        assert "cikit-page.css" in page.content()  # cikit's offline Voila template, as in serve
        shot(page, "07_bilan-binder-en-facilitator-390")
        page.context.close()
        log.flush()
        assert (
            "Culling kernels with idle durations > 300 seconds"
            in (tmp_path / "lab.log").read_text()
        )
    finally:
        os.killpg(server.pid, 15)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
        log.close()
    print("Binder build timings (s):", {k: round(v, 1) for k, v in timings.items()})
