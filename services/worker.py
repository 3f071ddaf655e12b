"""A worker for the portal's background jobs (syncs, scheduled work, emails):

    python -m services.worker [--concurrency N] [--queues sync,schedule,mail]

Start as many as you like, on as many machines as you like, all on the same database ([database] url; on Supabase
its session-pooler string): they share the queue, each account is synced by one of them at a time and all of them
together stay within each platform's request budget. Emails go through [smtp]; without it they are written to
<data folder>/outbox. Stops cleanly on Ctrl-C / SIGTERM (running jobs finish first)."""
from __future__ import annotations

import argparse
import logging
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.worker", description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, default=4, help="jobs run at once by this worker (default 4)")
    parser.add_argument("--queues", default="sync,schedule,mail", help="comma-separated queues (default all)")
    args = parser.parse_args(argv)
    from services.core.backend import database_admin_url
    from services.core.config import load_settings
    from services.core.errors import DomainError
    from services.jobs import runtime, worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        if args.concurrency < 1:
            raise DomainError("--concurrency must be 1 or more.")
        queues = [q.strip() for q in args.queues.split(",") if q.strip()]
        unknown = set(queues) - set(worker.QUEUES)
        if unknown or not queues:
            raise DomainError("--queues takes {items}; not {value}.",
                              items=', '.join(worker.QUEUES), value=', '.join(sorted(unknown)) or 'nothing')
        settings = load_settings()
        if settings.backend == "supabase":
            raise DomainError("Workers need the database connection: set [database] url (the session pooler string).")
        url = database_admin_url(settings)
        rt = runtime.Runtime(settings=settings, admin_url=url, outbox=settings.data_dir / "outbox")
        worker.run(rt, concurrency=args.concurrency, queues=queues)
    except DomainError as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
