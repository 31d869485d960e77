"""The Shared measurement workbook: choose a short list of indicators, then track them.

Part 1 follows Results-Based Accountability: the facilitator puts candidates
from the library (and the group's own) to a live round where people rate each
on communication, proxy and data power; the ranking helps sort them into the
headline list, secondary indicators and the data development agenda; each
chosen indicator gets its definition (baseline, target, source…).  Part 2 is
the data: values entered or imported, the curve with its forecast, the
dashboard, and the story behind each curve.  Lists, definitions and stories are
versioned decisions; values live in the measurements table.
"""

from __future__ import annotations

import html
import io
import logging
import secrets
from typing import Any, ClassVar

import ipywidgets as ipw
import pandas as pd

from cikit import content, palette
from cikit.analysis.imports.describe import reason_text
from cikit.analysis.measurement import (
    CRITERIA,
    DONT_KNOW,
    HEADERS,
    LEVELS,
    ForecastError,
    ImportFileError,
    parse_measurements,
    period_to_x,
    rating_summary,
    template,
)
from cikit.analysis.measurement import forecast as linear_forecast
from cikit.apps.gate import facilitator_only
from cikit.apps.rounds import RoundApp, _close_replaced
from cikit.components import Column, EditableTable, LikertItem, MessageArea
from cikit.components.charts import curve_chart
from cikit.errors import N_, CikitError, ValidationError
from cikit.i18n import Translator
from cikit.i18n import format as fmt
from cikit.results import mesure_commune
from cikit.store.rounds import OPEN
from cikit.store.validate import name_key

log = logging.getLogger("cikit.apps.measurement")

CONTENT = "indicators"
CHOOSE, RATE, LISTS, DEFINE, DATA, CURVES = "choose", "rate", "lists", "define", "data", "curves"
LIST_NAMES = ("headline", "secondary", "development")
HEADLINE_MIN, HEADLINE_MAX = 3, 5
STATUS_CLASS = {"on_track": "ok", "off_track": "low", "no_data": "none"}
OWN = "own_"
STORY = "story."
NOTE_MAX = 2000
FORECAST_POINTS = 5
SHOWN_VALUES = 40


class MeasurementApp(RoundApp):
    """« Mesure commune / Shared measurement »."""

    workbook_id = "03_mesure_commune"
    round_key = "ratings"
    records_conclusion: ClassVar[bool] = False

    def __init__(self, *args, **kwargs) -> None:
        self.stage: str | None = None
        self._domain = "early_childhood"
        self._shortlist: list[str] | None = None
        self._lists_draft: dict[str, str] | None = None
        self._shown_indicator: str | None = None
        self._shown_dimension = ""
        self._pending_import: pd.DataFrame | None = None
        self.import_panel: Any = None
        self._seen_round: Any = None
        self._rows_by_id: dict[int, dict] = {}
        super().__init__(*args, **kwargs)

    # -- content --------------------------------------------------------------------------------

    @property
    def doc(self) -> dict[str, Any]:
        return content.document(CONTENT)

    def _text(self, value: Any) -> str:
        return content.pick(value, self.lang) if isinstance(value, dict) else str(value or "")

    def own_candidates(self) -> dict[str, dict]:
        """The group's own candidates, by id."""
        return mesure_commune.own_candidates(self.workspace)

    def indicator(self, indicator_id: str) -> dict[str, Any] | None:
        """A library or own indicator as one dict in the reader's language."""
        found = mesure_commune.indicator(self.workspace, indicator_id, self.lang)
        return None if found is None else found.as_dict()

    def _name(self, indicator_id: str) -> str:
        found = self.indicator(indicator_id)
        return found["name"] if found else indicator_id

    def lists(self) -> dict[str, list[str]]:
        return mesure_commune.lists(self.workspace, self.lang)

    def definition(self, indicator_id: str) -> dict[str, Any]:
        return mesure_commune.definition(self.workspace, indicator_id)

    def _dimension_label(self, dimension: str) -> str:
        for entry in self.doc.get("disaggregations", []):
            if entry["id"] == dimension:
                return entry[self.lang] if self.lang in entry else entry["fr"]
        return dimension

    # -- stages -----------------------------------------------------------------------------------

    def _stages(self, tr: Translator) -> list[tuple[str, str]]:
        if self.is_facilitator:
            return [
                (tr("1. Candidates"), CHOOSE),
                (tr("2. Rating"), RATE),
                (tr("3. The three lists"), LISTS),
                (tr("4. Definitions"), DEFINE),
                (tr("5. Data"), DATA),
                (tr("6. Curves and dashboard"), CURVES),
            ]
        return [(tr("Rate the indicators"), RATE), (tr("Dashboard"), CURVES)]

    def _default_stage(self) -> str:
        current = self.workspace.current_round(self.workbook_id, self.round_key)
        if current is not None and current["status"] == OPEN:
            return RATE
        if self.lists()["headline"]:
            return CURVES
        return CHOOSE if self.is_facilitator else RATE

    def build_body(self, tr: Translator) -> list[ipw.Widget]:
        builders = {
            CHOOSE: self._choose_body,
            LISTS: self._lists_body,
            DEFINE: self._define_body,
            DATA: self._data_body,
            CURVES: self._curves_body,
        }
        return self.staged_body(tr, RATE, builders)

    def _signature(self) -> tuple:
        latest = self.workspace.latest_round_id(self.workbook_id, self.round_key)
        if self.stage == RATE:
            return (latest, super()._signature())
        if self.stage == CURVES and not self.is_facilitator:
            return (latest, self.workspace.measurements_signature(), self._decisions_signature())
        return (latest,)

    def _decisions_signature(self) -> tuple:
        found = self.workspace.decision(self.workbook_id, "lists")
        stories = self.workspace.decisions_by_prefix(self.workbook_id, STORY)
        definitions = self.workspace.decisions_by_prefix(self.workbook_id, "definition.")
        return (
            (found or {}).get("version"),
            len(stories),
            tuple((d["key"], d["version"]) for d in definitions),
        )

    def _on_remote_change(self) -> None:
        self.guarded(self._follow)()

    def _follow(self) -> None:
        latest = self.workspace.latest_round_id(self.workbook_id, self.round_key)
        if latest != self._seen_round and not self.is_facilitator:
            self._seen_round = latest
            self.stage = RATE
            self.render()
            return
        if self.stage == RATE:
            super()._on_remote_change()
        elif not self.is_facilitator:
            self.render()

    # -- round items ------------------------------------------------------------------------------

    def round_candidates(self) -> list[str]:
        config = (self.round or {}).get("config")
        given = config.get("candidates") if isinstance(config, dict) else None
        if not isinstance(given, list):
            return []
        return [c for c in given if isinstance(c, str) and self.indicator(c) is not None][:40]

    def items(self) -> list[str]:
        return [f"rate.{c}.{k}" for c in self.round_candidates() for k in CRITERIA]

    def allowed_values(self, item: str) -> set:
        return {*LEVELS, DONT_KNOW}

    def round_config(self) -> dict[str, Any]:
        chosen = [c for c in (self._shortlist or self._saved_shortlist()) if self.indicator(c)]
        if len(chosen) < 2:
            raise ValidationError(N_("Choose at least two candidates to rate (step 1)."))
        return {"candidates": chosen}

    def _saved_shortlist(self) -> list[str]:
        found = self.workspace.decision(self.workbook_id, "shortlist")
        given = (found or {}).get("content", {}).get("candidates", [])
        return [c for c in given if isinstance(c, str)]

    # -- step 1: candidates -----------------------------------------------------------------------

    def _choose_body(self, tr: Translator) -> list[ipw.Widget]:
        if self._shortlist is None:
            self._shortlist = self._saved_shortlist()
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
        self.candidate_checks: dict[str, ipw.Checkbox] = {}

        def show(domain: str) -> None:
            self._domain = domain
            ids = (
                list(own)
                if domain == "own"
                else [e["id"] for e in self.doc["entries"] if e.get("domain") == domain]
            )
            rows = []
            for indicator_id in ids:
                info = self.indicator(indicator_id)
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
                better = (
                    tr("higher is better") if info["direction"] == "up" else tr("lower is better")
                )
                details = (
                    f'<div class="cikit-indicator-plain">{html.escape(info["plain"])}</div>'
                    f'<div class="cikit-hint">{html.escape(info["unit"])} · {arrow} '
                    f"{html.escape(better)}"
                    + (f" · {html.escape(info['sources'])}" if info["sources"] else "")
                    + "</div>"
                )
                card = ipw.VBox([check, ipw.HTML(details)])
                card.add_class("cikit-indicator-card")
                rows.append(card)
            old = listing.children
            listing.children = tuple(rows)
            _close_replaced(old, listing.children)

        self.domain_choice.observe(self.guarded(lambda c: show(c["new"])), names="value")
        show(self._domain)
        self.shortlist_html = ipw.HTML()
        self._show_shortlist()
        # The group's own candidate.
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
        own_form = ipw.VBox(
            [
                ipw.HTML("<h3>" + html.escape(tr("Add the group's own candidate")) + "</h3>"),
                self.own_name,
                self.own_plain,
                self.own_unit,
                self.own_direction,
                self.own_add,
            ]
        )
        own_form.add_class("cikit-add-form")
        intro = tr(
            "Pick the candidates the group will rate: from the library, by domain, or the "
            "group's own. Then open the rating in step 2."
        )
        return [
            ipw.HTML(f'<p class="cikit-lead">{html.escape(intro)}</p>'),
            self.domain_choice,
            listing,
            self.shortlist_html,
            own_form,
            self.status,
        ]

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

    def _show_shortlist(self) -> None:
        tr = self.tr
        names = [self._name(c) for c in self._shortlist or []]
        title = tr("Chosen for the rating: {count}").format(count=len(names))
        items = "".join(f"<li>{html.escape(n)}</li>" for n in names)
        self.shortlist_html.value = (
            f'<div class="cikit-prompt cikit-prompt-ok"><strong>{html.escape(title)}</strong>'
            + (f"<ul>{items}</ul>" if items else "")
            + "</div>"
        )

    @facilitator_only
    def _add_own(self, _button=None) -> None:
        tr = self.tr
        name = self.own_name.value
        if not isinstance(name, str) or not name.strip():
            self.status.show(tr("Give the indicator a name first."), "error")
            return
        fields = {"name": name, "plain": self.own_plain.value, "unit": self.own_unit.value}
        if any(not isinstance(v, str) or len(v) > NOTE_MAX for v in fields.values()):
            self.status.show(tr("A field is too long ({length} characters; at most {limit}).").format(
                length=max(len(str(v)) for v in fields.values()), limit=NOTE_MAX), "error")  # fmt: skip
            return
        if len(name.strip()) > 200:
            self.status.show(tr("A field is too long ({length} characters; at most {limit}).").format(
                length=len(name.strip()), limit=200), "error")  # fmt: skip
            return
        if self.own_direction.value not in ("up", "down"):
            self.status.show(tr("This answer cannot be saved."), "error")
            return
        known = {name_key(self._name(i)) for i in [*self.own_candidates(), *self._library_ids()]}
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
        self.render()
        self.status.show(tr("Candidate added and chosen for the rating."), "success")

    def _library_ids(self) -> list[str]:
        return [e["id"] for e in self.doc["entries"]]

    # -- step 2: rating (the live round) --------------------------------------------------------------

    def build_questions(
        self, tr: Translator, answers: dict[str, Any], disabled: bool
    ) -> list[ipw.Widget]:
        criteria = self._criteria(tr)
        levels = [(tr("High"), "high"), (tr("Medium"), "medium"), (tr("Low"), "low")]
        self.rating_items: dict[str, LikertItem] = {}
        widgets: list[ipw.Widget] = [
            ipw.HTML(
                '<p class="cikit-lead">'
                + html.escape(
                    tr(
                        "For each candidate, rate three things: would the public understand "
                        "it (communication), does it say something central about the result "
                        "(proxy), is good data available in time (data)?"
                    )
                )
                + "</p>"
            )
        ]
        for indicator_id in self.round_candidates():
            info = self.indicator(indicator_id)
            parts: list[ipw.Widget] = [
                ipw.HTML(
                    f'<div class="cikit-candidate"><strong>{html.escape(info["name"])}</strong>'
                    f'<div class="cikit-indicator-plain">{html.escape(info["plain"])}</div></div>'
                )
            ]
            for criterion, label in criteria.items():
                item = f"rate.{indicator_id}.{criterion}"
                given = answers.get(item)
                likert = LikertItem(
                    label,
                    levels=levels,
                    dont_know=tr("Don't know"),
                    value=given if given in {*LEVELS, DONT_KNOW} else None,
                )
                likert.disabled = disabled
                likert.add_class("cikit-rating")
                likert.observe(self.answer_handler(item, likert), names="value")
                self.rating_items[item] = likert
                parts.append(likert)
            card = ipw.VBox(parts)
            card.add_class("cikit-candidate-card")
            widgets.append(card)
        if not self.round_candidates():
            widgets.append(self._note(tr("No candidates in this rating.")))
        return widgets

    def _criteria(self, tr: Translator) -> dict[str, str]:
        return {
            "communication": tr("Communication power: would the public understand it?"),
            "proxy": tr("Proxy power: does it say something central about the result?"),
            "data": tr("Data power: is good, timely data available?"),
        }

    def ranking(self, responses: pd.DataFrame | None = None) -> pd.DataFrame:
        if responses is None:
            responses = self.responses()
        return rating_summary(responses, candidates=self.round_candidates())

    def build_results(self, tr: Translator, responses: pd.DataFrame) -> list[ipw.Widget]:
        table = self.ranking(responses)
        if table.empty:
            return [self._note(tr("No candidates in this rating."))]
        return [self._ranking_table(tr, table), self._ranking_rules(tr)]

    def _ranking_table(self, tr: Translator, table: pd.DataFrame) -> ipw.HTML:
        heads = [tr("Rank"), tr("Candidate"), tr("Score"), tr("Communication"), tr("Proxy"),
                 tr("Data"), tr("Ratings")]  # fmt: skip
        rows = []
        ordered = table.assign(_order=range(len(table))).sort_values(
            ["rank", "_order"], na_position="last"
        )
        for indicator_id, row in ordered.iterrows():
            cells = [
                "—" if pd.isna(row["rank"]) else str(int(row["rank"])),
                html.escape(self._name(indicator_id))
                + (
                    ' <span class="cikit-flag">' + html.escape(tr("group split")) + "</span>"
                    if row["split"]
                    else ""
                ),
                self._number(row["score"]),
                *[self._number(row[f"{c}_mean"]) for c in CRITERIA],
                str(int(row["ratings"])),
            ]
            rows.append(
                "<tr>"
                + "".join(
                    f'<td class="{"cikit-num" if i in (0, 2, 3, 4, 5, 6) else ""}">{c}</td>'
                    for i, c in enumerate(cells)
                )
                + "</tr>"
            )
        head = "".join(f"<th>{html.escape(h)}</th>" for h in heads)
        return ipw.HTML(
            f'<div class="cikit-scroll"><table class="cikit-verdicts cikit-ranking"><thead><tr>{head}'
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        )

    def _ranking_rules(self, tr: Translator) -> ipw.HTML:
        rule = tr(
            "How the ranking works: High counts 3, Medium 2, Low 1, “don't know” is left out. "
            "Each criterion gets the average of its ratings, and a candidate's score is the "
            "average of its three criteria (3 at best). Ties go to the better data power, "
            "then proxy power. “Group split”: on one criterion, at least a quarter rated it "
            "High and at least a quarter Low."
        )
        return ipw.HTML(f'<div class="cikit-rules"><p>{html.escape(rule)}</p></div>')

    def _number(self, value: Any) -> str:
        return fmt.number(value, self.lang)

    # -- step 3: the three lists ------------------------------------------------------------------------

    def _lists_body(self, tr: Translator) -> list[ipw.Widget]:
        current = self.workspace.current_round(self.workbook_id, self.round_key)
        saved = self.lists()
        candidates: list[str] = []
        table = pd.DataFrame()
        if current is not None:
            self.round = current
            table = self.ranking(self.workspace.round_responses(current["id"]))
            candidates = list(
                table.assign(_order=range(len(table)))
                .sort_values(["rank", "_order"], na_position="last")
                .index
            )
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
        self.list_choices: dict[str, ipw.ToggleButtons] = {}
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
            if indicator_id in table.index and not pd.isna(table.loc[indicator_id, "score"]):
                rank = table.loc[indicator_id, "rank"]
                score = tr("rank {rank}, score {score}").format(
                    rank="—" if pd.isna(rank) else int(rank),
                    score=self._number(table.loc[indicator_id, "score"]),
                )
            row = ipw.VBox(
                [
                    ipw.HTML(
                        f"<strong>{html.escape(self._name(indicator_id))}</strong> "
                        f'<span class="cikit-hint">{html.escape(score)}</span>'
                    ),
                    choice,
                ]
            )
            row.add_class("cikit-list-row")
            rows.append(row)
        if not candidates:
            rows.append(self._note(tr("Rate some candidates first (steps 1 and 2).")))
        self.lists_warning = MessageArea()
        self._check_headline()
        self.save_lists_button = ipw.Button(
            description=tr("Save the three lists"), button_style="primary"
        )
        self.save_lists_button.add_class("cikit-save-lists")
        self.save_lists_button.on_click(self._save_lists)
        intro = tr(
            "Sort the candidates, helped by the ranking: 3 to 5 headline indicators, "
            "secondary ones that tell the story behind the curve, and a data development "
            "agenda for what matters but has no good data yet."
        )
        widgets: list[ipw.Widget] = [ipw.HTML(f'<p class="cikit-lead">{html.escape(intro)}</p>')]
        if not table.empty:
            widgets += [self._ranking_table(tr, table), self._ranking_rules(tr)]
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
                    "{count} headline indicators: RBA advises 3 to 5, so the public can "
                    "follow them."
                ).format(count=count),
                "info",
            )

    @facilitator_only
    def _save_lists(self, _button=None) -> None:
        tr = self.tr
        draft = self._lists_draft or {}
        lists = {name: [c for c, n in draft.items() if n == name] for name in LIST_NAMES}
        if any(self.indicator(c) is None for ids in lists.values() for c in ids):
            self.status.show(tr("Unknown entry."), "error")
            return
        try:
            version = self.workspace.adopt_decision(
                workbook=self.workbook_id,
                key="lists",
                content=lists,
                supporters=self.counts(self.responses())[0] if self.round else None,
                adopted_by=tr("Facilitator"),
            )
        except CikitError as err:
            self.status.show(err.render(tr), "error")
            return
        self.status.show(tr("Lists saved (version {version}).").format(version=version), "success")

    # -- step 4: definitions ------------------------------------------------------------------------------

    def _chosen(self) -> list[str]:
        lists = self.lists()
        return [*lists["headline"], *lists["secondary"]]

    def _indicator_picker(self, tr: Translator, ids: list[str]) -> ipw.Dropdown:
        if self._shown_indicator not in ids:
            self._shown_indicator = ids[0]
        headline = set(self.lists()["headline"])
        picker = ipw.Dropdown(
            options=[(("★ " if i in headline else "") + self._name(i), i) for i in ids],
            value=self._shown_indicator,
            layout=ipw.Layout(width="100%", max_width="620px"),
        )
        picker.add_class("cikit-indicator-picker")

        def pick(change) -> None:
            self._shown_indicator = change["new"]
            self._pending_import = None
            self.render()

        picker.observe(self.guarded(pick), names="value")
        return picker

    def _define_body(self, tr: Translator) -> list[ipw.Widget]:
        ids = self._chosen()
        if not ids:
            return [self._note(tr("Save the headline and secondary lists first (step 3)."))]
        picker = self._indicator_picker(tr, ids)
        info = self.indicator(self._shown_indicator)
        saved = self.definition(self._shown_indicator)
        partners = self.workspace.partners()
        agenda = self.workspace.decision("02_plan_commun", "agenda")
        goal = (agenda or {}).get("content", {}).get("goal", "")
        self.definition_fields: dict[str, ipw.Widget] = {
            "baseline_value": ipw.Text(value=self._format_value(saved.get("baseline_value"))),
            "baseline_period": ipw.Text(value=str(saved.get("baseline_period", "")), placeholder="2022"),
            "target_value": ipw.Text(value=self._format_value(saved.get("target_value"))),
            "target_period": ipw.Text(value=str(saved.get("target_period", "")), placeholder="2030"),
            "source": ipw.Textarea(value=str(saved.get("source", "") or info["sources"]), rows=2),
            "frequency": ipw.Dropdown(
                options=[("—", "")] + [(f[self.lang] if self.lang in f else f["fr"], f["id"])
                                       for f in self.doc.get("frequencies", [])],
                value=saved.get("frequency", "") if saved.get("frequency", "") in
                {"", *[f["id"] for f in self.doc.get("frequencies", [])]} else "",
            ),
            "partner_id": ipw.Dropdown(
                options=[("—", None)] + [(r.name, int(r.id)) for r in partners.itertuples()],
                value=saved.get("partner_id") if saved.get("partner_id") in set(partners["id"]) else None,
            ),
            "goal_link": ipw.Checkbox(value=bool(saved.get("goal_link")), indent=False,
                                      description=tr("Contributes to the goal of the common agenda")),
        }  # fmt: skip
        dims = [d for d in self.doc.get("disaggregations", [])]
        self.disaggregation_checks = {
            d["id"]: ipw.Checkbox(
                value=d["id"] in saved.get("disaggregations", info["disaggregations"]),
                description=d[self.lang] if self.lang in d else d["fr"],
                indent=False,
                layout=ipw.Layout(width="auto"),
            )
            for d in dims
        }
        for name, widget in self.definition_fields.items():
            widget.add_class(f"cikit-def-{name.replace('_', '-')}")
            if name not in ("goal_link",):
                widget.layout = ipw.Layout(width="100%", max_width="520px")
        labels = {
            "baseline_value": tr("Baseline: value"),
            "baseline_period": tr("Baseline: period (year, or year-month)"),
            "target_value": tr("Target: value"),
            "target_period": tr("Target: by (year)"),
            "source": tr("Data source"),
            "frequency": tr("How often"),
            "partner_id": tr("Partner responsible"),
            "goal_link": "",
        }
        fields = []
        for name, widget in self.definition_fields.items():
            parts = [widget]
            if labels[name]:
                parts.insert(
                    0, ipw.HTML(f'<label class="cikit-label">{html.escape(labels[name])}</label>')
                )
            fields.append(ipw.VBox(parts))
        arrow = tr("higher is better") if info["direction"] == "up" else tr("lower is better")
        card = (
            f'<div class="cikit-indicator-card"><strong>{html.escape(info["name"])}</strong>'
            f'<div class="cikit-indicator-plain">{html.escape(info["plain"])}</div>'
            + (f'<div class="cikit-hint">{html.escape(info["technical"])}</div>' if info["technical"] else "")
            + f'<div class="cikit-hint">{html.escape(info["unit"])} · {html.escape(arrow)}</div></div>'
        )  # fmt: skip
        goal_note = (
            '<p class="cikit-hint">' + html.escape(tr("The goal:")) + f" {html.escape(goal)}</p>"
            if goal
            else ""
        )
        self.save_definition_button = ipw.Button(
            description=tr("Save the definition"), button_style="primary"
        )
        self.save_definition_button.add_class("cikit-save-definition")
        self.save_definition_button.on_click(self._save_definition)
        note = tr("The target stays apart from the indicator's name: the measure says what is "
                  "counted, the target what the group hopes for.")  # fmt: skip
        checks = ipw.HBox(list(self.disaggregation_checks.values()))
        checks.add_class("cikit-buttons")
        return [
            picker,
            ipw.HTML(card),
            ipw.HTML(f'<p class="cikit-hint">{html.escape(note)}</p>'),
            *fields,
            ipw.HTML(goal_note),
            ipw.HTML(
                '<label class="cikit-label">'
                + html.escape(tr("Breakdowns to report (equity)"))
                + "</label>"
            ),
            checks,
            self.save_definition_button,
            self.status,
        ]

    def _format_value(self, value: Any) -> str:
        return fmt.decimal(value, self.lang, empty="")

    @facilitator_only
    def _save_definition(self, _button=None) -> None:
        tr = self.tr
        f = self.definition_fields
        clean: dict[str, Any] = {}
        problems = []
        for name in ("baseline", "target"):
            raw_value, raw_period = f[f"{name}_value"].value, f[f"{name}_period"].value
            value, period = self._parse_cell(raw_value), self._parse_period(raw_period)
            if raw_value.strip() and value is None:
                problems.append(tr("{field}: not a number ({value})").format(
                    field=tr("Baseline: value") if name == "baseline" else tr("Target: value"),
                    value=raw_value.strip()[:40]))  # fmt: skip
            if raw_period.strip() and period is None:
                problems.append(tr("{field}: not a period ({value})").format(
                    field=tr("Baseline: period (year, or year-month)") if name == "baseline"
                    else tr("Target: by (year)"), value=raw_period.strip()[:40]))  # fmt: skip
            clean[f"{name}_value"] = value
            clean[f"{name}_period"] = period or ""
        if problems:
            self.status.show(" ".join(problems), "error")
            return
        if (
            clean["baseline_period"]
            and clean["target_period"]
            and period_to_x(clean["target_period"]) <= period_to_x(clean["baseline_period"])
        ):
            self.status.show(tr("The target must come after the baseline."), "error")
            return
        source = f["source"].value
        if not isinstance(source, str) or len(source) > NOTE_MAX:
            self.status.show(tr("A field is too long ({length} characters; at most {limit}).").format(
                length=len(str(source)), limit=NOTE_MAX), "error")  # fmt: skip
            return
        clean.update(
            source=source.strip(),
            frequency=f["frequency"].value or "",
            partner_id=f["partner_id"].value,
            goal_link=bool(f["goal_link"].value),
            disaggregations=[d for d, box in self.disaggregation_checks.items() if box.value],
        )
        try:
            version = self.workspace.adopt_decision(
                workbook=self.workbook_id,
                key=f"definition.{self._shown_indicator}",
                content=clean,
                adopted_by=tr("Facilitator"),
            )
        except CikitError as err:
            self.status.show(err.render(tr), "error")
            return
        self.status.show(
            tr("Definition saved (version {version}).").format(version=version), "success"
        )

    def _parse_cell(self, raw: Any) -> float | None:
        if not isinstance(raw, str) or not raw.strip():
            return None
        try:
            valid, problems = parse_measurements(
                pd.DataFrame({"indicator": ["x"], "period": ["2000"], "value": [raw]}),
                indicators={"x"},
                partners={},
                dimensions=set(),
            )
        except ImportFileError:
            return None
        return None if valid.empty else float(valid["value"].iloc[0])

    def _parse_period(self, raw: Any) -> str | None:
        if not isinstance(raw, str) or not raw.strip():
            return None
        try:
            valid, _problems = parse_measurements(
                pd.DataFrame({"indicator": ["x"], "period": [raw], "value": ["1"]}),
                indicators={"x"},
                partners={},
                dimensions=set(),
            )
        except ImportFileError:
            return None
        return None if valid.empty else str(valid["period"].iloc[0])

    # -- step 5: data ------------------------------------------------------------------------------------

    def _partners_by_key(self) -> dict[str, int]:
        return {name_key(r.name): int(r.id) for r in self.workspace.partners().itertuples()}

    def _dimensions(self) -> list[str]:
        return [d["id"] for d in self.doc.get("disaggregations", [])]

    def _data_body(self, tr: Translator) -> list[ipw.Widget]:
        ids = self._chosen()
        if not ids:
            return [self._note(tr("Save the headline and secondary lists first (step 3)."))]
        picker = self._indicator_picker(tr, ids)
        self.values_table = self._values_editor(tr)
        hint = tr(
            "Each cell is saved when you leave it. Changing a value records a correction; "
            "removing a row withdraws the value. Earlier entries stay on record. The "
            "{count} most recent values are shown here."
        ).format(count=SHOWN_VALUES)
        return [
            picker,
            ipw.HTML(f'<p class="cikit-hint">{html.escape(hint)}</p>'),
            self.values_table,
            self.status,
            *self._import_panel(tr),
        ]

    def _values_editor(self, tr: Translator) -> EditableTable:
        partners = self.workspace.partners()
        table = EditableTable(
            [
                Column("period", tr("Period"), required=True, width="9em"),
                Column("value", tr("Value"), required=True, width="8em"),
                Column("partner_id", tr("Partner"), kind="choice", width="17em",
                       options=(("—", None), *[(r.name, int(r.id)) for r in partners.itertuples()])),
                Column("dimension", tr("Breakdown"), kind="choice", width="13em",
                       options=((tr("Total (no breakdown)"), ""),
                                *[(self._dimension_label(d), d) for d in self._dimensions()])),
                Column("group", tr("Group"), width="12em"),
            ],
            tr=tr,
            rows=self._value_rows(),
            add_title=tr("Enter a value"),
            empty_text=tr("No values yet."),
        )  # fmt: skip
        table.add_class("cikit-values")

        def add(values: dict) -> None:
            self._store_value(table, values, previous=None, clear=True)

        def edit(row_id: int, key: str, value: Any) -> None:
            previous = self._rows_by_id.get(row_id)
            if previous is None:
                table.redraw()
                return
            self._store_value(table, {**previous, key: value}, previous=previous)

        def remove(row_id: int) -> None:
            previous = self._rows_by_id.get(row_id)
            if previous is not None:
                self._store_value(table, {**previous, "value": ""}, previous=None)

        table.on_add(add)
        table.on_edit(edit)
        table.on_remove(remove)
        return table

    def _value_rows(self) -> list[dict]:
        values = self.workspace.measurements(indicator=self._shown_indicator)
        shown = values.sort_values(["x", "dimension", "group"]).tail(SHOWN_VALUES)
        rows = [
            {
                "id": int(r.id),
                "period": r.period,
                "value": self._format_value(r.value),
                "partner_id": None if pd.isna(r.partner_id) else int(r.partner_id),
                "dimension": r.dimension,
                "group": r.group,
            }
            for r in shown.iloc[::-1].itertuples()
        ]
        self._rows_by_id = {row["id"]: row for row in rows}
        return rows

    @facilitator_only
    def _store_value(
        self, table: EditableTable, values: dict, *, previous: dict | None, clear: bool = False
    ) -> None:
        """Check one row as typed and save it; a changed period, partner or group moves it."""
        tr = self.tr
        raw = {k: values.get(k) for k in ("period", "value", "dimension", "group")}
        raw["dimension"] = raw["dimension"] or ""
        raw["group"] = raw["group"] or ""
        partner = values.get("partner_id")
        if any(not isinstance(v, str) for v in raw.values()) or not (
            partner is None or (isinstance(partner, int) and not isinstance(partner, bool))
        ):
            table.status.show(tr("This answer cannot be saved."), "error")
            table.redraw()
            return
        withdraw = not raw["value"].strip()
        try:
            valid, problems = parse_measurements(
                pd.DataFrame([{**raw, "indicator": self._shown_indicator,
                               "value": raw["value"] or "0"}]),
                indicators={self._shown_indicator},
                partners={},
                dimensions=set(self._dimensions()),
            )  # fmt: skip
        except ImportFileError:
            valid, problems = pd.DataFrame(), pd.DataFrame({"reason": ["not_a_number"]})
        if not problems.empty:
            table.status.show(self._problem_text(problems.iloc[0], single=True), "error")
            table.redraw()
            return
        row = valid.iloc[0]
        if withdraw and previous is None and not self._value_exists(row, partner):
            table.status.show(
                tr("There is no value to withdraw for this period, partner and group."), "error"
            )
            table.redraw()
            return
        entries = []
        if previous is not None:
            old_key = (previous["period"], previous["partner_id"], previous["dimension"],
                       previous["group"])  # fmt: skip
            if old_key != (row["period"], partner, row["dimension"], row["group"]):
                # Moved to another period, partner or group: withdraw it where it was.
                entries.append(
                    {"indicator": self._shown_indicator, "period": previous["period"],
                     "x": period_to_x(previous["period"]), "value": None,
                     "partner_id": previous["partner_id"], "dimension": previous["dimension"],
                     "group": previous["group"]}
                )  # fmt: skip
        entries.append(
            {"indicator": self._shown_indicator, "period": row["period"], "x": float(row["x"]),
             "value": None if withdraw else float(row["value"]), "partner_id": partner,
             "dimension": row["dimension"], "group": row["group"]}
        )  # fmt: skip
        try:
            self.workspace.add_measurements(entries)
        except CikitError as err:
            table.status.show(err.render(tr), "error")
            table.redraw()
            return
        if clear:
            table.clear_new()
        table.rows = self._value_rows()
        table.status.show(tr("Value withdrawn.") if withdraw else tr("Value saved."), "success")

    def _value_exists(self, row: pd.Series, partner: int | None) -> bool:
        values = self.workspace.measurements(indicator=self._shown_indicator)
        same = values[
            (values["period"] == row["period"])
            & (values["dimension"] == row["dimension"])
            & (values["group"] == row["group"])
        ]
        wanted = same["partner_id"].isna() if partner is None else same["partner_id"] == partner
        return bool(wanted.fillna(False).any())

    def _problem_text(self, problem: pd.Series, *, single: bool = False) -> str:
        tr = self.tr
        value = str(problem.get("value", ""))
        reason = reason_text(tr, problem["reason"], value)
        if single:
            return tr("{column} « {value} »: {reason}").format(
                column=self._column_label(problem.get("column", "")).capitalize(),
                value=value[:80],
                reason=reason,
            )
        if problem["reason"] == "duplicate":
            return tr("Line {line}: {reason}").format(line=int(problem["line"]), reason=reason)
        return tr("Line {line}, {column} « {value} »: {reason}").format(
            line=int(problem["line"]),
            column=self._column_label(problem.get("column", "")),
            value=value[:80],
            reason=reason,
        )

    def _column_label(self, column: str) -> str:
        return HEADERS.get(self.lang, HEADERS["fr"]).get(column, column or "—")

    def _import_panel(self, tr: Translator) -> list[ipw.Widget]:
        from cikit.apps.measurement_import_panel import MeasurementImportPanel

        panel = MeasurementImportPanel(self, tr)
        self.import_panel = panel
        # The names the write handlers and tests use for the panel's parts.
        self.upload, self.import_report = panel.upload, panel.report
        self.confirm_import, self.cancel_import = panel.confirm, panel.cancel
        self.import_status = panel.status
        self.confirm_import.on_click(self._confirm_import)
        self.cancel_import.on_click(self._cancel_import)
        return panel.widgets

    @facilitator_only
    def _confirm_import(self, _button=None) -> None:
        tr = self.tr
        valid = self._pending_import
        if valid is None or valid.empty:
            return
        rows = [
            {
                "indicator": r.indicator,
                "period": r.period,
                "x": float(r.x),
                "value": float(r.value),
                "partner_id": None if pd.isna(r.partner_id) else int(r.partner_id),
                "dimension": r.dimension,
                "group": r.group,
            }
            for r in valid.itertuples()
        ]
        try:
            count = self.workspace.add_measurements(rows, source="import")
        except CikitError as err:
            self.import_status.show(err.render(tr), "error")
            return
        self._pending_import = None
        self.render()
        self.status.show(tr("{count} values imported.").format(count=count), "success")

    @facilitator_only
    def _cancel_import(self, _button=None) -> None:
        self._pending_import = None
        self.import_panel.reset()
        self.import_report.value = ""
        self.confirm_import.disabled = True
        self.cancel_import.disabled = True
        self.import_status.show(self.tr("Import cancelled: nothing was written."), "info")

    # -- step 6: curves, dashboard, stories ---------------------------------------------------------------

    def _curves_body(self, tr: Translator) -> list[ipw.Widget]:
        ids = self._chosen()
        if not ids:
            return [self._note(tr("The group has not chosen its indicators yet."))]
        values = self.workspace.measurements()
        dashboard = self._dashboard(tr, values)
        picker = self._indicator_picker(tr, ids)
        curve = self._curve(tr, values)
        stories = self._stories(tr)
        return [
            ipw.HTML("<h2>" + html.escape(tr("Headline indicators")) + "</h2>"),
            dashboard,
            ipw.HTML("<h2>" + html.escape(tr("The curve")) + "</h2>"),
            picker,
            *curve,
            *stories,
        ]

    def _history(
        self, values: pd.DataFrame, indicator_id: str, dimension: str = ""
    ) -> pd.DataFrame:
        return mesure_commune.history(values, indicator_id, dimension)

    def _baseline_target(self, definition: dict) -> tuple[tuple | None, tuple | None]:
        return tuple(
            mesure_commune.point(definition.get(f"{n}_value"), definition.get(f"{n}_period"))
            for n in ("baseline", "target")
        )

    def _dashboard(self, tr: Translator, values: pd.DataFrame) -> ipw.HTML:
        labels = {
            "on_track": tr("On track"),
            "off_track": tr("Off track"),
            "no_data": tr("No data"),
        }
        rows = []
        for row in mesure_commune.dashboard(self.workspace, self.lang, values).itertuples():
            cells = [fmt.with_period(v, p, self.lang) for v, p in (
                (row.latest_value, row.latest_period), (row.baseline_value, row.baseline_period),
                (row.target_value, row.target_period))]  # fmt: skip
            rows.append(
                f"<tr><td><strong>{html.escape(row.name)}</strong>"
                f'<div class="cikit-hint">{html.escape(row.unit)}</div></td>'
                + "".join(f'<td class="cikit-num">{html.escape(c)}</td>' for c in cells)
                + f'<td><span class="cikit-verdict cikit-verdict-{STATUS_CLASS[row.status]}">'
                f"{html.escape(labels[row.status])}</span></td></tr>"
            )
        heads = [tr("Indicator"), tr("Latest"), tr("Baseline"), tr("Target"), tr("Status")]
        head = "".join(f"<th>{html.escape(h)}</th>" for h in heads)
        rule = tr(
            "The rule: the expected path is a straight line from the baseline to the target. "
            "An indicator is on track when its latest value is at or better than that line at "
            "its date, off track otherwise; no data without a baseline, a target or a value "
            "measured after the baseline."
        )
        return ipw.HTML(
            f'<div class="cikit-scroll"><table class="cikit-verdicts cikit-dashboard"><thead><tr>{head}</tr>'
            f"</thead><tbody>{''.join(rows)}</tbody></table></div>"
            f'<div class="cikit-rules"><p>{html.escape(rule)}</p></div>'
        )

    def _curve(self, tr: Translator, values: pd.DataFrame) -> list[ipw.Widget]:
        indicator_id = self._shown_indicator
        info = self.indicator(indicator_id)
        definition = self.definition(indicator_id)
        baseline, target = self._baseline_target(definition)
        part = values[values["indicator"] == indicator_id]
        dims = sorted(d for d in set(part["dimension"]) if d)
        options = [(tr("Total"), "")] + [(self._dimension_label(d), d) for d in dims]
        if self._shown_dimension not in {v for _, v in options}:
            self._shown_dimension = ""
        self.dimension_choice = ipw.ToggleButtons(
            options=options, value=self._shown_dimension, style={"button_width": "auto"}
        )
        self.dimension_choice.add_class("cikit-dimension-choice")

        def switch(change) -> None:
            self._shown_dimension = change["new"]
            self.render()

        self.dimension_choice.observe(self.guarded(switch), names="value")
        history = self._history(values, indicator_id, self._shown_dimension)
        lines = []
        total = history[history["group"] == ""].sort_values("x")
        if self._shown_dimension:
            for group, rows in history.groupby("group"):
                rows = rows.sort_values("x")
                lines.append((str(group), rows["x"].tolist(), rows["value"].tolist()))
        elif not total.empty:
            lines.append((tr("Total"), total["x"].tolist(), total["value"].tolist()))
        notes = []
        forecast = None
        base_line = total if not self._shown_dimension else pd.DataFrame(columns=["x", "value"])
        last = base_line["x"].max() if not base_line.empty else None
        horizon = target[0] if target else None
        until_label = str(definition.get("target_period", "")) if target else ""
        if last is not None and (horizon is None or horizon <= last):
            horizon, until_label = float(last) + 3, f"{float(last) + 3:.0f}"
        if not self._shown_dimension:
            try:
                future = linear_forecast(
                    base_line[["x", "value"]], until=float(horizon or 0), points=FORECAST_POINTS
                )
                forecast = (future["x"].tolist(), future["value"].tolist())
                notes.append(tr(
                    "Where several partners report the same period, the curve shows their "
                    "average."
                ))  # fmt: skip
                notes.append(tr(
                    "Dashed: where the curve goes if nothing changes — a straight line fitted on "
                    "the last {points} values (fewer if there are fewer), carried to {until}."
                ).format(points=FORECAST_POINTS, until=until_label))  # fmt: skip
            except ForecastError as err:
                notes.append(tr(
                    "No forecast: it needs at least {need} values, and there are {have}."
                ).format(need=err.need, have=err.have))  # fmt: skip
        if not lines:
            return [self.dimension_choice, self._note(tr("No values yet for this indicator."))]
        chart = curve_chart(
            lines,
            title=info["name"],
            value_label=info["unit"],
            forecast=forecast,
            baseline=baseline if not self._shown_dimension else None,
            target=target if not self._shown_dimension else None,
        )
        names = [name for name, _, _ in lines]
        from cikit.components.charts import SERIES_COLOURS, legend_html

        legend_items = names + ([tr("Forecast if nothing changes")] if forecast else [])
        colours = [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(len(names))] + (
            [palette.MUTED] if forecast else []
        )
        if baseline and not self._shown_dimension:
            legend_items.append(tr("Baseline"))
            colours.append(palette.BASELINE)
        if target and not self._shown_dimension:
            legend_items.append(tr("Target"))
            colours.append(palette.TARGET)
        legend = legend_html(legend_items, colours)
        gap = ""
        if self._shown_dimension and len(lines) > 1:
            last = {name: ys[-1] for name, _, ys in lines if ys}
            low, high = min(last, key=last.get), max(last, key=last.get)
            gap = tr("Latest gap: {high} {high_value} vs {low} {low_value}.").format(
                high=high, high_value=self._format_value(last[high]),
                low=low, low_value=self._format_value(last[low]))  # fmt: skip
        text = "".join(f"<p>{html.escape(n)}</p>" for n in [*notes, gap] if n)
        return [
            self.dimension_choice,
            chart,
            ipw.HTML(legend + f'<div class="cikit-rules">{text}</div>'),
        ]

    def _stories(self, tr: Translator) -> list[ipw.Widget]:
        indicator_id = self._shown_indicator
        notes = [
            d
            for d in self.workspace.decisions_by_prefix(self.workbook_id, f"{STORY}{indicator_id}.")
        ]
        kinds = {
            "helping": tr("Helping"),
            "hindering": tr("Hindering"),
            "partners": tr("Partners who could help"),
            "works": tr("What works"),
        }
        cards = []
        for note in reversed(notes):
            c = note["content"]
            kind = c.get("kind") if c.get("kind") in kinds else "helping"
            when = str(c.get("date") or pd.Timestamp(note["adopted_at"]).strftime("%Y-%m-%d"))
            cards.append(
                f'<div class="cikit-story cikit-story-{kind}"><span class="cikit-story-kind">'
                f'{html.escape(kinds[kind])}</span> <span class="cikit-hint">{html.escape(when)}</span>'
                f"<div>{html.escape(str(c.get('text', '')))}</div></div>"
            )
        listing = (
            "".join(cards)
            or '<p class="cikit-note">' + html.escape(tr("No story recorded yet.")) + "</p>"
        )
        widgets: list[ipw.Widget] = [
            ipw.HTML(
                "<h2>"
                + html.escape(tr("The story behind the curve"))
                + "</h2>"
                + f'<div class="cikit-stories">{listing}</div>'
            ),  # fmt: skip
        ]
        if not self.is_facilitator:
            return widgets
        self.story_kind = ipw.ToggleButtons(options=[(v, k) for k, v in kinds.items()], value="helping",
                                            style={"button_width": "auto"})  # fmt: skip
        self.story_text = ipw.Textarea(
            placeholder=tr("What happened, what helps or hinders, who could help…"),
            rows=3,
            layout=ipw.Layout(width="100%", max_width="760px"),
        )
        self.story_button = ipw.Button(description=tr("Add to the story"), button_style="primary")
        self.story_button.add_class("cikit-story-add")
        self.story_button.on_click(self._add_story)
        hint = tr("Setbacks belong here as much as successes: that is how the group learns.")
        form = ipw.VBox([ipw.HTML(f'<p class="cikit-hint">{html.escape(hint)}</p>'), self.story_kind,
                         self.story_text, self.story_button, self.status])  # fmt: skip
        form.add_class("cikit-add-form")
        return [*widgets, form]

    @facilitator_only
    def _add_story(self, _button=None) -> None:
        tr = self.tr
        text = self.story_text.value
        if not isinstance(text, str) or not text.strip():
            self.status.show(tr("Write the note first."), "error")
            return
        if len(text) > NOTE_MAX:
            self.status.show(tr("A field is too long ({length} characters; at most {limit}).").format(
                length=len(text), limit=NOTE_MAX), "error")  # fmt: skip
            return
        kind = self.story_kind.value
        if kind not in ("helping", "hindering", "partners", "works"):
            self.status.show(tr("This answer cannot be saved."), "error")
            return
        try:
            self.workspace.adopt_decision(
                workbook=self.workbook_id,
                key=f"{STORY}{self._shown_indicator}.{secrets.token_hex(4)}",
                content={"kind": kind, "text": text.strip(),
                         "date": pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d")},
                adopted_by=tr("Facilitator"),
            )  # fmt: skip
        except CikitError as err:
            self.status.show(err.render(tr), "error")
            return
        self.render()
        self.status.show(tr("Note added to the story."), "success")


def template_bytes(lang: str) -> bytes:
    """The CSV template as bytes (for the CLI and tests)."""
    buffer = io.StringIO()
    template(lang).to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8")
