"""Reports: HTML and PDF of the demo in both languages, offline; Excel; empty and hostile workspaces.

Each report is a notebook executed by nbconvert in a fresh kernel (seconds), so
the HTML of each case is built once per module and checked several ways.
"""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from servers import CHROMIUM, CHROMIUM_ARGS

from cikit import create_workspace, open_workspace
from cikit.cli import EXIT_OK, main
from cikit.export_xlsx import COLUMN_LABELS, xlsx_bytes
from cikit.i18n import Translator
from cikit.report.build import build_html
from cikit.report.pdf import html_to_pdf
from cikit.store import schema as s

HOSTILE = "<b>gras</b> <script>alert(1)</script> $x^2$ \\section{titre} & 100 % {{ jinja }} #titre"

TITLES = {
    "fr": ["Accueil", "Conditions préalables", "Plan d'action commun", "Mesure commune",
           "Structure de soutien"],
    "en": ["Start", "Preconditions", "Common agenda", "Shared measurement", "Backbone support"],
}  # fmt: skip
INDICATOR = {
    "fr": "Enfants vulnérables à la maternelle",
    "en": "Vulnerable children in kindergarten",
}


@pytest.fixture(scope="module")
def demo(demo_copy) -> str:
    return demo_copy


@pytest.fixture(scope="module")
def reports(demo) -> dict[str, str]:
    return {lang: build_html(demo, lang) for lang in ("fr", "en")}


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    """PDF text with line breaks, hyphen-free wraps and ligatures evened out."""
    text = text.replace("\ufb01", "fi").replace("\ufb02", "fl").replace("\ufb03", "ffi")
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_html_report_has_cover_contents_and_one_section_per_workbook(reports, lang):
    page = reports[lang]
    assert f'<html lang="{lang}">' in page
    assert "Grandir ensemble à Rivière-aux-Saules" in page
    for title in TITLES[lang]:
        assert title in page or title.replace("'", "&#x27;") in page
    assert INDICATOR[lang] in page
    assert page.count('class="cikit-report-section"') == 7
    assert page.count("<svg") >= 5 and page.count('role="img"') == page.count("aria-label=") - 1
    assert "<code" not in page and "show_section(" not in page  # no code shown


@pytest.mark.browser  # loads the page in Chromium
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_html_report_needs_nothing_from_the_network(reports, lang):
    page = reports[lang]
    urls = re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]+)""", page)
    assert [u for u in urls if not u.startswith("#")] == []
    assert "<script" not in page and "@import" not in page
    assert not re.search(r"url\((?!#)", page)  # only in-page references (SVG clip paths)
    from playwright.sync_api import sync_playwright

    asked = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page()
        tab.on("request", lambda request: asked.append(request.url))
        tab.set_content(page, wait_until="load")
        browser.close()
    assert [u for u in asked if not u.startswith(("data:", "about:"))] == []


@pytest.mark.browser  # prints with Chromium
@pytest.mark.parametrize("lang, paper", [("fr", "a4"), ("en", "letter")])
def test_pdf_report_text_holds_the_sections_and_an_indicator(reports, lang, paper):
    data = html_to_pdf(reports[lang], paper=paper)
    assert data.startswith(b"%PDF")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    width, height = (float(x) for x in reader.pages[0].mediabox.upper_right)
    expected = (595.3, 841.9) if paper == "a4" else (612, 792)
    assert abs(width - expected[0]) < 2 and abs(height - expected[1]) < 2
    assert len(reader.pages) >= 8  # cover, then each section on its own page
    text = _flat(_pdf_text(data))
    for title in TITLES[lang]:
        assert title in text, title
    assert INDICATOR[lang] in text


@pytest.mark.browser  # prints with Chromium
def test_cli_exports_html_and_pdf_with_progress(demo, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CIKIT_LANG", "en")
    out = tmp_path / "r.pdf"
    assert main(["export", demo, "--to", "pdf", "--lang", "en", "--output", str(out)]) == EXIT_OK
    captured = capsys.readouterr()
    assert "Building the report… 8/8" in captured.err and str(out) in captured.out
    assert "Shared measurement" in _flat(_pdf_text(out.read_bytes()))


def test_empty_workspace_gives_a_clear_report(tmp_path):
    path = tmp_path / "empty.cikit"
    create_workspace(path, name="Nouvelle concertation").close()
    page = build_html(str(path), "fr")
    assert "Nouvelle concertation" in page
    assert page.count("Pas commencé") >= 6
    assert "La période de réponse sur la préparation n'a pas encore eu lieu." in page.replace(
        "&#x27;", "'"
    )
    text = _flat(_pdf_text(html_to_pdf(page)))
    assert "Pas commencé" in text and "Mesure commune" in text


def test_typed_html_and_latex_are_shown_literally(tmp_path):
    path = tmp_path / "hostile.cikit"
    with create_workspace(path, name=HOSTILE) as ws:
        ws.update_profile(issue=HOSTILE, population=HOSTILE, territory=HOSTILE)
        ws.add_partner(HOSTILE, "community", HOSTILE)
        ws.add_partner("Autre " + HOSTILE, "health")
        ws.adopt_decision(workbook="01_preconditions", key="conclusion", content={"text": HOSTILE})
        ws.adopt_decision(
            workbook="02_plan_commun", key="agenda",
            content={"problem": HOSTILE, "vision": HOSTILE, "goal": HOSTILE, "horizon": "2030",
                     "strategies": [HOSTILE], "principles": [HOSTILE]},
        )  # fmt: skip
        ws.adopt_decision(
            workbook="02_plan_commun", key="disagreement.1",
            content={"what": HOSTILE, "who": HOSTILE, "handling": HOSTILE, "status": "open"},
        )  # fmt: skip
        own = "own_hostile"
        ws.adopt_decision(workbook="03_mesure_commune", key=f"candidate.{own}",
                          content={"name": HOSTILE, "unit": "$", "direction": "up"})  # fmt: skip
        ws.adopt_decision(workbook="03_mesure_commune", key="lists",
                          content={"headline": [own], "secondary": [], "development": []})  # fmt: skip
        ws.adopt_decision(
            workbook="03_mesure_commune", key=f"definition.{own}",
            content={"baseline_value": 1.0, "baseline_period": "2020", "target_value": 5.0,
                     "target_period": "2030"},
        )  # fmt: skip
        ws.add_measurements([
            {"indicator": own, "period": str(year), "x": float(year), "value": float(year - 2019)}
            for year in (2020, 2021, 2022)
        ])  # fmt: skip
    page = build_html(str(path), "en")
    assert page.count("<svg") >= 2  # the partners' chart and the hostile indicator's curve
    assert "<script>alert" not in page and "<b>gras</b>" not in page
    assert (
        "&lt;b&gt;gras&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt; $x^2$ \\section{titre}"
        in page
    )
    text = _flat(_pdf_text(html_to_pdf(page)))
    assert (
        "<b>gras</b> <script>alert(1)</script> $x^2$ \\section{titre} & 100 % {{ jinja }}" in text
    )


def test_xlsx_has_one_sheet_per_table_with_human_headers(demo):
    with open_workspace(demo) as ws:
        frames = ws.frames()
        for lang, partner_header in (("fr", "Nom"), ("en", "Name")):
            tr = Translator(lang)
            book = pd.read_excel(io.BytesIO(xlsx_bytes(ws, tr)), sheet_name=None)
            assert len(book) == len(s.TABLES)
            partners = book["Partenaires" if lang == "fr" else "Partners"]
            assert partner_header in partners.columns and len(partners) == len(frames["partners"])
            for frame in book.values():
                assert not any(
                    c in COLUMN_LABELS and c != tr(COLUMN_LABELS[c]) for c in frame.columns
                )
    answers = book["Answers"]
    assert {"Question", "Value", "Respondent", "Created (UTC)"} <= set(answers.columns)


@pytest.mark.browser  # prints with Chromium
def test_pdf_prints_from_inside_a_running_event_loop():
    """A widget callback runs in the kernel's asyncio loop, where Playwright's sync API refuses."""
    import asyncio

    async def inside() -> bytes:
        return html_to_pdf("<html><body><p>Rapport $x$</p></body></html>", paper="letter")

    data = asyncio.run(inside())
    assert "Rapport $x$" in _pdf_text(data)
