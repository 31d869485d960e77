"""A workshop room: N phones arrive over A seconds, join one round and answer.

Protocol-level phones (``benchmarks/phone.py``: no browser, so the figures are the
server's) arrive at seeded random times (``--arrivals poisson``: a Poisson process
with N arrivals in A seconds, i.e. N sorted uniform times; ``even``: evenly
spaced) on the Preconditions workbook of the demo, served by ``cikit serve`` as a
facilitator starts it, with an open anonymous round.  Each phone opens the page,
waits for « Commencer à répondre », joins (a third of them choose a sector),
then taps a level of the first statement.  The facilitator's page (the facilitator
role, with the key) is open the whole time.

The same arrivals then go to a bare notebook (one ``IntSlider``) under plain Voila
(preheated, pool 1, same kernel culling), whose phones wait for the slider and
move it (tap -> the kernel's echo).

Printed per target: arrival -> page HTML, arrival -> ready to answer (cikit: the
join button shown and enabled; bare: the slider shown), join -> questions shown,
tap -> saved (cikit: « Réponse enregistrée. » shown; bare: the echo), p50 / p95 /
max; errors and timeouts by stage; how many phones got a preheated kernel; peak
kernels; RSS of the phones' kernels once they answered (mean / max) and of all
kernels at the peak; the facilitator's lag (last answer saved -> its count shows
the final number); answers found in the workspace; and the CPU used by the server
tree, by this script's simulated phones and by everything else on the machine
(the machine is shared: read the figures with the load next to them).

    python benchmarks/room.py --phones 60 --over 60 [--runs 1] [--seed 1]
        [--serve-args "--room --expect 100"] [--only cikit|bare] [--json out.json]

Jupyter's config, data and runtime folders are temporary; only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import phone as ph
import psutil

HOST = "127.0.0.1"
WORKBOOK = "01_preconditions"
ROUND_KEY = "readiness"
JOIN_PAGE = "rejoindre.ipynb"
BARE = "bare"
KEY = "room-bench-key-0123456789"  # cikit serve refuses a key under 16 characters
MIB = 1024 * 1024
START_TIMEOUT = 300.0
QUIET_SECONDS = 3.0
FACILITATOR_WAIT = 30.0


# -- servers ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def jupyter_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        folder = tmp / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    env["CIKIT_LANG"] = "fr"
    return env


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def tree(self) -> list[psutil.Process]:
        try:
            root = psutil.Process(self.process.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def kernels(self) -> list[psutil.Process]:
        found = []
        for proc in self.tree()[1:]:
            try:
                if any("ipykernel" in part for part in proc.cmdline()):
                    found.append(proc)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return found

    def kernel_usage(self) -> dict[str, tuple[float, float]]:
        """(RSS MiB, CPU seconds so far) of each live kernel, by kernel id (from its
        connection file name)."""
        found = {}
        for proc in self.kernels():
            try:
                name = next(
                    (p for p in proc.cmdline() if "kernel-" in p and p.endswith(".json")), ""
                )
                kernel_id = Path(name).stem.removeprefix("kernel-") or str(proc.pid)
                times = proc.cpu_times()
                found[kernel_id] = (proc.memory_info().rss / MIB, times.user + times.system)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return found

    def kernel_rss(self) -> dict[str, float]:
        return {k: rss for k, (rss, _) in self.kernel_usage().items()}

    def not_kernels(self) -> list[psutil.Process]:
        """The server's own processes: ``cikit serve`` and its Voila (HTTP, websockets)."""
        kernels = {k.pid for k in self.kernels()}
        return [proc for proc in self.tree() if proc.pid not in kernels]

    def own_cpu(self) -> float:
        return _cpu(self.not_kernels())

    def own_rss(self) -> float:
        total = 0.0
        for proc in self.not_kernels():
            try:
                total += proc.memory_info().rss / MIB
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return total

    def preheated_ids(self) -> set[str]:
        import re

        return set(re.findall(r"Using pre-heated kernel: (\S+) for", self.log_text()))

    def stop(self) -> None:
        """Stop the server and every process it started, whatever state Voila is in.

        Kernels run in their own process groups, and a Voila stuck on a kernel that
        went away (its main thread joining a heartbeat thread) never shuts them
        down: they are killed here by pid, so no run leaves kernels behind.
        """
        tree = self.tree()
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        _gone, alive = psutil.wait_procs(tree, timeout=30)
        for proc in alive:
            try:
                proc.kill()
            except psutil.NoSuchProcess:
                continue
        psutil.wait_procs(alive, timeout=10)
        if self.process.poll() is None:
            self.process.wait(timeout=10)


def _spawn(name: str, command: list[str], env: dict[str, str], tmp: Path, port: int) -> Server:
    log = tmp / f"{name}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    return Server(name, process, port, log)


def start_cikit(tmp: Path, workspace: Path, serve_args: list[str]) -> Server:
    """``cikit serve`` as a facilitator types it (plus ``--serve-args``)."""
    port = free_port()
    command = [
        sys.executable, "-m", "cikit.cli", "serve",
        "--workspace", str(workspace),
        "--port", str(port),
        "--no-browser",
        "--facilitator-key", KEY,
        *serve_args,
    ]  # fmt: skip
    return _spawn("cikit", command, jupyter_env(tmp), tmp, port)


def start_bare(tmp: Path) -> Server:
    """Plain Voila on one notebook showing one slider: preheated, pool 1, cikit's culling."""
    folder = tmp / "bare"
    folder.mkdir()
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(
        nbformat.v4.new_code_cell('import ipywidgets as w\nw.IntSlider(description="x")')
    )
    notebook.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nbformat.write(notebook, folder / f"{BARE}.ipynb")
    port = free_port()
    command = [
        sys.executable, "-m", "voila", str(folder),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--theme=light",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--preheat_kernel=True",
        "--pool_size=1",
        "--MappingKernelManager.cull_idle_timeout=300",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=False",
    ]  # fmt: skip
    return _spawn("bare", command, jupyter_env(tmp), tmp, port)


def _cpu(procs: list[psutil.Process]) -> float:
    total = 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def port_answers(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_quiet(server: Server, timeout: float) -> float:
    """Seconds until the port answers, kernels exist, and the whole tree is idle for a while.

    Whatever the serve options (pool sizes, kernels prepared ahead), people arrive
    once the server has finished getting ready, as in a room.
    """
    started = time.monotonic()
    deadline = started + timeout
    while time.monotonic() < deadline and not port_answers(server.port):
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited early:\n{server.log_text()[-3000:]}")
        time.sleep(0.3)
    quiet_since = None
    last_cpu, last_count = _cpu(server.tree()), -1
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited early:\n{server.log_text()[-3000:]}")
        time.sleep(0.5)
        procs = server.tree()
        cpu, count = _cpu(procs), len(server.kernels())
        calm = cpu - last_cpu < 0.05 and count == last_count and count > 0
        last_cpu, last_count = cpu, count
        if not calm:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= QUIET_SECONDS:
            return time.monotonic() - started
    raise RuntimeError(f"{server.name} did not settle in {timeout:.0f} s")


class Monitor(threading.Thread):
    """Samples the server's kernels, RSS and CPU every second while phones come.

    It also guards the shared machine: once its available memory falls below
    ``min_free_mib``, ``low_memory`` is set and no more phones are sent; below half
    of that, ``abort`` is set and the pass ends at once (its kernels are shut down).
    A room of 100 cikit kernels can need more memory than the machine has left, and
    an out-of-memory kill would hit other people's processes too.
    """

    def __init__(self, server: Server, min_free_mib: float) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.min_free_mib = min_free_mib
        self.samples: list[dict] = []
        self.low_memory = False
        self.abort = False
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            usage = self.server.kernel_usage()
            rss = {k: r for k, (r, _) in usage.items()}
            server_rss = self.server.own_rss()
            available = psutil.virtual_memory().available / MIB
            if available < self.min_free_mib:
                self.low_memory = True
            if available < self.min_free_mib / 2:
                self.abort = True
            self.samples.append(
                {
                    "t": time.monotonic(),
                    "kernels": len(rss),
                    "kernel_rss_total": sum(rss.values()),
                    "kernel_rss_mean": sum(rss.values()) / len(rss) if rss else None,
                    "kernel_rss_max": max(rss.values(), default=None),
                    "server_rss": server_rss,
                    "available_mib": available,
                    "load1": os.getloadavg()[0],
                    "cpu": {k: c for k, (_, c) in usage.items()},
                }
            )
            self._halt.wait(0.5)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=10)

    def cpu_before(self, kernel_id: str, when: float) -> float:
        """CPU seconds ``kernel_id`` had used at ``when`` (0 if it did not exist yet)."""
        used = 0.0
        for sample in self.samples:
            if sample["t"] > when:
                break
            used = sample["cpu"].get(kernel_id, used)
        return used


# -- arrivals ------------------------------------------------------------------------------------


@dataclass
class Plan:
    """Who arrives when, and what they tap: the same for both targets of a run."""

    offsets: list[float]
    levels: list[int]
    sectors: list[int]
    thinks: list[float] = field(default_factory=list)


def make_plan(phones: int, over: float, *, seed: int, arrivals: str, think: float) -> Plan:
    rng = random.Random(seed)
    if arrivals == "even":
        offsets = [over * i / max(phones - 1, 1) for i in range(phones)] if phones > 1 else [0.0]
    else:
        offsets = sorted(rng.uniform(0, over) for _ in range(phones))
    levels = [rng.randint(1, 4) for _ in range(phones)]
    sectors = [rng.randint(1, 8) if rng.random() < 1 / 3 else 0 for _ in range(phones)]
    thinks = [think * rng.uniform(0.5, 1.5) for _ in range(phones)]
    return Plan(offsets, levels, sectors, thinks)


# -- one pass ------------------------------------------------------------------------------------


async def _arrive(
    server: Server, notebook: str, plan: Plan, args, kind: str, monitor: Monitor, budget: int
) -> tuple[list[ph.Phone], int, bool]:
    """The phones' visits; how many were held back for memory; whether the pass was aborted.

    At most ``budget`` phones are sent (what the machine's free memory can hold, with
    the kernel size measured on the pool), and none once memory runs low.
    """
    phones: list[ph.Phone] = []
    held_back = 0
    start = time.monotonic() + 0.2

    async def one(i: int) -> None:
        nonlocal held_back
        await asyncio.sleep(max(0.0, start + plan.offsets[i] - time.monotonic()))
        if monitor.low_memory or len(phones) >= budget:
            held_back += 1
            return
        if kind == "cikit" and not args.direct:
            # What the QR code and the short link /1 lead to: the join page of the workbook.
            phone = ph.Phone(
                server.base_url,
                JOIN_PAGE,
                query=f"?w={notebook}&lang=fr",
                name=f"{kind}-{i + 1}",
                timeout=args.timeout,
            )
        else:
            phone = ph.Phone(
                server.base_url, f"{notebook}.ipynb", name=f"{kind}-{i + 1}", timeout=args.timeout
            )
        phones.append(phone)
        if kind == "cikit":
            await ph.participant(
                phone,
                level=plan.levels[i],
                sector_index=plan.sectors[i],
                think=plan.thinks[i],
                answer_timeout=args.timeout,
            )
        else:
            await ph.bare_visitor(phone, think=plan.thinks[i], answer_timeout=args.timeout)

    tasks = [asyncio.ensure_future(one(i)) for i in range(len(plan.offsets))]
    everyone = asyncio.gather(*tasks, return_exceptions=True)
    while not everyone.done():
        if monitor.abort:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            return phones, held_back, True
        await asyncio.wait([everyone], timeout=0.25)
    return phones, held_back, False


REVEAL = "Dévoiler les résultats"


async def _reveal(facilitator: ph.Phone, started: float, after: float) -> float | None:
    """The facilitator taps « Dévoiler les résultats » ``after`` seconds into the arrivals.

    Returns when it was tapped, in seconds after the start (None if no such button).
    """
    await asyncio.sleep(max(0.0, started + after - time.monotonic()))
    found = facilitator.mirror.find(where=lambda s: s.get("description") == REVEAL)
    if found is None:
        return None
    await facilitator.click(found[0])
    return time.monotonic() - started


def phone_budget(
    server: Server, wanted: int, min_free_mib: float, preheated: int = 0
) -> tuple[int, float]:
    """How many phones the machine's available memory can hold, and the kernel size used.

    The size is the largest kernel of the settled server (its pool has run the
    notebooks), plus 10 %.  A phone that takes one of the ``preheated`` kernels already
    running only adds what its page grows by once it answers (counted as a third of a
    kernel); the others each need a new kernel.
    """
    sizes = list(server.kernel_rss().values())
    kernel = max(sizes, default=200.0) * 1.1
    available = psutil.virtual_memory().available / MIB - min_free_mib
    seated = min(wanted, max(0, preheated), int(available // (kernel / 3)))
    available -= seated * kernel / 3
    return max(0, min(wanted, seated + int(available // kernel))), kernel


def _stored(workspace: Path, round_id: int, phones: list[ph.Phone]) -> dict:
    from cikit import open_workspace

    ws = open_workspace(str(workspace))
    try:
        responses = ws.round_responses(round_id)
    finally:
        ws.close()
    answers = responses[responses["item"] != "_join"]
    answered = set(answers["respondent"])
    mine = {f"a:{p.client_id}" for p in phones}
    return {
        "answered_in_workspace": len(answered),
        "phones_with_answer_stored": len(mine & answered),
        "joins": int((responses["item"] == "_join").sum()),
    }


async def run_pass(kind: str, tmp: Path, plan: Plan, args) -> dict:
    """Start the target's server, let the phones arrive, measure, stop it."""
    workspace = tmp / "demo.cikit"
    round_id = None
    if kind == "cikit":
        from cikit.demo import write_demo

        ws = write_demo(workspace)
        try:
            round_id = ws.open_round(workbook=WORKBOOK, key=ROUND_KEY, anonymous=True)
        finally:
            ws.close()
        server = start_cikit(tmp, workspace, shlex.split(args.serve_args))
    else:
        server = start_bare(tmp)
    result: dict = {"target": kind, "phones": len(plan.offsets)}
    facilitator = None
    phones: list[ph.Phone] = []
    try:
        try:
            result["settle_seconds"] = await asyncio.to_thread(wait_quiet, server, START_TIMEOUT)
        except RuntimeError as err:
            result.update(visits=[], start_error=str(err)[-1500:])
            return result
        if kind == "cikit":
            facilitator = ph.Phone(
                server.base_url,
                f"{WORKBOOK}.ipynb",
                query=f"?lang=fr&role=facilitator&key={KEY}",
                name="facilitator",
                timeout=args.timeout,
            )
            await ph.facilitator(facilitator)
            result["facilitator_ready"] = facilitator.visit.ready
            result["facilitator_error"] = facilitator.visit.error
            # The facilitator opened their page a little before people arrive.
            await asyncio.to_thread(wait_quiet, server, START_TIMEOUT)
        preheated_before = server.preheated_ids()
        monitor = Monitor(server, args.min_free_mib)
        load_before = os.getloadavg()
        cpu_tree, cpu_voila = _cpu(server.tree()), server.own_cpu()
        cpu_client = time.process_time()
        cpu_all = psutil.cpu_times()
        monitor.start()
        started = time.monotonic()
        notebook = WORKBOOK if kind == "cikit" else BARE
        budget, kernel_mib = phone_budget(
            server,
            len(plan.offsets),
            args.min_free_mib,
            # kernels waiting in the pools (the others already serve a page)
            len(server.kernel_rss()) - len(preheated_before),
        )
        result["phone_budget"], result["kernel_mib_estimate"] = budget, kernel_mib
        reveal = None
        if facilitator is not None and args.reveal_at is not None:
            reveal = asyncio.ensure_future(_reveal(facilitator, started, args.reveal_at))
        phones, held_back, aborted = await _arrive(
            server, notebook, plan, args, kind, monitor, budget
        )
        if reveal is not None:
            result["revealed_at"] = await reveal
            result["phones_seeing_results"] = sum(1 for p in phones if ph.shows_results(p))
        result["aborted_low_memory"] = aborted
        if aborted:
            await asyncio.gather(*(p.close(shutdown=True) for p in phones), return_exceptions=True)
        result["duration"] = time.monotonic() - started
        if facilitator is not None and not aborted:
            result.update(await _facilitator_lag(facilitator, phones, workspace, round_id))
        usage = await asyncio.to_thread(server.kernel_usage)
        monitor.stop()
        all_after = psutil.cpu_times()
        busy = sum(
            getattr(all_after, f) - getattr(cpu_all, f)
            for f in ("user", "system", "nice", "irq", "softirq", "steal")
            if hasattr(all_after, f)
        )
        tree_cpu = _cpu(server.tree()) - cpu_tree
        voila_cpu = server.own_cpu() - cpu_voila
        client_cpu = time.process_time() - cpu_client
        answered = [usage[p.kernel_id] for p in phones if p.kernel_id in usage and p.visit.saved]
        # A kernel prepared in the pool worked before its phone came; what is left is the view.
        after_arrival = [
            usage[p.kernel_id][1] - monitor.cpu_before(p.kernel_id, p.visit.arrived)
            for p in phones
            if p.kernel_id in usage and p.visit.saved
        ]
        # Everyone has answered and keeps the page open: what do open pages cost?
        idle_before = _cpu(server.tree())
        await asyncio.sleep(args.idle)
        idle_cores = (_cpu(server.tree()) - idle_before) / args.idle if args.idle else None
        samples = monitor.samples
        result.update(
            {
                "visits": [p.visit.as_dict() for p in phones],
                "timeline": [
                    {k: v for k, v in sample.items() if k != "cpu"} | {"t": sample["t"] - started}
                    for sample in samples
                ],
                "held_back_low_memory": held_back,
                "preheated_used": len(
                    {p.kernel_id for p in phones} & (server.preheated_ids() - preheated_before)
                ),
                "peak_kernels": max((s["kernels"] for s in samples), default=None),
                "peak_kernel_rss_total": max(
                    (s["kernel_rss_total"] for s in samples), default=None
                ),
                "kernel_rss_phones_mean": _mean([rss for rss, _ in answered]),
                "kernel_rss_phones_max": max((rss for rss, _ in answered), default=None),
                "kernel_cpu_phones_mean": _mean([cpu for _, cpu in answered]),
                "kernel_cpu_after_arrival_mean": _mean(after_arrival),
                "server_rss_max": max(
                    (s["server_rss"] for s in samples if s["server_rss"]), default=None
                ),
                "available_mib_min": min((s["available_mib"] for s in samples), default=None),
                "load_before": load_before[0],
                "load_max": max((s["load1"] for s in samples), default=None),
                "cpu_seconds": {
                    "server_tree": tree_cpu,
                    "voila_process": voila_cpu,
                    "kernels": tree_cpu - voila_cpu,
                    "phones": client_cpu,
                    "others": max(0.0, busy - tree_cpu - client_cpu),
                    "cores": psutil.cpu_count(),
                },
                "idle_cores": idle_cores,
                "open_pages": len(phones) + (1 if facilitator else 0),
            }
        )
        if round_id is not None:
            result.update(await asyncio.to_thread(_stored, workspace, round_id, phones))
        if server.process.poll() is not None:
            result["server_exited"] = server.process.returncode
    finally:
        everyone = [*phones, *([facilitator] if facilitator else [])]
        await asyncio.gather(*(p.close(shutdown=True) for p in everyone), return_exceptions=True)
        server.stop()
        if args.keep_logs:
            args.keep_logs.mkdir(parents=True, exist_ok=True)
            target = args.keep_logs / f"{kind}-{int(time.time())}.log"
            target.write_text(server.log_text())
    return result


async def _facilitator_lag(
    facilitator: ph.Phone, phones: list[ph.Phone], workspace: Path, round_id: int
) -> dict:
    """Last answer saved -> the facilitator's count first shows the final number."""
    stored = await asyncio.to_thread(_stored, workspace, round_id, phones)
    final = stored["answered_in_workspace"]
    saved = [p.visit.saved_at for p in phones if p.visit.saved_at is not None]
    out: dict = {"facilitator_final_expected": final}
    if facilitator.visit.error or not saved:
        out["facilitator_lag"] = None
        return out
    last = max(saved)

    def reached():
        return next((t for t, n in facilitator.visit.counts if n == final and t >= last), None)

    deadline = time.monotonic() + FACILITATOR_WAIT
    while reached() is None and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    when = reached()
    if when is None and facilitator.visit.counts and facilitator.visit.counts[-1][1] == final:
        when = last  # already showing it when the last phone saw « saved »
    out["facilitator_lag"] = None if when is None else when - last
    out["facilitator_last_count"] = (
        facilitator.visit.counts[-1][1] if facilitator.visit.counts else None
    )
    return out


# -- figures ----------------------------------------------------------------------------------------


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def spread(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "max": max(values, default=None),
    }


def figures(visits: list[dict]) -> dict:
    def col(key):
        return [v[key] for v in visits if v.get(key) is not None]

    problems: dict[str, int] = {}
    for v in visits:
        if v["error"]:
            label = f"{'timeout' if v['timeout'] else 'error'} at {v['stage']}"
            problems[label] = problems.get(label, 0) + 1
    return {
        "page": spread(col("page")),
        "ready": spread(col("ready")),
        "joined": spread(col("joined")),
        "saved": spread(col("saved")),
        "fallbacks": sum(1 for v in visits if v["fallback"]),
        "problems": problems,
        "examples": sorted({v["error"] for v in visits if v["error"]})[:5],
        "ws_kib_mean": sum(v["bytes_in"] for v in visits) / 1024 / len(visits) if visits else None,
        "messages_mean": sum(v["messages_in"] for v in visits) / len(visits) if visits else None,
    }


def _s(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _row(label: str, s: dict) -> str:
    return f"  {label:<26}{_s(s['p50']):>8}{_s(s['p95']):>8}{_s(s['max']):>8}{s['n']:>6}"


def _print_run(i: int, kind: str, r: dict) -> None:
    cpu = r.get("cpu_seconds", {})
    sent = len(r.get("visits", []))
    per_phone = cpu.get("server_tree", 0) / sent if sent else None
    lines = [
        f"run {i}: kernels taken from the pool {r.get('preheated_used')}/{sent};"
        f" peak kernels {r.get('peak_kernels')}",
        f"kernel RSS (phones, after answering): mean {_s(r.get('kernel_rss_phones_mean'), 0)}"
        f" MiB, max {_s(r.get('kernel_rss_phones_max'), 0)} MiB; all kernels at the peak"
        f" {_s(r.get('peak_kernel_rss_total'), 0)} MiB; server (cikit serve + Voila) max"
        f" {_s(r.get('server_rss_max'), 0)} MiB",
        f"CPU seconds over {_s(r.get('duration'), 0)} s on {cpu.get('cores')} cores: server"
        f" tree {_s(cpu.get('server_tree'), 0)} (server {_s(cpu.get('voila_process'), 0)},"
        f" kernels {_s(cpu.get('kernels'), 0)}) = {_s(per_phone, 2)} per phone; a phone's"
        f" kernel in all {_s(r.get('kernel_cpu_phones_mean'), 2)}, of which after the phone"
        f" came {_s(r.get('kernel_cpu_after_arrival_mean'), 2)}",
        f"the simulated phones {_s(cpu.get('phones'), 0)}; the rest of the machine"
        f" {_s(cpu.get('others'), 0)}; load (1 min) {_s(r.get('load_before'), 1)} before,"
        f" max {_s(r.get('load_max'), 1)}; least memory available"
        f" {_s(r.get('available_mib_min'), 0)} MiB",
        f"{r.get('open_pages')} pages left open after answering use"
        f" {_s(r.get('idle_cores'), 2)} cores",
    ]
    if kind == "cikit":
        lines.append(
            f"facilitator: ready in {_s(r.get('facilitator_ready'))} s"
            f" {r.get('facilitator_error') or ''}; last answer saved -> count shows"
            f" {r.get('facilitator_final_expected')}: {_s(r.get('facilitator_lag'))} s;"
            f" answers in the workspace {r.get('phones_with_answer_stored')}/{sent}"
        )
    if "revealed_at" in r:
        lines.append(
            f"facilitator revealed the results at {_s(r['revealed_at'])} s;"
            f" phones showing the results at the end: {r.get('phones_seeing_results')}/{sent}"
        )
    if r.get("held_back_low_memory"):
        lines.append(
            f"! {r['held_back_low_memory']} phones not sent: the machine's free memory holds"
            f" about {r.get('phone_budget')} more kernels of {_s(r.get('kernel_mib_estimate'), 0)}"
            " MiB (see --min-free-mib)"
        )
    if r.get("aborted_low_memory"):
        lines.append("! pass aborted: the machine's memory ran out (pages closed at once)")
    if r.get("server_exited") is not None:
        lines.append(f"! the server exited ({r['server_exited']})")
    print("  " + "\n         ".join(lines))


def report(passes: list[dict], args) -> dict:
    by_kind: dict[str, list[dict]] = {}
    for p in passes:
        by_kind.setdefault(p["target"], []).append(p)
    summary: dict = {}
    for kind, runs in by_kind.items():
        for r in runs:
            if r.get("start_error"):
                print(f"\n! the {kind} server did not start:\n{r['start_error']}")
        visits = [v for r in runs for v in r["visits"]]
        if not visits:
            continue
        fig = figures(visits)
        summary[kind] = fig
        title = (
            "cikit serve, Preconditions, open anonymous round"
            if kind == "cikit"
            else ("bare one-slider notebook, plain Voila")
        )
        print()
        print(f"{title}: {args.phones} phones over {args.over:g} s, {len(runs)} run(s)")
        print(f"  {'seconds':<26}{'p50':>8}{'p95':>8}{'max':>8}{'n':>6}")
        print(_row("arrival -> page HTML", fig["page"]))
        print(_row("arrival -> ready", fig["ready"]))
        if kind == "cikit":
            print(_row("join -> questions", fig["joined"]))
            print(_row("tap -> saved", fig["saved"]))
        else:
            print(_row("tap -> echo", fig["saved"]))
        problems = ", ".join(f"{n} {k}" for k, n in fig["problems"].items()) or "none"
        print(f"  errors/timeouts: {problems}")
        for example in fig["examples"]:
            print(f"    e.g. {example[:150]}")
        print(
            f"  widget states fell back to per-widget requests (update_states > 4 s):"
            f" {fig['fallbacks']}; websocket per phone: {_s(fig['ws_kib_mean'], 0)} KiB,"
            f" {_s(fig['messages_mean'], 0)} messages"
        )
        for i, r in enumerate(runs, 1):
            _print_run(i, kind, r)
    cikit_p95 = summary.get("cikit", {}).get("ready", {}).get("p95")
    bare_p95 = summary.get(BARE, {}).get("ready", {}).get("p95")
    if cikit_p95 is not None and bare_p95:
        ratio = cikit_p95 / bare_p95
        summary["ratio_p95_ready"] = ratio
        print()
        print(f"p95 arrival -> ready, cikit / bare: {ratio:.1f}x")
    return summary


async def main_async(args) -> dict:
    passes = []
    for run in range(args.runs):
        plan = make_plan(
            args.phones, args.over, seed=args.seed + run, arrivals=args.arrivals, think=args.think
        )
        for kind in ("cikit", BARE):
            if args.only and args.only != kind:
                continue
            print(f"run {run + 1}/{args.runs}: {kind} ...", flush=True)
            with tempfile.TemporaryDirectory(prefix=f"cikit-room-{kind}-") as tmpname:
                passes.append(await run_pass(kind, Path(tmpname), plan, args))
            await asyncio.sleep(args.cooldown)  # let the stopped kernels' exit settle
    summary = report(passes, args)
    return {
        "args": {k: str(v) for k, v in vars(args).items()},
        "summary": summary,
        "passes": passes,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=30, help="phones arriving (default 30)")
    parser.add_argument("--over", type=float, default=60.0, help="seconds they arrive over")
    parser.add_argument("--runs", type=int, default=1, help="repeat the whole room (default 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--arrivals", choices=("poisson", "even"), default="poisson")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean pause before each tap, seconds (default 1)"
    )
    parser.add_argument(
        "--timeout", type=float, default=180.0, help="per phone and step, seconds (default 180)"
    )
    parser.add_argument(
        "--serve-args", default="", help='extra cikit serve options, e.g. "--room --expect 100"'
    )
    parser.add_argument(
        "--idle", type=float, default=10.0, help="seconds of open pages measured at the end"
    )
    parser.add_argument(
        "--cooldown", type=float, default=20.0, help="seconds of rest after each pass"
    )
    parser.add_argument(
        "--min-free-mib",
        type=float,
        default=1536,
        help="stop sending phones when the machine has less memory available (default 1536)",
    )
    parser.add_argument("--only", choices=("cikit", BARE), help="run one target only")
    parser.add_argument(
        "--direct",
        action="store_true",
        help="phones open the workbook's page instead of the join page the QR code leads to",
    )
    parser.add_argument(
        "--reveal-at",
        type=float,
        help="seconds after the first arrival when the facilitator reveals the results",
    )
    parser.add_argument("--json", type=Path, help="write every visit and figure here")
    parser.add_argument("--keep-logs", type=Path, help="copy the servers' logs to this folder")
    args = parser.parse_args(argv)
    if args.phones < 1 or args.over < 0 or args.runs < 1:
        parser.error("--phones and --runs must be at least 1, --over at least 0")
    result = asyncio.run(main_async(args))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str))
    failed = any(p.get("start_error") for p in result["passes"]) or any(
        v["error"] for p in result["passes"] for v in p["visits"]
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
