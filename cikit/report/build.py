"""Build the report: a notebook executed by nbconvert against a workspace, rendered to HTML.

The notebook has one cell for the cover and one per workbook; nbconvert's
ExecutePreprocessor runs it in a fresh kernel with ``CIKIT_WORKSPACE`` set, and
the cikit template (``templates/nbconvert/cikit_report``) keeps only the
outputs: no code, no widget JavaScript, no MathJax, nothing from a CDN.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import ExecutePreprocessor

from cikit.errors import N_, CikitError
from cikit.paths import checkout_templates
from cikit.report.document import report_workbooks

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, workbook_id)`` while the report is built."""

TEMPLATE = "cikit_report"
TIMEOUT = 300


class ReportError(CikitError):
    """The report could not be built."""


def report_notebook(lang: str, title: str = "cikit") -> nbformat.NotebookNode:
    """The notebook that, once executed, holds the report's HTML as cell outputs."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["cikit"] = {"lang": lang, "title": title}
    nb.cells.append(nbformat.v4.new_code_cell(
        f"from cikit.report.document import show_cover, show_section\nshow_cover({lang!r})"
    ))  # fmt: skip
    for workbook_id in report_workbooks():
        nb.cells.append(nbformat.v4.new_code_cell(f"show_section({workbook_id!r}, {lang!r})"))
    return nb


@contextmanager
def _environment(location: str):
    saved = os.environ.get("CIKIT_WORKSPACE")
    os.environ["CIKIT_WORKSPACE"] = location
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("CIKIT_WORKSPACE", None)
        else:
            os.environ["CIKIT_WORKSPACE"] = saved


def build_html(location: str | Path, lang: str, *, progress: Progress | None = None) -> str:
    """The report for the workspace at ``location`` as one self-contained HTML page."""
    from cikit.i18n import Translator
    from cikit.store import open_workspace

    with open_workspace(location) as ws:
        name = ws.profile().get("name") or "cikit"
    nb = report_notebook(lang, f"{name} — {Translator(lang)('Report')}")
    ids = ["cover", *report_workbooks()]
    total = len(nb.cells)

    def executed(cell, cell_index, **_kwargs) -> None:
        if progress:
            progress(cell_index + 1, total, ids[cell_index])

    if progress:
        progress(0, total, "kernel")
    executor = ExecutePreprocessor(
        timeout=TIMEOUT,
        kernel_name="python3",
        on_cell_executed=executed,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    with _environment(str(location)):
        try:
            executor.preprocess(nb, {"metadata": {"path": str(Path.cwd())}})
        except Exception as err:  # a kernel that dies or a cell error: one message
            raise ReportError(
                N_("The report could not be built: {reason}"),
                reason=str(err).strip().splitlines()[-1][:200]
                if str(err).strip()
                else type(err).__name__,
            ) from err
    exporter = HTMLExporter(
        template_name=TEMPLATE,
        # From a checkout; a wheel installs the template where nbconvert looks anyway.
        extra_template_basedirs=[str(t / "nbconvert") for t in [checkout_templates()] if t],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _resources = exporter.from_notebook_node(nb)
    return body
