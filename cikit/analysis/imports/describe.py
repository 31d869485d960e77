"""An import report in words, in the person's language: the same text in the app and the terminal.

Functions take the translator (``tr``, a :class:`cikit.i18n.Translator`) and
return plain text; the app escapes it into HTML, the command line prints it.
"""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Any

from babel.numbers import format_decimal

from cikit.analysis.imports.report import KEPT, REJECTED, ImportReport
from cikit.analysis.imports.series import SUPPRESSED
from cikit.analysis.imports.table import ImportFileError
from cikit.analysis.imports.template import HEADERS
from cikit.analysis.numbers import AMBIGUOUS, read_number, suggestions
from cikit.limits import EXCEL_TOO_LARGE

SHOWN_VALUES = 12
LOCALES = {"fr": "fr_CA", "en": "en_CA"}


def _lang(tr: Any) -> str:
    return getattr(tr, "lang", "fr")


def listing(tr: Any, values: list[str], *, limit: int = SHOWN_VALUES) -> str:
    """« a », « b », … and N more (no-break spaces inside the quotes)."""
    shown = ", ".join(f"«\u00a0{v}\u00a0»" for v in values[:limit])  # never split from its name
    if len(values) > limit:
        shown += " " + tr("and {count} more").format(count=len(values) - limit)
    return shown


def column_label(tr: Any, column: str) -> str:
    return HEADERS.get(_lang(tr), HEADERS["fr"]).get(column, column or "—")


def number(tr: Any, value: float) -> str:
    return format_decimal(value, locale=LOCALES.get(_lang(tr), "fr_CA"))


def reason_text(tr: Any, reason: str, cell: str = "") -> str:
    """Why a line was rejected, in a few words."""
    if reason == "ambiguous_number":
        reading = read_number(cell)
        if reading.problem == AMBIGUOUS:
            thousands, decimal = suggestions(reading, lang=_lang(tr))
            return tr("ambiguous: write {thousands} or {decimal}, whichever is meant").format(
                thousands=thousands, decimal=decimal
            )
        return tr("not a number")
    texts = {
        "empty_value": tr("the value is empty"),
        "not_a_number": tr("not a number"),
        "bad_period": tr("not a period (write 2024, 2024-09 or 15/09/2024)"),
        "unknown_indicator": tr("unknown indicator"),
        "unknown_partner": tr("unknown partner"),
        "unknown_dimension": tr("unknown breakdown"),
        "group_without_dimension": tr("a group needs its breakdown"),
        "dimension_without_group": tr("a breakdown needs its group"),
        "duplicate": tr("the same row appears earlier in the file"),
        "too_long": tr("too long (a group name has at most 120 characters)"),
    }
    return texts.get(reason, reason)


def _suppressed(tr: Any, symbol: str) -> str:
    meaning = SUPPRESSED.get(symbol, "not_available")
    texts = {
        "not_available": tr("not available ({symbol})"),
        "not_applicable": tr("not applicable ({symbol})"),
        "confidential": tr("confidential ({symbol})"),
        "unreliable": tr("too unreliable to be published ({symbol})"),
        "nil": tr("nil or zero ({symbol}); enter 0 by hand if it means zero"),
    }
    return texts[meaning].format(symbol=symbol)


def _notes(tr: Any, notes: str, period: str) -> str:
    texts = {
        "E": tr("use with caution (E)"),
        "*": tr("imprecise, use with caution (*)"),
        "**": tr("very imprecise, for information only (**)"),
        "p": tr("preliminary (p)"),
        "r": tr("revised (r)"),
        "e": tr("estimated (e)"),
        "t": tr("series terminated (t)"),
        "span": tr("{period} counted as its first year").format(period=period),
    }
    return "; ".join(texts[n] for n in notes.split(",") if n in texts)


def line_text(tr: Any, row: Any, *, value: float | None = None, group: str = "") -> str:
    """One finding of :attr:`ImportReport.lines` as a sentence."""
    line, period = int(row["line"]), str(row["period"])
    where = ", ".join(p for p in (period, group or str(row.get("place") or "")) if p)
    if row["outcome"] == KEPT:
        shown = number(tr, value) if value is not None else str(row["cell"])
        text = tr("Line {line}, {period}: {value} — kept").format(
            line=line, period=where, value=shown
        )
        notes = _notes(tr, str(row["note"] or ""), period)
        return f"{text}, {notes}" if notes else text
    if row["outcome"] == REJECTED:
        reason = reason_text(tr, row["reason"], str(row["cell"]))
        if row["reason"] == "duplicate":
            return tr("Line {line}: {reason}").format(line=line, reason=reason)
        return tr("Line {line}, {column} « {value} »: {reason}").format(
            line=line, column=column_label(tr, row["column"]), value=str(row["cell"])[:80],
            reason=reason,
        )  # fmt: skip
    if row["reason"] == "suppressed":
        return tr("Line {line}, {period}: skipped, value {meaning}").format(
            line=line, period=where, meaning=_suppressed(tr, str(row["cell"]))
        )
    if row["reason"] == "other_indicator":
        return tr("Line {line}: skipped, another indicator ({value})").format(
            line=line, value=str(row["cell"])[:80]
        )
    return tr("Line {line}, {period}: skipped, no value").format(line=line, period=where)


def per_line(tr: Any, report: ImportReport, *, limit: int | None = None) -> list[str]:
    """Every finding, in file order (at most ``limit``)."""
    waiting: dict[int, deque] = defaultdict(deque)  # the values of each line, in order
    if report.format != "template":
        for line, value, group in report.valid[["line", "value", "group"]].itertuples(index=False):
            waiting[int(line)].append((float(value), str(group)))
    texts = []
    for row in report.lines.head(limit).to_dict("records"):
        value, group = None, ""
        if row["outcome"] == KEPT and waiting[int(row["line"])]:
            value, group = waiting[int(row["line"])].popleft()
        texts.append(line_text(tr, row, value=value, group=group))
    return texts


def summary(tr: Any, report: ImportReport) -> list[str]:
    """What the file is, what was chosen, the counts and what was left aside."""
    return [*source(tr, report), counts(tr, report), *aside(tr, report)]


def source(tr: Any, report: ImportReport) -> list[str]:
    """What the file is and what was chosen in it, one sentence each."""
    out = []
    headers = {"fr": tr("French headers"), "en": tr("English headers")}.get(report.language, "")
    if report.format == "statcan":
        if report.table_id and report.title:
            out.append(tr("Statistics Canada table {table}: « {title} » ({headers}).")
                       .format(table=report.table_id, title=report.title, headers=headers))  # fmt: skip
        else:
            out.append(tr("Statistics Canada table {table} ({headers}).").format(
                table=report.table_id or "—", headers=headers))  # fmt: skip
    elif report.format == "isq":
        out.append(tr("Table with title rows and notes (ISQ layout): « {title} ».").format(
            title=report.title or report.file))  # fmt: skip
    if len(report.places) == 1 and report.format != "template":
        out.append(tr("Place: {place}.").format(place=report.places[0]))
    elif len(report.places) > 1:
        out.append(tr("Places, one group each in the breakdown by territory: {places}.").format(
            places=", ".join(report.places)))  # fmt: skip
    if report.filters:
        chosen = "; ".join(f"{c} = {v}" for c, v in report.filters)
        out.append(tr("Chosen: {choices}.").format(choices=chosen))
    if report.unit:
        out.append(tr("Unit: {unit}.").format(unit=report.unit))
    if report.scale:
        out.append(tr("Values multiplied by {factor}, as the table states (SCALAR_FACTOR).")
                   .format(factor=number(tr, 10**report.scale)))  # fmt: skip
    return out


def counts(tr: Any, report: ImportReport) -> str:
    """How many rows (or values) were read, kept, skipped and rejected."""
    total = report.kept + report.skipped + report.rejected
    if report.format == "template" and not report.skipped:
        return tr("{total} rows read: {valid} valid, {rejected} rejected.").format(
            total=total, valid=report.kept, rejected=report.rejected)  # fmt: skip
    if report.format == "template":
        return tr("{total} rows read: {kept} to import, {skipped} skipped, {rejected} "
                  "rejected.").format(total=total, kept=report.kept, skipped=report.skipped,
                                      rejected=report.rejected)  # fmt: skip
    return tr("{total} values read: {kept} to import, {skipped} skipped, {rejected} "
              "rejected.").format(total=total, kept=report.kept, skipped=report.skipped,
                                  rejected=report.rejected)  # fmt: skip


def aside(tr: Any, report: ImportReport) -> list[str]:
    """What was not looked at: other places or categories, notes below the table."""
    out = []
    if report.left_aside:
        out.append(tr("{count} values for other places or categories were left aside.").format(
            count=report.left_aside))  # fmt: skip
    if report.notes:
        out.append(tr("{count} note lines below the table were left aside.").format(
            count=len(report.notes)))  # fmt: skip
    return out


def file_error(tr: Any, err: ImportFileError, *, command_line: bool = False) -> str:
    """Why a file cannot be imported as it is, and what to do; hints name the command's
    options when ``command_line``."""
    values = listing(tr, [str(v) for v in err.values])
    texts = {
        "empty": tr("The file is empty."),
        "unreadable": tr("This file cannot be read: save it as CSV (UTF-8) or Excel (.xlsx)."),
        "too_many_rows": tr("The file has too many rows (at most 200,000)."),
        "too_large": tr("The file inside the zip is too large (at most 400 MB once unzipped)."),
        "excel_too_large": tr(EXCEL_TOO_LARGE),
        "missing_columns": tr("The file lacks these columns: {columns}. Start from the template.")
        .format(columns=", ".join(column_label(tr, c) for c in err.columns)),
        "not_recognised": tr(
            "This file is not in a layout cikit knows: use the template, a Statistics Canada "
            "table as downloaded (CSV), or a table whose header row comes under its title rows."
        ),
        "no_header": tr(
            "This file is not in a layout cikit knows: use the template, a Statistics Canada "
            "table as downloaded (CSV), or a table whose header row comes under its title rows."
        ),
        "several_tables": tr("This zip holds several tables ({names}): choose one.").format(
            names=values),
        "no_table_in_zip": tr("This zip holds no CSV table."),
        "not_in_zip": tr("The zip holds no file « {asked} ». Its tables: {values}.").format(
            asked=err.asked, values=values),
        "indicator_needed": tr("Say which indicator these values are for."),
        "unknown_indicator": tr(
            "Unknown indicator « {asked} »: use an indicator id of the Shared measurement "
            "workbook."
        ).format(asked=err.asked),
        "geo_not_found": tr("No place of this file is named « {asked} ». Its places: {values}.")
        .format(asked=err.asked, values=values),
        "geo_ambiguous": tr(
            "« {asked} » fits several places of this file: {values}. Write the one you mean in "
            "full."
        ).format(asked=err.asked, values=values),
        "several_geos": tr(
            "This file holds several places ({values}). Choose one, or several for a breakdown "
            "by territory."
        ).format(values=values),
        "mixed_series": tr(
            "This file mixes several series: « {column} » holds {values}. Choose one."
        ).format(column=err.column, values=values),
        "filter_column_unknown": tr("This file has no column « {column} ». Its columns: {values}.")
        .format(column=err.column, values=values),
        "filter_value_unknown": tr(
            "Column « {column} » never holds « {asked} ». It holds: {values}."
        ).format(column=err.column, asked=err.asked, values=values),
        "nothing_selected": tr("No value of this file matches these choices."),
        "merged_header": tr(
            "The header of this table has cells merged over several columns, or a second "
            "header row ({values}): it holds several series per period. Keep the columns of "
            "one series under a single header row, and import again."
        ).format(values=values),
        "several_value_columns": tr(
            "This table has several columns of values ({values}): it holds several series. "
            "Keep the column of this indicator and import again."
        ).format(values=values),
        "choices_not_applicable": tr(
            "--geo and --filter are for Statistics Canada and ISQ tables; the template's lines "
            "name their own indicator, breakdown and group."
        ),
    }  # fmt: skip
    text = texts.get(err.reason, texts["unreadable"])
    if command_line:
        hints = {
            "several_tables": tr("Run again with --member NAME."),
            "not_in_zip": tr("Run again with --member NAME."),
            "indicator_needed": tr("Run again with --indicator ID."),
            "several_geos": tr("Run again with --geo NAME (repeat it for several places)."),
            "mixed_series": tr('Run again with --filter "{column}=VALUE".').format(
                column=err.column),
        }  # fmt: skip
        if err.reason in hints:
            text = f"{text} {hints[err.reason]}"
    return text
