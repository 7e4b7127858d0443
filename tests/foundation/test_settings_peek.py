"""The start-up glance at the settings file reads the language and the officer's name
as the settings model does, however the file is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from field_app import settings_peek
from field_app.settings import Settings, load_settings, save_settings

WRITTEN = [
    'officer_name = "Nguyễn Văn An"\nlanguage = "en"\n',
    'language = "en" # chosen at the welcome\nofficer_name = "Trần  Thị Bình "\n',
    'officer_name = "Lê \\"Tư\\" Văn"\nlanguage = "vi"\n',  # an escape: tomllib reads it
    "officer_name = 'Hà Văn Nam'\nlanguage = 'en'\n",  # literal strings
    'officer_name = """Đỗ\nVăn Hai"""\nlanguage = "vi"\n',  # a multi-line string
    '[support]\nlanguage = "en"\n',  # not top level: no language
    'language = "fr"\n',
    "officer_name = = broken\n",
    "",
]


@pytest.mark.parametrize("text", WRITTEN)
def test_the_glance_agrees_with_the_settings_model(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELD_APP_HOME", str(tmp_path))
    path = tmp_path / "config" / "settings.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    try:
        settings = load_settings()
    except Exception:  # a broken file: the glance gives nothing, the model reports it
        assert settings_peek.officer_name() == "" and settings_peek.configured_language() == ""
        return
    assert settings_peek.officer_name() == settings.officer_name
    assert settings_peek.configured_language() == settings.language


def test_the_glance_reads_what_save_settings_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELD_APP_HOME", str(tmp_path))
    save_settings(Settings(officer_name='Phạm "Ba" Văn', language="en", province="Lạng Sơn"))
    assert settings_peek.officer_name() == 'Phạm "Ba" Văn'
    assert settings_peek.configured_language() == "en"
