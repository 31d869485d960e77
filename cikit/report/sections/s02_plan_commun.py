"""« Plan d'action commun / Common agenda » in reports: the adopted agenda and disagreements."""

from __future__ import annotations

from cikit import content
from cikit.analysis.plan_commun import FIELDS, LIST_FIELDS
from cikit.i18n import Translator
from cikit.i18n.format import date
from cikit.report.blocks import Bullets, Facts, Heading, Paragraph, Section
from cikit.results import plan_commun

WORKBOOK = plan_commun.WORKBOOK


def section(workspace, tr: Translator) -> Section:
    """The latest adopted agenda, field by field, and the disagreements still open."""
    lang = tr.lang
    doc = content.document("common_agenda")
    labels = {e["id"]: content.pick(e, lang) for e in doc["agenda_sections"]}
    agenda = plan_commun.latest_agenda(workspace)
    found = plan_commun.disagreements(workspace)
    open_ones = found[found["status"] != "resolved"]
    blocks: list = []
    if agenda:
        blocks.append(Facts((
            (tr("Version"), str(agenda.version)),
            (tr("Adopted on"), date(agenda.adopted_at, lang)),
            (tr("Supporters"), "—" if agenda.supporters is None else str(agenda.supporters)),
        )))  # fmt: skip
        for field in FIELDS:
            value = agenda.field_value(field)
            if not value or field == "disagreements":
                continue
            blocks.append(Heading(labels.get(field, field)))
            if field in LIST_FIELDS:
                items = [plan_commun.principle(v, lang) if field == "principles" else v
                         for v in value]  # fmt: skip
                blocks.append(Bullets(tuple(items)))
            else:
                blocks.append(Paragraph(value))
    if len(open_ones):
        blocks.append(Heading(tr("Open disagreements")))
        for item in open_ones.itertuples(index=False):
            blocks.append(Paragraph(item.what))
            details = [(tr("Who"), item.who), (tr("How"), item.handling)]
            blocks.append(Facts(tuple((k, v) for k, v in details if v)))
    if agenda is None:
        return Section(
            WORKBOOK, "in_progress" if len(found) else "not_started",
            tr("No common agenda adopted yet."),
            tr("Gather each partner's view, then vote on the wordings."), blocks,
        )  # fmt: skip
    headline = tr("Common agenda adopted (version {version}).").format(version=agenda.version)
    next_step = (
        tr("Settle the open disagreements ({n}).").format(n=len(open_ones))
        if len(open_ones)
        else ""
    )
    return Section(WORKBOOK, "done", headline, next_step, blocks)
