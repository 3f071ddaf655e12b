"""Offers only on platforms the creator has an account on: the SQL functions refuse other deliverables on both
gateways (create, draft edit, counter, a logged deal), the service refuses them first with the same words, and
public.creator_platforms tells the creator and their invited partners (nobody else) which platforms those are.

The creator here, "Rita Platforms", has an imported Instagram account, a connected TikTok account, a
disconnected YouTube account and a Reddit community (Reddit takes no deals): her deal platforms are Instagram
and TikTok, in the platforms' order."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from services.core import clock
from services.core.db.postgres import PostgresGateway
from services.core.errors import PermissionDenied, ValidationError
from services.offers import offers
from services.offers.offers import Item, Terms
from tests.support.creator_accounts import give_accounts
from tests.support.rls import invite, new_person

TZ = "UTC"
# Written out by hand: what a partner reads when asking Rita for a Twitch stream or a YouTube video.
NO_TWITCH = "Rita Platforms has no Twitch account on the portal: offer deliverables only on Instagram, TikTok."
NO_YOUTUBE = "Rita Platforms has no YouTube account on the portal: offer deliverables only on Instagram, TikTok."
NO_ACCOUNT = "Nora Noaccount has not connected any account on the portal yet: offers cannot be sent to them."


@pytest.fixture(scope="module")
def people(pool):
    rita, nora, other = new_person("rita"), new_person("nora"), new_person("other")
    partner, nora_partner, stranger = new_person("partner"), new_person("nora-partner"), new_person("stranger")
    for creator, name in ((rita, "Rita Platforms"), (nora, "Nora Noaccount"), (other, "Other Creator")):
        PostgresGateway(pool, creator).rpc("ensure_profile", {"p_display_name": name, "p_email": creator.email})
    instagram, tiktok, youtube, reddit = give_accounts(pool, rita, "instagram", "tiktok", "youtube", "reddit")
    as_rita = PostgresGateway(pool, rita)
    from services.core.db.gateway import eq
    as_rita.update("social_accounts", {"status": "connected"}, [eq("id", tiktok)])
    as_rita.update("social_accounts", {"status": "disconnected"}, [eq("id", youtube)])
    give_accounts(pool, other, "twitch")
    for creator, brand_partner in ((rita, partner), (nora, nora_partner), (other, stranger)):
        invite(pool, creator, brand_partner, display_name="Brand Partner")
    return {"rita": rita, "nora": nora, "other": other, "partner": partner, "nora_partner": nora_partner,
            "stranger": stranger}


def terms(*items: tuple[str, str], fee: str = "400.00") -> Terms:
    today = clock.today()
    return Terms("Platform check", Decimal(fee), "EUR",
                 tuple(Item(p, f, 1, today + dt.timedelta(days=10)) for p, f in items), today + dt.timedelta(days=5))


def offer_count(admin_conn, creator_id: str) -> int:
    return admin_conn.execute("select count(*) as n from public.offers where creator_id = %s",
                              (creator_id,)).fetchone()["n"]


# -- who may read a creator's platforms -----------------------------------------------------------------------

def test_the_creator_and_an_invited_partner_read_the_creator_s_deal_platforms(gateway_for, people):
    expected = ["instagram", "tiktok"]  # YouTube is disconnected; Reddit takes no deals
    assert list(offers.creator_platforms(gateway_for(people["rita"]), people["rita"].id)) == expected
    assert list(offers.creator_platforms(gateway_for(people["partner"]), people["rita"].id)) == expected
    assert list(offers.creator_platforms(gateway_for(people["nora_partner"]), people["nora"].id)) == []


@pytest.mark.parametrize("who", ["stranger", "other", "nora_partner"])
def test_anyone_else_is_refused_the_creator_s_platforms(gateway_for, people, who):
    with pytest.raises(PermissionDenied, match="only of creators who invited you"):
        gateway_for(people[who]).rpc("creator_platforms", {"p_creator_id": people["rita"].id})


# -- SQL refuses, whoever skips the service -----------------------------------------------------------------------

def _payload(t: Terms) -> dict:
    return t.payload(TZ)


def test_sql_refuses_an_offer_on_a_platform_the_creator_lacks(gateway_for, people, admin_conn):
    before = offer_count(admin_conn, people["rita"].id)
    with pytest.raises(ValidationError) as refused:
        gateway_for(people["partner"]).rpc("create_offer", {
            "p_creator_id": people["rita"].id, "p_terms": _payload(terms(("instagram", "reel"), ("twitch", "stream"))),
            "p_send": True})
    assert str(refused.value) == NO_TWITCH
    with pytest.raises(ValidationError) as refused:
        gateway_for(people["partner"]).rpc("create_offer", {
            "p_creator_id": people["rita"].id, "p_terms": _payload(terms(("youtube", "video"))), "p_send": False})
    assert str(refused.value) == NO_YOUTUBE, "a disconnected account does not count"
    assert offer_count(admin_conn, people["rita"].id) == before


def test_sql_refuses_an_offer_to_a_creator_with_no_account(gateway_for, people, admin_conn):
    with pytest.raises(ValidationError) as refused:
        gateway_for(people["nora_partner"]).rpc("create_offer", {
            "p_creator_id": people["nora"].id, "p_terms": _payload(terms(("instagram", "reel"))), "p_send": True})
    assert str(refused.value) == NO_ACCOUNT
    assert offer_count(admin_conn, people["nora"].id) == 0


def test_sql_refuses_a_counter_and_a_draft_edit_that_add_a_platform_the_creator_lacks(gateway_for, pool, people):
    as_partner = PostgresGateway(pool, people["partner"])
    sent = offers.create(as_partner, people["rita"].id, terms(("instagram", "reel")), time_zone=TZ, send=True)
    with pytest.raises(ValidationError) as refused:
        gateway_for(people["rita"]).rpc("counter_offer", {
            "p_offer_id": sent.id, "p_terms": _payload(terms(("instagram", "reel"), ("twitch", "stream"), fee="500.00"))})
    assert str(refused.value) == NO_TWITCH
    assert offers.get(as_partner, sent.id).status == "sent"
    draft = offers.create(as_partner, people["rita"].id, terms(("tiktok", "video")), time_zone=TZ)
    with pytest.raises(ValidationError) as refused:
        gateway_for(people["partner"]).rpc("update_offer_draft", {
            "p_offer_id": draft.id, "p_terms": _payload(terms(("twitch", "stream")))})
    assert str(refused.value) == NO_TWITCH
    assert [i.platform for i in offers.get(as_partner, draft.id).items] == ["tiktok"]


def test_sql_refuses_a_logged_deal_on_a_platform_the_creator_lacks(gateway_for, people, admin_conn):
    before = offer_count(admin_conn, people["rita"].id)
    with pytest.raises(ValidationError) as refused:
        gateway_for(people["rita"]).rpc("log_offer", {"p_brand_name": "Mail Brand",
                                                      "p_terms": _payload(terms(("twitch", "stream")))})
    assert str(refused.value) == NO_TWITCH
    assert offer_count(admin_conn, people["rita"].id) == before


# -- the service refuses first, in the same words ------------------------------------------------------------------

class Recording:
    """A gateway that notes each function it calls, to show the service refused before the offer's SQL ran."""

    def __init__(self, inner):
        self.inner, self.person, self.called = inner, inner.person, []

    def rpc(self, function, params=None):
        self.called.append(function)
        return self.inner.rpc(function, params)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_the_service_refuses_first_with_the_same_message(gateway_for, people, admin_conn):
    before = offer_count(admin_conn, people["rita"].id)
    partner = Recording(gateway_for(people["partner"]))
    with pytest.raises(ValidationError) as refused:
        offers.create(partner, people["rita"].id, terms(("tiktok", "video"), ("twitch", "stream")), time_zone=TZ,
                      send=True)
    assert str(refused.value) == NO_TWITCH
    assert "create_offer" not in partner.called
    creator = Recording(gateway_for(people["rita"]))
    with pytest.raises(ValidationError) as refused:
        offers.log(creator, "Mail Brand", terms(("youtube", "short")), time_zone=TZ)
    assert str(refused.value) == NO_YOUTUBE and "log_offer" not in creator.called
    nobody = Recording(gateway_for(people["nora_partner"]))
    with pytest.raises(ValidationError) as refused:
        offers.create(nobody, people["nora"].id, terms(("instagram", "reel")), time_zone=TZ)
    assert str(refused.value) == NO_ACCOUNT and "create_offer" not in nobody.called
    assert offer_count(admin_conn, people["rita"].id) == before


def test_an_offer_on_the_creator_s_platforms_goes_through(gateway_for, people):
    made = offers.create(gateway_for(people["partner"]), people["rita"].id,
                         terms(("instagram", "story"), ("tiktok", "video")), time_zone=TZ, send=True)
    assert [(i.platform, i.format) for i in made.items] == [("instagram", "story"), ("tiktok", "video")]
