"""The `field-app` command line: status, demo, settings, database selection."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from field_app import locations
from field_app.cli import main
from field_app.settings import Settings, SettingsError, load_settings, save_settings
from field_app.store import SCHEMA_VERSION, open_store


def status(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main([*args, "status", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_status_json_keys_on_a_new_database(db_path: Path, capsys) -> None:
    report = status(capsys, "--db", str(db_path))
    for key in ("db", "schema_version", "enterprises", "visits", "pending_changes", "last_sync"):
        assert key in report
    assert report["db"] == str(db_path)
    assert report["schema_version"] == SCHEMA_VERSION
    assert (report["enterprises"], report["visits"], report["pending_changes"]) == (0, 0, 0)
    assert report["last_sync"] is None
    assert report["drafts"] == 0


def test_status_counts_drafts_of_every_kind(db_path: Path, capsys) -> None:
    from field_app.store import open_store

    with open_store(db_path, "Nguyễn Văn An") as store:
        ent = store.enterprises.add({"name": "HTX Chè Bản Mới", "province": "Lạng Sơn"}).id
        store.visits.save_draft({"enterprise_id": ent, "visit_date": "16/03/2026"})
        done = store.visits.save_draft(
            {
                "enterprise_id": ent,
                "visit_date": "16/03/2026",
                "officers": ["An"],
                "findings": "Kho gọn.",
            }
        )
        store.visits.complete(done.id)
    report = status(capsys, "--db", str(db_path))
    assert report["visits"] == 2
    assert report["drafts"] == 1
    assert report["drafts_by_kind"]["visits"] == 1
    assert report["drafts_by_kind"]["audits_5s"] == 0
    assert "vietgap_checks" in report["drafts_by_kind"]


def test_default_database_lives_in_the_user_data_folder(isolated_home: Path, capsys) -> None:
    report = status(capsys)
    assert Path(report["db"]) == locations.data_dir() / "field-app.db"
    assert Path(report["db"]).is_relative_to(isolated_home)
    assert Path(report["db"]).exists()


def test_field_app_db_environment_variable(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("FIELD_APP_DB", str(tmp_path / "other.db"))
    assert status(capsys)["db"] == str(tmp_path / "other.db")
    # --db wins over the environment, before or after the command name.
    assert main(["status", "--json", "--db", str(tmp_path / "third.db")]) == 0
    assert json.loads(capsys.readouterr().out)["db"] == str(tmp_path / "third.db")


def test_demo_is_realistic_and_deterministic(tmp_path: Path, capsys) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    args = ["demo", "--enterprises", "150", "--visits", "90", "--seed", "5"]
    for path in (a, b):
        assert main(["--db", str(path), *args]) == 0
    assert "150" in capsys.readouterr().out
    report = status(capsys, "--db", str(a))
    assert (report["enterprises"], report["visits"]) == (150, 90)
    assert report["pending_changes"] > 150  # demo records are ordinary records: they sync

    def content(path: Path) -> list[tuple]:
        with open_store(path) as store:
            return [
                tuple(r)
                for r in store.query(
                    "SELECT name, kind, tax_code, province, commune FROM enterprises ORDER BY rid"
                )
            ]

    rows = content(a)
    assert rows == content(b)
    assert {r[1] for r in rows} == {"enterprise", "cooperative", "household", "coop_group", "farm"}
    assert {"Lạng Sơn", "Lai Châu", "Tuyên Quang"} <= {r[3] for r in rows}
    assert any(ch in "".join(r[0] for r in rows) for ch in "đĐơư")
    with open_store(a) as store:
        dates = [r[0] for r in store.query("SELECT visit_date FROM visits ORDER BY visit_date")]
    assert dates[0][:4] != dates[-1][:4]  # spread over two years


def test_demo_refuses_negative_counts(db_path: Path, capsys) -> None:
    assert main(["--lang", "en", "--db", str(db_path), "demo", "--enterprises", "-1"]) == 2
    assert "must be 0 or more" in capsys.readouterr().out


def test_settings_defaults_are_documented_and_round_trip(isolated_home: Path) -> None:
    defaults = load_settings()
    assert defaults.support.cost_share_percent == 50 and defaults.support.cap_vnd == 50_000_000
    assert [b.min_percent for b in defaults.rating_bands] == [90, 80, 60, 0]
    assert defaults.band_for(85).label_en == "Very good"
    for name, field in Settings.model_fields.items():
        assert field.description, f"setting {name} has no documentation"
    saved = defaults.model_copy(update={"officer_name": "Hà Thị Thu", "province": "Lai Châu"})
    path = save_settings(saved)
    assert path.is_relative_to(isolated_home)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert load_settings().officer_name == "Hà Thị Thu"


def test_a_broken_settings_file_says_what_to_fix(capsys) -> None:
    path = locations.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text("[support]\ncost_share_percent = 150\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"support\.cost_share_percent"):
        load_settings()
    path.write_text("officer_name = 'unterminated\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings()
    assert main(["--lang", "en", "settings"]) == 1
    assert "not valid TOML" in capsys.readouterr().err


def test_settings_command_sets_values(capsys) -> None:
    assert main(["--lang", "en", "settings", "--set", "province", "Tuyên Quang"]) == 0
    assert "Tuyên Quang" in capsys.readouterr().out
    assert load_settings().province == "Tuyên Quang"


def test_installed_command_runs_in_a_fresh_process(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("field-app")
    result = subprocess.run(
        [str(exe), "--db", str(tmp_path / "x.db"), "status", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "FIELD_APP_HOME": str(tmp_path / "home")},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["enterprises"] == 0


def test_an_unwritable_database_location_is_one_clear_line(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--db", str(blocker / "sub" / "x.db"), "status"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("field-app:") and len(err.strip().splitlines()) == 1


def test_demo_stays_in_the_officers_province(db_path: Path, capsys) -> None:
    assert main(["--lang", "en", "settings", "--set", "province", "lai chau"]) == 0
    assert main(["--db", str(db_path), "demo", "--enterprises", "40", "--visits", "5"]) == 0
    capsys.readouterr()
    with open_store(db_path) as store:
        provinces = {r[0] for r in store.query("SELECT DISTINCT province FROM enterprises")}
    assert provinces == {"Lai Châu"}
