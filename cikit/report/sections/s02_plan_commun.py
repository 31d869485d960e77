"""« Plan d'action commun / Common agenda » in reports: the adopted agenda and disagreements."""

from __future__ import annotations

from cikit import content
from cikit.analysis.agenda import FIELDS, LIST_FIELDS
from cikit.i18n import Translator
from cikit.report.blocks import Bullets, Facts, Heading, Paragraph, Section

WORKBOOK = "02_plan_commun"


def disagreements(workspace) -> list[dict]:
    """Every disagreement, latest version of each (content dicts), oldest first."""
    return [d["content"] for d in workspace.decisions_by_prefix(WORKBOOK, "disagreement.")]


def _principle(text: str, lang: str) -> str:
    """A suggested principle in the reader's language, whichever language it was adopted in."""
    for principle in content.document("common_agenda")["principles"]:
        if text in (principle.get("fr"), principle.get("en")):
            return content.pick(principle, lang)
    return text


def section(workspace, tr: Translator) -> Section:
    """The latest adopted agenda, field by field, and the disagreements still open."""
    lang = tr.lang
    doc = content.document("common_agenda")
    labels = {e["id"]: content.pick(e, lang) for e in doc["agenda_sections"]}
    agenda = workspace.decision(WORKBOOK, "agenda")
    found = disagreements(workspace)
    open_ones = [d for d in found if d.get("status") != "resolved"]
    blocks: list = []
    if agenda:
        body = agenda["content"]
        blocks.append(Facts((
            (tr("Version"), str(agenda["version"])),
            (tr("Adopted on"), agenda["adopted_at"].strftime("%Y-%m-%d")),
            (tr("Supporters"), "—" if agenda["supporters"] is None else str(agenda["supporters"])),
        )))  # fmt: skip
        for field in FIELDS:
            value = body.get(field)
            if not value or field == "disagreements":
                continue
            blocks.append(Heading(labels.get(field, field)))
            if field in LIST_FIELDS:
                items = [_principle(v, lang) if field == "principles" else str(v) for v in value]
                blocks.append(Bullets(tuple(items)))
            else:
                blocks.append(Paragraph(str(value)))
    if open_ones:
        blocks.append(Heading(tr("Open disagreements")))
        for item in open_ones:
            blocks.append(Paragraph(str(item.get("what", ""))))
            details = [
                (tr("Who"), str(item.get("who", ""))),
                (tr("How"), str(item.get("handling", ""))),
            ]
            blocks.append(Facts(tuple((k, v) for k, v in details if v)))
    if agenda is None:
        return Section(
            WORKBOOK, "in_progress" if found else "not_started",
            tr("No common agenda adopted yet."),
            tr("Gather each partner's view, then vote on the wordings."), blocks,
        )  # fmt: skip
    headline = tr("Common agenda adopted (version {version}).").format(version=agenda["version"])
    next_step = (
        tr("Settle the open disagreements ({n}).").format(n=len(open_ones)) if open_ones else ""
    )
    return Section(WORKBOOK, "done", headline, next_step, blocks)
