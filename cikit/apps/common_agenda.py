"""The Common agenda workbook: each partner's view, side by side, votes, disagreements, adoption.

Two live rounds share the page: ``views`` (each participant writes how they see
the problem, the goal, the population, the territory and the causes) and
``votes`` (dots and a 1-5 agreement on the facilitator's candidate wordings).
Disagreements and the agenda itself are versioned decisions, so every edit and
every adopted version stays readable.
"""

from __future__ import annotations

import asyncio
import html
import logging
import secrets
from typing import Any, ClassVar

import ipywidgets as ipw
import pandas as pd

from cikit import content, palette
from cikit.analysis.agenda import (
    FIELDS,
    AgendaError,
    candidate_ids,
    clean_agenda,
    leading,
    missing_fields,
    rank_candidates,
    split_lines,
)
from cikit.analysis.text import kinds_by_group, shared_and_distinctive, terms, terms_by_group
from cikit.analysis.votes import (
    AllocationError,
    agreement,
    check_allocation,
    dot_totals,
    version_changes,
)
from cikit.apps.gate import facilitator_only
from cikit.apps.rounds import RoundApp, _close_replaced
from cikit.components import LikertItem, MessageArea, count_bars
from cikit.components.agenda_page import agenda_page, changes_table
from cikit.components.charts import legend_html
from cikit.errors import N_, CikitError, ValidationError
from cikit.i18n import Translator
from cikit.i18n import format as fmt
from cikit.store.respondent import participant_id
from cikit.store.rounds import OPEN

log = logging.getLogger("cikit.apps.common_agenda")

CONTENT = "common_agenda"
VIEWS, VOTES, DISAGREEMENTS, AGENDA = "views", "votes", "disagreements", "agenda"
ROUND_STAGES = (VIEWS, VOTES)
ANSWER_MAX = 2000
CANDIDATE_MAX = 600
NOTE_MAX = 2000
MAX_DOTS = 10
LETTERS = "ABCDEFGHIJ"
DISAGREEMENT = "disagreement."
KIND_COLOURS = palette.TERM_KINDS
LEVEL_COLOURS = palette.AGREEMENT
LEVEL_CLASS = {"broad": "ok", "partial": "mid", "weak": "low", "unknown": "none"}
TOP_TERMS = 14
SAVE_AFTER = 1.2
"""Seconds without typing after which a view answer is saved."""


class CommonAgendaApp(RoundApp):
    """« Plan d'action commun / Common agenda »."""

    workbook_id = "02_plan_commun"
    round_key = VIEWS
    records_conclusion: ClassVar[bool] = False

    def __init__(self, *args, **kwargs) -> None:
        self.stage: str | None = None
        self._agenda_draft: dict[str, Any] | None = None
        self._candidate_draft: dict[str, list[str]] | None = None
        self._dots_draft: int | None = None
        self._agenda_tab = "page"
        self._shown_question = "problem"
        self._seen_rounds: tuple | None = None
        self._saved_text: dict[str, str] = {}
        self._view_drafts: dict[str, str] = {}
        self._drafts_round: int | None = None
        self._pending_saves: dict[str, asyncio.TimerHandle] = {}
        self._allocations: dict[str, dict[str, int]] = {}
        super().__init__(*args, **kwargs)

    # -- content ------------------------------------------------------------------------------

    @property
    def doc(self) -> dict[str, Any]:
        return content.document(CONTENT)

    def _text(self, value: dict | None) -> str:
        return content.pick(value, self.lang)

    def _labels(self) -> dict[str, str]:
        return {e["id"]: self._text(e) for e in self.doc["agenda_sections"]}

    def _field_label(self, field: str) -> str:
        for entry in self.doc["candidate_fields"]:
            if entry["id"] == field:
                return self._text(entry)
        return field

    def _sector_names(self, tr: Translator) -> dict[str, str]:
        names = {e.id: e.text("short", self.lang) or e.label(self.lang) for e in content.sectors()}
        names[""] = tr("Sector not given")
        return names

    # -- stages -------------------------------------------------------------------------------

    def _stages(self, tr: Translator) -> list[tuple[str, str]]:
        if self.is_facilitator:
            return [
                (tr("1. Each partner's view"), VIEWS),
                (tr("2. Proposals and votes"), VOTES),
                (tr("3. Disagreements"), DISAGREEMENTS),
                (tr("4. The common agenda"), AGENDA),
            ]
        return [
            (tr("My view"), VIEWS),
            (tr("Vote"), VOTES),
            (tr("The common agenda"), AGENDA),
        ]

    def _latest_round_ids(self) -> tuple:
        return tuple(self.workspace.latest_round_id(self.workbook_id, key) for key in ROUND_STAGES)

    def _default_stage(self) -> str:
        """Where the group is: the latest open round, else the adopted agenda, else the views."""
        found = [self.workspace.current_round(self.workbook_id, key) for key in ROUND_STAGES]
        live = [r for r in found if r and r["status"] == OPEN]
        if live:
            return max(live, key=lambda r: r["id"])["key"]
        if self.workspace.decision(self.workbook_id, AGENDA):
            return AGENDA
        return VIEWS

    def build_body(self, tr: Translator) -> list[ipw.Widget]:
        picker = self._stage_picker(tr)
        self._seen_rounds = self._latest_round_ids()
        if self.stage in ROUND_STAGES:
            self.round_key = self.stage
            if self.stage == VOTES and self.is_facilitator:
                self.round = self.workspace.current_round(self.workbook_id, VOTES)
                return [picker, self._candidates_form(tr), *super().build_body(tr)]
            return [picker, *super().build_body(tr)]
        self.round_key = ""
        self.round = None
        self.status = MessageArea()
        if self.stage == DISAGREEMENTS:
            body = self._disagreements_body(tr)
        else:
            body = self._agenda_body(tr)
        self.poller.prime()
        self.poller.start()
        return [picker, *body]

    # -- live updates ---------------------------------------------------------------------------

    def _signature(self) -> tuple:
        rounds = self._latest_round_ids()
        if self.stage in ROUND_STAGES:
            return (rounds, super()._signature())
        return (rounds, self._decisions_signature())

    def _decisions_signature(self) -> tuple:
        latest = self.workspace.decision(self.workbook_id, AGENDA)
        notes = self.workspace.decisions_by_prefix(self.workbook_id, DISAGREEMENT)
        return (latest["version"] if latest else 0, tuple((d["key"], d["version"]) for d in notes))

    def _on_remote_change(self) -> None:
        self.guarded(self._follow_remote_change)()

    def _follow_remote_change(self) -> None:
        rounds = self._latest_round_ids()
        opened = [
            key
            for key, old, new in zip(ROUND_STAGES, self._seen_rounds or (), rounds, strict=False)
            if new is not None and new != old
        ]
        self._seen_rounds = rounds
        if opened and not self.is_facilitator:
            # Participants follow the facilitator: a round just opened is where the group is.
            self.stage = opened[-1]
            self.render()
            return
        if self.stage in ROUND_STAGES:
            super()._on_remote_change()
        elif not self.is_facilitator:
            self.render()

    # -- round items and checks ---------------------------------------------------------------------

    def _vote_config(self) -> tuple[int, dict[str, list[dict[str, str]]]]:
        """The round's dots and proposals; anything malformed counts as no proposal.

        The configuration is the facilitator's, but it is read back from the
        workspace, which another program may have written: check it like input.
        """
        config = (self.round or {}).get("config")
        if not isinstance(config, dict):
            return 0, {}
        dots = config.get("dots")
        if isinstance(dots, bool) or not isinstance(dots, int) or not 1 <= dots <= MAX_DOTS:
            return 0, {}
        candidates = config.get("candidates")
        if not isinstance(candidates, dict):
            return dots, {}
        clean: dict[str, list[dict[str, str]]] = {}
        for entry in self.doc["candidate_fields"]:
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

    def items(self) -> list[str]:
        if self.round_key == VIEWS:
            return [f"view.{e['id']}" for e in self.doc["entries"]]
        if self.round_key == VOTES:
            _dots, candidates = self._vote_config()
            ids = candidate_ids(candidates)
            return [f"dots.{f}" for f in ids] + [f"agree.{c}" for f in ids for c in ids[f]]
        return []

    def allowed_values(self, item: str) -> set:
        return set()

    def refusal(self, item: Any, value: Any) -> str | None:
        tr = self.tr
        cannot = tr("This answer cannot be saved.")
        if not isinstance(item, str) or item not in self.items():
            return cannot
        if item.startswith("view."):
            if not isinstance(value, str):
                return cannot
            text = value.strip()
            if not text and not self._saved_text.get(item):
                return tr("Write a few words first: an empty answer is not saved.")
            if len(text) > ANSWER_MAX:
                return tr(
                    "This answer is too long ({length} characters; at most {limit}). "
                    "Shorten it: it stays in the box until it is saved."
                ).format(length=self._whole(len(text)), limit=self._whole(ANSWER_MAX))
            return None
        if item.startswith("dots."):
            dots, candidates = self._vote_config()
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

    # -- step 1: each partner's view ------------------------------------------------------------

    def build_questions(
        self, tr: Translator, answers: dict[str, Any], disabled: bool
    ) -> list[ipw.Widget]:
        if self.round_key == VOTES:
            return self._vote_questions(tr, answers, disabled)
        self._saved_text = {k: v for k, v in answers.items() if isinstance(v, str)}
        if self._drafts_round != (self.round or {}).get("id"):
            self._view_drafts = {}
            self._drafts_round = (self.round or {}).get("id")
        self.view_boxes: dict[str, ipw.Textarea] = {}
        widgets: list[ipw.Widget] = [
            ipw.HTML(
                '<p class="cikit-lead">'
                + html.escape(
                    tr(
                        "In a few lines each, say how your organisation sees things. "
                        "There is no right answer: the differences are what the group "
                        "will work with."
                    )
                )
                + "</p>"
            )
        ]
        for entry in self.doc["entries"]:
            item = f"view.{entry['id']}"
            saved = answers.get(item) if isinstance(answers.get(item), str) else ""
            area = ipw.Textarea(
                # What the person was typing survives a redraw (reveal, close, language).
                value=self._view_drafts.get(item, saved),
                placeholder=self._text(entry.get("hint")),
                rows=3,
                continuous_update=True,
                layout=ipw.Layout(width="100%", max_width="760px"),
                disabled=disabled,
            )
            area.add_class("cikit-view-answer")
            area.observe(self._text_handler(item), names="value")
            self.view_boxes[entry["id"]] = area
            label = ipw.HTML(
                f'<label class="cikit-label">{html.escape(self._text(entry.get("question")))}</label>'
            )
            box = ipw.VBox([label, area])
            box.add_class("cikit-field")
            widgets.append(box)
        self.save_views_button = ipw.Button(
            description=tr("Save my answers"), button_style="primary", disabled=disabled
        )
        self.save_views_button.add_class("cikit-save-views")
        self.save_views_button.on_click(self._save_views)
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

    # -- step 1, results: side by side, shared and distinctive terms ----------------------------------

    def _people(self, responses: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
        """Respondent → name to show, respondent → sector id ('' if not given)."""
        tr = self.tr
        names: dict[str, str] = {}
        sectors: dict[str, str] = {}
        participants = self.workspace.participants(include_removed=True).set_index("id")
        partners = self.workspace.partners(include_removed=True).set_index("id")["name"]
        anonymous = 0
        for row in responses.sort_values("id").itertuples():
            if row.respondent in names:
                if row.sector:
                    sectors[row.respondent] = row.sector
                continue
            sectors[row.respondent] = row.sector or ""
            pid = participant_id(row.respondent)
            if pid is not None:
                if pid in participants.index:
                    person = participants.loc[pid]
                    name = str(person["display_name"])
                    if not pd.isna(person["partner_id"]):
                        org = partners.get(int(person["partner_id"]))
                        name = f"{name} — {org}" if org else name
                    names[row.respondent] = name
                    continue
            anonymous += 1
            names[row.respondent] = tr("Person {number}").format(number=anonymous)
        return names, sectors

    def _latest_texts(self, responses: pd.DataFrame) -> pd.DataFrame:
        is_view = [isinstance(i, str) and i.startswith("view.") for i in responses["item"]]
        answers = responses.loc[is_view].sort_values("id")
        latest = answers.drop_duplicates(["respondent", "item"], keep="last")
        written = [isinstance(v, str) and bool(v.strip()) for v in latest["value"]]
        latest = latest.loc[written]
        return latest.assign(question=[i[len("view.") :] for i in latest["item"]])

    def build_results(self, tr: Translator, responses: pd.DataFrame) -> list[ipw.Widget]:
        if self.round_key == VOTES:
            return self._vote_results(tr, responses)
        latest = self._latest_texts(responses)
        if latest.empty:
            return [self._note(tr("No answers yet."))]
        names, sectors = self._people(responses)
        entries = {e["id"]: e for e in self.doc["entries"]}
        if self._shown_question not in entries:
            self._shown_question = "problem"
        picker = ipw.ToggleButtons(
            options=[(self._text(e), qid) for qid, e in entries.items()],
            value=self._shown_question,
            style={"button_width": "auto"},
        )
        picker.add_class("cikit-question-picker")
        detail = ipw.VBox()
        detail.add_class("cikit-views-detail")

        def show(question: str) -> None:
            self._shown_question = question
            old = detail.children
            detail.children = tuple(
                self._question_detail(tr, entries[question], latest, names, sectors)
            )
            _close_replaced(old, detail.children)

        picker.observe(self.guarded(lambda change: show(change["new"])), names="value")
        show(self._shown_question)
        return [picker, detail]

    def _question_detail(
        self,
        tr: Translator,
        entry: dict,
        latest: pd.DataFrame,
        names: dict[str, str],
        sectors: dict[str, str],
    ) -> list[ipw.Widget]:
        part = latest[latest["question"] == entry["id"]]
        sector_names = self._sector_names(tr)
        if part.empty:
            return [self._note(tr("Nobody has answered this question yet."))]
        # Side by side, grouped by sector (in the usual order of sectors).
        order = [*sector_names]
        columns = []
        for sector in order:
            rows = part[part["respondent"].map(lambda r, s=sector: sectors.get(r, "") == s)]
            if rows.empty:
                continue
            cards = "".join(
                '<div class="cikit-view-card">'
                f'<div class="cikit-view-who">{html.escape(names.get(r.respondent, ""))}</div>'
                f'<div class="cikit-view-text">{html.escape(r.value)}</div></div>'
                for r in rows.itertuples()
            )
            columns.append(
                '<div class="cikit-view-column">'
                f"<h3>{html.escape(sector_names[sector])} "
                f'<span class="cikit-count-small">{len(rows)}</span></h3>{cards}</div>'
            )
        side_by_side = ipw.HTML(f'<div class="cikit-views-grid">{"".join(columns)}</div>')

        # What they share and where they differ.
        question_words = " ".join(
            content.pick(entry.get("question"), lang) for lang in ("fr", "en")
        )
        found = terms(
            part.rename(columns={"value": "text"})[["respondent", "text"]],
            default_lang=self.lang,
            extra_stop_words=[question_words, entry["fr"], entry["en"]],
        )
        groups = pd.Series(
            {r: sector_names[sectors.get(r, "")] for r in part["respondent"]}, dtype=object
        )
        summary = shared_and_distinctive(found, groups)
        per_sector = kinds_by_group(terms_by_group(found, groups))
        widgets: list[ipw.Widget] = [
            ipw.HTML("<h3>" + html.escape(tr("Side by side, by sector")) + "</h3>"),
            side_by_side,
            ipw.HTML(
                "<h3>" + html.escape(tr("What the answers share, and where they differ")) + "</h3>"
            ),
        ]
        if summary.empty:
            widgets.append(self._note(tr("Not enough words yet to compare the answers.")))
        else:
            widgets += self._terms_view(tr, summary, groups, entry["id"])
            widgets.append(self._sector_kinds_chart(tr, per_sector))
        widgets.append(self._method_note(tr))
        return widgets

    def _terms_view(
        self, tr: Translator, summary: pd.DataFrame, groups: pd.Series, question: str
    ) -> list[ipw.Widget]:
        kinds = {
            "shared": tr("shared by most"),
            "distinctive": tr("only one sector"),
            "other": tr("a few people"),
        }
        top = pd.concat(
            [
                summary[summary["kind"] == "shared"].head(6),
                summary[summary["kind"] == "distinctive"].head(8),
                summary[summary["kind"] == "other"],
            ]
        ).head(TOP_TERMS)
        labels = []
        for row in top.itertuples():
            label = row.display
            if row.kind == "distinctive":
                label = f"{label} ({row.groups[0]})"
            labels.append(label[:40])
        counts = [
            [int(r.respondents) if r.kind == kind else 0 for r in top.itertuples()]
            for kind in kinds
        ]
        chart = count_bars(
            labels,
            counts,
            colours=[KIND_COLOURS[k] for k in kinds],
            title=tr("Words most used, by how many people"),
            axis_label=tr("People who used the word"),
            left_margin=190,
        )
        legend = legend_html(list(kinds.values()), [KIND_COLOURS[k] for k in kinds])
        shared = summary[summary["kind"] == "shared"]["display"].head(12).tolist()
        lines = []
        if shared:
            lines.append(
                "<p><strong>" + html.escape(tr("Shared by most partners:")) + f"</strong> "
                f"{html.escape(', '.join(shared))}</p>"
            )
        distinctive = summary[summary["kind"] == "distinctive"]
        if not distinctive.empty:
            items = "".join(
                f"<li><strong>{html.escape(str(group))}</strong>{self._colon()}"
                f"{html.escape(', '.join(rows['display'].head(8)))}</li>"
                for group, rows in distinctive.groupby(
                    distinctive["groups"].map(lambda g: g[0]), sort=False
                )
            )
            lines.append(
                "<p><strong>"
                + html.escape(tr("Used by one sector only:"))
                + f"</strong></p><ul>{items}</ul>"
            )
        if question in ("population", "territory"):
            named = summary[summary["kind"] != "shared"].head(12)
            total = groups.nunique()
            if not named.empty:
                items = "".join(
                    "<li>"
                    + html.escape(
                        tr(
                            "{term}: named by {sectors} — not by the {missing} other sector(s)"
                        ).format(
                            term=row.display,
                            sectors=", ".join(map(str, row.groups)),
                            missing=total - row.n_groups,
                        )
                    )
                    + "</li>"
                    for row in named.itertuples()
                )
                title = (
                    tr("Populations named by some and not by others:")
                    if question == "population"
                    else tr("Places named by some and not by others:")
                )
                lines.append(f"<p><strong>{html.escape(title)}</strong></p><ul>{items}</ul>")
        if not shared and distinctive.empty:
            lines.append(
                "<p>" + html.escape(tr("No word comes back in several answers yet.")) + "</p>"
            )
        return [chart, ipw.HTML(legend + '<div class="cikit-terms">' + "".join(lines) + "</div>")]

    def _sector_kinds_chart(self, tr: Translator, per_sector: pd.DataFrame) -> ipw.Widget:
        """Per sector, how many of its words it shares with others and how many are its own."""
        # "Other" words (a few people's) would dwarf the two that tell the story.
        kinds = ["shared", "distinctive"]
        chart = count_bars(
            [str(g)[:30] for g in per_sector.index],
            [per_sector[k].tolist() for k in kinds],
            colours=[KIND_COLOURS[k] for k in kinds],
            title=tr("Per sector: words shared with others, and words of its own"),
            axis_label=tr("Different words"),
            left_margin=150,
        )
        note = tr(
            "A sector with many words of its own and few shared ones frames the problem "
            "differently: ask it how it sees things."
        )
        legend = legend_html(
            [tr("shared by most"), tr("only one sector")], [KIND_COLOURS[k] for k in kinds]
        )
        return ipw.VBox([chart, ipw.HTML(f'{legend}<p class="cikit-hint">{html.escape(note)}</p>')])

    def _method_note(self, tr: Translator) -> ipw.HTML:
        points = [
            tr(
                "How it works: each answer's words are brought to a common form (plurals, "
                "verb endings, accents and capitals set aside; French and English each with "
                "their own dictionary), and common words such as “the” or « les » are left out."
            ),
            tr(
                "“Shared by most”: used in at least two sectors, by half of the people or "
                "in more than half of the sectors. “Only one sector”: used by at least two "
                "people of one sector (or its only person) and by nobody else."
            ),
            tr(
                "What it cannot tell: it counts words, it does not understand them. "
                "Synonyms stay apart (« pauvreté » and « faible revenu »), a negation is "
                "ignored, and a French and an English word are the same only when they "
                "share a root. Read the answers themselves before concluding."
            ),
        ]
        items = "".join(f"<li>{html.escape(p)}</li>" for p in points)
        summary = tr("What this comparison can and cannot tell")
        return ipw.HTML(
            f'<details class="cikit-rules"><summary>{html.escape(summary)}</summary>'
            f"<ul>{items}</ul></details>"
        )

    # -- step 2: candidates and votes ---------------------------------------------------------------

    def _candidates_form(self, tr: Translator) -> ipw.Widget:
        """The facilitator drafts two or three wordings per question before opening the vote."""
        saved = self.workspace.decision(self.workbook_id, "candidates")
        draft = self._candidate_draft
        if draft is None:
            draft = (saved or {}).get("content", {}).get("candidates")
        if draft is None and self.round:
            _dots, config = self._vote_config()
            draft = {f: [c.get("text", "") for c in cands] for f, cands in config.items()}
        draft = draft or {}
        dots_default = self._dots_draft or (saved or {}).get("content", {}).get("dots") or 3
        self.candidate_boxes: dict[str, list[ipw.Textarea]] = {}
        sections: list[ipw.Widget] = [
            ipw.HTML(
                "<h2>" + html.escape(tr("Proposals to vote on")) + "</h2>"
                '<p class="cikit-lead">'
                + html.escape(
                    tr(
                        "Draft two or three wordings of the problem, the vision and the goal, "
                        "drawing on the partners' views. Leave a box empty to skip it. Opening "
                        "a new vote puts these proposals to the group."
                    )
                )
                + "</p>"
            )
        ]
        for entry in self.doc["candidate_fields"]:
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
                box.observe(self._remember_candidates, names="value")
                boxes.append(box)
            self.candidate_boxes[entry["id"]] = boxes
            sections.append(
                ipw.VBox(
                    [
                        ipw.HTML(
                            f'<label class="cikit-label">{html.escape(self._text(entry))}</label>'
                        ),
                        *boxes,
                    ]
                )
            )
        self.dots_choice = ipw.BoundedIntText(
            value=int(dots_default) if isinstance(dots_default, int) else 3,
            min=1,
            max=MAX_DOTS,
            layout=ipw.Layout(width="120px"),
        )
        self.dots_choice.add_class("cikit-dots-choice")
        self.dots_choice.observe(
            lambda change: setattr(self, "_dots_draft", change["new"]), names="value"
        )
        dots_label = tr("Dots per person, for each question")
        self.save_candidates_button = ipw.Button(description=tr("Save the draft"))
        self.save_candidates_button.on_click(self._save_candidates)
        self.candidates_status = MessageArea()
        row = ipw.HBox(
            [
                ipw.HTML(f'<label class="cikit-label">{html.escape(dots_label)}</label>'),
                self.dots_choice,
                self.save_candidates_button,
            ]
        )
        row.add_class("cikit-buttons")
        sections += [row, self.candidates_status]
        box = ipw.VBox(sections)
        box.add_class("cikit-candidates-form")
        return box

    def _remember_candidates(self, _change=None) -> None:
        self._candidate_draft = {
            f: [b.value for b in boxes] for f, boxes in self.candidate_boxes.items()
        }

    def _collect_candidates(self) -> tuple[dict[str, list[dict[str, str]]], int]:
        """The drafted proposals as a vote configuration; ValidationError if unusable."""
        candidates: dict[str, list[dict[str, str]]] = {}
        for field, boxes in self.candidate_boxes.items():
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
        dots = self.dots_choice.value
        if isinstance(dots, bool) or not isinstance(dots, int) or not 1 <= dots <= MAX_DOTS:
            raise ValidationError(
                N_("Choose between 1 and {limit} dots."), field="dots", limit=MAX_DOTS
            )
        return candidates, dots

    @facilitator_only
    def _save_candidates(self, _button=None) -> None:
        tr = self.tr
        try:
            candidates, dots = self._collect_candidates()
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

    def round_config(self) -> dict[str, Any]:
        if self.round_key != VOTES:
            return {}
        candidates, dots = self._collect_candidates()
        self._save_candidates()
        return {"dots": dots, "candidates": candidates}

    def _vote_questions(
        self, tr: Translator, answers: dict[str, Any], disabled: bool
    ) -> list[ipw.Widget]:
        dots, candidates = self._vote_config()
        levels = [(self._text(level), level["id"]) for level in self.doc["agreement"]]
        self.agree_items: dict[str, LikertItem] = {}
        self.dot_buttons: dict[str, tuple[ipw.Button, ipw.Button]] = {}
        self._dot_labels: dict[str, ipw.HTML] = {}
        self._dots_left: dict[str, ipw.HTML] = {}
        widgets: list[ipw.Widget] = [
            ipw.HTML(
                '<p class="cikit-lead">'
                + html.escape(
                    tr(
                        "For each question, give your {dots} dots to the wordings you prefer "
                        "(several to one if you wish), and say how much you agree with each."
                    ).format(dots=dots)
                )
                + "</p>"
            )
        ]
        for field, cands in candidates.items():
            ids = [c["id"] for c in cands]
            given = answers.get(f"dots.{field}")
            try:
                allocation = check_allocation(given or {}, candidates=ids, dots=dots)
            except AllocationError:
                allocation = {}
            self._allocations[field] = allocation
            self._dots_left[field] = ipw.HTML()
            section = [
                ipw.HTML(f"<h2>{html.escape(self._field_label(field))}</h2>"),
                self._dots_left[field],
            ]
            for number, cand in enumerate(cands):
                cid = cand["id"]
                minus = ipw.Button(
                    description="−", tooltip=tr("Take back a dot"), disabled=disabled
                )
                plus = ipw.Button(description="+", tooltip=tr("Give a dot"), disabled=disabled)
                minus.add_class("cikit-dot-minus")
                plus.add_class("cikit-dot-plus")
                minus.on_click(self._dot_handler(field, cid, -1))
                plus.on_click(self._dot_handler(field, cid, +1))
                self.dot_buttons[cid] = (minus, plus)
                self._dot_labels[cid] = ipw.HTML()
                controls = ipw.HBox([minus, self._dot_labels[cid], plus])
                controls.add_class("cikit-dot-controls")
                agree = LikertItem(
                    tr("Your agreement with this wording"),
                    levels=levels,
                    dont_know=None,
                    value=answers.get(f"agree.{cid}")
                    if answers.get(f"agree.{cid}") in {1, 2, 3, 4, 5}
                    else None,
                )
                agree.disabled = disabled
                agree.add_class("cikit-agree")
                agree.observe(self.answer_handler(f"agree.{cid}", agree), names="value")
                self.agree_items[cid] = agree
                card = ipw.VBox(
                    [
                        ipw.HTML(
                            f'<div class="cikit-candidate"><span class="cikit-letter">'
                            f"{LETTERS[number]}</span> {html.escape(str(cand.get('text', '')))}</div>"
                        ),
                        controls,
                        agree,
                    ]
                )
                card.add_class("cikit-candidate-card")
                section.append(card)
            widgets.append(ipw.VBox(section))
            self._show_dots(field)
        return widgets

    def _show_dots(self, field: str) -> None:
        dots, candidates = self._vote_config()
        allocation = self._allocations.get(field, {})
        used = sum(allocation.values())
        self._dots_left[field].value = (
            '<p class="cikit-dots-left">'
            + html.escape(
                self.tr("{left} of your {dots} dots left for this question").format(
                    left=dots - used, dots=dots
                )
            )
            + "</p>"
        )
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

    def _ranked(self, responses: pd.DataFrame) -> dict[str, pd.DataFrame]:
        dots, candidates = self._vote_config()
        out = {}
        for field, ids in candidate_ids(candidates).items():
            totals = dot_totals(responses, candidates=ids, dots=dots, item=f"dots.{field}")
            agree = agreement(responses, candidates=ids, prefix="agree.")
            out[field] = rank_candidates(totals, agree)
        return out

    def _vote_results(self, tr: Translator, responses: pd.DataFrame) -> list[ipw.Widget]:
        _dots, candidates = self._vote_config()
        if not candidates:
            return [self._note(tr("No proposals in this vote."))]
        level_names = {k: self._text(v) for k, v in self.doc["agreement_levels"].items()}
        widgets: list[ipw.Widget] = []
        for field, ranked in self._ranked(responses).items():
            letters = {c["id"]: LETTERS[i] for i, c in enumerate(candidates[field])}
            texts = {c["id"]: str(c.get("text", "")) for c in candidates[field]}
            order = [c["id"] for c in candidates[field]]
            by_id = ranked.reindex(order)
            counts = [
                [int(by_id.loc[c, "dots"]) if by_id.loc[c, "level"] == level else 0 for c in order]
                for level in LEVEL_COLOURS
            ]
            chart = count_bars(
                [tr("Proposal {letter}").format(letter=letters[c]) for c in order],
                counts,
                colours=list(LEVEL_COLOURS.values()),
                title=self._field_label(field),
                axis_label=tr("Dots"),
                left_margin=110,
            )
            top = leading(ranked)
            rows = []
            for cid, row in ranked.iterrows():
                mean = "—" if pd.isna(row["mean"]) else self._number(row["mean"])
                share = "—" if pd.isna(row["agree_share"]) else self._percent(row["agree_share"])
                star = (
                    ' <span class="cikit-flag cikit-leading">'
                    + html.escape(tr("leading"))
                    + "</span>"
                    if cid == top
                    else ""
                )
                rows.append(
                    f'<tr><td><span class="cikit-letter">{letters[cid]}</span></td>'
                    f"<td>{html.escape(texts[cid])}{star}</td>"
                    f'<td class="cikit-num">{int(row["dots"])}</td>'
                    f'<td class="cikit-num">{share}</td><td class="cikit-num">{mean}</td>'
                    f'<td><span class="cikit-verdict cikit-verdict-{LEVEL_CLASS[row["level"]]}">'
                    f"{html.escape(level_names[row['level']])}</span></td></tr>"
                )
            head = "".join(
                f"<th>{html.escape(h)}</th>"
                for h in (
                    "",
                    tr("Proposal"),
                    tr("Dots"),
                    tr("Agree (4–5)"),
                    tr("Average"),
                    tr("Agreement"),
                )
            )
            table = (
                f'<div class="cikit-scroll"><table class="cikit-votes"><thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table></div>"
            )
            legend = legend_html(list(level_names.values()), list(LEVEL_COLOURS.values()))
            widgets += [chart, ipw.HTML(legend + table)]
        rules = tr(
            "How to read this: bars show the dots each proposal received, coloured by how "
            "much the group agrees with it. Agreement is the share of people who rated a "
            "proposal 4 or 5 out of 5: broad from 75%, partial from 50%, weak below. "
            "Proposals are ranked by dots, then by agreement; “leading” marks a clear first."
        )
        widgets.append(ipw.HTML(f'<div class="cikit-rules"><p>{html.escape(rules)}</p></div>'))
        return widgets

    def _whole(self, number: int) -> str:
        """« 50 000 » in French (a space between thousands), "50,000" in English."""
        return fmt.integer(number, self.lang)

    def _colon(self) -> str:
        """French puts a space before a colon; English does not."""
        return fmt.colon(self.lang) + " "

    def _percent(self, share: float) -> str:
        """« 81 % » in French (a space before the sign), "81%" in English."""
        return fmt.percent(share, self.lang)

    def _number(self, value: float) -> str:
        return fmt.number(value, self.lang)

    # -- step 3: disagreements ------------------------------------------------------------------------

    def disagreements(self, *, only_open: bool = False) -> list[dict]:
        found = self.workspace.decisions_by_prefix(self.workbook_id, DISAGREEMENT)
        if only_open:
            found = [d for d in found if d["content"].get("status") != "resolved"]
        return found

    def _disagreement_cards(self, tr: Translator, records: list[dict]) -> str:
        if not records:
            return '<p class="cikit-note">' + html.escape(tr("No disagreement recorded.")) + "</p>"
        cards = []
        for record in records:
            c = record["content"]
            resolved = c.get("status") == "resolved"
            badge = tr("Resolved") if resolved else tr("Unresolved")
            when = pd.Timestamp(record["adopted_at"]).strftime("%Y-%m-%d")
            rows = [
                (tr("Who"), c.get("who", "")),
                (tr("How the group will handle it"), c.get("handling", "")),
            ]
            if resolved:
                rows.append((tr("How it was resolved"), c.get("resolution", "")))
            details = "".join(
                f'<div><span class="cikit-label-inline">{html.escape(k)}</span> {html.escape(v)}</div>'
                for k, v in rows
                if v
            )
            meta = tr("Version {version}, {date}").format(version=record["version"], date=when)
            cards.append(
                f'<div class="cikit-disagreement cikit-disagreement-{"resolved" if resolved else "open"}">'
                f'<span class="cikit-verdict cikit-verdict-{"ok" if resolved else "low"}">{html.escape(badge)}</span> '
                f"<strong>{html.escape(c.get('what', ''))}</strong>{details}"
                f'<div class="cikit-hint">{html.escape(meta)}</div></div>'
            )
        return "".join(cards)

    def _disagreements_body(self, tr: Translator) -> list[ipw.Widget]:
        records = self.disagreements()
        self.disagreement_list = ipw.HTML(self._disagreement_cards(tr, records))
        self.disagreement_list.add_class("cikit-disagreement-list")
        intro = tr(
            "Being able to disagree is part of the method. Record each disagreement: what it "
            "is about, who holds which view, and how the group will handle it. Open ones stay "
            "visible in the common agenda until they are resolved."
        )
        self.disagreement_choice = ipw.Dropdown(
            options=[(tr("New disagreement"), "")]
            + [(r["content"].get("what", "")[:70], r["key"]) for r in records],
            value="",
            layout=ipw.Layout(width="100%", max_width="520px"),
        )
        self.disagreement_choice.add_class("cikit-disagreement-choice")
        self.disagreement_fields = {
            name: ipw.Textarea(
                placeholder=placeholder, rows=2, layout=ipw.Layout(width="100%", max_width="760px")
            )
            for name, placeholder in (
                ("what", tr("What is the disagreement about?")),
                ("who", tr("Who holds which view?")),
                ("handling", tr("How will the group handle it, and by when?")),
                ("resolution", tr("How was it resolved?")),
            )
        }
        for name, field in self.disagreement_fields.items():
            field.add_class(f"cikit-disagreement-{name}")
        self.disagreement_status_choice = ipw.ToggleButtons(
            options=[(tr("Unresolved"), "open"), (tr("Resolved"), "resolved")],
            value="open",
            style={"button_width": "auto"},
        )
        by_key = {r["key"]: r["content"] for r in records}

        def fill(change) -> None:
            found = by_key.get(change["new"], {})
            for name, field in self.disagreement_fields.items():
                field.value = str(found.get(name, ""))
            self.disagreement_status_choice.value = (
                "resolved" if found.get("status") == "resolved" else "open"
            )

        self.disagreement_choice.observe(fill, names="value")
        self.save_disagreement_button = ipw.Button(
            description=tr("Save the disagreement"), button_style="primary"
        )
        self.save_disagreement_button.on_click(self._save_disagreement)
        labels = {
            "what": tr("The disagreement"),
            "who": tr("Who"),
            "handling": tr("How the group will handle it"),
            "resolution": tr("How it was resolved"),
        }
        form = ipw.VBox(
            [
                ipw.HTML('<label class="cikit-label">' + html.escape(tr("Edit")) + "</label>"),
                self.disagreement_choice,
                *[
                    ipw.VBox(
                        [
                            ipw.HTML(
                                f'<label class="cikit-label">{html.escape(labels[n])}</label>'
                            ),
                            f,
                        ]
                    )
                    for n, f in self.disagreement_fields.items()
                ],
                self.disagreement_status_choice,
                self.save_disagreement_button,
                self.status,
            ]
        )
        form.add_class("cikit-add-form")
        return [
            ipw.HTML(
                "<h2>" + html.escape(tr("Disagreements")) + f"</h2>"
                f'<p class="cikit-lead">{html.escape(intro)}</p>'
            ),
            self.disagreement_list,
            form,
        ]

    @facilitator_only
    def _save_disagreement(self, _button=None) -> None:
        tr = self.tr
        values = {n: f.value for n, f in self.disagreement_fields.items()}
        if any(not isinstance(v, str) for v in values.values()):
            self.status.show(tr("This answer cannot be saved."), "error")
            return
        values = {n: v.strip() for n, v in values.items()}
        if not values["what"]:
            self.status.show(tr("Say what the disagreement is about first."), "error")
            return
        too_long = [n for n, v in values.items() if len(v) > NOTE_MAX]
        if too_long:
            self.status.show(
                tr("A field is too long ({length} characters; at most {limit}).").format(
                    length=max(len(values[n]) for n in too_long), limit=NOTE_MAX
                ),
                "error",
            )
            return
        status = self.disagreement_status_choice.value
        if status not in ("open", "resolved"):
            self.status.show(tr("This answer cannot be saved."), "error")
            return
        key = self.disagreement_choice.value
        existing = {r["key"] for r in self.disagreements()}
        if key and key not in existing:
            self.status.show(tr("This answer cannot be saved."), "error")
            return
        if not key:
            # A random key: two facilitator pages saving at once make two records, not two
            # versions of one.  Records are listed in the order they were first saved.
            key = f"{DISAGREEMENT}{secrets.token_hex(6)}"
        try:
            version = self.workspace.adopt_decision(
                workbook=self.workbook_id,
                key=key,
                content={**values, "status": status},
                adopted_by=tr("Facilitator"),
            )
        except CikitError as err:
            self.status.show(err.render(tr), "error")
            return
        self.render()
        self.status.show(
            tr("Disagreement saved (version {version}).").format(version=version), "success"
        )

    # -- step 4: the common agenda ----------------------------------------------------------------------

    def _agenda_body(self, tr: Translator) -> list[ipw.Widget]:
        latest = self.workspace.decision(self.workbook_id, AGENDA)
        if not self.is_facilitator:
            if latest is None:
                return [self._note(tr("The group has not adopted its common agenda yet."))]
            return [self._page_widget(tr, latest)]
        tabs = [
            (tr("The adopted agenda"), "page"),
            (tr("Prepare a new version"), "form"),
            (tr("Versions"), "versions"),
        ]
        self.agenda_tabs = ipw.ToggleButtons(
            options=tabs, value=self._agenda_tab, style={"button_width": "auto"}
        )
        self.agenda_tabs.add_class("cikit-agenda-tabs")

        def switch(change) -> None:
            self._agenda_tab = change["new"]
            self.render()

        self.agenda_tabs.observe(switch, names="value")
        if self._agenda_tab == "form":
            body = self._agenda_form(tr, latest)
        elif self._agenda_tab == "versions":
            body = self._versions_view(tr)
        elif latest is None:
            body = [self._note(tr("No version adopted yet: prepare the first one."))]
        else:
            body = [self._page_widget(tr, latest)]
        if self._agenda_tab != "form":
            # The form shows messages beside its button; elsewhere they go above the page.
            body = [self.status, *body]
        return [self.agenda_tabs, *body]

    def _principle_text(self, text: str) -> str:
        """A suggested principle in the reader's language, whichever language it was adopted in."""
        for principle in self.doc["principles"]:
            if text in (principle["fr"], principle["en"]):
                return self._text(principle)
        return text

    def _page_widget(self, tr: Translator, decision: dict, *, latest: bool = True) -> ipw.Widget:
        when = pd.Timestamp(decision["adopted_at"]).strftime("%Y-%m-%d")
        meta = tr(
            "Version {version}, adopted {date} with the support of {count} participants"
        ).format(version=decision["version"], date=when, count=decision["supporters"] or 0)
        name = ""
        try:
            name = self.workspace.profile()["name"]
        except CikitError:
            name = ""
        agenda = dict(decision["content"])
        agenda["principles"] = [self._principle_text(p) for p in agenda.get("principles") or []]
        if latest:
            # The adopted agenda shows the disagreements open today, until they are resolved.
            open_ones = [d["content"] for d in self.disagreements(only_open=True)]
        else:
            # An earlier version reads as it was adopted.
            open_ones = [{"what": what} for what in agenda.get("disagreements") or []]
        page = agenda_page(
            agenda,
            labels=self._labels(),
            title=name,
            subtitle=tr("Our common agenda"),
            meta=meta,
            disagreements=open_ones,
            disagreements_label=self._labels()["disagreements"],
        )
        widget = ipw.HTML(page)
        widget.add_class("cikit-agenda-view")
        self.agenda_view = widget
        return widget

    def _agenda_form(self, tr: Translator, latest: dict | None) -> list[ipw.Widget]:
        labels = self._labels()
        draft = self._agenda_draft
        if draft is None:
            if latest is not None:
                draft = dict(latest["content"])
            else:
                profile = self.workspace.profile()
                draft = {
                    "problem": profile.get("issue", ""),
                    "population": profile.get("population", ""),
                    "territory": profile.get("territory", ""),
                }
            self._agenda_draft = draft
        suggested = [self._text(p) for p in self.doc["principles"]]
        given = [self._principle_text(p) for p in draft.get("principles", [])]
        chosen = [p for p in given if p in suggested]
        own = [p for p in given if p not in suggested]
        self.agenda_fields: dict[str, ipw.Widget] = {}
        widgets: list[ipw.Widget] = [
            ipw.HTML(
                '<p class="cikit-lead">'
                + html.escape(
                    tr(
                        "Assemble the document the group will adopt. A problem, a vision, a "
                        "goal with its horizon and at least one strategy are needed; the rest "
                        "can come in later versions."
                    )
                )
                + "</p>"
            )
        ]
        self.fill_button = ipw.Button(description=tr("Fill in from the leading proposals"))
        self.fill_button.add_class("cikit-fill-leading")
        self.fill_button.on_click(self._fill_from_votes)
        widgets.append(self.fill_button)
        hints = {
            "data": tr("The local figures that show the problem (source, year)."),
            "goal": tr("A change that can be measured, e.g. from 29% to 22%."),
            "horizon": tr("The year the goal is for, e.g. 2030."),
            "strategies": tr("One strategy per line. The Activities workbook will use this list."),
            "evaluation": tr(
                "Which indicators, who gathers them, how often the group looks at them."
            ),
        }
        for field in FIELDS:
            if field in ("principles", "disagreements"):
                continue
            value = draft.get(field, "")
            if field == "strategies":
                value = "\n".join(value) if isinstance(value, list) else str(value or "")
            if field == "horizon":
                box: ipw.Widget = ipw.Text(value=str(value or ""), layout=ipw.Layout(width="140px"))
            else:
                box = ipw.Textarea(
                    value=str(value or ""),
                    rows=6 if field in ("strategies", "data", "evaluation") else 4,
                    layout=ipw.Layout(width="100%", max_width="760px"),
                )
            box.add_class(f"cikit-agenda-input-{field}")
            box.observe(self._remember_agenda, names="value")
            self.agenda_fields[field] = box
            parts = [ipw.HTML(f'<label class="cikit-label">{html.escape(labels[field])}</label>')]
            if field in hints:
                parts.append(ipw.HTML(f'<div class="cikit-hint">{html.escape(hints[field])}</div>'))
            item = ipw.VBox([*parts, box])
            item.add_class("cikit-field")
            widgets.append(item)
        self.principle_boxes = [
            ipw.Checkbox(
                value=text in chosen,
                description=text,
                indent=False,
                layout=ipw.Layout(width="100%"),
            )
            for text in suggested
        ]
        for box in self.principle_boxes:
            box.add_class("cikit-principle")
            box.observe(self._remember_agenda, names="value")
        self.own_principles = ipw.Textarea(
            value="\n".join(own),
            placeholder=tr("Other principles, one per line"),
            rows=2,
            layout=ipw.Layout(width="100%", max_width="760px"),
        )
        self.own_principles.observe(self._remember_agenda, names="value")
        principles_hint = tr(
            "Equity first: the principles below come from « Centering Equity in Collective Impact »."
        )
        widgets.append(
            ipw.VBox(
                [
                    ipw.HTML(
                        f'<label class="cikit-label">{html.escape(labels["principles"])}</label>'
                        f'<div class="cikit-hint">{html.escape(principles_hint)}</div>'
                    ),
                    *self.principle_boxes,
                    self.own_principles,
                ]
            )
        )
        open_ones = self.disagreements(only_open=True)
        listed = "".join(f"<li>{html.escape(d['content'].get('what', ''))}</li>" for d in open_ones)
        note = tr("Open disagreements are included as they stand (edit them in step 3):")
        widgets.append(
            ipw.HTML(
                f'<label class="cikit-label">{html.escape(labels["disagreements"])}</label>'
                f'<p class="cikit-hint">{html.escape(note)}</p>'
                + (f"<ul>{listed}</ul>" if listed else "<p>" + html.escape(tr("None.")) + "</p>")
            )
        )
        self.supporters_box = ipw.BoundedIntText(
            value=self._default_supporters(), min=0, max=100_000, layout=ipw.Layout(width="120px")
        )
        self.supporters_box.add_class("cikit-supporters")
        self.adopt_agenda_button = ipw.Button(
            description=tr("Adopt this version"), button_style="primary"
        )
        self.adopt_agenda_button.add_class("cikit-adopt-agenda")
        self.adopt_agenda_button.on_click(self._adopt_agenda)
        row = ipw.HBox(
            [
                ipw.HTML(
                    '<label class="cikit-label">'
                    + html.escape(tr("Participants who support it"))
                    + "</label>"
                ),
                self.supporters_box,
                self.adopt_agenda_button,
            ]
        )
        row.add_class("cikit-buttons")
        widgets += [row, self.status]
        box = ipw.VBox(widgets)
        box.add_class("cikit-agenda-form")
        return [box]

    def _default_supporters(self) -> int:
        votes = self.workspace.current_round(self.workbook_id, VOTES)
        if votes is None:
            return 0
        answered, _joined = self.counts(self.workspace.round_responses(votes["id"]))
        return answered

    def _read_agenda_form(self) -> dict[str, Any]:
        draft: dict[str, Any] = {}
        for field, box in self.agenda_fields.items():
            draft[field] = box.value
        draft["strategies"] = split_lines(draft.get("strategies", ""))
        principles = [b.description for b in self.principle_boxes if b.value]
        principles += split_lines(self.own_principles.value)
        draft["principles"] = principles
        return draft

    def _remember_agenda(self, _change=None) -> None:
        if hasattr(self, "own_principles"):
            self._agenda_draft = self._read_agenda_form()

    @facilitator_only
    def _fill_from_votes(self, _button=None) -> None:
        tr = self.tr
        votes = self.workspace.current_round(self.workbook_id, VOTES)
        if votes is None:
            self.status.show(tr("No vote yet."), "error")
            return
        saved_round, saved_key = self.round, self.round_key
        self.round, self.round_key = votes, VOTES
        try:
            _dots, candidates = self._vote_config()
            ranked = self._ranked(self.workspace.round_responses(votes["id"]))
        finally:
            self.round, self.round_key = saved_round, saved_key
        filled = []
        for field, table in ranked.items():
            top = leading(table)
            if top is None or field not in self.agenda_fields:
                continue
            text = next(c["text"] for c in candidates[field] if c["id"] == top)
            self.agenda_fields[field].value = text
            filled.append(self._labels().get(field, field))
        if filled:
            self.status.show(
                tr("Filled in from the vote: {fields}.").format(fields=", ".join(filled)), "success"
            )
        else:
            self.status.show(tr("No proposal leads clearly yet."), "info")

    @facilitator_only
    def _adopt_agenda(self, _button=None) -> None:
        tr = self.tr
        labels = self._labels()
        try:
            agenda = clean_agenda(self._read_agenda_form())
        except AgendaError as err:
            label = labels.get(err.field, err.field)
            if err.reason == "too_long":
                message = tr("{field}: too long ({length} characters; at most {limit}).").format(
                    field=label, **err.params
                )
            elif err.reason == "too_many":
                message = tr("{field}: too many items ({length}; at most {limit}).").format(
                    field=label, **err.params
                )
            elif err.reason == "horizon":
                message = tr("{field}: give a year, e.g. 2030.").format(field=label)
            else:
                message = tr("This answer cannot be saved.")
            self.status.show(message, "error")
            return
        agenda["disagreements"] = [
            d["content"].get("what", "") for d in self.disagreements(only_open=True)
        ]
        missing = missing_fields(agenda)
        if missing:
            self.status.show(
                tr("Not adopted: fill in {fields} first.").format(
                    fields=", ".join(labels[f] for f in missing)
                ),
                "error",
            )
            return
        supporters = self.supporters_box.value
        if isinstance(supporters, bool) or not isinstance(supporters, int) or supporters < 0:
            self.status.show(tr("This value must be a whole number."), "error")
            return
        try:
            version = self.workspace.adopt_decision(
                workbook=self.workbook_id,
                key=AGENDA,
                content=agenda,
                supporters=supporters,
                adopted_by=tr("Facilitator"),
            )
        except CikitError as err:
            self.status.show(err.render(tr), "error")
            return
        self._agenda_draft = None
        self._agenda_tab = "page"
        self.render()
        self.status.show(
            tr("Common agenda adopted (version {version}).").format(version=version), "success"
        )

    def _versions_view(self, tr: Translator) -> list[ipw.Widget]:
        versions = self.workspace.decision_versions(self.workbook_id, AGENDA)
        if not versions:
            return [self._note(tr("No version adopted yet: prepare the first one."))]
        items = "".join(
            "<li>"
            + html.escape(
                tr("Version {version}, {date} UTC, {count} participants").format(
                    version=v["version"],
                    date=pd.Timestamp(v["adopted_at"]).strftime("%Y-%m-%d %H:%M"),
                    count=v["supporters"] or 0,
                )
            )
            + "</li>"
            for v in reversed(versions)
        )
        options = [
            (tr("Version {version}").format(version=v["version"]), v["version"]) for v in versions
        ]
        newest = versions[-1]["version"]
        self.compare_from = ipw.Dropdown(options=options, value=max(1, newest - 1))
        self.compare_to = ipw.Dropdown(options=options, value=newest)
        self.compare_from.add_class("cikit-compare-from")
        self.compare_to.add_class("cikit-compare-to")
        self.show_version = ipw.Dropdown(options=options, value=newest)
        self.show_version.add_class("cikit-show-version")
        diff = self.version_diff = ipw.HTML()
        diff.add_class("cikit-version-diff")
        page = ipw.VBox()
        by_number = {v["version"]: v for v in versions}
        labels = self._labels()
        change_labels = {
            "added": tr("added"),
            "removed": tr("removed"),
            "changed": tr("changed"),
        }

        def compare(_change=None) -> None:
            old = by_number[self.compare_from.value]["content"]
            new = by_number[self.compare_to.value]["content"]
            changes = version_changes(old, new)
            if (changes["change"] == "same").all():
                diff.value = '<p class="cikit-note">' + html.escape(tr("No difference.")) + "</p>"
                return
            diff.value = changes_table(
                changes,
                labels=labels,
                change_labels=change_labels,
                headers=(tr("Section"), tr("Change"), tr("Before"), tr("After")),
                added=tr("added"),
                removed=tr("removed"),
            )

        def show(_change=None) -> None:
            old_children = page.children
            number = self.show_version.value
            page.children = (self._page_widget(tr, by_number[number], latest=number == newest),)
            _close_replaced(old_children, page.children)

        self.compare_from.observe(self.guarded(compare), names="value")
        self.compare_to.observe(self.guarded(compare), names="value")
        self.show_version.observe(self.guarded(show), names="value")
        compare()
        show()
        compare_row = ipw.HBox(
            [
                ipw.HTML('<label class="cikit-label">' + html.escape(tr("Compare")) + "</label>"),
                self.compare_from,
                ipw.HTML("→"),
                self.compare_to,
            ]
        )
        compare_row.add_class("cikit-buttons")
        return [
            ipw.HTML(
                "<h2>"
                + html.escape(tr("Versions"))
                + f'</h2><ul class="cikit-history">{items}</ul>'
                f"<h3>" + html.escape(tr("What changed between two versions")) + "</h3>"
            ),
            compare_row,
            diff,
            ipw.HTML("<h3>" + html.escape(tr("Read a version")) + "</h3>"),
            self.show_version,
            page,
        ]


def _in_kernel() -> bool:
    """True inside an IPython kernel (Voila or JupyterLab), whose loop runs callbacks."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None
