"""Every st.session_state key the portal uses, behind typed accessors. Nothing else touches
st.session_state directly, so a key cannot be written under one name and read under another."""
from __future__ import annotations

from typing import Any, Generic, TypeVar

import streamlit as st

from services.core.messages import LOCALES

_LOCAL_PERSON = "portal_local_person_key"
_LOCAL_SIGNED_OUT = "portal_local_signed_out"
_LOCAL_BROWSER = "portal_local_browser"
_PROFILE = "portal_profile"
_PENDING_INVITE = "portal_pending_invite"
_FLASH = "portal_flash"
_CONTEXT = "portal_context"
_IMPORT_RESULT = "portal_import_result"
_SELECTED_REPORT = "portal_selected_report"
_LOGGED_VIEWS = "portal_logged_views"
_VISIT_KEY = "portal_visit_key"
_HOME_REMINDER = "portal_home_reminder"
_DOCUMENT_LANGUAGE = "portal_document_language"
T = TypeVar("T")


def _get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


class _Slot(Generic[T]):
    """One session value: call it to read it (None until set), `.set(value)` to write it."""

    def __init__(self, key: str):
        self.key = key

    def __call__(self) -> T | None:
        return _get(self.key)

    def set(self, value: T | None) -> None:
        st.session_state[self.key] = value


local_person_key: _Slot[str] = _Slot(_LOCAL_PERSON)
set_local_person_key = local_person_key.set


def local_signed_out() -> bool:
    """True once this session signed out in local mode: the cookie it opened with no longer counts."""
    return bool(_get(_LOCAL_SIGNED_OUT))


def set_local_signed_out(value: bool) -> None:
    st.session_state[_LOCAL_SIGNED_OUT] = value


def take_local_browser_change() -> tuple[str, str | None] | None:
    """What the browser's local-mode cookie still has to learn, once: ("remember", key) or ("forget", None)."""
    return st.session_state.pop(_LOCAL_BROWSER, None)


def set_local_browser_change(change: tuple[str, str | None] | None) -> None:
    st.session_state[_LOCAL_BROWSER] = change


profile: _Slot[dict] = _Slot(_PROFILE)
set_profile = profile.set


def locale() -> str:
    """The signed-in person's language (their profile's). For a visitor of a shared link: the one they chose on the
    page (?lang=), else the one the creator chose for the document (document_language()), else the browser's
    (st.context.locale), else English."""
    row = profile()
    if row:
        return row.get("locale") or "en"
    try:
        chosen = st.query_params.get("lang")
        document = document_language()
        browser = (st.context.locale or "").replace("_", "-").split("-")[0].lower()
    except Exception:  # outside a page run (a unit test, a document rendered elsewhere)
        return "en"
    return first_language(chosen, document, browser)


def first_language(*candidates: str | None) -> str:
    """The first of the candidates the portal speaks, else English."""
    for candidate in candidates:
        if candidate in LOCALES:
            return candidate
    return "en"


def document_language() -> str | None:
    """The language the creator chose for the shared document this run shows (None: not chosen, or no document)."""
    return _get(_DOCUMENT_LANGUAGE)


def set_document_language(code: str | None) -> None:
    st.session_state[_DOCUMENT_LANGUAGE] = code if code in LOCALES else None


pending_invite: _Slot[str] = _Slot(_PENDING_INVITE)
set_pending_invite = pending_invite.set


def flash() -> tuple[str, str] | None:
    """A message kept across one rerun (kind, text), then cleared."""
    return st.session_state.pop(_FLASH, None)


def set_flash(kind: str, text: str) -> None:
    st.session_state[_FLASH] = (kind, text)


# The current run's RequestContext (person, gateway, profile), set by portal/app.py.
context: _Slot[Any] = _Slot(_CONTEXT)
set_context = context.set


# The last import confirmed on the Import page: {"sha256", "file", "outcome" or "error"}.
import_result: _Slot[dict] = _Slot(_IMPORT_RESULT)
set_import_result = import_result.set


def widget_value(key: str) -> Any:
    """A widget's current value by its key, for on_change callbacks (which receive no value)."""
    return _get(key)


# The reminder just recorded from Home: (payout id, its text), shown there to copy.
home_reminder: _Slot[tuple[str, str]] = _Slot(_HOME_REMINDER)
set_home_reminder = home_reminder.set


# The report opened on the Reports page (creator) or the Shared reports page (brand partner).
selected_report: _Slot[str] = _Slot(_SELECTED_REPORT)
set_selected_report = selected_report.set


def first_view(what: str) -> bool:
    """True the first time this session opens `what` (a shared report or link), so the creator's view log
    gets one entry per visit rather than one per rerun."""
    seen = st.session_state.setdefault(_LOGGED_VIEWS, set())
    if what in seen:
        return False
    seen.add(what)
    return True


def visit_key(make) -> str:
    """This session's key for secret-link openings (made once by `make`), so the creator's view log gets one entry
    per visit rather than one per rerun."""
    key = _get(_VISIT_KEY)
    if not key:
        key = st.session_state[_VISIT_KEY] = make()
    return key


def clear() -> None:
    for key in (_LOCAL_PERSON, _LOCAL_SIGNED_OUT, _LOCAL_BROWSER, _PROFILE, _PENDING_INVITE, _FLASH, _CONTEXT,
                _IMPORT_RESULT, _SELECTED_REPORT, _LOGGED_VIEWS, _VISIT_KEY, _HOME_REMINDER):
        st.session_state.pop(key, None)
