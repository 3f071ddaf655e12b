"""A new person for tests that need someone with a profile: random id and subject at a test identity provider."""
from __future__ import annotations

import uuid

from services.core.db.gateway import Person
from services.people import profiles


def person_with_profile(gateway_for, email: str, display_name: str):
    """A new person with this email and a profile under this name, as the gateway `gateway_for` gives them."""
    person = Person(id=str(uuid.uuid4()), email=email, issuer="https://idp.test", subject=str(uuid.uuid4()))
    gw = gateway_for(person)
    profiles.ensure_profile(gw, display_name, person.email)
    return gw
