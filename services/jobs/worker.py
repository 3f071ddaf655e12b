"""Running workers: in their own process (`python -m services.worker`), or one inside the portal's process for
the embedded default (start_embedded), so the README's first command runs everything."""
from __future__ import annotations

import asyncio
import logging
import threading

import procrastinate

from services.jobs import runtime
from services.jobs.tasks import app as queue_app

QUEUES = ("sync", "schedule", "mail")
_log = logging.getLogger(__name__)


def queue_for(admin_url: str, *, max_size: int = 4) -> procrastinate.App:
    """The task app on this database's privileged connection. A process works for one database, so the one app
    the tasks are declared on takes this connector (procrastinate's replace_connector, kept)."""
    connector = procrastinate.PsycopgConnector(conninfo=admin_url, min_size=1, max_size=max_size)
    queue_app.connector = connector
    queue_app.job_manager.connector = connector
    return queue_app


def run(rt: runtime.Runtime, *, concurrency: int = 4, queues: list[str] | None = None,
        install_signal_handlers: bool = True, stop: asyncio.Event | None = None) -> None:
    rt.pool_size = max(rt.pool_size, concurrency * 2 + 2)
    runtime.configure(rt)
    app = queue_for(rt.admin_url, max_size=concurrency + 3)

    async def main():
        async with app.open_async():
            worker = asyncio.create_task(app.run_worker_async(
                concurrency=concurrency, queues=list(queues or QUEUES), name=None,
                install_signal_handlers=install_signal_handlers, update_heartbeat_interval=5.0,
                stalled_worker_timeout=30.0))
            if stop is None:
                await worker
                return
            await asyncio.wait([worker, asyncio.create_task(stop.wait())], return_when=asyncio.FIRST_COMPLETED)
            worker.cancel()
            try:
                await worker
            except (asyncio.CancelledError, Exception):
                pass

    asyncio.run(main())


def start_embedded(settings, admin_url: str) -> threading.Thread:
    """One worker on a daemon thread of the portal's process (concurrency 2), emails to <data>/outbox."""
    rt = runtime.Runtime(settings=settings, admin_url=admin_url, outbox=settings.data_dir / "outbox")

    def target():
        try:
            run(rt, concurrency=2, install_signal_handlers=False)
        except Exception as exc:  # the portal keeps working; `python -m services.worker` can take over
            _log.warning("The embedded worker stopped: %s", exc)

    thread = threading.Thread(target=target, name="portal-worker", daemon=True)
    thread.start()
    return thread
