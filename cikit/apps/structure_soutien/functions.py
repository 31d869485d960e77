"""Step 1, the six functions: partners and the backbone staff rate the same statements.

A live round (``functions``): statements about the short-term and intermediate
outcomes of each of the six backbone functions (Turner, Merchant, Kania & Martin,
2012), rated 1-4 or "don't know".  Each person answers as a partner or as backbone
staff (:mod:`cikit.analysis.structure_soutien_sides`); the two groups' scores are
shown side by side (:mod:`.function_results`, drawn when shown), and the gap
between them is the point.  What a participant's phone runs: light (no pandas).
"""

from __future__ import annotations

import html
import secrets
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from cikit import content
from cikit.analysis.scales import DONT_KNOW, LEVELS
from cikit.analysis.structure_soutien_sides import GROUPS, PARTNERS, STAFF, group_for_role
from cikit.apps.framework import LiveRound
from cikit.apps.framework.live_round import JOIN_ITEM, NO_SECTOR
from cikit.components.likert import LikertItem
from cikit.components.navigator import StepNavigator
from cikit.errors import N_, CikitError
from cikit.store.respondent import participant_id
from cikit.store.rounds import OPEN

if TYPE_CHECKING:
    import pandas as pd

    from cikit.i18n import Translator

RUBRIC = "backbone_rubric"
ROUND_KEY = "functions"


class FunctionsRound(LiveRound):
    """How far has the backbone's work got, seen by the partners and by its own staff?"""

    id = "functions"
    label = N_("1. Six functions")
    participant_label = N_("Self-assessment")
    round_key = ROUND_KEY

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self._question_step = 0
        self._shown_function: str | None = None
        self._joined_group: tuple[str, str] | None = None  # (respondent, group) chosen here
        self.likert: dict[str, LikertItem] = {}

    # -- content --------------------------------------------------------------------------------

    @property
    def rubric(self) -> dict[str, Any]:
        return content.document(RUBRIC)

    def text(self, value: Any) -> str:
        return content.pick(value, self.lang) if isinstance(value, dict) else str(value or "")

    def functions(self) -> dict[str, list[str]]:
        """Function id to its statement ids, in the rubric's order."""
        return {e["id"]: [s["id"] for s in e["statements"]] for e in self.rubric["entries"]}

    def items(self) -> list[str]:
        return [item for items in self.functions().values() for item in items]

    def allowed_values(self, item: str) -> set:
        return {*LEVELS, DONT_KNOW}

    @staticmethod
    def group_label(tr: Translator, group: str) -> str:
        return tr("Backbone staff") if group == STAFF else tr("Partners")

    # -- who answers for whom ---------------------------------------------------------------------

    def my_group(self) -> str | None:
        """This person's side: their role in a named round, else what they chose when joining."""
        if not self.respondent:
            return None
        pid = participant_id(self.respondent)
        if pid is not None:
            return group_for_role(self.workspace.role_of(pid))
        if self._joined_group and self._joined_group[0] == self.respondent:
            return self._joined_group[1]
        chosen = self.workspace.round_join_value(self.round["id"], self.respondent).get("group")
        return chosen if chosen in GROUPS else PARTNERS

    def build(self) -> list[ipw.Widget]:
        who = self.tr(
            "Who counts as backbone staff: in a round with names, the people whose role is "
            "“Backbone staff” in the Start workbook; everyone else gives the partners' view. "
            "In an anonymous round, each person says which when joining."
        )
        rule = ipw.HTML(f'<p class="cikit-hint cikit-bb-rule">{html.escape(who)}</p>')
        return [rule, *super().build()]

    def _join_panel(self, tr: Translator) -> ipw.Widget:
        box = super()._join_panel(tr)
        children = list(box.children)
        if not self.round["anonymous"]:
            # Say which side the chosen name answers for, before the person joins.
            self.side_hint = ipw.HTML()
            self.side_hint.add_class("cikit-bb-side-hint")

            def show_side(change) -> None:
                chosen = change["new"]
                role = self.workspace.role_of(chosen) if isinstance(chosen, int) else None
                if role is None:
                    self.side_hint.value = ""
                    return
                side = self.group_label(tr, group_for_role(role))
                words = tr("You will answer as: {group}.").format(group=side)
                self.side_hint.value = f'<p class="cikit-hint">{html.escape(words)}</p>'

            self.join_choice.observe(self.page.guarded(show_side), names="value")
            children[3:3] = [self.side_hint]
        else:
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
        if self.round["status"] != OPEN:
            self.status.show(tr("This round is closed: your answer was not saved."), "error")
            return
        group = self.group_choice.value
        sector = self.join_choice.value
        if group not in GROUPS or (sector != NO_SECTOR and sector not in content.ids("sectors")):
            self.status.show(tr("Unknown choice: {value}.").format(value=str(group)[:40]), "error")
            return
        client = self.page.url.client_id or secrets.token_hex(12)
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
        self._joined_group = (respondent, group)
        self.redraw()

    # -- participants' questions ----------------------------------------------------------------

    def build_questions(self, answers: dict[str, Any], disabled: bool) -> list[ipw.Widget]:
        tr, doc = self.tr, self.rubric
        levels = [(self.text(lv), lv["id"]) for lv in doc["levels"]]
        dont_know = self.text(doc["dont_know"])
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
        self.likert = {}

        def section(entry: dict) -> ipw.Widget:
            widgets: list[ipw.Widget] = [
                ipw.HTML(
                    f"<h2>{html.escape(self.text(entry))}</h2>"
                    f'<p class="cikit-lead">{html.escape(self.text(entry.get("intro")))}</p>'
                )
            ]
            for number, statement in enumerate(entry["statements"], start=1):
                horizon = self.text(doc["horizons"].get(statement["horizon"]))
                given = answers.get(statement["id"])
                item = LikertItem(
                    self.text(statement),
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
            return page

        steps = [
            (self.text(entry.get("short")) or self.text(entry), section(entry))
            for entry in doc["entries"]
        ]
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

    def groups(self, responses: pd.DataFrame) -> pd.Series:
        """Each respondent's group, by the rule in :mod:`cikit.analysis.structure_soutien`."""
        from cikit.results import structure_soutien

        return structure_soutien.groups(self.workspace, responses)

    def scores(self, responses: pd.DataFrame | None = None) -> pd.DataFrame:
        from cikit.analysis.structure_soutien import function_scores

        if responses is None:
            responses = self.responses()
        return function_scores(responses, self.groups(responses), self.functions())

    def build_results(self, responses: pd.DataFrame) -> list[ipw.Widget]:
        from cikit.apps.structure_soutien.function_results import function_results

        return function_results(self, responses)

    def conclusion_content(self, responses: pd.DataFrame) -> dict[str, Any]:
        import pandas as pd

        scores = self.scores(responses)

        def rounded(value: Any) -> float | None:
            return None if pd.isna(value) else round(float(value), 2)

        return {
            "scores": {
                f: {g: rounded(scores.loc[f, g]) for g in (*GROUPS, "gap")} for f in scores.index
            }
        }
