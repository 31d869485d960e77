"""The Preconditions round's results: verdict per section, one section in detail, averages
by sector.

Drawn from :func:`cikit.analysis.rounds.round_summary`'s plain data, the same on the
facilitator's page (which computes and publishes it) and on the phones (which read
what was published): no pandas and no chart library here, so revealing the results to
a room costs each phone a few HTML strings.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from cikit import content
from cikit.analysis.scales import PARTLY_FROM, READY_FROM, SPLIT_SHARE
from cikit.components.bars import legend, level_colours, stacked_bars

if TYPE_CHECKING:
    from cikit.apps.preconditions.readiness import ReadinessRound
    from cikit.i18n import Translator

VERDICT_CLASS = {"ready": "ok", "partly": "mid", "not_yet": "low", "unknown": "none"}


def _decimal(step: ReadinessRound, value: float) -> str:
    from cikit.i18n import format as fmt

    return fmt.number(value, step.lang)


def _trimmed(step: ReadinessRound, value: float) -> str:
    from cikit.i18n import format as fmt

    return fmt.decimal(value, step.lang)


def _percent(step: ReadinessRound):
    from cikit.i18n import format as fmt

    return lambda share: fmt.percent(share, step.lang)


def readiness_results(step: ReadinessRound, payload: dict[str, Any]) -> list[ipw.Widget]:
    """The group's results, from the round's published summary."""
    tr = step.tr
    entries = {e["id"]: e for e in step.doc["entries"]}
    sections = payload.get("sections", {})
    overview = ipw.HTML(_verdict_table(step, tr, sections, entries))
    rules = ipw.HTML(
        '<div class="cikit-rules"><p>'
        + html.escape(
            tr(
                "How to read this: for each section, the average level of its statements "
                "(“don't know” left out). {ready} or more: ready; from {partly} to {ready}: "
                "partly there; below {partly}: not yet."
            ).format(ready=_trimmed(step, READY_FROM), partly=_trimmed(step, PARTLY_FROM))
        )
        + "</p><p>"
        + html.escape(
            tr(
                "A statement is marked “group split” when at least {share} of the people "
                "who chose a level answered 1–2 and at least {share} answered 3–4: worth a "
                "conversation before concluding."
            ).format(share=_percent(step)(SPLIT_SHARE))
        )
        + "</p></div>"
    )
    if step._shown_section not in entries:
        step._shown_section = next(iter(entries))
    picker = ipw.Dropdown(
        options=[(step.text(e), sid) for sid, e in entries.items()],
        value=step._shown_section,
        layout=ipw.Layout(width="100%", max_width="520px"),
    )
    picker.add_class("cikit-section-picker")
    detail = ipw.HTML()
    detail.add_class("cikit-section-detail")

    def show(section_id: str) -> None:
        step._shown_section = section_id
        detail.value = _section_detail(step, tr, entries[section_id], payload)

    picker.observe(lambda change: show(change["new"]), names="value")
    show(step._shown_section)
    detail_label = tr("Section in detail")
    return [
        overview,
        rules,
        ipw.HTML(f'<label class="cikit-label">{html.escape(detail_label)}</label>'),
        picker,
        detail,
        ipw.HTML(_sector_table(step, tr, payload.get("sectors", {}), entries)),
    ]


def _verdict_label(step: ReadinessRound, verdict: str) -> str:
    return step.text(step.doc["verdicts"][verdict])


def _verdict_table(step: ReadinessRound, tr: Translator, sections: dict, entries: dict) -> str:
    rows = []
    for section_id, entry in entries.items():
        row = sections.get(section_id, {})
        verdict = row.get("verdict", "unknown")
        mean = row.get("mean")
        shown = "—" if mean is None else f"{_decimal(step, mean)} / 4"
        split_count = int(row.get("split_items", 0))
        split = html.escape(tr("{count} split").format(count=split_count)) if split_count else ""
        rows.append(
            f"<tr><td>{html.escape(step.text(entry))}</td>"
            f'<td><span class="cikit-verdict cikit-verdict-{VERDICT_CLASS[verdict]}">'
            f"{html.escape(_verdict_label(step, verdict))}</span></td>"
            f'<td class="cikit-num">{html.escape(shown)}</td><td>{split}</td></tr>'
        )
    head = "".join(
        f"<th>{html.escape(h)}</th>"
        for h in (tr("Section"), tr("Verdict"), tr("Average"), tr("Group split"))
    )
    return (
        f'<table class="cikit-verdicts"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _section_detail(step: ReadinessRound, tr: Translator, entry: dict, payload: dict) -> str:
    items = payload.get("items", {})
    statements = entry["statements"]
    numbers = [str(i) for i in range(1, len(statements) + 1)]
    series = [step.text(lv) for lv in step.doc["levels"]] + [step.text(step.doc["dont_know"])]
    shares: list[list[float]] = [[] for _ in series]
    listed = []
    for number, statement in zip(numbers, statements, strict=True):
        stats = items.get(statement["id"], {})
        answers = int(stats.get("answers", 0))
        counts = [*stats.get("levels", [0, 0, 0, 0]), int(stats.get("dont_know", 0))]
        for k, count in enumerate(counts):
            shares[k].append(count / answers if answers else 0.0)
        if stats.get("rated"):
            words = tr("average {mean} · {count} answers").format(
                mean=_decimal(step, stats["mean"]), count=answers
            )
        else:
            words = tr("no level given yet")
        flag = ""
        if stats.get("split"):
            split_label = tr("group split")
            flag = f' <span class="cikit-flag">{html.escape(split_label)}</span>'
        listed.append(
            f"<li><strong>{number}.</strong> {html.escape(step.text(statement))}"
            f'<div class="cikit-stats">{html.escape(words)}{flag}</div></li>'
        )
    chart = stacked_bars(
        numbers, shares, series=series, title=step.text(entry), percent=_percent(step)
    )
    verdict = payload.get("sections", {}).get(entry["id"], {}).get("verdict", "unknown")
    steps_html = ""
    steps = entry.get("next_steps", {}).get(verdict, [])
    if steps:
        lis = "".join(f"<li>{html.escape(step.text(s))}</li>" for s in steps)
        next_label = tr("Next steps")
        steps_html = (
            f'<div class="cikit-prompt"><p><strong>{html.escape(next_label)}</strong> — '
            f"{html.escape(_verdict_label(step, verdict))}</p><ul>{lis}</ul></div>"
        )
    key = legend(series, level_colours(len(series)))
    return f'{chart}{key}<ol class="cikit-statements">{"".join(listed)}</ol>{steps_html}'


def _sector_table(step: ReadinessRound, tr: Translator, sectors: dict, entries: dict) -> str:
    seen = {sector for by_sector in sectors.values() for sector in by_sector}
    if not seen:
        return ""
    names = {e.id: e.text("short", step.lang) for e in content.sectors()}
    names["unknown"] = tr("Not given")
    columns = [c for c in names if c in seen]
    head = "".join(f"<th>{html.escape(names[c])}</th>" for c in columns)
    rows = []
    for section_id, entry in entries.items():
        cells = []
        for column in columns:
            cell = sectors.get(section_id, {}).get(column)
            if not cell or cell.get("mean") is None:
                cells.append('<td class="cikit-num">—</td>')
            else:
                shade = VERDICT_CLASS[cell.get("verdict", "unknown")]
                cells.append(
                    f'<td class="cikit-num cikit-cell-{shade}">{_decimal(step, cell["mean"])}</td>'
                )
        rows.append(f"<tr><td>{html.escape(step.text(entry))}</td>{''.join(cells)}</tr>")
    title = tr("By sector: average level per section")
    note = tr("Where sectors differ by a point or more, ask each side what it sees.")
    return (
        f"<h3>{html.escape(title)}</h3>"
        f'<div class="cikit-scroll"><table class="cikit-sectors"><thead><tr><th></th>{head}'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        f'<p class="cikit-hint">{html.escape(note)}</p>'
    )
