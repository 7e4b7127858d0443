"""`field-app import enterprises FILE`: load a registry spreadsheet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from field_app.commands.common import add_subcommand, open_from_args
from field_app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `import` command."""
    parser = add_subcommand(sub, "import", "import records from a file")
    kinds = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    ent = add_subcommand(
        kinds, "enterprises", "import an enterprise list (.xlsx, .xls, .csv or .txt)"
    )
    ent.add_argument("file", type=Path, help="the .xlsx, .xls, .csv or .txt file")
    ent.add_argument(
        "--skip-invalid",
        action="store_true",
        help="write the valid rows even if some are invalid (default: all or nothing)",
    )
    ent.add_argument(
        "--sheet",
        action="append",
        metavar="NAME",
        help="read only this sheet of a workbook (repeat for several); by default every "
        "sheet with an enterprise table like the first one's is read",
    )
    ent.set_defaults(func=run_enterprises)


def run_enterprises(args: argparse.Namespace) -> int:
    """Import, then report what was read, repaired, rejected and written."""
    from field_app.importer import ImportFileError, import_enterprises

    store, settings = open_from_args(args)
    with store:
        try:
            report = import_enterprises(
                store,
                args.file,
                skip_invalid=args.skip_invalid,
                default_province=settings.province,
                sheets=args.sheet,
            )
        except ImportFileError as exc:
            print(f"field-app: {exc}", file=sys.stderr)
            return 2
    for line in report.summary_lines():
        print(line)
    several = len(report.sheets) > 1
    for notice in report.warnings:
        prefix = f"{notice.sheet}: " if several else ""
        print(prefix + _("warning: {text}").format(text=notice.text()), file=sys.stderr)
    for row in report.rejected:
        prefix = f"{row.sheet}: " if several else ""
        print(
            prefix + _("row {line}: {reason}").format(line=row.line, reason=row.reason),
            file=sys.stderr,
        )
    if report.ignored_columns:
        print(
            _("ignored columns: {cols}").format(cols=", ".join(report.ignored_columns)),
            file=sys.stderr,
        )
    print(
        _("added {added}, updated {updated}, unchanged {unchanged}, rejected {rejected}").format(
            added=report.added,
            updated=report.updated,
            unchanged=report.unchanged,
            rejected=len(report.rejected),
        )
    )
    if report.rejected and not report.written:
        print(_("nothing was imported: fix the rows above, or use --skip-invalid"), file=sys.stderr)
        return 1
    return 0
