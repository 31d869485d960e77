"""Step 6, everyone's: the dashboard of headline indicators, the curve of one indicator
with its forecast "if nothing changes", and the story behind the curve.

The dashboard's rows come from :func:`cikit.results.mesure_commune.dashboard`, as in
the report.  Participants see it as it changes (new values, lists, definitions,
stories); only the facilitator adds to the story.
"""

from __future__ import annotations

import html
import secrets
from collections.abc import Hashable
from typing import TYPE_CHECKING

import ipywidgets as ipw

from cikit import palette
from cikit.apps.framework import Role
from cikit.apps.gate import facilitator_only
from cikit.apps.mesure_commune.common import NOTE_MAX, MeasureStep
from cikit.components.messages import MessageArea
from cikit.errors import N_, CikitError
from cikit.i18n import format as fmt
from cikit.results import mesure_commune

if TYPE_CHECKING:  # pandas and the charts come when the step is drawn, not with the page
    import pandas as pd

STATUS_CLASS = {"on_track": "ok", "off_track": "low", "no_data": "none"}
STORY = "story."
STORY_KINDS = ("helping", "hindering", "partners", "works")
FORECAST_POINTS = 5


class CurvesStep(MeasureStep):
    """Where the headline indicators stand, and why."""

    id = "curves"
    label = N_("6. Curves and dashboard")
    participant_label = N_("Dashboard")
    roles = frozenset(Role)

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self._shown_dimension = ""

    def signature(self) -> Hashable:
        """Participants follow new values, lists, definitions and stories; the facilitator
        makes them (and may be typing a story), so their page is not redrawn under them."""
        if self.is_facilitator:
            return None
        found = self.workspace.decision(self.workbook_id, "lists")
        stories = self.workspace.decisions_by_prefix(self.workbook_id, STORY)
        definitions = self.workspace.decisions_by_prefix(self.workbook_id, "definition.")
        return (
            self.workspace.measurements_signature(),
            (found or {}).get("version"),
            len(stories),
            tuple((d["key"], d["version"]) for d in definitions),
        )

    def build(self) -> list[ipw.Widget]:
        tr = self.tr
        self.status = MessageArea()
        ids = self.chosen()
        if not ids:
            return [self.note(tr("The group has not chosen its indicators yet."))]
        values = self.workspace.measurements()
        dashboard = self._dashboard(values)
        picker = self.indicator_picker(ids)
        curve = self._curve(values)
        return [
            self.heading(tr("Headline indicators")),
            dashboard,
            self.heading(tr("The curve")),
            picker,
            *curve,
            *self._stories(),
        ]

    # -- the dashboard ----------------------------------------------------------------------------

    def _dashboard(self, values: pd.DataFrame) -> ipw.HTML:
        tr, lang = self.tr, self.lang
        labels = {
            "on_track": tr("On track"),
            "off_track": tr("Off track"),
            "no_data": tr("No data"),
        }
        rows = []
        for row in mesure_commune.dashboard(self.workspace, lang, values).itertuples():
            cells = [fmt.with_period(v, p, lang) for v, p in (
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

    # -- the curve ----------------------------------------------------------------------------------

    def _dimension_choice(self, values: pd.DataFrame) -> ipw.ToggleButtons:
        part = values[values["indicator"] == self.shown_indicator]
        dims = sorted(d for d in set(part["dimension"]) if d)
        options = [(self.tr("Total"), "")] + [(self.dimension_label(d), d) for d in dims]
        if self._shown_dimension not in {v for _, v in options}:
            self._shown_dimension = ""
        choice = ipw.ToggleButtons(
            options=options, value=self._shown_dimension, style={"button_width": "auto"}
        )
        choice.add_class("cikit-dimension-choice")

        def switch(change) -> None:
            self._shown_dimension = change["new"]
            self.redraw()

        choice.observe(self.page.guarded(switch), names="value")
        return choice

    def _curve(self, values: pd.DataFrame) -> list[ipw.Widget]:
        from cikit.analysis.mesure_commune import ForecastError
        from cikit.analysis.mesure_commune import forecast as linear_forecast
        from cikit.components.charts import SERIES_COLOURS, curve_chart, legend_html

        tr = self.tr
        indicator_id = self.shown_indicator
        info = self.indicator(indicator_id)
        definition = self.definition(indicator_id)
        baseline, target = (
            mesure_commune.point(definition.get(f"{n}_value"), definition.get(f"{n}_period"))
            for n in ("baseline", "target")
        )
        self.dimension_choice = self._dimension_choice(values)
        by_dimension = self._shown_dimension
        history = mesure_commune.history(values, indicator_id, by_dimension)
        lines = []
        total = history[history["group"] == ""].sort_values("x")
        if by_dimension:
            for group, rows in history.groupby("group"):
                rows = rows.sort_values("x")
                lines.append((str(group), rows["x"].tolist(), rows["value"].tolist()))
        elif not total.empty:
            lines.append((tr("Total"), total["x"].tolist(), total["value"].tolist()))
        notes = []
        forecast = None
        if not by_dimension:
            last = total["x"].max() if not total.empty else None
            horizon = target[0] if target else None
            until_label = str(definition.get("target_period", "")) if target else ""
            if last is not None and (horizon is None or horizon <= last):
                horizon, until_label = float(last) + 3, f"{float(last) + 3:.0f}"
            try:
                future = linear_forecast(
                    total[["x", "value"]], until=float(horizon or 0), points=FORECAST_POINTS
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
            return [self.dimension_choice, self.note(tr("No values yet for this indicator."))]
        chart = curve_chart(
            lines,
            title=info["name"],
            value_label=info["unit"],
            forecast=forecast,
            baseline=baseline if not by_dimension else None,
            target=target if not by_dimension else None,
        )
        names = [name for name, _, _ in lines]
        legend_items = names + ([tr("Forecast if nothing changes")] if forecast else [])
        colours = [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(len(names))] + (
            [palette.MUTED] if forecast else []
        )
        if baseline and not by_dimension:
            legend_items.append(tr("Baseline"))
            colours.append(palette.BASELINE)
        if target and not by_dimension:
            legend_items.append(tr("Target"))
            colours.append(palette.TARGET)
        gap = ""
        if by_dimension and len(lines) > 1:
            latest = {name: ys[-1] for name, _, ys in lines if ys}
            low, high = min(latest, key=latest.get), max(latest, key=latest.get)
            gap = tr("Latest gap: {high} {high_value} vs {low} {low_value}.").format(
                high=high, high_value=self.format_value(latest[high]),
                low=low, low_value=self.format_value(latest[low]))  # fmt: skip
        text = "".join(f"<p>{html.escape(n)}</p>" for n in [*notes, gap] if n)
        return [
            self.dimension_choice,
            chart,
            ipw.HTML(legend_html(legend_items, colours) + f'<div class="cikit-rules">{text}</div>'),
        ]

    # -- the story behind the curve ------------------------------------------------------------------

    def _kinds(self) -> dict[str, str]:
        tr = self.tr
        return {
            "helping": tr("Helping"),
            "hindering": tr("Hindering"),
            "partners": tr("Partners who could help"),
            "works": tr("What works"),
        }

    def _stories(self) -> list[ipw.Widget]:
        import pandas as pd

        tr = self.tr
        prefix = f"{STORY}{self.shown_indicator}."
        notes = self.workspace.decisions_by_prefix(self.workbook_id, prefix)
        kinds = self._kinds()
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
        listing = "".join(cards) or (
            '<p class="cikit-note">' + html.escape(tr("No story recorded yet.")) + "</p>"
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
        self.story_kind = ipw.ToggleButtons(options=[(v, k) for k, v in kinds.items()],
                                            value="helping", style={"button_width": "auto"})  # fmt: skip
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
        import pandas as pd

        tr = self.tr
        text = self.story_text.value
        if not isinstance(text, str) or not text.strip():
            self.status.show(tr("Write the note first."), "error")
            return
        if len(text) > NOTE_MAX:
            self.status.show(self.too_long(tr, len(text), NOTE_MAX), "error")
            return
        kind = self.story_kind.value
        if kind not in STORY_KINDS:
            self.status.show(tr("This answer cannot be saved."), "error")
            return
        try:
            self.workspace.adopt_decision(
                workbook=self.workbook_id,
                key=f"{STORY}{self.shown_indicator}.{secrets.token_hex(4)}",
                content={"kind": kind, "text": text.strip(),
                         "date": pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d")},
                adopted_by=tr("Facilitator"),
            )  # fmt: skip
        except CikitError as err:
            self.status.show(err.render(tr), "error")
            return
        self.redraw()
        self.status.show(tr("Note added to the story."), "success")
