"""The adopted common agenda as one page of HTML, and the difference between two versions.

These build HTML from values they are given (every piece of typed text escaped)
and compute nothing; the app and, later, the exported report use the same page.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the page itself is plain HTML: a phone draws it without pandas
    import pandas as pd


def _text_block(text: str) -> str:
    """Paragraphs of typed text: escaped, blank lines split paragraphs, line breaks kept."""
    paragraphs = [p.strip() for p in str(text).split("\n\n") if p.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in p.splitlines()) + "</p>"
        for p in paragraphs
    )


def _list_block(items: Sequence[str], *, ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{html.escape(str(i))}</li>" for i in items) + f"</{tag}>"


def agenda_page(
    agenda: Mapping[str, Any],
    *,
    labels: Mapping[str, str],
    title: str,
    subtitle: str,
    meta: str,
    disagreements: Sequence[Mapping[str, str]] = (),
    disagreements_label: str = "",
    empty: str = "—",
) -> str:
    """The one-page view people put on a projector.

    ``labels`` maps each field to its heading in the reader's language;
    ``disagreements`` are the open ones (``what`` and ``handling``), shown in
    their own box so a disagreement is never hidden in the small print.
    """

    def section(field: str, body: str, extra_class: str = "") -> str:
        return (
            f'<section class="cikit-agenda-section {extra_class}">'
            f"<h3>{html.escape(labels.get(field, field))}</h3>{body}</section>"
        )

    def text(field: str) -> str:
        value = agenda.get(field) or ""
        return _text_block(value) if value else f'<p class="cikit-empty">{html.escape(empty)}</p>'

    goal_body = text("goal")
    if agenda.get("horizon"):
        goal_body += (
            f'<p class="cikit-agenda-horizon"><span>{html.escape(labels.get("horizon", ""))}</span> '
            f"<strong>{html.escape(str(agenda['horizon']))}</strong></p>"
        )
    strategies = agenda.get("strategies") or []
    principles = agenda.get("principles") or []
    parts = [
        '<article class="cikit-agenda-page">',
        '<header class="cikit-agenda-head">',
        f'<div class="cikit-agenda-kicker">{html.escape(subtitle)}</div>',
        f"<h2>{html.escape(title)}</h2>",
        f'<div class="cikit-agenda-meta">{html.escape(meta)}</div>',
        "</header>",
        '<div class="cikit-agenda-lead">',
        section("vision", text("vision"), "cikit-agenda-vision"),
        section("goal", goal_body, "cikit-agenda-goal"),
        "</div>",
        '<div class="cikit-agenda-grid">',
        section(
            "problem",
            text("problem")
            + (
                f"<h4>{html.escape(labels.get('data', ''))}</h4>{text('data')}"
                if agenda.get("data")
                else ""
            ),
        ),
        section("population", text("population")),
        section("territory", text("territory")),
        "</div>",
        section(
            "strategies",
            _list_block(strategies, ordered=True) if strategies else text("strategies"),
            "cikit-agenda-strategies",
        ),
        '<div class="cikit-agenda-grid">',
        section("principles", _list_block(principles) if principles else text("principles")),
        section("evaluation", text("evaluation")),
        "</div>",
    ]
    if disagreements:
        items = "".join(
            f"<li><strong>{html.escape(d.get('what', ''))}</strong>"
            + (f"<div>{html.escape(d['handling'])}</div>" if d.get("handling") else "")
            + "</li>"
            for d in disagreements
        )
        parts.append(
            '<section class="cikit-agenda-section cikit-agenda-disagreements">'
            f"<h3>{html.escape(disagreements_label)}</h3><ul>{items}</ul></section>"
        )
    parts.append("</article>")
    return "".join(parts)


def changes_table(
    changes: pd.DataFrame,
    *,
    labels: Mapping[str, str],
    change_labels: Mapping[str, str],
    headers: Sequence[str],
    added: str,
    removed: str,
) -> str:
    """:func:`cikit.analysis.votes.version_changes` as a table; unchanged fields left out."""
    rows = []
    for row in changes.itertuples():
        if row.change == "same":
            continue
        if row.added_items or row.removed_items:
            detail = "".join(
                f'<div class="cikit-diff-add">+ {html.escape(str(i))}</div>'
                for i in row.added_items
            ) + "".join(
                f'<div class="cikit-diff-del">− {html.escape(str(i))}</div>'
                for i in row.removed_items
            )
            before_after = f'<td colspan="2">{detail}</td>'
        else:
            before = "" if row.before is None else str(row.before)
            after = "" if row.after is None else str(row.after)
            before_after = (
                f'<td class="cikit-diff-del">{html.escape(before)}</td>'
                f'<td class="cikit-diff-add">{html.escape(after)}</td>'
            )
        rows.append(
            f'<tr><th scope="row">{html.escape(labels.get(row.field, row.field))}</th>'
            f'<td><span class="cikit-change cikit-change-{row.change}">'
            f"{html.escape(change_labels.get(row.change, row.change))}</span></td>"
            f"{before_after}</tr>"
        )
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    legend = (
        f'<p class="cikit-hint"><span class="cikit-diff-add">+ {html.escape(added)}</span> · '
        f'<span class="cikit-diff-del">− {html.escape(removed)}</span></p>'
    )
    return (
        f'<div class="cikit-scroll"><table class="cikit-diff"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{legend}"
    )
