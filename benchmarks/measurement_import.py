"""Shared measurement: how long importing a large table of measurements takes.

Printed, never asserted.  A synthetic French CSV (``;``, decimal commas, a BOM,
as Excel writes it) of ``--rows`` data rows: 6 indicators, 20 years x 12 months,
totals and values per partner and per territory; about 1 % of the rows are bad
(a word as value, an impossible date, an unknown indicator, partner or
territory, a group without breakdown, a duplicate).  Measured:

* **time**: :func:`read_table` + :func:`parse_measurements`, median of
  ``--runs`` runs, and rows per second;
* **memory**: the peak of Python allocations during one import (tracemalloc,
  measured apart since tracing slows everything down), beside the file's size.

With ``--xlsx`` the same rows are also written to an Excel file (values as
numbers) and imported: much slower, openpyxl parses the sheet's XML cell by cell.

With ``--statcan ROWS`` a synthetic Statistics Canada full table of ``ROWS`` rows
(the published columns; 40 places x 3 genders x 20 age groups x years, a few
values suppressed), zipped with its metadata as downloaded, is checked for one
place and one series (:func:`cikit.analysis.imports.check_file`, read in chunks):
time and peak memory beside the file's size.

Usage::

    python benchmarks/measurement_import.py [--rows 100000] [--runs 3] [--xlsx]
    python benchmarks/measurement_import.py --rows 0 --statcan 1000000 --runs 1
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import time
import tracemalloc

from cikit.analysis.mesure_commune import fold, parse_measurements, read_table

INDICATORS = [
    "kindergarten_readiness",
    "school_success",
    "food_insecurity",
    "housing_cost",
    "daycare_places",
    "youth_employment",
]
PARTNERS = [
    "Éco-Quartier Centre-Sud",
    "Ville de Montréal",
    "CIUSSS du Centre-Sud",
    "Centre de services scolaire",
    "Moisson Montréal",
    "Fondation Chagnon",
    "Carrefour jeunesse-emploi",
    "Maison de la famille",
]
TERRITORIES = ["Centre-Sud", "Hochelaga", "Mercier", "Rosemont", "Plateau", "Villeray",
               "Saint-Michel", "Ahuntsic", "Verdun", "Lachine"]  # fmt: skip
BAD = [
    ("value", "abc"),
    ("period", "2022-13"),
    ("period", "32/01/2022"),
    ("indicator", "unknown_indicator"),
    ("partner", "Nobody Inc."),
    ("dimension", "age"),
    ("group_only", "Nord"),
    ("duplicate", ""),
]


def build_rows(rows: int, rng: random.Random) -> list[list[str]]:
    """``rows`` distinct measurements, about 1 % of them broken in one of the :data:`BAD` ways."""
    periods = [f"{year}-{month:02d}" for year in range(2005, 2025) for month in range(1, 13)]
    slots = [("", "", "")]
    slots += [(p, "", "") for p in PARTNERS]
    slots += [("", "territory", t) for t in TERRITORIES]
    slots += [(p, "territory", t) for p in PARTNERS[:4] for t in TERRITORIES]
    # 6 indicators x 240 months x 59 slots = 84,960 keys per pass; periods are written in
    # three ways (2022-07, 01/07/2022, 2022-07-01) to get more distinct keys when needed.
    out: list[list[str]] = []
    styles = [
        lambda p: p,
        lambda p: f"01/{p[5:]}/{p[:4]}",
        lambda p: f"{p}-15",
    ]
    for style in styles:
        for indicator in INDICATORS:
            for period in periods:
                for partner, dimension, group in slots:
                    value = f"{rng.uniform(0, 5000):.2f}".replace(".", ",")
                    if rng.random() < 0.2:
                        value = f"{rng.randint(1000, 99999):,}".replace(",", "\u00a0") + ",5"
                    out.append([indicator, style(period), value, partner, dimension, group])
                    if len(out) == rows:
                        break
                if len(out) == rows:
                    break
            if len(out) == rows:
                break
        if len(out) == rows:
            break
    rng.shuffle(out)
    for n in rng.sample(range(rows), rows // 100):
        kind, cell = BAD[n % len(BAD)]
        row = out[n]
        if kind == "value":
            row[2] = cell
        elif kind == "period":
            row[1] = cell
        elif kind == "indicator":
            row[0] = cell
        elif kind == "partner":
            row[3] = cell
        elif kind == "dimension":
            row[4], row[5] = cell, "0-5"
        elif kind == "group_only":
            row[4], row[5] = "", cell
        else:
            out[n] = list(out[(n + 1) % rows])
    return out


def to_csv(rows: list[list[str]]) -> bytes:
    header = "indicateur;période;valeur;partenaire;ventilation;groupe\n"
    body = "".join(";".join(row) + "\n" for row in rows)
    return (header + body).encode("utf-8-sig")


def to_xlsx(rows: list[list[str]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Indicateur", "Période", "Valeur", "Partenaire", "Ventilation", "Groupe"])
    for row in rows:
        # Values as numbers, as in a real sheet (the bad ones stay text).
        number = row[2].replace("\u00a0", "").replace(",", ".")
        value = float(number) if number.replace(".", "", 1).isdigit() else row[2]
        sheet.append([*row[:2], value, *row[3:]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_file(data: bytes, name: str):
    table = read_table(data, name)
    return parse_measurements(
        table,
        indicators=INDICATORS,
        partners={fold(p): n for n, p in enumerate(PARTNERS, start=1)},
        dimensions=["territory"],
    )


def measure(data: bytes, name: str, runs: int) -> None:
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = import_file(data, name)
        times.append(time.perf_counter() - start)
    valid, problems = result
    rows = len(valid) + problems["line"].nunique()
    median = statistics.median(times)
    tracemalloc.start()
    import_file(data, name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{name}: {len(data) / 1e6:.1f} MB, {rows:,} rows read")
    print(
        f"  valid rows {len(valid):,}; problems {len(problems):,} on {problems['line'].nunique():,} lines"
    )
    print(f"  by reason: {problems['reason'].value_counts().to_dict()}")
    print(f"  read_table + parse_measurements: median {median:.3f} s of {runs} "
          f"(min {min(times):.3f}, max {max(times):.3f}) -> {rows / median:,.0f} rows/s")  # fmt: skip
    print(f"  peak Python memory (tracemalloc): {peak / 1e6:.1f} MB")


def statcan_zip(rows: int) -> bytes:
    """A full table as Statistics Canada ships it: a zip of the CSV and its metadata."""
    import zipfile

    header = ('"REF_DATE","GEO","DGUID","Gender","Age group","UOM","UOM_ID","SCALAR_FACTOR",'
              '"SCALAR_ID","VECTOR","COORDINATE","VALUE","STATUS","SYMBOL","TERMINATED",'
              '"DECIMALS"\n')  # fmt: skip
    geos = [f"Place {n}, Province" for n in range(40)]
    genders = ["Total - gender", "Men+", "Women+"]
    ages = [f"{5 * n} to {5 * n + 4} years" for n in range(20)]
    lines = [header]
    n = 0
    year = 1971
    while n < rows:
        for g, geo in enumerate(geos):
            for s, gender in enumerate(genders):
                for a, age in enumerate(ages):
                    status, value = ("..", "") if n % 97 == 0 else ("", str(1000 + n % 5000))
                    lines.append(f'"{year}","{geo}","2021A0002{g:02d}","{gender}","{age}",'
                                 f'"Persons","249","units","0","v{g}{s}{a}","{g}.{s}.{a}",'
                                 f'"{value}","{status}","","","0"\n')  # fmt: skip
                    n += 1
                    if n == rows:
                        break
                if n == rows:
                    break
            if n == rows:
                break
        year += 1
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("99100001.csv", "".join(lines))
        archive.writestr("99100001_MetaData.csv", '"Cube Title","Product Id"\n"Bench","99100001"\n')
    return buffer.getvalue()


def measure_statcan(rows: int, runs: int) -> None:
    from cikit.analysis.imports import Choice, check_file

    start = time.perf_counter()
    data = statcan_zip(rows)
    print(f"built a {rows:,}-row full table in {time.perf_counter() - start:.1f} s "
          f"({len(data) / 1e6:.1f} MB zipped)")  # fmt: skip
    choice = Choice(indicator="population", geo=("Place 7",),
                    filters=(("Gender", "Women+"), ("Age group", "0 to 4 years")))  # fmt: skip
    known = {"indicators": ["population"], "partners": {}, "dimensions": ["territory"]}

    def run():
        return check_file(data, "99100001-eng.zip", choice=choice, **known)

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        report = run()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  kept {report.kept:,}, skipped {report.skipped:,}, left aside {report.left_aside:,}")
    print(f"  check_file (unzip, read in chunks, choose, check): median "
          f"{statistics.median(times):.2f} s of {runs} -> {rows / statistics.median(times):,.0f} "
          f"rows/s; peak Python memory {peak / 1e6:.0f} MB")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--xlsx", action="store_true", help="also import the rows as .xlsx")
    parser.add_argument("--statcan", type=int, default=0, metavar="ROWS",
                        help="also check a Statistics Canada full table of ROWS rows")  # fmt: skip
    args = parser.parse_args()
    if args.statcan:
        measure_statcan(args.statcan, args.runs)
    if not args.rows:
        return
    rng = random.Random(2026)
    start = time.perf_counter()
    rows = build_rows(args.rows, rng)
    data = to_csv(rows)
    print(f"built {len(rows):,} rows in {time.perf_counter() - start:.1f} s")
    measure(data, "mesures.csv", args.runs)
    if args.xlsx:
        start = time.perf_counter()
        book = to_xlsx(rows)
        print(f"wrote the .xlsx in {time.perf_counter() - start:.1f} s")
        measure(book, "mesures.xlsx", args.runs)


if __name__ == "__main__":
    main()
