"""`field-app status`: where the database is and what it holds."""

from __future__ import annotations

import argparse
import json

from field_app.commands.common import add_subcommand, db_path, open_from_args
from field_app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `status` command."""
    parser = add_subcommand(sub, "status", "show the database path, schema version and counts")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.set_defaults(func=run)


def status_report(args: argparse.Namespace) -> dict:
    """The status as a dict (the keys of `status --json`)."""
    store, _settings = open_from_args(args)
    with store:
        return {"db": str(db_path(args)), "schema_version": store.schema_version, **store.counts()}


def run(args: argparse.Namespace) -> int:
    """Print the status."""
    report = status_report(args)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    width = max(len(k) for k in report)
    for key, value in report.items():
        shown = drafts_text(value) if key == "drafts_by_kind" else value
        print(f"{key:<{width}}  {'-' if shown is None else shown}")
    return 0


def drafts_text(by_count_key: dict[str, int]) -> str:
    """Drafts per kind as a person writes them: "4 visits, 7 5S audits" (in the
    interface language), kinds with none left out; "none" when there are none."""
    from field_app.kinds import KINDS

    parts = []
    for kind in KINDS.values():
        n = by_count_key.get(kind.count_key or "", 0)
        if not n:
            continue
        if n == 1 or not kind.plural:
            parts.append(f"{n} {_(kind.label)}")
        else:
            parts.append(_(kind.plural).format(n=n))
    return ", ".join(parts) if parts else _("none")
