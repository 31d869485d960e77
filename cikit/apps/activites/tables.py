"""The light part of the Activities workbook's views: the strategies' codes and the table of
activities, which a participant's phone draws while declaring.

No pandas import and no chart here: the table is given a frame the store returned.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as ipw

if TYPE_CHECKING:
    import pandas as pd

    from cikit.analysis.activites.references import References
    from cikit.i18n import Translator


def strategy_codes(refs: References) -> dict[str, str]:
    """« S1 », « S2 »… for the agenda's strategies, in its order."""
    return {s: f"S{n}" for n, s in enumerate(refs.strategies, start=1)}


def period(tr: Translator, start: str, end: str) -> str:
    """An activity's period in words, months in the reader's language (« depuis janv. 2026 »)."""
    from cikit.i18n import format as fmt

    # A month stays on one line in a narrow column (« janv. 2026 »).
    start, end = (fmt.period(m, tr.lang, empty="").replace(" ", "\u00a0") for m in (start, end))
    if start and end:
        return tr("from {start} to {end}").format(start=start, end=end)
    if start:
        return tr("since {start}").format(start=start)
    if end:
        return tr("until {end}").format(end=end)
    return tr("no dates given")


def activities_table(
    tr: Translator, frame: pd.DataFrame, refs: References, *, shown: int = 60
) -> str:
    """The activities as a readable table (most recent first), names escaped."""
    if frame.empty:
        return note_html(tr("No activity declared yet."))
    codes = strategy_codes(refs)
    head = "".join(
        f"<th scope='col'>{html.escape(t)}</th>"
        for t in (
            tr("Activity"),
            tr("Partner"),
            tr("Strategy"),
            tr("For whom"),
            tr("Where"),
            tr("When"),
        )  # fmt: skip
    )
    rows = []
    for row in frame.sort_values("id", ascending=False).head(shown).itertuples():
        strategy = codes.get(row.strategy, row.strategy[:40]) if row.strategy else "–"
        rows.append(
            "<tr>"
            f"<td>{html.escape(row.name)}</td>"
            f"<td>{html.escape(refs.partners.get(int(row.partner_id), ''))}</td>"
            f"<td title='{html.escape(row.strategy, quote=True)}'>{html.escape(strategy)}</td>"
            f"<td>{html.escape(', '.join(row.populations))}</td>"
            f"<td>{html.escape(', '.join(row.territories))}</td>"
            f"<td>{html.escape(period(tr, row.start, row.end))}</td>"
            "</tr>"
        )
    more = ""
    if len(frame) > shown:
        more = "<p class='cikit-hint'>" + html.escape(
            tr("The {shown} most recent of {count} activities.").format(
                shown=shown, count=len(frame))) + "</p>"  # fmt: skip
    return (
        "<div class='cikit-scroll'><table class='cikit-verdicts cikit-activities-table'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>{more}"
    )


def note(text: str) -> ipw.HTML:
    return ipw.HTML(note_html(text))


def note_html(text: str) -> str:
    return f'<p class="cikit-note">{html.escape(text)}</p>'
