"""Export kinds for 5S audits, their items, VietGAP checks and corrective actions.

Scores are computed with the audits domain's own functions (`field_app.scoring`)
against the template version each record was made with, so a sheet shows exactly
what the audit screen showed. The pillars are data (5S or 6S), so the audit sheet
has one % column per pillar found in the templates in use.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from field_app.export.kinds import (
    DATE,
    INT,
    PERCENT,
    Column,
    Kind,
    Period,
    joined,
    owner_columns,
    status_label,
    stream,
    to_date,
)
from field_app.i18n import _, round_percent
from field_app.kinds import ACTION, AUDIT_5S, KINDS, VIETGAP_CHECK

if TYPE_CHECKING:
    from field_app.models.template import ChecklistTemplate
    from field_app.store import Store


class TemplateCache:
    """Templates by (id, version), looked up once per export; None when not on the device."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.found: dict[tuple[str, int], ChecklistTemplate | None] = {}

    def get(self, template_id: str, version: int) -> ChecklistTemplate | None:
        """The template, or None if this device does not have that version."""
        key = (template_id, version)
        if key not in self.found:
            try:
                self.found[key] = self.store.templates.get(template_id, version)
            except KeyError:
                self.found[key] = None
        return self.found[key]


def yes_no(value: bool | None) -> str:
    """Yes/No in the interface language ("" when unknown)."""
    if value is None:
        return ""
    return _("yes") if value else _("no")


def pillar_columns(store: Store) -> list[tuple[str, str]]:
    """(section key, title) of every pillar in the 5S templates used, in form order."""
    cache = TemplateCache(store)
    pillars: dict[str, str] = {}
    for tid, version in store.query(
        "SELECT DISTINCT template_id, template_version FROM audits_5s ORDER BY 1, 2"
    ):
        template = cache.get(tid, version)
        for section in template.sections if template else ():
            pillars.setdefault(section.key, section.title())
    return list(pillars.items())


# -- 5S audits -------------------------------------------------------------------------


def _audit_sql(period: Period) -> tuple[str, list[Any]]:
    where, params = period.of(AUDIT_5S, "a")
    sql = (
        "SELECT a.id, a.enterprise_id, e.name, a.area, a.template_id, a.template_version,"
        " a.audit_date, a.auditors, a.items, a.notes, a.total_percent, a.status, a.supersedes"
        " FROM audits_5s a LEFT JOIN enterprises e ON e.id = a.enterprise_id"
        f" WHERE {where} ORDER BY a.audit_date, a.id"
    )
    return sql, params


def audits_kind(store: Store) -> Kind:
    """5S audits: who, where, when, the % of each S and the total."""
    from field_app.models.audit_5s import Audit5S
    from field_app.scoring import score_audit
    from field_app.settings import load_settings

    pillars = pillar_columns(store)
    try:
        settings = load_settings()
    except ValueError:
        settings = None

    def rows(store: Store, period: Period) -> Iterator[tuple[Any, ...]]:
        cache = TemplateCache(store)
        sql, params = _audit_sql(period)
        for r in stream(store, sql, params):
            template = cache.get(r[4], r[5])
            per_s: list[float | None] = [None] * len(pillars)
            total = r[10]
            band = ""
            if template is not None:
                audit = Audit5S.model_construct(items=[_item(i) for i in json.loads(r[8] or "[]")])
                score = score_audit(template, audit, settings)
                per_s = [_pillar_fraction(score, key) for key, _title in pillars]
                if total is None:
                    total = score.percent
                band = score.rating()
            title = template.title() if template else r[4]
            yield (
                r[0], r[1], r[2], r[3], f"{title} (v{r[5]})", to_date(r[6]), joined(r[7]),
                *per_s, _fraction(total), band, status_label(r[11]), r[9], r[12],
            )  # fmt: skip

    return Kind(
        key="audits_5s",
        title=_("5S audits"),
        columns=(
            *owner_columns(),
            Column(_("Area"), width=25),
            Column(_("Checklist"), width=30),
            Column(_("Audit date"), DATE),
            Column(_("Auditors"), width=25),
            *(Column(title, PERCENT, width=14) for _k, title in pillars),
            Column(_("Total %"), PERCENT, width=10),
            Column(_("Rating"), width=18),
            Column(_("Status"), width=12),
            Column(_("Notes"), width=40),
            Column(_("Corrects audit"), width=38),
        ),
        rows=rows,
        count_sql="SELECT count(*) FROM audits_5s a WHERE {where}",
        where=lambda p: p.of(AUDIT_5S, "a"),
    )


def _item(data: dict[str, Any]) -> Any:
    from field_app.models.audit_5s import ItemScore

    return ItemScore.model_construct(
        item_id=data.get("item_id", ""),
        score=data.get("score"),
        not_applicable=bool(data.get("not_applicable")),
        note=data.get("note", ""),
        attachments=data.get("attachments") or [],
    )


def _pillar_fraction(score: Any, key: str) -> float | None:
    pillar = score.pillar(key)
    return None if pillar is None else _fraction(pillar.percent)


def _fraction(percent: float | None) -> float | None:
    # Sheets hold 0.875 shown as 87.5%, so it computes as a percentage; rounded as the
    # screen and the PDF round (round_percent), then again after dividing: 43.8 / 100 is
    # 0.43799999999999994 in binary floating point.
    return None if percent is None else round(round_percent(percent) / 100, 4)


def audit_items_kind() -> Kind:
    """Every item answer of every 5S audit: score, N/A, note."""

    def rows(store: Store, period: Period) -> Iterator[tuple[Any, ...]]:
        cache = TemplateCache(store)
        sql, params = _audit_sql(period)
        for r in stream(store, sql, params):
            template = cache.get(r[4], r[5])
            answers = {a.get("item_id"): a for a in json.loads(r[8] or "[]")}
            order = [i.id for _s, i in template.items()] if template else list(answers)
            order += [i for i in answers if i not in order]
            top = template.scoring.max_score if template else None
            for item_id in order:
                a = answers.get(item_id, {})
                section = template.section_of(item_id) if template else None
                item = template.item(item_id) if template else None
                yield (
                    r[0], item_id, r[1], r[2], to_date(r[6]), r[3],
                    section.title() if section else "", item.text() if item else "",
                    a.get("score"), top, yes_no(bool(a.get("not_applicable"))),
                    a.get("note", ""), len(a.get("attachments") or []),
                )  # fmt: skip

    return Kind(
        key="audit_items",
        title=_("5S audit items"),
        columns=(
            Column(_("Audit id"), width=38),
            Column(_("Item"), width=14),
            Column(_("Enterprise id"), width=38),
            Column(_("Enterprise"), width=40),
            Column(_("Audit date"), DATE),
            Column(_("Area"), width=25),
            Column(_("Pillar"), width=22),
            Column(_("Item text"), width=60),
            Column(_("Score"), INT, width=8),
            Column(_("Max score"), INT, width=8),
            Column(_("Not applicable"), width=10),
            Column(_("Note"), width=40),
            Column(_("Photos"), INT, width=8),
        ),
        rows=rows,
        # Answers stored, for progress (unanswered template items add a few rows).
        count_sql="SELECT coalesce(sum(json_array_length(a.items)), 0) FROM audits_5s a"
        " WHERE {where}",
        where=lambda p: p.of(AUDIT_5S, "a"),
    )


# -- VietGAP checks --------------------------------------------------------------------


def vietgap_kind() -> Kind:
    """VietGAP checks with readiness, mandatory criteria passed and failing criteria."""
    from field_app.models.vietgap import CriterionResult, VietGAPCheck
    from field_app.scoring import readiness

    def rows(store: Store, period: Period) -> Iterator[tuple[Any, ...]]:
        cache = TemplateCache(store)
        where, params = period.of(VIETGAP_CHECK, "c")
        sql = (
            "SELECT c.id, c.enterprise_id, e.name, c.scope, c.template_id, c.template_version,"
            " c.check_date, c.auditors, c.results, c.notes, c.ready, c.recommended_percent,"
            " c.status, c.supersedes FROM vietgap_checks c LEFT JOIN enterprises e"
            f" ON e.id = c.enterprise_id WHERE {where} ORDER BY c.check_date, c.id"
        )
        for r in stream(store, sql, params):
            template = cache.get(r[4], r[5])
            ready, rec = r[10], r[11]
            passed = failing = ""
            standard = ""
            if template is not None:
                results = [CriterionResult.model_validate(x) for x in json.loads(r[8] or "[]")]
                state = readiness(template, VietGAPCheck.model_construct(results=results))
                if ready is None:  # a draft: readiness so far
                    ready, rec = state.ready, state.recommended_percent
                passed = f"{state.mandatory_passed}/{state.mandatory_applicable}"
                failing = "; ".join(f"{i.id} {i.text()}" for i in state.failing_mandatory)
                standard = template.standard.code
            yield (
                r[0], r[1], r[2], r[3], standard, to_date(r[6]), joined(r[7]),
                yes_no(None if ready is None else bool(ready)), passed, _fraction(rec), failing,
                status_label(r[12]), r[9], r[13],
            )  # fmt: skip

    return Kind(
        key="vietgap_checks",
        title=_("VietGAP checks"),
        columns=(
            *owner_columns(),
            Column(_("Scope"), width=30),
            Column(_("Standard"), width=20),
            Column(_("Check date"), DATE),
            Column(_("Auditors"), width=25),
            Column(_("Ready"), width=8),
            Column(_("Mandatory passed"), width=10),
            Column(_("Recommended criteria met %"), PERCENT, width=14),
            Column(_("Failing mandatory criteria"), width=60),
            Column(_("Status"), width=12),
            Column(_("Notes"), width=40),
            Column(_("Corrects check"), width=38),
        ),
        rows=rows,
        count_sql="SELECT count(*) FROM vietgap_checks c WHERE {where}",
        where=lambda p: p.of(VIETGAP_CHECK, "c"),
    )


# -- corrective actions ----------------------------------------------------------------


def source_label(kind: str | None) -> str:
    """Where an action came from (a record kind's label), in the interface language."""
    if not kind:
        return _("added by hand")
    record_kind = KINDS.get(kind)
    return _(record_kind.label) if record_kind else kind


def actions_kind() -> Kind:
    """Corrective actions: what, who, due date, status and the officer's check note."""

    def rows(store: Store, period: Period) -> Iterator[tuple[Any, ...]]:
        where, params = period.of(ACTION, "a")
        sql = (
            "SELECT a.id, a.enterprise_id, e.name, a.source_kind, a.source_id, a.item_id,"
            " a.what, a.who, a.due_date, a.status, a.done_on, a.check_note, a.created_at"
            " FROM actions a LEFT JOIN enterprises e ON e.id = a.enterprise_id"
            f" WHERE {where} ORDER BY a.due_date IS NULL, a.due_date, a.id"
        )
        for r in stream(store, sql, params):
            yield (
                r[0], r[1], r[2], source_label(r[3]), r[4], r[5], r[6], r[7], to_date(r[8]),
                status_label(r[9]), to_date(r[10]), r[11], to_date(r[12]),
            )  # fmt: skip

    return Kind(
        key="actions",
        title=_("Corrective actions"),
        columns=(
            *owner_columns(),
            Column(_("Raised by"), width=14),
            Column(_("Raised by record"), width=38),
            Column(_("Item"), width=12),
            Column(_("What to fix"), width=50),
            Column(_("Responsible"), width=22),
            Column(_("Due date"), DATE),
            Column(_("Status"), width=12),
            Column(_("Done on"), DATE),
            Column(_("Check note"), width=40),
            Column(_("Created on"), DATE),
        ),
        rows=rows,
        count_sql="SELECT count(*) FROM actions a WHERE {where}",
        where=lambda p: p.of(ACTION, "a"),
    )
