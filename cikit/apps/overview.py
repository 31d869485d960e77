"""« Bilan et rapport / Overview and report »: one screen for a steering committee.

Where the initiative stands on the preconditions and the five conditions (each
workbook's section: status, headline, next step), the phase grid, the headline
indicators, open disagreements, the latest decisions and lessons, what to do
next.  The facilitator also exports the report (HTML, PDF, Excel) and
downloads or restores a backup, so a trainer on an ephemeral Binder session
leaves with everything and comes back with it.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import logging
from typing import Any

import ipywidgets as ipw

from cikit.apps.base import WorkbookApp
from cikit.apps.gate import facilitator_only
from cikit.components.download import Download
from cikit.components.messages import MessageArea
from cikit.components.upload import file_chooser
from cikit.errors import N_, CikitError
from cikit.i18n import Translator
from cikit.i18n.format import date
from cikit.limits import UPLOAD_MAX, megabytes
from cikit.paths import workbook_path
from cikit.report import overview_data as od
from cikit.report.document import report_workbooks, safe_section
from cikit.report.render_html import esc, status_badge, workbook_title
from cikit.report.sections.s03_mesure_commune import status_labels
from cikit.results import mesure_commune, plan_commun

log = logging.getLogger("cikit.apps")

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
STATUS_CLASS = {"on_track": "ok", "off_track": "low", "no_data": "none"}


class OverviewApp(WorkbookApp):
    """The overview: read-only results for everyone, exports and backups for the facilitator."""

    workbook_id = "07_bilan"

    def __init__(self, *args, **kwargs) -> None:
        self._pending_restore: bytes | None = None
        self.download: Download | None = None  # built with the facilitator's panel only
        super().__init__(*args, **kwargs)

    # -- the overview -------------------------------------------------------------------

    def build_body(self, tr: Translator) -> list[ipw.Widget]:
        sections = [safe_section(self.workspace, w, tr) for w in report_workbooks()]
        parts = [
            self._conditions(tr, sections),
            self._next_steps(tr, sections),
            self._indicators(tr),
            self._phases(tr),
            self._disagreements(tr),
            self._decisions_and_lessons(tr),
        ]
        body: list[ipw.Widget] = [ipw.HTML('<div class="cikit-ov">' + "".join(parts) + "</div>")]
        if self.is_facilitator:
            body.extend(self._export_panel(tr))
        body.append(ipw.HTML(
            "<h2>" + esc(tr("The workbooks")) + "</h2>" + self.workbook_links(tr)
        ))  # fmt: skip
        return body

    def _link(self, workbook_id: str, text: str) -> str:
        if not workbook_path(workbook_id).exists():
            return esc(text)
        href = esc(f"{workbook_id}.ipynb?{self.link_params()}")
        return f'<a href="{href}">{esc(text)}</a>'

    def _conditions(self, tr: Translator, sections) -> str:
        cards = []
        for section in sections:
            title = workbook_title(section.workbook, self.lang)
            nxt = ""
            if section.next_step:
                label = tr("Next step")
                nxt = (f'<p class="cikit-ov-next"><strong>{esc(label)}</strong> '
                       f"{esc(section.next_step)}</p>")  # fmt: skip
            cards.append(
                f'<div class="cikit-ov-card cikit-ov-{esc(section.status)}" '
                f'data-workbook="{esc(section.workbook)}">'
                f"<h3>{self._link(section.workbook, title)}</h3>"
                f"{status_badge(section.status, tr)}"
                f'<p class="cikit-ov-headline">{esc(section.headline)}</p>{nxt}</div>'
            )
        heading = tr("Where the initiative stands")
        return f'<h2>{esc(heading)}</h2><div class="cikit-ov-grid">{"".join(cards)}</div>'

    def _next_steps(self, tr: Translator, sections) -> str:
        steps = [
            (workbook_title(s.workbook, self.lang), s.next_step) for s in sections if s.next_step
        ]
        heading = tr("What to do next")
        if not steps:
            nothing = tr("Nothing pending.")
            return f"<h2>{esc(heading)}</h2><p>{esc(nothing)}</p>"
        items = "".join(f"<li><strong>{esc(t)}</strong> — {esc(s)}</li>" for t, s in steps)
        return f'<h2>{esc(heading)}</h2><ol class="cikit-ov-steps">{items}</ol>'

    def _indicators(self, tr: Translator) -> str:
        heading = tr("Headline indicators")
        board = mesure_commune.dashboard(self.workspace, self.lang)
        if board.empty:
            note = tr("No headline indicator chosen yet (Shared measurement).")
            return f'<h2>{esc(heading)}</h2><p class="cikit-hint">{esc(note)}</p>'
        labels = status_labels(tr)
        rows = "".join(
            f'<tr><td>{esc(name)}</td><td><span class="cikit-verdict cikit-verdict-'
            f'{STATUS_CLASS[status]}">{esc(labels[status])}</span></td></tr>'
            for name, status in zip(board["name"], board["status"], strict=True)
        )
        heads = (tr("Indicator"), tr("Status"))
        return (
            f"<h2>{esc(heading)}</h2>"
            f'<div class="cikit-scroll"><table class="cikit-verdicts"><thead><tr>'
            f"<th>{esc(heads[0])}</th><th>{esc(heads[1])}</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>"
        )

    def _phases(self, tr: Translator) -> str:
        heading = tr("Phases of the initiative")
        grid = od.phase_ticks(self.workspace)
        if grid is None:
            note = tr("Not started: the phase grid is filled in the Backbone support workbook.")
            return f'<h2>{esc(heading)}</h2><p class="cikit-hint">{esc(note)}</p>'
        phases = [tr(od.PHASE_LABELS[p]) for p in od.PHASES]
        head = "".join(f'<th scope="col">{esc(p)}</th>' for p in phases)
        done, todo = tr("done"), tr("not yet")
        rows = []
        for row, labels in od.components():
            cells = "".join(
                f'<td class="cikit-ov-tick">{"✓ " + esc(done) if p in grid[row] else "· " + esc(todo)}</td>'
                for p in od.PHASES
            )
            name = labels.get(self.lang) or labels["fr"]
            rows.append(f'<tr><th scope="row">{esc(name)}</th>{cells}</tr>')
        return (
            f'<h2>{esc(heading)}</h2><div class="cikit-scroll"><table class="cikit-verdicts '
            f'cikit-ov-phases"><thead><tr><th></th>{head}</tr></thead><tbody>{"".join(rows)}'
            "</tbody></table></div>"
        )

    def _disagreements(self, tr: Translator) -> str:
        heading = tr("Open disagreements")
        found = plan_commun.open_disagreements(self.workspace)["what"]
        if found.empty:
            none = tr("None recorded.")
            return f'<h2>{esc(heading)}</h2><p class="cikit-hint">{esc(none)}</p>'
        items = "".join(f"<li>{esc(what)}</li>" for what in found)
        return f"<h2>{esc(heading)}</h2><ul>{items}</ul>"

    def _decisions_and_lessons(self, tr: Translator) -> str:
        decisions = od.latest_decisions(self.workspace)
        lessons = od.latest_lessons(self.workspace)
        heading = tr("Latest decisions and lessons")
        if not decisions and not lessons:
            note = tr(
                "Not started: decisions and lessons are kept in the Continuous communication workbook."
            )
            return f'<h2>{esc(heading)}</h2><p class="cikit-hint">{esc(note)}</p>'
        kinds = {"success": tr("Success"), "setback": tr("Setback"), "": ""}
        items = [
            f"<li><span class=\"cikit-hint\">{esc(date(d['date'], self.lang))}</span> {esc(d['what'])}"
            + (f" <em>({esc(d['by'])})</em>" if d["by"] else "") + "</li>"
            for d in decisions
        ]  # fmt: skip
        items += [
            f"<li><span class=\"cikit-hint\">{esc(date(lesson['date'], self.lang))}</span> "
            f"<strong>{esc(kinds[lesson['kind']])}</strong> {esc(lesson['what'])}"
            + (f" → {esc(lesson['change'])}" if lesson["change"] else "") + "</li>"
            for lesson in lessons
        ]  # fmt: skip
        return f'<h2>{esc(heading)}</h2><ul class="cikit-ov-log">{"".join(items)}</ul>'

    # -- exports and backups (facilitator) ------------------------------------------------------

    def _export_panel(self, tr: Translator) -> list[ipw.Widget]:
        self.download = Download()
        self.export_lang = ipw.Dropdown(
            options=[(tr("French"), "fr"), (tr("English"), "en")],
            value=self.lang,
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
        self.export_button.on_click(self.guarded(self._export))
        self.progress = ipw.IntProgress(value=0, min=0, max=1, layout=ipw.Layout(width="100%",
                                        max_width="420px", display="none"))  # fmt: skip
        self.progress_text = ipw.HTML()
        self.progress_text.add_class("cikit-ov-progress")
        self.export_message = MessageArea()
        self.backup_button = ipw.Button(description=tr("Download a backup"), icon="archive",
                                        layout=ipw.Layout(width="auto"))  # fmt: skip
        self.backup_button.add_class("cikit-backup")
        self.backup_button.on_click(self.guarded(self._backup))
        self.restore_upload = file_chooser(tr, self.lang, accept=".zip",
                                           description=tr("Restore a backup"))  # fmt: skip
        self.restore_upload.add_class("cikit-restore-upload")
        self.restore_upload.observe(self.guarded(self._on_restore_upload), names="value")
        self.restore_confirm = ipw.Button(
            description=tr("Replace everything with this backup"), button_style="danger",
            disabled=True,
        )  # fmt: skip
        self.restore_confirm.add_class("cikit-restore-confirm")
        self.restore_confirm.layout.display = "none"  # shown once an uploaded backup is checked
        self.restore_confirm.on_click(self.guarded(self._restore))
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

    def _filename(self, kind: str, lang: str, suffix: str) -> str:
        stamp = dt.date.today().isoformat()
        base = {"fr": "rapport", "en": "report"}[lang] if kind == "report" else kind
        return (
            f"cikit-{base}-{stamp}.{suffix}"
            if kind != "report"
            else f"cikit-{base}-{lang}-{stamp}.{suffix}"
        )

    def _show_progress(self, done: int, total: int, _step: str) -> None:
        self.progress.max = max(total, 1)
        self.progress.value = done
        self.progress.layout.display = None
        text = Translator(self.lang)("Building the report… {done}/{total}").format(
            done=done, total=total
        )
        self.progress_text.value = f'<span role="status">{html.escape(text)}</span>'

    @facilitator_only
    def _export(self, _button=None) -> None:
        tr = self.tr
        lang = self.export_lang.value if self.export_lang.value in ("fr", "en") else self.lang
        kind = self.export_format.value
        self.export_message.clear()
        self.export_button.disabled = True
        try:
            if kind == "xlsx":
                from cikit.export_xlsx import xlsx_bytes

                data = xlsx_bytes(self.workspace, Translator(lang))
                self.download.send(data, self._filename("data", lang, "xlsx"), MIME["xlsx"])
            else:
                from cikit.report.build import build_html

                page = build_html(self.workspace.location, lang, progress=self._show_progress)
                if kind.startswith("pdf"):
                    from cikit.report.pdf import html_to_pdf

                    self.progress_text.value = esc(tr("Printing the PDF…"))
                    data = html_to_pdf(page, paper=kind.split("-", 1)[1])
                    self.download.send(data, self._filename("report", lang, "pdf"), MIME["pdf"])
                else:
                    self.download.send(page.encode("utf-8"), self._filename("report", lang, "html"),
                                       MIME["html"])  # fmt: skip
            self.export_message.show(tr("Done: the file is in your downloads."), "success")
        finally:
            self.export_button.disabled = False
            self.progress.layout.display = "none"
            self.progress_text.value = ""

    @facilitator_only
    def _backup(self, _button=None) -> None:
        from cikit.store.backup import backup_bytes

        self.download.send(backup_bytes(self.workspace), self._filename("backup", self.lang, "zip"),
                           MIME["zip"])  # fmt: skip
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
        if len(data) > UPLOAD_MAX:
            self.backup_message.show(
                tr("This file is too large (at most {limit} MB).").format(
                    limit=megabytes(UPLOAD_MAX)
                ),
                "error",
            )
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
        self.render()
        self.message.show(self.tr("The backup is restored."), "success")
