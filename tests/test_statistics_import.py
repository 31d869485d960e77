"""Public statistics as they come: Statistics Canada and ISQ tables, read from real-shaped
samples (tests/data, written from the published layouts by make_samples.py)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from cikit.analysis.imports import Choice, ImportFileError, check_file, check_frame
from cikit.analysis.imports import describe as words
from cikit.analysis.imports.statcan import language, metadata_labels, product_id
from cikit.i18n import Translator

DATA = Path(__file__).parent / "data"
KNOWN = {"indicators": ["population", "employment", "unemployment", "low_income"],
         "partners": {}, "dimensions": ["territory"]}  # fmt: skip
FR, EN = Translator("fr"), Translator("en")


def check(name: str, **choice) -> object:
    return check_file((DATA / name).read_bytes(), name, choice=Choice(**choice), **KNOWN)


def plain(text: str) -> str:
    """The text with its no-break spaces (inside « », between thousands) as spaces."""
    return text.replace("\u00a0", " ")


def refused(name: str, **choice) -> ImportFileError:
    with pytest.raises(ImportFileError) as err:
        check(name, **choice)
    return err.value


POPULATION = {"indicator": "population", "geo": ("Quebec",),
              "filters": (("Gender", "Total - gender"), ("Age group", "All ages"))}  # fmt: skip


# -- Statistics Canada ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["17100005-eng.zip", "statcan_17100005_en.csv"])
def test_a_full_table_in_english_zipped_or_not(name):
    report = check(name, **POPULATION)
    assert (report.format, report.language, report.table_id) == ("statcan", "en", "17-10-0005-01")
    assert report.valid[["period", "value", "dimension", "group"]].values.tolist() == [
        ["2019", 8500000.0, "", ""], ["2020", 8593500.0, "", ""], ["2021", 8687000.0, "", ""],
        ["2022", 8780500.0, "", ""], ["2023", 8874000.0, "", ""],
    ]  # fmt: skip
    assert report.valid["indicator"].unique().tolist() == ["population"]
    assert report.valid["line"].tolist() == [8, 26, 44, 62, 80]
    assert report.unit == "Persons" and report.places == ["Quebec"] and report.left_aside == 85
    # The 2023 estimate is preliminary (SYMBOL p): kept, with its note.
    assert report.lines["note"].tolist() == ["", "", "", "", "p"]
    if name.endswith(".zip"):  # the metadata file names the table
        assert report.title == "Population estimates on July 1, by age and gender"


def test_choices_ignore_case_and_accents_and_keep_the_files_spelling():
    report = check("17100005-eng.zip", indicator="POPULATION", geo=("québec",),
                   filters=(("GENDER", "total - gender"), ("age group", "ALL AGES")))  # fmt: skip
    assert report.filters == [("Gender", "Total - gender"), ("Age group", "All ages")]
    assert report.kept == 5 and report.valid["indicator"].iloc[0] == "population"


def test_several_places_make_a_breakdown_by_territory():
    report = check("17100005-eng.zip", **{**POPULATION, "geo": ("Ontario", "Quebec")})
    assert report.places == ["Quebec", "Ontario"]  # the file's order
    first = report.valid.iloc[:2]
    assert first[["dimension", "group", "value"]].values.tolist() == [
        ["territory", "Quebec", 8500000.0], ["territory", "Ontario", 14600000.0]]  # fmt: skip


def test_a_place_is_found_up_to_its_comma():
    report = check("14100387-fra.zip", indicator="employment", geo=("montreal",),
                   filters=(("Caractéristiques de la population active", "Emploi"),
                            ("Sexe", "Les deux sexes")))  # fmt: skip
    assert report.places == ["Montréal, Québec"]


def test_a_french_full_table_applies_the_scalar_factor_and_skips_suppressed_values():
    report = check("14100387-fra.zip", indicator="employment", geo=("Montréal, Québec",),
                   filters=(("Caractéristiques de la population active", "Emploi"),
                            ("sexe", "les deux sexes")))  # fmt: skip
    assert (report.language, report.table_id, report.unit, report.scale) == (
        "fr",
        "14-10-0387-01",
        "Personnes",
        3,
    )
    assert report.title.startswith("Caractéristiques de la population active selon la région")
    # 1153.4 thousands of people
    assert report.valid["value"].tolist() == [1153400.0, 1156900.0, 1160300.0, 1163800.0,
                                              1167200.0]  # fmt: skip
    skipped = report.lines[report.lines["outcome"] == "skipped"]
    assert skipped[["line", "reason", "cell", "period"]].values.tolist() == [
        [62, "suppressed", "..", "2024-06"]
    ]
    assert report.skipped == 1 and report.rejected == 0


@pytest.mark.parametrize(
    ("sex", "symbol", "line"),
    [("Femmes+", "x", 59)],
)
def test_confidential_values_are_skipped_with_their_symbol(sex, symbol, line):
    report = check("14100387-fra.zip", indicator="employment", geo=("Lanaudière",),
                   filters=(("Caractéristiques de la population active", "Emploi"),
                            ("Sexe", sex)))  # fmt: skip
    skipped = report.lines[report.lines["outcome"] == "skipped"]
    assert skipped[["line", "cell"]].values.tolist() == [[line, symbol]]
    assert report.kept == 5


def test_too_unreliable_values_are_skipped_and_caution_is_noted():
    report = check("14100387-fra.zip", indicator="unemployment", geo=("Laval",),
                   filters=(("Caractéristiques de la population active", "Taux de chômage"),
                            ("Sexe", "Femmes+")))  # fmt: skip
    assert report.lines.loc[report.lines["outcome"] == "skipped", "cell"].tolist() == ["F"]
    report = check("14100387-fra.zip", indicator="unemployment", geo=("Lanaudière",),
                   filters=(("Caractéristiques de la population active", "Taux de chômage"),
                            ("Sexe", "Femmes+")))  # fmt: skip
    assert set(report.lines["note"]) == {"E"}
    assert words.per_line(FR, report)[0] == (
        "Ligne 13, 2024-01, Lanaudière, Québec : 7,1 — retenue, à utiliser avec prudence (E)"
    )


def test_a_custom_download_for_database_loading():
    report = check("statcan_1110013501_databaseLoadingData.csv", indicator="low_income")
    assert (report.table_id, report.places, report.unit) == ("11-10-0135-01", ["Québec, Quebec"],
                                                             "Percent")  # fmt: skip
    assert report.valid["value"].tolist() == [9.8, 9.1, 8.6, 5.9, 6.4]
    assert report.lines.loc[report.lines["period"] == "2021", "note"].tolist() == ["E"]
    assert report.lines.loc[report.lines["period"] == "2022", "reason"].tolist() == ["suppressed"]


def test_a_zip_of_several_tables_asks_which_and_reads_the_one_named():
    err = refused("statcan_two_tables.zip", indicator="low_income")
    assert err.reason == "several_tables"
    assert err.values == ["17100005.csv", "1110013501_databaseLoadingData.csv"]
    assert plain(words.file_error(EN, err, command_line=True)) == (
        "This zip holds several tables (« 17100005.csv », « 1110013501_databaseLoadingData.csv »)"
        ": choose one. Run again with --member NAME."
    )
    report = check("statcan_two_tables.zip", indicator="low_income",
                   member="1110013501_databaseLoadingData.csv")  # fmt: skip
    # The metadata of the other table is not taken for this one's.
    assert report.table_id == "11-10-0135-01" and report.title == ""
    assert refused("statcan_two_tables.zip", indicator="low_income", member="x.csv").reason == (
        "not_in_zip"
    )


def test_a_geo_that_matches_nothing_names_the_places_of_the_file():
    err = refused("17100005-eng.zip", **{**POPULATION, "geo": ("Laval",)})
    assert (err.reason, err.asked, err.values) == ("geo_not_found", "Laval",
                                                   ["Canada", "Quebec", "Ontario"])  # fmt: skip
    assert plain(words.file_error(FR, err)) == (
        "Aucun lieu de ce fichier ne s'appelle « Laval ». Ses lieux : « Canada », « Quebec », "
        "« Ontario »."
    )


def test_without_a_place_the_places_are_listed():
    err = refused("17100005-eng.zip", indicator="population")
    assert (err.reason, err.column, err.values) == ("several_geos", "GEO",
                                                    ["Canada", "Quebec", "Ontario"])  # fmt: skip
    assert "--geo NAME" in words.file_error(EN, err, command_line=True)
    assert "--geo" not in words.file_error(EN, err)  # the app asks with a menu


def test_two_indicators_mixed_in_one_file_are_refused_with_the_column_to_choose():
    err = refused("14100387-fra.zip", indicator="unemployment", geo=("Montréal",))
    assert err.reason == "mixed_series"
    assert (err.column, err.values) == ("Caractéristiques de la population active",
                                        ["Emploi", "Taux de chômage"])  # fmt: skip
    assert plain(words.file_error(FR, err, command_line=True)) == (
        "Ce fichier mélange plusieurs séries : « Caractéristiques de la population active » "
        "contient « Emploi », « Taux de chômage ». Choisissez-en une. Relancez avec --filter "
        '"Caractéristiques de la population active=VALEUR".'
    )
    # Choosing the characteristic leaves the sex to choose, then it imports.
    err = refused("14100387-fra.zip", indicator="unemployment", geo=("Montréal",),
                  filters=(("Caractéristiques de la population active", "Taux de chômage"),))  # fmt: skip
    assert (err.column, err.values) == ("Sexe", ["Les deux sexes", "Femmes+"])


@pytest.mark.parametrize(
    ("filters", "reason", "column"),
    [((("Sexx", "Femmes+"),), "filter_column_unknown", "Sexx"),
     ((("Sexe", "Hommes+"),), "filter_value_unknown", "Sexe")],
)  # fmt: skip
def test_a_filter_that_the_file_cannot_meet_is_explained(filters, reason, column):
    err = refused("14100387-fra.zip", indicator="employment", geo=("Laval",), filters=filters)
    assert (err.reason, err.column) == (reason, column)
    assert err.values  # the columns, or the values the column holds
    assert words.file_error(EN, err).startswith(("This file has no column", "Column « Sexe »"))


def test_a_statistical_table_needs_a_known_indicator():
    assert refused("17100005-eng.zip", geo=("Quebec",)).reason == "indicator_needed"
    err = refused("17100005-eng.zip", indicator="nope", geo=("Quebec",))
    assert (err.reason, err.asked) == ("unknown_indicator", "nope")


def test_a_french_statcan_csv_separated_by_semicolons_uses_decimal_commas():
    text = ('"PÉRIODE DE RÉFÉRENCE";"GÉO";"UNITÉ DE MESURE";"FACTEUR SCALAIRE";"VALEUR";'
            '"STATUT"\n"2021";"Québec";"Taux";"unités";"12,500";""\n'
            '"2022";"Québec";"Taux";"unités";"8,4";"E"\n')  # fmt: skip
    report = check_file(text.encode("cp1252"), "x.csv", choice=Choice(indicator="low_income"),
                        **KNOWN)  # fmt: skip
    assert report.language == "fr" and report.valid["value"].tolist() == [12.5, 8.4]


def test_a_statcan_table_saved_from_excel_is_read_too(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["REF_DATE", "GEO", "UOM", "SCALAR_FACTOR", "SCALAR_ID", "VALUE", "STATUS"])
    book.active.append(["2020", "Québec", "Number", "thousands", 3, 1.234, ""])
    book.active.append(["2021", "Québec", "Number", "thousands", 3, 1.5, ""])
    buffer = io.BytesIO()
    book.save(buffer)
    report = check_file(buffer.getvalue(), "table.xlsx", choice=Choice(indicator="population"),
                        **KNOWN)  # fmt: skip
    assert report.valid["value"].tolist() == [1234.0, 1500.0]


def test_listed_values_never_break_from_their_quotes():
    assert words.listing(EN, ["a b", "c"], limit=1) == "«\u00a0a b\u00a0» and 1 more"


def test_header_language_and_table_numbers():
    assert language(["PÉRIODE DE RÉFÉRENCE", "GÉO", "VALEUR"]) == "fr"
    assert language(["REF_DATE", "GEO", "VALUE"]) == "en"
    assert language(["indicator", "period", "value"]) is None
    assert product_id("1410038701-fra.zip") == "14-10-0387-01" and product_id("x.csv") == ""
    with zipfile.ZipFile(DATA / "14100387-fra.zip") as archive:
        title, number = metadata_labels(archive.read("14100387_MetaData.csv"))
    assert number == "14-10-0387-01" and title.endswith("données non désaisonnalisées")
    assert metadata_labels(b"\x00\x01") == ("", "")


def test_a_big_full_table_keeps_only_the_rows_chosen(monkeypatch):
    from cikit.analysis.imports import statcan

    monkeypatch.setattr(statcan, "CHUNK", 7)  # many chunks through a small file
    report = check("17100005-eng.zip", **POPULATION)
    assert report.kept == 5 and report.left_aside == 85


def test_too_many_rows_chosen_names_the_missing_choice(monkeypatch):
    from cikit.analysis.imports import statcan

    monkeypatch.setattr(statcan, "MAX_ROWS", 10)
    assert refused("17100005-eng.zip", indicator="population").reason == "several_geos"
    assert refused("17100005-eng.zip", indicator="population", geo=("Quebec",)).reason == (
        "mixed_series"
    )


# -- ISQ-style tables ------------------------------------------------------------------------------


def test_an_isq_workbook_with_title_rows_notes_and_symbols():
    report = check("isq_population_regions.xlsx", indicator="population",
                   geo=("Nord-du-Québec",))  # fmt: skip
    assert report.format == "isq"
    assert report.title == "Population des régions administratives, 1er juillet 2019 à 2023"
    assert report.valid[["period", "value"]].values.tolist() == [
        ["2021", 46736.0], ["2022", 47104.0], ["2023", 47472.0]]  # fmt: skip
    lines = report.lines[["line", "outcome", "cell", "period", "note"]].values.tolist()
    assert lines[:2] == [[11, "skipped", "..", "2019", ""], [11, "skipped", "x", "2020", ""]]
    assert lines[-1] == [11, "kept", "47472", "2023p", "p"]  # provisional, said so
    assert (report.kept, report.skipped, report.rejected) == (3, 2, 0)  # values, not lines
    assert len(report.notes) == 4 and report.notes[-1].startswith("Source : Statistique Canada")
    assert words.per_line(FR, report)[:2] == [
        "Ligne 11, 2019, Nord-du-Québec : ignorée, valeur non disponible (..)",
        "Ligne 11, 2020, Nord-du-Québec : ignorée, valeur confidentielle (x)",
    ]


def test_an_isq_workbook_needs_a_place_and_takes_several_as_a_breakdown():
    err = refused("isq_population_regions.xlsx", indicator="population")
    assert err.reason == "several_geos" and err.column == "Région administrative"
    assert err.values[-1] == "Ensemble du Québec"
    report = check("isq_population_regions.xlsx", indicator="population",
                   geo=("Laval", "Lanaudière"))  # fmt: skip
    assert report.kept == 10 and set(report.valid["group"]) == {"Laval", "Lanaudière"}


def test_an_isq_csv_with_french_decimals_marks_and_symbols():
    report = check("isq_faible_revenu_mrc.csv", indicator="low_income", geo=("Les Moulins",))
    assert report.valid["value"].tolist() == [6.2, 5.9, 5.4, 3.8]
    assert report.lines["note"].tolist() == ["", "", "*", "*", ""]
    assert report.lines["cell"].tolist()[-1] == "x"
    text = words.per_line(EN, report)
    assert text[2] == "Line 7, 2019, Les Moulins: 5.4 — kept, imprecise, use with caution (*)"
    assert text[4] == "Line 7, 2021, Les Moulins: skipped, value confidential (x)"


def test_an_isq_table_with_merged_header_cells_is_refused_clearly():
    err = refused("isq_population_sexe_merged_header.xlsx", indicator="population",
                  geo=("Laval",))  # fmt: skip
    assert (err.reason, err.values) == ("merged_header", ["Hommes", "Femmes"])
    assert plain(words.file_error(FR, err)).startswith(
        "L'en-tête de ce tableau a des cellules fusionnées sur plusieurs colonnes, ou une "
        "deuxième ligne d'en-têtes (« Hommes », « Femmes »)"
    )


def test_a_second_header_row_of_sub_columns_is_refused():
    text = "Tableau 2;;;;\n;;;;\nRégion;2021;;2022;\n;n;%;n;%\nLaval;10;2,5;11;2,7\n"
    err = refused_text(text)
    assert err.reason == "merged_header" and err.values == ["n", "%", "n", "%"]


def refused_text(text: str) -> ImportFileError:
    with pytest.raises(ImportFileError) as err:
        check_file(text.encode(), "t.csv", choice=Choice(indicator="population"), **KNOWN)
    return err.value


def test_a_long_table_with_a_year_column_and_an_ambiguous_value():
    text = ("Naissances selon la région, 2019-2021\n\nAnnée;Région;Nombre\n2019;Laval;4 512\n"
            "2020;Laval;4,380\n2021;Laval;4 401\n\nSource : ISQ.\n")  # fmt: skip
    report = check_file(text.encode(), "t.csv", choice=Choice(indicator="population"), **KNOWN)
    assert report.valid["value"].tolist() == [4512.0, 4401.0]
    rejected = report.lines[report.lines["outcome"] == "rejected"]
    assert rejected[["line", "reason", "cell"]].values.tolist() == [[5, "ambiguous_number",
                                                                     "4,380"]]  # fmt: skip
    assert words.per_line(FR, report)[1] == (
        "Ligne 5, valeur « 4,380 » : nombre ambigu : écrivez 4 380 ou 4,38, selon ce qui est voulu"
    )


def test_a_long_table_with_several_columns_of_values_is_refused_naming_them():
    text = "Année;Région;Naissances;Décès\n2020;Laval;4 380;3 100\n2021;Laval;4 401;3 050\n"
    err = refused_text(text)
    assert (err.reason, err.values) == ("several_value_columns", ["Naissances", "Décès"])
    assert plain(words.file_error(EN, err)).startswith(
        "This table has several columns of values (« Naissances », « Décès »)"
    )
    one = "Année;Région;Naissances\n2020;Laval;4 380\n2021;Laval;x\n"
    report = check_file(one.encode(), "t.csv", choice=Choice(indicator="population"), **KNOWN)
    assert report.valid["value"].tolist() == [4380.0] and report.skipped == 1


def test_school_years_count_as_their_first_year():
    text = "Taux de diplomation\n\nMRC;2019-2020;2020-2021\nJoliette;81,2;82,0\n"
    report = check_file(text.encode(), "t.csv", choice=Choice(indicator="population"), **KNOWN)
    assert report.valid["period"].tolist() == ["2019", "2020"]
    assert words.per_line(EN, report)[0].endswith("kept, 2019-2020 counted as its first year")


@pytest.mark.parametrize(
    ("text", "reason"),
    [("Just a title\nand a sentence\n", "not_recognised"),
     ("indicateur;période\nx;2020\n", "missing_columns"),
     ("valeur;autre\n1;2\n", "missing_columns")],
)  # fmt: skip
def test_files_in_no_known_layout(text, reason):
    assert refused_text(text).reason == reason


# -- the template through the same door -------------------------------------------------------------


def test_the_template_keeps_its_behaviour_and_can_be_limited_to_one_indicator():
    text = "indicator;period;value\npopulation;2021;12 500\nlow_income;2021;3,5\nx;2021;1\n"
    report = check_file(text.encode(), "t.csv", **KNOWN)
    assert (report.format, report.kept, report.rejected) == ("template", 2, 1)
    assert words.counts(FR, report) == "3 lignes lues : 2 valides, 1 rejetées."
    only = check_file(text.encode(), "t.csv", choice=Choice(indicator="population"), **KNOWN)
    assert only.valid["indicator"].tolist() == ["population"]
    assert only.lines[["line", "outcome", "reason"]].values.tolist() == [
        [2, "kept", ""],
        [3, "skipped", "other_indicator"],
        [4, "rejected", "unknown_indicator"],
    ]
    with pytest.raises(ImportFileError, match="choices_not_applicable"):
        check_file(text.encode(), "t.csv", choice=Choice(geo=("Laval",)), **KNOWN)


def test_a_frame_an_analyst_holds_is_checked_the_same_way():
    frame = pd.DataFrame({"REF_DATE": ["2020", "2021"], "GEO": ["Quebec", "Quebec"],
                          "VALUE": [1.234, 12.5], "STATUS": ["", ""]})  # fmt: skip
    report = check_frame(frame, choice=Choice(indicator="population"), **KNOWN)
    assert report.valid["value"].tolist() == [1.234, 12.5]  # not taken for thousands
    template = pd.DataFrame({"indicateur": ["population"], "période": ["2021"], "valeur": [1.5]})
    assert check_frame(template, **KNOWN).valid["value"].tolist() == [1.5]
