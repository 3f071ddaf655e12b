"""Process-wide resources that hold nothing personal: the settings and the opened backend
(embedded server, migrations, shared connection pool). Gateways are built per person per run."""
from __future__ import annotations

import threading

import streamlit as st

from services.core.backend import Backend, open_backend
from services.core.config import Settings, load_settings

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
            _backends[settings] = open_backend(settings, progress=progress)
        return _backends[settings]


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
