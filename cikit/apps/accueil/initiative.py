"""Step 1: the initiative — its name, the issue, the population, the territory, the scale.

The facilitator edits the profile (each field saved as soon as it is left); a
participant reads it.  What a phone shows first, so it imports no table and no chart.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as ipw

from cikit import content
from cikit.apps.accueil.guided import GuidedStep
from cikit.apps.gate import facilitator_only
from cikit.components.language import ENDONYMS
from cikit.components.messages import MessageArea
from cikit.errors import N_, CikitError
from cikit.i18n import LANGUAGES

LABELS = {
    "name": N_("Name of the initiative"),
    "issue": N_("The complex issue it tackles"),
    "population": N_("Targeted population"),
    "territory": N_("Territory"),
    "scale": N_("Scale"),
    "default_lang": N_("Default language for participants"),
}
HINTS = {
    "issue": N_("One complex problem no organisation can solve alone."),
    "population": N_("Who should be better off, as precisely as you can."),
}


class InitiativeStep(GuidedStep):
    """The initiative's profile."""

    id = "initiative"
    label = N_("Initiative")

    def __init__(self, page, **kwargs) -> None:
        super().__init__(page, **kwargs)
        self.status = MessageArea()
        self.fields: dict[str, ipw.ValueWidget] = {}
        self._restoring = False

    def content(self) -> list[ipw.Widget]:
        tr = self.tr
        profile = self.workspace.profile()
        scales = [(e.label(self.lang), e.id) for e in content.scales()]
        if not self.is_facilitator:
            self.fields = {}
            scale = {v: k for k, v in scales}.get(profile["scale"], "")
            shown = {**{k: profile[k] for k in ("name", "issue", "population", "territory")},
                     "scale": scale}  # fmt: skip
            labels = {key: tr(text) for key, text in LABELS.items()}
            body = "".join(
                f"<dt>{html.escape(labels[key])}</dt><dd>{html.escape(value) or '—'}</dd>"
                for key, value in shown.items()
            )
            profile_html = f'<div class="cikit-block"><dl class="cikit-profile">{body}</dl></div>'
            return [self.section(tr("The initiative"), ipw.HTML(profile_html))]

        self.status = MessageArea()
        self.fields = {
            "name": ipw.Text(value=profile["name"], continuous_update=False),
            "issue": ipw.Textarea(value=profile["issue"], continuous_update=False, rows=3),
            "population": ipw.Textarea(
                value=profile["population"], continuous_update=False, rows=2
            ),
            "territory": ipw.Text(value=profile["territory"], continuous_update=False),
            "scale": ipw.Dropdown(options=scales, value=profile["scale"]),
            "default_lang": ipw.Dropdown(
                options=[(ENDONYMS[c], c) for c in LANGUAGES], value=profile["default_lang"]
            ),
        }
        rows = []
        for key, widget in self.fields.items():
            widget.layout = ipw.Layout(width="100%")
            widget.add_class(f"cikit-profile-{key}")
            widget.observe(lambda change, key=key: self._save(key, change["new"]), names="value")
            name, hint = tr(LABELS[key]), tr(HINTS[key]) if key in HINTS else ""
            label = ipw.HTML(
                f'<label class="cikit-label">{html.escape(name)}</label>'
                + (f'<div class="cikit-hint">{html.escape(hint)}</div>' if hint else "")
            )
            field = ipw.VBox([label, widget])
            field.add_class("cikit-field")
            rows.append(field)
        return [self.section(tr("The initiative"), *rows, self.status)]

    @facilitator_only
    def _save(self, key: str, value: Any) -> None:
        """Save one field of the profile; on refusal, say why and put back what is saved."""
        if self._restoring:
            return
        tr = self.tr
        try:
            saved = self.workspace.update_profile(**{key: value})
        except CikitError as err:
            self.status.show(err.render(tr), "error")
            # Put back what is saved; the guard keeps it from being saved again.
            self._restoring = True
            try:
                self.fields[key].value = self.workspace.profile()[key]
            finally:
                self._restoring = False
            return
        self.status.show(tr("Saved."), "success")
        if key == "default_lang":
            self.page._workspace_lang = saved["default_lang"]
