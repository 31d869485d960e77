"""Step 3, the communication plan: who meets, how often, through which channel, for whom.

A calendar of the next months and one card per table (a versioned record
``table.<hex>``); the facilitator adds, edits and removes tables (:mod:`.records`).
"""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as ipw

from cikit import palette
from cikit.apps.communication.records import TABLE, RecordsStep
from cikit.components.bars import legend
from cikit.errors import N_
from cikit.i18n import format as fmt

CALENDAR_MONTHS = 6
# The same colours as the calendar's and the cards' left borders (style.css).
KIND_COLOURS = palette.TABLE_KINDS


class PlanStep(RecordsStep):
    """The communication plan: the tables and when they meet."""

    id = "plan"
    label = N_("3. Communication plan")
    participant_label = N_("Plan")
    prefixes = (TABLE,)

    def build_records(self) -> list[ipw.Widget]:
        from cikit.analysis.logs import FREQUENCY_LABELS, KIND_LABELS, calendar

        tr = self.tr
        tables = self.records(TABLE)
        names = self.partner_names()
        today = dt.date.today()
        rows = [{"key": t["key"], **t["content"]} for t in tables]
        meetings = calendar(rows, since=today, months=CALENDAR_MONTHS)
        intro = tr(
            "Who meets, how often, through which channel and for whom: regular, open "
            "communication is how trust is built over the years."
        )
        calendar_html = ipw.HTML(self._calendar_html(meetings, today))
        calendar_html.add_class("cikit-comm-wide")  # its grid wraps instead of overflowing
        widgets: list[ipw.Widget] = [
            ipw.HTML(f'<p class="cikit-lead">{html.escape(intro)}</p>'),
            calendar_html,
            ipw.HTML("<h2>" + html.escape(tr("The tables")) + "</h2>"),
        ]
        cards = []
        for t in tables:
            c = t["content"]
            members = ", ".join(
                names.get(m, "?") for m in c.get("members", []) if isinstance(m, int)
            )
            facts = [
                (tr("How often"), tr(FREQUENCY_LABELS.get(c.get("frequency"), N_("Other")))),
                (tr("First meeting"), str(c.get("start", ""))),
                (tr("Channel"), str(c.get("channel", ""))),
                (tr("For whom"), str(c.get("audience", "")) or "—"),
                (tr("Partners sitting on it"), members or "—"),
            ]
            dl = "".join(
                f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>"
                for label, value in facts
            )
            kind = c.get("kind") if c.get("kind") in KIND_LABELS else "other"
            tag = html.escape(tr(KIND_LABELS[kind]))
            cards.append(
                self.card(
                    TABLE,
                    t["key"],
                    f'<div class="cikit-comm-card cikit-comm-table cikit-comm-{kind}">'
                    f'<span class="cikit-comm-tag">{tag}</span>'
                    f"<h3>{html.escape(str(c.get('name', '')))}</h3><dl>{dl}</dl></div>",
                )
            )
        if not cards:
            cards.append(self.note(tr("No table in the plan yet.")))
        widgets.append(self.cards_box(cards))
        if self.is_facilitator:
            widgets.append(self.form(TABLE))
        return widgets

    def _calendar_html(self, meetings, today: dt.date) -> str:
        import pandas as pd

        from cikit.analysis.logs import KIND_LABELS, TABLE_KINDS

        tr = self.tr
        title = tr("The next {months} months").format(months=CALENDAR_MONTHS)
        months = pd.period_range(pd.Timestamp(today), periods=CALENDAR_MONTHS, freq="M")
        columns = []
        for month in months:
            label = fmt.month(month.year, month.month, self.lang)
            found = meetings[meetings["month"] == str(month)]
            items = (
                "".join(
                    f'<li class="cikit-comm-{html.escape(str(r.kind))}" '
                    f'title="{html.escape(str(r.channel), quote=True)}">'
                    f'<span class="cikit-comm-day">{r.date.day}</span> {html.escape(str(r.name))}</li>'
                    for r in found.itertuples()
                )
                or '<li class="cikit-hint">' + html.escape(tr("No meeting")) + "</li>"
            )
            columns.append(
                f'<div class="cikit-comm-month"><h4>{html.escape(label)}</h4><ul>{items}</ul></div>'
            )
        key = legend(
            [tr(KIND_LABELS[k]) for k in TABLE_KINDS], [KIND_COLOURS[k] for k in TABLE_KINDS]
        )
        return (
            f'<h2>{html.escape(title)}</h2><div class="cikit-comm-calendar">{"".join(columns)}</div>'
            f'<div class="cikit-comm-calendar-legend">{key}</div>'
        )
