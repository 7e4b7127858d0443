"""Translated names of the domain's enumerations, for display.

The domain keeps values in English (`EnterpriseKind.COOPERATIVE`); these map each to
a `_()` literal so the extraction test sees every label. They are keyed by the values
(the enumerations are `StrEnum`s), so home can label its rows before the pydantic
models are imported; tests/screens/test_home.py checks every member has its label.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from field_app.i18n import _

if TYPE_CHECKING:
    from field_app.models.enterprise import EnterpriseKind, SupportStatus
    from field_app.models.visit import VisitPurpose


def kind_label(kind: EnterpriseKind | str) -> str:
    """ "Hợp tác xã" / "Cooperative" for a kind."""
    return {
        "enterprise": _("Enterprise"),
        "cooperative": _("Cooperative"),
        "household": _("Household business"),
        "coop_group": _("Cooperative group"),
        "farm": _("Farm"),
    }.get(str(kind), str(kind))


def purpose_label(purpose: VisitPurpose | str) -> str:
    """The purpose of a visit, translated."""
    return {
        "advice": _("Advice"),
        "survey": _("Survey"),
        "audit": _("Assessment"),
        "follow_up": _("Follow-up"),
        "training": _("Training"),
    }.get(str(purpose), str(purpose))


def support_status_label(status: SupportStatus | str) -> str:
    """Where a support registration stands, translated."""
    return {
        "registered": _("registered"),
        "approved": _("approved"),
        "paid": _("paid"),
        "cancelled": _("cancelled"),
    }.get(str(status), str(status))
