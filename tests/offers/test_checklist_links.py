"""A deliverable that carries a tracked link or promo code has, on its own disclosure checklist, what the creator's
markets ask of an affiliate relationship, each such item saying why it is there; a link or code for the whole deal
counts for every deliverable; no rule is listed twice; the added items are ticked like the others.

Labelled cases, quoted from the market files (services/offers/disclosure_rules):
- uk.json, rule "uk.affiliate" (source "asa-influencers-guide", ASA / CAP and CMA, Influencers' guide), applies to
  relationships ["affiliate"] only: "Affiliate links make the post an ad: label the post \"Ad\" upfront".
- us.json, rule "us.affiliate-links" (source "ftc-guides-2023", FTC Endorsement Guides, 16 CFR Part 255), applies to
  relationships ["affiliate"] only: "Say that you earn a commission wherever the affiliate link appears".
- uk.json, rule "uk.label" applies to ["paid", "gifted", "affiliate"]: "Label it \"Ad\" (or \"Advert\",
  \"Advertisement feature\"): gifts and affiliate links included" - already on a paid deal's checklist, so a link
  must not add it a second time.
- de.json, rule "de.affiliate-asterisk" (die Medienanstalten), affiliate only: "Mark affiliate links with an asterisk
  (*) and explain what it means right next to the link"."""
from __future__ import annotations

import uuid

import pytest

from services.core.db.postgres import PostgresGateway
from services.links import links
from services.offers import deliverables, disclosures, offers
from tests.offers.test_offers_transitions import make_pair, terms

UK_AFFILIATE = 'Affiliate links make the post an ad: label the post "Ad" upfront'
US_AFFILIATE = "Say that you earn a commission wherever the affiliate link appears"
DE_AFFILIATE = "Mark affiliate links with an asterisk (*) and explain what it means right next to the link"


@pytest.fixture(scope="module")
def pair(pool):
    return make_pair(pool)


def accepted_deal(pair, quantity: int = 2) -> tuple[offers.Offer, list[deliverables.Deliverable]]:
    """A paid deal (fee 500.00) for `quantity` Instagram reels, accepted by the creator."""
    offer = offers.create(pair.pg("P"), pair.creator.id, terms(quantity=quantity), time_zone="UTC", send=True)
    offers.accept(pair.pg("C"), offer.id)
    offer = next(o for o in offers.list_offers(pair.pg("C")) if o.id == offer.id)
    return offer, deliverables.for_offers(pair.pg("C"), [offer.id])[offer.id]


def link(pair, offer, deliverable_id: str | None = None) -> links.Link:
    return links.create_link(pair.pg("C"), offer.id, f"https://brand.example/{uuid.uuid4().hex[:6]}", portal_urls=[],
                             deliverable_id=deliverable_id, platform=None if deliverable_id else "instagram")


def code(pair, offer, deliverable_id: str | None = None) -> links.PromoCode:
    return links.create_code(pair.pg("C"), offer.id, f"SAVE{uuid.uuid4().hex[:6]}", deliverable_id=deliverable_id)


def progress(gw: PostgresGateway, offer, markets) -> deliverables.DealProgress:
    return deliverables.deal_progress(gw, offer, markets, carried=links.for_deal(gw, offer).carried)


def ids(group: deliverables.DeliverableChecklist) -> list[str]:
    return [item.rule.id for item in group.items]


def added(group: deliverables.DeliverableChecklist) -> dict[str, tuple[str, ...]]:
    return {item.rule.id: item.carried_by for item in group.items if item.carried_by}


def test_the_affiliate_rules_are_those_of_the_market_files_beyond_the_deal_s_own():
    rules = disclosures.commission_rules(["US", "UK", "DE", "FR"], platform="instagram", format_="reel",
                                         relationship="paid")
    assert [r.id for r in rules] == ["us.affiliate-links", "uk.affiliate", "de.affiliate-asterisk"]
    assert [r.text_for("en") for r in rules] == [US_AFFILIATE, UK_AFFILIATE, DE_AFFILIATE]
    assert all(r.source.url.startswith("https://") for r in rules)
    assert disclosures.commission_rules([], platform="instagram", format_="reel", relationship="paid") == []


def test_a_uk_deliverable_with_a_tracked_link_gets_the_uk_affiliate_rule_and_its_sibling_does_not(pair):
    offer, (first, second) = accepted_deal(pair)
    assert offer.relationship == "paid"
    link(pair, offer, first.id)
    with_link, without = progress(pair.pg("C"), offer, ["UK"]).groups
    assert with_link.deliverable.id == first.id and without.deliverable.id == second.id
    assert added(with_link) == {"uk.affiliate": ("link",)}
    assert [i.rule.text_for("en") for i in with_link.items if i.carried_by] == [UK_AFFILIATE]
    assert added(without) == {} and "uk.affiliate" not in ids(without)
    assert ids(with_link) == ids(without) + ["uk.affiliate"], "the deal's own rules first, then the added one"
    assert (with_link.total, without.total) == (without.total + 1, without.total)


def test_a_deal_level_promo_code_adds_them_to_every_deliverable(pair):
    offer, items = accepted_deal(pair, quantity=3)
    code(pair, offer)
    groups = progress(pair.pg("C"), offer, ["UK", "US"]).groups
    assert [g.deliverable.id for g in groups] == [d.id for d in items]
    assert [added(g) for g in groups] == [{"uk.affiliate": ("code",), "us.affiliate-links": ("code",)}] * 3


def test_no_rule_is_listed_twice_when_a_deliverable_carries_a_link_and_the_deal_a_code(pair):
    offer, (first, second) = accepted_deal(pair)
    link(pair, offer, first.id)
    link(pair, offer, first.id)
    code(pair, offer)
    one, two = progress(pair.pg("C"), offer, ["UK", "US"]).groups
    for group in (one, two):
        assert len(ids(group)) == len(set(ids(group))), ids(group)
        assert ids(group).count("uk.label") == 1, "already on a paid deal's checklist: not added again"
        assert "uk.label" not in added(group)
    assert added(one) == {"uk.affiliate": ("link", "code"), "us.affiliate-links": ("link", "code")}
    assert added(two) == {"uk.affiliate": ("code",), "us.affiliate-links": ("code",)}


def test_a_revoked_link_keeps_its_reminder_because_it_may_already_be_in_a_post(pair):
    offer, (first, _) = accepted_deal(pair)
    links.revoke_link(pair.pg("C"), link(pair, offer, first.id).id)
    assert added(progress(pair.pg("C"), offer, ["UK"]).groups[0]) == {"uk.affiliate": ("link",)}


def test_an_added_item_is_ticked_like_the_others_and_the_brand_sees_the_same_checklist(pair):
    offer, (first, _) = accepted_deal(pair)
    link(pair, offer, first.id)
    assert deliverables.set_tick(pair.pg("C"), first.id, "uk.affiliate", True)
    mine = progress(pair.pg("C"), offer, ["UK"])
    [item] = [i for i in mine.groups[0].items if i.rule.id == "uk.affiliate"]
    assert item.ticked and item.ticked_by == pair.creator.id
    assert (mine.groups[0].done, mine.checks_done) == (1, 1)
    theirs = progress(pair.pg("P"), offer, ["UK"])
    assert [ids(g) for g in theirs.groups] == [ids(g) for g in mine.groups]
    assert theirs.checks_done == 1
    deliverables.set_tick(pair.pg("C"), first.id, "uk.affiliate", False)
    assert progress(pair.pg("C"), offer, ["UK"]).checks_done == 0


def test_without_links_or_codes_the_checklist_is_the_deal_s_own(pair):
    offer, items = accepted_deal(pair)
    groups = progress(pair.pg("C"), offer, ["UK", "US"]).groups
    own = [r.id for r in disclosures.checklist(["UK", "US"], platform="instagram", format_="reel", relationship="paid")]
    assert [ids(g) for g in groups] == [own, own]
    assert "uk.affiliate" not in own and "us.affiliate-links" not in own
