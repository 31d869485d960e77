"""``cikit serve``: the workbooks as standalone Voila apps.

Standalone Voila (not the JupyterLab extension) because it refuses code sent
from the browser and keeps kernels preheated.  Kernels left behind by closed
pages are culled when idle; see :mod:`cikit.voila_app` for why closed pages
could otherwise keep their kernels.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import webbrowser
from pathlib import Path
from urllib.parse import quote

from cikit.errors import N_, CikitError, WorkspaceError
from cikit.i18n import Translator
from cikit.limits import KEY_MIN_LENGTH, WEBSOCKET_MAX
from cikit.paths import templates_dir, workbooks_dir
from cikit.store import open_workspace
from cikit.store.engine import is_url

TEMPLATE = "cikit"
CULL_IDLE_SECONDS = 300
CULL_INTERVAL_SECONDS = 60
START_WAIT_SECONDS = 90


def resolve_workspace(workspace: str | None) -> str:
    """The workspace to serve: ``--workspace``, else ``CIKIT_WORKSPACE``; checked before serving."""
    location = workspace or os.environ.get("CIKIT_WORKSPACE", "")
    if not location:
        raise WorkspaceError(
            N_(
                "No workspace given. Use --workspace FILE (try: cikit demo demo.cikit, then "
                "cikit serve --workspace demo.cikit)."
            )
        )
    if not is_url(location):
        location = str(Path(location).expanduser().resolve())
    open_workspace(location).close()
    return location


def voila_command(*, host: str, port: int, pool_size: int) -> list[str]:
    """The Voila command line; everything cikit needs from Voila is set here, in one place."""
    return [
        sys.executable,
        "-m",
        "cikit.voila_app",
        str(workbooks_dir()),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={host}",
        f"--template={TEMPLATE}",
        "--theme=light",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--preheat_kernel=True",
        f"--pool_size={max(0, pool_size)}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
        "--MappingKernelManager.cull_connected=False",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        # Above the largest upload (checked in the browser first), so a file never drops the page.
        f'--Voila.tornado_settings={{"websocket_max_message_size": {WEBSOCKET_MAX}}}',
    ]


def voila_environment(*, workspace: str, key: str) -> dict[str, str]:
    env = dict(os.environ)
    env["CIKIT_WORKSPACE"] = workspace
    env["CIKIT_FACILITATOR_KEY"] = key
    env.pop("CIKIT_ROLE", None)  # in Voila only the key in the URL gives the facilitator view
    # Voila finds the cikit template under <path>/voila/templates/cikit.
    env["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(templates_dir()), env.get("JUPYTER_PATH", "")) if p
    )
    return env


def facilitator_key_for(given: str | None) -> str:
    """``--facilitator-key``, else ``CIKIT_FACILITATOR_KEY``, else a new random key.

    A key typed by a person is refused under :data:`~cikit.limits.KEY_MIN_LENGTH`
    characters: the facilitator link is shown on projectors and said aloud.
    """
    key = given or os.environ.get("CIKIT_FACILITATOR_KEY") or ""
    if not key:
        return secrets.token_urlsafe(18)  # 24 characters
    if len(key) < KEY_MIN_LENGTH or not key.isprintable() or key != key.strip():
        raise CikitError(
            N_(
                "The facilitator key must have at least {length} characters, without spaces "
                "at either end (the one given has {given}). Choose a longer one, or leave "
                "it out and cikit makes one."
            ),
            length=KEY_MIN_LENGTH,
            given=len(key),
        )
    return key


def _reachable_host(host: str) -> str:
    """The address to print: when listening on every interface, this machine's own address,
    so the participant link works from other people's laptops and phones."""
    if host not in ("0.0.0.0", "::", ""):
        return host
    try:
        address = socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"
    return "127.0.0.1" if address.startswith("127.") else address


def links(*, host: str, port: int, key: str) -> dict[str, str]:
    shown_host = _reachable_host(host)
    base = f"http://{shown_host}:{port}/voila/render/00_accueil.ipynb"
    return {
        "participant_fr": f"{base}?lang=fr",
        "participant_en": f"{base}?lang=en",
        "facilitator_fr": f"{base}?lang=fr&role=facilitator&key={quote(key)}",
        "facilitator_en": f"{base}?lang=en&role=facilitator&key={quote(key)}",
    }


def _wait_for_port(host: str, port: int, process: subprocess.Popen, seconds: float) -> bool:
    target = "127.0.0.1" if host in ("0.0.0.0", "") else host
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection((target, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def _port_free(host: str, port: int) -> bool:
    target = "127.0.0.1" if host in ("0.0.0.0", "") else host
    try:
        socket.getaddrinfo(target, port)
    except socket.gaierror as err:
        raise CikitError(N_("Unknown address: {host}."), host=host) from err
    with socket.socket(socket.AF_INET6 if ":" in target else socket.AF_INET) as sock:
        # Like Tornado when it listens: connections of a server just stopped linger in
        # TIME_WAIT for up to a minute, and must not lock a restarting facilitator out.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((target, port))
        except OSError:
            return False
    return True


def serve(
    *,
    workspace: str | None,
    host: str,
    port: int,
    open_browser: bool,
    facilitator_key: str | None,
    pool_size: int,
    tr: Translator,
) -> int:
    location = resolve_workspace(workspace)
    key = facilitator_key_for(facilitator_key)
    if not _port_free(host, port):
        raise CikitError(
            N_("Port {port} is already in use. Choose another with --port."), port=port
        )
    process = subprocess.Popen(
        voila_command(host=host, port=port, pool_size=pool_size),
        env=voila_environment(workspace=location, key=key),
    )
    try:
        if not _wait_for_port(host, port, process, START_WAIT_SECONDS):
            process.terminate()
            raise CikitError(N_("Voila did not start. See the messages above."))
        urls = links(host=host, port=port, key=key)
        print()
        print(tr("cikit is serving {workspace}").format(workspace=location), flush=True)
        print(tr("Participants (share this link):"))
        print(f"  FR  {urls['participant_fr']}")
        print(f"  EN  {urls['participant_en']}")
        print(tr("Facilitators (keep this link to yourself):"))
        print(f"  FR  {urls['facilitator_fr']}")
        print(f"  EN  {urls['facilitator_en']}")
        print(tr("Press Ctrl+C to stop."), flush=True)
        if open_browser:
            webbrowser.open(urls["facilitator_fr"])
        return process.wait()
    except KeyboardInterrupt:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        return 0
    finally:
        if process.poll() is None:
            process.terminate()
