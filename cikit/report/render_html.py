"""Sections as HTML: the one place where report text is escaped.

Every string in a block is plain text typed by someone or written by cikit;
it is escaped here with :func:`html.escape`, so ``<b>``, ``$x$`` or
``\\section{}`` are shown as typed.  A ``tex2jax_ignore`` class and no MathJax
in the report template keep dollar signs literal too.  Figures are SVG drawn
by :mod:`cikit.report.figures` (text inside is escaped by matplotlib).
"""

from __future__ import annotations

import html

from cikit import content
from cikit.errors import N_
from cikit.i18n import Translator
from cikit.i18n import format as fmt
from cikit.report.blocks import Bullets, Facts, Figure, Heading, Paragraph, Section, Table

STATUS_LABELS = {
    "not_started": N_("Not started"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
}
NOTHING_YET = N_("Nothing recorded yet in this workbook.")


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def workbook_title(workbook_id: str, lang: str) -> str:
    entry = content.get("workbooks", workbook_id)
    return entry.label(lang) if entry else workbook_id


def status_badge(status: str, tr: Translator) -> str:
    label = tr(STATUS_LABELS.get(status, status))
    return f'<span class="cikit-status cikit-status-{esc(status)}">{esc(label)}</span>'


def render_block(block, tr: Translator) -> str:
    """One block as HTML; unknown block types are skipped (a later type, an older renderer)."""
    if isinstance(block, Heading):
        return f"<h3>{esc(block.text)}</h3>"
    if isinstance(block, Paragraph):
        return "".join(f"<p>{esc(part)}</p>" for part in str(block.text).split("\n\n"))
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, Facts):
        rows = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in block.items)
        return f'<dl class="cikit-facts">{rows}</dl>'
    if isinstance(block, Table):
        frame = block.frame
        head = "".join(f'<th scope="col">{esc(c)}</th>' for c in frame.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{esc('' if _missing(v) else v)}</td>" for v in row) + "</tr>"
            for row in frame.itertuples(index=False)
        )
        caption = f"<caption>{esc(block.caption)}</caption>" if block.caption else ""
        return (
            f'<div class="cikit-table-wrap"><table class="cikit-table">{caption}'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
        )
    if isinstance(block, Figure):
        caption = f"<figcaption>{esc(block.caption)}</figcaption>" if block.caption else ""
        return (
            f'<figure class="cikit-figure" role="img" aria-label="{esc(block.alt)}">'
            f'<div class="cikit-svg" aria-hidden="true">{block.svg}</div>'
            f'<p class="cikit-alt">{esc(block.alt)}</p>{caption}</figure>'
        )
    return ""


def _missing(value: object) -> bool:
    try:
        return value is None or bool(value != value)  # NaN and pd.NA
    except (TypeError, ValueError):
        return False


def render_section(section: Section, tr: Translator, *, anchor: str = "") -> str:
    """A whole section: title with its status, headline, next step, body blocks."""
    title = workbook_title(section.workbook, tr.lang)
    parts = [
        f'<section class="cikit-report-section" id="{esc(anchor or "wb-" + section.workbook)}">',
        f"<h2>{esc(title)} {status_badge(section.status, tr)}</h2>",
        f'<p class="cikit-headline">{esc(section.headline)}</p>',
    ]
    if section.next_step:
        label = tr("Next step")
        colon = fmt.colon(tr.lang)
        parts.append(
            f'<p class="cikit-next"><strong>{esc(label)}{colon}</strong> {esc(section.next_step)}</p>'
        )
    if not section.blocks:
        nothing = tr(NOTHING_YET)
        parts.append(f'<p class="cikit-empty">{esc(nothing)}</p>')
    parts.extend(render_block(b, tr) for b in section.blocks)
    parts.append("</section>")
    return "\n".join(parts)
