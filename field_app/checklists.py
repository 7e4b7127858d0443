"""Loading checklist templates from files, and checking templates received from sync.

A template with a mistake is refused as a whole, with a message naming the file and
the field to fix (e.g. ``5s_office.toml: field 'sections[sort].items[sort-2].text_en':
Field required``), so a broken form never reaches an officer half-loaded.
"""

from __future__ import annotations

import json
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from field_app.i18n import _
from field_app.kinds import checklist_kinds
from field_app.models.template import ChecklistTemplate

TEMPLATES_DIR = Path(__file__).parent / "templates"


class TemplateError(ValueError):
    """A template file or message cannot be used; the text names the source and field."""


def _field_path(data: Any, loc: tuple[Any, ...]) -> str:
    """Turn a pydantic location into a path an author can find in the file.

    List positions are shown by the element's own id or key when it has one
    (``sections[sort].items[sort-2]``), since nobody counts TOML tables by hand.
    """
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int):
            label = str(step + 1)
            if isinstance(node, list) and step < len(node):
                node = node[step]
                if isinstance(node, dict):
                    label = str(node.get("id") or node.get("key") or label)
            else:
                node = None
            if parts:
                parts[-1] += f"[{label}]"
            else:
                parts.append(f"[{label}]")
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return ".".join(parts)


def parse_template(data: Any, source: str) -> ChecklistTemplate:
    """Validate template data; raise TemplateError naming `source` and the field."""
    if not isinstance(data, dict):
        raise TemplateError(
            _("{source}: a template must be a table of fields").format(source=source)
        )
    try:
        return ChecklistTemplate.model_validate(data, context={"template_kinds": template_kinds()})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _field_path(data, tuple(first["loc"])) or _("template")
        message = first["msg"].removeprefix("Value error, ")
        more = len(exc.errors()) - 1
        text = _("{source}: field '{field}': {message}").format(
            source=source, field=where, message=message
        )
        if more:
            text += " " + _("(and {n} more problems)").format(n=more)
        raise TemplateError(text) from exc


def read_template_text(text: str, source: str, fmt: str = "toml") -> ChecklistTemplate:
    """Parse TOML or JSON text into a validated template."""
    try:
        data = tomllib.loads(text) if fmt == "toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise TemplateError(
            _("{source}: not valid {fmt} ({error})").format(
                source=source, fmt=fmt.upper(), error=exc
            )
        ) from exc
    return parse_template(data, source)


def load_template_file(path: Path) -> ChecklistTemplate:
    """Read one template file (.toml or .json)."""
    path = Path(path)
    fmt = "json" if path.suffix.lower() == ".json" else "toml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(
            _("{source}: cannot read the file ({error})").format(source=path.name, error=exc)
        ) from exc
    return read_template_text(text, path.name, fmt)


def load_template_dir(folder: Path) -> list[ChecklistTemplate]:
    """Every template in a folder; one bad file refuses the lot, naming that file."""
    templates: dict[tuple[str, int], ChecklistTemplate] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".toml", ".json"):
            continue
        tpl = load_template_file(path)
        if tpl.key in templates:
            raise TemplateError(
                _("{source}: template {id} version {version} is defined twice").format(
                    source=path.name, id=tpl.id, version=tpl.version
                )
            )
        templates[tpl.key] = tpl
    return list(templates.values())


@lru_cache(maxsize=1)
def bundled_templates() -> tuple[ChecklistTemplate, ...]:
    """The templates shipped with field-app (every version kept, so old records still open)."""
    return tuple(load_template_dir(TEMPLATES_DIR))


def template_kinds() -> list[str]:
    """The kinds a template may have: one per checklist kind of the registry."""
    return [k.checklist.template_kind for k in checklist_kinds() if k.checklist]


def newest(templates: list[ChecklistTemplate], kind: str | None = None) -> list[ChecklistTemplate]:
    """The newest version of each template id, optionally of one kind, sorted by id."""
    best: dict[str, ChecklistTemplate] = {}
    for tpl in templates:
        if kind is not None and tpl.kind != kind:
            continue
        if tpl.id not in best or tpl.version > best[tpl.id].version:
            best[tpl.id] = tpl
    return [best[k] for k in sorted(best)]
