"""Each idea has one Vietnamese word across the catalogs (see docs/i18n.md, Glossary)."""

from __future__ import annotations

import polib

from field_app.i18n import catalog_files

# English word in the msgid -> (the Vietnamese term, a term that must not appear).
TERMS = {"headquarters": ("trụ sở", "trung tâm")}


def test_headquarters_is_always_tru_so() -> None:
    wrong = []
    for path in catalog_files("vi"):
        for entry in polib.pofile(str(path)):
            text = entry.msgstr.lower()
            for english, (term, banned) in TERMS.items():
                if english in entry.msgid.lower() and (banned in text or term not in text):
                    wrong.append(f"{path.name}: {entry.msgid!r} -> {entry.msgstr!r}")
    assert not wrong, "\n".join(wrong)
