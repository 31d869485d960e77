"""« Accueil / Start » in reports: the initiative's profile and who is at the table."""

from __future__ import annotations

import functools

from cikit import content
from cikit.i18n import Translator
from cikit.report import figures
from cikit.report.blocks import Bullets, Facts, Figure, Heading, Section, Table
from cikit.results import accueil

WORKBOOK = "00_accueil"


def section(workspace, tr: Translator) -> Section:
    """The profile as facts, partners by sector (a chart and a table), the sectors missing."""
    lang = tr.lang
    profile = workspace.profile()
    partners = workspace.partners()
    people = workspace.participants()
    coverage = accueil.coverage(workspace)
    names = {s.id: s.label(lang) for s in content.sectors()}
    missing = [names[s] for s in accueil.missing(workspace, coverage)]
    scale = content.get("scales", profile.get("scale", ""))
    facts = (
        (tr("Issue"), profile.get("issue") or "—"),
        (tr("Population"), profile.get("population") or "—"),
        (tr("Territory"), profile.get("territory") or "—"),
        (tr("Scale"), scale.label(lang) if scale else "—"),
        (tr("Partners"), str(len(partners))),
        (tr("People at the table"), str(len(people))),
    )
    blocks: list = [Facts(facts)]
    if len(partners):
        blocks.append(Heading(tr("Partners by sector")))
        blocks.append(Figure(
            functools.partial(figures.horizontal_bars,
                [names[s] for s in coverage["sector"]], coverage["partners"].tolist(),
                xlabel=tr("Partners"),
            ),
            alt=tr("Partners by sector: {counts}.").format(counts="; ".join(
                f"{names[s]} {n}" for s, n in zip(coverage["sector"], coverage["partners"], strict=True)
            )),
        ))  # fmt: skip
        table = partners[["name", "sector", "contact"]].copy()
        table["sector"] = [names.get(s, s) for s in table["sector"]]
        table.columns = [tr("Partner"), tr("Sector"), tr("Contact")]
        blocks.append(Table(table))
    if missing:
        blocks.append(Heading(tr("Sectors not yet at the table")))
        blocks.append(Bullets(tuple(missing)))
    complete = accueil.profile_complete(workspace)
    if not len(partners) and not complete:
        status, headline = (
            "not_started",
            tr("The initiative's profile and partners are not entered yet."),
        )
        next_step = tr(
            "Describe the issue, the population and the territory, then list the partners."
        )
    elif complete and len(partners) >= 2 and not missing:
        status, headline, next_step = "done", tr("{n} partners from every sector are at the table.").format(
            n=len(partners)), ""  # fmt: skip
    else:
        status = "in_progress"
        headline = tr("{n} partners at the table.").format(n=len(partners))
        next_step = (
            tr("Invite partners from the sectors missing: {sectors}.").format(
                sectors=", ".join(missing)
            )
            if missing
            else tr("Complete the initiative's profile.")
        )
    return Section(WORKBOOK, status, headline, next_step, blocks)
