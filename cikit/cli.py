"""The ``cikit`` command: demo, new, serve, check, export, import, measurements, workbooks.

Every expected problem ends as one line in the person's language and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from cikit.errors import N_, CikitError
from cikit.i18n import Translator, language_from_environment
from cikit.store.engine import display_name, is_url

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but its complaints are printed in the person's language."""

    tr: Translator

    def error(self, message: str) -> None:  # noqa: D401 - argparse's name
        self.print_usage(sys.stderr)
        label = self.tr("Invalid command")
        self.exit(EXIT_USAGE, f"cikit: {label} — {_translate_argparse(message, self.tr)}\n")


# argparse writes its complaints in English; these are the ones people meet.
_ARGPARSE_MESSAGES = (
    (re.compile(r"^the following arguments are required: (?P<names>.+)$"),
     N_("missing: {names}")),
    (re.compile(r"^unrecognized arguments: (?P<names>.+)$"), N_("unknown arguments: {names}")),
    (re.compile(r"^argument (?P<option>\S+): invalid choice: (?P<detail>.+)$"),
     N_("{option}: invalid choice {detail}")),
    (re.compile(r"^argument (?P<option>\S+): invalid int value: (?P<detail>.+)$"),
     N_("{option}: a whole number is needed, not {detail}")),
    (re.compile(r"^argument (?P<option>\S+): invalid _port value: (?P<detail>.+)$"),
     N_("{option}: a port number from 1 to 65535 is needed, not {detail}")),
    (re.compile(r"^argument (?P<option>\S+): expected one argument$"),
     N_("{option} needs a value")),
    (re.compile(r"^argument (?P<option>\S+): invalid _filter value: (?P<detail>.+)$"),
     N_("{option}: write COLUMN=VALUE, not {detail}")),
)  # fmt: skip


def _translate_argparse(message: str, tr: Translator) -> str:
    for pattern, msgid in _ARGPARSE_MESSAGES:
        found = pattern.match(message)
        if found:
            return tr(msgid).format(**found.groupdict())
    return message


def _port(value: str) -> int:
    port = int(value)
    if not 1 <= port <= 65535:
        raise ValueError(value)  # argparse reports it as "invalid _port value"
    return port


def _filter(value: str) -> tuple[str, str]:
    column, sep, chosen = value.partition("=")
    if not sep or not column.strip():
        raise ValueError(value)  # argparse reports it as "invalid _filter value"
    return column.strip(), chosen.strip()


def build_parser(tr: Translator) -> argparse.ArgumentParser:
    from cikit import __version__

    _Parser.tr = tr
    parser = _Parser(
        prog="cikit",
        description=tr("Bilingual workbooks for collective impact initiatives."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"cikit {__version__}",
        help=tr("Show cikit's version and stop."),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    demo = sub.add_parser("demo", help=tr("Write the demo initiative to a workspace file."))
    demo.add_argument("path", metavar="PATH", help=tr("Workspace file to write."))
    demo.add_argument("--force", action="store_true", help=tr("Replace an existing file."))

    new = sub.add_parser("new", help=tr("Create an empty initiative."))
    new.add_argument("path", metavar="PATH", help=tr("Workspace file (or database URL) to create."))
    new.add_argument("--name", required=True, help=tr("Name of the initiative."))
    new.add_argument("--lang", choices=["fr", "en"], default="fr", help=tr("Default language."))
    new.add_argument("--force", action="store_true", help=tr("Replace an existing file."))

    serve = sub.add_parser("serve", help=tr("Serve the workbooks as Voila apps."))
    serve.add_argument("--workspace", metavar="PATH", help=tr("Workspace file or database URL."))
    serve.add_argument(
        "--host",
        default=None,
        help=tr("Address to listen on (default 127.0.0.1; with --room, every network)."),
    )
    serve.add_argument("--port", type=_port, default=8866, help=tr("Port to listen on."))
    serve.add_argument("--no-browser", action="store_true", help=tr("Do not open a browser."))
    serve.add_argument(
        "--facilitator-key", metavar="KEY", help=tr("Facilitator key to reuse (else one is made).")
    )
    serve.add_argument(
        "--pool-size", type=int, default=1, help=tr("Preheated kernels kept ready per workbook.")
    )
    serve.add_argument(
        "--room",
        action="store_true",
        help=tr("Workshop room: listen on the network, print the address and QR code for phones."),
    )
    serve.add_argument(
        "--expect",
        type=int,
        default=0,
        metavar="N",
        help=tr("Prepare for N people joining at once (preheats N join pages)."),
    )
    serve.add_argument(
        "--base-url", default="/", metavar="PATH", help=tr("Path behind a proxy, e.g. /cikit/.")
    )
    serve.add_argument(
        "--max-kernels",
        type=int,
        default=None,
        metavar="N",
        help=tr("Most pages open at once (default: from this machine's memory; 0: no cap)."),
    )

    check = sub.add_parser("check", help=tr("Check a workspace's integrity and schema."))
    check.add_argument("path", metavar="PATH", help=tr("Workspace file or database URL."))

    export = sub.add_parser(
        "export", help=tr("Export a report (HTML, PDF), the data (Excel) or a backup (zip).")
    )
    export.add_argument("path", metavar="PATH", help=tr("Workspace file or database URL."))
    export.add_argument(
        "--to", choices=list(EXPORT_SUFFIXES), default="html", help=tr("What to export.")
    )
    export.add_argument(
        "--lang", choices=["fr", "en"], help=tr("Language (else the workspace's default).")
    )
    export.add_argument("--output", metavar="FILE", help=tr("File to write."))
    export.add_argument(
        "--paper", choices=["a4", "letter"], default="a4", help=tr("Paper size of the PDF.")
    )

    restore = sub.add_parser("import", help=tr("Restore a backup (zip) into a new workspace."))
    restore.add_argument("backup", metavar="ZIP", help=tr("Backup file made by cikit export."))
    restore.add_argument(
        "path", metavar="PATH", help=tr("Workspace file (or database URL) to create.")
    )
    restore.add_argument("--force", action="store_true", help=tr("Replace an existing file."))

    measurements = sub.add_parser("measurements", help=tr("Import measurements from a file."))
    actions = measurements.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    actions.required = True
    values = actions.add_parser(
        "import",
        help=tr("Check a file of values (the template, a Statistics Canada or an ISQ table) and "
                "import it with --yes."),
    )  # fmt: skip
    values.add_argument("path", metavar="WORKSPACE", help=tr("Workspace file or database URL."))
    values.add_argument(
        "file", metavar="FILE", help=tr("The file, as downloaded (CSV, xlsx, zip).")
    )
    values.add_argument("--indicator", metavar="ID", help=tr("The indicator the values are for."))
    values.add_argument(
        "--geo",
        metavar="NAME",
        action="append",
        default=[],
        help=tr("The place to keep (GEO); repeat it for a breakdown by territory."),
    )
    values.add_argument(
        "--filter",
        metavar="COLUMN=VALUE",
        action="append",
        default=[],
        type=_filter,
        dest="filters",
        help=tr("One value of another column (repeat it for each column)."),
    )
    values.add_argument(
        "--member", metavar="NAME", help=tr("The table to read in a zip of several.")
    )
    values.add_argument("--yes", action="store_true",
                        help=tr("Write the values; without it only the report is printed."))  # fmt: skip

    workbooks = sub.add_parser(
        "workbooks", help=tr("Copy the workbooks into a folder to edit them.")
    )
    workbooks.add_argument("dest", metavar="DEST", help=tr("Folder to copy them into."))
    workbooks.add_argument(
        "--workspace",
        metavar="PATH",
        help=tr("Workspace the copies open (written in their first cell)."),
    )
    workbooks.add_argument("--force", action="store_true",
                           help=tr("Copy into a folder that is not empty, replacing the workbooks."))  # fmt: skip
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    tr = Translator(language_from_environment())
    args = build_parser(tr).parse_args(argv)
    try:
        return COMMANDS[args.command](args, tr)
    except CikitError as err:
        print(f"cikit: {err.render(tr)}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return EXIT_PROBLEM


def _demo(args: argparse.Namespace, tr: Translator) -> int:
    from cikit.demo import write_demo

    ws = write_demo(args.path, force=args.force)
    counts = ws.counts()
    ws.close()
    print(
        tr("Demo initiative written to {path} ({partners} partners, {people} people).").format(
            path=display_name(args.path), partners=counts["partners"], people=counts["participants"]
        )
    )
    return EXIT_OK


def _new(args: argparse.Namespace, tr: Translator) -> int:
    from cikit.store import create_workspace

    create_workspace(args.path, name=args.name, lang=args.lang, force=args.force).close()
    print(tr("New initiative created in {path}.").format(path=display_name(args.path)))
    return EXIT_OK


def _serve(args: argparse.Namespace, tr: Translator) -> int:
    from cikit.serve import serve

    return serve(
        workspace=args.workspace,
        host=args.host,
        port=args.port,
        open_browser=not args.no_browser,
        facilitator_key=args.facilitator_key,
        pool_size=args.pool_size,
        tr=tr,
        room=args.room,
        expect=args.expect,
        base_url=args.base_url,
        max_kernels=args.max_kernels,
    )


def _check(args: argparse.Namespace, tr: Translator) -> int:
    from cikit.store import open_workspace
    from cikit.store.check import check_workspace

    with open_workspace(args.path) as ws:
        problems = check_workspace(ws)
        version = ws.schema_version
    if problems:
        for problem in problems:
            print(f"cikit: {problem.render(tr)}", file=sys.stderr)
        return EXIT_PROBLEM
    print(
        tr("{path}: workspace is sound (schema {version}).").format(
            path=display_name(args.path), version=version
        )
    )
    return EXIT_OK


EXPORT_SUFFIXES = {"html": ".html", "pdf": ".pdf", "xlsx": ".xlsx", "zip": ".zip"}


def _default_output(path: str, kind: str, lang: str) -> Path:
    stem = "cikit" if is_url(path) else Path(path).stem
    name = f"{stem}-backup.zip" if kind == "zip" else f"{stem}-{lang}{EXPORT_SUFFIXES[kind]}"
    return Path(name) if is_url(path) else Path(path).with_name(name)


def _progress(tr: Translator):
    """Tell the person the report is being built, one step at a time (it takes seconds)."""
    stream = sys.stderr

    def show(done: int, total: int, step: str) -> None:
        text = tr("Building the report… {done}/{total}").format(done=done, total=total)
        if stream.isatty():
            stream.write("\r" + text + ("\n" if done == total else ""))
        else:
            stream.write(text + "\n")
        stream.flush()

    return show


def _export(args: argparse.Namespace, tr: Translator) -> int:
    from cikit.store import open_workspace

    if args.to == "pdf":
        from cikit.report.pdf import require_playwright

        require_playwright()

    with open_workspace(args.path) as ws:
        lang = args.lang or ws.profile().get("default_lang") or "fr"
        output = Path(args.output) if args.output else _default_output(args.path, args.to, lang)
        report_tr = Translator(lang)
        if args.to == "zip":
            from cikit.store.backup import backup_bytes

            data = backup_bytes(ws)
        elif args.to == "xlsx":
            from cikit.export_xlsx import xlsx_bytes

            data = xlsx_bytes(ws, report_tr)
    if args.to in ("html", "pdf"):
        from cikit.report.build import build_html

        page = build_html(args.path, lang, progress=_progress(tr))
        if args.to == "pdf":
            from cikit.report.pdf import html_to_pdf

            print(tr("Printing the PDF…"), file=sys.stderr)
            data = html_to_pdf(page, paper=args.paper)
        else:
            data = page.encode("utf-8")
    try:
        output.write_bytes(data)
    except OSError as err:
        raise CikitError(
            N_("Cannot write {path}: {reason}"), path=str(output), reason=err.strerror or str(err)
        ) from err
    print(tr("Written to {path}.").format(path=str(output)))
    return EXIT_OK


def _import(args: argparse.Namespace, tr: Translator) -> int:
    from cikit.store.backup import restore_backup

    backup = Path(args.backup)
    if not backup.is_file():
        raise CikitError(N_("{path} does not exist."), path=str(backup))
    ws = restore_backup(backup, args.path, force=args.force)
    counts = ws.counts()
    ws.close()
    print(
        tr("Backup restored into {path} ({partners} partners, {decisions} decisions).").format(
            path=display_name(args.path), partners=counts["partners"], decisions=counts["decisions"]
        )
    )
    return EXIT_OK


REPORT_LINES = 1000
"""Lines of the per-line report printed; the rest is counted."""


def _measurements(args: argparse.Namespace, tr: Translator) -> int:
    from cikit.analysis.imports import ImportFileError
    from cikit.analysis.imports.describe import file_error, per_line, summary
    from cikit.measurement_import import import_measurements

    try:
        report = import_measurements(args.path, args.file, indicator=args.indicator,
                                     geo=args.geo, filters=args.filters, member=args.member,
                                     confirm=args.yes)  # fmt: skip
    except ImportFileError as err:
        print(f"cikit: {file_error(tr, err, command_line=True)}", file=sys.stderr)
        return EXIT_PROBLEM
    for text in summary(tr, report):
        print(text)
    print()
    for text in per_line(tr, report, limit=REPORT_LINES):
        print(f"  {text}")
    if len(report.lines) > REPORT_LINES:
        print("  " + tr("… and {count} more lines.").format(count=len(report.lines) - REPORT_LINES))
    print()
    if not report.kept:
        print("cikit: " + tr("No valid row to import."), file=sys.stderr)
        return EXIT_PROBLEM
    if report.written is None:
        print(tr("Nothing was written. Run again with --yes to import the {count} values.")
              .format(count=report.kept))  # fmt: skip
    else:
        print(tr("{count} values imported into {path}.").format(
            count=report.written, path=display_name(args.path)))  # fmt: skip
    return EXIT_OK


def _workbooks(args: argparse.Namespace, tr: Translator) -> int:
    from cikit.workbook_copies import copy_workbooks

    copied = copy_workbooks(args.dest, force=args.force, workspace=args.workspace)
    print(tr("{count} workbooks copied into {path}.").format(count=len(copied), path=args.dest))
    print(tr("Open them in JupyterLab: the first cell of each names the workspace it opens."))
    return EXIT_OK


COMMANDS = {
    "demo": _demo,
    "new": _new,
    "serve": _serve,
    "check": _check,
    "export": _export,
    "import": _import,
    "measurements": _measurements,
    "workbooks": _workbooks,
}

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
