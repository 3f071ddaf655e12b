"""Profiles: first sign-in, reading and validated settings changes."""
from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, available_timezones

from services.core.db.gateway import Gateway, eq
from services.core.messages import LOCALES
from services.core import fields
from services.core.errors import ValidationError

MARKETS = ("US", "UK", "DE", "FR", "ES", "AE", "SA")


@dataclass(frozen=True)
class ProfileChanges:
    display_name: str
    niche: str | None
    home_currency: str
    time_zone: str
    locale: str
    disclosure_markets: tuple[str, ...]


def ensure_profile(gw: Gateway, display_name: str | None, email: str | None) -> dict:
    """The signed-in person's profile, created as a creator on their first sign-in."""
    return gw.rpc("ensure_profile", {"p_display_name": display_name or "", "p_email": email})


def get_profile(gw: Gateway) -> dict | None:
    if gw.person.id is None:
        return None
    rows = gw.select("profiles", filters=[eq("id", gw.person.id)])
    return rows[0] if rows else None


def currency_codes(gw: Gateway) -> list[str]:
    return [r["code"] for r in gw.select("currencies", columns=["code"], order=[("code", False)])]


def time_zones() -> list[str]:
    return sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/")))


def validate(changes: ProfileChanges, known_currencies: list[str]) -> ProfileChanges:
    """Friendly messages before the database sees the values (it checks them again)."""
    name = fields.text(changes.display_name, 80, ValidationError("Display name must be 1 to 80 characters."))
    currency = fields.currency(changes.home_currency, known_currencies, ValidationError(
        'Unknown currency "{home_currency}": choose an ISO 4217 code such as EUR or USD.',
        home_currency=changes.home_currency))
    try:
        ZoneInfo(changes.time_zone)
    except Exception:
        raise ValidationError('Unknown time zone "{time_zone}": choose a name such as Europe/Berlin.',
                              time_zone=changes.time_zone) from None
    if changes.locale not in LOCALES:
        raise ValidationError('Unknown language "{locale}".', locale=changes.locale)
    bad = [m for m in changes.disclosure_markets if m not in MARKETS]
    if bad:
        raise ValidationError("Unknown disclosure market: {items}.", items=', '.join(bad))
    niche = (changes.niche or "").strip() or None
    if niche and len(niche) > 80:
        raise ValidationError("Niche must be at most 80 characters.")
    return ProfileChanges(name, niche, currency, changes.time_zone, changes.locale, tuple(changes.disclosure_markets))


def update_profile(gw: Gateway, changes: ProfileChanges) -> dict:
    clean = validate(changes, currency_codes(gw))
    return gw.rpc("update_profile", {
        "p_display_name": clean.display_name, "p_niche": clean.niche, "p_home_currency": clean.home_currency,
        "p_time_zone": clean.time_zone, "p_locale": clean.locale,
        "p_disclosure_markets": list(clean.disclosure_markets)})
