"""The facilitator's proposals: two or three wordings per question, drafted before a vote
opens.  Only the facilitator's page draws this form; saving goes through the vote step's
gated :meth:`~.votes.VotesRound._save_candidates`."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as ipw

from cikit.apps.plan_commun.common import LETTERS, MAX_DOTS
from cikit.components.messages import MessageArea
from cikit.errors import N_, ValidationError

if TYPE_CHECKING:
    from cikit.apps.plan_commun.votes import Candidates, VotesRound

CANDIDATE_MAX = 600


def candidates_form(step: VotesRound) -> ipw.Widget:
    """The proposals to vote on, as drafted (or saved, or in the open vote), and the dots."""
    tr = step.tr
    saved = step.workspace.decision(step.workbook_id, "candidates")
    draft = step._candidate_draft
    if draft is None:
        draft = (saved or {}).get("content", {}).get("candidates")
    if draft is None and step.round:
        _dots, config = step.vote_config()
        draft = {f: [c.get("text", "") for c in cands] for f, cands in config.items()}
    draft = draft or {}
    dots_default = step._dots_draft or (saved or {}).get("content", {}).get("dots") or 3
    step.candidate_boxes = {}
    lead = tr(
        "Draft two or three wordings of the problem, the vision and the goal, "
        "drawing on the partners' views. Leave a box empty to skip it. Opening "
        "a new vote puts these proposals to the group."
    )
    sections: list[ipw.Widget] = [
        ipw.HTML(
            "<h2>" + html.escape(tr("Proposals to vote on")) + "</h2>"
            f'<p class="cikit-lead">{html.escape(lead)}</p>'
        )
    ]
    for entry in step.doc["candidate_fields"]:
        texts = list(draft.get(entry["id"], [])) + ["", "", ""]
        boxes = []
        for number in range(3):
            box = ipw.Textarea(
                value=str(texts[number])[:5000],
                placeholder=tr("Proposal {letter}").format(letter=LETTERS[number]),
                rows=3,
                layout=ipw.Layout(width="100%", max_width="760px"),
            )
            box.add_class(f"cikit-candidate-{entry['id']}-{number + 1}")
            box.observe(lambda _change: remember_candidates(step), names="value")
            boxes.append(box)
        step.candidate_boxes[entry["id"]] = boxes
        label = html.escape(step.text(entry))
        sections.append(ipw.VBox([ipw.HTML(f'<label class="cikit-label">{label}</label>'), *boxes]))
    step.dots_choice = ipw.BoundedIntText(
        value=int(dots_default) if isinstance(dots_default, int) else 3,
        min=1,
        max=MAX_DOTS,
        layout=ipw.Layout(width="120px"),
    )
    step.dots_choice.add_class("cikit-dots-choice")
    step.dots_choice.observe(
        lambda change: setattr(step, "_dots_draft", change["new"]), names="value"
    )
    dots_label = tr("Dots per person, for each question")
    step.save_candidates_button = ipw.Button(description=tr("Save the draft"))
    step.save_candidates_button.on_click(step.page.guarded(step._save_candidates))
    step.candidates_status = MessageArea()
    row = ipw.HBox(
        [
            ipw.HTML(f'<label class="cikit-label">{html.escape(dots_label)}</label>'),
            step.dots_choice,
            step.save_candidates_button,
        ]
    )
    row.add_class("cikit-buttons")
    sections += [row, step.candidates_status]
    box = ipw.VBox(sections)
    box.add_class("cikit-candidates-form")
    return box


def remember_candidates(step: VotesRound) -> None:
    step._candidate_draft = {
        f: [b.value for b in boxes] for f, boxes in step.candidate_boxes.items()
    }


def collect_candidates(step: VotesRound) -> tuple[Candidates, int]:
    """The drafted proposals as a vote configuration; ValidationError if unusable."""
    candidates: Candidates = {}
    for field, boxes in step.candidate_boxes.items():
        texts = [b.value.strip() for b in boxes if isinstance(b.value, str) and b.value.strip()]
        for text in texts:
            if len(text) > CANDIDATE_MAX:
                raise ValidationError(
                    N_("A proposal is too long ({length} characters; at most {limit})."),
                    field="candidates",
                    length=len(text),
                    limit=CANDIDATE_MAX,
                )
        if texts:
            candidates[field] = [
                {"id": f"{field}.{n}", "text": t} for n, t in enumerate(texts, start=1)
            ]
    if not any(len(c) >= 2 for c in candidates.values()):
        raise ValidationError(
            N_("Write at least two proposals for one question before opening the vote."),
            field="candidates",
        )
    dots = step.dots_choice.value
    if isinstance(dots, bool) or not isinstance(dots, int) or not 1 <= dots <= MAX_DOTS:
        raise ValidationError(
            N_("Choose between 1 and {limit} dots."), field="dots", limit=MAX_DOTS
        )
    return candidates, dots
