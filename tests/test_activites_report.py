"""The Activities workbook's section of the overview and the exported report."""

from __future__ import annotations

from cikit import create_workspace, open_workspace
from cikit.i18n import Translator
from cikit.report import Bullets, Facts, Figure, Heading, Table, section_for

TRAINING = "Former les intervenants de tous les partenaires à un accueil des parents sans jugement"


def test_the_demo_section_names_gaps_overlaps_and_the_change(demo_path):
    with open_workspace(demo_path) as ws:
        fr = section_for("04_activites", ws, Translator("fr"))
        en = section_for("04_activites", ws, Translator("en"))
    assert fr.status == "in_progress"
    assert "36 activités de 12 partenaires." in fr.headline  # one ended in 2023
    assert "5 des 6 stratégies du plan sont servies." in fr.headline
    assert fr.next_step == f"Trouver qui pourrait porter : {TRAINING}"
    facts = next(b for b in fr.blocks if isinstance(b, Facts))
    assert ("Stratégies servies", "5/6") in facts.items
    gaps = next(b for b in fr.blocks if isinstance(b, Bullets))
    assert TRAINING in gaps.items and "Saint-Isidore" in gaps.items
    overlaps = next(b for b in fr.blocks if isinstance(b, Table))
    assert len(overlaps.frame) == 2
    closed = [b for b in fr.blocks if isinstance(b, Facts)][1]
    assert any("Rapprocher les services" in value for _label, value in closed.items)
    figure = next(b for b in en.blocks if isinstance(b, Figure))
    assert figure.svg.startswith("<svg") and 'xlink:href="http' not in figure.svg
    assert "Maison de la famille des Saules" in figure.svg  # labels stay text
    assert figure.alt.startswith("S1: ") and "S6: 0 activities by 0 partners" in figure.alt
    assert any(isinstance(b, Heading) and b.text == "Gaps" for b in en.blocks)


def test_an_empty_workspace_is_not_started(tmp_path):
    with create_workspace(tmp_path / "e.cikit", name="Vide") as ws:
        got = section_for("04_activites", ws, Translator("en"))
    assert got.status == "not_started" and got.blocks == []
    assert got.next_step.startswith("Ask each partner")


def test_typed_text_stays_plain_text_in_blocks(tmp_path):
    with create_workspace(tmp_path / "h.cikit", name="H") as ws:
        partner = ws.add_partner("<b>Org</b> $x$", "community")
        ws.add_activity(partner_id=partner, name="<script>alert(1)</script>")
        got = section_for("04_activites", ws, Translator("fr"))
        figure = next(b for b in got.blocks if isinstance(b, Figure))
    assert "&lt;b&gt;Org&lt;/b&gt; $x$" in figure.svg and "<b>Org" not in figure.svg
