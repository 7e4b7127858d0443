"""Every interface string has a Vietnamese translation, and local formats are right.

Strings are found the way xgettext finds them: the literal first argument of each
`_()` / `N_()` / `ngettext()` call in field_app/, screens/ and sync/ (read with `ast`).
"""

from __future__ import annotations

import ast
import os
import string
import subprocess
import sys
from datetime import date
from pathlib import Path

import polib
import pytest

from field_app import i18n
from field_app.i18n import _, catalog_files, format_date, format_money, load_catalogs

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("field_app", "screens", "sync")


def marked_strings() -> dict[str, list[str]]:
    """msgid -> places ("file:line") where it is marked, over all source folders."""
    found: dict[str, list[str]] = {}
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                    continue
                if node.func.id not in ("_", "N_", "ngettext") or not node.args:
                    continue
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                first = node.args[0]
                if isinstance(first, ast.JoinedStr | ast.BinOp):
                    # An f-string or a concatenation can never match a catalog entry.
                    found.setdefault(f"<not a plain literal at {where}>", []).append(where)
                    continue
                if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    # _(variable): the text was marked where it was written, with N_().
                    continue
                found.setdefault(first.value, []).append(where)
                if node.func.id == "ngettext" and len(node.args) > 1:
                    plural = node.args[1]
                    if isinstance(plural, ast.Constant):
                        found.setdefault(first.value, []).append(where)
    return found


def placeholders(text: str) -> set[str]:
    """Names of the {placeholders} in a format string."""
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_extraction_finds_strings_in_every_area() -> None:
    found = marked_strings()
    # A sanity check that the walker works: a known domain message is among them.
    assert "name is required" in found
    assert any(w.startswith("screens/") for ws in found.values() for w in ws)


def test_every_marked_string_has_a_vietnamese_translation() -> None:
    vi = load_catalogs("vi")
    missing = []
    for msgid, places in sorted(marked_strings().items()):
        if msgid.startswith("<not a plain literal"):
            missing.append(f"{places[0]}: _() needs a plain string literal, not an f-string")
        elif msgid not in vi.messages and msgid not in vi.plurals:
            missing.append(f"{places[0]}: {msgid!r}")
    assert not missing, "strings without a Vietnamese translation:\n" + "\n".join(missing)


def test_translations_keep_their_placeholders() -> None:
    vi = load_catalogs("vi")
    wrong = []
    for msgid, msgstr in vi.messages.items():
        if placeholders(msgid) != placeholders(msgstr):
            wrong.append(f"{msgid!r} -> {msgstr!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_catalogs_are_valid_and_do_not_contradict_each_other() -> None:
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    files = catalog_files("vi")
    assert {p.stem for p in files} >= {"core", "screens"}
    for path in files:
        for entry in polib.pofile(str(path)):
            assert entry.msgid, f"{path.name}: entry without msgid"
            earlier = seen.get(entry.msgid)
            if earlier and earlier[1] != entry.msgstr:
                clashes.append(f"{entry.msgid!r}: {earlier[0]} vs {path.name}")
            seen[entry.msgid] = (path.name, entry.msgstr)
    assert not clashes, "same message, different translations:\n" + "\n".join(clashes)


def test_lookup_spans_all_catalogs(tmp_path: Path) -> None:
    folder = tmp_path / "vi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "a.po").write_text('msgid "Save"\nmsgstr "Lưu"\n', encoding="utf-8")
    (folder / "b.po").write_text(
        'msgid "Home"\nmsgstr "Trang chủ"\n\n#, fuzzy\nmsgid "Quit"\nmsgstr "Thoát?"\n',
        encoding="utf-8",
    )
    catalog = load_catalogs("vi", tmp_path)
    assert catalog.gettext("Save") == "Lưu"
    assert catalog.gettext("Home") == "Trang chủ"
    # A fuzzy entry is a guess awaiting review: it must not be shown.
    assert catalog.gettext("Quit") == "Quit"


def test_our_reader_reads_every_catalog_as_polib_does(tmp_path: Path) -> None:
    """The interface parses catalogs itself (polib cost every start-up ~45 ms); on every
    catalog, and on the corners of the format, it must agree with polib."""

    def by_polib(path: Path) -> dict[str, tuple[str, str, tuple[str, ...], bool]]:
        return {
            e.msgid: (
                e.msgid_plural,
                e.msgstr,
                tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural)),
                "fuzzy" in e.flags,
            )
            for e in polib.pofile(str(path), wrapwidth=0)
            if not e.obsolete
        }

    def ours(path: Path) -> dict[str, tuple[str, str, tuple[str, ...], bool]]:
        return {
            e.msgid: (
                e.msgid_plural,
                e.msgstr,
                tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural)),
                e.fuzzy,
            )
            for e in i18n.parse_po(path.read_text(encoding="utf-8"))
            if e.msgid  # the header, which polib keeps apart
        }

    corners = tmp_path / "corners.po"
    corners.write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        "# a comment\n#: screens/home.py:1\n#, fuzzy, python-format\n"
        'msgid "Guess"\nmsgstr "Đoán"\n\n'
        'msgid ""\n"Two "\n"lines"\nmsgstr ""\n"Hai "\n"dòng"\n\n'
        'msgid "Say \\"hi\\"\\tnow\\\\"\nmsgstr "Nói \\"chào\\"\\nngay"\n\n'
        'msgid "{n} day"\nmsgid_plural "{n} days"\nmsgstr[0] "{n} ngày"\n\n'
        'msgctxt "menu"\nmsgid "Open"\nmsgstr "Mở"\n\n'
        '#~ msgid "Old"\n#~ msgstr "Cũ"\n',
        encoding="utf-8",
    )
    for path in [*catalog_files("vi"), corners]:
        assert ours(path) == by_polib(path), path.name
    assert ours(corners)['Say "hi"\tnow\\'][1] == 'Nói "chào"\nngay'


@pytest.fixture
def restore_language():
    before = i18n.current_language()
    yield
    i18n.set_language(before)


def test_language_switch_and_formats(restore_language: None) -> None:
    i18n.set_language("vi")
    assert _("name is required") == "cần nhập tên"
    assert format_money(50_000_000) == "50.000.000 ₫"
    assert format_date(date(2026, 3, 7)) == "07/03/2026"
    i18n.set_language("en")
    assert _("name is required") == "name is required"
    assert format_money(50_000_000) == "50,000,000 VND"
    assert format_date(date(2026, 3, 7)) == "07/03/2026"
    assert format_date(None) == ""


def test_unknown_language_falls_back_to_english(restore_language: None) -> None:
    i18n.set_language("fr")
    assert i18n.current_language() == "en"
    assert _("name is required") == "name is required"


def _field_app(home: Path, command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FIELD_APP_HOME": str(home)}
    exe = Path(sys.executable).with_name("field-app")
    return subprocess.run(
        ["sh", "-c", f"'{exe}' {command}"], env=env, capture_output=True, text=True, timeout=60
    )


def test_settings_print_as_a_person_writes_them(tmp_path: Path) -> None:
    shown = _field_app(tmp_path, "--lang vi settings")
    assert shown.returncode == 0, shown.stderr
    assert "≥ 90%: Đẳng cấp thế giới" in shown.stdout
    assert "cap_vnd = 50.000.000 ₫" in shown.stdout
    assert "officer_name = (chưa đặt)" in shown.stdout
    assert "RatingBand(" not in shown.stdout and "SupportRules(" not in shown.stdout
    # Piped into head, the command ends quietly (no BrokenPipeError traceback).
    piped = _field_app(tmp_path, "--lang vi settings | head -1")
    assert piped.stdout.startswith("# ") and piped.stderr == ""
