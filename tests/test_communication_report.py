"""The Continuous communication section of the overview and the report."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from cikit import create_workspace, open_workspace
from cikit.i18n import Translator
from cikit.report import Bullets, Facts, Figure, Heading, Paragraph, Table, section_for

WB = "05_communication"


@pytest.fixture
def ws(demo_path):
    workspace = open_workspace(demo_path)
    yield workspace
    workspace.close()


def _text(section) -> str:
    parts = [section.headline, section.next_step]
    for block in section.blocks:
        if isinstance(block, (Heading, Paragraph)):
            parts.append(block.text)
        elif isinstance(block, Bullets):
            parts.extend(block.items)
        elif isinstance(block, Facts):
            parts.extend(f"{k}: {v}" for k, v in block.items)
        elif isinstance(block, Table):
            parts.append(block.frame.to_string())
        elif isinstance(block, Figure):
            parts.append(block.alt)
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_empty_workspace_is_not_started(tmp_path, lang):
    ws = create_workspace(tmp_path / "empty.cikit", name="Vide")
    try:
        found = section_for(WB, ws, Translator(lang))
        assert found.workbook == WB and found.status == "not_started"
        assert found.headline and found.next_step and found.blocks == []
    finally:
        ws.close()


def test_demo_section_in_french(ws):
    found = section_for(WB, ws, Translator("fr"))
    assert found.status == "done"
    assert found.headline == (
        "11 partenaires sur 12 ont répondu au dernier sondage, Automne 2026 (2026-10-14) : "
        "densité 44\u00a0%, 4 évaluations de confiance faible."  # fr_CA: no-break space
    )
    assert found.next_step.startswith("Rencontrer les partenaires")
    text = _text(found)
    assert "Densité : 30\u00a0% → 44\u00a0%" in text
    assert "Banque alimentaire Le Panier → Fondation Avenir des tout-petits : confiance 1,3" in text
    assert "Revers : La Fondation a annoncé" in text and "Réussite : " in text
    assert "3 réussites · 3 revers" in text
    facts = next(b for b in found.blocks if isinstance(b, Facts))
    assert ("Densité", "44\u00a0%") in facts.items and ("Liens", "29") in facts.items
    plan = [b for b in found.blocks if isinstance(b, Table)][-1].frame
    assert "Comité de pilotage" in plan["Nom de l'instance"].tolist()
    assert "Chaque mois" in plan["Fréquence"].tolist()


def test_demo_section_in_english_with_a_readable_svg_map(ws):
    found = section_for(WB, ws, Translator("en"))
    figure = next(b for b in found.blocks if isinstance(b, Figure))
    root = ET.fromstring(figure.svg)  # well-formed SVG markup
    assert root.tag.endswith("svg")
    assert "Ville de Rivière-aux-Saules" in figure.svg  # labels kept as text
    assert figure.alt.startswith("Network map of 12 partners and 29 ties. The most connected:")
    assert "Community" in figure.svg  # the sector legend
    text = _text(found)
    assert "Pairs with low trust" in text and "Communication plan" in text
    assert "Setback: " in text and "What we change: " in text
    assert "Density: 30% → 44%" in text


def test_typed_html_stays_text_and_the_svg_escapes_names(ws):
    ws.update_partner(1, name="<b>Maison</b> & co")
    ws.adopt_decision(workbook=WB, key="lesson.0badc0de",
                      content={"date": "2026-11-30", "what": "<script>x</script>",
                               "kind": "setback", "change": ""})  # fmt: skip
    found = section_for(WB, ws, Translator("en"))
    figure = next(b for b in found.blocks if isinstance(b, Figure))
    ET.fromstring(figure.svg)
    assert "<b>Maison" not in figure.svg and "&lt;b&gt;Maison" in figure.svg
    # Blocks hold plain text: renderers escape it.
    assert "Setback: <script>x</script>" in _text(found)


def test_a_survey_without_answers_and_removed_records(tmp_path):
    ws = create_workspace(tmp_path / "one.cikit", name="Une vague")
    try:
        a = ws.add_partner("A", "community")
        ws.add_partner("B", "health")
        ws.open_round(workbook=WB, key="relations", config={"label": "x", "partners": [a]})
        ws.adopt_decision(workbook=WB, key="decision.00000001",
                          content={"date": "2026-01-01", "what": "w", "information": "",
                                   "by": "b", "removed": True})  # fmt: skip
        for lang in ("fr", "en"):
            found = section_for(WB, ws, Translator(lang))
            assert found.status == "in_progress"
            assert not any(isinstance(b, Figure) for b in found.blocks)
        found = section_for(WB, ws, Translator("en"))
        assert found.headline == "No partner has answered the relationship survey yet."
        assert "No decision recorded yet." in _text(found)
    finally:
        ws.close()
