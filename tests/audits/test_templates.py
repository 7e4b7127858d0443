"""Checklist templates: the shipped forms, bad files, and newer versions from headquarters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from field_app.checklists import (
    TemplateError,
    bundled_templates,
    load_template_dir,
    load_template_file,
)
from field_app.models.template import Level, TemplateKind
from field_app.store import Store, open_store

from .forms import DATA, make_audit

FIVE_S_PILLARS = ["sort", "set_in_order", "shine", "standardize", "sustain"]


def test_shipped_5s_forms_cover_three_workplaces_with_3_to_6_items_per_s() -> None:
    forms = {t.area_kind: t for t in bundled_templates() if t.kind == TemplateKind.FIVE_S}
    assert set(forms) >= {"production", "warehouse", "office"}
    for form in forms.values():
        assert [s.key for s in form.sections] == FIVE_S_PILLARS
        assert (form.scoring.min_score, form.scoring.max_score, form.scoring.allow_na) == (
            0,
            4,
            True,
        )
        for section in form.sections:
            assert 3 <= len(section.items) <= 6, (form.id, section.key)
            assert section.title_vi != section.title_en
            for item in section.items:
                assert item.text_vi and item.text_en and item.text_vi != item.text_en
                assert item.guidance_vi and item.guidance_en, (form.id, item.id)
        assert form.standard.code and form.standard.year


def test_shipped_vietgap_form_has_the_requirement_areas_and_40_criteria() -> None:
    (form,) = [t for t in bundled_templates() if t.kind == TemplateKind.VIETGAP]
    assert form.standard.code == "TCVN 11892-1:2017"
    assert form.standard.year == 2017
    items = [i for _s, i in form.items()]
    assert len(items) >= 40
    levels = {i.level for i in items}
    assert levels == {Level.MANDATORY, Level.RECOMMENDED}
    keys = {s.key for s in form.sections}
    assert {
        "training",
        "infrastructure",
        "procedure",
        "records",
        "workers",
        "internal_inspection",
        "complaints",
        "site",
        "planting_material",
        "soil_water",
        "fertilisers",
        "plant_protection",
        "harvest",
        "waste",
    } <= keys
    texts = " ".join(i.text_vi for i in items)
    assert "thời gian cách ly" in texts  # pre-harvest interval, spelled with its marks


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_template_with_a_missing_field_names_the_file_and_the_field(tmp_path: Path) -> None:
    text = (DATA / "6s-test.v1.toml").read_text(encoding="utf-8")
    broken = text.replace('text_en = "Floors clean."\n', "")
    path = _write(tmp_path, "broken-6s.toml", broken)
    with pytest.raises(TemplateError) as err:
        load_template_file(path)
    message = str(err.value)
    assert "broken-6s.toml" in message
    assert "sections[shine].items[t-s3-1].text_en" in message


def test_a_template_with_a_wrong_value_names_the_field(tmp_path: Path) -> None:
    text = (DATA / "6s-test.v1.toml").read_text(encoding="utf-8")
    path = _write(tmp_path, "bad-version.toml", text.replace("version = 1", 'version = "one"'))
    with pytest.raises(TemplateError, match=r"bad-version\.toml: field 'version'"):
        load_template_file(path)
    path = _write(tmp_path, "bad-max.toml", text.replace("max_score = 4", "max_score = 12"))
    with pytest.raises(TemplateError, match=r"bad-max\.toml: field 'scoring'.*max"):
        load_template_file(path)


def test_a_vietgap_criterion_without_level_and_repeated_ids_are_refused(tmp_path: Path) -> None:
    (form,) = [t for t in bundled_templates() if t.kind == TemplateKind.VIETGAP]
    data = form.model_dump(mode="json")
    data["sections"][2]["items"][0]["level"] = None
    path = _write(tmp_path, "vietgap-nolevel.json", json.dumps(data, ensure_ascii=False))
    with pytest.raises(TemplateError, match=r"vietgap-nolevel\.json.*vg-3\.1.*level"):
        load_template_file(path)
    data = form.model_dump(mode="json")
    data["sections"][1]["items"][0]["id"] = data["sections"][0]["items"][0]["id"]
    path = _write(tmp_path, "vietgap-dup.json", json.dumps(data, ensure_ascii=False))
    with pytest.raises(TemplateError, match=r"vietgap-dup\.json.*vg-1\.1.*repeated"):
        load_template_file(path)


def test_a_template_file_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "garbage.toml", "id = \n[[[")
    with pytest.raises(TemplateError, match=r"garbage\.toml: not valid TOML"):
        load_template_file(path)


def test_one_bad_file_in_a_folder_refuses_the_folder_naming_that_file(tmp_path: Path) -> None:
    good = (DATA / "6s-test.v1.toml").read_text(encoding="utf-8")
    _write(tmp_path, "a-good.toml", good)
    _write(tmp_path, "b-bad.toml", good.replace('kind = "5s"', 'kind = "6s"'))
    with pytest.raises(TemplateError, match=r"b-bad\.toml: field 'kind'"):
        load_template_dir(tmp_path)


def _newer_production_form() -> dict:
    form = next(t for t in bundled_templates() if t.id == "5s-production")
    data = form.model_dump(mode="json")
    data["version"] = form.version + 1
    data["sections"][0]["items"].pop()  # version 2 drops an item
    data["sections"][0]["items"][0]["text_en"] = "No surplus items at all (v2 wording)."
    return data


def test_a_newer_version_from_headquarters_is_used_for_new_records_only(
    store: Store, db_path: Path
) -> None:
    enterprise = store.enterprises.add({"name": "HTX Rau an toàn Văn Quan"})
    old_form = store.templates.get("5s-production")
    old = store.audits_5s.complete(make_audit(old_form, enterprise.id, default=3))
    installed = store.templates.install(json.dumps(_newer_production_form()))
    assert installed.version == old_form.version + 1
    # New audits get the newest version by default...
    assert store.templates.get("5s-production").version == installed.version
    latest = {t.id: t.version for t in store.templates.latest(TemplateKind.FIVE_S)}
    assert latest["5s-production"] == installed.version
    # ...while the old audit still opens with, and scores against, the form it was made with.
    again = store.audits_5s.get(old.id)
    assert again is not None
    assert again.template_version == old_form.version
    assert len(store.audits_5s.template_of(again).items()) == 30
    assert store.audits_5s.score(again).percent == 75.0
    store.close()
    with open_store(db_path) as reopened:  # installed versions survive a restart
        assert reopened.templates.get("5s-production").version == installed.version
        assert len(reopened.templates.get("5s-production").items()) == 29


def test_installing_is_idempotent_and_a_released_version_never_changes(store: Store) -> None:
    data = _newer_production_form()
    store.templates.install(data)
    store.templates.install(data)  # the same message twice: fine
    assert store.scalar("SELECT count(*) FROM templates") == 1
    data["title_en"] = "Changed behind our back"
    with pytest.raises(TemplateError, match="already exists with different content"):
        store.templates.install(data)
    bad = _newer_production_form()
    bad["version"] = 9
    del bad["sections"][1]["items"][0]["text_vi"]
    with pytest.raises(TemplateError, match=r"template from headquarters: field 'sections\["):
        store.templates.install(bad)
    with pytest.raises(TemplateError, match="not valid JSON"):
        store.templates.install(b"{not json")
    assert store.scalar("SELECT count(*) FROM templates") == 1


def test_unknown_template_is_a_clear_error(store: Store) -> None:
    with pytest.raises(KeyError, match="no checklist template 5s-kitchen"):
        store.templates.get("5s-kitchen")
    with pytest.raises(KeyError, match="5s-office v7"):
        store.templates.get("5s-office", 7)


def test_templates_written_by_sync_are_seen_and_a_bad_one_is_skipped(store: Store) -> None:
    data = _newer_production_form()
    assert store.templates.get("5s-production").version == 1
    # Sync writes the row itself (see sync/server/admin.py publish_template).
    with store.atomic() as conn:
        conn.execute(
            "INSERT INTO templates (id, version, kind, body, installed_at) VALUES (?, ?, ?, ?, ?)",
            (data["id"], data["version"], "5s", json.dumps(data), "2026-11-22T00:00:00.000Z"),
        )
        broken = {**data, "version": 3, "sections": []}
        conn.execute(
            "INSERT INTO templates (id, version, kind, body, installed_at) VALUES (?, ?, ?, ?, ?)",
            (data["id"], 3, "5s", json.dumps(broken), "2026-11-22T00:00:01.000Z"),
        )
    assert store.templates.get("5s-production").version == 2
    assert len(store.templates.problems) == 1
    assert "template 5s-production v3: field 'sections'" in store.templates.problems[0]
    assert store.templates.get("vietgap-crop").version == 1  # the rest keep working
