"""The jobs tests' queue: each module that asks for it gets a fresh migrated database of its own (`queue_db`:
url, pool), and each test a privileged connection to it (`admin`)."""
from __future__ import annotations

import pytest

from tests.jobs.support import admin_connection, queue_database


@pytest.fixture(scope="module")
def queue_db(database, request):
    label = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    with queue_database(database, f"jobs_{label}") as db:
        yield db


@pytest.fixture
def admin(queue_db):
    with admin_connection(queue_db[0]) as conn:
        yield conn
