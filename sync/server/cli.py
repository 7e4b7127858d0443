"""`field-hq`: run headquarters and manage officers, the registry and templates.

Every command opens the database itself, so officer and registry commands work
while `serve` is running (SQLite in WAL mode lets them write side by side, and
PostgreSQL is made for it). `--db` (or $FIELD_HQ_DB) is a file path or a
postgresql:// URL.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

DB_ENV = "FIELD_HQ_DB"


def build_parser() -> argparse.ArgumentParser:
    """The `field-hq` argument parser."""
    parser = argparse.ArgumentParser(prog="field-hq", description="field-app headquarters server")
    parser.add_argument(
        "--db",
        # A string, not a Path: Path() would fold postgresql://host into postgresql:/host.
        default=os.environ.get(DB_ENV) or "field-hq.db",
        help="headquarters database: a file (SQLite) or a postgresql://user@host:5432/db URL"
        f" (default: ${DB_ENV}, else ./field-hq.db)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = sub.add_parser("serve", help="run the /v1 sync API and the web interface at /")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)"
    )
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=run_serve)

    officer = sub.add_parser("officer", help="officers and their enrollment codes")
    osub = officer.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = osub.add_parser("add", help="add an officer; prints a one-time enrollment code last")
    add.add_argument("name")
    add.add_argument("--province", required=True, help="the only province they may write")
    add.set_defaults(func=run_officer_add)
    lst = osub.add_parser("list", help="list officers")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=run_officer_list)
    rev = osub.add_parser("revoke", help="revoke an officer's devices (effective at once)")
    rev.add_argument("name")
    rev.set_defaults(func=run_officer_revoke)
    code = osub.add_parser("code", help="issue a new enrollment code (another or replaced device)")
    code.add_argument("name")
    code.add_argument(
        "--replace",
        action="store_true",
        help="a replacement laptop: revoke the officer's earlier devices now",
    )
    code.set_defaults(func=run_officer_code)

    device = sub.add_parser("device", help="enrolled devices")
    dsub = device.add_subparsers(dest="action", metavar="ACTION", required=True)
    dlst = dsub.add_parser("list", help="devices: officer, name, enrolled, last seen, state")
    dlst.add_argument("--json", action="store_true")
    dlst.set_defaults(func=run_device_list)
    drev = dsub.add_parser("revoke", help="revoke one device (effective at its next request)")
    drev.add_argument("device_id")
    drev.set_defaults(func=run_device_revoke)

    registry = sub.add_parser("registry", help="the official enterprise registry")
    rsub = registry.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = rsub.add_parser("import", help="import an enterprise list (.csv or .xlsx)")
    imp.add_argument("file", type=Path)
    imp.add_argument(
        "--skip-invalid", action="store_true", help="import the valid rows even if some are invalid"
    )
    imp.add_argument(
        "--sheet", action="append", metavar="NAME", help="read only this sheet (repeatable)"
    )
    imp.set_defaults(func=run_registry_import)

    places = sub.add_parser("places", help="the list of provinces and communes")
    psub = places.add_subparsers(dest="action", metavar="ACTION", required=True)
    ppub = psub.add_parser("publish", help="publish a newer list (CSV like places.csv)")
    ppub.add_argument("file", type=Path)
    ppub.add_argument("--version", type=int, required=True, help="1, 2, ... (newest wins)")
    ppub.set_defaults(func=run_places_publish)

    template = sub.add_parser("template", help="checklist templates")
    tsub = template.add_subparsers(dest="action", metavar="ACTION", required=True)
    pub = tsub.add_parser("publish", help="publish a template version (TOML or JSON)")
    pub.add_argument("file", type=Path)
    pub.set_defaults(func=run_template_publish)

    move = sub.add_parser(
        "migrate-to", help="copy everything from this SQLite file into an empty PostgreSQL database"
    )
    move.add_argument("url", help="the PostgreSQL database, postgresql://user@host:5432/db")
    move.set_defaults(func=run_migrate_to)

    _user_commands(sub)

    status = sub.add_parser("status", help="counts of what headquarters holds")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=run_status)
    return parser


def _user_commands(sub: argparse._SubParsersAction) -> None:
    user = sub.add_parser("user", help="headquarters staff who log in to the web interface")
    usub = user.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = usub.add_parser("add", help="add a user; the password is read from standard input")
    add.add_argument("login")
    add.add_argument("--name", required=True, help="full name, shown in the interface")
    where = add.add_mutually_exclusive_group(required=True)
    where.add_argument("--province", help="the only province this user sees")
    where.add_argument("--all-provinces", action="store_true", help="a national user")
    add.add_argument("--role", required=True, choices=("admin", "reviewer", "viewer"))
    add.add_argument("--password-stdin", action="store_true", required=True)
    add.set_defaults(func=run_user_add)
    lst = usub.add_parser("list", help="list users")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=run_user_list)
    dis = usub.add_parser("disable", help="stop a user from logging in (effective at once)")
    dis.add_argument("login")
    dis.set_defaults(func=run_user_disable)
    pwd = usub.add_parser("password", help="set a new password, read from standard input")
    pwd.add_argument("login")
    pwd.add_argument("--password-stdin", action="store_true", required=True)
    pwd.set_defaults(func=run_user_password)


def _read_password() -> str:
    # One line: `echo "$PASS" | field-hq user add ...` or a here-string; never argv,
    # which other users of the machine can read in the process list.
    return sys.stdin.readline()


def run_user_add(args: argparse.Namespace) -> int:
    """Add a headquarters user."""
    from sync.server.users import add_user

    user = add_user(
        _hq(args),
        args.login,
        args.name,
        None if args.all_provinces else args.province,
        args.role,
        _read_password(),
    )
    where = "all provinces" if user.national else user.province
    print(f"user {user.login} ({user.name}, {user.role}, {where}) added")
    return 0


def run_user_list(args: argparse.Namespace) -> int:
    """List headquarters users."""
    from sync.server.users import list_users

    users = list_users(_hq(args))
    if args.json:
        rows = [
            {
                "login": u.login,
                "name": u.name,
                "province": u.province,
                "role": u.role,
                "state": "disabled" if u.disabled else "active",
            }
            for u in users
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not users:
        print("no users yet: add one with 'field-hq user add LOGIN --name N --role admin ...'")
    for u in users:
        where = "all provinces" if u.national else u.province
        state = "disabled" if u.disabled else "active"
        print(f"{u.login}\t{u.name}\t{u.role}\t{where}\t{state}")
    return 0


def run_user_disable(args: argparse.Namespace) -> int:
    """Disable a user."""
    from sync.server.users import disable_user

    disable_user(_hq(args), args.login)
    print(f"user {args.login} disabled: open sessions end at their next request")
    return 0


def run_user_password(args: argparse.Namespace) -> int:
    """Set a user's password."""
    from sync.server.users import set_password

    set_password(_hq(args), args.login, _read_password())
    print(f"new password set for {args.login}; older sessions no longer work")
    return 0


def _hq(args: argparse.Namespace):
    from sync.server.storage import HQStore

    return HQStore(args.db)


def run_serve(args: argparse.Namespace) -> int:
    """Serve the API until interrupted."""
    import uvicorn

    from sync.server.app import create_app

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"field-hq: listening on {args.host}: put it behind TLS (a reverse proxy)",
            file=sys.stderr,
        )
    app = create_app(args.db)  # opens (and migrates) the database, or says why not
    print(
        f"field-hq: serving {app.state.hq.location} on http://{args.host}:{args.port}/ (web)"
        " and /v1 (sync)",
        flush=True,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


def run_officer_add(args: argparse.Namespace) -> int:
    """Add an officer and print the code on the last line."""
    from sync.server.officers import add_officer

    code = add_officer(_hq(args), args.name, args.province)
    print(f"officer {args.name} ({args.province}) added; one-time enrollment code:")
    print(code)
    return 0


def run_officer_code(args: argparse.Namespace) -> int:
    """Issue a new code, printed last."""
    from sync.server.officers import new_code, replacement_code

    if args.replace:
        code, revoked = replacement_code(_hq(args), args.name)
        print(f"{revoked} earlier device(s) of {args.name} revoked")
    else:
        code = new_code(_hq(args), args.name)
    print(f"new enrollment code for {args.name} (an unused earlier code no longer works):")
    print(code)
    return 0


def run_device_list(args: argparse.Namespace) -> int:
    """List devices."""
    from sync.server.officers import list_devices

    return _print_rows(
        args,
        list_devices(_hq(args)),
        "no device is enrolled yet",
        lambda r: (
            f"{r['device_id']}\t{r['officer']}\t{r['device_name'] or '-'}\tenrolled"
            f" {r['enrolled']}\tlast seen {r['last_seen'] or '-'}\t{r['state']}"
        ),
    )


def _print_rows(
    args: argparse.Namespace, rows: list[dict[str, Any]], empty: str, line: Callable[..., str]
) -> int:
    """A `list` command's answer: the rows as JSON with --json, else one line a row
    (or `empty` when there are none)."""
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(empty)
    for r in rows:
        print(line(r))
    return 0


def run_device_revoke(args: argparse.Namespace) -> int:
    """Revoke one device."""
    from sync.server.officers import revoke_device

    officer = revoke_device(_hq(args), args.device_id)
    print(f"revoked device {args.device_id} of {officer}: it stops working at its next request")
    return 0


def run_officer_list(args: argparse.Namespace) -> int:
    """List officers."""
    from sync.server.officers import list_officers

    return _print_rows(
        args,
        list_officers(_hq(args)),
        "no officers yet: add one with 'field-hq officer add NAME --province P'",
        lambda r: (
            f"{r['name']}\t{r['province']}\t{r['state']}\t{r['devices']} device(s)"
            f"\tlast seen {r['last_seen'] or '-'}"
            + (", code not used yet" if r["code_pending"] else "")
        ),
    )


def run_officer_revoke(args: argparse.Namespace) -> int:
    """Revoke an officer."""
    from sync.server.officers import revoke_officer

    count = revoke_officer(_hq(args), args.name)
    print(f"revoked {args.name}: {count} device token(s) stop working at their next request")
    return 0


def run_registry_import(args: argparse.Namespace) -> int:
    """Import the registry and report."""
    from field_app.importer import ImportFileError
    from sync.server.admin import import_registry

    try:
        report = import_registry(
            _hq(args), args.file, skip_invalid=args.skip_invalid, sheets=args.sheet
        )
    except ImportFileError as exc:
        print(f"field-hq: {exc}", file=sys.stderr)
        return 2
    for line in report["summary"]:
        print(line)
    for warning in report["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    for row in report["rejected"]:
        print(f"line {row['line']}: {row['reason']}", file=sys.stderr)
    print(
        f"added {report['added']}, updated {report['updated']}, unchanged"
        f" {report['unchanged']}, rejected {len(report['rejected'])}"
    )
    if not report["written"]:
        print("nothing was imported: fix the rows above, or use --skip-invalid", file=sys.stderr)
        return 1
    return 0


def run_places_publish(args: argparse.Namespace) -> int:
    """Publish a place list."""
    from sync.server.admin import publish_places

    try:
        result = publish_places(_hq(args), args.file, args.version)
    except (ValueError, OSError) as exc:
        print(f"field-hq: {exc}", file=sys.stderr)
        return 2
    print(f"{result['place_list']}: {result['status']} ({result['communes']} communes)")
    return 0


def run_template_publish(args: argparse.Namespace) -> int:
    """Publish a template."""
    from sync.server.admin import publish_template

    result = publish_template(_hq(args), args.file)
    print(f"template {result['template']}: {result['status']}")
    return 0


def run_migrate_to(args: argparse.Namespace) -> int:
    """Copy the SQLite database into PostgreSQL and compare the counts."""
    from sync.server.move import copy_database

    report = copy_database(args.db, args.url, progress=lambda line: print(line, flush=True))
    print(
        f"copied {report.rows} rows in {len(report.tables)} tables and {report.files} file(s);"
        f" counts match. Serve it with: field-hq --db {report.target} serve"
    )
    return 0


def run_status(args: argparse.Namespace) -> int:
    """Print counts."""
    from sync.server.admin import status_counts

    report = status_counts(_hq(args))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for key, value in report.items():
            print(f"{key:<16} {value}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of `field-hq`."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except (ValueError, OSError) as exc:
        from pydantic import ValidationError

        if isinstance(exc, ValidationError):
            from field_app.models.common import describe_errors

            exc = ValueError("; ".join(describe_errors(exc)))
        print(f"field-hq: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
