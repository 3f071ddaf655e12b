"""Demo reports and a media kit for the demo workspace, made the way people make them: through the gateways, as
the demo people. Maya builds a report from her Green Thread offer and shares it live with Sofia's brand, and a
report of her last 30 days that she shares frozen; Sofia enters the promo-code redemptions; Amira shares her
completed Verdant Pantry campaign frozen with Nadia, who enters the sales; Maya's media kit is on, with a public
link name, her past partner and her rates.

Idempotent: reports are found again by their title, a share is made only when no active one exists, a conversion
only when its label is not there yet, and the media kit is saved only when it differs. Run it after
services.demo.offers (it relies on the accepted demo offers)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from services.reports import media_kit
from services.reports import reports
from services.core.db.gateway import Gateway
from services.core.errors import DomainError
from services.demo.people import demo_person
from services.offers.offers import today_in
from services.core.messages import N_

MAYA_KIT = media_kit.Settings(
    enabled=True, public_slug="maya-okafor",
    headline="Slow fashion, styled three ways: thrift finds, rewears and repairs for a UK audience aged 25-34.",
    contact_email="maya@demo.creator-portal.test",
    show_partners=True, show_rates=True, partner_names=("Green Thread Apparel",),
    rates=(media_kit.Rate("instagram", "reel", Decimal("450.00"), "GBP"),
           media_kit.Rate("instagram", "story", Decimal("150.00"), "GBP"),
           media_kit.Rate("tiktok", "video", Decimal("380.00"), "GBP")))


def seed_reports(backend) -> dict[str, int]:
    """Creates (or completes) the demo reports, shares, conversions and media kit; returns how many of each were
    written this time."""
    written = {"reports": 0, "report_shares": 0, "report_conversions": 0, "media_kits": 0}
    maya = backend.gateway_for(demo_person("maya").person())
    sofia = backend.gateway_for(demo_person("sofia").person())
    amira = backend.gateway_for(demo_person("amira").person())
    nadia = backend.gateway_for(demo_person("nadia").person())

    denim = _offer_report(maya, "Spring denim edit · results", "Spring denim edit", written)
    if denim is not None:
        _share(maya, denim, "live", written)
        _conversion(sofia, denim, "Promo code MAYA15 redeemed", 42, "1890.00", "GBP", written)

    today = today_in(demo_person("maya").time_zone)
    month = _find(maya, N_("Last 30 days"))
    if month is None:
        month = reports.create_report(maya, N_("Last 30 days"), start=today - dt.timedelta(days=29), end=today)
        written["reports"] += 1
    green_thread = next((b["id"] for b in reports.shareable_brands(maya) if b["name"] == "Green Thread Apparel"), None)
    if green_thread is not None:
        _share(maya, month, "frozen", written, brand_id=green_thread)

    ramadan = _offer_report(amira, "Ramadan pantry box · results", "Ramadan pantry box", written)
    if ramadan is not None:
        _share(amira, ramadan, "frozen", written)
        _conversion(nadia, ramadan, "Boxes sold with code AMIRA10", 31, "2480.00", "AED", written)

    if media_kit.get_settings(maya).payload() != MAYA_KIT.payload():
        media_kit.save(maya, MAYA_KIT)
        written["media_kits"] += 1
    return written


def _find(gw: Gateway, title: str) -> reports.Report | None:
    return next((r for r in reports.list_reports(gw) if r.title == title), None)


def _offer_report(gw: Gateway, title: str, campaign: str, written: dict) -> reports.Report | None:
    found = _find(gw, title)
    if found is not None:
        return found
    offer = next((o for o in reports.eligible_offers(gw) if o.campaign == campaign), None)
    if offer is None:
        return None
    written["reports"] += 1
    return reports.create_report(gw, title, offer_ids=[offer.id])


def _share(gw: Gateway, report: reports.Report, mode: str, written: dict, *, brand_id: str | None = None) -> None:
    brand_id = brand_id or report.brand_id
    if brand_id is None:
        return
    if any(s.kind == "brand" and s.brand_id == brand_id and s.status() == "active"
           for s in reports.shares(gw, report.id)):
        return
    reports.share_with_brand(gw, report.id, brand_id, mode)
    written["report_shares"] += 1


def _conversion(gw: Gateway, report: reports.Report, label: str, count: int, revenue: str, currency: str,
                written: dict) -> None:
    try:
        data = reports.data(gw, report.id)
    except DomainError:  # not shared with this brand (yet): nothing to add to
        return
    if any(c.label == label for c in data.conversions):
        return
    reports.add_conversion(gw, report.id, label, count, revenue, currency)
    written["report_conversions"] += 1
