"""The people of the demo workspace. Their ids are derived from the local issuer and their key, so
local-mode sign-in, the seed and tests all agree on who is who."""
from __future__ import annotations

from dataclasses import dataclass

from services.core.db.gateway import Person, person_id_for

LOCAL_ISSUER = "local"


@dataclass(frozen=True)
class DemoPerson:
    key: str
    display_name: str
    role: str  # creator | brand_partner
    tagline: str
    email: str
    niche: str | None = None
    home_currency: str = "USD"
    time_zone: str = "UTC"
    locale: str = "en"
    disclosure_markets: tuple[str, ...] = ("US",)
    brand: str | None = None  # brand partners: the brand they act for
    invited_by: tuple[str, ...] = ()  # brand partners: keys of the creators who invited them

    @property
    def id(self) -> str:
        return person_id_for(LOCAL_ISSUER, self.key)

    def person(self) -> Person:
        return Person(id=self.id, email=self.email, issuer=LOCAL_ISSUER, subject=self.key)


DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("maya", "Maya Okafor", "creator", "Sustainable fashion · Instagram + TikTok · about 24K followers",
               "maya@demo.creator-portal.test", niche="Sustainable fashion", home_currency="GBP",
               time_zone="Europe/London", disclosure_markets=("UK", "US")),
    DemoPerson("leo", "Leo Brandt", "creator", "Indie games · YouTube + Twitch + Discord · about 8K followers",
               "leo@demo.creator-portal.test", niche="Indie games", home_currency="EUR",
               time_zone="Europe/Berlin", disclosure_markets=("DE", "US")),
    DemoPerson("amira", "Amira Haddad", "creator", "Plant-based cooking · Instagram + YouTube · about 60K followers",
               "amira@demo.creator-portal.test", niche="Plant-based food", home_currency="AED",
               time_zone="Asia/Dubai", disclosure_markets=("AE", "SA", "UK")),
    DemoPerson("noura", "Noura Al-Qahtani", "creator",
               "Coffee and desserts at home · Instagram + TikTok · about 12K followers",
               "noura@demo.creator-portal.test", niche="Coffee and desserts", home_currency="SAR",
               time_zone="Asia/Riyadh", disclosure_markets=("SA", "AE")),
    DemoPerson("sofia", "Sofia Lindqvist", "brand_partner", "Partnerships at Green Thread Apparel",
               "sofia@demo.greenthread.test", home_currency="EUR", time_zone="Europe/Stockholm",
               brand="Green Thread Apparel", invited_by=("maya",)),
    DemoPerson("tom", "Tom Reyes", "brand_partner", "Creator programme at PixelForge Studios",
               "tom@demo.pixelforge.test", home_currency="USD", time_zone="America/Los_Angeles",
               brand="PixelForge Studios", invited_by=("leo",)),
    DemoPerson("nadia", "Nadia Karim", "brand_partner", "Influencer marketing at Verdant Pantry",
               "nadia@demo.verdantpantry.test", home_currency="AED", time_zone="Asia/Dubai",
               brand="Verdant Pantry", invited_by=("amira", "maya")),
)


def demo_person(key: str) -> DemoPerson:
    for p in DEMO_PEOPLE:
        if p.key == key:
            return p
    raise KeyError(key)


def demo_creators() -> list[DemoPerson]:
    return [p for p in DEMO_PEOPLE if p.role == "creator"]
