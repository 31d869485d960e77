"""Step 2, the vote: the facilitator's proposals for the problem, the vision and the goal;
each person spreads a few dots over them and says how much they agree with each.

What a participant's phone runs: the proposals, the dots and the 1-5 agreement.  The
facilitator's form of proposals is in :mod:`.candidates`, the ranked results in
:mod:`.votes_results` (computed once, on the facilitator's page) and :mod:`.votes_view`
(drawn everywhere); each is imported where it is used.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from cikit.analysis.plan_commun import candidate_ids
from cikit.analysis.votes import AllocationError, check_allocation
from cikit.apps.framework import LiveRound, facilitator_only
from cikit.apps.plan_commun.common import LETTERS, MAX_DOTS, VOTES, AgendaContent
from cikit.components.likert import LikertItem
from cikit.errors import N_, CikitError

if TYPE_CHECKING:
    import pandas as pd

Candidates = dict[str, list[dict[str, str]]]


def vote_config(round_: dict | None, doc: dict) -> tuple[int, Candidates]:
    """A vote round's dots and proposals; anything malformed counts as no proposal.

    The configuration is the facilitator's, but it is read back from the workspace,
    which another program may have written: check it like input.
    """
    config = (round_ or {}).get("config")
    if not isinstance(config, dict):
        return 0, {}
    dots = config.get("dots")
    if isinstance(dots, bool) or not isinstance(dots, int) or not 1 <= dots <= MAX_DOTS:
        return 0, {}
    candidates = config.get("candidates")
    if not isinstance(candidates, dict):
        return dots, {}
    clean: Candidates = {}
    for entry in doc["candidate_fields"]:
        given = candidates.get(entry["id"])
        if not isinstance(given, list) or not 1 <= len(given) <= len(LETTERS):
            continue
        items = [
            {"id": c["id"], "text": c["text"]}
            for c in given
            if isinstance(c, dict)
            and isinstance(c.get("id"), str)
            and isinstance(c.get("text"), str)
        ]
        if len(items) == len(given) and len({c["id"] for c in items}) == len(items):
            clean[entry["id"]] = items
    return dots, clean


class VotesRound(AgendaContent, LiveRound):
    """Proposals put to the group: dots and agreement."""

    id = VOTES
    label = N_("2. Proposals and votes")
    participant_label = N_("Vote")
    round_key = VOTES
    records_conclusion = False

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self._candidate_draft: dict[str, list[str]] | None = None
        """The facilitator's proposals as typed, kept across redraws until saved."""
        self._dots_draft: int | None = None
        self._allocations: dict[str, dict[str, int]] = {}
        self.candidate_boxes: dict[str, list[ipw.Textarea]] = {}

    def vote_config(self) -> tuple[int, Candidates]:
        return vote_config(self.round, self.doc)

    # -- items and checks --------------------------------------------------------------------------

    def items(self) -> list[str]:
        _dots, candidates = self.vote_config()
        ids = candidate_ids(candidates)
        return [f"dots.{f}" for f in ids] + [f"agree.{c}" for f in ids for c in ids[f]]

    def allowed_values(self, item: str) -> set:
        return set()

    def refusal(self, item: Any, value: Any) -> str | None:
        tr = self.tr
        cannot = tr("This answer cannot be saved.")
        if not isinstance(item, str) or item not in self.items():
            return cannot
        if item.startswith("dots."):
            dots, candidates = self.vote_config()
            field = item[len("dots.") :]
            try:
                check_allocation(value, candidates=candidate_ids(candidates)[field], dots=dots)
            except AllocationError as err:
                if err.reason == "too_many_dots":
                    return tr(
                        "You have {dots} dots for this question: take one back from "
                        "another proposal first."
                    ).format(dots=dots)
                return cannot
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            return cannot
        return None

    # -- the facilitator's proposals, above the round ----------------------------------------------

    def build_before(self) -> list[ipw.Widget]:
        from cikit.apps.plan_commun.candidates import candidates_form

        return [candidates_form(self)]

    def round_config(self) -> dict[str, Any]:
        from cikit.apps.plan_commun.candidates import collect_candidates

        candidates, dots = collect_candidates(self)
        self._save_candidates()
        return {"dots": dots, "candidates": candidates}

    @facilitator_only
    def _save_candidates(self, _button=None) -> None:
        from cikit.apps.plan_commun.candidates import collect_candidates

        tr = self.tr
        try:
            candidates, dots = collect_candidates(self)
            self.workspace.adopt_decision(
                workbook=self.workbook_id,
                key="candidates",
                content={
                    "candidates": {f: [c["text"] for c in cs] for f, cs in candidates.items()},
                    "dots": dots,
                },
                adopted_by=tr("Facilitator"),
            )
        except CikitError as err:
            self.candidates_status.show(err.render(tr), "error")
            return
        self.candidates_status.show(tr("Draft saved."), "success")

    # -- the questions: dots and agreement ---------------------------------------------------------

    def build_questions(self, answers: dict[str, Any], disabled: bool) -> list[ipw.Widget]:
        tr = self.tr
        dots, candidates = self.vote_config()
        levels = [(self.text(level), level["id"]) for level in self.doc["agreement"]]
        self.agree_items: dict[str, LikertItem] = {}
        self.dot_buttons: dict[str, tuple[ipw.Button, ipw.Button]] = {}
        self._dot_labels: dict[str, ipw.HTML] = {}
        self._dots_left: dict[str, ipw.HTML] = {}
        lead = tr(
            "For each question, give your {dots} dots to the wordings you prefer "
            "(several to one if you wish), and say how much you agree with each."
        ).format(dots=dots)
        widgets: list[ipw.Widget] = [ipw.HTML(f'<p class="cikit-lead">{html.escape(lead)}</p>')]
        for field, cands in candidates.items():
            ids = [c["id"] for c in cands]
            try:
                allocation = check_allocation(
                    answers.get(f"dots.{field}") or {}, candidates=ids, dots=dots
                )
            except AllocationError:
                allocation = {}
            self._allocations[field] = allocation
            self._dots_left[field] = ipw.HTML()
            section = [
                ipw.HTML(f"<h2>{html.escape(self.field_label(field))}</h2>"),
                self._dots_left[field],
            ]
            for number, cand in enumerate(cands):
                section.append(self._candidate_card(field, number, cand, answers, levels, disabled))
            widgets.append(ipw.VBox(section))
            self._show_dots(field)
        return widgets

    def _candidate_card(
        self, field: str, number: int, cand: dict, answers: dict, levels: list, disabled: bool
    ) -> ipw.Widget:
        tr = self.tr
        cid = cand["id"]
        minus = ipw.Button(description="−", tooltip=tr("Take back a dot"), disabled=disabled)
        plus = ipw.Button(description="+", tooltip=tr("Give a dot"), disabled=disabled)
        minus.add_class("cikit-dot-minus")
        plus.add_class("cikit-dot-plus")
        minus.on_click(self.page.guarded(self._dot_handler(field, cid, -1)))
        plus.on_click(self.page.guarded(self._dot_handler(field, cid, +1)))
        self.dot_buttons[cid] = (minus, plus)
        self._dot_labels[cid] = ipw.HTML()
        controls = ipw.HBox([minus, self._dot_labels[cid], plus])
        controls.add_class("cikit-dot-controls")
        given = answers.get(f"agree.{cid}")
        agree = LikertItem(
            tr("Your agreement with this wording"),
            levels=levels,
            dont_know=None,
            value=given if given in {1, 2, 3, 4, 5} else None,
        )
        agree.disabled = disabled
        agree.add_class("cikit-agree")
        agree.observe(self.answer_handler(f"agree.{cid}", agree), names="value")
        self.agree_items[cid] = agree
        text = html.escape(str(cand.get("text", "")))
        card = ipw.VBox(
            [
                ipw.HTML(
                    f'<div class="cikit-candidate"><span class="cikit-letter">'
                    f"{LETTERS[number]}</span> {text}</div>"
                ),
                controls,
                agree,
            ]
        )
        card.add_class("cikit-candidate-card")
        return card

    def _show_dots(self, field: str) -> None:
        dots, candidates = self.vote_config()
        allocation = self._allocations.get(field, {})
        used = sum(allocation.values())
        left = self.tr("{left} of your {dots} dots left for this question").format(
            left=dots - used, dots=dots
        )
        self._dots_left[field].value = f'<p class="cikit-dots-left">{html.escape(left)}</p>'
        for cand in candidates.get(field, []):
            count = allocation.get(cand["id"], 0)
            label = self.tr("{count} dot(s)").format(count=count)
            self._dot_labels[cand["id"]].value = (
                f'<span class="cikit-dots" aria-label="{html.escape(label, quote=True)}">'
                f'{"●" * count}<span class="cikit-dots-count">{count}</span></span>'
            )

    def _dot_handler(self, field: str, candidate: str, step: int):
        def handler(_button=None) -> None:
            allocation = dict(self._allocations.get(field, {}))
            count = allocation.get(candidate, 0) + step
            if count < 0:
                return
            allocation[candidate] = count
            allocation = {k: v for k, v in allocation.items() if v}
            if self.submit(f"dots.{field}", allocation):
                self._allocations[field] = allocation
                self._show_dots(field)

        return handler

    # -- the group's results: computed once (pandas), published, drawn light everywhere -----------

    def ranked(self, responses: pd.DataFrame) -> dict[str, pd.DataFrame]:
        """Each question's proposals, best first (see :func:`.votes_results.ranked`)."""
        from cikit.apps.plan_commun.votes_results import ranked

        return ranked(self.round, self.doc, responses)

    publishes = True

    def summarize(self, responses: pd.DataFrame) -> dict[str, Any]:
        from cikit.apps.plan_commun.votes_results import summarize

        return summarize(self, responses)

    def build_published(self, payload: dict[str, Any]) -> list[ipw.Widget]:
        from cikit.apps.plan_commun.votes_view import votes_view

        return votes_view(self, payload)
