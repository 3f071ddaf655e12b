"""services/core/platforms.py and the platforms reference tables say the same thing, so Python (labels, menus,
friendly checks) and SQL (foreign keys, ER by views, permalink hosts, deliverable formats) cannot drift apart."""
from __future__ import annotations

import uuid

import pytest

from services.core import platforms
from services.core.db.gateway import Person
from services.core.db.postgres import PostgresGateway
from services.core.errors import ValidationError


def test_python_platforms_match_the_platforms_table_in_order(admin_conn):
    rows = admin_conn.execute("select key, label, er_by_views, link_hosts from public.platforms order by position")
    assert [(r["key"], r["label"], r["er_by_views"], tuple(r["link_hosts"])) for r in rows] == \
        [(p.key, p.label, p.er_by_views, p.link_hosts) for p in platforms.ALL]


def test_python_deliverable_formats_match_the_table_in_order(admin_conn):
    rows = admin_conn.execute("select platform, array_agg(format order by position) as formats "
                              "from public.deliverable_formats group by platform")
    assert {r["platform"]: tuple(r["formats"]) for r in rows} == \
        {p.key: p.deliverable_formats for p in platforms.ALL if p.deliverable_formats}


def test_platforms_that_take_deals_and_count_views():
    assert platforms.DEAL_KEYS == ("instagram", "tiktok", "youtube", "twitch")
    assert platforms.VIEWS_KEYS == ("tiktok", "youtube", "twitch")
    assert platforms.label("tiktok") == "TikTok" and platforms.label("mastodon") == "mastodon"


def test_an_account_on_a_platform_the_table_does_not_list_is_refused(pool, admin_conn):
    """The foreign key, not a copied list, decides which platforms exist."""
    creator = Person(id=str(uuid.uuid4()))
    PostgresGateway(pool, creator).rpc("ensure_profile", {"p_display_name": "Platform Check"})
    gw = PostgresGateway(pool, creator)
    with pytest.raises(ValidationError):
        gw.insert("social_accounts", [{"creator_id": creator.id, "platform": "mastodon", "handle": "x",
                                       "platform_account_id": "m-1"}])
    made = gw.insert("social_accounts", [{"creator_id": creator.id, "platform": "discord", "handle": "x",
                                          "platform_account_id": "d-1"}])
    assert made[0]["platform"] == "discord"
