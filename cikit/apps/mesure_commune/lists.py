"""Step 3, the facilitator's: the three lists — headline (3 to 5), secondary, data
development agenda — sorted with the ranking's help and saved as a versioned decision
``lists``."""

from __future__ import annotations

import html

import ipywidgets as ipw

from cikit.analysis.mesure_commune_scale import HEADLINE_MAX, HEADLINE_MIN
from cikit.apps.gate import facilitator_only
from cikit.apps.mesure_commune.common import LIST_NAMES, MeasureStep
from cikit.apps.mesure_commune.ranking import ranking_rows, ranking_rules, ranking_table
from cikit.apps.mesure_commune.rating import RatingRound, ranking
from cikit.components.messages import MessageArea
from cikit.errors import N_, CikitError


class ListsStep(MeasureStep):
    """Sort the rated candidates into the three lists."""

    id = "lists"
    label = N_("3. The three lists")

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self._lists_draft: dict[str, str] | None = None
        self.list_choices: dict[str, ipw.ToggleButtons] = {}
        self.round: dict | None = None

    def build(self) -> list[ipw.Widget]:
        tr = self.tr
        self.status = MessageArea()
        self.round = self.workspace.current_round(self.workbook_id, RatingRound.round_key)
        saved = self.lists()
        rows_ranked: list[dict] = []
        if self.round is not None:
            table = ranking(self, self.workspace.round_responses(self.round["id"]), self.round)
            rows_ranked = ranking_rows(table)
        ranked = {row["id"]: row for row in rows_ranked}
        candidates = list(ranked)
        for name in LIST_NAMES:
            candidates += [c for c in saved[name] if c not in candidates]
        if self._lists_draft is None:
            self._lists_draft = {c: n for n in LIST_NAMES for c in saved[n]}
        labels = {
            "headline": tr("Headline (3–5)"),
            "secondary": tr("Secondary"),
            "development": tr("Data development agenda"),
            "": tr("Not kept"),
        }
        self.list_choices = {}
        rows: list[ipw.Widget] = []
        for indicator_id in candidates:
            choice = ipw.ToggleButtons(
                options=[(labels[k], k) for k in (*LIST_NAMES, "")],
                value=self._lists_draft.get(indicator_id, ""),
                style={"button_width": "auto"},
            )
            choice.add_class("cikit-list-choice")
            choice.observe(self._list_handler(indicator_id), names="value")
            self.list_choices[indicator_id] = choice
            score = ""
            found = ranked.get(indicator_id)
            if found is not None and found["score"] is not None:
                score = tr("rank {rank}, score {score}").format(
                    rank="—" if found["rank"] is None else found["rank"],
                    score=self.number(found["score"]),
                )
            row = ipw.VBox(
                [
                    ipw.HTML(
                        f"<strong>{html.escape(self.name(indicator_id))}</strong> "
                        f'<span class="cikit-hint">{html.escape(score)}</span>'
                    ),
                    choice,
                ]
            )
            row.add_class("cikit-list-row")
            rows.append(row)
        if not candidates:
            rows.append(self.note(tr("Rate some candidates first (steps 1 and 2).")))
        self.lists_warning = MessageArea()
        self._check_headline()
        self.save_lists_button = ipw.Button(
            description=tr("Save the three lists"), button_style="primary"
        )
        self.save_lists_button.add_class("cikit-save-lists")
        self.save_lists_button.on_click(self._save_lists)
        intro = tr(
            "Sort the candidates, helped by the ranking: {fewest} to {most} headline "
            "indicators, secondary ones that tell the story behind the curve, and a data "
            "development agenda for what matters but has no good data yet."
        ).format(fewest=HEADLINE_MIN, most=HEADLINE_MAX)
        widgets: list[ipw.Widget] = [self.lead(intro)]
        if rows_ranked:
            widgets += [ranking_table(self, rows_ranked), ranking_rules(tr)]
        return [*widgets, *rows, self.lists_warning, self.save_lists_button, self.status]

    def _list_handler(self, indicator_id: str):
        def handler(change) -> None:
            if change["new"] not in (*LIST_NAMES, ""):
                return
            self._lists_draft[indicator_id] = change["new"]
            self._check_headline()

        return handler

    def _check_headline(self) -> None:
        count = sum(1 for v in (self._lists_draft or {}).values() if v == "headline")
        if HEADLINE_MIN <= count <= HEADLINE_MAX:
            self.lists_warning.clear()
        else:
            self.lists_warning.show(
                self.tr(
                    "{count} headline indicators: RBA advises {fewest} to {most}, so the "
                    "public can follow them."
                ).format(count=count, fewest=HEADLINE_MIN, most=HEADLINE_MAX),
                "info",
            )

    @facilitator_only
    def _save_lists(self, _button=None) -> None:
        tr = self.tr
        draft = self._lists_draft or {}
        lists = {name: [c for c, n in draft.items() if n == name] for name in LIST_NAMES}
        own = self.own_candidates()
        if any(self.indicator(c, own=own) is None for ids in lists.values() for c in ids):
            self.status.show(tr("Unknown entry."), "error")
            return
        try:
            version = self.workspace.adopt_decision(
                workbook=self.workbook_id,
                key="lists",
                content=lists,
                supporters=self.workspace.round_counts(self.round["id"])[0] if self.round else None,
                adopted_by=tr("Facilitator"),
            )
        except CikitError as err:
            self.status.show(err.render(tr), "error")
            return
        self.status.show(tr("Lists saved (version {version}).").format(version=version), "success")
