"""Accounts fixtures: the recorded platform answers read on the day they were recorded."""
from __future__ import annotations

import pytest

from tests.support import platform_replay as replay


@pytest.fixture
def recorded_day():
    """Syncs that run at the fixed instant NOW (tests/support/connections.py) read the recordings as written: a
    moved clock would move the recordings' dates and not NOW, and the sync windows would no longer hold the same
    posts and days. Modules that sync at NOW use it with `pytestmark = pytest.mark.usefixtures("recorded_day")`."""
    with replay.as_recorded():
        yield
