"""Step 1, the declarations round: partners declare what they do, for their organisation.

A participant joins the round (their name links them to their organisation),
then declares, edits or removes their own activities with the form
(:mod:`.form`); each declaration is an answer of the round (``declared`` → the
activity's id), so the facilitator's count and list follow.  The facilitator sees
the round's controls, then enters any partner's activities, imports them from a
file and names the places the gaps compare with (:mod:`.entry`, imported only in
the facilitator's kernel).  No chart here: a phone that declares draws forms and
tables.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from cikit.apps.activites.checks import checked_activity, problem_text
from cikit.apps.activites.form import build_form, form_values
from cikit.apps.activites.tables import activities_table
from cikit.apps.framework import LiveRound, facilitator_only
from cikit.errors import N_, CikitError
from cikit.store.respondent import participant_id
from cikit.store.rounds import OPEN

if TYPE_CHECKING:
    import pandas as pd

    from cikit.analysis.activites.references import References

DECLARED = "declared"
"""The round's one item: each answer is the id of an activity the person declared."""


class DeclarationRound(LiveRound):
    """« Déclarez vos activités / Declare your activities »."""

    id = "declare"
    label = N_("1. Activities")
    participant_label = N_("Declare your activities")
    round_key = "declarations"
    records_conclusion = False

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self._editing: int | None = None
        self._list_partner: int | None = None
        self._form_draft: tuple[int | None, dict] | None = None  # (editing, values typed)
        self.import_panel = None  # the facilitator's ActivityImportPanel

    # -- data ------------------------------------------------------------------------------

    def refs(self) -> References:
        from cikit.results.activites import references

        return references(self.workspace, self.lang)

    def items(self) -> list[str]:
        return [DECLARED]

    def allowed_values(self, item: str) -> set:
        return set()  # declarations are saved by save_activity, never as a typed answer

    def _my_partner(self) -> int | None:
        """The partner a named participant answers for (None in an anonymous round)."""
        import pandas as pd

        pid = participant_id(self.respondent)
        if pid is None:
            return None
        people = self.workspace.participants().set_index("id")
        try:
            partner = people.loc[pid, "partner_id"]
        except KeyError:
            return None
        return None if pd.isna(partner) else int(partner)

    def _my_declarations(self) -> list[int]:
        responses = self.responses()
        mine = responses[
            (responses["respondent"] == self.respondent) & (responses["item"] == DECLARED)
        ]
        return [int(v) for v in mine["value"] if isinstance(v, int) and not isinstance(v, bool)]

    # -- drawing -----------------------------------------------------------------------------

    def build(self) -> list[ipw.Widget]:
        parts = super().build()
        if self.is_facilitator:
            from cikit.apps.activites.entry import facilitator_entry

            parts += facilitator_entry(self)
        return parts

    def build_questions(self, answers: dict[str, Any], disabled: bool) -> list[ipw.Widget]:
        tr = self.tr
        refs = self.refs()
        anonymous = bool(self.round and self.round["anonymous"])
        partner = self._my_partner()
        if partner is None and not anonymous:
            return [
                self.note(
                    tr(
                        "Your name is not linked to an organisation, so you cannot declare "
                        "activities for one. Ask the facilitator to link it (Start workbook)."
                    )
                )
            ]
        mine = self._my_declarations()
        frame = self.workspace.activities()
        own = frame[frame["id"].isin(mine)]
        parts: list[ipw.Widget] = []
        if not disabled:
            parts.append(build_form(self, refs, fixed_partner=partner, editable=own))
        parts.append(self.heading(tr("What you declared in this round")))
        parts.append(ipw.HTML(activities_table(tr, own, refs)))
        if partner is not None:
            others = frame[(frame["partner_id"] == partner) & ~frame["id"].isin(mine)]
            if not others.empty:
                parts.append(self.heading(tr("Your organisation's other activities")))
                parts.append(ipw.HTML(activities_table(tr, others, refs)))
        return parts

    def build_results(self, responses: pd.DataFrame) -> list[ipw.Widget]:
        tr = self.tr
        ids = [v for v in responses.loc[responses["item"] == DECLARED, "value"]
               if isinstance(v, int) and not isinstance(v, bool)]  # fmt: skip
        frame = self.workspace.activities()
        declared = frame[frame["id"].isin(ids)]
        text = tr("{count} activities declared in this round.").format(count=len(declared))
        return [
            ipw.HTML(f'<p class="cikit-lead">{html.escape(text)}</p>'),
            ipw.HTML(activities_table(tr, declared, self.refs())),
        ]

    # -- the form's actions: participants for their organisation, the facilitator for all --

    def on_list_partner(self, change) -> None:
        self._list_partner = change["new"]
        self._editing = None
        self._form_draft = None
        self.redraw()

    def on_edit_choice(self, change) -> None:
        self._editing = change["new"] or None
        self._form_draft = None
        self.redraw()

    def cancel_edit(self, _button=None) -> None:
        self._editing = None
        self._form_draft = None
        self.redraw()

    def save_form(self, _button=None) -> None:
        saved = self.save_activity(form_values(self), editing=self._editing)
        if saved is None:
            return
        self._editing = None
        self._form_draft = None
        self.redraw()
        self.status.show(self.tr("Activity saved."), "success")

    def save_activity(self, values: dict[str, Any], *, editing: int | None = None) -> int | None:
        """Check and save an activity from the form (or a browser); its id, or None if refused.

        Participants may only add for their own organisation (named rounds) and edit
        what they declared, while their round is open; the facilitator may do
        anything.  Every refusal names the field in the person's language and keeps
        the form as typed.
        """
        tr = self.tr
        status = getattr(self, "form_status", None) or self.status
        activity, problems = checked_activity(values, self.refs())
        if problems:
            status.show(" ".join(problem_text(tr, r, v) for _f, r, v in problems[:4]), "error")
            return None
        participant = None
        if not self.is_facilitator:
            if not self.round or self.round["status"] != OPEN or not self.respondent:
                status.show(tr("This round is closed: answers can no longer change."), "error")
                return None
            own = self._my_partner()
            if own is not None and activity["partner_id"] != own:
                status.show(problem_text(tr, "unknown_partner", activity["partner_id"]), "error")
                return None
            if editing is not None and editing not in self._my_declarations():
                status.show(tr("This answer cannot be saved."), "error")
                return None
            participant = participant_id(self.respondent)
        try:
            if editing is not None:
                self.workspace.update_activity(editing, **activity)
                saved = editing
            else:
                saved = self.workspace.add_activity(
                    **activity,
                    source="entry" if self.is_facilitator else "round",
                    participant_id=participant,
                )
                if not self.is_facilitator:
                    self.workspace.answer(self.round["id"], respondent=self.respondent,
                                          item=DECLARED, value=saved, sector=self.sector)  # fmt: skip
        except CikitError as err:
            status.show(err.render(tr), "error")
            return None
        return saved

    def remove_editing(self, _button=None) -> None:
        tr = self.tr
        if self._editing is None:
            return
        if not self.is_facilitator:
            if not self.round or self.round["status"] != OPEN or not self.respondent:
                self.form_status.show(
                    tr("This round is closed: answers can no longer change."), "error"
                )
                return
            if self._editing not in self._my_declarations():
                self.form_status.show(tr("This answer cannot be saved."), "error")
                return
        try:
            self.workspace.remove_activity(self._editing)
        except CikitError as err:
            self.form_status.show(err.render(tr), "error")
            return
        self._editing = None
        self._form_draft = None
        self.redraw()
        self.status.show(tr("Activity removed."), "success")

    # -- the facilitator's own writes (the gate checks the role when they run) ----------------

    @facilitator_only
    def save_places(self, _button=None) -> None:
        from cikit.apps.activites.entry import save_places

        save_places(self)
