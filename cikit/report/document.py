"""The report's pieces as HTML: cover page, summary table of contents, sections.

Used inside the report notebook's kernel (:mod:`cikit.report.build` writes
cells that call :func:`show_cover` and :func:`show_section`) and by the
overview workbook for its on-screen summary.
"""

from __future__ import annotations

import datetime as dt
import logging
import os

from cikit import content
from cikit.errors import N_
from cikit.i18n import Translator
from cikit.report.blocks import Section
from cikit.report.render_html import esc, render_section, status_badge, workbook_title
from cikit.report.sections import section_for

log = logging.getLogger("cikit.report")

REPORT_WORKBOOK = "07_bilan"
LANGUAGE_NAMES = {"fr": N_("French"), "en": N_("English")}
NO_PROVIDER = N_("This workbook has no results to report yet.")
SECTION_FAILED = N_("This section could not be built; the others are complete.")


def report_workbooks() -> list[str]:
    """Every workbook the report has a section for: all but the overview itself."""
    return [e.id for e in content.workbooks() if e.id != REPORT_WORKBOOK]


def safe_section(workspace, workbook_id: str, tr: Translator) -> Section:
    """A workbook's section; a missing provider or a failing one becomes a plain section."""
    try:
        found = section_for(workbook_id, workspace, tr)
    except Exception:  # one broken provider must not sink the whole report
        log.exception("section %s failed", workbook_id)
        return Section(workbook_id, "not_started", tr(SECTION_FAILED))
    if found is None:
        return Section(workbook_id, "not_started", tr(NO_PROVIDER))
    return found


def cover_html(
    workspace, sections: list[Section], tr: Translator, today: dt.date | None = None
) -> str:
    """The cover: name, date, language; then where each condition stands, as a linked contents."""
    profile = workspace.profile()
    today = today or dt.date.today()
    title, subtitle = tr("Report"), tr("Where the initiative stands")
    date_label, lang_label = tr("Date"), tr("Language")
    language = tr(LANGUAGE_NAMES[tr.lang])
    rows = []
    for section in sections:
        name = workbook_title(section.workbook, tr.lang)
        rows.append(
            f'<tr><td><a href="#wb-{esc(section.workbook)}">{esc(name)}</a></td>'
            f"<td>{status_badge(section.status, tr)}</td><td>{esc(section.headline)}</td>"
            f"<td>{esc(section.next_step or '—')}</td></tr>"
        )
    heads = [tr("Workbook"), tr("Status"), tr("Where it stands"), tr("Next step")]
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in heads)
    contents = tr("Contents")
    return (
        '<section class="cikit-cover">'
        f'<p class="cikit-kicker">{esc(title)}</p>'
        f"<h1>{esc(profile.get('name', ''))}</h1>"
        f'<p class="cikit-subtitle">{esc(subtitle)}</p>'
        f'<dl class="cikit-facts"><dt>{esc(date_label)}</dt><dd>{today.isoformat()}</dd>'
        f"<dt>{esc(lang_label)}</dt><dd>{esc(language)}</dd></dl>"
        "</section>"
        f'<nav class="cikit-toc" aria-label="{esc(contents)}"><h2>{esc(contents)}</h2>'
        f'<div class="cikit-table-wrap"><table class="cikit-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></nav>"
    )


def _workspace():
    from cikit.store import open_workspace

    return open_workspace(os.environ["CIKIT_WORKSPACE"])


def _display(markup: str) -> None:
    from IPython.display import HTML, display

    display(HTML(markup))


# The report kernel builds every section once for the contents, then shows each in its cell.
_BUILT: dict[tuple[str, str], Section] = {}


def show_cover(lang: str) -> None:
    """In the report kernel: display the cover and the contents."""
    tr = Translator(lang)
    with _workspace() as ws:
        sections = [safe_section(ws, w, tr) for w in report_workbooks()]
        _BUILT.update({(s.workbook, lang): s for s in sections})
        _display(cover_html(ws, sections, tr))


def show_section(workbook_id: str, lang: str) -> None:
    """In the report kernel: display one workbook's section."""
    tr = Translator(lang)
    section = _BUILT.pop((workbook_id, lang), None)
    if section is None:
        with _workspace() as ws:
            section = safe_section(ws, workbook_id, tr)
    _display(render_section(section, tr))
