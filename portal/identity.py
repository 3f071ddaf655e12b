"""Who is signed in: st.login (OpenID Connect) when [auth] is configured, otherwise local mode,
which lists the demo people and is allowed only while the server listens on localhost alone. In local mode the
chosen person is also kept in a signed cookie (portal/local_sign_in.py), so a reload or the way back from a
platform's Connect finds them again."""
from __future__ import annotations

import logging
from dataclasses import dataclass

import streamlit as st

from portal import session
from services.core.config import Settings
from services.core.db.gateway import Person, person_id_for
from services.demo.people import DEMO_PEOPLE
from services.people import local_cookie

_log = logging.getLogger(__name__)

LOCAL_ADDRESSES = {"localhost", "127.0.0.1", "::1"}


@dataclass(frozen=True)
class SignedIn:
    person: Person
    display_name: str | None
    access_token: str | None = None  # only when the provider issues Supabase-valid tokens


def local_mode_allowed(server_address: str | None) -> bool:
    """Local mode lets anyone pick a person, so it is only for a server nobody else can reach."""
    return (server_address or "").strip().lower() in LOCAL_ADDRESSES


def server_address() -> str | None:
    return st.get_option("server.address")


def current(settings: Settings) -> SignedIn | None:
    user = st.user
    if user.get("is_logged_in"):
        issuer, subject = user.get("iss"), user.get("sub")
        if not issuer or not subject:
            return None
        token = None
        if settings.supabase_auth_provider and settings.backend == "supabase":
            # Supabase Auth is the provider: its subject is the auth.users id and its token is valid for PostgREST.
            person_id = subject
            token = (user.tokens.get("access") if hasattr(user, "tokens") else None)
        else:
            person_id = person_id_for(issuer, subject)
        person = Person(id=person_id, email=user.get("email"), issuer=issuer, subject=subject)
        return SignedIn(person, user.get("name") or user.get("email"), token)
    if settings.auth_configured:
        return None
    if not local_mode_allowed(server_address()):
        return None
    key = session.local_person_key() or _remembered(settings)
    for demo in DEMO_PEOPLE:
        if demo.key == key:
            return SignedIn(demo.person(), demo.display_name)
    return None


def _remembered(settings: Settings) -> str | None:
    """The demo person named by this browser's local-mode cookie, when its signature holds and it has not
    expired; kept for the rest of the session. A session that signed out ignores the cookie it opened with."""
    value = st.context.cookies.get(local_cookie.COOKIE_NAME)
    if not value or session.local_signed_out():
        return None
    try:
        secret = local_cookie.load_secret(settings.data_dir)
    except (OSError, ValueError) as exc:
        _log.warning("The local-mode cookie cannot be checked: %s", exc)
        return None
    key = local_cookie.verify(value, secret)
    if key:
        session.set_local_person_key(key)
    return key


def sign_in_local(key: str) -> None:
    session.clear()
    session.set_local_person_key(key)
    session.set_local_browser_change(("remember", key))


def sign_out(settings: Settings) -> None:
    """Runs as the Sign out button's callback; Streamlit reruns the script after it."""
    session.clear()
    if st.user.get("is_logged_in"):
        st.logout()
    elif not settings.auth_configured:
        session.set_local_signed_out(True)
        session.set_local_browser_change(("forget", None))
