"""Print the report's HTML to PDF with the system Chromium, through Playwright.

nbconvert's webpdf exporter wants a Chromium of its own (downloaded); cikit
uses Debian's ``/usr/bin/chromium`` instead (``CIKIT_CHROMIUM`` to point
elsewhere).  The page is loaded with every network request refused, so a
report that tried to fetch something would show it, not silently work online.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cikit.errors import N_, CikitError

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAPERS = {"a4": "A4", "letter": "Letter"}


class PdfError(CikitError):
    """The PDF could not be printed."""


def html_to_pdf(html: str, *, paper: str = "a4") -> bytes:
    """The HTML printed to PDF on A4 or Letter paper, margins 15 mm, backgrounds kept.

    Playwright's sync API refuses to run in a thread with a running asyncio loop,
    which is where a widget callback runs in a Jupyter kernel (and where another
    Playwright session may already be): the PDF is always printed from a worker
    thread of its own, and the caller waits for the file.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print, html, paper).result()


PDF_EXTRA = N_(
    'Printing a PDF needs Playwright, which cikit\'s "pdf" extra installs: '
    'pip install "cikit[pdf]". The HTML report needs nothing more.'
)


def require_playwright() -> None:
    """Refuse at once, naming the extra to install, when Playwright is missing (before a
    report is built for nothing)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as err:
        raise PdfError(PDF_EXTRA) from err


def _print(html: str, paper: str) -> bytes:
    require_playwright()
    from playwright.sync_api import Error, sync_playwright

    executable = os.environ.get("CIKIT_CHROMIUM", CHROMIUM)
    if not Path(executable).exists():
        raise PdfError(N_("Chromium is needed to print a PDF and was not found at {path}."),
                       path=executable)  # fmt: skip
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: route.abort())
                page.set_content(html, wait_until="load")
                page.emulate_media(media="print")
                return page.pdf(
                    format=PAPERS.get(paper, "A4"),
                    print_background=True,
                    margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"},
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=(
                        '<div style="font-size:8px;width:100%;text-align:center;color:#52606d">'
                        '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
                    ),
                )
            finally:
                browser.close()
    except Error as err:
        raise PdfError(N_("The PDF could not be printed: {reason}"),
                       reason=str(err).splitlines()[0][:200]) from err  # fmt: skip
