"""The overview's read-only parts, as HTML: the same for the facilitator and the participants.

Every part reads through the results layer or the report's sections (the
report shows the same statuses, headlines and next steps), so the overview
computes nothing of its own.  Typed texts are escaped with the report's ``esc``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cikit.i18n.format import date
from cikit.paths import workbook_path
from cikit.report.document import report_workbooks, safe_section
from cikit.report.render_html import esc, status_badge, workbook_title
from cikit.report.sections.s03_mesure_commune import status_labels
from cikit.results import bilan, mesure_commune, plan_commun

if TYPE_CHECKING:
    from cikit.apps.bilan.overview import OverviewStep
    from cikit.i18n import Translator

STATUS_CLASS = {"on_track": "ok", "off_track": "low", "no_data": "none"}


def overview_html(step: OverviewStep) -> str:
    """Where the initiative stands, what to do next, indicators, phases, disagreements, log."""
    tr = step.tr
    sections = [safe_section(step.workspace, w, tr) for w in report_workbooks()]
    parts = [
        _conditions(step, tr, sections),
        _next_steps(step, tr, sections),
        _indicators(step, tr),
        _phases(step, tr),
        _disagreements(step, tr),
        _decisions_and_lessons(step, tr),
    ]
    return '<div class="cikit-ov">' + "".join(parts) + "</div>"


def workbooks_html(step: OverviewStep) -> str:
    """The list of the workbooks, keeping the language and the role."""
    tr = step.tr
    return "<h2>" + esc(tr("The workbooks")) + "</h2>" + step.page.workbook_links(tr)


def _link(step: OverviewStep, workbook_id: str, text: str) -> str:
    if not workbook_path(workbook_id).exists():
        return esc(text)
    href = esc(f"{workbook_id}.ipynb?{step.page.link_params()}")
    return f'<a href="{href}">{esc(text)}</a>'


def _conditions(step: OverviewStep, tr: Translator, sections) -> str:
    cards = []
    for section in sections:
        title = workbook_title(section.workbook, step.lang)
        nxt = ""
        if section.next_step:
            label = tr("Next step")
            nxt = (f'<p class="cikit-ov-next"><strong>{esc(label)}</strong> '
                   f"{esc(section.next_step)}</p>")  # fmt: skip
        cards.append(
            f'<div class="cikit-ov-card cikit-ov-{esc(section.status)}" '
            f'data-workbook="{esc(section.workbook)}">'
            f"<h3>{_link(step, section.workbook, title)}</h3>"
            f"{status_badge(section.status, tr)}"
            f'<p class="cikit-ov-headline">{esc(section.headline)}</p>{nxt}</div>'
        )
    heading = tr("Where the initiative stands")
    return f'<h2>{esc(heading)}</h2><div class="cikit-ov-grid">{"".join(cards)}</div>'


def _next_steps(step: OverviewStep, tr: Translator, sections) -> str:
    steps = [(workbook_title(s.workbook, step.lang), s.next_step) for s in sections if s.next_step]
    heading = tr("What to do next")
    if not steps:
        nothing = tr("Nothing pending.")
        return f"<h2>{esc(heading)}</h2><p>{esc(nothing)}</p>"
    items = "".join(f"<li><strong>{esc(t)}</strong> — {esc(s)}</li>" for t, s in steps)
    return f'<h2>{esc(heading)}</h2><ol class="cikit-ov-steps">{items}</ol>'


def _indicators(step: OverviewStep, tr: Translator) -> str:
    heading = tr("Headline indicators")
    board = mesure_commune.dashboard(step.workspace, step.lang)
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


def _phases(step: OverviewStep, tr: Translator) -> str:
    heading = tr("Phases of the initiative")
    grid = bilan.phase_ticks(step.workspace)
    if grid is None:
        note = tr("Not started: the phase grid is filled in the Backbone support workbook.")
        return f'<h2>{esc(heading)}</h2><p class="cikit-hint">{esc(note)}</p>'
    phases = [tr(bilan.PHASE_LABELS[p]) for p in bilan.PHASES]
    head = "".join(f'<th scope="col">{esc(p)}</th>' for p in phases)
    done, todo = tr("done"), tr("not yet")
    rows = []
    for row, labels in bilan.components():
        cells = "".join(
            f'<td class="cikit-ov-tick">{"✓ " + esc(done) if p in grid[row] else "· " + esc(todo)}</td>'
            for p in bilan.PHASES
        )
        name = labels.get(step.lang) or labels["fr"]
        rows.append(f'<tr><th scope="row">{esc(name)}</th>{cells}</tr>')
    return (
        f'<h2>{esc(heading)}</h2><div class="cikit-scroll"><table class="cikit-verdicts '
        f'cikit-ov-phases"><thead><tr><th></th>{head}</tr></thead><tbody>{"".join(rows)}'
        "</tbody></table></div>"
    )


def _disagreements(step: OverviewStep, tr: Translator) -> str:
    heading = tr("Open disagreements")
    found = plan_commun.open_disagreements(step.workspace)["what"]
    if found.empty:
        none = tr("None recorded.")
        return f'<h2>{esc(heading)}</h2><p class="cikit-hint">{esc(none)}</p>'
    items = "".join(f"<li>{esc(what)}</li>" for what in found)
    return f"<h2>{esc(heading)}</h2><ul>{items}</ul>"


def _decisions_and_lessons(step: OverviewStep, tr: Translator) -> str:
    lang = step.lang
    decisions = bilan.latest_decisions(step.workspace)
    lessons = bilan.latest_lessons(step.workspace)
    heading = tr("Latest decisions and lessons")
    if not decisions and not lessons:
        note = tr(
            "Not started: decisions and lessons are kept in the Continuous communication workbook."
        )
        return f'<h2>{esc(heading)}</h2><p class="cikit-hint">{esc(note)}</p>'
    kinds = {"success": tr("Success"), "setback": tr("Setback"), "": ""}
    items = [
        f"<li><span class=\"cikit-hint\">{esc(date(d['date'], lang))}</span> {esc(d['what'])}"
        + (f" <em>({esc(d['by'])})</em>" if d["by"] else "") + "</li>"
        for d in decisions
    ]  # fmt: skip
    items += [
        f"<li><span class=\"cikit-hint\">{esc(date(lesson['date'], lang))}</span> "
        f"<strong>{esc(kinds[lesson['kind']])}</strong> {esc(lesson['what'])}"
        + (f" → {esc(lesson['change'])}" if lesson["change"] else "") + "</li>"
        for lesson in lessons
    ]  # fmt: skip
    return f'<h2>{esc(heading)}</h2><ul class="cikit-ov-log">{"".join(items)}</ul>'
