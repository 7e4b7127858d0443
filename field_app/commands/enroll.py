"""`field-app enroll SERVER_URL CODE`: connect this device to headquarters."""

from __future__ import annotations

import argparse
import sys

from field_app.commands.common import add_subcommand, open_from_args
from field_app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `enroll` command."""
    parser = add_subcommand(sub, "enroll", "enroll this device with headquarters")
    parser.add_argument("server", help="headquarters address, e.g. https://hq.example.vn")
    parser.add_argument("code", help="the one-time code headquarters gave you")
    parser.add_argument("--name", default="", help="a name for this device (default: hostname)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Enroll; safe to run again with the same code if the link dropped."""
    from sync.credentials import credentials_path
    from sync.enrollment import enroll
    from sync.link import EXIT_CODES, SyncError

    store, _settings = open_from_args(args)
    with store:
        try:
            creds = enroll(store, args.server, args.code, args.name)
        except SyncError as exc:
            print(f"field-app: {exc}", file=sys.stderr)
            return EXIT_CODES.get(exc.code, 4)
    print(
        _("enrolled as {officer} ({province}); token saved in {path}").format(
            officer=creds.officer, province=creds.province, path=credentials_path()
        )
    )
    return 0
