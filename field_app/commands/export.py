"""`field-app export`: the database as one xlsx workbook or a folder of CSV files."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from field_app.commands.common import add_subcommand, open_from_args
from field_app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `export` command."""
    parser = add_subcommand(
        sub, "export", "export records to an xlsx workbook or a folder of CSV files"
    )
    parser.add_argument("target", type=Path, help="FILE.xlsx, or a FOLDER with --format csv")
    parser.add_argument(
        "--format",
        choices=["xlsx", "csv"],
        default=None,
        help="xlsx (default for a .xlsx name) or csv (one file per kind in FOLDER)",
    )
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="first date, dd/mm/yyyy")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="last date, dd/mm/yyyy")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(func=run)


def parse_cli_date(value: str | None, option: str) -> date | None:
    """A --from/--to value as a date; ValueError with a clear message otherwise."""
    if value is None:
        return None
    from field_app.models.common import parse_date

    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if not isinstance(parsed, date):
        raise ValueError(
            _("{option} '{value}' is not a date: write it as dd/mm/yyyy").format(
                option=option, value=value
            )
        )
    return parsed


def stderr_progress(title: str, done: int, total: int) -> None:
    """Progress of an export, one line per update on stderr."""
    print(
        _("{sheet}: {done}/{total} rows").format(sheet=title, done=done, total=total),
        file=sys.stderr,
        flush=True,
    )


def run(args: argparse.Namespace) -> int:
    """Check the arguments, then write the export."""
    from field_app.export.kinds import Period
    from field_app.export.output import OutputError, check_target
    from field_app.export.registry import export_kinds

    fmt = args.format or ("xlsx" if args.target.suffix.lower() == ".xlsx" else None)
    try:
        if fmt is None:
            raise ValueError(
                _("say what to write: a file name ending in .xlsx, or a folder with --format csv")
            )
        if fmt == "xlsx" and args.target.suffix.lower() != ".xlsx":
            raise ValueError(
                _("the workbook name must end in .xlsx: {path}").format(path=args.target)
            )
        period = Period(
            parse_cli_date(args.date_from, "--from"), parse_cli_date(args.date_to, "--to")
        )
        if period.start and period.end and period.start > period.end:
            raise ValueError(_("--from must not be after --to"))
        check_target(args.target, folder=fmt == "csv")
    except (ValueError, OutputError) as exc:
        print(f"field-app: {exc}", file=sys.stderr)
        return 2
    progress = None if args.quiet else stderr_progress
    started = time.perf_counter()
    store, _settings = open_from_args(args)
    with store:
        kinds = export_kinds(store)
        try:
            if fmt == "csv":
                from field_app.export.csv_files import write_csv_folder

                counts = write_csv_folder(store, args.target, kinds, period, progress)
            else:
                from field_app.export.xlsx import write_workbook

                counts = write_workbook(store, args.target, kinds, period, progress)
        except OutputError as exc:
            print(f"field-app: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(
                _("field-app: could not write {path}: {error}; nothing was written").format(
                    path=args.target, error=exc.strerror or exc
                ),
                file=sys.stderr,
            )
            return 1
    rows = sum(counts.values())
    print(
        _("wrote {rows} rows to {path} in {seconds:.1f} s").format(
            rows=rows, path=args.target, seconds=time.perf_counter() - started
        )
    )
    return 0
