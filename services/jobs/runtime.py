"""What a worker process holds while it runs tasks: the settings, the privileged database URL and one small
connection pool for the people's gateways. Set once by the worker (services/worker.py) before any task runs."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import httpx

from services.core.errors import ConfigError


@dataclass
class Runtime:
    settings: Any
    admin_url: str
    pool: Any = None
    transport: httpx.BaseTransport | None = None  # the platforms' transport (tests and the benchmark replace it)
    outbox: Any = None                             # a folder for the embedded default instead of SMTP
    extra: dict = field(default_factory=dict)
    pool_size: int = 10


    def open(self) -> "Runtime":
        from services.core.db.postgres import make_pool
        if self.pool is None:
            self.pool = make_pool(self.admin_url, max_size=self.pool_size)
        return self

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None


_current: Runtime | None = None
_lock = threading.Lock()


def configure(runtime: Runtime) -> Runtime:
    global _current
    with _lock:
        _current = runtime.open()
    return _current


def current() -> Runtime:
    if _current is None:
        raise ConfigError("The worker is not configured: start it with `python -m services.worker`.")
    return _current


def reset() -> None:
    global _current
    with _lock:
        if _current is not None:
            _current.close()
        _current = None
