"""Step 4, the decision log and the learning log, side by side.

Decisions (what, on what information, by whom) and lessons (a success or a setback,
and what the group changes) are versioned records ``decision.<hex>`` and
``lesson.<hex>``; setbacks are recorded like successes: that is how the group
learns.  The facilitator adds, edits and removes them (:mod:`.records`).
"""

from __future__ import annotations

import html

import ipywidgets as ipw

from cikit.apps.communication.records import DECISION, LESSON, RecordsStep
from cikit.errors import N_


def _newest_first(records: list[dict]) -> list[dict]:
    return sorted(records, key=lambda d: str(d["content"].get("date", "")), reverse=True)


class LogsStep(RecordsStep):
    """What the group decided, and what it learnt."""

    id = "logs"
    label = N_("4. Decisions and lessons")
    participant_label = N_("Decisions and lessons")
    prefixes = (DECISION, LESSON)

    def build_records(self) -> list[ipw.Widget]:
        from cikit.analysis.logs import LESSON_LABELS

        tr = self.tr
        decisions = _newest_first(self.records(DECISION))
        lessons = _newest_first(self.records(LESSON))
        successes = sum(1 for d in lessons if d["content"].get("kind") == "success")
        setbacks = sum(1 for d in lessons if d["content"].get("kind") == "setback")
        decision_cards = []
        for d in decisions:
            c = d["content"]
            info = str(c.get("information", ""))
            info_html = (
                '<p><span class="cikit-comm-label">'
                + html.escape(tr("On what information"))
                + "</span> "
                f"{html.escape(info)}</p>"
                if info
                else ""
            )
            decision_cards.append(
                self.card(
                    DECISION,
                    d["key"],
                    '<div class="cikit-comm-card cikit-comm-decision">'
                    f'<span class="cikit-hint">{html.escape(str(c.get("date", "")))} · '
                    f"{html.escape(str(c.get('by', '')))}</span>"
                    f"<p><strong>{html.escape(str(c.get('what', '')))}</strong></p>{info_html}</div>",
                )
            )
        lesson_cards = []
        for d in lessons:
            c = d["content"]
            kind = c.get("kind") if c.get("kind") in LESSON_LABELS else "success"
            change = str(c.get("change", ""))
            change_html = (
                '<p><span class="cikit-comm-label">'
                + html.escape(tr("What we change"))
                + "</span> "
                f"{html.escape(change)}</p>"
                if change
                else ""
            )
            tag = html.escape(tr(LESSON_LABELS[kind]))
            lesson_cards.append(
                self.card(
                    LESSON,
                    d["key"],
                    f'<div class="cikit-comm-card cikit-comm-lesson cikit-comm-{kind}">'
                    f'<span class="cikit-comm-tag">{tag}</span> '
                    f'<span class="cikit-hint">{html.escape(str(c.get("date", "")))}</span>'
                    f"<p>{html.escape(str(c.get('what', '')))}</p>{change_html}</div>",
                )
            )
        counts = tr("{successes} successes · {setbacks} setbacks").format(
            successes=successes, setbacks=setbacks
        )
        hint = tr("Setbacks are recorded like successes: that is how the group learns.")
        left = [
            ipw.HTML("<h2>" + html.escape(tr("Decision log")) + "</h2>"),
            self.cards_box(decision_cards or [self.note(tr("No decision recorded yet."))]),
        ]
        right = [
            ipw.HTML(
                "<h2>" + html.escape(tr("Learning log")) + "</h2>"
                f'<p class="cikit-hint">{html.escape(counts)} — {html.escape(hint)}</p>'
            ),
            self.cards_box(lesson_cards or [self.note(tr("No lesson recorded yet."))]),
        ]
        if self.is_facilitator:
            left.append(self.form(DECISION))
            right.append(self.form(LESSON))
        columns = ipw.HBox([ipw.VBox(left), ipw.VBox(right)])
        columns.add_class("cikit-comm-logs")
        for child in columns.children:
            child.add_class("cikit-comm-column")
        return [columns]
