"""Short-lived HS256 tokens shaped like Supabase's, for PostgREST when the identity provider
does not issue Supabase-valid tokens itself (local mode, Google, …)."""
from __future__ import annotations

import time

import jwt

from services.core.db.gateway import Person

TOKEN_LIFETIME_SECONDS = 15 * 60


def sign_person_token(person: Person, secret: str, *, lifetime: int = TOKEN_LIFETIME_SECONDS) -> str:
    now = int(time.time())
    claims = {**person.claims(), "iat": now, "exp": now + lifetime}
    return jwt.encode(claims, secret, algorithm="HS256")
