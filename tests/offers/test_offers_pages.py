"""AppTest for the offers pages, both roles, on a demo workspace with its demo offers (its own database,
so other modules' counts are not disturbed)."""
from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest

from services.offers import deliverables
from services.offers import disclosures
from services.offers import offers
from services.people import profiles
from services.demo import offers as seed_offers
from services.demo.people import demo_person
from services.offers.offers import Item, Terms
from tests.support.app import as_read, submit, texts
from tests.support import databases
from tests.support.databases import demo_workspace
from services.core import clock
from tests.support.demo_pages import as_demo, gw, open_page


@pytest.fixture(scope="module")
def demo(database):
    with demo_workspace(database, "offers_pages", days=200, seeders=[seed_offers.seed_offers]) as backend:
        yield backend


def fresh_offer(demo, brand: str, creator: str, *, fee: str = "300.00", currency: str = "GBP", send: bool = True,
                campaign: str | None = None, quantity: int = 1) -> offers.Offer:
    tz = demo_person(brand).time_zone
    today = offers.today_in(tz)
    terms = Terms(campaign or f"Test {uuid.uuid4().hex[:6]}", Decimal(fee), currency,
                  (Item("instagram", "reel", quantity, today + dt.timedelta(days=8)),), today + dt.timedelta(days=4))
    return offers.create(gw(demo, brand), demo_person(creator).id, terms, time_zone=tz, send=send)


def by_campaign(demo, key: str, campaign: str) -> offers.Offer:
    return next(o for o in offers.list_offers(gw(demo, key)) if o.campaign == campaign)


def open_offer(demo, key: str, page: str, offer_id: str):
    """Signed in as `key`, `page` opened and the offer opened from its list."""
    at = open_page(demo, key, page)
    at.button(key=f"open_{offer_id}").click().run()
    return at


def opened_id(at) -> str | None:
    """The offer or payout the page's URL names (?id=), as the next run reads it."""
    value = at.query_params.get("id")
    return value[0] if isinstance(value, list) else value


def checklist_expanders(at) -> list:
    return [e for e in at.expander if e.label.startswith("Disclosure checklist")]


# -- creator inbox ----------------------------------------------------------------------------------------

def test_creator_inbox_shows_tabs_with_counts_most_urgent_first(demo):
    at = open_page(demo, "maya", "offers/offers_inbox")
    labels = [tab.label for tab in at.tabs]
    assert labels[0].startswith("Needs your answer (") and labels[1].startswith("Waiting for the brand (")
    assert labels[2].startswith("Active (") and labels[3].startswith("Closed (")
    page = texts(at)
    assert "Autumn capsule launch" in page and "Rewear week" in page and "Plant-based picnic" in page
    assert "Iftar recipe series" not in page, "another creator's offer"
    assert "£850.00" in page


def test_opening_an_offer_shows_its_terms_fair_rate_hint_and_history(demo):
    offer = by_campaign(demo, "maya", "Autumn capsule launch")
    at = open_offer(demo, "maya", "offers/offers_inbox", offer.id)
    assert not at.exception
    page = texts(at)
    assert "Fair-rate hint" in page and "median views per post" in page and "Word on the Block" in page
    assert "The range is in USD and this offer is in GBP" in page
    assert "Sofia Lindqvist sent the offer (Draft → Sent)" in page
    keys = {w.key for kind in (at.button, at.selectbox, at.text_input) for w in kind if w.key}
    assert {"offer_accept", "offer_decline_reason", "counter_fee"} <= keys


def test_a_lowball_offer_gets_a_far_below_warning(demo):
    offer = by_campaign(demo, "leo", "Wishlist push")
    at = open_offer(demo, "leo", "offers/offers_inbox", offer.id)
    warnings = [w.value for w in at.warning]
    assert any("This offer is far below the range: $40.00 is less than half of" in w for w in warnings), warnings


def test_creator_accepts_an_offer_and_sees_its_deliverables(demo):
    offer = fresh_offer(demo, "sofia", "maya", quantity=2)
    at = open_offer(demo, "maya", "offers/offers_inbox", offer.id)
    at.button(key="offer_accept").click().run()
    assert not at.exception
    assert "Offer accepted. Its deliverables are listed below." in texts(at)
    assert offers.get(gw(demo, "maya"), offer.id).status == "accepted"
    assert "Instagram reel \\#2" in texts(at) or "Instagram reel #2" in texts(at)


def test_creator_declines_with_a_reason(demo):
    offer = fresh_offer(demo, "sofia", "maya")
    at = open_offer(demo, "maya", "offers/offers_inbox", offer.id)
    submit(at, "decline_form", "Decline offer", {"offer_decline_reason": "timeline",
                                                 "offer_decline_note": "Fully booked until January"})
    assert not at.exception and "Offer declined." in texts(at)
    after = offers.get(gw(demo, "sofia"), offer.id)
    assert (after.status, after.status_reason, after.status_note) == ("declined", "timeline", "Fully booked until January")


def test_creator_counters_and_the_brand_sees_what_changed(demo):
    offer = fresh_offer(demo, "sofia", "maya", fee="300.00")
    at = open_offer(demo, "maya", "offers/offers_inbox", offer.id)
    submit(at, "counter_form", "Send counter", {"counter_fee": "480.00", "counter_qty_0": 2,
                                                "counter_message": "Two reels for 480"})
    assert not at.exception and "Counter sent. The brand answers next." in texts(at)
    assert offers.get(gw(demo, "maya"), offer.id).fee == Decimal("480.00")

    brand = open_page(demo, "sofia", "offers/brand_offers")
    assert brand.tabs[0].label.startswith("Needs your answer (")
    brand.button(key=f"open_{offer.id}").click().run()
    frames = [d.value.to_dict("records") for d in brand.dataframe]
    changed = {row["What changed"]: (row["Before"], row["After"]) for frame in frames for row in frame}
    assert changed["Fee"] == ("£300.00", "£480.00") and "Expires" not in changed, changed
    assert changed["Deliverables"][1].startswith("2×")
    assert "Two reels for 480" in texts(brand)
    brand.button(key="offer_accept").click().run()
    assert "Counter accepted: the deal is on." in texts(brand)
    assert offers.get(gw(demo, "sofia"), offer.id).status == "accepted"


def test_a_counter_with_a_fee_that_is_not_a_number_writes_nothing(demo):
    offer = fresh_offer(demo, "sofia", "maya")
    at = open_offer(demo, "maya", "offers/offers_inbox", offer.id)
    submit(at, "counter_form", "Send counter", {"counter_fee": "lots"})
    assert 'The fee "lots" is not a number.' in texts(at)
    assert offers.get(gw(demo, "maya"), offer.id).status == "sent"


def test_creator_marks_a_deliverable_posted_and_ticks_its_checklist(demo):
    offer = fresh_offer(demo, "sofia", "maya")
    offers.accept(gw(demo, "maya"), offer.id)
    at = open_offer(demo, "maya", "offers/offers_inbox", offer.id)
    item = deliverables.for_offers(gw(demo, "maya"), [offer.id])[offer.id][0]
    submit(at, f"posted_form_{item.id}", "Mark posted",
           {f"permalink_{item.id}": "https://www.instagram.com/reel/Cx1234567AB/"})
    assert not at.exception and "Deliverable marked posted." in texts(at)
    assert offers.get(gw(demo, "maya"), offer.id).status == "delivered"
    assert [as_read(e.label).split(" · ")[0] for e in checklist_expanders(at)] == [
        "Disclosure checklist: Instagram reel #1"]
    keys = [c.key for c in at.checkbox if c.key and c.key.startswith(f"tick_{item.id}_")]
    assert f"tick_{item.id}_uk.label" in keys and f"tick_{item.id}_instagram.paid-partnership" in keys
    at.checkbox(key=f"tick_{item.id}_instagram.paid-partnership").check().run()
    ticks = gw(demo, "sofia").select("checklist_ticks", filters=[])
    mine = [t for t in ticks if t["deliverable_id"] == item.id]
    assert [(t["rule_id"], t["ticked_by"]) for t in mine] == [("instagram.paid-partnership", demo_person("maya").id)]


def test_a_bad_permalink_is_refused_on_the_page(demo):
    offer = fresh_offer(demo, "sofia", "maya")
    offers.accept(gw(demo, "maya"), offer.id)
    item = deliverables.for_offers(gw(demo, "maya"), [offer.id])[offer.id][0]
    at = open_offer(demo, "maya", "offers/offers_inbox", offer.id)
    submit(at, f"posted_form_{item.id}", "Mark posted",
           {f"permalink_{item.id}": "https://www.tiktok.com/@maya/video/1"})
    assert "but the link points to www.tiktok.com" in texts(at)
    assert deliverables.for_offers(gw(demo, "maya"), [offer.id])[offer.id][0].status == "pending"


def test_creator_logs_a_deal_from_an_email(demo):
    at = open_page(demo, "leo", "offers/offers_inbox")
    submit(at, "log_form", "Log deal", {"log_brand": "Retro Pad Co", "log_campaign": "Controller review",
                                        "log_fee": "250.00", "log_currency": "EUR", "log_kind_0": "youtube/video"})
    assert not at.exception and "Deal logged." in texts(at)
    logged = by_campaign(demo, "leo", "Controller review")
    assert (logged.status, logged.origin, logged.brand_name, logged.fee) == (
        "sent", "creator_logged", "Retro Pad Co", Decimal("250.00"))


def test_creator_inbox_in_arabic(demo):
    amira = gw(demo, "amira")
    profile = profiles.get_profile(amira)
    profiles.update_profile(amira, profiles.ProfileChanges(profile["display_name"], profile["niche"],
                                                           profile["home_currency"], profile["time_zone"], "ar",
                                                           tuple(profile["disclosure_markets"])))
    try:
        at = open_page(demo, "amira", "offers/offers_inbox")
        assert at.title[0].value == "العروض"
        assert at.tabs[0].label.startswith("بانتظار ردك")
    finally:
        profiles.update_profile(amira, profiles.ProfileChanges(profile["display_name"], profile["niche"],
                                                               profile["home_currency"], profile["time_zone"], "en",
                                                               tuple(profile["disclosure_markets"])))


# -- brand partner ------------------------------------------------------------------------------------------

def test_brand_partner_sends_an_offer_from_the_form(demo):
    at = open_page(demo, "tom", "offers/brand_offers")
    submit(at, "new_offer_form", "Send offer", {"new_creator": demo_person("leo").id, "new_campaign": "Speedrun week",
                                                "new_fee": "320.00", "new_currency": "USD",
                                                "new_kind_0": "twitch/stream"})
    assert not at.exception and "Offer sent. The creator answers next." in texts(at)
    sent = by_campaign(demo, "leo", "Speedrun week")
    assert (sent.status, sent.fee, sent.currency, sent.items[0].platform) == ("sent", Decimal("320.00"), "USD", "twitch")


@pytest.mark.parametrize("field, value, message", [
    ("new_fee", "-20", "The fee cannot be negative"),
    ("new_due_0", -3, "is before today"),
])
def test_brand_partner_bad_input_gets_a_message_and_nothing_is_written(demo, field, value, message):
    before = len(offers.list_offers(gw(demo, "tom")))
    at = open_page(demo, "tom", "offers/brand_offers")
    at.text_input(key="new_campaign").input("Bad input")
    at.text_input(key="new_fee").input("100.00")
    if field == "new_due_0":
        at.date_input(key=field).set_value(clock.today() + dt.timedelta(days=value))
    else:
        at.text_input(key=field).input(value)
    at.button(key="FormSubmitter:new_offer_form-Send offer").click().run()
    assert not at.exception
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert len(offers.list_offers(gw(demo, "tom"))) == before


def test_brand_partner_withdraws_before_acceptance(demo):
    offer = fresh_offer(demo, "nadia", "amira", currency="AED", fee="900.00")
    at = open_offer(demo, "nadia", "offers/brand_offers", offer.id)
    submit(at, "withdraw_form", "Withdraw the offer", {"offer_withdraw_note": "Budget moved to Q1"})
    assert not at.exception and "Offer withdrawn." in texts(at)
    assert offers.get(gw(demo, "nadia"), offer.id).status == "withdrawn"


def test_brand_partner_sees_deliverable_status_and_the_verified_caption_check(demo):
    offer = by_campaign(demo, "nadia", "Ramadan pantry box")
    at = open_offer(demo, "nadia", "offers/brand_offers", offer.id)
    assert not at.exception
    page = texts(at)
    assert "Verified" in page and "United Arab Emirates:" in page
    items = deliverables.for_offers(gw(demo, "nadia"), [offer.id])[offer.id]
    posted = sum(1 for d in items if d.status in ("posted", "verified"))
    assert f"Deliverables: {posted}/{len(items)} posted · Checklist: " in page
    assert len(checklist_expanders(at)) == len(items), "one checklist per deliverable"


def test_brand_partner_sees_only_their_brand_s_offers(demo):
    page = texts(open_page(demo, "tom", "offers/brand_offers"))
    assert "Wishlist push" in page and "Autumn capsule launch" not in page and "Ramadan pantry box" not in page


def test_each_role_reaches_only_its_own_offers_page(demo):
    with pytest.raises(ValueError):
        as_demo(demo, "sofia").run().switch_page("../pages/offers/offers_inbox.py")
    with pytest.raises(ValueError):
        as_demo(demo, "maya").run().switch_page("../pages/offers/brand_offers.py")


# -- caption checker ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["maya", "nadia"])
def test_caption_checker_page_for_both_roles(demo, key):
    at = open_page(demo, key, "offers/caption_checker")
    submit(at, "caption_form", "Check caption", {"caption_text": "Loving my #adventure gear! #sp",
                                                 "caption_markets": ["US", "UK", "DE"]})
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors == ["United States: Fail", "United Kingdom: Fail", "Germany: Fail"]
    page = texts(at)
    assert "No clear disclosure label found" in page and "ftc.gov" in page
    assert "- **Fail** — " in page, "a finding is introduced by its severity in words"
    assert not re.search(r"\b(us|uk|de)\.[a-z-]+", page), "no rule id (us.label…) is shown"


def test_caption_checker_passes_a_good_arabic_caption(demo):
    at = open_page(demo, "amira", "offers/caption_checker")
    submit(at, "caption_form", "Check caption", {"caption_text": "إعلان | وصفة جديدة مع @verdantpantry",
                                                 "caption_markets": ["AE", "SA"]})
    assert [s.value for s in at.success] == ["United Arab Emirates: Pass", "Saudi Arabia: Pass"]


def test_a_uae_finding_shows_its_arabic_phrases_isolated_in_the_order_the_rule_gives_them(demo):
    # ae.json: the Media Council expects "إعلان", "مادة إعلانية", "Advertisement" or "#ad"; each quoted phrase is
    # its own isolate (U+2068 … U+2069), so the two Arabic phrases cannot swap places in an English line.
    at = open_page(demo, "maya", "offers/caption_checker")
    submit(at, "caption_form", "Check caption", {"caption_text": "New recipe with @verdantpantry",
                                                 "caption_markets": ["AE"]})
    assert not at.exception
    findings = [m.value for m in at.markdown if "Media Council" in m.value]
    assert len(findings) == 1
    assert ('"\u2068إعلان\u2069", "\u2068مادة إعلانية\u2069", "\u2068Advertisement\u2069" or "\u2068\\#ad\u2069"'
            in findings[0])

# -- product category: chosen by the brand, weighed by the creator before accepting -------------------------
# Expected outcomes come from the category rule files (services/offers/disclosure_rules): Saudi Arabia bans
# alcohol promotion, the UAE and the UK restrict it; the UK bans nicotine and vaping promotion.

def test_brand_partner_names_the_product_category_on_a_new_offer(demo):
    at = open_page(demo, "nadia", "offers/brand_offers")
    submit(at, "new_offer_form", "Send offer", {"new_creator": demo_person("amira").id,
                                                "new_campaign": "Alcohol-free spritz", "new_fee": "900.00",
                                                "new_category": "alcohol"})
    assert not at.exception and "Offer sent. The creator answers next." in texts(at)
    sent = by_campaign(demo, "amira", "Alcohol-free spritz")
    assert (sent.status, sent.product_category) == ("sent", "alcohol")


def test_a_creator_sees_a_ban_before_accepting_and_cannot_accept(demo):
    offer = fresh_offer(demo, "nadia", "amira", currency="AED")
    offers.set_category(gw(demo, "nadia"), offer.id, "alcohol")
    at = open_offer(demo, "amira", "offers/offers_inbox", offer.id)
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    warnings = " ".join(w.value for w in at.warning)
    assert "Saudi Arabia bans influencer promotion of Alcohol" in errors
    assert "United Arab Emirates: Alcohol is restricted." in warnings and "United Kingdom: Alcohol is restricted." in warnings
    assert at.button(key="offer_accept").disabled
    assert offers.get(gw(demo, "amira"), offer.id).status == "sent"


def test_an_allowed_category_can_be_accepted_and_its_conditions_join_the_checklist(demo):
    offer = fresh_offer(demo, "sofia", "maya")
    offers.set_category(gw(demo, "sofia"), offer.id, "gambling")
    at = open_offer(demo, "maya", "offers/offers_inbox", offer.id)
    assert not at.button(key="offer_accept").disabled
    assert "United Kingdom: Gambling is restricted." in " ".join(w.value for w in at.warning)
    at.button(key="offer_accept").click().run()
    assert not at.exception and offers.get(gw(demo, "maya"), offer.id).status == "accepted"
    item = deliverables.for_offers(gw(demo, "maya"), [offer.id])[offer.id][0]
    keys = {c.key for c in at.checkbox if c.key}
    assert {f"tick_{item.id}_uk.category.gambling", f"tick_{item.id}_us.category.gambling"} <= keys


def test_a_market_s_ban_blocks_accepting_for_a_uk_creator(demo):
    offer = fresh_offer(demo, "sofia", "maya")
    offers.set_category(gw(demo, "sofia"), offer.id, "nicotine_vaping")
    at = open_offer(demo, "maya", "offers/offers_inbox", offer.id)
    assert "United Kingdom bans influencer promotion of Nicotine and vaping" in " ".join(e.value for e in at.error)
    assert at.button(key="offer_accept").disabled


def test_a_creator_without_the_licence_a_market_needs_is_told_before_accepting(demo):
    offer = fresh_offer(demo, "nadia", "amira", currency="AED")
    at = open_offer(demo, "amira", "offers/offers_inbox", offer.id)
    warnings = " ".join(w.value for w in at.warning)
    assert "United Arab Emirates: you have not recorded the licence this market requires (Settings)." in warnings
    assert "Saudi Arabia: you have not recorded the licence this market requires (Settings)." in warnings
    assert not at.button(key="offer_accept").disabled


def test_the_checklist_shows_the_licence_number_beside_the_rule_that_asks_for_it(demo):
    from services.people import licences
    licences.save_licence(gw(demo, "amira"), "ae_advertiser_permit", "AE-778812", None, time_zone="Asia/Dubai")
    offer = fresh_offer(demo, "nadia", "amira", currency="AED")
    offers.accept(gw(demo, "amira"), offer.id)
    at = open_offer(demo, "amira", "offers/offers_inbox", offer.id)
    captions = " ".join(c.value for c in at.caption)
    assert "your number: AE\\-778812" in captions, "typed text reaches the page escaped for markdown"
    assert "no licence recorded in Settings" in captions, "Saudi Arabia's Mawthooq licence is not recorded"


# -- deliverables only on the creator's platforms ---------------------------------------------------------------
# Demo accounts (services/demo/people.py): Maya on Instagram and TikTok, Amira on Instagram and YouTube, Leo on
# YouTube, Twitch and Discord (Discord takes no deals). The choices below are written out by hand from
# services/core/platforms.py's formats.

INSTAGRAM = ["Instagram · Reel", "Instagram · Image post", "Instagram · Carousel", "Instagram · Story",
             "Instagram · Live stream"]
MAYA_KINDS = INSTAGRAM + ["TikTok · Video", "TikTok · Story", "TikTok · Live stream"]
AMIRA_KINDS = INSTAGRAM + ["YouTube · Video", "YouTube · Short", "YouTube · Live stream"]


def test_the_new_offer_form_lists_only_the_chosen_creator_s_platforms(demo):
    at = open_page(demo, "nadia", "offers/brand_offers")
    at.selectbox(key="new_creator").set_value(demo_person("maya").id).run()
    assert not at.exception
    assert list(at.selectbox(key="new_kind_0").options) == MAYA_KINDS
    assert "Deliverables on Maya Okafor's platforms: Instagram, TikTok." in texts(at)
    at.selectbox(key="new_creator").set_value(demo_person("amira").id).run()
    assert list(at.selectbox(key="new_kind_0").options) == AMIRA_KINDS
    assert "Deliverables on Amira Haddad's platforms: Instagram, YouTube." in texts(at)


def test_the_new_offer_form_says_so_when_the_creator_has_no_account(demo):
    import psycopg
    with psycopg.connect(demo.admin_url, autocommit=True) as conn:
        statuses = conn.execute("select id, status from public.social_accounts where creator_id = %s",
                                (demo_person("leo").id,)).fetchall()
        conn.execute("update public.social_accounts set status = 'disconnected' where creator_id = %s",
                     (demo_person("leo").id,))
        try:
            at = open_page(demo, "tom", "offers/brand_offers")
            assert "Leo Brandt has not connected any account on the portal yet: offers cannot be sent to them." \
                in [i.value for i in at.info]
            assert not [b for b in at.button if b.key == "FormSubmitter:new_offer_form-Send offer"]
        finally:
            for account_id, status in statuses:
                conn.execute("update public.social_accounts set status = %s where id = %s", (status, account_id))


# -- one offer on its own URL, with its progress ----------------------------------------------------------------

def four_deliverable_deal(demo) -> offers.Offer:
    """Two Instagram reels and two TikTok videos from Green Thread to Maya, accepted: four deliverables."""
    tz = demo_person("sofia").time_zone
    today = offers.today_in(tz)
    terms = Terms(f"Four-part {uuid.uuid4().hex[:6]}", Decimal("1200.00"), "GBP",
                  (Item("instagram", "reel", 2, today + dt.timedelta(days=8)),
                   Item("tiktok", "video", 2, today + dt.timedelta(days=12))), today + dt.timedelta(days=4))
    offer = offers.create(gw(demo, "sofia"), demo_person("maya").id, terms, time_zone=tz, send=True)
    offers.accept(gw(demo, "maya"), offer.id)
    return offer


def test_open_puts_the_offer_in_the_url_shows_it_first_and_back_returns_to_the_list(demo):
    offer = fresh_offer(demo, "sofia", "maya")
    at = open_page(demo, "maya", "offers/offers_inbox")
    assert opened_id(at) is None and at.tabs, "the list, with nothing open"
    at.button(key=f"open_{offer.id}").click().run()
    assert not at.exception
    assert opened_id(at) == offer.id, "the offer has its own URL"
    assert at.main.button[0].key == "offer_back" and at.main.button[0].label == "Back to all offers"
    assert offer.campaign in at.main.markdown[0].value, "the offer's heading comes first, where the person looks"
    assert not at.tabs and f"open_{offer.id}" not in {b.key for b in at.button}, "the list is not drawn"
    assert "Fair-rate hint" in texts(at)
    at.button(key="offer_back").click().run()
    assert not at.exception and opened_id(at) is None
    assert at.tabs and at.button(key=f"open_{offer.id}").label == "Open"


def test_an_offer_s_own_url_opens_it_and_one_the_person_cannot_see_is_dropped(demo):
    offer = fresh_offer(demo, "sofia", "maya")
    at = databases.as_demo(demo.admin_url, "maya").run()
    at.query_params["id"] = offer.id
    at.switch_page("../pages/offers/offers_inbox.py").run()
    assert not at.exception and offer.campaign in at.main.markdown[0].value and not at.tabs
    other = fresh_offer(demo, "nadia", "amira", currency="AED")  # Amira's, not Maya's
    at = databases.as_demo(demo.admin_url, "maya").run()
    at.query_params["id"] = other.id
    at.switch_page("../pages/offers/offers_inbox.py").run()
    assert "The link names nothing you can open here" in texts(at) and at.tabs and opened_id(at) is None


def test_a_deal_shows_deliverables_posted_and_checklist_done_with_one_closed_checklist_per_deliverable(demo):
    offer = four_deliverable_deal(demo)
    maya = gw(demo, "maya")
    items = deliverables.for_offers(maya, [offer.id])[offer.id]
    assert [(d.platform, d.seq) for d in items] == [("instagram", 1), ("instagram", 2), ("tiktok", 1), ("tiktok", 2)]
    deliverables.mark_posted(maya, items[0], f"https://www.instagram.com/reel/T{uuid.uuid4().hex[:10]}/")
    deliverables.mark_posted(maya, items[2], f"https://www.tiktok.com/@maya/video/{uuid.uuid4().int % 10**18}")
    # Maya's markets are the UK and the US: each deliverable's checklist is those markets' rules and the platform's.
    rules = {d.id: [r.id for r in disclosures.checklist(["UK", "US"], platform=d.platform, format_=d.format,
                                                        relationship="paid", category=None)] for d in items}
    ticked = {items[0].id: rules[items[0].id][:3], items[3].id: rules[items[3].id][:2]}
    for deliverable_id, rule_ids in ticked.items():
        for rule_id in rule_ids:
            deliverables.set_tick(maya, deliverable_id, rule_id, True)
    total = sum(len(r) for r in rules.values())
    assert total > 5

    at = open_offer(demo, "maya", "offers/offers_inbox", offer.id)
    assert not at.exception
    assert at.main.markdown[1].value == f"**Deliverables: 2/4 posted · Checklist: 5/{total} done**", \
        "the progress header, right under the offer's heading"
    shown = checklist_expanders(at)
    assert [as_read(e.label) for e in shown] == [
        f"Disclosure checklist: Instagram reel #1 · 3/{len(rules[items[0].id])} done",
        f"Disclosure checklist: Instagram reel #2 · 0/{len(rules[items[1].id])} done",
        f"Disclosure checklist: TikTok video #1 · 0/{len(rules[items[2].id])} done",
        f"Disclosure checklist: TikTok video #2 · 2/{len(rules[items[3].id])} done"]
    assert [e.proto.expanded for e in shown] == [False] * 4, "closed until the person opens one"
    for e, d in zip(shown, items):
        inside = [c.key for c in e.checkbox]
        assert inside == [f"tick_{d.id}_{rule_id}" for rule_id in rules[d.id]], "each group holds its own ticks"

    # ticking on the page still records the tick, and the counts follow
    rule_id = rules[items[1].id][0]
    at.checkbox(key=f"tick_{items[1].id}_{rule_id}").check().run()
    assert not at.exception and opened_id(at) == offer.id
    assert at.main.markdown[1].value == f"**Deliverables: 2/4 posted · Checklist: 6/{total} done**"
    assert checklist_expanders(at)[1].label.endswith(f" · 1/{len(rules[items[1].id])} done")


def test_the_deal_s_checklists_are_read_at_once_whatever_the_number_of_deliverables(demo):
    offer = four_deliverable_deal(demo)
    maya = gw(demo, "maya")
    reads: list[str] = []
    real = maya.select

    def counting(table, *args, **kwargs):
        reads.append(table)
        return real(table, *args, **kwargs)

    maya.select = counting
    progress = deliverables.deal_progress(maya, offer, ["UK", "US"])
    assert progress.total == 4 and len(progress.groups) == 4
    assert reads == ["deliverables", "checklist_ticks"], reads


def test_the_brand_opens_a_deal_on_its_own_url_with_its_progress_and_goes_back(demo):
    offer = four_deliverable_deal(demo)
    maya = gw(demo, "maya")
    items = deliverables.for_offers(maya, [offer.id])[offer.id]
    deliverables.mark_posted(maya, items[1], f"https://www.instagram.com/reel/T{uuid.uuid4().hex[:10]}/")
    rule_id = [r.id for r in disclosures.checklist(["UK", "US"], platform="instagram", format_="reel",
                                                   relationship="paid", category=None)][0]
    deliverables.set_tick(maya, items[1].id, rule_id, True)
    at = open_offer(demo, "sofia", "offers/brand_offers", offer.id)
    assert not at.exception and opened_id(at) == offer.id and not at.tabs
    assert at.main.button[0].key == "offer_back"
    assert "Deliverables: 1/4 posted · Checklist: 1/" in texts(at)
    shown = checklist_expanders(at)
    assert len(shown) == 4 and not any(e.proto.expanded for e in shown)
    assert all(c.disabled for e in shown for c in e.checkbox), "the brand reads the checklist, the creator ticks it"
    at.button(key="offer_back").click().run()
    assert opened_id(at) is None and at.tabs
