"""Headquarters on PostgreSQL: the session's private cluster (tests/postgres/cluster.py),
and the sync tests' device fixture."""

from __future__ import annotations

from tests.postgres.cluster import pg_cluster, pg_url  # noqa: F401 (fixtures)
from tests.sync.conftest import make_device  # noqa: F401 (fixture)
