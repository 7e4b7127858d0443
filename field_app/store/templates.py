"""Checklist templates available on this device: bundled files plus versions from headquarters.

Headquarters may publish a newer version of a template (say, for a revised
standard). Sync hands it to `TemplateRepo.install`, which validates it and keeps it
in the `templates` table beside every older version, so records made with an older
version still open with the form they were filled against.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from field_app.checklists import TemplateError, bundled_templates, newest, parse_template
from field_app.clock import utc_now
from field_app.i18n import _
from field_app.models.template import ChecklistTemplate

if TYPE_CHECKING:
    from field_app.store.store import Store


class TemplateRepo:
    """Look up templates by (id, version); install new versions pulled from headquarters."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._installed: dict[tuple[str, int], ChecklistTemplate] = {}
        self._seen: tuple[Any, ...] | None = None
        self.problems: list[str] = []
        """Installed rows that could not be used, each saying which and why."""

    def _load_installed(self) -> dict[tuple[str, int], ChecklistTemplate]:
        # Sync may write rows straight into the table, so the cache is keyed on what
        # the table holds now (a tiny table: this costs one indexed read).
        seen = tuple(self.store.query("SELECT count(*), max(installed_at) FROM templates")[0])
        if seen == self._seen:
            return self._installed
        found: dict[tuple[str, int], ChecklistTemplate] = {}
        problems: list[str] = []
        for row in self.store.query("SELECT id, version, body FROM templates"):
            source = f"template {row['id']} v{row['version']}"
            try:
                body = json.loads(row["body"])
                found[(row["id"], row["version"])] = parse_template(body, source)
            except (TemplateError, json.JSONDecodeError, TypeError) as exc:
                # One bad template from afar must not stop the bundled forms working.
                problems.append(str(exc))
        self._installed, self._seen, self.problems = found, seen, problems
        return found

    def all(self) -> list[ChecklistTemplate]:
        """Every version of every template: bundled and installed."""
        merged = {t.key: t for t in self._load_installed().values()}
        merged.update({t.key: t for t in bundled_templates()})
        return sorted(merged.values(), key=lambda t: (t.id, t.version))

    def latest(self, kind: str | None = None) -> list[ChecklistTemplate]:
        """The newest version of each template (what a new audit or check uses)."""
        return newest(self.all(), kind or None)

    def get(self, template_id: str, version: int | None = None) -> ChecklistTemplate:
        """A template by id and version (newest when version is None); KeyError if unknown."""
        matches = [t for t in self.all() if t.id == template_id]
        if version is not None:
            matches = [t for t in matches if t.version == version]
        if not matches:
            what = f"{template_id} v{version}" if version is not None else template_id
            raise KeyError(_("no checklist template {what} on this device").format(what=what))
        return max(matches, key=lambda t: t.version)

    def install(
        self, data: dict[str, Any] | str | bytes, source: str = "headquarters"
    ) -> ChecklistTemplate:
        """Validate a template pulled from headquarters and keep it; return it.

        Installing the same (id, version) again is a no-op; a different body under a
        released (id, version) is refused, because records made with it must not change.
        """
        label = _("template from {source}").format(source=source)
        if isinstance(data, bytes | str):
            try:
                data = json.loads(data)
            except json.JSONDecodeError as exc:
                raise TemplateError(
                    _("{source}: not valid JSON ({error})").format(source=label, error=exc)
                ) from exc
        template = parse_template(data, label)
        body = template.model_dump(mode="json")
        existing = {t.key: t for t in self.all()}.get(template.key)
        if existing is not None:
            if existing.model_dump(mode="json") != body:
                raise TemplateError(
                    _(
                        "{source}: template {id} version {version} already exists with "
                        "different content; publish it as a new version"
                    ).format(source=label, id=template.id, version=template.version)
                )
            return existing
        with self.store.atomic() as conn:
            conn.execute(
                "INSERT INTO templates (id, version, kind, body, installed_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    template.id,
                    template.version,
                    template.kind,
                    json.dumps(body, ensure_ascii=False),
                    utc_now(),
                ),
            )
        self._seen = None
        return template
