"""The Shared measurement data step's import panel: template, Statistics Canada or ISQ table.

The file's layout is recognised on its own.  A statistical table's values go to
the indicator shown above the panel; when the table holds several places, several
series or (zipped) several tables, the panel asks which, with a menu of what the
file holds, and checks again.  The report lists what would be kept, skipped and
rejected, line by line; nothing is written until the facilitator confirms (the
step's :meth:`~cikit.apps.mesure_commune.data.DataStep._confirm_import` writes, in
one transaction).
"""

from __future__ import annotations

import base64
import html
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

import ipywidgets as ipw

from cikit.analysis.imports import Choice, ImportFileError, ImportReport, check_file
from cikit.analysis.imports import describe as words
from cikit.analysis.imports.report import KEPT, REJECTED, SKIPPED
from cikit.analysis.imports.template import template
from cikit.apps.gate import facilitator_only
from cikit.components.messages import MessageArea
from cikit.components.upload import file_chooser
from cikit.limits import size_refusal
from cikit.measurement_import import known_names

if TYPE_CHECKING:
    from cikit.apps.mesure_commune.data import DataStep

SHOWN_PROBLEMS = 40
SHOWN_LINES = 200
QUESTIONS = ("several_tables", "several_geos", "geo_ambiguous", "mixed_series")
"""File problems the panel turns into a question with a menu."""


class MeasurementImportPanel:
    """Upload, questions, report and confirmation (a helper of :class:`DataStep`)."""

    def __init__(self, step: DataStep) -> None:
        # ``page``: the gate asks it for the role when an action runs.
        self.step, self.page, self.tr = step, step.page, step.tr
        tr = self.tr
        self._file: tuple[bytes, str] | None = None
        self._choice = Choice()
        sep = ";" if step.lang == "fr" else ","
        csv = template(step.lang).to_csv(index=False, sep=sep)
        encoded = base64.b64encode(("\ufeff" + csv).encode("utf-8")).decode("ascii")
        name = "modele-mesures.csv" if step.lang == "fr" else "measurements-template.csv"
        link = (
            f'<a class="cikit-download" download="{name}" '
            f'href="data:text/csv;charset=utf-8;base64,{encoded}">'
            + html.escape(tr("Download the template (CSV)"))
            + "</a>"
        )
        intro = tr(
            "Import many values at once from a CSV or Excel file with the columns of the "
            "template (indicator, period, value, partner, breakdown, group; French or English "
            "headers). Every row is checked first; nothing is written until you confirm."
        )
        tables = tr(
            "A table as downloaded from Statistics Canada (CSV, zipped or not, French or "
            "English) or from the Institut de la statistique du Québec (title rows, notes, "
            "French numbers) is read too: its values go to the indicator chosen above, and "
            "the panel asks which place or series to take when the table holds several."
        )
        # The size is checked in the browser first (one limit: cikit.limits), so a large
        # file is refused with a message instead of dropping the page's connection.
        self.upload = file_chooser(
            tr, step.lang, accept=".csv,.xlsx,.txt,.zip", description=tr("Choose a file")
        )
        self.upload.add_class("cikit-upload")
        self.upload.observe(self.page.guarded(self._on_upload), names="value")
        self.questions = ipw.VBox()
        self.questions.add_class("cikit-import-questions")
        self.report = ipw.HTML()
        self.report.add_class("cikit-import-report")
        self.confirm = ipw.Button(description=tr("Import the valid rows"), button_style="primary",
                                  disabled=True)  # fmt: skip
        self.confirm.add_class("cikit-confirm-import")
        self.cancel = ipw.Button(description=tr("Cancel"), disabled=True)
        self.status = MessageArea()
        buttons = ipw.HBox([self.confirm, self.cancel])
        buttons.add_class("cikit-buttons")
        self.widgets: list[ipw.Widget] = [
            ipw.HTML(
                "<h3>" + html.escape(tr("Import a file")) + "</h3>"
                f'<p class="cikit-hint">{html.escape(intro)}</p>'
                f'<p class="cikit-hint">{html.escape(tables)}</p><p>{link}</p>'
            ),
            self.upload, self.questions, self.report, buttons, self.status,
        ]  # fmt: skip

    # -- reading -------------------------------------------------------------------------------

    @facilitator_only
    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        data = bytes(upload.get("content", b"")) if isinstance(upload, dict) else b""
        name = str(upload.get("name", "")) if isinstance(upload, dict) else ""
        # Forget the file in the widget, so choosing the same file again is a new upload.
        self.upload.value = ()
        self._file = (data, name)
        self._choice = Choice(indicator=self.step.shown_indicator, only_indicator=False)
        self.questions.children = ()
        self.check()

    def reset(self) -> None:
        """Forget the file and the choices (after a cancel or an import)."""
        self._file = None
        self._choice = Choice()
        self.questions.children = ()

    def check(self) -> None:
        """Read and check the file with the choices made; show the report or the next question."""
        tr, step = self.tr, self.step
        step._pending_import = None
        self.confirm.disabled = self.cancel.disabled = True
        self.confirm.description = tr("Import the valid rows")
        self.report.value = ""
        if self._file is None:
            return
        data, name = self._file
        refusal = size_refusal(tr, len(data))
        if refusal:
            self.status.show(refusal, "error")
            return
        # A large file takes seconds: say so while it is read (the message reaches the
        # page at once, before the check ends).
        self.status.show(tr("Reading and checking the file…"), "info")
        try:
            report = check_file(data, name, choice=self._choice, **known_names(step.workspace))
        except ImportFileError as err:
            if err.reason in QUESTIONS and err.values:
                self._ask(err)
                self.cancel.disabled = False
            else:
                self.status.show(words.file_error(tr, err), "error")
            return
        self.report.value = self._report_html(report)
        if report.valid.empty:
            self.status.show(tr("No valid row to import."), "error")
            self.cancel.disabled = False
            return
        step._pending_import = report.valid
        self.confirm.description = tr("Import the {count} valid rows").format(count=report.kept)
        self.confirm.disabled = self.cancel.disabled = False
        self.status.show(tr("Check the report, then confirm the import."), "info")

    def _ask(self, err: ImportFileError) -> None:
        """A menu of what the file holds, for the choice it needs; checks again once chosen."""
        tr = self.tr
        labels = {
            "several_tables": tr("Which table of the zip?"),
            "several_geos": tr("Which place?"),
            "geo_ambiguous": tr("Which place?"),
            "mixed_series": tr("Which « {column} »?").format(column=err.column),
        }
        menu = ipw.Dropdown(options=[(tr("Choose…"), ""), *[(str(v), str(v)) for v in err.values]],
                            value="", layout=ipw.Layout(width="auto", max_width="100%"))  # fmt: skip
        menu.add_class("cikit-import-choice")
        question = ipw.HTML(f"<p><strong>{html.escape(labels[err.reason])}</strong></p>")
        self.questions.children = (*self.questions.children, question, menu)
        self.status.show(words.file_error(tr, err), "info")

        def chosen(change) -> None:
            value = change["new"]
            if not isinstance(value, str) or value not in {str(v) for v in err.values}:
                return
            menu.disabled = True
            choice = self._choice
            if err.reason == "several_tables":
                choice = replace(choice, member=value)
            elif err.reason in ("several_geos", "geo_ambiguous"):
                choice = replace(choice, geo=(value,))
            else:
                choice = replace(choice, filters=(*choice.filters, (err.column, value)))
            self._choice = choice
            self.check()

        menu.observe(self.page.guarded(chosen), names="value")

    # -- the report ------------------------------------------------------------------------------

    def _report_html(self, report: ImportReport) -> str:
        tr = self.tr
        counts = html.escape(words.counts(tr, report))
        parts = [f'<p class="cikit-import-summary"><strong>{counts}</strong></p>']
        parts += [f'<p class="cikit-hint">{html.escape(t)}</p>'
                  for t in (*words.source(tr, report), *words.aside(tr, report))]  # fmt: skip
        texts = words.per_line(tr, report, limit=None if len(report.lines) <= 5000 else 5000)
        rows = report.lines.head(len(texts)).to_dict("records")
        for outcome, heading in ((REJECTED, tr("What was rejected, and why:")),
                                 (SKIPPED, tr("What was skipped, and why:"))):  # fmt: skip
            found = [(r, t) for r, t in zip(rows, texts, strict=True) if r["outcome"] == outcome]
            if not found:
                continue
            by_reason = Counter(r["reason"] for r, _ in found)
            firsts = {}
            for r, t in found:
                firsts.setdefault(r["reason"], t)
            items = "".join(
                f"<li>{html.escape(text)}"
                + (" " + html.escape(tr("(and {count} more like it)").format(
                    count=by_reason[reason] - 1)) if by_reason[reason] > 1 else "")
                + "</li>"
                for reason, text in firsts.items()
            )  # fmt: skip
            parts.append(f"<p>{html.escape(heading)}</p><ul>{items}</ul>")
        problems = [t for r, t in zip(rows, texts, strict=True) if r["outcome"] == REJECTED]
        if problems:
            lines = "".join(f"<li>{html.escape(t)}</li>" for t in problems[:SHOWN_PROBLEMS])
            parts.append(
                "<details><summary>"
                + html.escape(tr("Every problem, line by line ({count})").format(
                    count=len(problems)))
                + f"</summary><ul>{lines}</ul></details>"
            )  # fmt: skip
        if report.format != "template" and texts:
            lines = "".join(f"<li>{html.escape(t)}</li>" for t in texts[:SHOWN_LINES])
            more = len(report.lines) - SHOWN_LINES
            if more > 0:
                lines += "<li>" + html.escape(tr("… and {count} more lines.").format(
                    count=more)) + "</li>"  # fmt: skip
            kept = sum(1 for r in rows if r["outcome"] == KEPT)
            parts.append(
                "<details><summary>"
                + html.escape(tr("Every line, one by one ({count} to import)").format(count=kept))
                + f"</summary><ul>{lines}</ul></details>"
            )
        if report.notes:
            notes = "".join(f"<li>{html.escape(n)}</li>" for n in report.notes[:20])
            parts.append(
                "<details><summary>" + html.escape(tr("Notes below the table")) +
                f"</summary><ul>{notes}</ul></details>"
            )  # fmt: skip
        return "".join(parts)
