"""The Shared measurement import panel with public statistics: the layout recognised on its own,
a menu for each choice the table needs, the per-line report, a write only on confirmation."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import ipywidgets as ipw
import pytest

from cikit import open_workspace
from cikit.apps import MeasurementApp, Role

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    from cikit.demo import write_demo

    path = tmp_path_factory.mktemp("demo") / "demo.cikit"
    write_demo(path).close()
    return path


@pytest.fixture
def ws(demo_file, tmp_path):
    copy = tmp_path / "demo.cikit"
    copy.write_bytes(demo_file.read_bytes())  # one demo written per module, a copy per test
    workspace = open_workspace(copy)
    yield workspace
    workspace.close()


def _facilitator(ws, lang="fr"):
    app = MeasurementApp(ws, lang=lang, role=Role.FACILITATOR, facilitator_key="k")
    app.stage_picker.value = "data"
    return app


def _upload(app, name: str) -> None:
    data = (DATA / name).read_bytes()
    app.step.upload.value = ({"name": name, "type": "application/octet-stream", "size": len(data),
                         "content": memoryview(data),
                         "last_modified": dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)},)  # fmt: skip


def _menus(app) -> list[ipw.Dropdown]:
    return [w for w in app.step.import_panel.questions.children if isinstance(w, ipw.Dropdown)]


def _imported(ws):
    values = ws.measurements(history=True)
    return values[values["source"] == "import"]


def test_a_statcan_table_asks_for_the_place_then_each_series_then_imports(ws):
    fac = _facilitator(ws)
    indicator = fac.shown_indicator
    _upload(fac, "17100005-eng.zip")
    assert fac.step.confirm_import.disabled
    assert "Ce fichier contient plusieurs lieux" in fac.step.import_status.text
    (place,) = _menus(fac)
    assert [v for _, v in place.options] == ["", "Canada", "Quebec", "Ontario"]
    place.value = "Quebec"
    gender = _menus(fac)[-1]
    assert "« Gender »" in html.unescape(fac.step.import_panel.questions.children[-2].value)
    gender.value = "Total - gender"
    _menus(fac)[-1].value = "0 to 4 years"
    report = html.unescape(fac.step.import_report.value)
    assert "5 valeurs lues : 5 à importer, 0 ignorées, 0 rejetées." in report
    assert "Tableau 17-10-0005-01 de Statistique Canada" in report
    assert "Ligne 81, 2023, Quebec : 452\u00a0574 — retenue, provisoire (p)" in report
    assert fac.step.confirm_import.description == "Importer les 5 lignes valides"
    assert _imported(ws).empty, "nothing written before confirming"
    fac.step.confirm_import.click()
    assert fac.step.status.text == "5 valeurs importées."
    rows = _imported(ws)
    assert set(rows["indicator"]) == {indicator}
    assert rows["value"].tolist()[0] == 433500.0


def test_a_zip_of_several_tables_asks_which(ws):
    fac = _facilitator(ws, lang="en")
    _upload(fac, "statcan_two_tables.zip")
    (table,) = _menus(fac)
    assert "Which table of the zip?" in fac.step.import_panel.questions.children[0].value
    table.value = "1110013501_databaseLoadingData.csv"
    report = html.unescape(fac.step.import_report.value)
    assert "6 values read: 5 to import, 1 skipped, 0 rejected." in report
    assert "Line 7, 2022, Québec, Quebec: skipped, value not available (..)" in report
    assert not fac.step.confirm_import.disabled


def test_an_isq_table_with_merged_headers_is_refused_with_its_reason(ws):
    fac = _facilitator(ws)
    _upload(fac, "isq_population_sexe_merged_header.xlsx")
    assert fac.step.import_status.text.startswith(
        "L'en-tête de ce tableau a des cellules fusionnées sur plusieurs colonnes"
    )
    assert fac.step.confirm_import.disabled and not _menus(fac)


def test_an_isq_table_lists_its_notes_and_cancel_forgets_everything(ws):
    fac = _facilitator(ws)
    _upload(fac, "isq_faible_revenu_mrc.csv")
    _menus(fac)[0].value = "Joliette"
    report = html.unescape(fac.step.import_report.value)
    assert "Ligne 8, 2019, Joliette : ignorée, valeur non disponible (..)" in report
    assert "Notes sous le tableau" in report and "Compilation : Institut" in report
    fac.step.cancel_import.click()
    assert fac.step.import_report.value == "" and not _menus(fac)
    assert fac.step.import_status.text == "Importation annulée : rien n'a été écrit."
    assert _imported(ws).empty


def test_a_crafted_choice_from_the_browser_is_ignored(ws):
    fac = _facilitator(ws)
    _upload(fac, "17100005-eng.zip")
    (place,) = _menus(fac)
    with pytest.raises(Exception):  # noqa: B017 - the Dropdown refuses what it does not offer
        place.value = "<script>Québec</script>"
    assert fac.step.confirm_import.disabled and fac.step._pending_import is None


def test_an_ambiguous_value_typed_in_the_table_is_refused_with_both_readings(ws):
    fac = _facilitator(ws)
    before = len(ws.measurements(history=True))
    table = fac.step.values_table
    table.new_fields["period"].value = "2030"
    table.new_fields["value"].value = "12,500"
    table.add_button.click()
    assert table.status.text == (
        "Valeur « 12,500 » : nombre ambigu : écrivez 12 500 ou 12,5, selon ce qui est voulu"
    )
    assert len(ws.measurements(history=True)) == before
