"""The `field-app` command line: a thin layer over the library.

With no command it opens the interface. Each command lives in its own module under
`field_app/commands/` and registers itself; heavy imports happen inside commands so
that `field-app --help` and start-up stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from field_app import __version__

# Modules that add sub-commands, each exposing `register(subparsers)`.
COMMAND_MODULES = [
    "field_app.commands.importing",
    "field_app.commands.demo",
    "field_app.commands.status",
    "field_app.commands.settings",
    "field_app.commands.enroll",
    "field_app.commands.sync",
    "field_app.commands.export",
    "field_app.commands.report",
]


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every registered command."""
    parser = argparse.ArgumentParser(
        prog="field-app",
        description="Offline field tool for site visits, 5S audits and VietGAP checks.",
    )
    add_common_options(parser)
    parser.add_argument("--version", action="version", version=f"field-app {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _interface_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The arguments when they open the interface (no command, only --db/--lang), read
    without importing every command module (start-up is a budget); None otherwise, and
    the full parser reads them (help, version, commands, errors)."""
    bare = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    add_common_options(bare)
    try:
        args, rest = bare.parse_known_args(argv)
    except (argparse.ArgumentError, SystemExit):
        return None
    return None if rest else args


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """--db and --lang, accepted before or after the command name."""
    parser.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        help="database file (default: $FIELD_APP_DB or the user data folder)",
    )
    parser.add_argument(
        "--lang",
        choices=["vi", "en"],
        default=argparse.SUPPRESS,
        help="interface language (default: settings, then the system locale)",
    )


def resolve_language(arg: str | None) -> str:
    """--lang, then settings, then the system locale, then Vietnamese."""
    if arg:
        return arg
    configured = _configured_language()
    if configured:
        return configured
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return "vi" if value.lower().startswith("vi") else "en"
    return "vi"


def _configured_language() -> str:
    """The language in the settings file, read with tomllib alone: loading the full
    settings model (pydantic) here would cost the interface ~0.1 s of start-up."""
    from field_app.settings_peek import configured_language

    return configured_language()


def main(argv: list[str] | None = None) -> int:
    """Entry point of `field-app`; returns the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    args = _interface_arguments(argv) or build_parser().parse_args(argv)
    db = getattr(args, "db", None)
    args.db = Path(db).expanduser() if db else None
    args.lang = resolve_language(getattr(args, "lang", None))
    from field_app.i18n import set_language

    set_language(args.lang)
    handler = getattr(args, "func", None)
    try:
        if handler is None:
            return run_interface(args)
        status = int(handler(args) or 0)
        sys.stdout.flush()  # a reader gone away (`| head`) shows here, not at exit
        return status
    except BrokenPipeError:
        # Output piped into `head` that stopped reading: end quietly. Python would
        # complain again when it flushes stdout at exit, so point stdout nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # one clear line, not a traceback, for an officer
        from field_app.settings import SettingsError
        from field_app.store.db import StorageError

        if isinstance(exc, StorageError | SettingsError | OSError):
            print(f"field-app: {exc}", file=sys.stderr)
            return 1
        raise


def run_interface(args: argparse.Namespace) -> int:
    """Open the Textual interface (imported only now: the domain never needs it)."""
    import gc
    from datetime import date

    from field_app import locations
    from field_app.store.home_summary import EarlyRead

    # Importing the interface makes objects that all live on; collecting cycles among
    # them meanwhile is wasted time. The interface turns the collector back on.
    gc.disable()

    db = args.db or locations.default_db_path()
    # Home's data is read while the interface is imported (see bench/startup.py).
    early = EarlyRead(db, date.today())
    try:
        from screens.app import run_app
    except ImportError:
        gc.enable()
        build_parser().print_help()
        return 0
    return run_app(db=db, lang=args.lang, early_home=early)


if __name__ == "__main__":
    sys.exit(main())
