"""Step 1, the facilitator's: the candidates the group will rate, from the library (by
domain) or the group's own.

The shortlist is saved as a decision ``shortlist`` at each tick, so the rating (step 2)
opens on it even from another tab; the group's own candidates are decisions
``candidate.<id>``.
"""

from __future__ import annotations

import html
import secrets

import ipywidgets as ipw

from cikit.apps.framework.page import replace_children
from cikit.apps.gate import facilitator_only
from cikit.apps.mesure_commune.common import NOTE_MAX, MeasureStep
from cikit.components.messages import MessageArea
from cikit.errors import N_, CikitError
from cikit.store.validate import name_key

OWN = "own_"
NAME_MAX = 200


class CandidatesStep(MeasureStep):
    """Pick the candidates to rate; add the group's own."""

    id = "choose"
    label = N_("1. Candidates")

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self._domain = "early_childhood"
        self._shortlist: list[str] | None = None
        self.candidate_checks: dict[str, ipw.Checkbox] = {}

    def saved_shortlist(self) -> list[str]:
        found = self.workspace.decision(self.workbook_id, "shortlist")
        given = (found or {}).get("content", {}).get("candidates", [])
        return [c for c in given if isinstance(c, str)]

    def shortlist(self) -> list[str]:
        """The candidates chosen: as ticked on this page, else as saved."""
        return list(self._shortlist) if self._shortlist is not None else self.saved_shortlist()

    # -- drawing --------------------------------------------------------------------------------

    def build(self) -> list[ipw.Widget]:
        tr = self.tr
        self.status = MessageArea()
        if self._shortlist is None:
            self._shortlist = self.saved_shortlist()
        domains = [
            (d[self.lang] if self.lang in d else d["fr"], d["id"]) for d in self.doc["domains"]
        ]
        own = self.own_candidates()
        if own:
            domains.append((tr("The group's own"), "own"))
        if self._domain not in {d for _, d in domains}:
            self._domain = domains[0][1]
        self.domain_choice = ipw.Dropdown(
            options=domains, value=self._domain, layout=ipw.Layout(width="100%", max_width="520px")
        )
        self.domain_choice.add_class("cikit-domain-choice")
        listing = ipw.VBox()
        listing.add_class("cikit-candidate-list")
        self.candidate_checks = {}

        def show(domain: str) -> None:
            self._domain = domain
            ids = (
                list(own)
                if domain == "own"
                else [e["id"] for e in self.doc["entries"] if e.get("domain") == domain]
            )
            replace_children(listing, [self._card(i, own) for i in ids])

        self.domain_choice.observe(self.page.guarded(lambda c: show(c["new"])), names="value")
        show(self._domain)
        self.shortlist_html = ipw.HTML()
        self._show_shortlist()
        intro = tr(
            "Pick the candidates the group will rate: from the library, by domain, or the "
            "group's own. Then open the rating in step 2."
        )
        return [
            self.lead(intro),
            self.domain_choice,
            listing,
            self.shortlist_html,
            self._own_form(),
            self.status,
        ]

    def _card(self, indicator_id: str, own: dict) -> ipw.Widget:
        tr = self.tr
        info = self.indicator(indicator_id, own=own)
        check = ipw.Checkbox(
            value=indicator_id in self._shortlist,
            description=info["name"],
            indent=False,
            layout=ipw.Layout(width="auto"),
        )
        check.add_class("cikit-candidate-check")
        check.observe(self._toggle_candidate(indicator_id), names="value")
        self.candidate_checks[indicator_id] = check
        arrow = "↑" if info["direction"] == "up" else "↓"
        better = tr("higher is better") if info["direction"] == "up" else tr("lower is better")
        details = (
            f'<div class="cikit-indicator-plain">{html.escape(info["plain"])}</div>'
            f'<div class="cikit-hint">{html.escape(info["unit"])} · {arrow} '
            f"{html.escape(better)}"
            + (f" · {html.escape(info['sources'])}" if info["sources"] else "")
            + "</div>"
        )
        card = ipw.VBox([check, ipw.HTML(details)])
        card.add_class("cikit-indicator-card")
        return card

    def _own_form(self) -> ipw.Widget:
        tr = self.tr
        self.own_name = ipw.Text(placeholder=tr("Name of the indicator"))
        self.own_plain = ipw.Textarea(placeholder=tr("What it measures, in plain words"), rows=2)
        self.own_unit = ipw.Text(placeholder=tr("Unit (%, number…)"))
        self.own_direction = ipw.ToggleButtons(
            options=[(tr("Higher is better"), "up"), (tr("Lower is better"), "down")],
            value="up",
            style={"button_width": "auto"},
        )
        for widget in (self.own_name, self.own_plain, self.own_unit):
            widget.layout = ipw.Layout(width="100%", max_width="620px")
        self.own_add = ipw.Button(description=tr("Add this candidate"), button_style="primary")
        self.own_add.on_click(self._add_own)
        form = ipw.VBox(
            [
                ipw.HTML("<h3>" + html.escape(tr("Add the group's own candidate")) + "</h3>"),
                self.own_name,
                self.own_plain,
                self.own_unit,
                self.own_direction,
                self.own_add,
            ]
        )
        form.add_class("cikit-add-form")
        return form

    def _show_shortlist(self) -> None:
        tr = self.tr
        names = [self.name(c) for c in self._shortlist or []]
        title = tr("Chosen for the rating: {count}").format(count=len(names))
        items = "".join(f"<li>{html.escape(n)}</li>" for n in names)
        self.shortlist_html.value = (
            f'<div class="cikit-prompt cikit-prompt-ok"><strong>{html.escape(title)}</strong>'
            + (f"<ul>{items}</ul>" if items else "")
            + "</div>"
        )

    # -- writing (the facilitator's) --------------------------------------------------------------

    def _toggle_candidate(self, indicator_id: str):
        def handler(change) -> None:
            chosen = [c for c in (self._shortlist or []) if c != indicator_id]
            if change["new"]:
                chosen.append(indicator_id)
            self._shortlist = chosen
            self._save_shortlist()
            self._show_shortlist()

        return handler

    @facilitator_only
    def _save_shortlist(self) -> None:
        try:
            self.workspace.adopt_decision(
                workbook=self.workbook_id,
                key="shortlist",
                content={"candidates": list(self._shortlist or [])},
                adopted_by=self.tr("Facilitator"),
            )
        except CikitError as err:
            self.status.show(err.render(self.tr), "error")

    @facilitator_only
    def _add_own(self, _button=None) -> None:
        tr = self.tr
        name = self.own_name.value
        if not isinstance(name, str) or not name.strip():
            self.status.show(tr("Give the indicator a name first."), "error")
            return
        fields = {"name": name, "plain": self.own_plain.value, "unit": self.own_unit.value}
        if any(not isinstance(v, str) or len(v) > NOTE_MAX for v in fields.values()):
            longest = max(len(str(v)) for v in fields.values())
            self.status.show(self.too_long(tr, longest, NOTE_MAX), "error")
            return
        if len(name.strip()) > NAME_MAX:
            self.status.show(self.too_long(tr, len(name.strip()), NAME_MAX), "error")
            return
        if self.own_direction.value not in ("up", "down"):
            self.status.show(tr("This answer cannot be saved."), "error")
            return
        known = {name_key(self.name(i)) for i in [*self.own_candidates(), *self.library_ids()]}
        if name_key(name) in known:
            self.status.show(tr("This indicator is already a candidate."), "error")
            return
        indicator_id = f"{OWN}{secrets.token_hex(4)}"
        try:
            self.workspace.adopt_decision(
                workbook=self.workbook_id,
                key=f"candidate.{indicator_id}",
                content={**{k: v.strip() for k, v in fields.items()},
                         "direction": self.own_direction.value},
                adopted_by=tr("Facilitator"),
            )  # fmt: skip
        except CikitError as err:
            self.status.show(err.render(tr), "error")
            return
        self._shortlist = [*(self._shortlist or []), indicator_id]
        self._save_shortlist()
        self._domain = "own"
        self.redraw()
        self.status.show(tr("Candidate added and chosen for the rating."), "success")
