"""`field-app sync`: send what is pending to headquarters, then receive."""

from __future__ import annotations

import argparse
import sys

from field_app.commands.common import add_subcommand, open_from_args
from field_app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `sync` command."""
    parser = add_subcommand(sub, "sync", "send pending changes to headquarters and receive news")
    parser.add_argument(
        "--rejected",
        action="store_true",
        help="list the records headquarters refused, with the reason",
    )
    parser.add_argument(
        "--conflicts", action="store_true", help="list values that lost a conflict (kept, not lost)"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument(
        "--retries",
        type=int,
        default=6,
        metavar="N",
        help="retries of a failed request, with growing waits (default 6)",
    )
    parser.set_defaults(func=run)


def _progress(stage: str, done: int, total: int) -> None:
    labels = {"push": _("sending"), "files": _("files"), "pull": _("receiving")}
    print(f"{labels.get(stage, stage)} {done}/{total}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """Sync once; exit 0 only when everything was sent and received."""
    from sync.credentials import load_credentials
    from sync.engine import run_sync
    from sync.link import EXIT_CODES, Link
    from sync.status import conflicts, rejected_records

    store, _settings = open_from_args(args)
    with store:
        if args.rejected:
            rows = rejected_records(store)
            for r in rows:
                print(f"{r.entity}\t{r.record_id}\t{r.reason}")
            if not rows:
                print(_("no record was refused"))
            return 0
        if args.conflicts:
            found = conflicts(store)
            for c in found:
                print(
                    f"{c.entity}\t{c.record_id}\t{c.field}\t"
                    + _("kept {kept!r}, lost {lost!r}").format(kept=c.kept_value, lost=c.lost_value)
                )
            if not found:
                print(_("no conflicts"))
            return 0
        creds = load_credentials(store.device_id)
        link = Link(creds.server, creds.token, retries=max(0, args.retries)) if creds else None
        try:
            result = run_sync(store, progress=None if args.quiet else _progress, link=link)
        finally:
            if link:
                link.close()
    print(result.summary())
    if result.merged:
        print(
            _(
                "{n} enterprise(s) created here were already known at headquarters (same tax"
                " code): merged into its record, with their visits and other records"
            ).format(n=result.merged),
            file=sys.stderr,
        )
    if result.counts["rejected"]:
        print(
            _("{n} change(s) were refused: see 'field-app sync --rejected'").format(
                n=result.counts["rejected"]
            ),
            file=sys.stderr,
        )
    if not result.ok:
        print(f"field-app: {result.error}", file=sys.stderr)
        return EXIT_CODES.get(result.code or "", 1)
    return 0
