"""The Start workbook: the initiative's profile, its partners and people, who is missing."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as ipw
import pandas as pd

from cikit import content
from cikit.analysis import missing_sectors, sector_coverage
from cikit.apps.base import WorkbookApp
from cikit.apps.gate import facilitator_only
from cikit.components import Column, EditableTable, MessageArea, StepNavigator, sector_chart
from cikit.components.language import ENDONYMS
from cikit.errors import CikitError
from cikit.i18n import LANGUAGES, Translator


class StartApp(WorkbookApp):
    """« Accueil / Start »."""

    workbook_id = "00_accueil"

    def build_body(self, tr: Translator) -> list[ipw.Widget]:
        self.profile_status = MessageArea()
        self.partners_table: EditableTable | None = None
        self.participants_table: EditableTable | None = None
        self.coverage_box = ipw.VBox()
        self.coverage_box.add_class("cikit-coverage")
        self.navigator = StepNavigator(
            [
                (tr("Initiative"), lambda: self._profile_step(tr)),
                (tr("Partners"), lambda: self._partners_step(tr)),
                (tr("People"), lambda: self._participants_step(tr)),
                (tr("Who is at the table?"), lambda: self._coverage_step(tr)),
                (tr("Workbooks"), lambda: self._links_step(tr)),
            ],
            tr=tr,
        )
        return [self.navigator]

    def _partners_step(self, tr: Translator) -> ipw.Widget:
        self.partners_table = self._partners_table(tr)
        return self._step(tr("Organisations around the table"), self.partners_table)

    def _participants_step(self, tr: Translator) -> ipw.Widget:
        self.participants_table = self._participants_table(tr)
        return self._step(tr("People taking part"), self.participants_table)

    def _coverage_step(self, tr: Translator) -> ipw.Widget:
        self._draw_coverage(tr)
        return self.coverage_box

    def _links_step(self, tr: Translator) -> ipw.Widget:
        lead = tr("Continue with the other workbooks:")
        return ipw.HTML(f'<p class="cikit-lead">{html.escape(lead)}</p>' + self.workbook_links(tr))

    @staticmethod
    def _step(title: str, *widgets: ipw.Widget) -> ipw.VBox:
        box = ipw.VBox([ipw.HTML(f"<h2>{html.escape(title)}</h2>"), *widgets])
        box.add_class("cikit-step")
        return box

    # -- profile ------------------------------------------------------------------------

    def _profile_step(self, tr: Translator) -> ipw.Widget:
        profile = self.workspace.profile()
        scale_options = [(e.label(self.lang), e.id) for e in content.scales()]
        if not self.is_facilitator:
            scale = dict((v, k) for k, v in scale_options).get(profile["scale"], "")
            rows = [
                (tr("Name of the initiative"), profile["name"]),
                (tr("The complex issue it tackles"), profile["issue"]),
                (tr("Targeted population"), profile["population"]),
                (tr("Territory"), profile["territory"]),
                (tr("Scale"), scale),
            ]
            body = "".join(
                f"<dt>{html.escape(label)}</dt><dd>{html.escape(value) or '—'}</dd>"
                for label, value in rows
            )
            return self._step(
                tr("The initiative"),
                ipw.HTML(f'<div class="cikit-block"><dl class="cikit-profile">{body}</dl></div>'),
            )

        self.profile_fields: dict[str, ipw.ValueWidget] = {
            "name": ipw.Text(value=profile["name"], continuous_update=False),
            "issue": ipw.Textarea(value=profile["issue"], continuous_update=False, rows=3),
            "population": ipw.Textarea(
                value=profile["population"], continuous_update=False, rows=2
            ),
            "territory": ipw.Text(value=profile["territory"], continuous_update=False),
            "scale": ipw.Dropdown(options=scale_options, value=profile["scale"]),
            "default_lang": ipw.Dropdown(
                options=[(ENDONYMS[c], c) for c in LANGUAGES], value=profile["default_lang"]
            ),
        }
        labels = {
            "name": tr("Name of the initiative"),
            "issue": tr("The complex issue it tackles"),
            "population": tr("Targeted population"),
            "territory": tr("Territory"),
            "scale": tr("Scale"),
            "default_lang": tr("Default language for participants"),
        }
        hints = {
            "issue": tr("One complex problem no organisation can solve alone."),
            "population": tr("Who should be better off, as precisely as you can."),
        }
        rows = []
        for key, widget in self.profile_fields.items():
            widget.layout = ipw.Layout(width="100%")
            widget.add_class(f"cikit-profile-{key}")
            widget.observe(self._profile_handler(key), names="value")
            hint = hints.get(key, "")
            label = ipw.HTML(
                f'<label class="cikit-label">{html.escape(labels[key])}</label>'
                + (f'<div class="cikit-hint">{html.escape(hint)}</div>' if hint else "")
            )
            field = ipw.VBox([label, widget])
            field.add_class("cikit-field")
            rows.append(field)
        return self._step(tr("The initiative"), *rows, self.profile_status)

    def _profile_handler(self, key: str):
        @facilitator_only(app=self)
        def handler(change: dict[str, Any]) -> None:
            if getattr(self, "_restoring", False):
                return
            tr = self.tr
            try:
                saved = self.workspace.update_profile(**{key: change["new"]})
            except CikitError as err:
                self.profile_status.show(err.render(tr), "error")
                # Put back what is saved; the guard keeps it from being saved again.
                self._restoring = True
                try:
                    self.profile_fields[key].value = self.workspace.profile()[key]
                finally:
                    self._restoring = False
                return
            self.profile_status.show(tr("Saved."), "success")
            if key == "default_lang":
                self._workspace_lang = saved["default_lang"]

        return handler

    # -- partners and participants ---------------------------------------------------------------

    def _sector_options(self) -> tuple[tuple[str, str], ...]:
        return tuple((e.label(self.lang), e.id) for e in content.sectors())

    def _partner_rows(self) -> list[dict]:
        frame = self.workspace.partners()
        return [
            {"id": int(r.id), "name": r.name, "sector": r.sector, "contact": r.contact}
            for r in frame.itertuples()
        ]

    def _partners_table(self, tr: Translator) -> EditableTable:
        table = EditableTable(
            [
                Column("name", tr("Organisation"), required=True, width="22em"),
                Column(
                    "sector",
                    tr("Sector"),
                    kind="choice",
                    options=self._sector_options(),
                    width="19em",
                ),
                Column("contact", tr("Contact person"), width="14em"),
            ],
            tr=tr,
            rows=self._partner_rows(),
            editable=self.is_facilitator,
            add_title=tr("Add a partner"),
            empty_text=tr("No partner yet."),
        )
        table.add_class("cikit-partners")

        @facilitator_only(app=self)
        def add(values: dict) -> None:
            self._act(
                table,
                lambda: self.workspace.add_partner(
                    values["name"], values["sector"], values["contact"]
                ),
                tr("Partner added."),
                clear=True,
            )

        @facilitator_only(app=self)
        def edit(row_id: int, key: str, value: Any) -> None:
            self._act(
                table, lambda: self.workspace.update_partner(row_id, **{key: value}), tr("Saved.")
            )

        @facilitator_only(app=self)
        def remove(row_id: int) -> None:
            self._act(table, lambda: self.workspace.remove_partner(row_id), tr("Partner removed."))

        table.on_add(add)
        table.on_edit(edit)
        table.on_remove(remove)
        return table

    def _partner_options(self) -> tuple[tuple[str, int | None], ...]:
        return ((self.tr("(none)"), None), *[(r["name"], r["id"]) for r in self._partner_rows()])

    def _participant_rows(self) -> list[dict]:
        frame = self.workspace.participants()
        return [
            {
                "id": int(r.id),
                "display_name": r.display_name,
                "partner_id": None if pd.isna(r.partner_id) else int(r.partner_id),
                "role": r.role,
            }
            for r in frame.itertuples()
        ]

    def _participants_table(self, tr: Translator) -> EditableTable:
        table = EditableTable(
            [
                Column("display_name", tr("Name"), required=True, width="14em"),
                Column(
                    "partner_id",
                    tr("Organisation"),
                    kind="choice",
                    options=self._partner_options(),
                    width="16em",
                ),
                Column(
                    "role",
                    tr("Role"),
                    kind="choice",
                    options=tuple((e.label(self.lang), e.id) for e in content.roles()),
                    width="16em",
                ),
            ],
            tr=tr,
            rows=self._participant_rows(),
            editable=self.is_facilitator,
            add_title=tr("Add a person"),
            empty_text=tr("No one registered yet."),
        )
        table.add_class("cikit-participants")

        @facilitator_only(app=self)
        def add(values: dict) -> None:
            self._act(
                table,
                lambda: self.workspace.add_participant(
                    values["display_name"], values["partner_id"], values["role"]
                ),
                tr("Person added."),
                clear=True,
            )

        @facilitator_only(app=self)
        def edit(row_id: int, key: str, value: Any) -> None:
            self._act(
                table,
                lambda: self.workspace.update_participant(row_id, **{key: value}),
                tr("Saved."),
            )

        @facilitator_only(app=self)
        def remove(row_id: int) -> None:
            self._act(
                table, lambda: self.workspace.remove_participant(row_id), tr("Person removed.")
            )

        table.on_add(add)
        table.on_edit(edit)
        table.on_remove(remove)
        return table

    def _act(self, table: EditableTable, action, success: str, *, clear: bool = False) -> None:
        """Run one change; on refusal, say why and show what is really saved."""
        tr = self.tr
        try:
            action()
        except CikitError as err:
            table.status.show(err.render(tr), "error")
            self._refresh_tables()
            # The saved rows may equal the ones on screen (a refused edit): draw them anyway,
            # so the field shows what is really saved.
            table.redraw()
            return
        if clear:
            table.clear_new()
        table.status.show(success, "success")
        self._refresh_tables()
        if self.coverage_box.children:
            self._draw_coverage(tr)

    def _refresh_tables(self) -> None:
        """Show what is saved, in every table already built."""
        if self.partners_table is not None:
            self.partners_table.rows = self._partner_rows()
        if self.participants_table is not None:
            self.participants_table.set_options("partner_id", self._partner_options())
            self.participants_table.rows = self._participant_rows()

    # -- who is at the table ----------------------------------------------------------------------

    def _draw_coverage(self, tr: Translator) -> None:
        sectors = content.sectors()
        coverage = sector_coverage(self.workspace.partners(), [s.id for s in sectors])
        labels = [
            f"{s.text('short', self.lang)} ({n})"
            for s, n in zip(sectors, coverage["partners"], strict=True)
        ]
        chart = sector_chart(
            labels,
            coverage["partners"].tolist(),
            title=tr("Partners by sector"),
            count_label=tr("Number of partners"),
        )
        missing = missing_sectors(coverage)
        by_id = {s.id: s for s in sectors}
        if missing:
            intro = tr("Not yet at the table:")
            advice = tr(
                "Collective impact needs every sector that shapes the problem. "
                "Who could you invite, and who could make the first call?"
            )
            items = []
            for sector_id in missing:
                entry = by_id[sector_id]
                hint = entry.text("hint", self.lang)
                items.append(
                    f"<li><strong>{html.escape(entry.label(self.lang))}</strong>"
                    + (f" — {html.escape(hint)}" if hint else "")
                    + "</li>"
                )
            prompt = (
                f'<div class="cikit-prompt"><p>{html.escape(intro)}</p>'
                f"<ul>{''.join(items)}</ul><p>{html.escape(advice)}</p></div>"
            )
        else:
            advice = tr(
                "Every sector is at the table. Check that each partner can speak for its "
                "organisation and that residents have a real voice."
            )
            prompt = f'<div class="cikit-prompt cikit-prompt-ok"><p>{html.escape(advice)}</p></div>'
        heading = tr("Who is at the table?")
        self.coverage_chart = chart
        self.coverage_prompt = ipw.HTML(prompt)
        self.coverage_box.children = (
            ipw.HTML(f"<h2>{html.escape(heading)}</h2>"),
            chart,
            self.coverage_prompt,
        )
