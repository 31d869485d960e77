"""The Backbone support section of the overview and the report, in both languages."""

from __future__ import annotations

import pytest

from cikit import create_workspace, open_workspace
from cikit.i18n import Translator
from cikit.report import Bullets, Facts, Figure, Heading, Paragraph, Section, Table, section_for
from cikit.store.rounds import participant_respondent

WORKBOOK = "06_structure_soutien"


@pytest.fixture
def ws(demo_path):
    workspace = open_workspace(demo_path)
    yield workspace
    workspace.close()


@pytest.fixture
def empty(tmp_path):
    workspace = create_workspace(tmp_path / "empty.cikit", name="Vide")
    yield workspace
    workspace.close()


def _blocks(section: Section, kind):
    return [b for b in section.blocks if isinstance(b, kind)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_empty_workspace_is_not_started(empty, lang):
    found = section_for(WORKBOOK, empty, Translator(lang))
    assert found.workbook == WORKBOOK and found.status == "not_started"
    assert found.headline and found.next_step and found.blocks == []
    if lang == "fr":
        assert "autoévaluation" in found.next_step


def test_demo_section_in_french(ws):
    found = section_for(WORKBOOK, ws, Translator("fr"))
    assert found.status == "done"
    assert "Guider la vision et la stratégie" in found.headline and "+1,4" in found.headline
    assert "Phase II" in found.headline and found.headline.endswith(".")
    assert found.next_step.startswith("Discuter de l'écart")
    scores, staff, grid = _blocks(found, Table)
    assert list(scores.frame.columns) == [
        "Fonction", "Partenaires", "Équipe de la structure de soutien", "Écart",
    ]  # fmt: skip
    vision = scores.frame.iloc[0]
    assert (vision["Partenaires"], vision["Écart"]) == ("2,0", "+1,4")
    assert "18 personnes" in scores.caption
    assert staff.frame.shape == (3, 3)
    assert staff.frame.iloc[2].tolist() == [
        "Soutien à l'évaluation (prêt de service du CISSS)", "0,2", "Non, prêté ou partagé",
    ]  # fmt: skip
    assert list(grid.frame.columns)[0] == "Volet" and grid.frame.shape == (4, 4)
    assert grid.frame.iloc[0, 1] == "✓ fait" and grid.frame.iloc[2, 1] == "pas encore"
    (figure,) = _blocks(found, Figure)
    assert figure.svg.startswith("<svg") and "<metadata>" not in figure.svg
    assert "Vision" in figure.svg and "Partenaires" in figure.svg  # text kept as text
    assert "Guider la vision et la stratégie : partenaires 2,0, équipe 3,4" in figure.alt
    facts = dict(_blocks(found, Facts)[0].items)
    assert facts["Années financées"] == "3 ans (2026–2028)"
    assert facts["Budget moyen par année financée"] == "95\u00a0000\u00a0$"  # Babel's fr_CA
    assert dict(_blocks(found, Facts)[1].items)["Moments de crise"] == "Organiser la reprise"
    catch_up = _blocks(found, Bullets)[-1].items
    assert catch_up == (
        "À rattraper : Participation de la communauté — "
        "La communauté est rejointe et consultée dès le départ.",
    )
    assert [h.text for h in _blocks(found, Heading)][0] == (
        "Six fonctions : partenaires et équipe de soutien"
    )


def test_demo_section_in_english(ws):
    found = section_for(WORKBOOK, ws, Translator("en"))
    assert found.headline.startswith("Backbone staff and partners differ most on “Guide vision")
    assert "Phase II — Organise for impact" in found.headline
    scores = _blocks(found, Table)[0]
    assert list(scores.frame.columns) == ["Function", "Partners", "Backbone staff", "Gap"]
    assert scores.frame.iloc[0]["Gap"] == "+1.4"
    (figure,) = _blocks(found, Figure)
    assert figure.alt.startswith("Bar chart of the average level per backbone function")
    assert "Advance policy: partners 1.6, staff 1.4" in figure.alt
    assert dict(_blocks(found, Facts)[0].items)["Average budget per funded year"] == "$95,000"


def test_warnings_and_the_next_step_when_no_staff_is_dedicated(empty):
    empty.adopt_decision(
        workbook=WORKBOOK,
        key="resources",
        content={"staff": [{"role": "Prêt", "fte": 0.5, "dedicated": False}], "budget": [],
                 "funders": [], "coordinator": ""},
    )  # fmt: skip
    pid = empty.add_participant("Ana", role="partner")
    round_id = empty.open_round(workbook=WORKBOOK, key="functions")
    empty.answer(round_id, respondent=participant_respondent(pid), item="vision.describe", value=3)
    found = section_for(WORKBOOK, empty, Translator("en"))
    assert found.status == "in_progress"
    assert found.headline == "Only one side has rated the six functions so far."
    assert found.next_step == "Plan at least one staff position dedicated to the backbone."
    warnings = [b for b in _blocks(found, Bullets) if b.items[0].startswith("Watch out")][0]
    assert warnings.items == (
        "Watch out: No staff role is dedicated to the backbone.",
        "Watch out: Funding is planned for fewer than 2 years.",
        "Watch out: No one holds the coordinating role (the « chef d'orchestre ») yet.",
    )
    paragraphs = [p.text for p in _blocks(found, Paragraph)]
    assert "Nothing is ticked yet: the group has not placed itself in a phase." in paragraphs


def test_only_phases_ticked_still_reports_without_scores(empty):
    empty.adopt_decision(
        workbook=WORKBOOK, key="phases", content={"ticks": {"planning.phase1": True, "bad": 1}}
    )
    found = section_for(WORKBOOK, empty, Translator("fr"))
    assert found.status == "in_progress"
    assert found.headline == (
        "Les six fonctions ne sont pas encore évaluées; l'initiative se situe en "
        "Phase I — Lancer l'action."
    )
    assert not _blocks(found, Figure)
    assert "1 case cochée sur 12." in " ".join(p.text for p in _blocks(found, Paragraph))


def test_damaged_decisions_do_not_crash(empty):
    for key in ("resources", "phases", "settings"):
        empty.adopt_decision(workbook=WORKBOOK, key=key, content=["not", "a", "dict"])
    found = section_for(WORKBOOK, empty, Translator("en"))
    assert found.status == "not_started"
