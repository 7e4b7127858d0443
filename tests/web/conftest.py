"""A real field-hq (web interface and sync API) on a free loopback port, with users,
officers' laptops and records that reached it through real syncs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx
import pytest

from tests.sync.conftest import (  # noqa: F401 (fixtures: hq_db and its engines)
    ThreadServer,
    hq_db,
    hq_engine,
    pg_cluster,
    pg_url,
    run_on_both_engines,
)
from tests.web.data import (
    LAI_CHAU,
    LANG_SON,
    PASSWORD,
    Officer,
    add_users,
    audit,
    enterprise,
    make_officer,
    visit,
)


@dataclass
class Site:
    """The running server and what the tests put in it."""

    server: ThreadServer
    db: Path
    binh: Officer
    lan: Officer
    ids: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.server.url


# The pages' queries over headquarters' tables run on both engines (every test here
# logs in, so users and sessions too). The browser and the auth details run on SQLite
# only, for the suite's time; tests/postgres covers the user commands on PostgreSQL.
BOTH_ENGINES = {"test_officers", "test_records", "test_search_engines"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """BOTH_ENGINES modules run on SQLite and PostgreSQL."""
    run_on_both_engines(metafunc, BOTH_ENGINES)


@pytest.fixture(autouse=True)
def quick_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Passwords hashed and checked with argon2id at its smallest cost in this process.

    Every site has four users and most tests log in; at the real cost (64 MiB, three
    passes) each hash or check takes about 0.17 s of CPU, a third of these tests' CPU.
    What is proved here (who may log in, sessions, throttling) does not depend on the
    cost; tests/sync/test_password_cost.py checks the real parameters, and
    `field-hq user` subprocesses (test_users_cli) still hash at the real cost."""
    from argon2 import PasswordHasher

    from sync.server import users

    monkeypatch.setattr(
        users, "_hasher", lambda: PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@pytest.fixture
def site(tmp_path: Path, isolated_home: Path, hq_db: Path) -> Iterator[Site]:  # noqa: F811
    """Two officers in Lạng Sơn and Lai Châu; visits, a 5S audit, synced."""
    db = hq_db
    server = ThreadServer(db)
    opened: list[Officer] = []
    try:
        add_users(db)
        binh = make_officer(db, server.url, tmp_path, "Lò Văn Bình", LANG_SON)
        lan = make_officer(db, server.url, tmp_path, "Hoàng Thị Lan", LAI_CHAU)
        opened += [binh, lan]
        s = Site(server, db, binh, lan)
        s.ids["htx"] = enterprise(
            binh.store, "Hợp tác xã Chè Shan tuyết Chi Lăng", LANG_SON, "Xã Chi Lăng", "4900101234"
        )
        s.ids["cty"] = enterprise(
            binh.store, "Công ty TNHH Minh Đức", LANG_SON, "Phường Đông Kinh", "4900555666"
        )
        s.ids["lc"] = enterprise(
            lan.store, "Hợp tác xã Chè Tam Đường", LAI_CHAU, "Xã Bản Bo", "6200111222"
        )
        s.ids["visit_nov"] = visit(
            binh.store, s.ids["htx"], date(2026, 11, 5), "Kho chưa dán nhãn."
        )
        s.ids["visit_oct"] = visit(binh.store, s.ids["cty"], date(2026, 10, 2), "Tư vấn ISO 9001.")
        s.ids["audit"] = audit(binh.store, s.ids["cty"], date(2026, 11, 12))
        s.ids["visit_lc"] = visit(lan.store, s.ids["lc"], date(2026, 11, 6), "Đã khắc phục.")
        course = binh.store.training_courses.save_draft(
            {"start_date": "2026-11-18", "end_date": "2026-11-19", "topic": "5s",
             "title": "Tập huấn 5S cho hợp tác xã", "place": "Hội trường Sở KH&CN",
             "organiser": "Sở KH&CN Lạng Sơn", "trainers": ["Nguyễn Văn Hải"],
             "participants": 24, "enterprises": [{"enterprise_id": s.ids["htx"],
                                                  "participants": 3}]}
        )  # fmt: skip
        s.ids["course"] = binh.store.training_courses.complete(course.id).id
        binh.sync()
        lan.sync()
        yield s
    finally:
        server.stop()
        for officer in opened:
            officer.store.close()


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def login(url: str, user: str, password: str = PASSWORD) -> httpx.Client:
    """A client logged in as `user` (cookies kept, redirects not followed)."""
    client = httpx.Client(base_url=url, follow_redirects=False, timeout=120)
    token = csrf_of(client.get("/login").text)
    answer = client.post(
        "/login", data={"login": user, "password": password, "csrf": token, "next": "/"}
    )
    assert answer.status_code == 303, answer.text
    return client
