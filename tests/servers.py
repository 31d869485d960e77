"""Start ``cikit serve`` for end-to-end tests, and count its kernels.

The server runs exactly as a facilitator starts it (standalone Voila, preheated
kernels), with Jupyter's config and runtime folders in a temporary directory so
tests leave nothing in the home folder.
"""

from __future__ import annotations

import os
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
    workspace: str, tmp: Path, *, key: str = "e2e-key", pool_size: int = 1
) -> Iterator[Server]:
    port = free_port()
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
