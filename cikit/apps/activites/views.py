"""The result views of the Activities workbook (map, gaps, who carries what, alignment),
drawn from what the analysis computed.

Each function takes computed frames or dicts and returns widgets or HTML; none
of them computes a gap or an overlap.  Every name a person typed is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as ipw
import pandas as pd

from cikit.analysis.activites.references import (
    ALONE,
    MOSTLY,
    MOSTLY_SHARE,
    SHARED,
    References,
)
from cikit.apps.activites.tables import note, note_html, period, strategy_codes
from cikit.components.heatmap import heat_map, heat_table, short
from cikit.errors import N_
from cikit.i18n import Translator
from cikit.i18n import format as fmt

RULES = {
    "map": N_(
        "Each cell counts the activities a partner runs for a strategy (or in a territory), "
        "or adds up their staff time in full-time equivalents. An activity reaching several "
        "territories counts in each. An empty column is a strategy or a territory nobody "
        "reaches."
    ),
    "gaps": N_(
        "A gap is a strategy of the common agenda that no activity serves, a headline "
        "indicator no activity contributes to, or a territory or population the agenda names "
        "that no activity reaches. Names are compared without case or accents."
    ),
    "overlaps": N_(
        "An overlap is two or more different partners running activities for the same "
        "strategy, the same population and the same territory at the same time (open-ended "
        "periods count as running). It is a reason to talk, not a verdict: the activities may "
        "complete each other."
    ),
    "together": N_(
        "A partner carries a strategy alone when no other partner serves it, mostly when it "
        "runs at least {share} of its activities, and shares it otherwise. A harmonisation "
        "opportunity is a population for which partners describe different intake or "
        "referral practices."
    ),
    "summary": N_(
        "Coverage is the share of the agenda's strategies and headline indicators that at "
        "least one activity serves. A snapshot keeps these figures as they were on the day it "
        "was taken, so the group can see what changed."
    ),
}


def rules(tr: Translator, key: str) -> ipw.HTML:
    """The rule of a view in plain words, folded under « How it is computed »."""
    from cikit.i18n import format as fmt

    rule = html.escape(tr(RULES[key]).format(share=fmt.percent(MOSTLY_SHARE, tr.lang)))
    return ipw.HTML(
        '<details class="cikit-rules"><summary>'
        + html.escape(tr("How it is computed"))
        + f"</summary><p>{rule}</p></details>"
    )


def codes_legend(tr: Translator, refs: References) -> str:
    items = "".join(
        f"<li><strong>{html.escape(code)}</strong> {html.escape(name)}</li>"
        for name, code in strategy_codes(refs).items()
    )
    return (
        '<div class="cikit-codes"><p class="cikit-hint">'
        + html.escape(tr("The agenda's strategies:"))
        + f"</p><ol class='cikit-plain-list'>{items}</ol></div>"
    )


def map_view(
    tr: Translator, table: pd.DataFrame, refs: References, *, by: str, value: str
) -> list[ipw.Widget]:
    """The heat map and its table; ``table`` is :func:`cikit.analysis.activites.matrix`."""
    if table.empty:
        return [note(tr("No activity matches these choices yet."))]
    codes = strategy_codes(refs)
    none = tr("(no strategy)") if by == "strategy" else tr("(no named territory)")
    if by == "strategy":
        labels = [codes.get(c, none) if c else none for c in table.columns]
    else:
        labels = [short(c, 18) if c else none for c in table.columns]
    title = (
        tr("Activities by partner and strategy")
        if by == "strategy"
        else tr("Activities by partner and territory")
    )
    if value == "staff":
        title = (
            tr("Staff time (FTE) by partner and strategy")
            if by == "strategy"
            else tr("Staff time (FTE) by partner and territory")
        )
    chart = heat_map(table.to_numpy(), list(table.index), labels, title=title)
    lang = tr.lang

    def written(number: float) -> str:
        if value == "staff":
            return fmt.number(number, lang, digits=1)
        return fmt.integer(number, lang)

    corner = tr("Partner")
    parts: list[ipw.Widget] = [chart]
    if by == "strategy":
        parts.append(ipw.HTML(codes_legend(tr, refs)))
    parts.append(
        ipw.HTML(
            heat_table(
                table.to_numpy(), list(table.index), labels, corner=corner, number_format=written
            )
        )  # fmt: skip
    )
    return parts


def gaps_html(
    tr: Translator, found: Mapping[str, Sequence[str]], refs: References, lang: str
) -> str:
    """The four gap lists; « none » said plainly when a list is empty."""
    titles = {
        "strategies": tr("Strategies no activity serves"),
        "indicators": tr("Headline indicators no activity contributes to"),
        "territories": tr("Territories named in the agenda that nothing reaches"),
        "populations": tr("Populations named in the agenda that nothing reaches"),
    }
    named = {
        "strategies": refs.strategies,
        "indicators": refs.headline,
        "territories": refs.territories,
        "populations": refs.populations,
    }
    parts = []
    for kind, title in titles.items():
        items = list(found.get(kind, []))
        if kind == "indicators":
            items = [refs.indicators.get(i, i) for i in items]
        if not named[kind]:
            body = '<p class="cikit-hint">' + html.escape(_nothing_named(tr, kind)) + "</p>"
        elif items:
            body = "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
        else:
            body = '<p class="cikit-ok">' + html.escape(tr("None: everything is reached.")) + "</p>"
        level = "cikit-gap" if items else "cikit-gap cikit-gap-none"
        parts.append(
            f'<div class="{level}"><h4>{html.escape(title)} '
            f'<span class="cikit-badge">{len(items)}</span></h4>{body}</div>'
        )
    return '<div class="cikit-gaps">' + "".join(parts) + "</div>"


def _nothing_named(tr: Translator, kind: str) -> str:
    if kind == "strategies":
        return tr("The common agenda has no strategy yet (Common agenda workbook).")
    if kind == "indicators":
        return tr("No headline indicator chosen yet (Shared measurement workbook).")
    return tr("None named yet: the facilitator lists them in step 1.")


def overlaps_html(
    tr: Translator, found: pd.DataFrame, refs: References, lang: str, shown: int = 30
) -> str:
    """The overlaps, most partners first; a long list is cut with the count of the rest."""
    if found.empty:
        return '<p class="cikit-ok">' + html.escape(tr("No overlap found.")) + "</p>"
    codes = strategy_codes(refs)
    rows = []
    for row in found.head(shown).itertuples():
        when = period(tr, row.start, row.end)
        strategy = f"{codes.get(row.strategy, '')} {row.strategy}".strip()
        touch = tr("Put in touch: {partners}").format(partners=", ".join(row.partners))
        activities = "; ".join(row.activities)
        rows.append(
            "<li class='cikit-overlap'>"
            f"<strong>{html.escape(touch)}</strong>"
            f"<div>{html.escape(strategy)}</div>"
            f"<div class='cikit-hint'>{html.escape(row.population)} · "
            f"{html.escape(row.territory)} · {html.escape(when)}</div>"
            f"<div class='cikit-hint'>{html.escape(activities)}</div></li>"
        )
    more = ""
    if len(found) > shown:
        more = '<p class="cikit-hint">' + html.escape(
            tr("And {count} more.").format(count=len(found) - shown)) + "</p>"  # fmt: skip
    return "<ul class='cikit-overlaps'>" + "".join(rows) + "</ul>" + more


def specialisation_html(tr: Translator, spec: pd.DataFrame, refs: References) -> str:
    if spec.empty:
        return note_html(tr("No activity serves a strategy of the agenda yet."))
    codes = strategy_codes(refs)
    kinds = {ALONE: tr("Carries alone"), MOSTLY: tr("Carries mostly"), SHARED: tr("Shares")}
    head = "".join(f"<th scope='col'>{html.escape(t)}</th>" for t in
                   [tr("Partner"), *kinds.values()])  # fmt: skip
    cells: dict[str, dict[str, list[str]]] = {}
    for partner, strategy, count, kind in zip(spec["partner"], spec["strategy"],
                                             spec["activities"], spec["kind"], strict=True):  # fmt: skip
        label = html.escape(codes.get(strategy, strategy[:30]))
        title = html.escape(strategy, quote=True)
        cells.setdefault(str(partner), {k: [] for k in kinds})[kind].append(
            f"<span title='{title}'>{label} ({int(count)})</span>"
        )
    body = [
        f"<tr><th scope='row'>{html.escape(partner)}</th>"
        + "".join(f"<td class='cikit-spec-{k}'>{', '.join(by_kind[k]) or '·'}</td>" for k in kinds)
        + "</tr>"
        for partner, by_kind in cells.items()
    ]
    return (
        "<div class='cikit-scroll'><table class='cikit-verdicts cikit-spec-table'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def harmonisation_html(tr: Translator, found: pd.DataFrame, shown: int = 8) -> str:
    if found.empty:
        return note_html(tr("No difference in intake or referral practices found."))
    practice = {"intake": tr("Intake"), "referral": tr("Referral")}
    items = []
    for row in found.head(shown).itertuples():
        who = "".join(
            f"<li><strong>{html.escape(p)}</strong> : {html.escape(d)}</li>"
            for p, d in zip(row.partners, row.descriptions, strict=True)
        )
        title = tr("{practice} for « {population} »").format(
            practice=practice.get(row.practice, row.practice), population=row.population
        )
        items.append(f"<li><strong>{html.escape(title)}</strong><ul>{who}</ul></li>")
    more = ""
    if len(found) > shown:
        more = (
            '<p class="cikit-hint">'
            + html.escape(tr("And {count} more.").format(count=len(found) - shown))
            + "</p>"
        )
    return "<ul class='cikit-harmonisation'>" + "".join(items) + "</ul>" + more


def summary_html(tr: Translator, summary: Mapping[str, Any], lang: str) -> str:
    """Big figures for a projector: what the agenda names and how much of it is reached."""
    tiles = []
    for name, label in (
        ("strategies", tr("strategies of the agenda served")),
        ("indicators", tr("headline indicators with an activity")),
        ("territories", tr("territories named in the agenda reached")),
        ("populations", tr("populations named in the agenda reached")),
    ):
        covered, total = summary.get(f"{name}_covered", 0), summary.get(f"{name}_total", 0)
        level = "ok" if total and covered == total else ("none" if not total else "low")
        tiles.append(
            f'<div class="cikit-tile cikit-tile-{level}"><div class="cikit-tile-figure">'
            f"{covered}/{total}</div><div>{html.escape(label)}</div></div>"
        )
    overlaps = len(summary.get("overlaps") or [])
    to_talk = html.escape(tr("overlaps to talk about"))
    tiles.append(
        '<div class="cikit-tile"><div class="cikit-tile-figure">'
        f"{overlaps}</div><div>{to_talk}</div></div>"
    )
    coverage = summary.get("coverage")
    line = tr("{activities} activities by {partners} partners.").format(
        activities=summary.get("activities", 0), partners=summary.get("partners", 0)
    )
    if coverage is not None:
        percent = fmt.percent(coverage, lang)
        line += " " + tr("Coverage of strategies and headline indicators: {percent}.").format(
            percent=percent
        )
    return (
        f'<div class="cikit-tiles">{"".join(tiles)}</div>'
        f'<p class="cikit-lead">{html.escape(line)}</p>'
    )


FIGURE_LABELS = {
    "activities": N_("Activities"),
    "partners": N_("Partners with an activity"),
    "strategies_covered": N_("Strategies served"),
    "indicators_covered": N_("Headline indicators with an activity"),
    "territories_covered": N_("Territories reached"),
    "populations_covered": N_("Populations reached"),
}
GAP_KINDS = {
    "strategies": N_("strategy"),
    "indicators": N_("headline indicator"),
    "territories": N_("territory"),
    "populations": N_("population"),
}


def change_html(tr: Translator, change: Mapping[str, Any], refs: References, taken_on: str) -> str:
    """Figures then and now, and the gaps that closed or opened since the snapshot."""
    now = html.escape(tr("Now"))
    head = (
        f"<th scope='col'></th><th scope='col'>{html.escape(taken_on)}</th>"
        f"<th scope='col'>{now}</th><th scope='col'></th>"
    )
    rows = []
    for name, before, after in change["figures"]:
        if before is None:
            before_text, delta = "–", ""
        else:
            before_text = str(before)
            diff = (after or 0) - before
            delta = f"+{diff}" if diff > 0 else (str(diff) if diff < 0 else "=")
        label = html.escape(tr(FIGURE_LABELS[name]))
        rows.append(
            f"<tr><th scope='row'>{label}</th>"
            f"<td>{html.escape(before_text)}</td><td>{after}</td><td>{html.escape(delta)}</td></tr>"
        )
    overlaps_label = html.escape(tr("Overlaps"))
    rows.append(
        f"<tr><th scope='row'>{overlaps_label}</th>"
        f"<td>{change['overlaps_before']}</td><td>{change['overlaps_after']}</td><td></td></tr>"
    )
    lists = []
    for key, title in (("closed", tr("Gaps closed since then")),
                       ("opened", tr("New gaps since then"))):  # fmt: skip
        items = []
        for kind, names in change[key].items():
            for name in names:
                shown = refs.indicators.get(name, name) if kind == "indicators" else name
                what = html.escape(tr(GAP_KINDS[kind]))
                items.append(f"<li>{html.escape(shown)} <span class='cikit-hint'>"
                             f"({what})</span></li>")  # fmt: skip
        body = "<ul>" + "".join(items) + "</ul>" if items else (
            "<p class='cikit-hint'>" + html.escape(tr("None.")) + "</p>")  # fmt: skip
        lists.append(f"<div><h4>{html.escape(title)}</h4>{body}</div>")
    return (
        "<div class='cikit-scroll'><table class='cikit-verdicts cikit-change-table'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        f"<div class='cikit-change-lists'>{''.join(lists)}</div>"
    )
