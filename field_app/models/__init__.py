"""Pydantic models of the domain, validated on the way in."""

from field_app.models.common import describe_errors
from field_app.models.enterprise import (
    Certification,
    Enterprise,
    EnterpriseKind,
    EnterpriseSummary,
    SearchPage,
    SupportRegistration,
)
from field_app.models.visit import RecordStatus, Visit, VisitPurpose

__all__ = [
    "Certification",
    "Enterprise",
    "EnterpriseKind",
    "EnterpriseSummary",
    "RecordStatus",
    "SearchPage",
    "SupportRegistration",
    "Visit",
    "VisitPurpose",
    "describe_errors",
]
