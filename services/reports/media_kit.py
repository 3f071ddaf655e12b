"""The media kit: a creator's opt-in public profile, always current. Audience per account, demographics,
engagement per platform (with the dashboards' definitions), top posts, and, each only when the creator opts in,
past brand partners and a rate card. Opened by a public link name (/?kit=maya-okafor) or a secret link
(/?kit=<128-bit token>, stored as its SHA-256, replaceable and revocable).

The numbers are computed by the database at the moment the kit is opened (app.media_kit_payload, through the
same dashboard functions the creator's own pages use); this module reads them into objects."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from services.offers import offers as offers_service
from services.core import money, platforms
from services.core.db.gateway import Gateway, eq
from services.core.errors import ValidationError
from services.core.messages import LOCALES
from services.reports.reports import check_language, new_token, token_hash
from services.core.values import as_date, as_datetime, as_decimal, as_int

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$")
RATE_PLATFORMS = platforms.KEYS
RATE_FORMATS = ("reel", "image", "carousel", "story", "video", "short", "stream", "text")
MAX_RATES = 20
SECTIONS = ("audience", "demographics", "engagement", "top_posts", "partners", "rates")
PAST_PARTNER_STATUSES = ("accepted", "in_progress", "delivered", "completed")


@dataclass(frozen=True)
class Rate:
    platform: str
    format: str
    fee: Decimal
    currency: str

    def payload(self) -> dict:
        return {"platform": self.platform, "format": self.format, "fee": str(self.fee), "currency": self.currency}


@dataclass(frozen=True)
class Settings:
    enabled: bool = False
    headline: str | None = None
    contact_email: str | None = None
    public_slug: str | None = None
    show_audience: bool = True
    show_demographics: bool = True
    show_engagement: bool = True
    show_top_posts: bool = True
    show_partners: bool = False
    show_rates: bool = False
    partner_names: tuple[str, ...] = ()
    rates: tuple[Rate, ...] = ()
    has_secret_link: bool = False
    secret_created_at: dt.datetime | None = None
    language: str | None = None     # the kit's document language; None: the creator's profile language

    def payload(self) -> dict:
        return {"enabled": bool(self.enabled), "headline": self.headline, "contact_email": self.contact_email,
                "public_slug": self.public_slug, "show_audience": bool(self.show_audience),
                "show_demographics": bool(self.show_demographics), "show_engagement": bool(self.show_engagement),
                "show_top_posts": bool(self.show_top_posts), "show_partners": bool(self.show_partners),
                "show_rates": bool(self.show_rates), "partner_names": list(self.partner_names),
                "rates": [r.payload() for r in self.rates], "language": self.language}


@dataclass(frozen=True)
class AudienceRow:
    platform: str
    handle: str
    followers: int
    as_of: dt.date | None
    source: str | None


@dataclass(frozen=True)
class EngagementRow:
    platform: str
    posts: int
    rated_posts: int
    median: Decimal | None
    pooled: Decimal | None


@dataclass(frozen=True)
class TopPost:
    platform: str
    handle: str
    post_type: str
    posted_at: dt.datetime | None
    permalink: str | None
    caption: str | None
    interactions: int | None
    reach: int | None
    rate: Decimal | None


@dataclass(frozen=True)
class Demographic:
    dimension: str
    bucket: str
    share: Decimal
    as_of: dt.date | None


@dataclass(frozen=True)
class Kit:
    display_name: str
    niche: str | None
    headline: str | None
    contact_email: str | None
    sections: dict
    as_of: dt.date | None
    period_start: dt.date | None
    period_end: dt.date | None
    time_zone: str
    generated_at: dt.datetime | None
    audience: tuple[AudienceRow, ...] = ()
    demographics: tuple[Demographic, ...] = ()
    engagement_reach: tuple[EngagementRow, ...] = ()
    engagement_views: tuple[EngagementRow, ...] = ()
    top_posts: tuple[TopPost, ...] = ()
    partners: tuple[str, ...] = ()
    rates: tuple[Rate, ...] = ()
    language: str | None = None     # the language the creator chose for visitors (None: not chosen)

    def shows(self, section: str) -> bool:
        return bool(self.sections.get(section))

    @property
    def total_followers(self) -> int:
        return sum(a.followers for a in self.audience)

    def top_demographics(self, dimension: str, limit: int = 5) -> list[Demographic]:
        return [d for d in self.demographics if d.dimension == dimension][:limit]


# -- settings ----------------------------------------------------------------------------------------------------

def get_settings(gw: Gateway) -> Settings:
    rows = gw.select("media_kits", filters=[eq("creator_id", gw.person.id)])
    if not rows:
        return Settings()
    r = rows[0]
    rates = tuple(Rate(x["platform"], x["format"], Decimal(str(x["fee"])), str(x["currency"]).strip())
                  for x in gw.select("media_kit_rates", filters=[eq("creator_id", gw.person.id)],
                                     order=[("position", False)]))
    return Settings(bool(r["enabled"]), r.get("headline"), r.get("contact_email"), r.get("public_slug"),
                    bool(r["show_audience"]), bool(r["show_demographics"]), bool(r["show_engagement"]),
                    bool(r["show_top_posts"]), bool(r["show_partners"]), bool(r["show_rates"]),
                    tuple(r.get("partner_names") or ()), rates, r.get("secret_token_hash") is not None,
                    as_datetime(r.get("secret_created_at")), r.get("language"))


def past_partners(gw: Gateway) -> list[str]:
    """The brands the creator has worked with (accepted deals and later), for the partner picker."""
    names = {o.brand_name for o in offers_service.list_offers(gw, statuses=PAST_PARTNER_STATUSES,
                                                              creator_id=gw.person.id)}
    return sorted(names, key=str.lower)


def parse_fee(text, currency: str, minor_units: int, position: int) -> Decimal:
    """The fee of a media kit's rate line `position` (services.core.money: zero is allowed, for gifted work)."""
    return money.parse_amount(text, currency, int(minor_units), label=f"Rate {position}: the fee", allow_zero=True)


def validate(settings: Settings, minor_units: dict[str, int]) -> Settings:
    """Friendly messages before saving (the database checks everything again)."""
    slug = (settings.public_slug or "").strip().lower() or None
    if slug and not SLUG.match(slug):
        raise ValidationError('The public link name "{public_slug}" must be 3 to 40 lowercase letters, digits or hyphens (not at either end).', public_slug=settings.public_slug)
    headline = (settings.headline or "").strip() or None
    if headline and len(headline) > 280:
        raise ValidationError("The headline must be at most 280 characters.")
    email = (settings.contact_email or "").strip() or None
    if email and not re.match(r"^[^@\s]+@[^@\s]+$", email):
        raise ValidationError('The contact email "{email}" is not an email address.', email=email)
    if len(settings.rates) > MAX_RATES:
        raise ValidationError("A rate card can list at most {MAX_RATES} rates.", MAX_RATES=MAX_RATES)
    check_language(settings.language)
    for n, rate in enumerate(settings.rates, start=1):
        if rate.platform not in RATE_PLATFORMS:
            raise ValidationError('Rate {n}: unknown platform "{platform}".', n=n, platform=rate.platform)
        if rate.format not in RATE_FORMATS:
            raise ValidationError('Rate {n}: unknown format "{format}".', n=n, format=rate.format)
        if rate.currency not in minor_units:
            raise ValidationError('Rate {n}: unknown currency "{currency}".', n=n, currency=rate.currency)
    return replace(settings, public_slug=slug, headline=headline, contact_email=email)


def save(gw: Gateway, settings: Settings) -> Settings:
    gw.rpc("save_media_kit", {"p_kit": settings.payload()})
    return get_settings(gw)


def new_secret_link(gw: Gateway) -> str:
    """A new secret link's token (128 random bits, shown once); the previous secret link stops working."""
    token = new_token()
    gw.rpc("set_media_kit_secret", {"p_token_hash": token_hash(token)})
    return token


def revoke_secret_link(gw: Gateway) -> None:
    gw.rpc("set_media_kit_secret", {"p_token_hash": None})


def kit_url(base_url: str, token_or_slug: str) -> str:
    return f"{base_url.rstrip('/')}/?kit={token_or_slug}"


# -- reading -----------------------------------------------------------------------------------------------------

def preview(gw: Gateway) -> Kit | None:
    """The creator's own kit as visitors would see it, whether or not it is switched on."""
    payload = gw.rpc("media_kit_preview")
    return parse(payload) if payload else None


def open_link(gw: Gateway, token: str | None) -> Kit | None:
    """A switched-on kit by its public link name or secret link, else None. Works for anonymous visitors."""
    token = (token or "").strip()
    if not 3 <= len(token) <= 200:
        return None
    payload = gw.rpc("shared_media_kit", {"p_token": token})
    return parse(payload) if payload else None


def parse(payload: dict) -> Kit:
    creator = payload.get("creator") or {}
    engagement = payload.get("engagement") or {}
    return Kit(
        display_name=creator.get("display_name") or "", niche=creator.get("niche"),
        headline=creator.get("headline"), contact_email=creator.get("contact_email"),
        sections=dict(payload.get("sections") or {}), as_of=as_date(payload.get("as_of")),
        period_start=as_date(payload.get("period_start")), period_end=as_date(payload.get("period_end")),
        time_zone=payload.get("time_zone") or "UTC", generated_at=as_datetime(payload.get("generated_at")),
        audience=tuple(AudienceRow(a["platform"], a["handle"], int(a["followers"]), as_date(a.get("as_of")),
                                   a.get("source")) for a in payload.get("audience") or []),
        demographics=tuple(Demographic(d["dimension"], d["bucket"], Decimal(str(d["share"])), as_date(d.get("as_of")))
                           for d in payload.get("demographics") or []),
        engagement_reach=tuple(_engagement(e) for e in engagement.get("reach") or []),
        engagement_views=tuple(_engagement(e) for e in engagement.get("views") or []),
        top_posts=tuple(TopPost(p["platform"], p["handle"], p["post_type"], as_datetime(p.get("posted_at")),
                                p.get("permalink"), p.get("caption"), as_int(p.get("interactions")),
                                as_int(p.get("reach")), as_decimal(p.get("rate")))
                        for p in payload.get("top_posts") or []),
        partners=tuple(payload.get("partners") or ()),
        rates=tuple(Rate(r["platform"], r["format"], Decimal(str(r["fee"])), str(r["currency"]).strip())
                    for r in payload.get("rates") or []),
        language=payload.get("language") if payload.get("language") in LOCALES else None,
    )


def _engagement(e: dict) -> EngagementRow:
    return EngagementRow(e["platform"], int(e["posts"]), int(e["rated_posts"]), as_decimal(e.get("median")),
                         as_decimal(e.get("pooled")))
