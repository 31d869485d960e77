"""The network of one survey wave on screen, and what changed between two waves.

Drawn from :class:`cikit.analysis.network.Measures` (and
:class:`~cikit.analysis.network.Comparison`), computed by the step that shows them:
key figures, the map (bqplot), the scores per partner, the alerts, the ties in
words, the rules.  Imported only where a network is shown.
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING

import ipywidgets as ipw

from cikit import content, palette
from cikit.analysis.network import LEVEL_LABELS, LEVELS, LOW_TRUST, by_sector, layout
from cikit.apps.communication.waves import partner_names, partner_sectors, wave_label
from cikit.components.bars import legend
from cikit.components.network_map import SECTOR_COLOURS, TIE_COLOURS, network_map
from cikit.i18n import format as fmt

if TYPE_CHECKING:
    from cikit.analysis.network import Comparison, Measures
    from cikit.apps.framework import Step
    from cikit.i18n import Translator


def _e(tr: Translator, msgid: str) -> str:
    """A message translated and escaped for HTML: kept out of f-strings for the catalogs."""
    return html.escape(tr(msgid))


class _Numbers:
    """Percentages and scores in the person's language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def pct(self, value: float | None) -> str:
        return fmt.percent(value, self.lang)

    def score(self, value: float) -> str:
        return fmt.number(value, self.lang)

    def signed(self, value: float) -> str:
        return fmt.number(value, self.lang, signed=True)


def _short(name: str, limit: int = 20) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def framed(widgets: list[ipw.Widget]) -> ipw.VBox:
    """A box whose children may shrink to the screen, so wide tables scroll inside it."""
    box = ipw.VBox(widgets)
    box.add_class("cikit-comm-network")
    return box


def network_view(step: Step, found: Measures) -> list[ipw.Widget]:
    """Key figures, the map, the scores, the alerts, the ties in words and the rules."""
    tr, n = step.tr, _Numbers(step.lang)
    names, sectors = partner_names(step.workspace), partner_sectors(step.workspace)
    facts = [
        (tr("Partners answered"), f"{len(found.answered)} / {len(found.partners)}"),
        (tr("Ties"), str(len(found.ties))),
        (tr("Density"), n.pct(found.density)),
        (
            tr("Centralisation"),
            n.pct(found.centralisation) if found.centralisation is not None else "—",
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
    links = [(index[r.a], index[r.b], int(r.rank)) for r in found.ties.itertuples(index=False)]
    widgets.append(
        network_map(
            [_short(names.get(p, str(p))) for p in order],
            [positions[p] for p in order],
            colours=[palette.sector(sectors.get(p)) for p in order],
            sizes=[8 + 22 * found.centrality.get(p, 0.0) for p in order],
            links=links,
            title=tr("Who works with whom"),
        )
    )
    used = sorted({sectors.get(p, "other") for p in order}, key=list(SECTOR_COLOURS).index)
    sector_names = {e.id: e.text("short", step.lang) for e in content.sectors()}
    key = legend(
        [sector_names.get(s, s) for s in used], [palette.sector(s) for s in used]
    ) + legend([tr(LEVEL_LABELS[lv]) for lv in LEVELS[1:]], list(TIE_COLOURS))
    size_note = tr("The bigger the circle, the more ties a partner has.")
    widgets.append(ipw.HTML(f'{key}<p class="cikit-hint">{html.escape(size_note)}</p>'))
    widgets.append(ipw.HTML(_scores_table(tr, n, found, names)))
    widgets.append(ipw.HTML(_alerts_html(tr, n, found, names)))
    widgets.append(ipw.HTML(_ties_html(tr, found, names)))
    widgets.append(ipw.HTML(_rules_html(tr)))
    return [framed(widgets)]


def _scores_table(tr: Translator, n: _Numbers, found: Measures, names: dict[int, str]) -> str:
    scores = found.scores.set_index("partner")
    rows = []
    degree = dict(found.graph.degree())
    ranked = sorted(found.partners, key=lambda p: (-found.centrality.get(p, 0), names.get(p, "")))
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
            f'<td class="cikit-num">{n.pct(found.centrality.get(p, 0.0))}</td>'
            f'<td class="cikit-num{" cikit-cell-low" if low else ""}">{n.score(trust)}</td>'
            f'<td class="cikit-num">{n.score(value)}</td>'
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


def _alerts_html(tr: Translator, n: _Numbers, found: Measures, names: dict[int, str]) -> str:
    parts = []
    low = [
        tr("{source} → {target}: trust {score}").format(
            source=names.get(int(r.source), "?"), target=names.get(int(r.target), "?"),
            score=n.score(r.trust),
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


def _ties_html(tr: Translator, found: Measures, names: dict[int, str]) -> str:
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


def _rules_html(tr: Translator) -> str:
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


def comparison_view(
    step: Step, before_wave: dict, after_wave: dict, result: Comparison
) -> list[ipw.Widget]:
    """What changed from the earlier wave to the later one."""
    tr, n = step.tr, _Numbers(step.lang)
    names = partner_names(step.workspace)
    title = tr("What changed from {before} to {after}").format(
        before=wave_label(before_wave), after=wave_label(after_wave)
    )
    lines = [
        tr("Density: {before} → {after}").format(
            before=n.pct(result.density[0]), after=n.pct(result.density[1])
        ),
        tr("Centralisation: {before} → {after}").format(
            before=n.pct(result.centralisation[0]) if result.centralisation[0] is not None else "—",
            after=n.pct(result.centralisation[1]) if result.centralisation[1] is not None else "—",
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
            groups.append((label, [f"{names.get(a, '?')} → {names.get(b, '?')}" for a, b in found]))
    rows = []
    frame = result.partners.dropna(subset=["d_trust"]).sort_values("d_trust", kind="stable")
    for r in frame.itertuples():
        cls = "cikit-cell-ok" if r.d_trust > 0 else ("cikit-cell-low" if r.d_trust < 0 else "")
        rows.append(
            f"<tr><td>{html.escape(names.get(int(r.partner), '?'))}</td>"
            f'<td class="cikit-num">{n.score(r.trust_before)} → {n.score(r.trust_after)}</td>'
            f'<td class="cikit-num {cls}">{n.signed(r.d_trust)}</td>'
            f'<td class="cikit-num">{n.score(r.value_before)} → {n.score(r.value_after)}</td>'
            f'<td class="cikit-num">{n.pct(r.centrality_before)} → {n.pct(r.centrality_after)}</td></tr>'
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
        framed(
            [
                ipw.HTML(
                    f'<div class="cikit-comm-compare"><h2>{html.escape(title)}</h2>'
                    f"<ul>{body}</ul>{details}{table}</div>"
                )
            ]
        )
    ]
