"""Short-lived HS256 tokens shaped like Supabase's, for PostgREST when the identity provider
does not issue Supabase-valid tokens itself (local mode, Google, …)."""
from __future__ import annotations

import time

import jwt

from services.core.db.gateway import Person

TOKEN_LIFETIME_SECONDS = 15 * 60


def sign_person_token(person: Person, secret: str, *, lifetime: int = TOKEN_LIFETIME_SECONDS,
                      extra: dict | None = None) -> str:
    """iat and exp are real time (PostgREST checks them against its own clock); extra claims are added as given."""
    now = int(time.time())
    claims = {**person.claims(), **(extra or {}), "iat": now, "exp": now + lifetime}
    return jwt.encode(claims, secret, algorithm="HS256")
