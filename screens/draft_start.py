"""Starting a record: its new draft is saved off the interface thread, then opened.

One path for every kind (a visit, a 5S audit or VietGAP check, a training course), so
a draft the store refuses is said the same way everywhere and nothing opens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode


def start_draft(node: DOMNode, save: Callable[[], str], opened: Callable[[str], Any]) -> None:
    """Run `save` (which writes the draft and returns its id) in a worker, then call
    `opened(record_id)` on the interface thread; a refusal is shown as an error."""
    app = node.app

    def run() -> None:
        try:
            record_id = save()
        except (KeyError, ValueError) as exc:  # a template gone, a value the model refuses
            app.call_from_thread(app.notify, str(exc), severity="error")
            return
        app.call_from_thread(opened, record_id)

    node.run_worker(run, thread=True, group="start-draft")
