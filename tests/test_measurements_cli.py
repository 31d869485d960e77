"""``cikit measurements import`` and ``cikit.import_measurements``: the per-line report first,
a write only when confirmed (in one transaction); ``cikit --version``; the pdf extra's message."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

import cikit
from cikit import open_workspace
from cikit.analysis.imports import ImportFileError
from cikit.cli import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, main

DATA = Path(__file__).parent / "data"
INDICATOR = "eqdem_vulnerable"  # a library indicator; the values are the sample's
POPULATION = ["--geo", "Quebec", "--filter", "Gender=Total - gender",
              "--filter", "Age group=0 to 4 years"]  # fmt: skip


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    from cikit.demo import write_demo

    path = tmp_path_factory.mktemp("demo") / "demo.cikit"
    write_demo(path).close()
    return path


@pytest.fixture
def ws_path(demo_file, tmp_path) -> str:
    copy = tmp_path / "demo.cikit"
    copy.write_bytes(demo_file.read_bytes())
    return str(copy)


@pytest.fixture
def cli(capsys, monkeypatch):
    def run(*args: str, lang: str = "en") -> tuple[int, str, str]:
        monkeypatch.setenv("CIKIT_LANG", lang)
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def imported(path: str) -> pd.DataFrame:
    with open_workspace(path) as ws:
        values = ws.measurements(history=True)
    return values[values["source"] == "import"]


def test_the_report_is_printed_and_nothing_written_without_yes(cli, ws_path):
    code, out, err = cli("measurements", "import", ws_path, DATA / "17100005-eng.zip",
                         "--indicator", INDICATOR, *POPULATION, lang="fr")  # fmt: skip
    assert code == EXIT_OK, err
    assert out.splitlines()[:6] == [
        "Tableau 17-10-0005-01 de Statistique Canada : « Population estimates on July 1, by age "
        "and gender » (en-têtes en anglais).",
        "Lieu : Quebec.",
        "Choix : Gender = Total - gender; Age group = 0 to 4 years.",
        "Unité : Persons.",
        "5 valeurs lues : 5 à importer, 0 ignorées, 0 rejetées.",
        "85 valeurs pour d'autres lieux ou catégories ont été laissées de côté.",
    ]
    assert "  Ligne 9, 2019, Quebec : 433\u00a0500 — retenue" in out
    assert "Ligne 81, 2023, Quebec : 452\u00a0574 — retenue, provisoire (p)" in out
    assert out.rstrip().endswith(
        "Rien n'a été écrit. Relancez avec --yes pour importer les 5 valeurs."
    )
    assert imported(ws_path).empty


def test_with_yes_the_kept_values_are_written_once(cli, ws_path):
    code, out, _ = cli("measurements", "import", ws_path, DATA / "17100005-eng.zip",
                       "--indicator", INDICATOR, *POPULATION, "--yes")  # fmt: skip
    assert code == EXIT_OK
    assert out.rstrip().endswith(f"5 values imported into {ws_path}.")
    rows = imported(ws_path)
    assert rows["period"].tolist() == ["2019", "2020", "2021", "2022", "2023"]
    assert rows["value"].tolist()[0] == 433500.0
    assert rows["entered_at"].nunique() == 1  # one transaction
    assert set(rows["indicator"]) == {INDICATOR} and set(rows["group"]) == {""}


def test_suppressed_values_are_reported_and_the_rest_written(cli, ws_path):
    code, out, _ = cli("measurements", "import", ws_path, DATA / "14100387-fra.zip",
                       "--indicator", INDICATOR, "--geo", "Montréal",
                       "--filter", "Caractéristiques de la population active=Emploi",
                       "--filter", "Sexe=Les deux sexes", "--yes", lang="fr")  # fmt: skip
    assert code == EXIT_OK
    assert "Valeurs multipliées par 1\u00a0000, comme l'indique le tableau" in out
    assert "Ligne 62, 2024-06, Montréal, Québec : ignorée, valeur non disponible (..)" in out
    assert imported(ws_path)["value"].tolist()[:2] == [1153400.0, 1156900.0]


@pytest.mark.parametrize(
    ("args", "lang", "message"),
    [
        (["--geo", "Laval"], "en",
         "cikit: No place of this file is named « Laval ». Its places: « Canada », « Quebec », "
         "« Ontario »."),
        ([], "fr",
         "cikit: Ce fichier contient plusieurs lieux (« Canada », « Quebec », « Ontario »). "
         "Choisissez-en un, ou plusieurs pour une ventilation par territoire. Relancez avec "
         "--geo NOM (répétez l'option pour plusieurs lieux)."),
        (["--geo", "Quebec"], "en",
         'cikit: This file mixes several series: « Gender » holds « Total - gender », « Men+ », '
         '« Women+ ». Choose one. Run again with --filter "Gender=VALUE".'),
    ],
)  # fmt: skip
def test_choices_missing_or_wrong_are_one_line_in_the_persons_language(
    cli, ws_path, args, lang, message
):
    code, out, err = cli("measurements", "import", ws_path, DATA / "17100005-eng.zip",
                         "--indicator", INDICATOR, *args, "--yes", lang=lang)  # fmt: skip
    assert code == EXIT_PROBLEM and out == ""
    assert err.strip().replace("\u00a0", " ") == message  # no-break spaces inside « »
    assert imported(ws_path).empty


def test_bad_files_and_arguments(cli, ws_path, tmp_path, capsys):
    code, _, err = cli("measurements", "import", ws_path, DATA / "statcan_two_tables.zip",
                       "--indicator", INDICATOR)  # fmt: skip
    assert code == EXIT_PROBLEM and "--member NAME" in err
    code, out, _ = cli("measurements", "import", ws_path, DATA / "statcan_two_tables.zip",
                       "--indicator", INDICATOR, "--member",
                       "1110013501_databaseLoadingData.csv")  # fmt: skip
    assert code == EXIT_OK and "11-10-0135-01" in out
    code, _, err = cli("measurements", "import", ws_path, DATA / "isq_population_regions.xlsx",
                       "--geo", "Laval")  # fmt: skip
    assert code == EXIT_PROBLEM and "--indicator ID" in err
    code, _, err = cli("measurements", "import", ws_path, tmp_path / "none.csv",
                       "--indicator", INDICATOR)  # fmt: skip
    assert code == EXIT_PROBLEM and "does not exist" in err
    with pytest.raises(SystemExit) as stop:
        cli("measurements", "import", ws_path, DATA / "17100005-eng.zip", "--filter", "Gender",
            lang="fr")  # fmt: skip
    assert stop.value.code == EXIT_USAGE
    assert "--filter : écrivez COLONNE=VALEUR, et non 'Gender'" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("indicateur;période;valeur\neqdem_vulnerable;2024;12,500\n", encoding="utf-8")
    code, out, err = cli("measurements", "import", ws_path, bad, lang="fr")
    assert code == EXIT_PROBLEM
    assert ("Ligne 2, valeur « 12,500 » : nombre ambigu : écrivez 12 500 ou 12,5, selon ce qui "
            "est voulu") in out  # fmt: skip
    assert "Aucune ligne valide à importer." in err


def test_the_python_api_returns_the_same_report_and_writes_only_when_confirmed(ws_path):
    report = cikit.import_measurements(
        ws_path, DATA / "isq_faible_revenu_mrc.csv", indicator=INDICATOR,
        geo=["Les Moulins", "Joliette"],
    )  # fmt: skip
    assert report.written is None and report.kept == 8 and report.skipped == 2
    assert imported(ws_path).empty
    with open_workspace(ws_path) as ws:
        report = cikit.import_measurements(
            ws, DATA / "isq_faible_revenu_mrc.csv", indicator=INDICATOR,
            geo=["Les Moulins", "Joliette"], confirm=True,
        )  # fmt: skip
        assert report.written == 8
    rows = imported(ws_path)
    assert set(rows["dimension"]) == {"territory"} and set(rows["group"]) == {"Les Moulins",
                                                                             "Joliette"}  # fmt: skip


def test_the_python_api_takes_a_frame_and_filters_as_a_mapping(ws_path):
    frame = pd.read_csv(DATA / "statcan_17100005_en.csv", dtype=str, keep_default_na=False)
    report = cikit.import_measurements(
        ws_path, frame, indicator=INDICATOR, geo="Ontario",
        filters={"Gender": "Women+", "Age group": "All ages"}, confirm=True,
    )  # fmt: skip
    assert report.written == 5 and report.places == ["Ontario"]
    with pytest.raises(ImportFileError) as err:
        cikit.import_measurements(ws_path, frame, indicator=INDICATOR, geo="Ontario",
                                  filters=[("Gender", "Nobody")])  # fmt: skip
    assert (err.value.reason, err.value.column) == ("filter_value_unknown", "Gender")
    assert err.value.values == ["Total - gender", "Men+", "Women+"]


def test_a_filter_written_wrong_in_python_is_explained(ws_path):
    with pytest.raises(cikit.CikitError, match="COLUMN=VALUE"):
        cikit.import_measurements(ws_path, DATA / "17100005-eng.zip", indicator=INDICATOR,
                                  geo="Quebec", filters=["Gender"])  # fmt: skip


def test_version_is_printed(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"cikit {cikit.__version__}"


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", 'cikit: Printing a PDF needs Playwright, which cikit\'s "pdf" extra installs: pip '
            'install "cikit[pdf]". The HTML report needs nothing more.'),
     ("fr", "cikit: Imprimer un PDF demande Playwright, qu'installe l'extra « pdf » de cikit : "
            'pip install "cikit[pdf]". Le rapport HTML n\'a besoin de rien de plus.')],
)  # fmt: skip
def test_pdf_without_playwright_names_the_extra(cli, ws_path, tmp_path, monkeypatch, lang, message):
    for name in [m for m in sys.modules if m == "playwright" or m.startswith("playwright.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "playwright", None)  # import playwright fails
    output = tmp_path / "r.pdf"
    code, out, err = cli("export", ws_path, "--to", "pdf", "--output", output, lang=lang)
    assert code == EXIT_PROBLEM and out == ""
    assert err.strip() == message
    assert not output.exists()
