"""Write the sample files of ``tests/data/`` (run from the repository: python tests/data/make_samples.py).

The layouts are those Statistics Canada and the Institut de la statistique du
Québec publish (column names, title and note rows, symbols, zipped metadata);
the numbers are invented, close to real orders of magnitude.  The files are
committed; this script says how they were made and remakes them identically.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAMP = (2024, 9, 25, 8, 30, 0)  # fixed zip dates: the same bytes on every run

EN_HEADER = ["REF_DATE", "GEO", "DGUID", "Gender", "Age group", "UOM", "UOM_ID",
             "SCALAR_FACTOR", "SCALAR_ID", "VECTOR", "COORDINATE", "VALUE", "STATUS",
             "SYMBOL", "TERMINATED", "DECIMALS"]  # fmt: skip
FR_LABOUR = ["PÉRIODE DE RÉFÉRENCE", "GÉO", "DGUID", "Caractéristiques de la population active",
             "Sexe", "Groupe d'âge", "UNITÉ DE MESURE", "IDENTIFICATEUR D'UNITÉ DE MESURE",
             "FACTEUR SCALAIRE", "IDENTIFICATEUR SCALAIRE", "VECTEUR", "COORDONNÉES",
             "VALEUR", "STATUT", "SYMBOLE", "TERMINÉ", "DÉCIMALES"]  # fmt: skip


def _csv(rows: list[list[str]], *, sep: str = ",", bom: bool = True) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")


def population_en() -> bytes:
    """17-10-0005-01, Population estimates on July 1, by age and gender (full table, English)."""
    geos = [("Canada", "2021A000011124", 38_000_000), ("Quebec", "2021A000224", 8_500_000),
            ("Ontario", "2021A000235", 14_600_000)]  # fmt: skip
    genders = [("Total - gender", 1.0), ("Men+", 0.497), ("Women+", 0.503)]
    ages = [("All ages", 1.0), ("0 to 4 years", 0.051)]
    rows = [EN_HEADER]
    for year in range(2019, 2024):
        for g, (geo, dguid, base) in enumerate(geos, start=1):
            for s, (gender, share) in enumerate(genders, start=1):
                for a, (age, part) in enumerate(ages, start=1):
                    value = round(base * (1 + 0.011 * (year - 2019)) * share * part)
                    vector = f"v{466668 + 100 * g + 10 * s + a}"
                    symbol = "p" if year == 2023 else ""
                    rows.append([str(year), geo, dguid, gender, age, "Persons", "249", "units",
                                 "0", vector, f"{g}.{s}.{a}", str(value), "", symbol, "", "0"])  # fmt: skip
    return _csv(rows)


def population_metadata_en() -> bytes:
    rows = [
        ["Cube Title", "Product Id", "CANSIM Id", "URL", "Cube Notes", "Archive Status",
         "Frequency", "Start Reference Period", "End Reference Period",
         "Total number of dimensions"],
        ["Population estimates on July 1, by age and gender", "17100005", "051-0001",
         "https://www150.statcan.gc.ca/t1/tbl1/en/tv.action?pid=1710000501", "1;2;3;4",
         "CURRENT - a cube available to the public and that is current", "Annual",
         "1971-01-01", "2023-01-01", "3"],
        [],
        ["Dimension ID", "Dimension name", "Dimension Notes", "Dimension Definitions",
         "Dimension has Uom"],
        ["1", "Geography", "", "", "FALSE"],
        ["2", "Gender", "5", "", "FALSE"],
        ["3", "Age group", "", "", "TRUE"],
        [],
        ["Symbol Legend"],
        ["Symbol", "Description"],
        ["..", "not available for a specific reference period"],
        ["p", "preliminary"],
        ["x", "suppressed to meet the confidentiality requirements of the Statistics Act"],
        ["E", "use with caution"],
        ["F", "too unreliable to be published"],
    ]  # fmt: skip
    return _csv(rows)


def labour_fr() -> bytes:
    """14-10-0387-01 style: labour force by economic region, French full table, thousands."""
    geos = [("Montréal, Québec", "2016S05002462", 1150.0), ("Laval, Québec", "2016S05002461", 230.0),
            ("Lanaudière, Québec", "2016S05002460", 280.0)]  # fmt: skip
    rows = [FR_LABOUR]
    for month in range(1, 7):
        period = f"2024-{month:02d}"
        for g, (geo, dguid, employed) in enumerate(geos, start=1):
            for c, (what, uom, uom_id, scale, scale_id) in enumerate([
                ("Emploi", "Personnes", "249", "milliers", "3"),
                ("Taux de chômage", "Pourcentage", "239", "unités ", "0"),
            ], start=1):  # fmt: skip
                for s, (sex, share) in enumerate([("Les deux sexes", 1.0), ("Femmes+", 0.48)], 1):
                    status = ""
                    if what == "Emploi":
                        value = f"{employed * share * (1 + 0.003 * month):.1f}"
                    else:
                        value = f"{5.1 + g * 0.7 + 0.1 * month - (0.2 if s == 2 else 0):.1f}"
                        status = "E" if g == 3 and s == 2 else ""
                    if (g, c, s, month) == (2, 2, 2, 3):
                        value, status = "", "F"
                    if (g, c, s, month) == (3, 1, 2, 5):
                        value, status = "", "x"
                    if (g, c, s, month) == (1, 1, 1, 6):
                        value, status = "", ".."
                    rows.append([period, geo, dguid, what, sex, "15 ans et plus", uom, uom_id,
                                 scale, scale_id, f"v{1000 + 100 * g + 10 * c + s}",
                                 f"{g}.{c}.{s}.1", value, status, "", "", "1"])  # fmt: skip
    return _csv(rows)


def labour_metadata_fr() -> bytes:
    rows = [
        ["Titre du cube", "Identificateur du produit", "Identificateur CANSIM", "URL",
         "Notes sur le cube", "Statut d'archivage", "Fréquence",
         "Période de référence de début", "Période de référence de fin",
         "Nombre total de dimensions"],
        ["Caractéristiques de la population active selon la région économique, moyennes "
         "mobiles de trois mois, données non désaisonnalisées", "14100387", "282-0122",
         "https://www150.statcan.gc.ca/t1/tbl1/fr/tv.action?pid=1410038701", "1;2",
         "ACTUEL - un cube disponible au public et qui est actuel", "Mensuelle",
         "2006-01-01", "2024-06-01", "5"],
        [],
        ["Légende des symboles"],
        ["Symbole", "Description"],
        ["..", "indisponible pour une période de référence précise"],
        ["x", "confidentiel en vertu des dispositions de la Loi sur la statistique"],
        ["E", "à utiliser avec prudence"],
        ["F", "trop peu fiable pour être publié"],
    ]  # fmt: skip
    return _csv(rows)


def low_income_custom() -> bytes:
    """11-10-0135-01 style, "Download selected data (for database loading)", English."""
    header = ["REF_DATE", "GEO", "DGUID", "Persons in low income", "Low income lines",
              "Statistics", "UOM", "UOM_ID", "SCALAR_FACTOR", "SCALAR_ID", "VECTOR",
              "COORDINATE", "VALUE", "STATUS", "SYMBOL", "TERMINATED", "DECIMALS"]  # fmt: skip
    rows = [header]
    for year, rate, status in [(2017, "9.8", ""), (2018, "9.1", ""), (2019, "8.6", ""),
                               (2020, "5.9", ""), (2021, "6.4", "E"), (2022, "", "..")]:  # fmt: skip
        rows.append([str(year), "Québec, Quebec", "2021S0503421", "Persons under 18 years",
                     "Market basket measure, 2018 base", "Percentage of persons in low income",
                     "Percent", "239", "units", "0", "v1234567", "18.7.1.2", rate, status, "",
                     "", "1"])  # fmt: skip
    return _csv(rows)


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(zipfile.ZipInfo(name, STAMP), body, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def isq_population_xlsx(*, merged_header: bool = False) -> bytes:
    """ISQ style: administrative regions, title rows (merged), notes below, .. and x."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tableau"
    years = ["2019", "2020", "2021", "2022", "2023p"]
    sheet["A1"] = ("Population des régions administratives, 1er juillet 2019 à 2023"
                   if not merged_header else
                   "Population selon le sexe, régions administratives, 2021 à 2023")  # fmt: skip
    sheet["A1"].font = Font(bold=True)
    sheet.merge_cells("A1:G1")
    sheet["A2"] = "Nombre de personnes"
    sheet.merge_cells("A2:G2")
    regions = [("Bas-Saint-Laurent", "01", 197_000), ("Capitale-Nationale", "03", 750_000),
               ("Mauricie", "04", 272_000), ("Montréal", "06", 2_030_000),
               ("Laval", "13", 440_000), ("Lanaudière", "14", 530_000),
               ("Nord-du-Québec", "10", 46_000)]  # fmt: skip
    if merged_header:
        sheet["A4"] = "Région administrative"
        sheet.merge_cells("A4:A5")
        sheet["B4"], sheet["E4"] = "Hommes", "Femmes"
        sheet.merge_cells("B4:D4")
        sheet.merge_cells("E4:G4")
        for n, year in enumerate(["2021", "2022", "2023p"] * 2, start=2):
            sheet.cell(row=5, column=n, value=year)
        for r, (name, _code, base) in enumerate(regions, start=6):
            sheet.cell(row=r, column=1, value=name)
            for n in range(6):
                sheet.cell(row=r, column=n + 2, value=round(base * (0.49 if n < 3 else 0.51)))
    else:
        sheet.append([])
        sheet.append(["Région administrative", "Code", *years])
        for name, code, base in regions:
            values = [round(base * (1 + 0.008 * n)) for n in range(5)]
            if code == "10":
                values[0], values[1] = "..", "x"
            sheet.append([name, code, *values])
        sheet.append(["Ensemble du Québec", "", 8_480_000, 8_570_000, 8_600_000, 8_700_000,
                      8_870_000])  # fmt: skip
        sheet.append([])
        for note in [
            "Note : Les données de 2023 sont provisoires (p).",
            "..  Donnée non disponible",
            "x  Donnée confidentielle",
            "Source : Statistique Canada, Estimations démographiques. Adaptation : Institut "
            "de la statistique du Québec.",
        ]:
            sheet.append([note])
    buffer = io.BytesIO()
    book.save(buffer)
    return _stable_xlsx(buffer.getvalue())


def _stable_xlsx(data: bytes) -> bytes:
    """The same workbook with fixed dates, so the committed file does not change on each run."""
    import re

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-09-25T08:30:00Z", body)
            dst.writestr(zipfile.ZipInfo(item.filename, STAMP), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def isq_low_income_csv() -> str:
    """ISQ style CSV: title rows, French decimals, marks and symbols, notes below."""
    lines = [
        "Taux de faible revenu des familles, selon la MRC, Québec, 2017 à 2021;;;;;",
        "Mesure du panier de consommation (MPC), en pourcentage;;;;;",
        ";;;;;",
        "MRC;2017;2018;2019;2020;2021",
        "Montréal;13,4;12,8;12,1;8,9;9,6",
        "Laval;8,7;8,2;7,9;5,6;6,1",
        "Les Moulins;6,2;5,9;5,4*;3,8*;x",
        "Joliette;9,1;8,8;..;6,0;6,7",
        "Ensemble du Québec;8,9;8,4;7,9;5,5;6,1",
        ";;;;;",
        "* Coefficient de variation entre 15 % et 25 % ; interpréter avec prudence.;;;;;",
        "x Donnée confidentielle.;;;;;",
        ".. Donnée non disponible.;;;;;",
        "Source : Statistique Canada, Fichier des familles T1 (FFT1). Compilation : Institut de "
        "la statistique du Québec.;;;;;",
    ]
    return "\r\n".join(lines) + "\r\n"


def main() -> None:
    files: dict[str, bytes] = {
        "statcan_17100005_en.csv": population_en(),
        "statcan_1110013501_databaseLoadingData.csv": low_income_custom(),
        "statcan_14100387_fr.csv": labour_fr(),
        "isq_population_regions.xlsx": isq_population_xlsx(),
        "isq_population_sexe_merged_header.xlsx": isq_population_xlsx(merged_header=True),
        "isq_faible_revenu_mrc.csv": isq_low_income_csv().encode("cp1252"),
    }
    files["17100005-eng.zip"] = zipped({"17100005.csv": files["statcan_17100005_en.csv"],
                                        "17100005_MetaData.csv": population_metadata_en()})  # fmt: skip
    files["14100387-fra.zip"] = zipped({"14100387.csv": files["statcan_14100387_fr.csv"],
                                        "14100387_MetaData.csv": labour_metadata_fr()})  # fmt: skip
    files["statcan_two_tables.zip"] = zipped({
        "17100005.csv": files["statcan_17100005_en.csv"],
        "1110013501_databaseLoadingData.csv": files["statcan_1110013501_databaseLoadingData.csv"],
        "17100005_MetaData.csv": population_metadata_en(),
    })  # fmt: skip
    for name, body in files.items():
        (HERE / name).write_bytes(body)
        print(f"{name}: {len(body):,} bytes")


if __name__ == "__main__":
    main()
