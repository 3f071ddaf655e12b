"""Process-wide resources that hold nothing personal: the settings and the opened backend
(embedded server, migrations, shared connection pool). Gateways are built per person per run."""
from __future__ import annotations

import logging
import os
import threading

import streamlit as st

from services.core.backend import Backend, open_backend
from services.core.config import Settings, load_settings

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_backends: dict[Settings, Backend] = {}


def settings() -> Settings:
    """Validated settings from Streamlit's secrets; raises ConfigError naming the bad setting."""
    _check_secrets_files()
    try:
        raw = st.secrets.to_dict()
    except FileNotFoundError:
        raw = {}
    except Exception as exc:  # Streamlit's own parse error for a malformed secrets.toml
        from services.core.errors import ConfigError
        raise ConfigError(f".streamlit/secrets.toml could not be read: {exc}") from exc
    return load_settings(raw)


def backend(settings: Settings, progress=None) -> Backend:
    found = _backends.get(settings)
    if found is not None:
        return found
    with _lock:
        if settings not in _backends:
            opened = open_backend(settings, progress=progress, stop_on_exit=True)
            _catch_up(opened)
            _backends[settings] = opened
        return _backends[settings]


def _catch_up(opened: Backend) -> None:
    """Run the scheduled work once at start (expire offers, verify deliverables), so a default install without a
    scheduler is current when it opens. Pages never write; with [supabase] there is no privileged connection and
    the operator schedules `python -m services.admin tick` against the database instead."""
    if not opened.admin_url:
        return
    from services.admin import run_tick
    try:
        run_tick(opened.admin_url)
    except Exception as exc:  # the portal still opens; the next tick (cron) catches up
        _log.warning("The scheduled work could not run at start: %s", exc)
    if opened.settings.backend == "embedded" and os.environ.get("PORTAL_EMBEDDED_WORKER", "1") != "0":
        # The default install runs one worker in this process (syncs, scheduled work, emails to the outbox folder),
        # so `streamlit run portal/app.py` does everything; elsewhere run `python -m services.worker`.
        from services.jobs.worker import start_embedded
        start_embedded(opened.settings, opened.admin_url)


def backend_ready(settings: Settings) -> bool:
    return settings in _backends


def _check_secrets_files() -> None:
    """Streamlit skips a secrets file it cannot parse and carries on without it, which would quietly
    start the embedded default instead of the configured database. Parse each file it would read and
    stop on the first error instead, naming the file and the line."""
    from pathlib import Path

    from services.core.config import read_secrets_file

    for name in st.get_option("secrets.files") or []:
        path = Path(name).expanduser()
        if path.is_file():
            read_secrets_file(path)
