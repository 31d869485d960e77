"""Importing activities from a CSV or Excel file: template, check, report, confirm.

Nothing is written until the facilitator confirms, and then in one
transaction; the report says per reason and per line what was rejected.
"""

from __future__ import annotations

import base64
import html
from typing import TYPE_CHECKING

import ipywidgets as ipw

from cikit.analysis.activites.imports import HEADERS, parse_activities, template
from cikit.analysis.imports.table import ImportFileError, read_table
from cikit.apps.activites.checks import problem_text
from cikit.apps.gate import facilitator_only
from cikit.components.messages import MessageArea
from cikit.components.upload import EXCEL_TOO_LARGE, file_chooser
from cikit.errors import CikitError
from cikit.limits import size_refusal

if TYPE_CHECKING:
    import pandas as pd

    from cikit.analysis.activites.references import References
    from cikit.apps.activites.declare import DeclarationRound

SHOWN_PROBLEMS = 40


class ActivityImportPanel:
    """The import part of the facilitator's step 1 (a helper of :class:`DeclarationRound`;
    the gate finds the page through ``.page``)."""

    def __init__(self, step: DeclarationRound, refs: References) -> None:
        self.step, self.page, self.refs = step, step.page, refs
        self.tr = tr = step.tr
        self.pending: list[dict] | None = None
        sep = ";" if step.lang == "fr" else ","
        csv = template(step.lang, refs).to_csv(index=False, sep=sep)
        encoded = base64.b64encode(("\ufeff" + csv).encode("utf-8")).decode("ascii")
        name = "modele-activites.csv" if step.lang == "fr" else "activities-template.csv"
        link = (
            f'<a class="cikit-download" download="{name}" '
            f'href="data:text/csv;charset=utf-8;base64,{encoded}">'
            + html.escape(tr("Download the template (CSV)"))
            + "</a>"
        )
        intro = tr(
            "Import many activities at once from a CSV or Excel file with the template's "
            "columns (French or English headers). Strategies may be given by their number, "
            "several indicators, populations or territories separated by « ; ». Every line is "
            "checked first; nothing is written until you confirm."
        )
        self.upload = file_chooser(tr, step.lang, accept=".csv,.xlsx,.txt",
                                   description=tr("Choose a file"))  # fmt: skip
        self.upload.add_class("cikit-upload")
        self.upload.observe(step.page.guarded(self._on_upload), names="value")
        self.report = ipw.HTML()
        self.report.add_class("cikit-import-report")
        self.confirm = ipw.Button(description=tr("Import the valid rows"), button_style="primary",
                                  disabled=True)  # fmt: skip
        self.confirm.add_class("cikit-confirm-import")
        self.confirm.on_click(step.page.guarded(self._confirm))
        self.cancel = ipw.Button(description=tr("Cancel"), disabled=True)
        self.cancel.on_click(step.page.guarded(self._cancel))
        self.status = MessageArea()
        buttons = ipw.HBox([self.confirm, self.cancel])
        buttons.add_class("cikit-buttons")
        self.widget = ipw.VBox([
            ipw.HTML(f'<p class="cikit-hint">{html.escape(intro)}</p><p>{link}</p>'),
            self.upload, self.report, buttons, self.status,
        ])  # fmt: skip

    @facilitator_only
    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        data = bytes(upload.get("content", b"")) if isinstance(upload, dict) else b""
        name = str(upload.get("name", "")) if isinstance(upload, dict) else ""
        self.upload.value = ()
        self.check(data, name)

    @facilitator_only
    def check(self, data: bytes, name: str) -> None:
        """Read and check a file; show the report and wait for the facilitator's word."""
        tr = self.tr
        self.pending = None
        self.confirm.disabled = self.cancel.disabled = True
        self.report.value = ""
        refusal = size_refusal(tr, len(data))
        if refusal:
            self.status.show(refusal, "error")
            return
        self.status.show(tr("Reading and checking the file…"), "info")
        try:
            raw = read_table(data, name)
        except ImportFileError as err:
            messages = {
                "empty": tr("The file is empty."),
                "too_many_rows": tr("The file has too many rows (at most 200,000)."),
                "too_large": tr(EXCEL_TOO_LARGE),
            }
            self.status.show(messages.get(err.reason, tr(
                "This file cannot be read: save it as CSV (UTF-8) or Excel (.xlsx).")), "error")  # fmt: skip
            return
        valid, problems = parse_activities(raw, self.refs)
        self.report.value = self._report(valid, problems)
        if not valid:
            self.status.show(tr("No valid row to import."), "error")
            return
        self.pending = valid
        self.confirm.description = tr("Import the {count} valid rows").format(count=len(valid))
        self.confirm.disabled = self.cancel.disabled = False
        self.status.show(tr("Check the report, then confirm the import."), "info")

    def _line(self, problem: pd.Series) -> str:
        tr = self.tr
        column = HEADERS.get(self.step.lang, HEADERS["fr"]).get(problem["column"], "—")
        return tr("Line {line}, {column} « {value} »: {reason}").format(
            line=int(problem["line"]),
            column=column,
            value=str(problem["value"])[:80],
            reason=problem_text(tr, problem["reason"], problem["value"]),
        )

    def _report(self, valid: list[dict], problems: pd.DataFrame) -> str:
        tr = self.tr
        rejected = int(problems["line"].nunique()) if not problems.empty else 0
        summary = tr("{total} rows read: {valid} valid, {rejected} rejected.").format(
            total=len(valid) + rejected, valid=len(valid), rejected=rejected
        )
        parts = [f'<p class="cikit-import-summary"><strong>{html.escape(summary)}</strong></p>']
        if not problems.empty:
            first = problems.drop_duplicates("reason")
            counts = problems["reason"].value_counts()
            items = "".join(
                f"<li>{html.escape(self._line(p))}"
                + (" " + html.escape(tr("(and {count} more like it)").format(
                    count=int(counts[p['reason']]) - 1)) if counts[p["reason"]] > 1 else "")
                + "</li>"
                for _, p in first.iterrows()
            )  # fmt: skip
            parts.append("<p>" + html.escape(tr("What was rejected, and why:")) +
                         f"</p><ul>{items}</ul>")  # fmt: skip
            lines = "".join(f"<li>{html.escape(self._line(p))}</li>"
                            for _, p in problems.head(SHOWN_PROBLEMS).iterrows())  # fmt: skip
            parts.append(
                "<details><summary>"
                + html.escape(tr("Every problem, line by line ({count})").format(
                    count=len(problems)))
                + f"</summary><ul>{lines}</ul></details>"
            )  # fmt: skip
        return "".join(parts)

    @facilitator_only
    def _confirm(self, _button=None) -> None:
        tr = self.tr
        if not self.pending:
            return
        rows = [{k: v for k, v in row.items() if k != "line"} for row in self.pending]
        try:
            count = self.step.workspace.add_activities(rows, source="import")
        except CikitError as err:
            self.status.show(err.render(tr), "error")
            return
        self.pending = None
        self.step.redraw()
        self.step.status.show(tr("{count} activities imported.").format(count=count), "success")

    @facilitator_only
    def _cancel(self, _button=None) -> None:
        self.pending = None
        self.report.value = ""
        self.confirm.disabled = self.cancel.disabled = True
        self.status.show(self.tr("Import cancelled: nothing was written."), "info")
