"""Every st.session_state key the portal uses, behind typed accessors. Nothing else touches
st.session_state directly, so a key cannot be written under one name and read under another."""
from __future__ import annotations

from typing import Any

import streamlit as st

_LOCAL_PERSON = "portal_local_person_key"
_PROFILE = "portal_profile"
_PENDING_INVITE = "portal_pending_invite"
_FLASH = "portal_flash"
_CONTEXT = "portal_context"


def _get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def local_person_key() -> str | None:
    return _get(_LOCAL_PERSON)


def set_local_person_key(key: str | None) -> None:
    st.session_state[_LOCAL_PERSON] = key


def profile() -> dict | None:
    return _get(_PROFILE)


def set_profile(row: dict | None) -> None:
    st.session_state[_PROFILE] = row


def locale() -> str:
    row = profile()
    return (row or {}).get("locale") or "en"


def pending_invite() -> str | None:
    return _get(_PENDING_INVITE)


def set_pending_invite(token: str | None) -> None:
    st.session_state[_PENDING_INVITE] = token


def flash() -> tuple[str, str] | None:
    """A message kept across one rerun (kind, text), then cleared."""
    return st.session_state.pop(_FLASH, None)


def set_flash(kind: str, text: str) -> None:
    st.session_state[_FLASH] = (kind, text)


def context():
    """The current run's RequestContext (person, gateway, profile), set by portal/app.py."""
    return _get(_CONTEXT)


def set_context(ctx) -> None:
    st.session_state[_CONTEXT] = ctx


def clear() -> None:
    for key in (_LOCAL_PERSON, _PROFILE, _PENDING_INVITE, _FLASH, _CONTEXT):
        st.session_state.pop(key, None)
