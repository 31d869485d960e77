"""« Conditions préalables / Preconditions » in reports: verdict per section and the conclusion."""

from __future__ import annotations

import functools

import pandas as pd

from cikit import content
from cikit.i18n import Translator
from cikit.i18n.format import number
from cikit.report import figures
from cikit.report.blocks import Bullets, Figure, Heading, Paragraph, Section, Table
from cikit.results import preconditions

WORKBOOK = preconditions.WORKBOOK
VERDICT_COLOURS = {"ready": "good", "partly": "mid", "not_yet": "bad", "unknown": "none"}


def section(workspace, tr: Translator) -> Section:
    """Each section's verdict from the latest answers (the app's rules), steps, the conclusion."""
    lang = tr.lang
    doc = content.document("preconditions")
    entries = {e["id"]: e for e in doc["entries"]}
    found = preconditions.readiness(workspace)
    conclusion = preconditions.conclusion(workspace)
    blocks: list = []
    verdicts = None
    if found is not None:
        verdicts, people = found.verdicts, found.respondents
        label = {k: content.pick(v, lang) for k, v in doc["verdicts"].items()}
        names = [content.pick(entries[s], lang) for s in verdicts.index]
        blocks.append(Paragraph(tr("{n} people answered.").format(n=people)))
        means = [0.0 if pd.isna(m) else float(m) for m in verdicts["mean"]]
        shown = [
            (label[v] if pd.isna(m) else f"{number(m, lang)} · {label[v]}")
            for m, v in zip(verdicts["mean"], verdicts["verdict"], strict=True)
        ]
        blocks.append(Figure(
            functools.partial(figures.horizontal_bars,
                names, means, xmax=4.6, value_labels=shown, xlabel=tr("Average level (1 to 4)"),
                colours=[figures.COLOURS[VERDICT_COLOURS[v]] for v in verdicts["verdict"]],
            ),
            alt=tr("Average level per section: {values}.").format(
                values="; ".join(f"{n} {s}" for n, s in zip(names, shown, strict=True))),
        ))  # fmt: skip
        table = pd.DataFrame({
            tr("Section"): names,
            tr("Average (1 to 4)"): [number(m, lang) for m in verdicts["mean"]],
            tr("Verdict"): [label[v] for v in verdicts["verdict"]],
            tr("Statements splitting the group"): verdicts["split_items"].tolist(),
        })  # fmt: skip
        blocks.append(Table(table))
        blocks.append(Paragraph(tr(
            "How to read this: for each section, the average level of its statements "
            "(“don't know” left out). 3 or more: ready; from 2 to 3: partly there; "
            "below 2: not yet."
        )))  # fmt: skip
        for sid, row in verdicts.iterrows():
            steps = entries[sid].get("next_steps", {}).get(row["verdict"], [])
            if steps:
                blocks.append(Heading(tr("Next steps: {section}").format(
                    section=content.pick(entries[sid], lang))))  # fmt: skip
                blocks.append(Bullets(tuple(content.pick(s, lang) for s in steps)))
    if conclusion:
        blocks.append(Heading(tr("The group's conclusion")))
        blocks.append(Paragraph(str(conclusion.get("text", ""))))
    if verdicts is None:
        return Section(
            WORKBOOK, "not_started", tr("The readiness round has not been held yet."),
            tr("Open the readiness round with the partners."), blocks,
        )  # fmt: skip
    ready = int((verdicts["verdict"] == "ready").sum())
    headline = tr("{ready} of {total} sections ready.").format(ready=ready, total=len(verdicts))
    weak = [content.pick(entries[s], lang) for s in verdicts.index[verdicts["verdict"] != "ready"]]
    next_step = tr("Work on: {sections}.").format(sections=", ".join(weak)) if weak else ""
    if conclusion is None:
        return Section(WORKBOOK, "in_progress", headline,
                       tr("Record the group's conclusion."), blocks)  # fmt: skip
    return Section(WORKBOOK, "done", headline, next_step, blocks)
