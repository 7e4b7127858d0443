"""Reviews written at headquarters: a reviewer marks completed records approved or
"has issues" with a comment. Each review is a record of the synced kind `review`,
written through the same apply path as every other change, so it reaches the
officers' devices of the record's province at their next pull."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from field_app.clock import hlc_now, utc_now
from field_app.i18n import _
from field_app.ids import uuid7
from field_app.models.review import ReviewState
from sync.protocol import Mutation
from sync.server.admin import HQ
from sync.server.apply import HQ_DEVICE, apply_batch
from sync.server.web.language import speaking
from sync.server.web.site import BadInput

if TYPE_CHECKING:
    from sync.server.web.site import Viewer, Web

MAX_BULK = 500
"""Records one bulk review may cover (a page of the table is 50)."""
MAX_COMMENT = 2000


def review_records(web: Web, viewer: Viewer, ids: list[str], state: str, comment: str) -> int:
    """Review the completed records `ids` (which must be in the viewer's scope);
    returns how many were reviewed. BadInput says what to fix."""
    with speaking(viewer.lang):
        return _review(web, viewer, ids, state, comment)


def _review(web: Web, viewer: Viewer, ids: list[str], state: str, comment: str) -> int:
    from sync.server.web.records import find_record

    if state not in {s.value for s in ReviewState}:
        raise BadInput(_("Choose 'approved' or 'has issues'."))
    comment = (comment or "").strip()
    if state == ReviewState.ISSUES and not comment:
        raise BadInput(_("Say what the issues are in the comment: the officer reads it."))
    if len(comment) > MAX_COMMENT:
        raise BadInput(_("The comment is too long (at most 2000 characters)."))
    ids = list(dict.fromkeys(i.strip() for i in ids if i.strip()))
    if not ids:
        raise BadInput(_("Tick at least one record to review."))
    if len(ids) > MAX_BULK:
        raise BadInput(_("At most 500 records can be reviewed at once."))
    mirror = web.mirror(viewer)
    mutations = []
    now = utc_now()
    for record_id in ids:
        found = find_record(mirror, record_id)
        if found is None:
            raise BadInput(_("No record with this id in your province."))
        kind, rec = found
        if not kind.has_enterprise:
            raise BadInput(_("Training courses are not reviewed."))
        if rec.status.value != "completed":
            raise BadInput(_("Only completed records are reviewed."))
        data: dict[str, Any] = {
            "state": state,
            "comment": comment,
            "reviewer": viewer.user.name,
            "reviewed_at": now,
            "updated_at": now,
        }
        op = "update"
        if mirror.store.reviews.for_record(rec.id) is None and not _at_hq(web, rec.id):
            op = "create"
            data.update(
                id=rec.id,
                record_id=rec.id,
                record_kind=kind.entity,
                enterprise_id=rec.enterprise_id,
                created_at=now,
                created_by=viewer.user.name,
                device_id=HQ_DEVICE,
                version=1,
            )
        mutations.append(Mutation(uuid7(), "review", rec.id, op, data, hlc_now(HQ_DEVICE)))
    batch = apply_batch(web.hq, HQ, mutations)
    refused = [r.reason for r in batch.outcomes if r.status == "rejected"]
    if refused:
        raise BadInput(refused[0] or _("headquarters refused the review"))
    mirror.catch_up()
    return len(mutations)


def _at_hq(web: Web, record_id: str) -> bool:
    # The copy may lag a review made a moment ago by someone else: ask the source.
    return bool(
        web.hq.scalar("SELECT 1 FROM records WHERE entity = 'review' AND id = ?", (record_id,))
    )
