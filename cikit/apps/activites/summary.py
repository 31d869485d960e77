"""Step 5, the alignment: how much of the agenda the activities reach, in big figures for a
projector, and what changed since a snapshot; the facilitator takes snapshots."""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as ipw

from cikit.apps.activites.form import field
from cikit.apps.activites.view_step import ViewStep
from cikit.apps.framework import facilitator_only
from cikit.components.messages import MessageArea
from cikit.errors import N_, CikitError
from cikit.i18n import Translator
from cikit.i18n import format as fmt


class SummaryStep(ViewStep):
    """« Alignement / Alignment »."""

    id = "summary"
    label = N_("5. Alignment")
    participant_label = N_("Alignment")

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self._compare_version: int | None = None
        self._note_draft = ""  # kept while the step redraws for a new declaration
        self.status = MessageArea()

    def snapshots(self) -> list[dict]:
        return self.workspace.decision_versions(self.workbook_id, "snapshot")

    def build(self) -> list[ipw.Widget]:
        from cikit.analysis.activites.summary import alignment, compare
        from cikit.apps.activites import views

        tr, lang = self.tr, self.lang
        self.status = MessageArea()
        refs = self.refs()
        summary = alignment(self.current(), refs)
        parts: list[ipw.Widget] = [
            self.filters(),
            ipw.HTML(views.summary_html(tr, summary, lang)),
            ipw.HTML(views.gaps_html(tr, summary["gaps"], refs, lang)),
        ]
        snapshots = self.snapshots()
        parts.append(self.heading(tr("Since the last snapshot")))
        if not snapshots:
            parts.append(self.note(tr("No snapshot yet: take one to compare later.")))
        else:
            versions = [s["version"] for s in snapshots]
            if self._compare_version not in versions:
                self._compare_version = versions[-1]
            chosen = next(s for s in snapshots if s["version"] == self._compare_version)
            picker = ipw.Dropdown(
                options=[(snapshot_label(tr, s), s["version"]) for s in reversed(snapshots)],
                value=self._compare_version,
                layout=ipw.Layout(width="100%", max_width="520px"),
            )
            picker.add_class("cikit-snapshot-choice")
            picker.observe(self.page.guarded(self.chosen("_compare_version")), names="value")
            before = chosen["content"].get("summary") if isinstance(chosen["content"], dict) else {}
            change = compare(before if isinstance(before, dict) else {}, summary)
            parts += [
                field(tr("Compare with the snapshot of"), picker),
                ipw.HTML(views.change_html(tr, change, refs, fmt.date(taken_on(chosen), lang))),
            ]
        if self.is_facilitator:
            parts.append(self._snapshot_form())
        parts.append(views.rules(tr, "summary"))
        return parts

    def _snapshot_form(self) -> ipw.Widget:
        tr = self.tr
        self.snapshot_note = ipw.Text(
            value=self._note_draft,
            placeholder=tr("A note: where, with whom (optional)"),
            layout=ipw.Layout(width="100%", max_width="520px"),
        )
        self.snapshot_note.observe(self.chosen_quietly("_note_draft"), names="value")
        button = ipw.Button(description=tr("Take a snapshot now"), button_style="primary")
        button.add_class("cikit-take-snapshot")
        button.on_click(self.page.guarded(self.take_snapshot))
        hint = tr(
            "A snapshot keeps today's figures and gaps as a new version, so that next year the "
            "group can see what changed."
        )
        return ipw.VBox([
            ipw.HTML(f"<p class='cikit-hint'>{html.escape(hint)}</p>"),
            self.snapshot_note, button, self.status,
        ])  # fmt: skip

    @facilitator_only
    def take_snapshot(self, _button=None) -> None:
        from cikit.analysis.activites.summary import alignment

        tr = self.tr
        today = dt.date.today()
        note = self.snapshot_note.value if isinstance(self.snapshot_note.value, str) else ""
        summary = alignment(self.current(), self.refs())
        try:
            version = self.workspace.adopt_decision(
                workbook=self.workbook_id,
                key="snapshot",
                content={
                    "taken_on": today.isoformat(),
                    "month": today.strftime("%Y-%m"),
                    "note": note.strip()[:300],
                    "summary": summary,
                },  # fmt: skip
            )
        except CikitError as err:
            self.status.show(err.render(tr), "error")
            return
        self._note_draft = ""
        self.redraw()
        self.status.show(tr("Snapshot {version} taken.").format(version=version), "success")


def taken_on(snapshot: dict) -> str:
    """The snapshot's day (``YYYY-MM-DD``) as it was recorded, else the day it was adopted."""
    import pandas as pd

    given = snapshot["content"].get("taken_on") if isinstance(snapshot["content"], dict) else None
    if isinstance(given, str) and given:
        return given
    return pd.Timestamp(snapshot["adopted_at"]).strftime("%Y-%m-%d")


def snapshot_label(tr: Translator, snapshot: dict) -> str:
    note = snapshot["content"].get("note", "") if isinstance(snapshot["content"], dict) else ""
    label = tr("Snapshot {version} of {date}").format(
        version=snapshot["version"], date=fmt.date(taken_on(snapshot), tr.lang)
    )
    return f"{label} — {note}"[:120] if note else label
