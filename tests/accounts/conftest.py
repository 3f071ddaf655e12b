"""Accounts fixtures: the recorded platform answers read on the day they were recorded, the fake Google OAuth server
the connect tests sign in to YouTube through, and for a browser test module a folder for its portal and artifacts
and a demo database of its own."""
from __future__ import annotations

import pytest

from tests.support import platform_replay as replay
from tests.support.browser import running
from tests.support.databases import demo_workspace
from tests.support.fake_platform_server import FakeGoogle


@pytest.fixture
def recorded_day():
    """Syncs that run at the fixed instant NOW (tests/support/connections.py) read the recordings as written: a
    moved clock would move the recordings' dates and not NOW, and the sync windows would no longer hold the same
    posts and days. Modules that sync at NOW use it with `pytestmark = pytest.mark.usefixtures("recorded_day")`."""
    with replay.as_recorded():
        yield


@pytest.fixture(scope="module")
def fake_google():
    """Google's OAuth and YouTube APIs on 127.0.0.1 (tests/support/fake_platform_server.py), for one module."""
    with running(FakeGoogle()) as server:
        yield server


@pytest.fixture(scope="module")
def browser_dir(tmp_path_factory, request):
    """A folder for the module's portal, sign-in provider and failure artifacts."""
    return tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1])


@pytest.fixture(scope="module")
def demo_db(database, request):
    """A fresh database with the demo workspace (the module's SEED_DAYS of history): local mode signs in only as the
    demo people. Its admin URL."""
    label = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    with demo_workspace(database, label, days=request.module.SEED_DAYS, max_pool=2) as backend:
        yield backend.admin_url
