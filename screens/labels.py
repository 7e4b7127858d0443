"""Translated names of the domain's enumerations, for display.

The domain keeps values in English (`EnterpriseKind.COOPERATIVE`); these map each to
a `_()` literal so the extraction test sees every label.
"""

from __future__ import annotations

from field_app.i18n import _
from field_app.models.enterprise import EnterpriseKind, SupportStatus
from field_app.models.visit import VisitPurpose


def kind_label(kind: EnterpriseKind | str) -> str:
    """ "Hợp tác xã" / "Cooperative" for a kind."""
    return {
        EnterpriseKind.ENTERPRISE: _("Enterprise"),
        EnterpriseKind.COOPERATIVE: _("Cooperative"),
        EnterpriseKind.HOUSEHOLD: _("Household business"),
        EnterpriseKind.COOP_GROUP: _("Cooperative group"),
        EnterpriseKind.FARM: _("Farm"),
    }.get(EnterpriseKind(kind), str(kind))


def purpose_label(purpose: VisitPurpose | str) -> str:
    """The purpose of a visit, translated."""
    return {
        VisitPurpose.ADVICE: _("Advice"),
        VisitPurpose.SURVEY: _("Survey"),
        VisitPurpose.AUDIT: _("Assessment"),
        VisitPurpose.FOLLOW_UP: _("Follow-up"),
        VisitPurpose.TRAINING: _("Training"),
    }.get(VisitPurpose(purpose), str(purpose))


def support_status_label(status: SupportStatus | str) -> str:
    """Where a support registration stands, translated."""
    return {
        SupportStatus.REGISTERED: _("registered"),
        SupportStatus.APPROVED: _("approved"),
        SupportStatus.PAID: _("paid"),
        SupportStatus.CANCELLED: _("cancelled"),
    }.get(SupportStatus(status), str(status))
