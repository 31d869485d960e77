"""Start ``cikit serve`` for end-to-end tests, and count its kernels.

The server runs exactly as a facilitator starts it (standalone Voila, preheated
kernels), with Jupyter's config and runtime folders in a temporary directory so
tests leave nothing in the home folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    key: str
    log: Path

    def url(
        self, workbook: str = "00_accueil", *, lang: str = "fr", facilitator: bool = False
    ) -> str:
        query = f"lang={lang}"
        if facilitator:
            query += f"&role=facilitator&key={self.key}"
        return f"http://127.0.0.1:{self.port}/voila/render/{workbook}.ipynb?{query}"

    def kernels(self) -> list[psutil.Process]:
        """Live kernel processes started by this server."""
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        found = []
        for child in children:
            try:
                if any("ipykernel_launcher" in part for part in child.cmdline()):
                    found.append(child)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return found

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def cikit_server(
    workspace: str,
    tmp: Path,
    *,
    key: str = "e2e-key-0123456789",
    pool_size: int = 1,
    port: int | None = None,
    extra_args: tuple[str, ...] = (),
    ready_line: str | None = None,
) -> Iterator[Server]:
    port = port or free_port()
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR"):
        folder = tmp / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    env["CIKIT_LANG"] = "fr"
    log = tmp / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cikit.cli",
                "serve",
                "--workspace",
                workspace,
                "--port",
                str(port),
                "--no-browser",
                "--facilitator-key",
                key,
                "--pool-size",
                str(pool_size),
                *extra_args,
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(process, port, key, log)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            text = server.log_text()
            ready = "Ctrl+C" in text and (pool_size == 0 or "is filled" in text)
            if ready_line is not None:
                ready = "Ctrl+C" in text and ready_line in text
            if ready:
                break
            if process.poll() is not None:
                raise RuntimeError(f"cikit serve exited early:\n{text}")
            time.sleep(0.3)
        else:
            raise RuntimeError(f"cikit serve did not get ready:\n{server.log_text()}")
        yield server
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def wait_until(predicate, *, timeout: float, interval: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


# -- what the browser tests share ----------------------------------------------------------

SHOTS = Path(
    os.environ.get(
        "CIKIT_SCREENSHOTS", Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
    )
)
PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}


@contextmanager
def demo_server(
    tmp_path_factory, name: str, *, pool_size: int = 2, source: Path | None = None
) -> Iterator[Server]:
    """``cikit serve`` on a demo workspace of its own; ``server.workspace`` is its path.

    ``source`` is a demo file to copy (the session's, see ``conftest.demo_file``);
    without it the demo is written afresh.
    """
    tmp = tmp_path_factory.mktemp(name)
    workspace = tmp / "demo.cikit"
    if source is not None:
        shutil.copyfile(source, workspace)
    else:
        from cikit.demo import write_demo

        write_demo(workspace).close()
    with cikit_server(str(workspace), tmp, pool_size=pool_size) as running:
        running.workspace = str(workspace)
        yield running


def reset_to(server: Server, backup: bytes) -> Server:
    """Put a running server's workspace back as the backup holds it (the overview's restore).

    Kernels of earlier pages may still hold the workspace open: the restore is one
    transaction and they see the restored data on their next read, as in a workshop.
    """
    import io

    from cikit import open_workspace
    from cikit.store.backup import restore_into

    with open_workspace(server.workspace) as ws:
        restore_into(ws, io.BytesIO(backup))
    return server


def leave_pages(browser) -> None:
    """Leave every open page as a person closing the tab would: each page's unload beacon
    asks the server to shut its kernel down (closing the browser alone sends nothing)."""
    from playwright.sync_api import Error

    for context in browser.contexts:
        for page in context.pages:
            try:
                page.goto("about:blank", timeout=10_000)
            except Error:
                continue  # a page already gone or stuck: the server culls its kernel later


def open_page(browser, url: str, viewport=None, *, ready: str = ".cikit-header"):
    """A page in its own browser context: each keeps its own id, as separate phones would."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport=viewport or PROJECTOR)
    page = context.new_page()
    # A page streams while its notebook runs: give the navigation the same time as the
    # readiness wait below, so a slow first kernel on a busy machine is not a failure.
    page.goto(url, timeout=90_000)
    expect(page.locator(ready)).to_be_visible(timeout=90_000)
    return page


def shot(page, name: str, *, full_page: bool = False) -> None:
    """A screenshot in ``CIKIT_SCREENSHOTS`` (looked at before an issue is resolved)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def pick_stage(page, name: str) -> None:
    """Click a step of a workbook's step strip."""
    page.locator(".cikit-stage-picker").get_by_role("button", name=name, exact=True).click()
