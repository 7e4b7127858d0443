"""What every command needs: the database path, the settings, an open store."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from field_app import locations

if TYPE_CHECKING:  # imported when a command runs: the parser (and the interface) start faster
    from field_app.settings import Settings
    from field_app.store import Store


def db_path(args: argparse.Namespace) -> Path:
    """--db, else FIELD_APP_DB, else the default in the user data folder."""
    return args.db or locations.default_db_path()


def open_from_args(args: argparse.Namespace) -> tuple[Store, Settings]:
    """Open the store named by the arguments, with the officer's settings."""
    from field_app.settings import load_settings
    from field_app.store import open_store

    settings = load_settings()
    return open_store(db_path(args), settings.officer_name), settings


def add_subcommand(
    sub: argparse._SubParsersAction, name: str, help_text: str
) -> argparse.ArgumentParser:
    """A sub-command parser that also accepts --db and --lang after its name."""
    from field_app.cli import add_common_options

    parser = sub.add_parser(name, help=help_text, description=help_text)
    add_common_options(parser)
    return parser
