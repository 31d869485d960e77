"""Time from opening a workbook page to its first interactive widget, and kernel memory.

Starts Voila exactly as ``cikit serve`` does (same command line and environment,
preheated kernels) on the demo workspace, with a temporary copy of the workbooks
plus ``bare.ipynb`` (one ipywidgets slider) as the baseline.  Each notebook is
opened ``--runs`` times in a fresh Chromium context, always on a preheated
kernel: after each visit the script waits until the pool is refilled and the new
kernel has finished running its notebook.  Times are measured in the page, from
navigation start (``performance.now()``):

* workbooks: ``.cikit-header`` and ``.cikit-role-facilitator`` both visible
  (the full facilitator view); the time ``.cikit-waiting`` first shows is also
  recorded, so the waiting -> full view switch can be read off;
* bare: ``.widget-slider`` visible.

One more visit per notebook is made while the pool is exhausted (two pages
opened together; the second waits for the refill) unless ``--no-exhausted``.

Then the RSS of every live kernel (pools filled, notebooks executed) is reported.
Only 127.0.0.1 is contacted.  Usage::

    python benchmarks/voila_startup.py --runs 5 [--pool-size 1] [--out result.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil
from playwright.sync_api import Browser, sync_playwright

from cikit.demo import write_demo
from cikit.paths import workbooks_dir
from cikit.serve import voila_command, voila_environment

HOST = "127.0.0.1"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Nothing but 127.0.0.1 resolves: the page cannot reach outside even if it tried.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
BARE = "bare.ipynb"
START_TIMEOUT = 180  # Voila up and every pool filled
VIEW_TIMEOUT = 120  # one page to its first interactive widget
REFILL_TIMEOUT = 120  # pool refilled and the new kernel idle again
MIB = 1024 * 1024

# Runs in every document before its own scripts: records, in ms since navigation
# start, when each watched selector is first visible (non-empty box, not hidden).
WATCH_SCRIPT = """
(() => {
  const W = (window.__bench = {seen: {}, done: false});
  const watch = %s;
  const visible = (sel) => {
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden") return true;
    }
    return false;
  };
  const check = () => {
    if (W.done) return;
    const now = performance.now();
    for (const sel of watch) {
      if (!(sel in W.seen) && visible(sel)) W.seen[sel] = now;
    }
    if (watch.every((s) => s in W.seen) || now > %d) {
      W.done = true;
      clearInterval(timer);
      if (observer) observer.disconnect();
    }
  };
  const timer = setInterval(check, 5);
  let observer = null;
  const observe = () => {
    observer = new MutationObserver(check);
    observer.observe(document, {subtree: true, childList: true, attributes: true});
  };
  if (document.documentElement) observe();
  else document.addEventListener("readystatechange", observe, {once: true});
})();
"""

WORKBOOK_WATCH = [".cikit-waiting", ".cikit-header", ".cikit-role-facilitator"]
BARE_WATCH = [".widget-slider"]


# -- Voila -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Voila:
    process: subprocess.Popen
    port: int
    key: str
    log: Path
    notebooks: list[str]
    pool_size: int

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def fills(self, notebook: str) -> int:
        """How many times the pool of ``notebook`` was reported filled."""
        return self.log_text().count(f"Kernel pool of {notebook} is filled")

    def used_kernel_ids(self, notebook: str) -> list[str]:
        pattern = rf"Using pre-heated kernel: (\S+) for {re.escape(notebook)}"
        return re.findall(pattern, self.log_text())

    def kernels(self) -> dict[int, psutil.Process]:
        """Live kernel processes of this server, by pid."""
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return {}
        found = {}
        for child in children:
            try:
                if any("ipykernel_launcher" in part for part in child.cmdline()):
                    found[child.pid] = child
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return found

    def kernel_by_id(self, kernel_id: str) -> psutil.Process | None:
        for proc in self.kernels().values():
            try:
                if any(f"kernel-{kernel_id}.json" in part for part in proc.cmdline()):
                    return proc
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return None

    def url(self, notebook: str) -> str:
        return (
            f"http://{HOST}:{self.port}/voila/render/{notebook}"
            f"?lang=fr&role=facilitator&key={self.key}"
        )


def start_voila(tmp: Path, notebooks_dir: Path, workspace: Path, *, port: int, pool_size: int):
    key = secrets.token_urlsafe(9)
    command = voila_command(host=HOST, port=port, pool_size=pool_size)
    command[3] = str(notebooks_dir)
    env = voila_environment(workspace=str(workspace), key=key)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR"):
        folder = tmp / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    log = tmp / "voila.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    notebooks = sorted(p.name for p in notebooks_dir.glob("*.ipynb"))
    return Voila(process, port, key, log, notebooks, pool_size)


def stop_voila(voila: Voila) -> None:
    if voila.process.poll() is not None:
        return
    try:
        os.killpg(voila.process.pid, signal.SIGTERM)
        voila.process.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        try:
            os.killpg(voila.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        voila.process.wait(timeout=10)


def port_answers(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def cpu_seconds(procs) -> float:
    total = 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            continue
    return total


def wait_idle(voila: Voila, deadline: float, *, quiet_checks: int = 3) -> bool:
    """Wait until the kernels stop using CPU (their notebooks have run)."""
    quiet = 0
    last = cpu_seconds(voila.kernels().values())
    while time.monotonic() < deadline:
        time.sleep(0.4)
        now = cpu_seconds(voila.kernels().values())
        quiet = quiet + 1 if now - last < 0.02 else 0
        last = now
        if quiet >= quiet_checks:
            return True
    return False


def wait_ready(voila: Voila) -> float:
    """Seconds until the port answers and every pool is filled and idle."""
    started = time.monotonic()
    deadline = started + START_TIMEOUT
    while time.monotonic() < deadline:
        if voila.process.poll() is not None:
            raise RuntimeError(f"Voila exited early:\n{voila.log_text()}")
        filled = voila.pool_size == 0 or all(voila.fills(nb) >= 1 for nb in voila.notebooks)
        if filled and port_answers(voila.port):
            break
        time.sleep(0.3)
    else:
        raise RuntimeError(f"Voila did not get ready:\n{voila.log_text()}")
    if not wait_idle(voila, deadline):
        print("warning: kernels still busy after start", file=sys.stderr)
    return time.monotonic() - started


def wait_refilled(
    voila: Voila, notebook: str, fills_before: int, opened: int
) -> tuple[bool, float]:
    """After ``opened`` visits: pool refilled, used kernels gone, new kernels idle."""
    started = time.monotonic()
    deadline = started + REFILL_TIMEOUT
    expected = voila.pool_size * len(voila.notebooks)
    while time.monotonic() < deadline:
        refilled = voila.fills(notebook) >= fills_before + opened
        if refilled and len(voila.kernels()) <= expected:
            break
        time.sleep(0.25)
    else:
        return False, time.monotonic() - started
    ok = wait_idle(voila, deadline)
    return ok, time.monotonic() - started


# -- browser -----------------------------------------------------------------------------


@dataclass
class Visit:
    notebook: str
    kind: str  # "preheated", "exhausted"
    seconds: float | None = None  # navigation start -> first interactive widget
    waiting: float | None = None  # .cikit-waiting first visible
    header: float | None = None  # .cikit-header first visible
    dom_content_loaded: float | None = None
    load: float | None = None
    wall: float | None = None  # Python clock, goto() call -> widget seen
    kernel_rss_mib: float | None = None  # the page's kernel, once the view is drawn
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    refill_ok: bool | None = None
    refill_seconds: float | None = None
    error: str | None = None

    @property
    def switch(self) -> float | None:
        if self.waiting is None or self.seconds is None:
            return None
        return self.seconds - self.waiting


def watch_list(notebook: str) -> list[str]:
    return BARE_WATCH if notebook == BARE else WORKBOOK_WATCH


def target_reached(notebook: str, seen: dict) -> float | None:
    if notebook == BARE:
        return seen.get(".widget-slider")
    header, role = seen.get(".cikit-header"), seen.get(".cikit-role-facilitator")
    return None if header is None or role is None else max(header, role)


class Page:
    """A page in its own fresh browser context, with its errors collected."""

    def __init__(self, browser: Browser, voila: Voila, notebook: str, kind: str):
        self.visit = Visit(notebook, kind)
        self.voila = voila
        self.context = browser.new_context(viewport={"width": 1280, "height": 720})
        self.context.add_init_script(
            WATCH_SCRIPT % (json.dumps(watch_list(notebook)), VIEW_TIMEOUT * 1000)
        )
        self.page = self.context.new_page()
        visit = self.visit
        self.page.on(
            "console",
            lambda m: visit.console_errors.append(m.text) if m.type == "error" else None,
        )
        self.page.on("pageerror", lambda e: visit.console_errors.append(f"pageerror: {e}"))
        self.page.on(
            "requestfailed",
            lambda r: (
                visit.failed_requests.append(f"{r.url} ({r.failure})")
                if not r.url.startswith(("data:", "blob:"))
                else None
            ),
        )
        self.page.on(
            "response",
            lambda r: (
                visit.failed_requests.append(f"{r.url} HTTP {r.status}")
                if r.status >= 400
                else None
            ),
        )
        self.page.on(
            "request",
            lambda r: (
                visit.outside_requests.append(r.url)
                if not r.url.startswith((f"http://{HOST}:", "data:", "blob:", "about:"))
                else None
            ),
        )
        self.used_before = set(voila.used_kernel_ids(notebook))
        self.t0 = 0.0

    def open(self) -> None:
        self.t0 = time.monotonic()
        try:
            self.page.goto(self.voila.url(self.visit.notebook), wait_until="commit")
        except Exception as err:  # noqa: BLE001 - recorded, the benchmark goes on
            self.visit.error = f"{type(err).__name__}: {err}".splitlines()[0]

    def wait(self) -> Visit:
        visit, page = self.visit, self.page
        if visit.error:
            return visit
        try:
            page.wait_for_function(
                "() => window.__bench && window.__bench.done", timeout=VIEW_TIMEOUT * 1000 + 5000
            )
            visit.wall = time.monotonic() - self.t0
            seen = page.evaluate("() => window.__bench.seen")
            nav = page.evaluate(
                "() => { const n = performance.getEntriesByType('navigation')[0];"
                " return n ? [n.domContentLoadedEventEnd, n.loadEventEnd] : [null, null]; }"
            )
            visit.dom_content_loaded = nav[0] / 1000 if nav[0] else None
            visit.load = nav[1] / 1000 if nav[1] else None
            reached = target_reached(visit.notebook, seen)
            visit.seconds = None if reached is None else reached / 1000
            if ".cikit-waiting" in seen:
                visit.waiting = seen[".cikit-waiting"] / 1000
            if ".cikit-header" in seen:
                visit.header = seen[".cikit-header"] / 1000
            if reached is None:
                visit.error = f"view not reached in {VIEW_TIMEOUT}s; seen: {seen}"
            visit.kernel_rss_mib = self._kernel_rss()
        except Exception as err:  # noqa: BLE001 - recorded, the benchmark goes on
            visit.error = f"{type(err).__name__}: {err}".splitlines()[0]
        return visit

    def _kernel_rss(self) -> float | None:
        new = [
            k for k in self.voila.used_kernel_ids(self.visit.notebook) if k not in self.used_before
        ]
        if not new:
            return None
        proc = self.voila.kernel_by_id(new[-1])
        try:
            return proc.memory_info().rss / MIB if proc else None
        except psutil.NoSuchProcess:
            return None

    def close(self) -> None:
        # Leaving the page fires its shutdown beacon, as closing a tab does.
        try:
            self.page.goto("about:blank", timeout=10_000)
        except Exception:  # noqa: BLE001
            pass
        self.context.close()


def run_preheated(browser, voila: Voila, notebook: str, owners: dict[int, str]) -> Visit:
    before_pids = set(voila.kernels())
    fills = voila.fills(notebook)
    page = Page(browser, voila, notebook, "preheated")
    page.open()
    visit = page.wait()
    page.close()
    visit.refill_ok, visit.refill_seconds = wait_refilled(voila, notebook, fills, 1)
    for pid in set(voila.kernels()) - before_pids:
        owners[pid] = notebook
    return visit


def run_exhausted(browser, voila: Voila, notebook: str, owners: dict[int, str]) -> Visit:
    """Two pages opened together: the second finds the pool empty and waits for a kernel."""
    before_pids = set(voila.kernels())
    fills = voila.fills(notebook)
    first = Page(browser, voila, notebook, "preheated")
    second = Page(browser, voila, notebook, "exhausted")
    first.open()
    second.open()
    first.wait()
    visit = second.wait()
    first.close()
    second.close()
    visit.refill_ok, visit.refill_seconds = wait_refilled(voila, notebook, fills, 2)
    for pid in set(voila.kernels()) - before_pids:
        owners[pid] = notebook
    return visit


# -- bytes on the wire -------------------------------------------------------------------

TRANSFER_WATCH = [".cikit-header"]


@dataclass
class Transfer:
    """What one visit of a page downloads (HTTP only; the kernel websocket is not counted)."""

    visit: str  # "first" (empty cache) or "second" (same context, cache on)
    requests: int = 0
    from_cache: int = 0
    revalidated: int = 0  # answered 304 Not Modified: the body came from the cache
    encoded: int = 0  # bytes on the wire: compressed bodies and headers (encodedDataLength)
    decoded: int = 0  # bodies received from the network, after decompression (dataLength)
    seconds: float | None = None  # navigation -> .cikit-header visible
    by_url: dict[str, int] = field(default_factory=dict)
    error: str | None = None


def measure_transfer(browser: Browser, voila: Voila, notebook: str) -> list[Transfer]:
    """A phone opens a workbook's participant page twice in one browser context.

    Sizes come from Chromium's own network events (CDP ``Network.loadingFinished``
    ``encodedDataLength``: what crossed the wire, compressed, headers included), so
    a second visit counts only what the cache did not serve.
    """
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(WATCH_SCRIPT % (json.dumps(TRANSFER_WATCH), VIEW_TIMEOUT * 1000))
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    urls: dict[str, str] = {}
    current: list[Transfer] = []

    def finished(params) -> None:
        if not current:
            return
        t = current[-1]
        size = int(params.get("encodedDataLength") or 0)
        t.encoded += size
        url = urls.get(params["requestId"], "?")
        if not url.startswith("data:"):
            t.requests += 1
            t.by_url[url] = t.by_url.get(url, 0) + size

    from_cache: set[str] = set()

    def cached(params) -> None:
        if params["requestId"] not in from_cache and current:
            current[-1].from_cache += 1
        from_cache.add(params["requestId"])

    not_modified: set[str] = set()

    def response(params) -> None:
        answer = params["response"]
        if answer.get("fromDiskCache") or answer.get("fromMemoryCache"):
            if params["requestId"] not in from_cache and current:
                current[-1].from_cache += 1
            from_cache.add(params["requestId"])
        elif answer.get("status") == 304:
            not_modified.add(params["requestId"])
            if current:
                current[-1].revalidated += 1

    def data(params) -> None:
        skip = params["requestId"] in from_cache or params["requestId"] in not_modified
        if current and not skip:
            current[-1].decoded += int(params.get("dataLength") or 0)

    cdp.on(
        "Network.requestWillBeSent", lambda p: urls.__setitem__(p["requestId"], p["request"]["url"])
    )
    cdp.on("Network.requestServedFromCache", cached)
    cdp.on("Network.responseReceived", response)
    cdp.on("Network.dataReceived", data)
    cdp.on("Network.loadingFinished", finished)
    url = f"http://{HOST}:{voila.port}/voila/render/{notebook}?lang=fr"
    results = []
    try:
        for name in ("first", "second"):
            current.append(Transfer(name))
            try:
                page.goto(url, wait_until="commit", timeout=VIEW_TIMEOUT * 1000)
                page.wait_for_function(
                    "() => window.__bench && window.__bench.done", timeout=VIEW_TIMEOUT * 1000
                )
                seen = page.evaluate("() => window.__bench.seen")
                shown = seen.get(".cikit-header")
                current[-1].seconds = None if shown is None else shown / 1000
                # Chunks loaded after the first widget (fonts, lazy modules) count too.
                page.wait_for_load_state("networkidle", timeout=VIEW_TIMEOUT * 1000)
            except Exception as err:  # noqa: BLE001 - recorded, the benchmark goes on
                current[-1].error = f"{type(err).__name__}: {err}".splitlines()[0]
            results.append(current[-1])
    finally:
        try:
            page.goto("about:blank", timeout=10_000)  # the shutdown beacon, as a closed tab
        except Exception:  # noqa: BLE001
            pass
        context.close()
    return results


def report_transfer(transfers: list[Transfer], notebook: str) -> None:
    print()
    print(f"Bytes a phone downloads to open {notebook} (participant, 390 px, HTTP only):")
    for t in transfers:
        print(
            f"  {t.visit} visit: {t.encoded / 1e6:6.2f} MB on the wire"
            f" ({t.decoded / 1e6:.2f} MB once decompressed), {t.requests} requests,"
            f" {t.from_cache} from the cache, {t.revalidated} revalidated (304);"
            f" header shown after {fmt(t.seconds)} s" + (f"  ERROR {t.error}" if t.error else "")
        )
    if transfers:
        largest = sorted(transfers[0].by_url.items(), key=lambda kv: -kv[1])[:6]
        print("  largest on the first visit:")
        for url, size in largest:
            print(f"    {size / 1e3:8.0f} kB  {re.sub(r'[?].*', '', url)[-90:]}")


# -- report ------------------------------------------------------------------------------


def fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def summary(values: list[float]) -> dict:
    if not values:
        return {"n": 0, "median": None, "min": None, "max": None}
    return {
        "n": len(values),
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
    }


def report(result: dict) -> None:
    rows = result["notebooks"]
    bare = rows.get(BARE, {}).get("seconds", {}).get("median")
    print()
    print(
        f"Seconds from navigation start to first interactive widget "
        f"(preheated kernel, pool size {result['pool_size']}, {result['runs']} runs each)"
    )
    header = (
        f"{'notebook':<22} {'median':>7} {'min':>7} {'max':>7} {'x bare':>7}"
        f" {'waiting':>8} {'switch':>7} {'DCL':>6} {'exhaust.':>9} {'kernel MiB':>11}"
    )
    print(header)
    print("-" * len(header))
    for name, row in rows.items():
        s = row["seconds"]
        ratio = s["median"] / bare if s["median"] is not None and bare else None
        print(
            f"{name:<22} {fmt(s['median']):>7} {fmt(s['min']):>7} {fmt(s['max']):>7}"
            f" {fmt(ratio):>7} {fmt(row['waiting']['median']):>8}"
            f" {fmt(row['switch']['median']):>7} {fmt(row['dom_content_loaded']['median']):>6}"
            f" {fmt(row['exhausted_seconds']):>9} {fmt(row['kernel_in_use_rss_mib']['median'], 0):>11}"
        )
    print(
        "waiting: .cikit-waiting first visible; switch: waiting -> full facilitator view;\n"
        "DCL: DOMContentLoaded; exhaust.: second of two pages opened together (pool empty);\n"
        "kernel MiB: RSS of the page's kernel once its view is drawn (median)."
    )
    mem = result["kernels_idle"]
    print()
    print(f"Live kernels after the runs (pools filled, notebooks executed): {len(mem['kernels'])}")
    for k in mem["kernels"]:
        print(
            f"  pid {k['pid']:>7}  {k['notebook']:<22} RSS {k['rss_mib']:7.1f} MiB"
            f"  USS {fmt(k['uss_mib'], 1):>7} MiB"
        )
    r = mem["rss_mib"]
    print(
        f"  RSS MiB  min {fmt(r['min'], 1)}  median {fmt(r['median'], 1)}  max {fmt(r['max'], 1)}"
    )
    print(f"  Voila server RSS: {fmt(result['voila_rss_mib'], 1)} MiB")
    print(f"  Voila ready (port + pools filled + idle) after {result['startup_seconds']:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="visits per notebook (default 5)")
    parser.add_argument("--port", type=int, default=0, help="Voila port (default: a free one)")
    parser.add_argument("--pool-size", type=int, default=1, help="preheated kernels per notebook")
    parser.add_argument("--out", type=Path, help="also write the results to this JSON file")
    parser.add_argument(
        "--no-exhausted", action="store_true", help="skip the visit with the pool exhausted"
    )
    parser.add_argument("--keep-log", type=Path, help="copy the Voila log here")
    parser.add_argument(
        "--transfer-notebook",
        default="01_preconditions.ipynb",
        help="workbook whose first and second visits are weighed (default 01_preconditions)",
    )
    parser.add_argument(
        "--transfer-only", action="store_true", help="only weigh the two visits, skip the timings"
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.pool_size < 1:
        parser.error("--runs and --pool-size must be at least 1")
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing")

    with tempfile.TemporaryDirectory(prefix="cikit-bench-") as tmpname:
        tmp = Path(tmpname)
        workspace = tmp / "demo.cikit"
        write_demo(workspace).close()
        notebooks_dir = tmp / "workbooks"
        shutil.copytree(workbooks_dir(), notebooks_dir)
        bare = nbformat.v4.new_notebook()
        bare.cells.append(
            nbformat.v4.new_code_cell('import ipywidgets as w\nw.IntSlider(description="x")')
        )
        bare.metadata["kernelspec"] = {
            "display_name": "Python 3",
            "language": "python",
            "name": "python3",
        }
        nbformat.write(bare, notebooks_dir / BARE)

        port = args.port or free_port()
        voila = start_voila(tmp, notebooks_dir, workspace, port=port, pool_size=args.pool_size)
        try:
            print(f"Voila on http://{HOST}:{port}/ serving {len(voila.notebooks)} notebooks ...")
            startup = wait_ready(voila)
            visits: list[Visit] = []
            owners: dict[int, str] = {}
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    fills = voila.fills(args.transfer_notebook)
                    transfers = measure_transfer(browser, voila, args.transfer_notebook)
                    report_transfer(transfers, args.transfer_notebook)
                    wait_refilled(voila, args.transfer_notebook, fills, len(transfers))
                    if args.transfer_only:
                        if args.out:
                            args.out.write_text(
                                json.dumps([t.__dict__ for t in transfers], indent=2),
                                encoding="utf-8",
                            )
                        return 1 if any(t.error for t in transfers) else 0
                    # One visit not counted: first requests warm the server's caches.
                    run_preheated(browser, voila, BARE, owners)
                    for notebook in voila.notebooks:
                        for i in range(args.runs):
                            if voila.process.poll() is not None:
                                break
                            visit = run_preheated(browser, voila, notebook, owners)
                            visits.append(visit)
                            print(
                                f"  {notebook} run {i + 1}: {fmt(visit.seconds)} s"
                                f" (waiting {fmt(visit.waiting)}, switch {fmt(visit.switch)},"
                                f" refill {fmt(visit.refill_seconds, 1)} s)"
                                + (f"  ERROR {visit.error}" if visit.error else ""),
                                flush=True,
                            )
                        if not args.no_exhausted and voila.process.poll() is None:
                            visit = run_exhausted(browser, voila, notebook, owners)
                            visits.append(visit)
                            print(
                                f"  {notebook} pool exhausted: {fmt(visit.seconds)} s"
                                + (f"  ERROR {visit.error}" if visit.error else ""),
                                flush=True,
                            )
                finally:
                    browser.close()

            kernels = []
            for pid, proc in sorted(voila.kernels().items()):
                try:
                    info = proc.memory_full_info()
                    rss, uss = info.rss / MIB, info.uss / MIB
                except psutil.AccessDenied:
                    rss, uss = proc.memory_info().rss / MIB, None
                except psutil.NoSuchProcess:
                    continue
                kernels.append(
                    {"pid": pid, "notebook": owners.get(pid, "?"), "rss_mib": rss, "uss_mib": uss}
                )
            try:
                voila_rss = psutil.Process(voila.process.pid).memory_info().rss / MIB
            except psutil.NoSuchProcess:
                voila_rss = None

            rows = {}
            for notebook in voila.notebooks:
                mine = [v for v in visits if v.notebook == notebook and v.kind == "preheated"]
                ok = [v for v in mine if v.seconds is not None]
                exhausted = [v for v in visits if v.notebook == notebook and v.kind == "exhausted"]
                rows[notebook] = {
                    "seconds": summary([v.seconds for v in ok]),
                    "waiting": summary([v.waiting for v in ok if v.waiting is not None]),
                    "switch": summary([v.switch for v in ok if v.switch is not None]),
                    "dom_content_loaded": summary(
                        [v.dom_content_loaded for v in ok if v.dom_content_loaded is not None]
                    ),
                    "kernel_in_use_rss_mib": summary(
                        [v.kernel_rss_mib for v in ok if v.kernel_rss_mib is not None]
                    ),
                    "exhausted_seconds": exhausted[0].seconds if exhausted else None,
                    "errors": len(mine) - len(ok),
                }
            console = Counter(e for v in visits for e in v.console_errors)
            failed = Counter(e for v in visits for e in v.failed_requests)
            outside = sorted({u for v in visits for u in v.outside_requests})
            log = voila.log_text()
            log_problems = Counter(
                re.sub(r"^\[[^]]*\]\s*", "", line).strip()
                for line in log.splitlines()
                if re.search(r"\[(E|W|C) |Traceback|ERROR|WARNING|CRITICAL", line)
            )
            died = voila.process.poll()
            result = {
                "runs": args.runs,
                "pool_size": args.pool_size,
                "startup_seconds": startup,
                "notebooks": rows,
                "kernels_idle": {
                    "kernels": kernels,
                    "rss_mib": summary([k["rss_mib"] for k in kernels]),
                },
                "voila_rss_mib": voila_rss,
                "console_errors": dict(console),
                "failed_requests": dict(failed),
                "outside_requests": outside,
                "voila_log_problems": dict(log_problems),
                "voila_exit_code": died,
                "visits": [{**v.__dict__, "switch": v.switch} for v in visits],
                "transfer": [t.__dict__ for t in transfers],
            }
            report(result)
            report_transfer(transfers, args.transfer_notebook)
            print()
            print(f"Browser console errors ({sum(console.values())} in {len(visits)} visits):")
            for text, count in console.most_common():
                print(f"  {count:>3} x {text[:300]}")
            print(f"Failed requests: {sum(failed.values())}")
            for text, count in failed.most_common():
                print(f"  {count:>3} x {text[:300]}")
            print(f"Requests to other hosts than {HOST}: {outside or 'none'}")
            print(f"Voila log warnings/errors: {sum(log_problems.values())}")
            for line, count in log_problems.most_common(30):
                print(f"  {count:>3} x {line[:300]}")
            if died is not None:
                print(f"VOILA EXITED DURING THE RUNS (code {died}); log tail:")
                for line in log.splitlines()[-40:]:
                    print(f"  {line[:300]}")
            slow = [v for v in visits if not v.refill_ok]
            if slow:
                print(f"Pool not refilled/idle within {REFILL_TIMEOUT}s after {len(slow)} visit(s)")
            if args.out:
                args.out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
                print(f"Wrote {args.out}")
            failed_visits = [v for v in visits if v.error]
            if died is not None or failed_visits:
                return 1
        finally:
            stop_voila(voila)
            if args.keep_log:
                shutil.copy(voila.log, args.keep_log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
