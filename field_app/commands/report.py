"""`field-app report`: the programme's yearly indicators, and PDF reports of a
visit, a 5S audit or a VietGAP check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from field_app.commands.common import add_subcommand, open_from_args
from field_app.i18n import _
from field_app.kinds import pdf_kinds


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `report` command and its kinds."""
    parser = add_subcommand(sub, "report", "programme indicators and PDF reports")
    kinds = parser.add_subparsers(dest="report_kind", metavar="KIND", required=True)

    programme = kinds.add_parser(
        "programme", help="the year's programme indicators against the targets in settings"
    )
    programme.add_argument("--year", required=True, metavar="YYYY", help="the report year")
    programme.add_argument("--xlsx", type=Path, metavar="FILE", help="also save as a workbook")
    programme.add_argument(
        "--json", action="store_true", help="print the indicators as JSON (stable keys)"
    )
    programme.set_defaults(func=run_programme)

    for record_kind in pdf_kinds():
        assert record_kind.pdf is not None
        pdf = kinds.add_parser(record_kind.pdf.command, help=record_kind.pdf.help)
        pdf.add_argument("record_id", metavar="ID", help="the record id")
        pdf.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
        pdf.set_defaults(func=run_pdf, record_kind=record_kind.name)


def parse_year(text: str) -> int:
    """The --year value as an int; ValueError with a clear message otherwise."""
    from field_app.reports.programme import check_year

    try:
        year = int(text)
    except (TypeError, ValueError):
        raise ValueError(
            _("year '{year}' is not valid: give a year such as 2026").format(year=text)
        ) from None
    return check_year(year)


def run_programme(args: argparse.Namespace) -> int:
    """Print the programme report, and save it as xlsx when asked."""
    from field_app.export.output import OutputError, check_target
    from field_app.reports.programme import programme_figures
    from field_app.reports.programme_output import render_text, report_json, write_programme_xlsx

    try:
        year = parse_year(args.year)
        if args.xlsx is not None:
            if args.xlsx.suffix.lower() != ".xlsx":
                raise ValueError(
                    _("the workbook name must end in .xlsx: {path}").format(path=args.xlsx)
                )
            check_target(args.xlsx)
    except (ValueError, OutputError) as exc:
        print(f"field-app: {exc}", file=sys.stderr)
        return 2
    store, settings = open_from_args(args)
    with store:
        report = programme_figures(store, year, settings.targets)
    if args.json:
        import json

        data = report_json(report, settings.province)
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_text(report))
    if args.xlsx is not None:
        try:
            write_programme_xlsx(report, args.xlsx)
        except (OutputError, OSError) as exc:
            print(f"field-app: {exc}", file=sys.stderr)
            return 1
        print(
            _("saved {path}").format(path=args.xlsx), file=sys.stderr if args.json else sys.stdout
        )
    return 0


def run_pdf(args: argparse.Namespace) -> int:
    """Write the PDF report of one record."""
    from field_app.export.output import OutputError, check_target
    from field_app.reports.pdf import ReportError
    from field_app.reports.record_pdf import write_record_pdf

    try:
        if args.output.suffix.lower() != ".pdf":
            raise ValueError(_("the report name must end in .pdf: {path}").format(path=args.output))
        check_target(args.output)
    except (ValueError, OutputError) as exc:
        print(f"field-app: {exc}", file=sys.stderr)
        return 2
    store, _settings = open_from_args(args)
    with store:
        try:
            path = write_record_pdf(store, args.record_kind, args.record_id, args.output)
        except (ReportError, OutputError) as exc:
            print(f"field-app: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(
                _("field-app: could not write {path}: {error}; nothing was written").format(
                    path=args.output, error=exc.strerror or exc
                ),
                file=sys.stderr,
            )
            return 1
    print(_("saved {path}").format(path=path))
    return 0
