"""Every adopted version of the agenda: the list, what changed between two, and any version
read as it was adopted.  Drawn on the facilitator's « Versions » tab."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as ipw

from cikit.analysis.votes import version_changes
from cikit.apps.framework import replace_children
from cikit.apps.plan_commun.common import AGENDA, version_line
from cikit.components.agenda_page import changes_table

if TYPE_CHECKING:
    from cikit.apps.plan_commun.agenda import AgendaStep


def versions_view(step: AgendaStep) -> list[ipw.Widget]:
    tr = step.tr
    versions = step.workspace.decision_versions(step.workbook_id, AGENDA)
    if not versions:
        return [step.note(tr("No version adopted yet: prepare the first one."))]
    items = "".join(f"<li>{html.escape(version_line(tr, v))}</li>" for v in reversed(versions))
    options = [
        (tr("Version {version}").format(version=v["version"]), v["version"]) for v in versions
    ]
    newest = versions[-1]["version"]
    step.compare_from = ipw.Dropdown(options=options, value=max(1, newest - 1))
    step.compare_to = ipw.Dropdown(options=options, value=newest)
    step.compare_from.add_class("cikit-compare-from")
    step.compare_to.add_class("cikit-compare-to")
    step.show_version = ipw.Dropdown(options=options, value=newest)
    step.show_version.add_class("cikit-show-version")
    diff = step.version_diff = ipw.HTML()
    diff.add_class("cikit-version-diff")
    page = ipw.VBox()
    by_number = {v["version"]: v for v in versions}
    labels = step.labels()
    change_labels = {"added": tr("added"), "removed": tr("removed"), "changed": tr("changed")}

    def compare(_change=None) -> None:
        old = by_number[step.compare_from.value]["content"]
        new = by_number[step.compare_to.value]["content"]
        changes = version_changes(old, new)
        if (changes["change"] == "same").all():
            diff.value = '<p class="cikit-note">' + html.escape(tr("No difference.")) + "</p>"
            return
        diff.value = changes_table(
            changes,
            labels=labels,
            change_labels=change_labels,
            headers=(tr("Section"), tr("Change"), tr("Before"), tr("After")),
            added=tr("added"),
            removed=tr("removed"),
        )

    def show(_change=None) -> None:
        number = step.show_version.value
        replace_children(page, [step.page_widget(by_number[number], latest=number == newest)])

    step.compare_from.observe(step.page.guarded(compare), names="value")
    step.compare_to.observe(step.page.guarded(compare), names="value")
    step.show_version.observe(step.page.guarded(show), names="value")
    compare()
    show()
    compare_row = ipw.HBox(
        [
            ipw.HTML('<label class="cikit-label">' + html.escape(tr("Compare")) + "</label>"),
            step.compare_from,
            ipw.HTML("→"),
            step.compare_to,
        ]
    )
    compare_row.add_class("cikit-buttons")
    return [
        ipw.HTML(
            "<h2>"
            + html.escape(tr("Versions"))
            + f'</h2><ul class="cikit-history">{items}</ul>'
            + "<h3>"
            + html.escape(tr("What changed between two versions"))
            + "</h3>"
        ),
        compare_row,
        diff,
        ipw.HTML("<h3>" + html.escape(tr("Read a version")) + "</h3>"),
        step.show_version,
        page,
    ]
