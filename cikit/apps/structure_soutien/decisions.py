"""What the resources, phases, context and "Where we are" steps share: the saved decisions
and how they read on screen.  The rules (:mod:`cikit.analysis.structure_soutien`, with
pandas) are imported when a step is drawn, not when the workbook's page is built.

Each is one versioned decision of workbook ``06_structure_soutien`` (keys
``resources``, ``phases``, ``settings``): every change adopts a new version, so
nothing saved is ever overwritten and an earlier state stays readable.  The overview
and the report read the same keys.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as ipw

from cikit import content
from cikit.apps.framework import Step
from cikit.apps.framework.roles import Role
from cikit.apps.gate import facilitator_only
from cikit.components.messages import MessageArea
from cikit.errors import N_, CikitError
from cikit.i18n import Translator
from cikit.i18n import format as fmt

PHASES_DOC = "phases"
DECISION_KEYS = ("resources", "phases", "settings")

WARNINGS = {
    "no_staff": N_(
        "No staff is planned for the backbone. Assuming that collaboration runs by itself, "
        "without a dedicated team, is one of the most common reasons initiatives fail."
    ),
    "no_dedicated": N_(
        "No staff role is dedicated to the backbone: time lent by partners rarely lasts. "
        "Plan at least one dedicated position."
    ),
    "short_funding": N_(
        "Funding is planned for fewer than {years} years. A backbone needs two to three "
        "years of funding to get going."
    ),
    "no_coordinator": N_("No one holds the coordinating role (the « chef d'orchestre ») yet."),
}


class DecisionStep(Step):
    """A step that reads (and, for the facilitator, saves) the backbone's decisions."""

    roles = frozenset({Role.FACILITATOR})

    # -- saved decisions ------------------------------------------------------------------------

    def text(self, value: Any) -> str:
        return content.pick(value, self.lang) if isinstance(value, dict) else str(value or "")

    def resources(self) -> dict[str, Any]:
        from cikit.analysis.structure_soutien import normalise_resources

        found = self.workspace.decision(self.workbook_id, "resources")
        return normalise_resources((found or {}).get("content"))

    @property
    def phase_doc(self) -> dict[str, Any]:
        return content.document(PHASES_DOC)

    def components(self) -> list[str]:
        return [e["id"] for e in self.phase_doc["entries"]]

    def phase_ids(self) -> list[str]:
        return [p["id"] for p in self.phase_doc["phases"]]

    def ticks(self) -> dict[str, bool]:
        from cikit.analysis.structure_soutien import clean_ticks

        found = self.workspace.decision(self.workbook_id, "phases")
        raw = (found or {}).get("content", {})
        return clean_ticks(
            raw.get("ticks") if isinstance(raw, dict) else None,
            self.components(),
            self.phase_ids(),
        )

    def settings(self) -> dict[str, Any]:
        """The saved context; the scale defaults to the initiative's profile."""
        found = self.workspace.decision(self.workbook_id, "settings")
        raw = (found or {}).get("content", {})
        raw = raw if isinstance(raw, dict) else {}
        crisis = [c for c in raw.get("crisis") or [] if c in content.ids("crisis")]
        scale = raw.get("scale")
        if scale not in content.ids("scales"):
            scale = self.workspace.profile().get("scale")
        return {"crisis": crisis, "scale": scale if scale in content.ids("scales") else None}

    def decisions_signature(self) -> tuple:
        return tuple(
            (self.workspace.decision(self.workbook_id, key) or {}).get("version")
            for key in DECISION_KEYS
        )

    @facilitator_only
    def _save_decision(self, key: str, value: dict, status: MessageArea) -> int | None:
        try:
            return self.workspace.adopt_decision(
                workbook=self.workbook_id,
                key=key,
                content=value,
                adopted_by=self.tr("Facilitator"),
            )
        except CikitError as err:
            status.show(err.render(self.tr), "error")
            return None

    # -- shared wording -------------------------------------------------------------------------

    @staticmethod
    def section(text: str) -> ipw.HTML:
        return ipw.HTML(f"<h3>{html.escape(text)}</h3>")

    def fte(self, value: float) -> str:
        return fmt.decimal(value, self.lang)

    def _phase_label(self, phase_id: str | None) -> str:
        for phase in self.phase_doc["phases"]:
            if phase["id"] == phase_id:
                return self.text(phase)
        return ""

    def _cell_label(self, key: str) -> str:
        component, phase = key.split(".", 1)
        entry = next(e for e in self.phase_doc["entries"] if e["id"] == component)
        return f"{self.text(entry)} — {self.text(entry['cells'][phase])}"

    def warnings_html(self, tr: Translator, resources: dict) -> str:
        from cikit.analysis.structure_soutien import MIN_FUNDED_YEARS, resource_warnings

        codes = resource_warnings(resources)
        if not codes:
            return ""
        texts = [tr(WARNINGS[code]).format(years=MIN_FUNDED_YEARS) for code in codes]
        items = "".join(f"<li>{html.escape(text)}</li>" for text in texts)
        title = tr("Watch out")
        return (
            f'<div class="cikit-prompt cikit-bb-warnings" role="alert">'
            f"<p><strong>{html.escape(title)}</strong></p><ul>{items}</ul></div>"
        )

    def resources_html(self, tr: Translator, resources: dict) -> str:
        from cikit.analysis.structure_soutien import resource_summary

        summary = resource_summary(resources)
        years = (
            tr("{count} years ({first}–{last})").format(
                count=summary["years"], first=summary["first_year"], last=summary["last_year"]
            )
            if summary["years"]
            else tr("none planned")
        )
        facts = [
            (tr("Coordinating role (« chef d'orchestre »)"), summary["coordinator"] or "—"),
            (
                tr("Staff"),
                tr("{fte} full-time equivalents, {dedicated} dedicated").format(
                    fte=self.fte(summary["fte"]), dedicated=self.fte(summary["dedicated_fte"])
                ),
            ),
            (tr("Years funded"), years),
            (
                tr("Average budget per funded year"),
                fmt.money(summary["yearly"], self.lang) if summary["yearly"] is not None else "—",
            ),
            (tr("Funders"), ", ".join(resources["funders"]) or "—"),
        ]
        rows = "".join(
            f"<dt>{html.escape(label)}</dt><dd>{html.escape(str(value))}</dd>"
            for label, value in facts
        )
        staff = "".join(
            "<li>"
            + html.escape(
                tr("{role}: {fte} full-time equivalent, dedicated")
                if line["dedicated"]
                else tr("{role}: {fte} full-time equivalent, lent or shared")
            ).format(role=html.escape(line["role"]), fte=self.fte(line["fte"]))
            + "</li>"
            for line in resources["staff"]
        )
        if staff:
            title = tr("Staff roles")
            rows += f'<dt>{html.escape(title)}</dt><dd><ul class="cikit-bb-staff-list">{staff}</ul></dd>'
        return f'<dl class="cikit-profile cikit-bb-facts">{rows}</dl>'

    def where_html(self, tr: Translator, ticks: dict[str, bool]) -> str:
        from cikit.analysis.structure_soutien import where_are_we

        found = where_are_we(ticks, self.components(), self.phase_ids())
        if found["phase"] is None:
            head = tr("Nothing is ticked yet: the group has not placed itself in a phase.")
        elif found["complete"]:
            head = tr("Every part of the grid is ticked: the initiative is sustaining its impact.")
        else:
            head = tr("We are in {phase}.").format(phase=self._phase_label(found["phase"]))
        count = tr.ngettext(
            "{done} item of {total} ticked.", "{done} items of {total} ticked.", found["done"]
        ).format(done=found["done"], total=found["total"])
        parts = [f"<p><strong>{html.escape(head)}</strong> {html.escape(count)}</p>"]
        for key, title in (
            ("remaining", tr("Still to do in this phase")),
            ("catch_up", tr("To catch up from earlier phases")),
        ):
            if found[key]:
                items = "".join(f"<li>{html.escape(self._cell_label(k))}</li>" for k in found[key])
                parts.append(f"<p>{html.escape(title)}</p><ul>{items}</ul>")
        level = "cikit-prompt-ok" if found["phase"] else ""
        return f'<div class="cikit-prompt {level} cikit-bb-where">{"".join(parts)}</div>'

    def grid_html(self, tr: Translator, ticks: dict[str, bool]) -> str:
        from cikit.analysis.structure_soutien import cell_key

        doc = self.phase_doc
        head = "".join(f"<th>{html.escape(self.text(p))}</th>" for p in doc["phases"])
        done, todo = tr("done"), tr("not yet")
        rows = []
        short = {p["id"]: self.text(p) for p in doc["phases"]}
        for entry in doc["entries"]:
            cells = []
            for phase in self.phase_ids():
                ticked = ticks.get(cell_key(entry["id"], phase), False)
                mark = "✓" if ticked else "○"
                state = done if ticked else todo
                cells.append(
                    f'<td class="cikit-bb-cell {"cikit-bb-done" if ticked else ""}" '
                    f'data-label="{html.escape(short[phase])}">'
                    f'<span class="cikit-bb-mark" aria-label="{html.escape(state)}">{mark}</span> '
                    f"{html.escape(self.text(entry['cells'][phase]))}</td>"
                )
            rows.append(
                f'<tr><th scope="row">{html.escape(self.text(entry))}</th>{"".join(cells)}</tr>'
            )
        return (
            '<div class="cikit-scroll"><table class="cikit-bb-grid">'
            f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        )

    def context_html(self, tr: Translator, settings: dict[str, Any]) -> str:
        scale = content.get("scales", settings["scale"]) if settings["scale"] else None
        facts = [(tr("Scale"), scale.label(self.lang) if scale else "—")]
        moments = [content.get("crisis", c) for c in settings["crisis"]]
        body = "".join(
            f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>" for label, value in facts
        )
        if moments:
            items = "".join(
                f"<li><strong>{html.escape(m.label(self.lang))}</strong> — "
                f"{html.escape(m.text('summary', self.lang))}</li>"
                for m in moments
            )
            crisis = f"<ul>{items}</ul>"
        else:
            crisis = html.escape(tr("No crisis moment recognised."))
        label = tr("Crisis moments")
        body += f"<dt>{html.escape(label)}</dt><dd>{crisis}</dd>"
        return f'<dl class="cikit-profile cikit-bb-context">{body}</dl>'
