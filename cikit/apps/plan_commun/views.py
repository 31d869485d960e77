"""Step 1, the round of views: each participant says, in a few lines, how their organisation
sees the problem, the goal, the population, the territory and the causes.

What a participant's phone runs: the questions, saved as the person writes.  The group's
results (side by side, shared and distinctive words) are in :mod:`.views_results`,
imported when they are shown.
"""

from __future__ import annotations

import asyncio
import html
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from cikit.apps.framework import LiveRound
from cikit.apps.plan_commun.common import VIEWS, AgendaContent
from cikit.errors import N_

if TYPE_CHECKING:
    import pandas as pd

ANSWER_MAX = 2000
SAVE_AFTER = 1.2
"""Seconds without typing after which a view answer is saved."""


class ViewsRound(AgendaContent, LiveRound):
    """Each partner's view, written live and read side by side."""

    id = VIEWS
    label = N_("1. Each partner's view")
    participant_label = N_("My view")
    round_key = VIEWS
    records_conclusion = False

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self.view_boxes: dict[str, ipw.Textarea] = {}
        self._shown_question = "problem"
        self._saved_text: dict[str, str] = {}
        self._view_drafts: dict[str, str] = {}
        """What the person is typing, by item: it survives a redraw (reveal, close, language)."""
        self._drafts_round: int | None = None
        self._pending_saves: dict[str, asyncio.TimerHandle] = {}

    # -- items and checks --------------------------------------------------------------------------

    def items(self) -> list[str]:
        return [f"view.{e['id']}" for e in self.doc["entries"]]

    def allowed_values(self, item: str) -> set:
        return set()

    def refusal(self, item: Any, value: Any) -> str | None:
        from cikit.i18n import format as fmt

        tr = self.tr
        cannot = tr("This answer cannot be saved.")
        if not isinstance(item, str) or item not in self.items() or not isinstance(value, str):
            return cannot
        text = value.strip()
        if not text and not self._saved_text.get(item):
            return tr("Write a few words first: an empty answer is not saved.")
        if len(text) > ANSWER_MAX:
            return tr(
                "This answer is too long ({length} characters; at most {limit}). "
                "Shorten it: it stays in the box until it is saved."
            ).format(
                length=fmt.integer(len(text), self.lang), limit=fmt.integer(ANSWER_MAX, self.lang)
            )
        return None

    # -- the questions -----------------------------------------------------------------------------

    def build_questions(self, answers: dict[str, Any], disabled: bool) -> list[ipw.Widget]:
        tr = self.tr
        self._saved_text = {k: v for k, v in answers.items() if isinstance(v, str)}
        if self._drafts_round != (self.round or {}).get("id"):
            self._view_drafts = {}
            self._drafts_round = (self.round or {}).get("id")
        self.view_boxes = {}
        lead = tr(
            "In a few lines each, say how your organisation sees things. "
            "There is no right answer: the differences are what the group "
            "will work with."
        )
        widgets: list[ipw.Widget] = [ipw.HTML(f'<p class="cikit-lead">{html.escape(lead)}</p>')]
        for entry in self.doc["entries"]:
            item = f"view.{entry['id']}"
            saved = answers.get(item) if isinstance(answers.get(item), str) else ""
            area = ipw.Textarea(
                value=self._view_drafts.get(item, saved),
                placeholder=self.text(entry.get("hint")),
                rows=3,
                continuous_update=True,
                layout=ipw.Layout(width="100%", max_width="760px"),
                disabled=disabled,
            )
            area.add_class("cikit-view-answer")
            area.observe(self._text_handler(item), names="value")
            self.view_boxes[entry["id"]] = area
            question = html.escape(self.text(entry.get("question")))
            label = ipw.HTML(f'<label class="cikit-label">{question}</label>')
            box = ipw.VBox([label, area])
            box.add_class("cikit-field")
            widgets.append(box)
        self.save_views_button = ipw.Button(
            description=tr("Save my answers"), button_style="primary", disabled=disabled
        )
        self.save_views_button.add_class("cikit-save-views")
        self.save_views_button.on_click(self.page.guarded(self._save_views))
        hint = tr(
            "Each answer is saved as you write (a moment after you stop typing); "
            "at most {limit} characters."
        )
        widgets += [
            self.save_views_button,
            ipw.HTML(f'<p class="cikit-hint">{html.escape(hint.format(limit=ANSWER_MAX))}</p>'),
        ]
        return widgets

    def _text_handler(self, item: str):
        def handler(change) -> None:
            self._view_drafts[item] = change["new"]
            self._save_soon(item)

        return handler

    def _save_soon(self, item: str) -> None:
        """Save once the person stops typing for a moment, not at every key.

        In a kernel the callback runs on its event loop; without one (tests, a
        plain script) the answer is saved at once.  A loop that merely looks
        running (Playwright's sync API keeps one registered in the test process)
        is not a kernel's: only a kernel's loop is trusted to fire the save.
        """
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or not _in_kernel():
            self._save_text(item, self._view_drafts.get(item, ""))
            return
        pending = self._pending_saves.pop(item, None)
        if pending is not None:
            pending.cancel()
        self._pending_saves[item] = loop.call_later(
            SAVE_AFTER, lambda: self._save_text(item, self._view_drafts.get(item, ""))
        )

    def _save_text(self, item: str, value: Any) -> bool:
        self._pending_saves.pop(item, None)
        text = value.strip() if isinstance(value, str) else value
        if isinstance(text, str) and text == self._saved_text.get(item, ""):
            return True
        if not self.submit(item, text):
            return False
        self._saved_text[item] = text
        if text == "":
            self.status.show(self.tr("Answer withdrawn."), "success")
        return True

    def _save_views(self, _button=None) -> None:
        saved = 0
        for field, area in self.view_boxes.items():
            item = f"view.{field}"
            pending = self._pending_saves.pop(item, None)
            if pending is not None:
                pending.cancel()
            if not area.value.strip() and item not in self._saved_text:
                continue  # never answered: nothing to save or withdraw
            if not self._save_text(item, area.value):
                return
            saved += 1
        if saved:
            self.status.show(self.tr("Your answers are saved."), "success")
        else:
            self.status.show(
                self.tr("Write a few words first: an empty answer is not saved."), "error"
            )

    # -- the group's results (pandas, text analysis and charts: imported when shown) ---------------

    def build_results(self, responses: pd.DataFrame) -> list[ipw.Widget]:
        from cikit.apps.plan_commun.views_results import views_results

        return views_results(self, responses)


def _in_kernel() -> bool:
    """True inside an IPython kernel (Voila or JupyterLab), whose loop runs callbacks."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None
