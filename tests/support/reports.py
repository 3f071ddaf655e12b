"""A small world for the report tests, made through the gateways the way people make it: a creator with one
Instagram account and a few posts with snapshots, two brands she invited (A and B), an offer from brand A that she
accepted, and its deliverable posted with a post's permalink (so it is verified against the synced post)."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from services.offers import deliverables
from services.offers import offers
from services.core.db.gateway import Person
from services.core.db.postgres import PostgresGateway
from services.offers.offers import Item, Terms
from services.core import clock


def new_person(label: str) -> Person:
    pid = str(uuid.uuid4())
    return Person(id=pid, email=f"{label}-{pid[:8]}@example.com")


def invite(pool, creator: Person, partner: Person, brand: str) -> None:
    invitation = PostgresGateway(pool, creator).rpc("create_invitation", {"p_brand_name": brand,
                                                                         "p_email": partner.email})[0]
    PostgresGateway(pool, partner).rpc("accept_invitation", {"p_token": invitation["token"],
                                                             "p_display_name": f"{brand} team"})


@dataclass
class World:
    creator: Person
    other_creator: Person
    partner_a: Person
    partner_b: Person
    brand_a: str
    brand_b: str
    account_id: str
    post_ids: list[str]
    permalinks: list[str]
    offer_id: str
    deliverable_id: str
    extra: dict = field(default_factory=dict)


def build_world(pool, admin_conn, *, fee: str = "600.00", currency: str = "EUR", posts: int = 3,
                time_zone: str = "UTC") -> World:
    creator, other, partner_a, partner_b = (new_person(x) for x in ("creator", "other", "partner-a", "partner-b"))
    for person, name in ((creator, "Report Creator"), (other, "Other Creator")):
        PostgresGateway(pool, person).rpc("ensure_profile", {"p_display_name": name, "p_email": person.email})
    if time_zone != "UTC":
        admin_conn.execute("update public.profiles set time_zone = %s where id = %s", (time_zone, creator.id))
    suffix = uuid.uuid4().hex[:6]
    invite(pool, creator, partner_a, f"Brand A {suffix}")
    invite(pool, creator, partner_b, f"Brand B {suffix}")
    brand_of = {r["partner_id"]: str(r["brand_id"]) for r in admin_conn.execute(
        "select partner_id::text, brand_id from public.creator_partners where creator_id = %s", (creator.id,))}

    gw = PostgresGateway(pool, creator)
    account = gw.insert("social_accounts", [{"creator_id": creator.id, "platform": "instagram",
                                             "handle": f"creator{suffix}", "platform_account_id": suffix}])[0]
    now = clock.now().replace(microsecond=0)
    gw.insert("account_daily", [{"account_id": account["id"], "creator_id": creator.id,
                                 "day": (now - dt.timedelta(days=d)).date(), "followers": 5000 + d}
                                for d in range(0, 12)])
    post_ids, links = [], []
    for n in range(posts):
        code = f"C{suffix}{n}X"
        link = f"https://www.instagram.com/p/{code}/"
        post = gw.insert("posts", [{"account_id": account["id"], "creator_id": creator.id,
                                    "platform_post_id": code, "permalink": link, "post_type": "reel",
                                    "caption": f"#ad Styling the jacket with Brand A, look {n}",
                                    "posted_at": now - dt.timedelta(days=3 + n, hours=2)}])[0]
        gw.insert("post_metrics", [{"post_id": post["id"], "creator_id": creator.id,
                                    "captured_at": now - dt.timedelta(days=2 + n), "views": 4000 + 100 * n,
                                    "reach": 3000 + 100 * n, "likes": 200 + n, "comments": 20 + n,
                                    "shares": 10, "saves": 30, "link_clicks": 12 + n}])
        post_ids.append(post["id"])
        links.append(link)

    # The account is a connected one: its numbers are the platform sync's (a creator's session may only
    # write self-reported rows, so they are marked as synced on the privileged connection).
    for table in ("account_daily", "posts", "post_metrics"):
        admin_conn.execute(f"update public.{table} set source = 'api' where creator_id = %s", (creator.id,))
    today = clock.today()
    terms = Terms("Report campaign", Decimal(fee), currency,
                  (Item("instagram", "reel", 1, today + dt.timedelta(days=9)),), today + dt.timedelta(days=4))
    offer = offers.create(PostgresGateway(pool, partner_a), creator.id, terms, time_zone="UTC", send=True)
    offers.accept(gw, offer.id)
    item = deliverables.for_offers(gw, [offer.id])[offer.id][0]
    deliverables.mark_posted(gw, item, links[0])
    return World(creator, other, partner_a, partner_b, brand_of[partner_a.id], brand_of[partner_b.id],
                 account["id"], post_ids, links, offer.id, item.id)
