"""The Continuous communication workbook: trust between partners, the plan, the logs.

Four steps.  **1. The relationship survey** is a live round (a *wave*): each
person says which partner they answer for, then rates each other partner's
level of interaction and the trust and value items of Varda et al.'s PARTNER
tool; the latest answer per partner counts.  **2. The network**: the map, the
measures and the scores of any wave, and what changed between two waves.
**3. The communication plan** and **4. the decision and learning logs** are
versioned decisions (see :mod:`cikit.apps.communication_records`).
"""

from __future__ import annotations

import datetime as dt
import html
import math
from typing import Any, ClassVar

import ipywidgets as ipw
import pandas as pd

from cikit import content, palette
from cikit.analysis.network import (
    LEVEL_LABELS,
    LEVELS,
    LOW_TRUST,
    NetworkError,
    by_sector,
    compare,
    item_id,
    layout,
    measures,
    parse_item,
    valid_value,
)
from cikit.apps.communication_records import RecordsMixin
from cikit.apps.rounds import RoundApp
from cikit.components import LikertItem
from cikit.components.charts import legend_html
from cikit.components.network_map import SECTOR_COLOURS, TIE_COLOURS, network_map
from cikit.errors import N_, ValidationError
from cikit.i18n import Translator
from cikit.i18n import format as fmt
from cikit.results.communication import wave_of
from cikit.store.respondent import participant_id
from cikit.store.rounds import OPEN

SURVEY, NETWORK, PLAN, LOGS = "survey", "network", "plan", "logs"
LABEL_MAX = 80

LEVEL_HELP = {
    "awareness": N_("we know what they do"),
    "cooperation": N_("we share information and help each other out"),
    "coordination": N_("we plan and run some things together"),
    "integration": N_("we pool resources and decide together"),
}
SCALE_LABELS = (N_("Not at all"), N_("A little"), N_("Fairly"), N_("A great deal"))
QUESTIONS = {
    "level": N_("How do your organisations work together today?"),
    "reliability": N_("Reliability: does this partner follow through on what it commits to?"),
    "mission": N_("Does this partner support the mission we share?"),
    "openness": N_("Is this partner open to frank discussion?"),
    "power": N_("Power and influence: can this partner move the shared work forward?"),
    "involvement": N_("How involved is this partner in the shared work?"),
    "resources": N_("Does this partner bring resources (funding, staff, data, space, know-how)?"),
}


def _e(tr: Translator, msgid: str, *, escape: bool = True) -> str:
    """A message translated (and escaped for HTML): kept out of f-strings for the catalogs."""
    text = tr(msgid)
    return html.escape(text) if escape else text


class CommunicationApp(RecordsMixin, RoundApp):
    """« Communication continue / Continuous communication »."""

    workbook_id = "05_communication"
    round_key = "relations"
    records_conclusion: ClassVar[bool] = False

    def __init__(self, *args, **kwargs) -> None:
        self.stage: str | None = None
        self._as_partner: int | None = None
        self._target: int | None = None
        self._shown_wave: int | None = None
        self._compare_wave: int | None = None
        self._compare_chosen = False
        self._wave_label: str = ""
        self._seen_round: Any = None
        self._editing = {}
        self._drafts = {}
        self.last_measures = None
        self.last_comparison = None
        super().__init__(*args, **kwargs)

    # -- waves ------------------------------------------------------------------------------------

    def waves(self, *, visible_only: bool | None = None) -> list[dict]:
        """Every wave, oldest first; participants see only waves whose results were revealed."""
        visible_only = (not self.is_facilitator) if visible_only is None else visible_only
        found = self.workspace.rounds_of(self.workbook_id, self.round_key)
        return [w for w in found if w["revealed"] or not visible_only]

    def wave_label(self, wave: dict | None) -> str:
        return wave_of(wave).title if wave else ""

    def wave_partners(self, wave: dict | None = None) -> list[int]:
        """The partners a wave asks about: kept in its config when it opened."""
        wave = self.round if wave is None else wave
        config = (wave or {}).get("config") or {}
        given = config.get("partners")
        if isinstance(given, list):
            return [p for p in given if isinstance(p, int) and not isinstance(p, bool)]
        return self.workspace.partners()["id"].astype(int).tolist()

    def round_config(self) -> dict[str, Any]:
        partners = self.workspace.partners()["id"].astype(int).tolist()
        if len(partners) < 2:
            raise ValidationError(
                N_("The survey needs at least two partners: add them in the Start workbook first.")
            )
        count = len(self.workspace.rounds_of(self.workbook_id, self.round_key)) + 1
        label = getattr(self, "wave_label_text", None)
        text = label.value if label is not None and isinstance(label.value, str) else ""
        text = " ".join(text.split())[:LABEL_MAX] or self.tr("Wave {number}").format(number=count)
        return {
            "label": text,
            "date": dt.date.today().isoformat(),
            "partners": partners,
        }

    def wave_measures(self, wave: dict):
        """The measures of one wave (a :class:`NetworkError` says why there are none)."""
        responses = self.workspace.round_responses(wave["id"])
        return measures(responses, self.wave_partners(wave))

    # -- stages ------------------------------------------------------------------------------------

    def _stages(self, tr: Translator) -> list[tuple[str, str]]:
        if self.is_facilitator:
            return [
                (tr("1. Relationship survey"), SURVEY),
                (tr("2. The network"), NETWORK),
                (tr("3. Communication plan"), PLAN),
                (tr("4. Decisions and lessons"), LOGS),
            ]
        return [
            (tr("Survey"), SURVEY),
            (tr("The network"), NETWORK),
            (tr("Plan"), PLAN),
            (tr("Decisions and lessons"), LOGS),
        ]

    def _default_stage(self) -> str:
        current = self.workspace.current_round(self.workbook_id, self.round_key)
        if current is not None and current["status"] == OPEN:
            return SURVEY
        if self.waves():
            return NETWORK
        return SURVEY

    def build_body(self, tr: Translator) -> list[ipw.Widget]:
        builders = {NETWORK: self._network_body, PLAN: self._plan_body, LOGS: self._logs_body}
        return self.staged_body(tr, SURVEY, builders, before=lambda: self._survey_intro(tr))

    def _signature(self) -> tuple:
        latest = self.workspace.latest_round_id(self.workbook_id, self.round_key)
        if self.stage == SURVEY:
            return (latest, super()._signature())
        if self.stage == NETWORK:
            waves = tuple((w["id"], w["revealed"]) for w in self.waves())
            shown = self._shown_wave
            answers = self.workspace.round_signature(shown) if shown else None
            return (latest, waves, answers)
        if not self.is_facilitator:
            return (latest, self._records_signature())
        return (latest,)

    def _on_remote_change(self) -> None:
        self.guarded(self._follow)()

    def _follow(self) -> None:
        latest = self.workspace.latest_round_id(self.workbook_id, self.round_key)
        if latest != self._seen_round and not self.is_facilitator:
            self._seen_round = latest
            current = self.workspace.current_round(self.workbook_id, self.round_key)
            if current is not None and current["status"] == OPEN:
                self.stage = SURVEY
            self.render()
            return
        if self.stage == SURVEY:
            super()._on_remote_change()
        elif self.stage == NETWORK or not self.is_facilitator:
            self.render()

    # -- 1. the survey -----------------------------------------------------------------------------

    def _survey_intro(self, tr: Translator) -> list[ipw.Widget]:
        text = tr(
            "Each partner rates its relationship with each other partner: how the two "
            "work together, how far it trusts them, and what they bring. Answer for your "
            "organisation; if a colleague from the same organisation answers too, the "
            "latest answer counts."
        )
        widgets: list[ipw.Widget] = [ipw.HTML(f'<p class="cikit-lead">{html.escape(text)}</p>')]
        if self.is_facilitator:
            if self.round is not None or self.workspace.latest_round_id(
                self.workbook_id, self.round_key
            ):
                current = self.workspace.current_round(self.workbook_id, self.round_key)
                widgets.append(
                    self._note(tr("Current wave: {label}").format(label=self.wave_label(current)))
                )
            self.wave_label_text = ipw.Text(
                value=self._wave_label,
                placeholder=tr("e.g. Autumn 2026"),
                layout=ipw.Layout(width="100%", max_width="360px"),
            )
            self.wave_label_text.add_class("cikit-wave-label")
            self.wave_label_text.observe(
                lambda change: setattr(self, "_wave_label", change["new"]), names="value"
            )
            label = tr("Name of the next wave (when you open a new round)")
            widgets.append(
                ipw.VBox(
                    [
                        ipw.HTML(f'<label class="cikit-label">{html.escape(label)}</label>'),
                        self.wave_label_text,
                    ]
                )
            )
        return widgets

    def items(self) -> list[str]:
        # Not listed: the items are (answering partner, rated partner, field); see refusal().
        return []

    def allowed_values(self, item: str) -> set:
        return set()

    def refusal(self, item: Any, value: Any) -> str | None:
        """Refuse a rating of oneself, of (or by) a partner outside the wave, or off the scale."""
        tr = self.tr
        parsed = parse_item(item)
        if parsed is None or not valid_value(parsed[2], value):
            return tr("This answer cannot be saved.")
        source, target, _field = parsed
        if source == target:
            return tr("A partner does not rate its relationship with itself.")
        partners = set(self.wave_partners())
        if source not in partners or target not in partners:
            return tr("This partner is not part of this survey.")
        return None

    def _my_partner(self, answers: dict[str, Any]) -> int | None:
        """Who this person answers for: their choice, else their last answers, else their partner."""
        partners = self.wave_partners()
        if self._as_partner in partners:
            return self._as_partner
        for item in reversed(list(answers)):
            parsed = parse_item(item)
            if parsed and parsed[0] in partners:
                return parsed[0]
        pid = participant_id(self.respondent)
        if pid is not None:
            people = self.workspace.participants(include_removed=True).set_index("id")
            if pid in people.index and not pd.isna(people.loc[pid, "partner_id"]):
                partner = int(people.loc[pid, "partner_id"])
                if partner in partners:
                    return partner
        return None

    def build_questions(
        self, tr: Translator, answers: dict[str, Any], disabled: bool
    ) -> list[ipw.Widget]:
        names = self._partner_names()
        partners = self.wave_partners()
        source = self._my_partner(answers)
        self.as_partner_choice = ipw.Dropdown(
            options=[(tr("Choose your organisation"), None)]
            + [(names.get(p, str(p)), p) for p in partners],
            value=source,
            layout=ipw.Layout(width="100%", max_width="520px"),
            disabled=disabled,
        )
        self.as_partner_choice.add_class("cikit-as-partner")
        self.as_partner_choice.observe(self.guarded(self._on_as_partner), names="value")
        label = tr("You answer for")
        head = ipw.VBox(
            [ipw.HTML(f'<label class="cikit-label">{html.escape(label)}</label>'),
             self.as_partner_choice]
        )  # fmt: skip
        if source is None:
            return [head, self._note(tr("Choose the organisation you answer for."))]
        self._as_partner = source
        targets = [p for p in partners if p != source]
        if self._target not in targets:
            self._target = targets[0] if targets else None
        if self._target is None:
            return [head, self._note(tr("There is no other partner to rate in this survey."))]
        # Done: every question answered, or "none" (no trust or value to rate then).
        done = {
            t for t in targets
            if answers.get(item_id(source, t, "level")) == "none"
            or all(item_id(source, t, f) in answers for f in QUESTIONS)
        }  # fmt: skip
        progress = tr("You rated {done} of {total} partners.").format(
            done=len(done), total=len(targets)
        )
        self.target_choice = ipw.Dropdown(
            options=[(("✓ " if t in done else "") + names.get(t, str(t)), t) for t in targets],
            value=self._target,
            layout=ipw.Layout(width="100%", max_width="520px"),
        )
        self.target_choice.add_class("cikit-target-choice")
        self.target_choice.observe(self.guarded(self._on_target), names="value")
        position = targets.index(self._target)
        self.previous_partner = ipw.Button(description=tr("Previous partner"),
                                           disabled=position == 0)  # fmt: skip
        self.next_partner = ipw.Button(description=tr("Next partner"), button_style="primary",
                                       disabled=position == len(targets) - 1)  # fmt: skip
        self.previous_partner.add_class("cikit-nav-button")
        self.next_partner.add_class("cikit-nav-button")
        self.previous_partner.on_click(self.guarded(lambda _b: self._move(targets, -1)))
        self.next_partner.on_click(self.guarded(lambda _b: self._move(targets, 1)))
        nav = ipw.HBox([self.previous_partner, self.next_partner])
        nav.add_class("cikit-buttons")
        page = self._rating_page(tr, source, self._target, answers, disabled, names)
        rate_label = tr("Partner you rate")
        if len(done) == len(targets):
            progress += " " + tr(
                "Thank you: every partner is rated. You can change answers until the round closes."
            )
        return [
            head,
            ipw.HTML(f'<p class="cikit-hint cikit-progress">{html.escape(progress)}</p>'),
            ipw.HTML(f'<label class="cikit-label">{html.escape(rate_label)}</label>'),
            self.target_choice,
            page,
            nav,
        ]

    def _rating_page(
        self,
        tr: Translator,
        source: int,
        target: int,
        answers: dict[str, Any],
        disabled: bool,
        names: dict[int, str],
    ) -> ipw.Widget:
        self.ratings: dict[str, LikertItem] = {}
        sector = self._sector_of(target)
        widgets: list[ipw.Widget] = [
            ipw.HTML(
                f'<h3 class="cikit-comm-target">{html.escape(names.get(target, str(target)))}'
                f' <span class="cikit-hint">{html.escape(sector)}</span></h3>'
            )
        ]
        levels = [(tr(LEVEL_LABELS[lv]), lv) for lv in LEVELS]
        helps = " · ".join(
            f"<strong>{_e(tr, LEVEL_LABELS[k])}</strong>: {_e(tr, v)}"
            for k, v in LEVEL_HELP.items()
        )
        scale = [(tr(label), number) for number, label in enumerate(SCALE_LABELS, start=1)]
        details: list[ipw.Widget] = []
        for number, (name, question) in enumerate(QUESTIONS.items(), start=1):
            if name == "reliability":
                details.append(ipw.HTML("<h4>" + html.escape(tr("Trust")) + "</h4>"))
            if name == "power":
                details.append(
                    ipw.HTML("<h4>" + html.escape(tr("What this partner brings")) + "</h4>")
                )
            item = item_id(source, target, name)
            likert = LikertItem(
                tr(question),
                levels=levels if name == "level" else scale,
                dont_know=None,
                number=f"{number}.",
                value=answers.get(item),
            )
            likert.disabled = disabled
            likert.add_class(f"cikit-rate-{name}")
            likert.observe(self.answer_handler(item, likert), names="value")
            self.ratings[name] = likert
            if name == "level":
                widgets += [likert, ipw.HTML(f'<p class="cikit-hint">{helps}</p>')]
            else:
                details.append(likert)
        # Trust and value are asked only about partners one works with (as in PARTNER).
        self.rating_details = ipw.VBox(details)
        self.rating_details.add_class("cikit-comm-details")
        skipped = tr("No interaction: no trust or value to rate. Go on to the next partner.")
        self.no_interaction = ipw.HTML(f'<p class="cikit-note">{html.escape(skipped)}</p>')

        def show_details(change=None) -> None:
            none = self.ratings["level"].value == "none"
            self.rating_details.layout.display = "none" if none else ""
            self.no_interaction.layout.display = "" if none else "none"

        self.ratings["level"].observe(show_details, names="value")
        show_details()
        box = ipw.VBox([*widgets, self.no_interaction, self.rating_details])
        box.add_class("cikit-comm-rating")
        return box

    def _sector_of(self, partner: int) -> str:
        frame = self.workspace.partners(include_removed=True).set_index("id")
        if partner not in frame.index:
            return ""
        entry = content.get("sectors", frame.loc[partner, "sector"])
        return entry.text("short", self.lang) if entry else ""

    def _on_as_partner(self, change) -> None:
        new = change["new"]
        if new is not None and new not in self.wave_partners():
            self.status.show(self.tr("This partner is not part of this survey."), "error")
            return
        self._as_partner = new
        self._target = None
        self.render()

    def _on_target(self, change) -> None:
        if change["new"] in self.wave_partners() and change["new"] != self._target:
            self._target = change["new"]
            self.render()

    def _move(self, targets: list[int], step: int) -> None:
        if self._target in targets:
            index = max(0, min(len(targets) - 1, targets.index(self._target) + step))
            self._target = targets[index]
            self.render()

    def build_results(self, tr: Translator, responses: pd.DataFrame) -> list[ipw.Widget]:
        partners = self.wave_partners()
        try:
            found = measures(responses, partners)
        except NetworkError as err:
            return [self._note(err.render(tr))]
        self.last_measures = found
        return self._network_view(tr, found, partners)

    # -- 2. the network ----------------------------------------------------------------------------

    def _network_body(self, tr: Translator) -> list[ipw.Widget]:
        waves = [w for w in self.waves()]
        if not waves:
            text = (
                tr("No survey wave yet: open the first one at step 1.")
                if self.is_facilitator
                else tr(
                    "The network will appear here once the facilitator shares a survey's results."
                )
            )
            return [self._note(text)]
        ids = [w["id"] for w in waves]
        if self._shown_wave not in ids:
            self._shown_wave = ids[-1]
        if not self._compare_chosen or (
            self._compare_wave is not None and self._compare_wave not in ids
        ):
            index = ids.index(self._shown_wave)
            self._compare_wave = ids[index - 1] if index > 0 else None
        options = [(self.wave_label(w), w["id"]) for w in waves]
        self.wave_choice = ipw.Dropdown(options=options, value=self._shown_wave,
                                        layout=ipw.Layout(width="100%", max_width="420px"))  # fmt: skip
        self.wave_choice.add_class("cikit-wave-choice")
        self.compare_choice = ipw.Dropdown(
            options=[(tr("(no comparison)"), None)]
            + [o for o in options if o[1] != self._shown_wave],
            value=self._compare_wave if self._compare_wave != self._shown_wave else None,
            layout=ipw.Layout(width="100%", max_width="420px"),
        )
        self.compare_choice.add_class("cikit-compare-choice")
        self.wave_choice.observe(self.guarded(self._on_wave), names="value")
        self.compare_choice.observe(self.guarded(self._on_compare), names="value")
        shown = next(w for w in waves if w["id"] == self._shown_wave)
        pickers = ipw.HBox(
            [
                ipw.VBox([self._label(tr("Survey wave")), self.wave_choice]),
                ipw.VBox([self._label(tr("Compare with")), self.compare_choice]),
            ]
        )
        pickers.add_class("cikit-comm-pickers")
        widgets: list[ipw.Widget] = [pickers]
        try:
            found = self.wave_measures(shown)
        except NetworkError as err:
            self.last_measures = None
            return [*widgets, self._note(err.render(tr))]
        self.last_measures = found
        widgets += self._network_view(tr, found, self.wave_partners(shown))
        self.last_comparison = None
        if self.compare_choice.value is not None:
            other = next(w for w in waves if w["id"] == self.compare_choice.value)
            widgets += self._comparison_view(tr, other, shown, found)
        return widgets

    def _on_wave(self, change) -> None:
        if change["new"] in [w["id"] for w in self.waves()]:
            self._shown_wave = change["new"]
            self._compare_chosen = False
            self.render()

    def _on_compare(self, change) -> None:
        ids = [w["id"] for w in self.waves()]
        if change["new"] is None or change["new"] in ids:
            self._compare_wave = change["new"]
            self._compare_chosen = True
            self.render()

    def _names_and_sectors(self) -> tuple[dict[int, str], dict[int, str]]:
        frame = self.workspace.partners(include_removed=True)
        return (
            {int(r.id): str(r.name) for r in frame.itertuples()},
            {int(r.id): str(r.sector) for r in frame.itertuples()},
        )

    def _network_view(self, tr: Translator, found, partners: list[int]) -> list[ipw.Widget]:
        names, sectors = self._names_and_sectors()
        n = len(found.partners)
        facts = [
            (tr("Partners answered"), f"{len(found.answered)} / {n}"),
            (tr("Ties"), str(len(found.ties))),
            (tr("Density"), self._pct(found.density)),
            (
                tr("Centralisation"),
                self._pct(found.centralisation) if found.centralisation is not None else "—",
            ),
        ]
        facts_html = "".join(
            f'<div class="cikit-comm-fact"><span class="cikit-comm-fact-value">{html.escape(v)}'
            f'</span><span class="cikit-comm-fact-label">{html.escape(k)}</span></div>'
            for k, v in facts
        )
        widgets: list[ipw.Widget] = [ipw.HTML(f'<div class="cikit-comm-facts">{facts_html}</div>')]
        sector_ids = [e.id for e in content.sectors()]
        positions = layout(found.graph, order=by_sector(found.partners, sectors, sector_ids))
        order = found.partners
        index = {p: i for i, p in enumerate(order)}
        colours = [palette.sector(sectors.get(p)) for p in order]
        sizes = [8 + 22 * found.centrality.get(p, 0.0) for p in order]
        links = [(index[r.a], index[r.b], int(r.rank)) for r in found.ties.itertuples(index=False)]
        labels = [self._short(names.get(p, str(p))) for p in order]
        widgets.append(
            network_map(
                labels,
                [positions[p] for p in order],
                colours=colours,
                sizes=sizes,
                links=links,
                title=tr("Who works with whom"),
            )
        )
        used = sorted({sectors.get(p, "other") for p in order}, key=list(SECTOR_COLOURS).index)
        sector_names = {e.id: e.text("short", self.lang) for e in content.sectors()}
        legend = legend_html(
            [sector_names.get(s, s) for s in used], [palette.sector(s) for s in used]
        ) + legend_html([tr(LEVEL_LABELS[lv]) for lv in LEVELS[1:]], list(TIE_COLOURS))
        size_note = tr("The bigger the circle, the more ties a partner has.")
        widgets.append(ipw.HTML(f'{legend}<p class="cikit-hint">{html.escape(size_note)}</p>'))
        widgets.append(ipw.HTML(self._scores_table(tr, found, names)))
        widgets.append(ipw.HTML(self._alerts_html(tr, found, names)))
        widgets.append(ipw.HTML(self._ties_html(tr, found, names)))
        widgets.append(ipw.HTML(self._rules_html(tr)))
        return [self._framed(widgets)]

    @staticmethod
    def _framed(widgets: list[ipw.Widget]) -> ipw.VBox:
        """A box whose children may shrink to the screen, so wide tables scroll inside it."""
        box = ipw.VBox(widgets)
        box.add_class("cikit-comm-network")
        return box

    def _scores_table(self, tr: Translator, found, names: dict[int, str]) -> str:
        scores = found.scores.set_index("partner")
        rows = []
        degree = dict(found.graph.degree())
        ranked = sorted(
            found.partners, key=lambda p: (-found.centrality.get(p, 0), names.get(p, ""))
        )
        for p in ranked:
            trust, value = scores.loc[p, "trust"], scores.loc[p, "value"]
            low = not math.isnan(trust) and trust < LOW_TRUST
            answered = (
                ""
                if scores.loc[p, "answered"]
                else ' <span class="cikit-flag">' + html.escape(tr("did not answer")) + "</span>"
            )
            rows.append(
                f"<tr><td>{html.escape(names.get(p, str(p)))}{answered}</td>"
                f'<td class="cikit-num">{degree.get(p, 0)}</td>'
                f'<td class="cikit-num">{self._pct(found.centrality.get(p, 0.0))}</td>'
                f'<td class="cikit-num{" cikit-cell-low" if low else ""}">{self._score(trust)}</td>'
                f'<td class="cikit-num">{self._score(value)}</td>'
                f'<td class="cikit-num">{int(scores.loc[p, "raters"])}</td></tr>'
            )
        head = "".join(
            f"<th>{html.escape(h)}</th>"
            for h in (
                tr("Partner"),
                tr("Ties"),
                tr("Centrality"),
                tr("Trust"),
                tr("Value"),
                tr("Rated by"),
            )  # fmt: skip
        )
        title = tr("Scores per partner")
        return (
            f'<h3>{html.escape(title)}</h3><div class="cikit-scroll"><table class="cikit-comm-scores">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        )

    def _alerts_html(self, tr: Translator, found, names: dict[int, str]) -> str:
        parts = []
        low = [
            tr("{source} → {target}: trust {score}").format(
                source=names.get(int(r.source), "?"), target=names.get(int(r.target), "?"),
                score=self._score(r.trust),
            )
            for r in found.low_trust.itertuples(index=False)
        ]  # fmt: skip
        title = tr("Pairs with low trust")
        body = (
            "<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in low) + "</ul>"
            if low
            else '<p class="cikit-note">' + html.escape(tr("No pair below the line.")) + "</p>"
        )
        parts.append(f'<div class="cikit-comm-low"><h3>{html.escape(title)}</h3>{body}</div>')
        alone = [names.get(p, str(p)) for p in found.unreported]
        title = tr("Partners nobody reports working with")
        body = (
            "<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in alone) + "</ul>"
            if alone
            else '<p class="cikit-note">'
            + html.escape(tr("None: every partner is named by another."))
            + "</p>"
        )
        parts.append(f'<div class="cikit-comm-alone"><h3>{html.escape(title)}</h3>{body}</div>')
        return f'<div class="cikit-comm-alerts">{"".join(parts)}</div>'

    def _ties_html(self, tr: Translator, found, names: dict[int, str]) -> str:
        """The map in words, for phones and screen readers."""
        items = []
        for r in found.ties.sort_values("rank", ascending=False, kind="stable").itertuples():
            items.append(
                f"<li>{html.escape(names.get(int(r.a), '?'))} — {html.escape(names.get(int(r.b), '?'))}"
                f' <span class="cikit-hint">{_e(tr, LEVEL_LABELS[r.level])}</span></li>'
            )
        title = tr("The ties in words ({count})").format(count=len(items))
        listing = "".join(items) or "<li>" + html.escape(tr("No tie yet.")) + "</li>"
        return (
            f'<details class="cikit-comm-ties"><summary>{html.escape(title)}</summary>'
            f"<ul>{listing}</ul></details>"
        )

    def _rules_html(self, tr: Translator) -> str:
        rules = [
            tr("A tie links two partners when either one reports a level of interaction above “none”; it shows the higher level reported."),
            tr("Density: the share of all possible ties that exist. Centrality: a partner's ties out of all the partners it could be tied to. Centralisation: 100 % when one partner holds every tie (a star), 0 % when all have as many ties."),
            tr("Trust is the average of reliability, support of the shared mission and openness to discussion; value the average of power and influence, involvement and resources. A partner's scores are the averages of what the other partners say (1 to 4)."),
            tr("Low trust: one partner rates another's trust below 2.5. Only the latest answer for each organisation counts."),
        ]  # fmt: skip
        title = tr("How to read this")
        return (
            f'<details class="cikit-rules"><summary>{html.escape(title)}</summary>'
            + "".join(f"<p>{html.escape(r)}</p>" for r in rules)
            + "</details>"
        )

    def _comparison_view(
        self, tr: Translator, before_wave: dict, after_wave: dict, after
    ) -> list[ipw.Widget]:
        names, _sectors = self._names_and_sectors()
        if before_wave["id"] > after_wave["id"]:
            before_wave, after_wave = after_wave, before_wave
            try:
                before, after = after, self.wave_measures(after_wave)
            except NetworkError as err:
                return [self._note(err.render(tr))]
        else:
            try:
                before = self.wave_measures(before_wave)
            except NetworkError as err:
                return [self._note(err.render(tr))]
        result = compare(before, after)
        self.last_comparison = result
        title = tr("What changed from {before} to {after}").format(
            before=self.wave_label(before_wave), after=self.wave_label(after_wave)
        )
        lines = [
            tr("Density: {before} → {after}").format(
                before=self._pct(result.density[0]), after=self._pct(result.density[1])
            ),
            tr("Centralisation: {before} → {after}").format(
                before=self._pct(result.centralisation[0]) if result.centralisation[0] is not None else "—",
                after=self._pct(result.centralisation[1]) if result.centralisation[1] is not None else "—",
            ),
        ]  # fmt: skip

        groups: list[tuple[str, list[str]]] = []
        for label, found in (
            (tr("New ties"), result.new_ties),
            (tr("Ties lost"), result.lost_ties),
            (tr("Closer work"), result.stronger),
            (tr("Less work together"), result.weaker),
        ):
            if found:
                groups.append(
                    (label, [f"{names.get(a, '?')} — {names.get(b, '?')}" for a, b, *_ in found])
                )
        for label, found in (
            (tr("New low-trust pairs"), result.new_low_trust),
            (tr("Low-trust pairs now above the line"), result.resolved_low_trust),
        ):
            if found:
                groups.append(
                    (label, [f"{names.get(a, '?')} → {names.get(b, '?')}" for a, b in found])
                )
        rows = []
        frame = result.partners.dropna(subset=["d_trust"]).sort_values("d_trust", kind="stable")
        for r in frame.itertuples():
            cls = "cikit-cell-ok" if r.d_trust > 0 else ("cikit-cell-low" if r.d_trust < 0 else "")
            rows.append(
                f"<tr><td>{html.escape(names.get(int(r.partner), '?'))}</td>"
                f'<td class="cikit-num">{self._score(r.trust_before)} → {self._score(r.trust_after)}</td>'
                f'<td class="cikit-num {cls}">{self._signed(r.d_trust)}</td>'
                f'<td class="cikit-num">{self._score(r.value_before)} → {self._score(r.value_after)}</td>'
                f'<td class="cikit-num">{self._pct(r.centrality_before)} → {self._pct(r.centrality_after)}</td></tr>'
            )  # fmt: skip
        head = "".join(f"<th>{html.escape(h)}</th>" for h in (
            tr("Partner"), tr("Trust"), tr("Change"), tr("Value"), tr("Centrality")))  # fmt: skip
        table = (
            f'<div class="cikit-scroll"><table class="cikit-comm-changes"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
            if rows
            else ""
        )
        body = "".join(f"<li>{html.escape(x)}</li>" for x in lines)
        details = "".join(
            f"<details><summary>{html.escape(label)} ({len(items)})</summary><ul>"
            + "".join(f"<li>{html.escape(x)}</li>" for x in items)
            + "</ul></details>"
            for label, items in groups
        )
        return [
            self._framed(
                [
                    ipw.HTML(
                        f'<div class="cikit-comm-compare"><h2>{html.escape(title)}</h2>'
                        f"<ul>{body}</ul>{details}{table}</div>"
                    )
                ]
            )
        ]

    # -- small helpers ------------------------------------------------------------------------

    def _pct(self, value: float | None) -> str:
        return fmt.percent(value, self.lang)

    def _score(self, value: float) -> str:
        return fmt.number(value, self.lang)

    def _signed(self, value: float) -> str:
        return fmt.number(value, self.lang, signed=True)

    @staticmethod
    def _short(name: str, limit: int = 20) -> str:
        return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"

    @staticmethod
    def _label(text: str) -> ipw.HTML:
        return ipw.HTML(f'<label class="cikit-label">{html.escape(text)}</label>')
