"""The facilitator's panel of the overview: the report, the data, a backup and a restore.

Built on the facilitator's page only; every action goes through the gate, checked
when it runs.  What each action needs (nbconvert and Chromium for the report,
openpyxl for Excel, the backup code) is imported when the button is pressed.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from cikit.apps.gate import facilitator_only
from cikit.components.download import Download
from cikit.components.messages import MessageArea
from cikit.components.upload import file_chooser
from cikit.errors import N_, CikitError
from cikit.i18n import Translator
from cikit.limits import size_refusal
from cikit.report.render_html import esc

if TYPE_CHECKING:
    from cikit.apps.bilan.overview import OverviewStep

FORMATS = (
    ("html", N_("Report (HTML)")),
    ("pdf-a4", N_("Report (PDF, A4)")),
    ("pdf-letter", N_("Report (PDF, Letter)")),
    ("xlsx", N_("Data (Excel)")),
)
MIME = {
    "html": "text/html",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def filename(kind: str, lang: str, suffix: str) -> str:
    """``cikit-rapport-fr-2026-03-01.html``, ``cikit-data-…xlsx``, ``cikit-backup-…zip``."""
    stamp = dt.date.today().isoformat()
    if kind == "report":
        base = {"fr": "rapport", "en": "report"}[lang]
        return f"cikit-{base}-{lang}-{stamp}.{suffix}"
    return f"cikit-{kind}-{stamp}.{suffix}"


class ExportPanel:
    """Exports and backups: its widgets (:meth:`build`) and its gated actions."""

    def __init__(self, step: OverviewStep) -> None:
        self.step = step
        self.page = step.page  # the gate asks the page for the role
        self._pending_restore: bytes | None = None
        self.download: Download | None = None

    @property
    def workspace(self):
        return self.step.workspace

    @property
    def tr(self) -> Translator:
        return self.step.tr

    def build(self) -> list[ipw.Widget]:
        tr = self.tr
        lang = self.step.lang
        self._pending_restore = None  # a new upload field: nothing checked on screen yet
        self.download = Download()
        self.export_lang = ipw.Dropdown(
            options=[(tr("French"), "fr"), (tr("English"), "en")],
            value=lang,
            description=tr("Language"),
            layout=ipw.Layout(width="auto"),
        )
        self.export_lang.add_class("cikit-export-lang")
        self.export_format = ipw.Dropdown(
            options=[(tr(label), key) for key, label in FORMATS],
            value="html",
            description=tr("Format"),
            layout=ipw.Layout(width="auto"),
        )
        self.export_format.add_class("cikit-export-format")
        self.export_button = ipw.Button(description=tr("Export"), button_style="primary",
                                        icon="download")  # fmt: skip
        self.export_button.add_class("cikit-export")
        self.export_button.on_click(self.page.guarded(self._export))
        self.progress = ipw.IntProgress(value=0, min=0, max=1, layout=ipw.Layout(width="100%",
                                        max_width="420px", display="none"))  # fmt: skip
        self.progress_text = ipw.HTML()
        self.progress_text.add_class("cikit-ov-progress")
        self.export_message = MessageArea()
        self.backup_button = ipw.Button(description=tr("Download a backup"), icon="archive",
                                        layout=ipw.Layout(width="auto"))  # fmt: skip
        self.backup_button.add_class("cikit-backup")
        self.backup_button.on_click(self.page.guarded(self._backup))
        self.restore_upload = file_chooser(tr, lang, accept=".zip",
                                           description=tr("Restore a backup"))  # fmt: skip
        self.restore_upload.add_class("cikit-restore-upload")
        self.restore_upload.observe(self.page.guarded(self._on_restore_upload), names="value")
        self.restore_confirm = ipw.Button(
            description=tr("Replace everything with this backup"), button_style="danger",
            disabled=True,
        )  # fmt: skip
        self.restore_confirm.add_class("cikit-restore-confirm")
        self.restore_confirm.layout.display = "none"  # shown once an uploaded backup is checked
        self.restore_confirm.on_click(self.page.guarded(self._restore))
        self.backup_message = MessageArea()
        intro = tr(
            "The report gathers each workbook's adopted decisions and group results, with a "
            "cover page and a table of contents. It takes a few seconds to build."
        )
        keep = tr(
            "A backup holds every table of the workspace in one zip file. On Binder nothing is "
            "kept after the session ends: download a backup before you leave, and restore it "
            "next time."
        )
        controls = ipw.HBox([self.export_lang, self.export_format, self.export_button])
        controls.add_class("cikit-ov-controls")
        backup_row = ipw.HBox([self.backup_button, self.restore_upload, self.restore_confirm])
        backup_row.add_class("cikit-ov-controls")
        return [
            ipw.HTML(
                "<h2>" + esc(tr("Report and data")) + f'</h2><p class="cikit-hint">{esc(intro)}</p>'
            ),  # fmt: skip
            controls,
            self.progress,
            self.progress_text,
            self.export_message,
            ipw.HTML("<h3>" + esc(tr("Backup")) + f'</h3><p class="cikit-hint">{esc(keep)}</p>'),
            backup_row,
            self.backup_message,
            self.download,
        ]

    def _show_progress(self, done: int, total: int, _step: str) -> None:
        self.progress.max = max(total, 1)
        self.progress.value = done
        self.progress.layout.display = None
        text = self.tr("Building the report… {done}/{total}").format(done=done, total=total)
        self.progress_text.value = f'<span role="status">{html.escape(text)}</span>'

    @facilitator_only
    def _export(self, _button=None) -> None:
        tr = self.tr
        lang = self.export_lang.value if self.export_lang.value in ("fr", "en") else self.step.lang
        kind = self.export_format.value
        self.export_message.clear()
        self.export_button.disabled = True
        try:
            if kind == "xlsx":
                from cikit.export_xlsx import xlsx_bytes

                data = xlsx_bytes(self.workspace, Translator(lang))
                self.download.send(data, filename("data", lang, "xlsx"), MIME["xlsx"])
            else:
                from cikit.report.build import build_html

                page = build_html(self.workspace.location, lang, progress=self._show_progress)
                if kind.startswith("pdf"):
                    from cikit.report.pdf import html_to_pdf

                    self.progress_text.value = esc(tr("Printing the PDF…"))
                    data = html_to_pdf(page, paper=kind.split("-", 1)[1])
                    self.download.send(data, filename("report", lang, "pdf"), MIME["pdf"])
                else:
                    self.download.send(page.encode("utf-8"), filename("report", lang, "html"),
                                       MIME["html"])  # fmt: skip
            self.export_message.show(tr("Done: the file is in your downloads."), "success")
        finally:
            self.export_button.disabled = False
            self.progress.layout.display = "none"
            self.progress_text.value = ""

    @facilitator_only
    def _backup(self, _button=None) -> None:
        from cikit.store.backup import backup_bytes

        name = filename("backup", self.step.lang, "zip")
        self.download.send(backup_bytes(self.workspace), name, MIME["zip"])
        self.backup_message.show(self.tr("Done: the file is in your downloads."), "success")

    @facilitator_only
    def _on_restore_upload(self, change: dict[str, Any]) -> None:
        from cikit.store.backup import read_backup

        tr = self.tr
        files = change["new"]
        self._pending_restore = None
        self.restore_confirm.disabled = True
        self.restore_confirm.layout.display = "none"
        if not files:
            return
        upload = files[0]
        data = bytes(upload.get("content", b"") if isinstance(upload, dict) else upload.content)
        refusal = size_refusal(tr, len(data))
        if refusal:
            self.backup_message.show(refusal, "error")
            return
        try:
            _version, rows = read_backup(io.BytesIO(data))
        except CikitError as err:
            self.backup_message.show(err.render(tr), "error")
            return
        name = (rows.get("initiative") or [{}])[0].get("name", "")
        self._pending_restore = data
        self.restore_confirm.disabled = False
        self.restore_confirm.layout.display = None
        self.backup_message.show(
            tr("Backup of « {name} » checked: {partners} partners, {decisions} decisions. "
               "Restoring replaces everything in this workspace.").format(
                name=name, partners=len(rows["partners"]), decisions=len(rows["decisions"])),
            "info",
        )  # fmt: skip

    @facilitator_only
    def _restore(self, _button=None) -> None:
        if self._pending_restore is None:
            return
        from cikit.store.backup import restore_into

        restore_into(self.workspace, io.BytesIO(self._pending_restore))
        self._pending_restore = None
        self.page.render()
        self.page.message.show(self.tr("The backup is restored."), "success")
