"""Each dashboard page gets what it draws in at most two database calls per run (the accounts for the filters,
then one document), on the seeded demo workspace. Every PostgresGateway call is one transaction; the count
wraps the gateway's one way to the database."""
from __future__ import annotations

import pytest

from services.core.backend import Backend
from services.core.config import Settings
from services.core.db.postgres import PostgresGateway
from services.demo import seed
from services.demo.people import demo_person
from tests.support.app import app_for

DAYS = 90  # as tests/audience/test_dashboards_pages.py and tests/people/test_pages.py, which seed the same database
MOST = 2

PAGES = [  # (person, page, what the page must show, so an empty or failed page cannot pass)
    ("maya", "home/creator_home", "Follower growth per platform"),
    ("sofia", "home/brand_home", "Creators you work with"),
    ("maya", "audience/audience", "Audience health"),
    ("amira", "audience/engagement", "Top and bottom posts"),
    ("maya", "payouts/earnings", "Tax-year summary"),
]


@pytest.fixture(scope="module")
def demo_backend(admin_url, pool):
    backend = Backend(Settings(backend="postgres", database_url=admin_url), admin_url=admin_url, pool=pool)
    seed.seed_demo(backend, days=DAYS)
    return backend


@pytest.fixture
def calls(monkeypatch):
    """calls() -> the database calls (transactions) made through any PostgresGateway since the last reset."""
    made: list[str] = []
    real = PostgresGateway._run

    def counted(self, work):
        made.append(self.person.id or "anon")
        return real(self, work)

    monkeypatch.setattr(PostgresGateway, "_run", counted)
    return made


def _headings(at) -> str:
    return "\n".join(str(e.value) for e in list(at.title) + list(at.subheader) + list(at.markdown))


@pytest.mark.parametrize("key, page, heading", PAGES, ids=[p for _, p, _ in PAGES])
def test_a_dashboard_page_run_makes_at_most_two_database_calls(admin_url, demo_backend, calls, key, page, heading):
    person = demo_person(key)
    at = app_for(admin_url, issuer="local", subject=key, email=person.email, name=person.display_name).run()
    assert not at.exception, at.exception  # the first run also loads the profile; it is not counted
    calls.clear()
    at.switch_page(f"../pages/{page}.py").run()
    assert not at.exception, at.exception
    assert heading in _headings(at), f"{page} did not draw"
    first = len(calls)
    calls.clear()
    at.run()  # the next run of the same page (what any widget change does)
    again = len(calls)
    print(f"{page}: {first} calls on opening, {again} on the next run")
    assert 1 <= first <= MOST and 1 <= again <= MOST
