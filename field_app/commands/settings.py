"""`field-app settings`: show the settings file, or set a value in it."""

from __future__ import annotations

import argparse

from field_app import locations
from field_app.commands.common import add_subcommand


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `settings` command."""
    parser = add_subcommand(sub, "settings", "show or change the officer's settings")
    parser.add_argument(
        "--set",
        nargs=2,
        metavar=("KEY", "VALUE"),
        action="append",
        help="set a top-level value, e.g. --set province 'Lạng Sơn'",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print every setting with its documentation, after applying any --set."""
    from field_app.settings import Settings, load_settings, save_settings  # pydantic: only now

    settings = load_settings()
    if args.set:
        data = settings.model_dump()
        for key, value in args.set:
            if key not in Settings.model_fields or isinstance(data[key], dict | list):
                print(f"field-app: '{key}' cannot be set here; edit {locations.settings_path()}")
                return 2
            data[key] = value
        settings = Settings.model_validate(data)
        save_settings(settings)
    print(f"# {locations.settings_path()}")
    for name, field in Settings.model_fields.items():
        doc = field.description or ""
        print(f"{name} = {getattr(settings, name)!r}" + (f"    # {doc}" if doc else ""))
    return 0
