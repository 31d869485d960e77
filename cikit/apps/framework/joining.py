"""How a participant joins a live round: by name, or only by sector when it is anonymous.

Joining is recorded as an answer (``JOIN_ITEM``) carrying the browser's client id, so a
reload in the same browser finds the same person, and a name already answering from
another device is refused (someone else picked it).  The chosen name or sector is
browser input: it is checked against the workspace's people before anything is saved.
"""

from __future__ import annotations

import html
import secrets
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from cikit import content
from cikit.errors import CikitError
from cikit.store.rounds import JOIN_ITEM, OPEN, participant_respondent

if TYPE_CHECKING:
    from cikit.components.messages import MessageArea
    from cikit.i18n import Translator
    from cikit.store import Workspace

NO_SECTOR = ""
"""The sector of a participant who prefers not to say it."""


class JoinRound:
    """The part of :class:`~cikit.apps.framework.live_round.LiveRound` that lets a
    participant join the round (a mixin: the round's ``__init__`` sets the state)."""

    if TYPE_CHECKING:
        round: dict[str, Any] | None
        respondent: str | None
        sector: str | None
        page: Any
        workspace: Workspace
        lang: str
        tr: Translator
        status: MessageArea

        def redraw(self) -> None: ...

    def _recover_respondent(self) -> None:
        """A reload in the same browser finds the same person (client id kept in the browser)."""
        client = self.page.url.client_id
        if self.respondent or not client:
            return
        found = self.workspace.round_joins(self.round["id"], client=client)
        if found:
            self.respondent, self.sector, _client = found[0]

    def _join_panel(self, tr: Translator) -> ipw.Widget:
        anonymous = bool(self.round["anonymous"])
        if anonymous:
            sectors = [(tr("(prefer not to say)"), NO_SECTOR)] + [
                (e.label(self.lang), e.id) for e in content.sectors()
            ]
            intro = tr(
                "Answers are anonymous in this round. Tell us your sector if you wish: it shows where views differ."
            )
            self.join_choice = ipw.Dropdown(options=sectors, value=NO_SECTOR)
            label = tr("Your sector")
        else:
            options: list[tuple[str, int | None]] = [(tr("Choose your name"), None)]
            for pid, name, partner, _sector in self.workspace.join_choices():
                options.append((f"{name} — {partner}" if partner else name, pid))
            intro = tr("Answers carry your name in this round. Find your name in the list.")
            self.join_choice = ipw.Dropdown(options=options, value=None)
            label = tr("Your name")
        self.join_choice.layout = ipw.Layout(width="100%", max_width="520px")
        self.join_choice.add_class("cikit-join-choice")
        self.join_button = ipw.Button(description=tr("Start answering"), button_style="primary")
        self.join_button.add_class("cikit-join-button")
        self.join_button.on_click(self.page.guarded(self._join))
        box = ipw.VBox(
            [
                ipw.HTML(f'<p class="cikit-lead">{html.escape(intro)}</p>'),
                ipw.HTML(f'<label class="cikit-label">{html.escape(label)}</label>'),
                self.join_choice,
                self.join_button,
                self.status,
            ]
        )
        box.add_class("cikit-join")
        return box

    def _join(self, _button=None) -> None:
        tr = self.tr
        if self.round is None or self.round["status"] != OPEN:
            self.status.show(tr("This round is closed: your answer was not saved."), "error")
            return
        choice = self.join_choice.value
        client = self.page.url.client_id or secrets.token_hex(12)
        if self.round["anonymous"]:
            respondent = f"a:{client}"
            sector = choice or None
        else:
            if choice is None:
                self.status.show(tr("Choose your name first."), "error")
                return
            people = {pid: psector for pid, _n, _p, psector in self.workspace.join_choices()}
            if choice not in people:
                self.status.show(tr("This answer cannot be saved."), "error")
                return
            if self._name_taken(choice, client):
                self.status.show(
                    tr(
                        "This name already answers from another device in this round. "
                        "If it is yours, ask the facilitator to open a new round."
                    ),
                    "error",
                )
                return
            sector = people[choice]
            respondent = participant_respondent(choice)
        try:
            self.workspace.answer(
                self.round["id"],
                respondent=respondent,
                item=JOIN_ITEM,
                value={"client": client},
                sector=sector,
            )
        except CikitError as err:
            self.status.show(err.render(tr), "error")
            return
        self.respondent, self.sector = respondent, sector
        self.redraw()

    def _name_taken(self, participant_id: int, client: str) -> bool:
        """True if this person already joined this round from another browser."""
        joins = self.workspace.round_joins(
            self.round["id"], respondent=participant_respondent(participant_id)
        )
        return any(joined_from != client for _r, _s, joined_from in joins)


__all__ = ["NO_SECTOR", "JoinRound"]
