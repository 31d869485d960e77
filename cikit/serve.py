"""``cikit serve``: the workbooks as standalone Voila apps, for one laptop or a whole room.

Standalone Voila (not the JupyterLab extension) because it refuses code sent from the
browser and keeps kernels preheated.  Kernels left behind by closed pages are culled
when idle; see :mod:`cikit.server.handlers` for why closed pages could otherwise keep
their kernels.

``--room`` listens on the network and prints the address phones can reach, with a QR
code; ``--expect N`` preheats N join pages before people arrive.
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
from cikit.paths import checkout_templates, workbooks_dir
from cikit.store import open_workspace
from cikit.store.engine import is_url

TEMPLATE = "cikit"
CULL_IDLE_SECONDS = 300
CULL_INTERVAL_SECONDS = 60
START_WAIT_SECONDS = 90
IOPUB_WAIT_SECONDS = 60
EVERY_INTERFACE = "0.0.0.0"
LOOPBACK = "127.0.0.1"


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


def clean_base_url(value: str | None) -> str:
    """``initiatives/rivieres`` → ``/initiatives/rivieres/``; refuses what is not a path."""
    path = (value or "/").strip()
    if not path.startswith("/"):
        path = "/" + path
    if not path.endswith("/"):
        path += "/"
    if (
        "//" in path
        or any(part in (".", "..") for part in path.split("/"))
        or any(not (c.isalnum() or c in "/-_.~") for c in path)
    ):
        raise CikitError(N_("--base-url must be a path such as /initiatives/rivieres/."))
    return path


def voila_command(
    *,
    host: str,
    port: int,
    pool_size: int,
    room_pool: int | None = None,
    base_url: str = "/",
    max_kernels: int | None = None,
) -> list[str]:
    """The Voila command line; everything cikit needs from Voila is set here, in one place."""
    command = [
        sys.executable,
        "-m",
        "cikit.voila_app",
        str(workbooks_dir()),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={host}",
        f"--Voila.base_url={base_url}",
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
        # nbclient waits 4 s by default for a cell's output after its reply; on a busy
        # machine the page was then sent without the app, blank for good.
        f"--VoilaExecutor.iopub_timeout={IOPUB_WAIT_SECONDS}",
        # Above the largest upload (checked in the browser first), so a file never drops the page.
        f'--Voila.tornado_settings={{"websocket_max_message_size": {WEBSOCKET_MAX}}}',
    ]
    if room_pool is not None:
        command.append(f"--CikitVoila.room_pool={max(0, room_pool)}")
    if max_kernels is not None:
        command.append(f"--CikitVoila.max_kernels={max(0, max_kernels)}")
    return command


def voila_environment(
    *, workspace: str, key: str, public_url: str = "", room: bool = False
) -> dict[str, str]:
    env = dict(os.environ)
    env["CIKIT_WORKSPACE"] = workspace
    env["CIKIT_FACILITATOR_KEY"] = key
    env.pop("CIKIT_ROLE", None)  # in Voila only the key in the URL gives the facilitator view
    env["CIKIT_PUBLIC_URL"] = public_url
    env["CIKIT_ROOM"] = "1" if room else ""
    # Installed from a wheel, the template is a Jupyter data file Voila finds on its own;
    # from a checkout, Voila finds it under <checkout>/templates/voila/templates/cikit.
    checkout = checkout_templates()
    if checkout is not None:
        env["JUPYTER_PATH"] = os.pathsep.join(
            p for p in (str(checkout), env.get("JUPYTER_PATH", "")) if p
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


def lan_address() -> str | None:
    """This machine's address on its network, as phones in the room would reach it, or None.

    Asks the system which address it would use to reach an outside host (a UDP "connect"
    sends no packet), then falls back on the host name's addresses.
    """
    for probe in ("192.0.2.1", "10.255.255.255", "172.16.0.1"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.connect((probe, 9))
                address = sock.getsockname()[0]
        except OSError:
            continue
        if address and not address.startswith("127.") and address != EVERY_INTERFACE:
            return address
    try:
        _name, _aliases, addresses = socket.gethostbyname_ex(socket.gethostname())
    except OSError:
        return None
    for address in addresses:
        if not address.startswith("127."):
            return address
    return None


def _reachable_host(host: str) -> str:
    """The address to print: when listening on every interface, this machine's own address,
    so the participant link works from other people's laptops and phones."""
    if host not in (EVERY_INTERFACE, "::", ""):
        return host
    return lan_address() or LOOPBACK


def public_url(*, host: str, port: int, base_url: str = "/") -> str:
    shown = _reachable_host(host)
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}{base_url}"


def links(*, host: str, port: int, key: str, base_url: str = "/") -> dict[str, str]:
    base = f"{public_url(host=host, port=port, base_url=base_url)}voila/render/00_accueil.ipynb"
    return {
        "participant_fr": f"{base}?lang=fr",
        "participant_en": f"{base}?lang=en",
        "facilitator_fr": f"{base}?lang=fr&role=facilitator&key={quote(key)}",
        "facilitator_en": f"{base}?lang=en&role=facilitator&key={quote(key)}",
    }


def _wait_for_port(host: str, port: int, process: subprocess.Popen, seconds: float) -> bool:
    target = LOOPBACK if host in (EVERY_INTERFACE, "") else host
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
    """True if Voila could listen there now.  Binds as Tornado does (``SO_REUSEADDR``), so
    connections of a server just stopped, still in TIME_WAIT, do not block a restart."""
    target = LOOPBACK if host in (EVERY_INTERFACE, "") else host
    try:
        socket.getaddrinfo(target, port)
    except socket.gaierror as err:
        raise CikitError(N_("Unknown address: {host}."), host=host) from err
    family = socket.AF_INET6 if ":" in target else socket.AF_INET
    with socket.socket(family) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((target, port))
        except OSError:
            return False
    return True


def _print_qr(link: str) -> None:
    """The join link as a QR code drawn in the terminal (skipped if it cannot be drawn)."""
    try:
        import segno

        segno.make(link, error="m").terminal(compact=True)
    except Exception:  # noqa: BLE001 - a terminal that cannot draw it still has the link
        pass


def serve(
    *,
    workspace: str | None,
    host: str | None,
    port: int,
    open_browser: bool,
    facilitator_key: str | None,
    pool_size: int,
    tr: Translator,
    room: bool = False,
    expect: int = 0,
    base_url: str = "/",
    max_kernels: int | None = None,
) -> int:
    location = resolve_workspace(workspace)
    base_url = clean_base_url(base_url)
    if expect < 0:
        raise CikitError(N_("--expect needs a number of people, 0 or more."))
    host = host or (EVERY_INTERFACE if room else LOOPBACK)
    key = facilitator_key_for(facilitator_key)
    if not _port_free(host, port):
        raise CikitError(
            N_("Port {port} is already in use. Choose another with --port."), port=port
        )
    from cikit.server.app import ROOM_POOL, default_kernel_cap

    cap = default_kernel_cap() if max_kernels is None else max_kernels
    room_pool = expect if expect else ROOM_POOL
    if cap and room_pool > cap - 8:
        print(
            tr(
                "This machine can hold about {cap} pages at once: cikit prepares {ready} "
                "join pages, not {expect}."
            ).format(cap=cap, ready=max(1, cap - 8), expect=room_pool),
            flush=True,
        )
        room_pool = max(1, cap - 8)
    address = public_url(host=host, port=port, base_url=base_url)
    process = subprocess.Popen(
        voila_command(
            host=host,
            port=port,
            pool_size=pool_size,
            room_pool=room_pool,
            base_url=base_url,
            max_kernels=max_kernels,
        ),
        env=voila_environment(workspace=location, key=key, public_url=address, room=room),
    )
    try:
        if not _wait_for_port(host, port, process, START_WAIT_SECONDS):
            process.terminate()
            raise CikitError(N_("Voila did not start. See the messages above."))
        _announce(tr, location, host, port, key, base_url, room, expect, room_pool, address)
        if open_browser:
            webbrowser.open(
                links(host=host, port=port, key=key, base_url=base_url)["facilitator_fr"]
            )
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


def _announce(
    tr: Translator,
    location: str,
    host: str,
    port: int,
    key: str,
    base_url: str,
    room: bool,
    expect: int,
    room_pool: int,
    address: str,
) -> None:
    urls = links(host=host, port=port, key=key, base_url=base_url)
    print()
    print(tr("cikit is serving {workspace}").format(workspace=location), flush=True)
    print(tr("Participants (share this link):"))
    print(f"  FR  {urls['participant_fr']}")
    print(f"  EN  {urls['participant_en']}")
    print(tr("Facilitators (keep this link to yourself):"))
    print(f"  FR  {urls['facilitator_fr']}")
    print(f"  EN  {urls['facilitator_en']}")
    if room:
        from cikit.apps.framework.room import reachable_from_phones

        if reachable_from_phones(address):
            print(
                tr(
                    "For the room: each workbook's facilitator view has a « Join » panel "
                    "with a QR code. Phones can also open {address}"
                ).format(address=address)
            )
            _print_qr(urls["participant_fr"])
        else:
            print(
                tr(
                    "No network address found: phones cannot reach this computer (only "
                    "{address}). Connect it to the room's Wi-Fi and start again."
                ).format(address=address)
            )
    elif host in (LOOPBACK, "localhost", "::1"):
        print(
            tr(
                "Only this computer can open these links. For phones in the room, start "
                "with --room."
            )
        )
    if expect:
        print(tr("Preparing {count} join pages before people arrive…").format(count=room_pool))
    print(tr("Press Ctrl+C to stop."), flush=True)
