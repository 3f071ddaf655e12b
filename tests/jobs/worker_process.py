"""A worker process for the kill test and the benchmark's shape: `python -m tests.jobs.worker_process URL` runs
services.jobs.worker.run with the connected-accounts test settings (the parent's token key from
PORTAL_TEST_TOKEN_KEY) and the recorded Twitch responses, each answered after PORTAL_TEST_PLATFORM_DELAY seconds."""
from __future__ import annotations

import os
import sys
import time

import httpx

from services.jobs import runtime, worker
from tests.support import connections
from tests.support import platform_replay as replay


def main() -> None:
    connections.KEY = os.environ["PORTAL_TEST_TOKEN_KEY"]
    delay = float(os.environ.get("PORTAL_TEST_PLATFORM_DELAY", "0"))
    world = replay.twitch()

    def slow(request: httpx.Request) -> httpx.Response:
        time.sleep(delay)
        return world(request)

    rt = runtime.Runtime(settings=connections.settings_for(), admin_url=sys.argv[1], transport=httpx.MockTransport(slow))
    worker.run(rt, concurrency=int(os.environ.get("PORTAL_TEST_CONCURRENCY", "2")), queues=["sync"])


if __name__ == "__main__":
    main()
