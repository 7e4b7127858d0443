"""`field-app demo`: fill a database with realistic demo records."""

from __future__ import annotations

import argparse
import sys

from field_app.commands.common import add_subcommand, open_from_args
from field_app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `demo` command."""
    parser = add_subcommand(sub, "demo", "fill the database with realistic demo data")
    parser.add_argument("--enterprises", type=int, default=200, metavar="N")
    parser.add_argument("--visits", type=int, default=400, metavar="M")
    parser.add_argument("--seed", type=int, default=1, metavar="S")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Generate and report what was made."""
    from field_app.demo import generate

    if args.enterprises < 0 or args.visits < 0:
        print(_("field-app: --enterprises and --visits must be 0 or more"))
        return 2
    import sqlite3

    from field_app.store.db import StorageError

    store, settings = open_from_args(args)
    with store:
        try:
            result = generate(
                store,
                enterprises=args.enterprises,
                visits=args.visits,
                seed=args.seed,
                province=settings.province,
            )
        except (sqlite3.Error, StorageError, OSError) as exc:
            # The demo is one transaction: whatever failed, nothing of it was kept.
            print(
                _("field-app: could not write the demo data ({error}); nothing was saved").format(
                    error=exc
                ),
                file=sys.stderr,
            )
            return 1
    print(
        _("made {e} enterprises, {v} visits, {c} certifications, {s} support registrations").format(
            e=result.enterprises, v=result.visits, c=result.certifications, s=result.supports
        )
    )
    print(
        _("made {a} 5S audits, {g} VietGAP checks, {n} corrective actions").format(
            a=result.audits_5s, g=result.vietgap_checks, n=result.actions
        )
    )
    if result.training_courses:
        print(_("made {n} training courses").format(n=result.training_courses))
    return 0
