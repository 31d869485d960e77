"""Step 3, the disagreements (the facilitator's): what each is about, who holds which view,
how the group will handle it, and — once resolved — how.  Each is its own versioned
decision, so every edit stays readable; open ones appear in the adopted agenda."""

from __future__ import annotations

import html
import secrets

import ipywidgets as ipw

from cikit.apps.framework import Role, Step, facilitator_only
from cikit.apps.plan_commun.common import DISAGREEMENT, DISAGREEMENTS, AgendaContent, stamp
from cikit.components.messages import MessageArea
from cikit.errors import N_, CikitError
from cikit.i18n import Translator

NOTE_MAX = 2000
FIELDS = ("what", "who", "handling", "resolution")


class DisagreementsStep(AgendaContent, Step):
    """The record of the group's disagreements."""

    id = DISAGREEMENTS
    label = N_("3. Disagreements")
    roles = frozenset({Role.FACILITATOR})

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self.status = MessageArea()

    # Nothing is polled: another page's new record must not wipe what the facilitator types.

    def build(self) -> list[ipw.Widget]:
        tr = self.tr
        self.status = MessageArea()
        records = self.disagreements()
        self.disagreement_list = ipw.HTML(disagreement_cards(tr, records))
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
        placeholders = {
            "what": tr("What is the disagreement about?"),
            "who": tr("Who holds which view?"),
            "handling": tr("How will the group handle it, and by when?"),
            "resolution": tr("How was it resolved?"),
        }
        self.disagreement_fields = {
            name: ipw.Textarea(
                placeholder=placeholders[name],
                rows=2,
                layout=ipw.Layout(width="100%", max_width="760px"),
            )
            for name in FIELDS
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
        self.save_disagreement_button.on_click(self.page.guarded(self._save_disagreement))
        labels = {
            "what": tr("The disagreement"),
            "who": tr("Who"),
            "handling": tr("How the group will handle it"),
            "resolution": tr("How it was resolved"),
        }
        fields = [
            ipw.VBox([ipw.HTML(f'<label class="cikit-label">{html.escape(labels[n])}</label>'), f])
            for n, f in self.disagreement_fields.items()
        ]
        form = ipw.VBox(
            [
                ipw.HTML('<label class="cikit-label">' + html.escape(tr("Edit")) + "</label>"),
                self.disagreement_choice,
                *fields,
                self.disagreement_status_choice,
                self.save_disagreement_button,
                self.status,
            ]
        )
        form.add_class("cikit-add-form")
        return [
            ipw.HTML(
                "<h2>" + html.escape(tr("Disagreements")) + "</h2>"
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
        if key and key not in {r["key"] for r in self.disagreements()}:
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
        self.redraw()
        self.status.show(
            tr("Disagreement saved (version {version}).").format(version=version), "success"
        )


def disagreement_cards(tr: Translator, records: list[dict]) -> str:
    """Each disagreement as a card: resolved or not, what, who, how; typed text escaped."""
    if not records:
        return '<p class="cikit-note">' + html.escape(tr("No disagreement recorded.")) + "</p>"
    cards = []
    for record in records:
        c = record["content"]
        resolved = c.get("status") == "resolved"
        badge = tr("Resolved") if resolved else tr("Unresolved")
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
        meta = tr("Version {version}, {date}").format(
            version=record["version"], date=stamp(record["adopted_at"], "%Y-%m-%d")
        )
        state = "resolved" if resolved else "open"
        cards.append(
            f'<div class="cikit-disagreement cikit-disagreement-{state}">'
            f'<span class="cikit-verdict cikit-verdict-{"ok" if resolved else "low"}">'
            f"{html.escape(badge)}</span> "
            f"<strong>{html.escape(c.get('what', ''))}</strong>{details}"
            f'<div class="cikit-hint">{html.escape(meta)}</div></div>'
        )
    return "".join(cards)
