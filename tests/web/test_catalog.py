"""Every string the web pages mark, in templates too, has a Vietnamese translation
(tests/test_i18n.py reads only Python files)."""

from __future__ import annotations

import re
from pathlib import Path

from field_app.i18n import load_catalogs

TEMPLATES = Path(__file__).resolve().parents[2] / "sync" / "server" / "web" / "templates"
MARKED = re.compile(r"""_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)""")


def test_every_marked_template_string_has_a_vietnamese_translation():
    vi = load_catalogs("vi")
    found = {}
    for path in sorted(TEMPLATES.glob("*.html")):
        for match in MARKED.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(1) or match.group(2), path.name)
    assert len(found) > 100  # the walker works
    missing = [f"{where}: {text!r}" for text, where in found.items() if text not in vi.messages]
    assert not missing, "\n".join(missing)
