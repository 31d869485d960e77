"""Step 4, the facilitator's: each chosen indicator's definition — baseline, target,
source, frequency, partner responsible, link to the goal, breakdowns — saved as a
versioned decision ``definition.<id>``."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from cikit.analysis.periods import period_to_x
from cikit.apps.gate import facilitator_only
from cikit.apps.mesure_commune.common import NOTE_MAX, MeasureStep
from cikit.components.messages import MessageArea
from cikit.errors import N_, CikitError

if TYPE_CHECKING:
    import pandas as pd


class DefinitionsStep(MeasureStep):
    """What each chosen indicator counts, from where, and what the group hopes for."""

    id = "define"
    label = N_("4. Definitions")

    def build(self) -> list[ipw.Widget]:
        tr = self.tr
        self.status = MessageArea()
        ids = self.chosen()
        if not ids:
            return [self.note(tr("Save the headline and secondary lists first (step 3)."))]
        picker = self.indicator_picker(ids)
        info = self.indicator(self.shown_indicator)
        saved = self.definition(self.shown_indicator)
        partners = self.workspace.partners()
        agenda = self.workspace.decision("02_plan_commun", "agenda")
        goal = (agenda or {}).get("content", {}).get("goal", "")
        frequencies = self.doc.get("frequencies", [])
        self.definition_fields: dict[str, ipw.Widget] = {
            "baseline_value": ipw.Text(value=self.format_value(saved.get("baseline_value"))),
            "baseline_period": ipw.Text(value=str(saved.get("baseline_period", "")), placeholder="2022"),
            "target_value": ipw.Text(value=self.format_value(saved.get("target_value"))),
            "target_period": ipw.Text(value=str(saved.get("target_period", "")), placeholder="2030"),
            "source": ipw.Textarea(value=str(saved.get("source", "") or info["sources"]), rows=2),
            "frequency": ipw.Dropdown(
                options=[("—", "")] + [(f[self.lang] if self.lang in f else f["fr"], f["id"])
                                       for f in frequencies],
                value=saved.get("frequency", "") if saved.get("frequency", "") in
                {"", *[f["id"] for f in frequencies]} else "",
            ),
            "partner_id": ipw.Dropdown(
                options=[("—", None)] + [(r.name, int(r.id)) for r in partners.itertuples()],
                value=saved.get("partner_id") if saved.get("partner_id") in set(partners["id"]) else None,
            ),
            "goal_link": ipw.Checkbox(value=bool(saved.get("goal_link")), indent=False,
                                      description=tr("Contributes to the goal of the common agenda")),
        }  # fmt: skip
        self.disaggregation_checks = {
            d["id"]: ipw.Checkbox(
                value=d["id"] in saved.get("disaggregations", info["disaggregations"]),
                description=d[self.lang] if self.lang in d else d["fr"],
                indent=False,
                layout=ipw.Layout(width="auto"),
            )
            for d in self.doc.get("disaggregations", [])
        }
        for name, widget in self.definition_fields.items():
            widget.add_class(f"cikit-def-{name.replace('_', '-')}")
            if name != "goal_link":
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

    @facilitator_only
    def _save_definition(self, _button=None) -> None:
        tr = self.tr
        f = self.definition_fields
        clean: dict[str, Any] = {}
        problems = []
        for name in ("baseline", "target"):
            raw_value, raw_period = f[f"{name}_value"].value, f[f"{name}_period"].value
            value, period = parse_cell(raw_value), parse_period(raw_period)
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
            self.status.show(self.too_long(tr, len(str(source)), NOTE_MAX), "error")
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
                key=f"definition.{self.shown_indicator}",
                content=clean,
                adopted_by=tr("Facilitator"),
            )
        except CikitError as err:
            self.status.show(err.render(tr), "error")
            return
        self.status.show(
            tr("Definition saved (version {version}).").format(version=version), "success"
        )


def _one_row(period: str, value: str) -> pd.DataFrame | None:
    """A baseline or target read like one line of the template (same numbers, same periods)."""
    import pandas as pd

    from cikit.analysis.mesure_commune import ImportFileError, parse_measurements

    try:
        valid, _problems = parse_measurements(
            pd.DataFrame({"indicator": ["x"], "period": [period], "value": [value]}),
            indicators={"x"},
            partners={},
            dimensions=set(),
        )
    except ImportFileError:
        return None
    return None if valid.empty else valid


def parse_cell(raw: Any) -> float | None:
    """A typed value (``72,5``) as a number, or None when empty or not a number."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    valid = _one_row("2000", raw)
    return None if valid is None else float(valid["value"].iloc[0])


def parse_period(raw: Any) -> str | None:
    """A typed period (``2022``, ``2022-09``) as stored, or None when empty or not a period."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    valid = _one_row(raw, "1")
    return None if valid is None else str(valid["period"].iloc[0])
