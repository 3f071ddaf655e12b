"""Who is signed in: st.login (OpenID Connect) when [auth] is configured, otherwise local mode,
which lists the demo people and is allowed only while the server listens on localhost alone."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from portal import session
from services.core.config import Settings
from services.core.db.gateway import Person, person_id_for
from services.demo.people import DEMO_PEOPLE

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
    key = session.local_person_key()
    if key and local_mode_allowed(server_address()):
        for demo in DEMO_PEOPLE:
            if demo.key == key:
                return SignedIn(demo.person(), demo.display_name)
    return None


def sign_in_local(key: str) -> None:
    session.clear()
    session.set_local_person_key(key)


def sign_out(settings: Settings) -> None:
    """Runs as the Sign out button's callback; Streamlit reruns the script after it."""
    session.clear()
    if st.user.get("is_logged_in"):
        st.logout()
