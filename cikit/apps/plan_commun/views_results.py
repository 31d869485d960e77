"""The round of views, read together: the answers side by side by sector, the words they
share and the words only one sector uses, and what such a count cannot tell.

Imported when the results are shown (pandas, the text tools and the charts), never by a
phone that only answers.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as ipw
import pandas as pd

from cikit import content, palette
from cikit.analysis.text import kinds_by_group, shared_and_distinctive, terms, terms_by_group
from cikit.apps.framework import replace_children
from cikit.components.charts import count_bars, legend_html
from cikit.i18n import format as fmt
from cikit.store.respondent import participant_id

if TYPE_CHECKING:
    from cikit.apps.plan_commun.views import ViewsRound
    from cikit.i18n import Translator

KIND_COLOURS = palette.TERM_KINDS
TOP_TERMS = 14


def views_results(step: ViewsRound, responses: pd.DataFrame) -> list[ipw.Widget]:
    """A picker of questions and, below it, the chosen question's answers and words."""
    tr = step.tr
    latest = latest_texts(responses)
    if latest.empty:
        return [step.note(tr("No answers yet."))]
    names, sectors = people(step, responses)
    entries = {e["id"]: e for e in step.doc["entries"]}
    if step._shown_question not in entries:
        step._shown_question = "problem"
    picker = ipw.ToggleButtons(
        options=[(step.text(e), qid) for qid, e in entries.items()],
        value=step._shown_question,
        style={"button_width": "auto"},
    )
    picker.add_class("cikit-question-picker")
    detail = ipw.VBox()
    detail.add_class("cikit-views-detail")

    def show(question: str) -> None:
        step._shown_question = question
        replace_children(
            detail, question_detail(step, tr, entries[question], latest, names, sectors)
        )

    picker.observe(step.page.guarded(lambda change: show(change["new"])), names="value")
    show(step._shown_question)
    return [picker, detail]


def people(step: ViewsRound, responses: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """Respondent → name to show, respondent → sector id ('' if not given)."""
    tr = step.tr
    names: dict[str, str] = {}
    sectors: dict[str, str] = {}
    participants = step.workspace.participants(include_removed=True).set_index("id")
    partners = step.workspace.partners(include_removed=True).set_index("id")["name"]
    anonymous = 0
    for row in responses.sort_values("id").itertuples():
        if row.respondent in names:
            if row.sector:
                sectors[row.respondent] = row.sector
            continue
        sectors[row.respondent] = row.sector or ""
        pid = participant_id(row.respondent)
        if pid is not None and pid in participants.index:
            person = participants.loc[pid]
            name = str(person["display_name"])
            if not pd.isna(person["partner_id"]):
                org = partners.get(int(person["partner_id"]))
                name = f"{name} — {org}" if org else name
            names[row.respondent] = name
            continue
        anonymous += 1
        names[row.respondent] = tr("Person {number}").format(number=anonymous)
    return names, sectors


def latest_texts(responses: pd.DataFrame) -> pd.DataFrame:
    """Each person's latest written answer to each question (withdrawn answers left out)."""
    is_view = [isinstance(i, str) and i.startswith("view.") for i in responses["item"]]
    answers = responses.loc[is_view].sort_values("id")
    latest = answers.drop_duplicates(["respondent", "item"], keep="last")
    written = [isinstance(v, str) and bool(v.strip()) for v in latest["value"]]
    latest = latest.loc[written]
    return latest.assign(question=[i[len("view.") :] for i in latest["item"]])


def sector_names(step: ViewsRound, tr: Translator) -> dict[str, str]:
    names = {e.id: e.text("short", step.lang) or e.label(step.lang) for e in content.sectors()}
    names[""] = tr("Sector not given")
    return names


def question_detail(
    step: ViewsRound,
    tr: Translator,
    entry: dict,
    latest: pd.DataFrame,
    names: dict[str, str],
    sectors: dict[str, str],
) -> list[ipw.Widget]:
    part = latest[latest["question"] == entry["id"]]
    by_sector = sector_names(step, tr)
    if part.empty:
        return [step.note(tr("Nobody has answered this question yet."))]
    # Side by side, grouped by sector (in the usual order of sectors).
    columns = []
    for sector in by_sector:
        rows = part[part["respondent"].map(lambda r, s=sector: sectors.get(r, "") == s)]
        if rows.empty:
            continue
        cards = "".join(
            '<div class="cikit-view-card">'
            f'<div class="cikit-view-who">{html.escape(names.get(r.respondent, ""))}</div>'
            f'<div class="cikit-view-text">{html.escape(r.value)}</div></div>'
            for r in rows.itertuples()
        )
        columns.append(
            '<div class="cikit-view-column">'
            f"<h3>{html.escape(by_sector[sector])} "
            f'<span class="cikit-count-small">{len(rows)}</span></h3>{cards}</div>'
        )
    side_by_side = ipw.HTML(f'<div class="cikit-views-grid">{"".join(columns)}</div>')

    # What they share and where they differ.
    question_words = " ".join(content.pick(entry.get("question"), lang) for lang in ("fr", "en"))
    found = terms(
        part.rename(columns={"value": "text"})[["respondent", "text"]],
        default_lang=step.lang,
        extra_stop_words=[question_words, entry["fr"], entry["en"]],
    )
    groups = pd.Series({r: by_sector[sectors.get(r, "")] for r in part["respondent"]}, dtype=object)
    summary = shared_and_distinctive(found, groups)
    per_sector = kinds_by_group(terms_by_group(found, groups))
    widgets: list[ipw.Widget] = [
        ipw.HTML("<h3>" + html.escape(tr("Side by side, by sector")) + "</h3>"),
        side_by_side,
        ipw.HTML(
            "<h3>" + html.escape(tr("What the answers share, and where they differ")) + "</h3>"
        ),
    ]
    if summary.empty:
        widgets.append(step.note(tr("Not enough words yet to compare the answers.")))
    else:
        widgets += terms_view(step, tr, summary, groups, entry["id"])
        widgets.append(sector_kinds_chart(tr, per_sector))
    widgets.append(method_note(tr))
    return widgets


def terms_view(
    step: ViewsRound, tr: Translator, summary: pd.DataFrame, groups: pd.Series, question: str
) -> list[ipw.Widget]:
    kinds = {
        "shared": tr("shared by most"),
        "distinctive": tr("only one sector"),
        "other": tr("a few people"),
    }
    top = pd.concat(
        [
            summary[summary["kind"] == "shared"].head(6),
            summary[summary["kind"] == "distinctive"].head(8),
            summary[summary["kind"] == "other"],
        ]
    ).head(TOP_TERMS)
    labels = []
    for row in top.itertuples():
        label = row.display
        if row.kind == "distinctive":
            label = f"{label} ({row.groups[0]})"
        labels.append(label[:40])
    counts = [
        [int(r.respondents) if r.kind == kind else 0 for r in top.itertuples()] for kind in kinds
    ]
    chart = count_bars(
        labels,
        counts,
        colours=[KIND_COLOURS[k] for k in kinds],
        title=tr("Words most used, by how many people"),
        axis_label=tr("People who used the word"),
        left_margin=190,
    )
    legend = legend_html(list(kinds.values()), [KIND_COLOURS[k] for k in kinds])
    shared = summary[summary["kind"] == "shared"]["display"].head(12).tolist()
    lines = []
    if shared:
        lines.append(
            "<p><strong>" + html.escape(tr("Shared by most partners:")) + "</strong> "
            f"{html.escape(', '.join(shared))}</p>"
        )
    distinctive = summary[summary["kind"] == "distinctive"]
    colon = fmt.colon(step.lang) + " "  # French puts a space before a colon; English does not
    if not distinctive.empty:
        items = "".join(
            f"<li><strong>{html.escape(str(group))}</strong>{colon}"
            f"{html.escape(', '.join(rows['display'].head(8)))}</li>"
            for group, rows in distinctive.groupby(
                distinctive["groups"].map(lambda g: g[0]), sort=False
            )
        )
        lines.append(
            "<p><strong>"
            + html.escape(tr("Used by one sector only:"))
            + f"</strong></p><ul>{items}</ul>"
        )
    if question in ("population", "territory"):
        named = summary[summary["kind"] != "shared"].head(12)
        total = groups.nunique()
        if not named.empty:
            items = "".join(
                "<li>"
                + html.escape(
                    tr("{term}: named by {sectors} — not by the {missing} other sector(s)").format(
                        term=row.display,
                        sectors=", ".join(map(str, row.groups)),
                        missing=total - row.n_groups,
                    )
                )
                + "</li>"
                for row in named.itertuples()
            )
            title = (
                tr("Populations named by some and not by others:")
                if question == "population"
                else tr("Places named by some and not by others:")
            )
            lines.append(f"<p><strong>{html.escape(title)}</strong></p><ul>{items}</ul>")
    if not shared and distinctive.empty:
        lines.append("<p>" + html.escape(tr("No word comes back in several answers yet.")) + "</p>")
    return [chart, ipw.HTML(legend + '<div class="cikit-terms">' + "".join(lines) + "</div>")]


def sector_kinds_chart(tr: Translator, per_sector: pd.DataFrame) -> ipw.Widget:
    """Per sector, how many of its words it shares with others and how many are its own."""
    # "Other" words (a few people's) would dwarf the two that tell the story.
    kinds = ["shared", "distinctive"]
    chart = count_bars(
        [str(g)[:30] for g in per_sector.index],
        [per_sector[k].tolist() for k in kinds],
        colours=[KIND_COLOURS[k] for k in kinds],
        title=tr("Per sector: words shared with others, and words of its own"),
        axis_label=tr("Different words"),
        left_margin=150,
    )
    note = tr(
        "A sector with many words of its own and few shared ones frames the problem "
        "differently: ask it how it sees things."
    )
    legend = legend_html(
        [tr("shared by most"), tr("only one sector")], [KIND_COLOURS[k] for k in kinds]
    )
    return ipw.VBox([chart, ipw.HTML(f'{legend}<p class="cikit-hint">{html.escape(note)}</p>')])


def method_note(tr: Translator) -> ipw.HTML:
    points = [
        tr(
            "How it works: each answer's words are brought to a common form (plurals, "
            "verb endings, accents and capitals set aside; French and English each with "
            "their own dictionary), and common words such as “the” or « les » are left out."
        ),
        tr(
            "“Shared by most”: used in at least two sectors, by half of the people or "
            "in more than half of the sectors. “Only one sector”: used by at least two "
            "people of one sector (or its only person) and by nobody else."
        ),
        tr(
            "What it cannot tell: it counts words, it does not understand them. "
            "Synonyms stay apart (« pauvreté » and « faible revenu »), a negation is "
            "ignored, and a French and an English word are the same only when they "
            "share a root. Read the answers themselves before concluding."
        ),
    ]
    items = "".join(f"<li>{html.escape(p)}</li>" for p in points)
    summary = tr("What this comparison can and cannot tell")
    return ipw.HTML(
        f'<details class="cikit-rules"><summary>{html.escape(summary)}</summary>'
        f"<ul>{items}</ul></details>"
    )
