"""The Backbone support workbook: the six functions, the resources, the phases.

Part 1 is a live round (:data:`ROUND_KEY`): partners and the backbone staff rate
statements about the short-term and intermediate outcomes of each of the six
backbone functions (Turner, Merchant, Kania & Martin, 2012); the scores of the
two groups are shown side by side, and the gap between them is the point.
Parts 2-4 belong to the facilitator: the backbone's resources, the Channeling
Change phase grid and the initiative's context (crisis moment, scale), each a
versioned decision; participants see them in a read-only "Where we are" view.
"""

from __future__ import annotations

import html
import logging
import secrets
from typing import Any, ClassVar

import ipywidgets as ipw
import pandas as pd

from cikit import content
from cikit.analysis.backbone import (
    GAP_NOTABLE,
    GROUPS,
    PARTNERS,
    STAFF,
    function_scores,
    group_for_role,
    statement_scores,
)
from cikit.analysis.rounds import DONT_KNOW, LEVELS
from cikit.apps.backbone_setup import BackboneSetupMixin
from cikit.apps.rounds import JOIN_ITEM, NO_SECTOR, RoundApp
from cikit.components import LikertItem, StepNavigator
from cikit.components.backbone_charts import GROUP_COLOURS, gap_chart
from cikit.components.charts import legend_html
from cikit.errors import CikitError
from cikit.i18n import Translator
from cikit.i18n import format as fmt
from cikit.results import structure_soutien as backbone_results
from cikit.store.rounds import OPEN

log = logging.getLogger("cikit.apps.backbone")

RUBRIC = "backbone_rubric"
ROUND_KEY = "functions"
FUNCTIONS, RESOURCES, PHASES, CONTEXT, WHERE = (
    "functions", "resources", "phases", "context", "where",
)  # fmt: skip


class BackboneApp(BackboneSetupMixin, RoundApp):
    """« Structure de soutien / Backbone support »."""

    workbook_id = "06_structure_soutien"
    round_key = ROUND_KEY
    records_conclusion: ClassVar[bool] = True

    def __init__(self, *args, **kwargs) -> None:
        self.stage: str | None = None
        self._shown_function: str | None = None
        self._question_step = 0
        super().__init__(*args, **kwargs)

    # -- content --------------------------------------------------------------------------------

    @property
    def rubric(self) -> dict[str, Any]:
        return content.document(RUBRIC)

    def _text(self, value: Any) -> str:
        return content.pick(value, self.lang) if isinstance(value, dict) else str(value or "")

    def functions(self) -> dict[str, list[str]]:
        """Function id to its statement ids, in the rubric's order."""
        return backbone_results.functions()

    def items(self) -> list[str]:
        return [item for items in self.functions().values() for item in items]

    def allowed_values(self, item: str) -> set:
        return {*LEVELS, DONT_KNOW}

    def group_label(self, tr: Translator, group: str) -> str:
        return tr("Backbone staff") if group == STAFF else tr("Partners")

    # -- stages ---------------------------------------------------------------------------------

    def _stages(self, tr: Translator) -> list[tuple[str, str]]:
        if self.is_facilitator:
            return [
                (tr("1. Six functions"), FUNCTIONS),
                (tr("2. Resources"), RESOURCES),
                (tr("3. Phases"), PHASES),
                (tr("4. Context"), CONTEXT),
            ]
        return [(tr("Self-assessment"), FUNCTIONS), (tr("Where we are"), WHERE)]

    def _default_stage(self) -> str:
        current = self.workspace.current_round(self.workbook_id, self.round_key)
        if self.is_facilitator or (current is not None and current["status"] == OPEN):
            return FUNCTIONS
        return WHERE

    def build_body(self, tr: Translator) -> list[ipw.Widget]:
        builders = {
            RESOURCES: self._resources_body,
            PHASES: self._phases_body,
            CONTEXT: self._context_body,
            WHERE: self._where_body,
        }
        return self.staged_body(tr, FUNCTIONS, builders, before=lambda: [self._rules_note(tr)])

    def _signature(self) -> tuple:
        latest = self.workspace.latest_round_id(self.workbook_id, self.round_key)
        if self.stage == FUNCTIONS:
            return (latest, super()._signature())
        if self.stage == WHERE:
            return (latest, self._decisions_signature())
        return (latest,)

    def _decisions_signature(self) -> tuple:
        return tuple(
            (found or {}).get("version")
            for found in (
                self.workspace.decision(self.workbook_id, key)
                for key in ("resources", "phases", "settings")
            )
        )

    def _on_remote_change(self) -> None:
        self.guarded(self._follow)()

    def _follow(self) -> None:
        latest = self.workspace.latest_round_id(self.workbook_id, self.round_key)
        if latest != self._seen_round and not self.is_facilitator:
            # A new round: take participants to it.
            self._seen_round = latest
            self.stage = FUNCTIONS
            self.render()
            return
        if self.stage == FUNCTIONS:
            super()._on_remote_change()
        elif not self.is_facilitator:
            self.render()

    # -- who answers for whom ---------------------------------------------------------------------

    def groups(self, responses: pd.DataFrame) -> pd.Series:
        """Each respondent's group, by the rule in :mod:`cikit.analysis.backbone`."""
        return backbone_results.groups(self.workspace, responses)

    def my_group(self) -> str | None:
        if not self.respondent:
            return None
        return self.groups(self.responses()).get(self.respondent, PARTNERS)

    def _rules_note(self, tr: Translator) -> ipw.HTML:
        who = tr(
            "Who counts as backbone staff: in a round with names, the people whose role is "
            "“Backbone staff” in the Start workbook; everyone else gives the partners' view. "
            "In an anonymous round, each person says which when joining."
        )
        return ipw.HTML(f'<p class="cikit-hint cikit-bb-rule">{html.escape(who)}</p>')

    def _join_panel(self, tr: Translator) -> ipw.Widget:
        box = super()._join_panel(tr)
        if not self.round["anonymous"]:
            # Say which side the chosen name answers for, before the person joins.
            people = self.workspace.participants()
            roles = {int(r.id): r.role for r in people.itertuples()}
            self.side_hint = ipw.HTML()
            self.side_hint.add_class("cikit-bb-side-hint")

            def show_side(change) -> None:
                chosen = change["new"]
                if chosen is None or chosen not in roles:
                    self.side_hint.value = ""
                    return
                side = self.group_label(tr, group_for_role(roles[chosen]))
                words = tr("You will answer as: {group}.").format(group=side)
                self.side_hint.value = f'<p class="cikit-hint">{html.escape(words)}</p>'

            self.join_choice.observe(self.guarded(show_side), names="value")
            children = list(box.children)
            children[3:3] = [self.side_hint]
            box.children = tuple(children)
            return box
        self.group_choice = ipw.ToggleButtons(
            options=[
                (tr("I answer as a partner"), PARTNERS),
                (tr("I work for the backbone"), STAFF),
            ],
            value=PARTNERS,
            style={"button_width": "auto"},
        )
        self.group_choice.add_class("cikit-bb-group-choice")
        label = tr("You answer as")
        children = list(box.children)
        children[3:3] = [
            ipw.HTML(f'<label class="cikit-label">{html.escape(label)}</label>'),
            self.group_choice,
        ]
        box.children = tuple(children)
        return box

    def _join(self, _button=None) -> None:
        if not self.round or not self.round["anonymous"]:
            super()._join(_button)
            return
        tr = self.tr
        group = self.group_choice.value
        sector = self.join_choice.value
        if group not in GROUPS or (sector != NO_SECTOR and sector not in content.ids("sectors")):
            self.status.show(tr("Unknown choice: {value}.").format(value=str(group)[:40]), "error")
            return
        client = self.url.client_id or secrets.token_hex(12)
        respondent = f"a:{client}"
        try:
            self.workspace.answer(
                self.round["id"],
                respondent=respondent,
                item=JOIN_ITEM,
                value={"client": client, "group": group},
                sector=sector or None,
            )
        except CikitError as err:
            self.status.show(err.render(tr), "error")
            return
        self.respondent, self.sector = respondent, sector or None
        self.render()

    # -- participants' questions ----------------------------------------------------------------

    def build_questions(
        self, tr: Translator, answers: dict[str, Any], disabled: bool
    ) -> list[ipw.Widget]:
        doc = self.rubric
        levels = [(self._text(lv), lv["id"]) for lv in doc["levels"]]
        dont_know = self._text(doc["dont_know"])
        group = self.my_group() or PARTNERS
        as_whom = tr("You answer as: {group}.").format(group=self.group_label(tr, group))
        lead = (
            tr("Rate how far the backbone's work has got, for each of its six functions.")
            if group == PARTNERS
            else tr(
                "Rate how far your work as the backbone has got, for each of its six "
                "functions. Partners rate the same statements."
            )
        )
        self.likert: dict[str, LikertItem] = {}
        steps = []
        for entry in doc["entries"]:
            widgets: list[ipw.Widget] = [
                ipw.HTML(
                    f"<h2>{html.escape(self._text(entry))}</h2>"
                    f'<p class="cikit-lead">{html.escape(self._text(entry.get("intro")))}</p>'
                )
            ]
            for number, statement in enumerate(entry["statements"], start=1):
                horizon = self._text(doc["horizons"].get(statement["horizon"]))
                given = answers.get(statement["id"])
                item = LikertItem(
                    self._text(statement),
                    levels=levels,
                    dont_know=dont_know,
                    number=f"{number}. [{horizon}]",
                    value=given if given in self.allowed_values(statement["id"]) else None,
                )
                item.disabled = disabled
                item.observe(self.answer_handler(statement["id"], item), names="value")
                self.likert[statement["id"]] = item
                widgets.append(item)
            page = ipw.VBox(widgets)
            page.add_class("cikit-step")
            steps.append((self._text(entry.get("short")) or self._text(entry), page))
        self.questions = StepNavigator(steps, tr=tr)
        self.questions.index = min(self._question_step, len(steps) - 1)
        self.questions.observe(
            lambda change: setattr(self, "_question_step", change["new"]), names="index"
        )
        intro = ipw.HTML(
            f'<p class="cikit-lead"><strong>{html.escape(as_whom)}</strong> {html.escape(lead)}</p>'
        )
        return [intro, self.questions]

    # -- the group's results ------------------------------------------------------------------------

    def scores(self, responses: pd.DataFrame | None = None) -> pd.DataFrame:
        if responses is None:
            responses = self.responses()
        return function_scores(responses, self.groups(responses), self.functions())

    def build_results(self, tr: Translator, responses: pd.DataFrame) -> list[ipw.Widget]:
        groups = self.groups(responses)
        scores = function_scores(responses, groups, self.functions())
        self.last_scores = scores
        entries = {e["id"]: e for e in self.rubric["entries"]}
        labels = [self._text(entries[f].get("short")) for f in scores.index]
        series = [self.group_label(tr, g) for g in GROUPS]
        chart = gap_chart(
            labels,
            scores[PARTNERS].tolist(),
            scores[STAFF].tolist(),
            title=tr("Scores by function"),
            axis_label=tr("Average level (1 to 4)"),
            series=series,
        )
        answered = {g: 0 for g in GROUPS}
        rated = responses[responses["item"].isin(self.items())]
        for respondent in set(rated["respondent"]):
            answered[groups.get(respondent, PARTNERS)] += 1
        counts = tr(
            "Answers so far: {partners} from partners, {staff} from backbone staff."
        ).format(partners=answered[PARTNERS], staff=answered[STAFF])
        table = self._scores_table(tr, scores, entries)
        self.scores_html = table
        rules = tr(
            "How to read this: for each group, a statement's score is the average of the levels "
            "given (“don't know” left out), and a function's score is the average of its "
            "statements. The gap is the staff's score minus the partners'; a gap of a whole "
            "level or more either way is flagged: worth a conversation."
        )
        detail = self._function_detail(tr, responses, groups, entries)
        return [
            ipw.HTML(f'<p class="cikit-lead">{html.escape(counts)}</p>'),
            table,
            chart,
            ipw.HTML(legend_html(series, GROUP_COLOURS)),
            ipw.HTML(f'<div class="cikit-rules"><p>{html.escape(rules)}</p></div>'),
            detail,
        ]

    def _number(self, value: Any, digits: int = 1, signed: bool = False) -> str:
        return fmt.number(value, self.lang, digits=digits, signed=signed)

    @staticmethod
    def _people(tr: Translator, count: Any) -> str:
        count = int(count)
        return tr.ngettext("{count} person", "{count} people", count).format(count=count)

    def _scores_table(self, tr: Translator, scores: pd.DataFrame, entries: dict) -> ipw.HTML:
        heads = [tr("Function"), tr("Partners"), tr("Staff"), tr("Gap")]
        rows = []
        for function, row in scores.iterrows():
            flag = ""
            if row["notable"]:
                words = (
                    tr("staff see it higher") if row["gap"] > 0 else tr("partners see it higher")
                )
                flag = f'<div><span class="cikit-flag">{html.escape(words)}</span></div>'
            cells = [
                html.escape(self._text(entries[function])),
                f'{self._number(row[PARTNERS])}<div class="cikit-stats">'
                f"{html.escape(self._people(tr, row['partners_people']))}</div>",
                f'{self._number(row[STAFF])}<div class="cikit-stats">'
                f"{html.escape(self._people(tr, row['staff_people']))}</div>",
                self._number(row["gap"], signed=True) + flag,
            ]
            classes = ["", "cikit-num", "cikit-num", "cikit-num cikit-bb-gap"]
            rows.append(
                f'<tr class="cikit-bb-row-{html.escape(function)}">'
                + "".join(f'<td class="{c}">{v}</td>' for c, v in zip(classes, cells, strict=True))
                + "</tr>"
            )
        head = "".join(f"<th>{html.escape(h)}</th>" for h in heads)
        return ipw.HTML(
            f'<div class="cikit-scroll"><table class="cikit-verdicts cikit-bb-scores">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        )

    def _function_detail(
        self, tr: Translator, responses: pd.DataFrame, groups: pd.Series, entries: dict
    ) -> ipw.Widget:
        per_item = statement_scores(responses, groups, self.items())
        if self._shown_function not in entries:
            self._shown_function = next(iter(entries))
        picker = ipw.Dropdown(
            options=[(self._text(e), fid) for fid, e in entries.items()],
            value=self._shown_function,
            layout=ipw.Layout(width="100%", max_width="520px"),
        )
        picker.add_class("cikit-bb-function-picker")
        detail = ipw.HTML()
        horizons = self.rubric["horizons"]
        gap_word = tr("gap")

        def show(function: str) -> None:
            self._shown_function = function
            items = []
            for statement in entries[function]["statements"]:
                row = per_item.loc[statement["id"]]
                stats = tr("partners {partners} · staff {staff} · don't know {dk}").format(
                    partners=self._number(row[PARTNERS]),
                    staff=self._number(row[STAFF]),
                    dk=int(row["partners_dont_know"] + row["staff_dont_know"]),
                )
                flag = ""
                if pd.notna(row["gap"]) and abs(row["gap"]) >= GAP_NOTABLE:
                    flag = ' <span class="cikit-flag">' + html.escape(gap_word) + "</span>"
                horizon = self._text(horizons.get(statement["horizon"]))
                items.append(
                    f'<li><span class="cikit-bb-horizon">{html.escape(horizon)}</span> '
                    f"{html.escape(self._text(statement))}"
                    f'<div class="cikit-stats">{html.escape(stats)}{flag}</div></li>'
                )
            detail.value = f'<ol class="cikit-statements">{"".join(items)}</ol>'

        picker.observe(self.guarded(lambda change: show(change["new"])), names="value")
        show(self._shown_function)
        self.function_picker = picker
        self.function_detail = detail
        label = tr("Function in detail")
        return ipw.VBox(
            [ipw.HTML(f'<label class="cikit-label">{html.escape(label)}</label>'), picker, detail]
        )

    def conclusion_content(self, responses: pd.DataFrame) -> dict[str, Any]:
        scores = self.scores(responses)

        def rounded(value: Any) -> float | None:
            return None if pd.isna(value) else round(float(value), 2)

        return {
            "scores": {
                f: {g: rounded(scores.loc[f, g]) for g in (*GROUPS, "gap")} for f in scores.index
            }
        }
