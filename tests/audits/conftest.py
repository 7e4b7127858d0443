"""Fixtures for the audit tests: an enterprise to audit and the 6S test form."""

from __future__ import annotations

import pytest

from field_app.checklists import load_template_file
from field_app.models.enterprise import Enterprise
from field_app.models.template import ChecklistTemplate
from field_app.store import Store

from .forms import DATA


@pytest.fixture
def enterprise(store: Store) -> Enterprise:
    """An enterprise in the registry."""
    return store.enterprises.add({"name": "Công ty TNHH May Chi Lăng", "commune": "Chi Lăng"})


@pytest.fixture
def six_s() -> ChecklistTemplate:
    """The 6S test form (six pillars)."""
    return load_template_file(DATA / "6s-test.v1.toml")
