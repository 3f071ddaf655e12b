"""A person's email notification preference (Settings): instant, a daily digest, or off. Read and written through
the person's own gateway, under the policies of public.notification_preferences."""
from __future__ import annotations

from services.core import clock
from services.core.db.gateway import Gateway, eq
from services.core.errors import ValidationError

CHOICES = ("instant", "digest", "off")
DEFAULT = "instant"


def delivery(gw: Gateway) -> str:
    rows = gw.select("notification_preferences", columns=["delivery"], filters=[eq("person_id", gw.person.id)])
    return rows[0]["delivery"] if rows else DEFAULT


def set_delivery(gw: Gateway, choice: str) -> str:
    if choice not in CHOICES:
        raise ValidationError('Unknown email setting "{choice}": choose instant, digest or off.', choice=choice)
    gw.insert("notification_preferences", [{"person_id": gw.person.id, "delivery": choice, "updated_at": clock.now()}],
              on_conflict=("person_id",))
    return delivery(gw)
