"""Excel export: what people typed is text, never a formula (CSV/formula injection)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from cikit import create_workspace
from cikit.export_xlsx import xlsx_bytes
from cikit.i18n import Translator

TYPED = ["=1+1", "+SUM(A1)", "-2+3", "@x", '=HYPERLINK("http://evil.example","x")']
RAW = ["\t=1", "\r=2"]  # kept as typed in an answer (names are trimmed)


@pytest.fixture
def book(tmp_path):
    ws = create_workspace(tmp_path / "w.cikit", name="Formules")
    for name in TYPED:
        ws.add_partner(name, "community", contact=name)
    person = ws.add_participant("Ana", None, "partner")
    round_id = ws.open_round(workbook="01_preconditions", key="readiness")
    for number, value in enumerate(RAW):
        ws.answer(round_id, respondent=f"p:{person}", item=f"q{number}", value=value)
    ws.answer(round_id, respondent=f"p:{person}", item="n", value=-7)
    data = xlsx_bytes(ws, Translator("fr"))
    ws.close()
    return openpyxl.load_workbook(io.BytesIO(data))


def _cells(book):
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("typed", TYPED)
def test_typed_formulas_are_written_as_text(book, typed):
    found = [c for c in _cells(book) if c.value == typed]
    assert len(found) == 2, "the partner's name and contact"
    assert all(c.data_type == "s" and c.quotePrefix for c in found)


@pytest.mark.parametrize("typed", RAW)
def test_tab_and_carriage_return_starts_are_text_too(book, typed):
    # XML reads a lone carriage return back as a line feed: the cell is still that text.
    read_back = typed.replace("\r", "\n")
    found = [c for c in _cells(book) if c.value == read_back]
    assert found and all(c.data_type == "s" and c.quotePrefix for c in found)


def test_no_cell_is_a_formula_and_numbers_stay_numbers(book):
    assert not [c for c in _cells(book) if c.data_type == "f"]
    ids = [c for c in book["Partenaires"]["A"][1:]]
    assert ids and all(c.data_type == "n" for c in ids)
    assert any(c.value == "-7" or c.value == -7 for c in _cells(book))
