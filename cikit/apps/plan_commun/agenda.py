"""Step 4, the common agenda: participants read the adopted version on one page; the
facilitator also prepares a new version (:mod:`.agenda_form`) and compares versions
(:mod:`.agenda_versions`), both imported when their tab is shown."""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw

from cikit.apps.framework import Step, facilitator_only
from cikit.apps.plan_commun.common import AGENDA, AgendaContent, stamp
from cikit.components.agenda_page import agenda_page
from cikit.components.messages import MessageArea
from cikit.errors import N_, CikitError

TABS = ("page", "form", "versions")


class AgendaStep(AgendaContent, Step):
    """The agenda the group adopts, version after version."""

    id = AGENDA
    label = N_("4. The common agenda")
    participant_label = N_("The common agenda")

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self.status = MessageArea()
        self._agenda_tab = "page"
        self._agenda_draft: dict[str, Any] | None = None
        """The version being prepared, as typed, kept across redraws until adopted."""

    # -- live updates ------------------------------------------------------------------------------

    def signature(self):
        return self.decisions_signature()

    def on_change(self) -> None:
        # A participant reads the newest version; the facilitator may be typing one.
        if not self.is_facilitator:
            self.redraw()

    # -- drawing -----------------------------------------------------------------------------------

    def build(self) -> list[ipw.Widget]:
        tr = self.tr
        self.status = MessageArea()
        latest = self.workspace.decision(self.workbook_id, AGENDA)
        if not self.is_facilitator:
            if latest is None:
                return [self.note(tr("The group has not adopted its common agenda yet."))]
            return [self.page_widget(latest)]
        tabs = [
            (tr("The adopted agenda"), "page"),
            (tr("Prepare a new version"), "form"),
            (tr("Versions"), "versions"),
        ]
        self.agenda_tabs = ipw.ToggleButtons(
            options=tabs, value=self._agenda_tab, style={"button_width": "auto"}
        )
        self.agenda_tabs.add_class("cikit-agenda-tabs")
        self.agenda_tabs.observe(self.page.guarded(self._switch), names="value")
        if self._agenda_tab == "form":
            from cikit.apps.plan_commun.agenda_form import agenda_form

            body = agenda_form(self, latest)
        elif self._agenda_tab == "versions":
            from cikit.apps.plan_commun.agenda_versions import versions_view

            body = versions_view(self)
        elif latest is None:
            body = [self.note(tr("No version adopted yet: prepare the first one."))]
        else:
            body = [self.page_widget(latest)]
        if self._agenda_tab != "form":
            # The form shows messages beside its button; elsewhere they go above the page.
            body = [self.status, *body]
        return [self.agenda_tabs, *body]

    def _switch(self, change) -> None:
        if change["new"] in TABS:
            self._agenda_tab = change["new"]
            self.redraw()

    def page_widget(self, decision: dict, *, latest: bool = True) -> ipw.Widget:
        """One version of the agenda as a page (the newest shows the disagreements open today)."""
        tr = self.tr
        meta = tr(
            "Version {version}, adopted {date} with the support of {count} participants"
        ).format(
            version=decision["version"],
            date=stamp(decision["adopted_at"], "%Y-%m-%d"),
            count=decision["supporters"] or 0,
        )
        try:
            name = self.workspace.profile()["name"]
        except CikitError:
            name = ""
        agenda = dict(decision["content"])
        agenda["principles"] = [self.principle_text(p) for p in agenda.get("principles") or []]
        if latest:
            # The adopted agenda shows the disagreements open today, until they are resolved.
            open_ones = [d["content"] for d in self.disagreements(only_open=True)]
        else:
            # An earlier version reads as it was adopted.
            open_ones = [{"what": what} for what in agenda.get("disagreements") or []]
        labels = self.labels()
        widget = ipw.HTML(
            agenda_page(
                agenda,
                labels=labels,
                title=name,
                subtitle=tr("Our common agenda"),
                meta=meta,
                disagreements=open_ones,
                disagreements_label=labels["disagreements"],
            )
        )
        widget.add_class("cikit-agenda-view")
        self.agenda_view = widget
        return widget

    # -- the facilitator's actions (the gate checks the role when they run) ------------------------

    @facilitator_only
    def _fill_from_votes(self, _button=None) -> None:
        from cikit.apps.plan_commun.agenda_form import fill_from_votes

        fill_from_votes(self)

    @facilitator_only
    def _adopt_agenda(self, _button=None) -> None:
        from cikit.apps.plan_commun.agenda_form import adopt_agenda

        adopt_agenda(self)
