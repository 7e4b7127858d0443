"""`field-app settings`: show the settings file, or set a value in it."""

from __future__ import annotations

import argparse
from typing import Any

from field_app import locations
from field_app.commands.common import add_subcommand
from field_app.i18n import _, current_language, format_money, format_number


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
    for line in describe_settings(settings, locations.settings_path()):
        print(line)
    return 0


def describe_settings(settings: Any, path: Any) -> list[str]:
    """The settings as a person would write them: bands as "≥ 90%: Đẳng cấp thế giới",
    money as 50.000.000 ₫, nested settings indented, never Python objects."""
    lines = [f"# {path}"]
    for name, field in type(settings).model_fields.items():
        value = getattr(settings, name)
        doc = f"    # {field.description}" if field.description else ""
        if name == "rating_bands":
            lines.append(f"{name}:{doc}")
            lines += [f"  ≥ {_percent(band.min_percent)}: {_label(band)}" for band in value]
        elif hasattr(value, "model_dump"):
            lines.append(f"{name}:{doc}")
            lines += [f"  {key} = {_shown(key, item)}" for key, item in value.model_dump().items()]
        else:
            lines.append(f"{name} = {_shown(name, value)}{doc}")
    return lines


def _label(band: Any) -> str:
    return band.label_vi if current_language() == "vi" else band.label_en


def _percent(value: float) -> str:
    text = f"{value:g}%"
    return text.replace(".", ",") if current_language() == "vi" else text


def _shown(name: str, value: Any) -> str:
    """One value as written by hand."""
    if value is None or value == "":
        return _("(not set)")
    if name.endswith("_vnd") and isinstance(value, int | float):
        return format_money(value)
    if name.endswith("_percent") and isinstance(value, int | float):
        return _percent(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    return str(value)
