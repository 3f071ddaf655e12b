"""Tracked links and promo codes of a deal: make, revoke, list, with their clicks and sales.

The database makes each link's code (14 characters from [A-Za-z0-9], CODE_BITS = 83 random bits) and its destination
(the target with utm_source = platform, utm_medium = influencer, utm_campaign = the offer, utm_content = the
deliverable), and refuses a target that is not http(s). This module refuses first, in words, what the database would,
and what only the portal knows: a target that points back at the portal itself."""
from __future__ import annotations

import datetime as dt
import ipaddress
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable
from urllib.parse import urlsplit

from services.core.db.gateway import Filter, Gateway
from services.core.errors import ValidationError
from services.core.values import as_date, as_datetime, as_decimal

SHORT_PREFIX = "/l/"
CODE_LENGTH = 14
CODE_ALPHABET = 62
CODE_BITS = math.floor(CODE_LENGTH * math.log2(CODE_ALPHABET))  # 83
DEALS = ("accepted", "in_progress", "delivered", "completed")
MAX_TARGET = 2000
_LOCAL = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


@dataclass(frozen=True)
class LinkRef:
    """What names a tracked link wherever it is listed (its own page, a campaign report): its code, the deal and
    deliverable it is for, where it is posted."""
    id: str
    code: str
    offer_id: str
    deliverable_id: str | None
    platform: str
    label: str | None


@dataclass(frozen=True)
class Link(LinkRef):
    target_url: str
    destination: str
    created_at: dt.datetime | None
    revoked_at: dt.datetime | None
    clicks: int = 0        # people's first clicks
    repeats: int = 0       # the same visitor again within the window
    bots: int = 0          # crawlers and link-preview fetchers
    countries: tuple[tuple[str, int], ...] = ()  # people's first clicks per country (GeoIP on), most first


    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class Sales:
    day: dt.date
    orders: int
    revenue: Decimal
    currency: str
    source: str            # "import" | "brand"


@dataclass(frozen=True)
class PromoCode:
    id: str
    code: str
    offer_id: str
    deliverable_id: str | None
    created_at: dt.datetime | None
    revoked_at: dt.datetime | None
    sales: tuple[Sales, ...] = ()

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def orders(self) -> int:
        return sum(s.orders for s in self.sales)

    def revenue(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for s in self.sales:
            out[s.currency] = out.get(s.currency, Decimal(0)) + s.revenue
        return out


def short_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}{SHORT_PREFIX}{code}"


# -- checks --------------------------------------------------------------------------------------------------------

def check_target(target: str | None, portal_urls: Iterable[str]) -> str:
    """The target as it will be stored, or ValidationError: an http(s) address with a host, no spaces, not the
    portal itself (any of portal_urls, localhost aliases included)."""
    text = (target or "").strip()
    if not text:
        raise ValidationError("Enter the address the link leads to, starting with https://.")
    if len(text) > MAX_TARGET:
        raise ValidationError("The address is longer than {limit} characters.", limit=f"{MAX_TARGET:,}")
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise ValidationError("The address has spaces or invisible characters: copy it again from the brand's page.")
    try:
        parts = urlsplit(text)
        host, port = parts.hostname, parts.port
    except ValueError:
        raise ValidationError("This is not a web address the link can lead to.") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValidationError("The address must start with https:// or http:// (other kinds of links cannot be "
                              "tracked).")
    if not host or parts.username or parts.password:
        raise ValidationError("The address needs a site name (like https://brand.example/page), without a user name "
                              "or password in it.")
    if any(_same_site(host, port or _default_port(parts.scheme), url) for url in portal_urls if url):
        raise ValidationError("The link would lead back into the portal itself: give the brand's page instead.")
    return text


def _default_port(scheme: str) -> int:
    return 443 if scheme.lower() == "https" else 80


def _same_site(host: str, port: int, portal_url: str) -> bool:
    try:
        portal = urlsplit(portal_url)
        portal_host, portal_port = portal.hostname, portal.port or _default_port(portal.scheme or "http")
    except ValueError:
        return False
    if not portal_host:
        return False
    return port == portal_port and (host.lower() == portal_host.lower() or (_local(host) and _local(portal_host)))


def _local(host: str) -> bool:
    if host.lower() in _LOCAL:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# -- links ---------------------------------------------------------------------------------------------------------

def create_link(gw: Gateway, offer_id: str, target: str, *, portal_urls: Iterable[str],
                deliverable_id: str | None = None, platform: str | None = None, label: str | None = None) -> Link:
    checked = check_target(target, portal_urls)
    label = (label or "").strip() or None
    if label and len(label) > 80:
        raise ValidationError("A label has at most 80 characters.")
    if not deliverable_id and not platform:
        raise ValidationError("Choose the deliverable the link is for, or a platform for the whole campaign.")
    row = gw.rpc("create_tracked_link", {"p_offer_id": offer_id, "p_target_url": checked,
                                         "p_deliverable_id": deliverable_id or None,
                                         "p_platform": None if deliverable_id else platform, "p_label": label})
    return _link(row)


def revoke_link(gw: Gateway, link_id: str) -> Link:
    return _link(gw.rpc("revoke_tracked_link", {"p_link_id": link_id}))


def links_for_offers(gw: Gateway, offer_ids: Iterable[str]) -> dict[str, list[Link]]:
    """Each offer's links (as the person may see them), oldest first, with their click counts and (when the portal
    has a GeoIP database) people's first clicks per country."""
    ids = sorted(set(offer_ids))
    if not ids:
        return {}
    rows = gw.select("tracked_links", filters=[Filter("offer_id", "in", ids)], order=[("created_at", False)])
    link_ids = [r["id"] for r in rows]
    counts = {r["link_id"]: r for r in (gw.rpc("link_click_counts", {"p_link_ids": link_ids}) or [])} if rows else {}
    countries: dict[str, list[tuple[str, int]]] = {}
    for r in (gw.rpc("link_click_countries", {"p_link_ids": link_ids}) or []) if rows else []:
        countries.setdefault(r["link_id"], []).append((r["country"], int(r["clicks"])))
    out: dict[str, list[Link]] = {}
    for r in rows:
        c = counts.get(r["id"], {})
        by_country = tuple(sorted(countries.get(r["id"], []), key=lambda pair: (-pair[1], pair[0])))
        out.setdefault(r["offer_id"], []).append(_link(r, int(c.get("clicks") or 0), int(c.get("repeats") or 0),
                                                       int(c.get("bots") or 0), by_country))
    return out


def week_clicks(gw: Gateway, days: int = 7) -> list[dict]:
    """The creator's people's clicks per day for the last `days` days (their time zone): [{day, clicks, repeats,
    bots, links}], links being how many live links they have. (Home reads the same through creator_home_page.)"""
    return click_days(gw.rpc("link_clicks_daily", {"p_days": int(days)}) or [])


def click_days(rows: list[dict]) -> list[dict]:
    return [{"day": as_date(r["day"]), "clicks": int(r["clicks"]), "repeats": int(r["repeats"]), "bots": int(r["bots"]),
             "links": int(r["links"])} for r in rows]


# -- promo codes -----------------------------------------------------------------------------------------------------

def create_code(gw: Gateway, offer_id: str, code: str, *, deliverable_id: str | None = None) -> PromoCode:
    text = (code or "").strip()
    if not 3 <= len(text) <= 40 or not text[0].isalnum() or not all(ch.isascii() and (ch.isalnum() or ch in "-_")
                                                                      for ch in text):
        raise ValidationError("A promo code has 3 to 40 letters, digits, - or _ (no spaces), starting with a letter or "
                              "digit, exactly as the brand's shop spells it.")
    return _code(gw.rpc("create_promo_code", {"p_offer_id": offer_id, "p_code": text,
                                              "p_deliverable_id": deliverable_id or None}))


def revoke_code(gw: Gateway, code_id: str) -> PromoCode:
    return _code(gw.rpc("revoke_promo_code", {"p_promo_code_id": code_id}))


def codes_for_offers(gw: Gateway, offer_ids: Iterable[str]) -> dict[str, list[PromoCode]]:
    ids = sorted(set(offer_ids))
    if not ids:
        return {}
    rows = gw.select("promo_codes", filters=[Filter("offer_id", "in", ids)], order=[("created_at", False)])
    sales: dict[str, list[Sales]] = {}
    if rows:
        for s in gw.select("promo_redemptions", columns=["promo_code_id", "day", "orders", "revenue", "currency",
                                                         "source"],
                           filters=[Filter("promo_code_id", "in", [r["id"] for r in rows])], order=[("day", False)]):
            sales.setdefault(s["promo_code_id"], []).append(
                Sales(as_date(s["day"]), int(s["orders"]), as_decimal(s["revenue"]), str(s["currency"]).strip(),
                      s["source"]))
    out: dict[str, list[PromoCode]] = {}
    for r in rows:
        out.setdefault(r["offer_id"], []).append(_code(r, tuple(sales.get(r["id"], ()))))
    return out


def enter_sales(gw: Gateway, code_id: str, day: dt.date, orders, revenue, currency: str, minor_units: int) -> Sales:
    """The brand enters one day of a code's orders and revenue (entering the same day again replaces it)."""
    from services.core import money
    count = money.parse_count(orders, label="Orders", maximum=100_000_000, empty="Enter how many orders (0 or more).")
    text = str(revenue if revenue is not None else "").strip()
    amount = Decimal(0) if text == "" else money.parse_optional_amount(
        text, currency, int(minor_units), label="The revenue", places_label="Revenue")
    row = gw.rpc("enter_promo_redemption", {"p_promo_code_id": code_id, "p_day": day.isoformat(),
                                            "p_orders": count, "p_revenue": str(amount or Decimal(0)),
                                            "p_currency": currency})
    return Sales(as_date(row["day"]), int(row["orders"]), as_decimal(row["revenue"]), str(row["currency"]).strip(),
                 row["source"])


# -- rows → objects ------------------------------------------------------------------------------------------------

def _link(r: dict, clicks: int = 0, repeats: int = 0, bots: int = 0,
          countries: tuple[tuple[str, int], ...] = ()) -> Link:
    return Link(r["id"], r["code"], r["offer_id"], r.get("deliverable_id"), r["platform"], r.get("label"),
                r["target_url"], r["destination"], as_datetime(r.get("created_at")), as_datetime(r.get("revoked_at")),
                clicks, repeats, bots, countries)


def _code(r: dict, sales: tuple[Sales, ...] = ()) -> PromoCode:
    return PromoCode(r["id"], r["code"], r["offer_id"], r.get("deliverable_id"), as_datetime(r.get("created_at")),
                     as_datetime(r.get("revoked_at")), sales)


# -- a deal's page ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DealLinks:
    """A deal's tracked links and promo codes, read once per page run: listed by the links section and carried into
    the disclosure checklist of the deliverables they are for (services.offers.deliverables.deal_progress)."""
    links: tuple[Link, ...] = ()
    codes: tuple[PromoCode, ...] = ()

    @property
    def carried(self) -> list[tuple[str | None, str]]:
        """(deliverable id, or None for the whole deal; "link" or "code") of every link and code. A revoked one counts
        too: it may already be in a post, and what the post had to disclose does not change when the link stops."""
        return ([(link.deliverable_id, "link") for link in self.links]
                + [(code.deliverable_id, "code") for code in self.codes])


def for_deal(gw: Gateway, offer) -> DealLinks:
    """The deal's links (with their clicks) and codes (with their sales); none before the deal is accepted."""
    if offer.status not in DEALS:
        return DealLinks()
    return DealLinks(tuple(links_for_offers(gw, [offer.id]).get(offer.id, [])),
                     tuple(codes_for_offers(gw, [offer.id]).get(offer.id, [])))
