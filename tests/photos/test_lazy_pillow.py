"""Start-up is a budget: Pillow is imported when a photo is attached or a report is
drawn, never by opening the app, the store or the audit form."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CODE = """
import sys
from field_app.store import open_store
import screens.app, screens.checklist_form, screens.audit_5s, screens.vietgap_check
store = open_store(sys.argv[1])
store.attachments.count(), store.uploads.pending(), store.attachments.last_folder()
print(sorted(m for m in sys.modules if m.split('.')[0] == 'PIL'))
"""


def test_pillow_waits_for_the_first_photo(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", CODE, str(tmp_path / "f.db")],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "[]", out.stdout
