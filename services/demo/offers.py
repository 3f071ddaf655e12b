"""Demo offers for the demo workspace, in every kind of state, made the way people make them: through the
gateways, as the demo people (brand partners create, send and withdraw; creators counter, accept, decline
and post), so the same SQL functions and policies that guard the app guard the seed.

Idempotent: each scenario is found again by its campaign name, and each step runs only when the offer is in
the state the step starts from, so running it twice (or after an interrupted run) changes nothing more.
Run it after services.demo.seed.seed_demo, which creates the people, partnerships and posts it relies on."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Callable

from services.offers import deliverables
from services.offers import offers
from services.core.db.gateway import Gateway, eq
from services.demo.people import demo_person
from services.offers.offers import Item, Terms


@dataclass(frozen=True)
class Step:
    who: str                    # demo person key
    from_status: str            # the step runs only while the offer has this status
    run: Callable[[Gateway, offers.Offer, str], object]   # (gateway, offer, time zone)


@dataclass(frozen=True)
class Scenario:
    brand: str | None           # brand partner key (None: the creator logged it)
    creator: str
    campaign: str
    terms: Callable[[dt.date], Terms]
    send: bool = True
    logged_brand: str | None = None
    steps: tuple[Step, ...] = field(default_factory=tuple)


def _terms(campaign, fee, currency, items, expires_in, **extra) -> Callable[[dt.date], Terms]:
    def make(today: dt.date) -> Terms:
        return Terms(campaign, Decimal(fee), currency,
                     tuple(Item(p, f, q, today + dt.timedelta(days=d)) for p, f, q, d in items),
                     today + dt.timedelta(days=expires_in), **extra)
    return make


def _counter(fee: str, note: str) -> Callable:
    def run(gw, offer, tz):
        terms = offer.terms(tz)
        today = offers.today_in(tz)
        items = tuple(i if i.due_date >= today else Item(i.platform, i.format, i.quantity, today + dt.timedelta(days=7))
                      for i in terms.items)
        expires = max(terms.expires_on, today + dt.timedelta(days=5))
        return offers.counter(gw, offer.id, replace(terms, fee=Decimal(fee), items=items, expires_on=expires),
                              time_zone=tz, note=note)
    return run


def _post(brand_words: tuple[str, ...], platform: str, index: int = 0) -> Callable:
    """Marks the offer's first open deliverable on platform posted, with the permalink of one of the creator's
    seeded posts that mentions the brand (so it is verified and its caption checked)."""
    def run(gw, offer, tz):
        open_items = [d for d in deliverables.for_offers(gw, [offer.id]).get(offer.id, [])
                      if d.platform == platform and not d.done]
        if not open_items:
            return None
        link = _permalink(gw, platform, brand_words, index)
        if link is None:
            return None
        return deliverables.mark_posted(gw, open_items[0], link)
    return run


def _permalink(gw: Gateway, platform: str, words: tuple[str, ...], index: int) -> str | None:
    accounts = [a["id"] for a in gw.select("social_accounts", columns=["id"],
                                           filters=[eq("creator_id", gw.person.id), eq("platform", platform)])]
    if not accounts:
        return None
    posts = gw.select("posts", columns=["permalink", "caption"], filters=[eq("account_id", accounts[0])],
                      order=[("posted_at", True)], limit=800)
    matching = [p["permalink"] for p in posts if p["permalink"] and any(w in (p["caption"] or "") for w in words)]
    if len(matching) > index:
        return matching[index]
    with_links = [p["permalink"] for p in posts if p["permalink"]]
    return with_links[index] if len(with_links) > index else None


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("sofia", "maya", "Autumn capsule launch",
             _terms("Autumn capsule launch", "850.00", "GBP",
                    [("instagram", "reel", 1, 10), ("instagram", "story", 3, 11)], 6,
                    payment_net_days=30, deposit_percent=Decimal(25), usage_rights_days=90,
                    usage_channels=("organic_social", "website"), exclusivity_category="Sustainable outerwear",
                    exclusivity_days=30, notes="Show two ways to style the waxed jacket; tag @greenthread.")),
    Scenario("sofia", "maya", "Rewear week",
             _terms("Rewear week", "600.00", "GBP", [("instagram", "reel", 1, 12), ("tiktok", "video", 1, 14)], 8,
                    usage_rights_days=30, usage_channels=("organic_social",)),
             steps=(Step("maya", "sent", _counter("720.00", "Two platforms and a week of styling: 720 works for me.")),)),
    Scenario("sofia", "maya", "Spring denim edit",
             _terms("Spring denim edit", "500.00", "GBP", [("instagram", "reel", 1, 3), ("tiktok", "video", 1, 9)], 5),
             steps=(Step("maya", "sent", lambda gw, o, tz: offers.accept(gw, o.id)),
                    Step("maya", "accepted", _post(("Green Thread",), "instagram")))),
    Scenario("tom", "leo", "Starfall demo stream",
             _terms("Starfall demo stream", "400.00", "USD", [("twitch", "stream", 1, 9), ("youtube", "video", 1, 16)],
                    7, payment_net_days=45, notes="Two hours of the Starfall demo, wishlist link in the panel."),
             steps=(Step("leo", "sent", _counter("650.00", "A two-hour stream plus an edited video is more work: 650.")),
                    Step("tom", "countered", lambda gw, o, tz: offers.accept(gw, o.id)))),
    Scenario("tom", "leo", "Wishlist push",
             _terms("Wishlist push", "40.00", "USD", [("youtube", "short", 3, 12)], 5,
                    usage_rights_days=180, usage_channels=("paid_social",), paid_usage=True)),
    Scenario("tom", "leo", "Beta keys giveaway",
             _terms("Beta keys giveaway", "150.00", "USD", [("twitch", "stream", 1, 6)], 4), send=False,
             steps=(Step("tom", "draft", lambda gw, o, tz: offers.withdraw(gw, o.id, "Beta postponed to spring.")),)),
    Scenario("nadia", "amira", "Ramadan pantry box",
             _terms("Ramadan pantry box", "4500.00", "AED", [("instagram", "reel", 2, 4)], 3,
                    usage_rights_days=60, usage_channels=("organic_social",)),
             steps=(Step("amira", "sent", lambda gw, o, tz: offers.accept(gw, o.id)),
                    Step("amira", "accepted", _post(("Verdant Pantry",), "instagram", 0)),
                    Step("amira", "in_progress", _post(("Verdant Pantry",), "instagram", 1)),
                    Step("nadia", "delivered", lambda gw, o, tz: offers.complete(gw, o.id, "Paid in full, thank you!")))),
    Scenario("nadia", "maya", "Plant-based picnic",
             _terms("Plant-based picnic", "1200.00", "AED", [("instagram", "carousel", 1, 15)], 9),
             steps=(Step("maya", "sent", lambda gw, o, tz: offers.decline(
                 gw, o.id, "not_a_fit", "Food is not my niche: Amira would be a great fit!")),)),
    Scenario("nadia", "amira", "Iftar recipe series",
             _terms("Iftar recipe series", "6000.00", "AED", [("youtube", "video", 2, 20)], 10), send=False),
    Scenario(None, "leo", "Indie bundle shoutout",
             _terms("Indie bundle shoutout", "300.00", "USD", [("youtube", "video", 1, 13)], 6,
                    notes="Came by email from Bytesized Bundles."),
             logged_brand="Bytesized Bundles"),
)


def seed_offers(backend) -> dict[str, int]:
    """Creates (or completes) the demo offers; returns how many offers were created and steps run."""
    created = steps_run = 0
    for scenario in SCENARIOS:
        actor_key = scenario.brand or scenario.creator
        gw = backend.gateway_for(demo_person(actor_key).person())
        tz = demo_person(actor_key).time_zone
        creator_id = demo_person(scenario.creator).id
        offer = _find(gw, scenario, creator_id)
        if offer is None:
            terms = scenario.terms(offers.today_in(tz))
            if scenario.brand:
                offer = offers.create(gw, creator_id, terms, time_zone=tz, send=scenario.send)
            else:
                offer = offers.log(gw, scenario.logged_brand or "Brand", terms, time_zone=tz)
            created += 1
        for step in scenario.steps:
            person = demo_person(step.who)
            step_gw = backend.gateway_for(person.person())
            current = offers.get(step_gw, offer.id)
            if current.status == step.from_status:
                step.run(step_gw, current, person.time_zone)
                steps_run += 1
    return {"offers": created, "offer_steps": steps_run}


def _find(gw: Gateway, scenario: Scenario, creator_id: str) -> offers.Offer | None:
    for offer in offers.list_offers(gw, creator_id=creator_id):
        if offer.campaign == scenario.campaign and offer.logged == (scenario.brand is None):
            return offer
    return None
