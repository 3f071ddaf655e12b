"""The offer state machine, enforced by SQL functions: every (state, action) pair on both gateways, the
race between accept and withdraw, and bad input that must be refused with a clear message and write nothing.

Offers are arranged through the PostgresGateway (fast); the action under test runs through the
parametrised gateway (PostgresGateway or PostgREST)."""
from __future__ import annotations

import datetime as dt
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal

import pytest

from services.offers import deliverables
from services.offers import offers
from services.core.db.gateway import Person
from services.core.db.postgres import PostgresGateway
from services.core.errors import DomainError, NotFound, PermissionDenied, ValidationError
from services.offers.offers import Item, Terms
from services.core import clock
from tests.support.creator_accounts import give_accounts

TZ = "UTC"


@dataclass(frozen=True)
class Pair:
    creator: Person
    partner: Person
    pool: object

    def pg(self, who: str) -> PostgresGateway:
        return PostgresGateway(self.pool, self.creator if who == "C" else self.partner)


def new_person(label: str) -> Person:
    pid = str(uuid.uuid4())
    return Person(id=pid, email=f"{label}-{pid[:8]}@example.com")


def make_pair(pool) -> Pair:
    creator, partner = new_person("creator"), new_person("partner")
    PostgresGateway(pool, creator).rpc("ensure_profile", {"p_display_name": "Offer Creator", "p_email": creator.email})
    give_accounts(pool, creator, "instagram")
    invitation = PostgresGateway(pool, creator).rpc("create_invitation", {"p_brand_name": f"Brand {uuid.uuid4().hex[:8]}",
                                                                         "p_email": partner.email})[0]
    PostgresGateway(pool, partner).rpc("accept_invitation", {"p_token": invitation["token"],
                                                             "p_display_name": "Brand Partner"})
    return Pair(creator, partner, pool)


@pytest.fixture(scope="module")
def pair(pool) -> Pair:
    return make_pair(pool)


def terms(fee: str = "500.00", currency: str = "USD", *, days: int = 10, quantity: int = 2, **extra) -> Terms:
    today = clock.today()
    return Terms("Launch campaign", Decimal(fee), currency,
                 (Item("instagram", "reel", quantity, today + dt.timedelta(days=days)),),
                 today + dt.timedelta(days=5), **extra)


# -- arranging an offer in each state ----------------------------------------------------------------------

def _post_all(gw, offer_id: str) -> None:
    for d in deliverables.for_offers(gw, [offer_id]).get(offer_id, []):
        if not d.done:
            deliverables.mark_posted(gw, d, f"https://www.instagram.com/reel/{uuid.uuid4().hex[:11]}/")


def _post_first(gw, offer_id: str) -> None:
    """Posts the offer's (first) deliverable, whatever its state: the database decides."""
    first = deliverables.for_offers(gw, [offer_id])[offer_id][0]
    gw.rpc("mark_deliverable_posted", {"p_deliverable_id": first.id,
                                       "p_permalink": f"https://www.instagram.com/reel/{uuid.uuid4().hex[:11]}/"})


def arrange(p: Pair, state: str, admin_conn, *, quantity: int = 1) -> str:
    """An offer in the given state, reached through the legal transitions (one deliverable unless quantity)."""
    c, b = p.pg("C"), p.pg("B")
    offer = offers.create(b, p.creator.id, terms(quantity=quantity), time_zone=TZ, send=state != "draft")
    oid = offer.id
    if state in ("draft", "sent"):
        return oid
    if state == "countered":
        offers.counter(c, oid, terms("650.00"), time_zone=TZ, note="a bit more")
    elif state == "declined":
        offers.decline(c, oid, "fee_too_low")
    elif state == "withdrawn":
        offers.withdraw(b, oid)
    elif state == "expired":
        admin_conn.execute("update public.offers set expires_at = %s::timestamptz - interval '1 minute' where id = %s",
                           (clock.now(), oid))
        offers.expire_due(c)
    else:
        offers.accept(c, oid)
        if state == "in_progress":
            offers.start(c, oid)
        elif state in ("delivered", "completed"):
            _post_all(c, oid)
            if state == "completed":
                offers.complete(b, oid)
        elif state == "cancelled":
            offers.cancel(c, oid, "the product launch was postponed")
    assert offers.get(c if state != "draft" else b, oid).status == state
    return oid


# -- the actions ------------------------------------------------------------------------------------------

ACTIONS = {
    # name: (who acts, what it does)
    "send": ("B", lambda gw, oid: offers.send(gw, oid)),
    "edit_draft": ("B", lambda gw, oid: offers.update_draft(gw, oid, terms("550.00"), time_zone=TZ)),
    "counter_by_creator": ("C", lambda gw, oid: offers.counter(gw, oid, terms("700.00"), time_zone=TZ)),
    "counter_by_brand": ("B", lambda gw, oid: offers.counter(gw, oid, terms("600.00"), time_zone=TZ)),
    "accept_by_creator": ("C", lambda gw, oid: offers.accept(gw, oid)),
    "accept_by_brand": ("B", lambda gw, oid: offers.accept(gw, oid)),
    "decline_by_creator": ("C", lambda gw, oid: offers.decline(gw, oid, "timeline")),
    "decline_by_brand": ("B", lambda gw, oid: offers.decline(gw, oid, "other", "budget moved")),
    "withdraw_by_brand": ("B", lambda gw, oid: offers.withdraw(gw, oid)),
    "withdraw_by_creator": ("C", lambda gw, oid: offers.withdraw(gw, oid)),
    "start_by_creator": ("C", lambda gw, oid: offers.start(gw, oid)),
    "post_by_creator": ("C", _post_first),
    "complete_by_brand": ("B", lambda gw, oid: offers.complete(gw, oid)),
    "complete_by_creator": ("C", lambda gw, oid: offers.complete(gw, oid)),
    "cancel_by_creator": ("C", lambda gw, oid: offers.cancel(gw, oid, "creator fell ill")),
    "cancel_by_brand": ("B", lambda gw, oid: offers.cancel(gw, oid, "campaign cancelled")),
}

# The legal transitions: (state, action) -> resulting state. Every other pair must be refused.
LEGAL = {
    ("draft", "send"): "sent",
    ("draft", "edit_draft"): "draft",
    ("draft", "withdraw_by_brand"): "withdrawn",
    ("sent", "counter_by_creator"): "countered",
    ("sent", "accept_by_creator"): "accepted",
    ("sent", "decline_by_creator"): "declined",
    ("sent", "withdraw_by_brand"): "withdrawn",
    ("countered", "counter_by_brand"): "sent",
    ("countered", "accept_by_brand"): "accepted",
    ("countered", "decline_by_brand"): "declined",
    ("countered", "withdraw_by_brand"): "withdrawn",
    ("accepted", "start_by_creator"): "in_progress",
    ("accepted", "post_by_creator"): "delivered",
    ("accepted", "cancel_by_creator"): "cancelled",
    ("accepted", "cancel_by_brand"): "cancelled",
    ("in_progress", "post_by_creator"): "delivered",
    ("in_progress", "cancel_by_creator"): "cancelled",
    ("in_progress", "cancel_by_brand"): "cancelled",
    ("delivered", "complete_by_brand"): "completed",
}
STATES = ("draft", "sent", "countered", "accepted", "declined", "expired", "withdrawn", "in_progress",
          "delivered", "completed", "cancelled")
HAS_DELIVERABLES = ("accepted", "in_progress", "delivered", "completed", "cancelled")
CASES = [pytest.param(state, action, LEGAL.get((state, action)), id=f"{state}-{action}")
         for state in STATES for action in ACTIONS
         if action != "post_by_creator" or state in HAS_DELIVERABLES]  # before acceptance there is nothing to post


def events_of(admin_conn, oid: str) -> list[dict]:
    return admin_conn.execute("select action, from_status, to_status, actor_id from public.offer_events "
                              "where offer_id = %s order by id", (oid,)).fetchall()


def status_of(admin_conn, oid: str) -> str:
    return admin_conn.execute("select status from public.offers where id = %s", (oid,)).fetchone()["status"]


@pytest.mark.parametrize("state, action, result", CASES)
def test_transition(gateway_for, pair, admin_conn, state, action, result):
    oid = arrange(pair, state, admin_conn)
    who, do = ACTIONS[action]
    gw = gateway_for(pair.creator if who == "C" else pair.partner)
    before = events_of(admin_conn, oid)
    if result is not None:
        do(gw, oid)
        assert status_of(admin_conn, oid) == result
        after = events_of(admin_conn, oid)
        assert len(after) > len(before), "every transition appends to the history"
        actor = pair.creator.id if who == "C" else pair.partner.id
        assert str(after[-1]["actor_id"]) == actor
        assert any(e["to_status"] == result for e in after[len(before):])
    else:
        with pytest.raises(DomainError) as refused:
            do(gw, oid)
        assert str(refused.value).strip(), "a refusal says why"
        assert status_of(admin_conn, oid) == state
        assert events_of(admin_conn, oid) == before, "a refused action writes nothing"


def test_the_legal_table_covers_the_issue_s_state_machine():
    reachable = {to for to in LEGAL.values()} | {"draft"}
    assert reachable == set(STATES) - {"expired"}  # expiry is the database's own sweep, tested separately
    assert {("sent", "countered"), ("countered", "sent")} <= {(s, r) for (s, _), r in LEGAL.items()}


def test_a_refusal_says_whose_turn_it_is(pair, admin_conn):
    oid = arrange(pair, "sent", admin_conn)
    with pytest.raises(PermissionDenied, match="only the creator accepts a sent offer"):
        offers.accept(pair.pg("B"), oid)
    with pytest.raises(PermissionDenied, match="only the brand withdraws"):
        offers.withdraw(pair.pg("C"), oid)
    with pytest.raises(NotFound):
        offers.send(pair.pg("C"), arrange(pair, "draft", admin_conn))  # a brand's draft is invisible to the creator


def test_a_counter_records_exactly_what_changed(gateway_for, pair, admin_conn):
    oid = arrange(pair, "sent", admin_conn)
    new = terms("725.50", quantity=3, usage_rights_days=90, usage_channels=("organic_social",))
    offers.counter(gateway_for(pair.creator), oid, new, time_zone=TZ, note="three reels, 90 days")
    event = offers.history(pair.pg("B"), oid)[-1]
    assert (event.action, event.from_status, event.to_status, event.note) == (
        "countered", "sent", "countered", "three reels, 90 days")
    changed = {c.field: (c.before, c.after) for c in event.changes}
    assert changed["fee"] == ("500.00", "725.50")
    assert changed["usage_rights_days"] == (0, 90)
    assert changed["items"][0][0]["quantity"] == 1 and changed["items"][1][0]["quantity"] == 3
    assert "currency" not in changed and "campaign" not in changed
    offer = offers.get(pair.pg("C"), oid)
    assert (offer.fee, offer.version, offer.items[0].quantity) == (Decimal("725.50"), 2, 3)


def test_a_counter_must_change_something(pair, admin_conn):
    oid = arrange(pair, "sent", admin_conn)
    before = events_of(admin_conn, oid)
    with pytest.raises(ValidationError, match="must change at least one term"):
        offers.counter(pair.pg("C"), oid, terms(quantity=1), time_zone=TZ)
    assert events_of(admin_conn, oid) == before


def test_accepting_creates_one_deliverable_per_piece_and_posting_the_last_delivers(pair, admin_conn):
    oid = arrange(pair, "accepted", admin_conn, quantity=2)
    items = deliverables.for_offers(pair.pg("C"), [oid])[oid]
    assert [(d.platform, d.format, d.seq, d.status) for d in items] == [
        ("instagram", "reel", 1, "pending"), ("instagram", "reel", 2, "pending")]
    deliverables.submit_draft(pair.pg("C"), items[0].id, "https://drive.example/draft-1", None)
    assert status_of(admin_conn, oid) == "in_progress"
    deliverables.review(pair.pg("B"), items[0].id, True, None)
    deliverables.mark_posted(pair.pg("C"), items[0], "https://www.instagram.com/reel/AAAAAAAAAAA/")
    assert status_of(admin_conn, oid) == "in_progress"
    deliverables.mark_posted(pair.pg("C"), items[1], "https://www.instagram.com/reel/BBBBBBBBBBB/")
    assert status_of(admin_conn, oid) == "delivered"
    actions = [e["action"] for e in events_of(admin_conn, oid)]
    assert actions[-6:] == ["started", "draft_submitted", "draft_approved", "deliverable_posted",
                            "deliverable_posted", "delivered"]


def test_a_posted_deliverable_is_verified_against_a_matching_post_with_its_caption(pair, admin_conn):
    c = pair.pg("C")
    account = c.insert("social_accounts", [{"creator_id": pair.creator.id, "platform": "instagram",
                                            "handle": "verify-me", "platform_account_id": uuid.uuid4().hex}])[0]
    code = uuid.uuid4().hex[:11]
    c.insert("posts", [{"account_id": account["id"], "creator_id": pair.creator.id, "platform_post_id": code,
                        "permalink": f"https://www.instagram.com/reel/{code}/", "post_type": "reel",
                        "caption": "#ad Launch day with the brand", "posted_at": clock.now()}])
    oid = arrange(pair, "accepted", admin_conn)
    first = deliverables.for_offers(c, [oid])[oid][0]
    posted = deliverables.mark_posted(c, first, f"https://www.instagram.com/reel/{code}/?igsh=abc")
    assert posted.status == "verified" and posted.caption == "#ad Launch day with the brand"
    offer = offers.get(c, oid)
    results = deliverables.caption_checks(posted, offer, ["US", "UK"])
    assert [(r.jurisdiction, r.status) for r in results] == [("US", "pass"), ("UK", "pass")]


def test_a_permalink_on_the_wrong_platform_is_refused_by_the_service_and_the_database(pair, admin_conn):
    oid = arrange(pair, "accepted", admin_conn)
    first = deliverables.for_offers(pair.pg("C"), [oid])[oid][0]
    with pytest.raises(ValidationError, match="on Instagram, but the link points to www.tiktok.com"):
        deliverables.mark_posted(pair.pg("C"), first, "https://www.tiktok.com/@me/video/1")
    with pytest.raises(ValidationError, match="on Instagram, but the link points to www.tiktok.com"):
        pair.pg("C").rpc("mark_deliverable_posted", {"p_deliverable_id": first.id,
                                                     "p_permalink": "https://www.tiktok.com/@me/video/1"})
    assert deliverables.for_offers(pair.pg("C"), [oid])[oid][0].status == "pending"


def test_a_logged_deal_lets_the_creator_record_both_sides(gateway_for, pair, admin_conn):
    c = gateway_for(pair.creator)
    offer = offers.log(c, "Bytesized Bundles", terms("300.00"), time_zone=TZ)
    assert (offer.status, offer.origin, offer.brand_id) == ("sent", "creator_logged", None)
    offers.counter(c, offer.id, terms("450.00"), time_zone=TZ, note="asked for 450 by email")
    offers.accept(c, offer.id)  # the brand agreed by email
    assert offers.get(c, offer.id).status == "accepted"
    assert offer.id not in {o.id for o in offers.list_offers(pair.pg("B"))}, "a logged deal stays the creator's"


def test_open_offers_past_their_expiry_are_swept_to_expired_by_either_party(pair, admin_conn):
    oid = arrange(pair, "sent", admin_conn)
    admin_conn.execute("update public.offers set expires_at = %s::timestamptz - interval '1 hour' where id = %s",
                           (clock.now(), oid))
    assert offers.expire_due(pair.pg("B")) >= 1
    assert status_of(admin_conn, oid) == "expired"
    last = events_of(admin_conn, oid)[-1]
    assert (last["action"], last["from_status"], last["actor_id"]) == ("expired", "sent", None)
    with pytest.raises(ValidationError, match="expired on"):
        offers.accept(pair.pg("C"), oid)


# -- the race --------------------------------------------------------------------------------------------

def test_accept_and_withdraw_racing_on_100_offers_have_exactly_one_winner_each(pool, admin_conn):
    p = make_pair(pool)
    b = p.pg("B")
    ids = [offers.create(b, p.creator.id, terms(), time_zone=TZ, send=True).id for _ in range(100)]
    creator_gw, brand_gw = p.pg("C"), p.pg("B")
    outcomes: dict[str, dict[str, object]] = {oid: {} for oid in ids}

    def attempt(kind: str, oid: str, barrier: threading.Barrier):
        barrier.wait()
        try:
            if kind == "accept":
                creator_gw.rpc("accept_offer", {"p_offer_id": oid, "p_note": None})
            else:
                brand_gw.rpc("withdraw_offer", {"p_offer_id": oid, "p_note": None})
            outcomes[oid][kind] = "won"
        except ValidationError as exc:
            outcomes[oid][kind] = exc

    with ThreadPoolExecutor(max_workers=16) as executor:
        futures = []
        for n, oid in enumerate(ids):
            barrier = threading.Barrier(2, timeout=30)
            order = ("accept", "withdraw") if n % 2 else ("withdraw", "accept")
            futures += [executor.submit(attempt, kind, oid, barrier) for kind in order]
        for f in futures:
            f.result()

    winners = {"accept": 0, "withdraw": 0}
    for oid in ids:
        result = outcomes[oid]
        won = [k for k, v in result.items() if v == "won"]
        assert len(won) == 1, f"{oid}: {result}"
        winner, loser = won[0], "withdraw" if won[0] == "accept" else "accept"
        winners[winner] += 1
        message = str(result[loser])
        if winner == "accept":
            assert "was accepted on" in message and "can no longer be withdrawn" in message
        else:
            assert "was withdrawn by the brand on" in message and "can no longer be accepted" in message
        expected = "accepted" if winner == "accept" else "withdrawn"
        rows = admin_conn.execute("select status, (select count(*) from public.deliverables d where d.offer_id = o.id) "
                                  "as deliverables, (select count(*) from public.offer_events e where e.offer_id = o.id "
                                  "and e.action in ('accepted', 'withdrawn')) as finals from public.offers o "
                                  "where o.id = %s", (oid,)).fetchone()
        assert (rows["status"], rows["finals"]) == (expected, 1)
        assert rows["deliverables"] == (2 if winner == "accept" else 0)
    print(f"\naccept/withdraw race over {len(ids)} offers: accept won {winners['accept']}, "
          f"withdraw won {winners['withdraw']}, never both")


# -- bad input -----------------------------------------------------------------------------------------------

def offer_count(admin_conn, creator_id: str) -> int:
    return admin_conn.execute("select count(*) as n from public.offers where creator_id = %s",
                              (creator_id,)).fetchone()["n"]


BAD_TERMS = [
    pytest.param({"fee": "-5.00"}, "The fee cannot be negative", id="negative-fee"),
    pytest.param({"currency": "XYZ"}, 'Unknown currency "XYZ"', id="unknown-currency"),
    pytest.param({"due": -1}, "is before today", id="due-date-before-today"),
    pytest.param({"fee": "1500.5", "currency": "JPY"}, "A fee in JPY has at most 0 decimal places", id="jpy-decimals"),
    pytest.param({"fee": "12.345"}, "A fee in USD has at most 2 decimal places", id="usd-decimals"),
]


def _bad_payload(change: dict) -> dict:
    payload = terms().payload(TZ)
    if "fee" in change:
        payload["fee"] = change["fee"]
    if "currency" in change:
        payload["currency"] = change["currency"]
    if "due" in change:
        payload["items"][0]["due_date"] = (clock.today() + dt.timedelta(days=change["due"])).isoformat()
    return payload


@pytest.mark.parametrize("change, message", BAD_TERMS)
def test_bad_terms_are_refused_by_the_database_with_a_clear_message_and_nothing_written(
        gateway_for, pair, admin_conn, change, message):
    before = offer_count(admin_conn, pair.creator.id)
    with pytest.raises(ValidationError, match=message):
        gateway_for(pair.partner).rpc("create_offer", {"p_creator_id": pair.creator.id,
                                                        "p_terms": _bad_payload(change), "p_send": True})
    assert offer_count(admin_conn, pair.creator.id) == before


@pytest.mark.parametrize("change, message", BAD_TERMS)
def test_bad_terms_get_the_same_message_from_the_service_before_the_database(pair, admin_conn, change, message):
    t = terms()
    if "fee" in change:
        t = Terms(**{**t.__dict__, "fee": offers.parse_fee(change["fee"])})
    if "currency" in change:
        t = Terms(**{**t.__dict__, "currency": change["currency"]})
    if "due" in change:
        item = t.items[0]
        t = Terms(**{**t.__dict__, "items": (Item(item.platform, item.format, item.quantity,
                                                  clock.today() + dt.timedelta(days=change["due"])),)})
    before = offer_count(admin_conn, pair.creator.id)
    with pytest.raises(ValidationError, match=message):
        offers.create(pair.pg("B"), pair.creator.id, t, time_zone=TZ, send=True)
    assert offer_count(admin_conn, pair.creator.id) == before


def test_fees_typed_as_text_are_read_exactly_and_floats_are_refused():
    assert offers.parse_fee("1,250.10") == Decimal("1250.10")
    with pytest.raises(ValidationError, match="not a number"):
        offers.parse_fee("twelve")
    with pytest.raises(ValidationError, match="not a float"):
        offers.parse_fee(0.1)  # type: ignore[arg-type]


def test_accepting_an_expired_offer_is_refused_and_writes_nothing(gateway_for, pair, admin_conn):
    oid = arrange(pair, "sent", admin_conn)
    admin_conn.execute("update public.offers set expires_at = %s::timestamptz - interval '2 hours' where id = %s",
                           (clock.now(), oid))
    before = events_of(admin_conn, oid)
    with pytest.raises(ValidationError, match=r"This offer expired on \d{4}-\d\d-\d\d \d\d:\d\d UTC: ask for a new one"):
        offers.accept(gateway_for(pair.creator), oid)
    assert status_of(admin_conn, oid) == "sent"
    assert events_of(admin_conn, oid) == before
    assert admin_conn.execute("select count(*) as n from public.deliverables where offer_id = %s",
                              (oid,)).fetchone()["n"] == 0


def test_declining_for_another_reason_needs_words_and_cancelling_needs_a_reason(pair, admin_conn):
    oid = arrange(pair, "sent", admin_conn)
    with pytest.raises(ValidationError, match="Say in a few words why you decline"):
        pair.pg("C").rpc("decline_offer", {"p_offer_id": oid, "p_reason": "other", "p_note": " "})
    with pytest.raises(ValidationError, match="Choose a reason for declining"):
        pair.pg("C").rpc("decline_offer", {"p_offer_id": oid, "p_reason": "meh", "p_note": None})
    accepted = arrange(pair, "accepted", admin_conn)
    with pytest.raises(ValidationError, match="Say why the deal is cancelled"):
        pair.pg("B").rpc("cancel_offer", {"p_offer_id": accepted, "p_reason": ""})
    assert status_of(admin_conn, oid) == "sent" and status_of(admin_conn, accepted) == "accepted"


def test_only_a_creator_who_invited_the_partner_can_receive_their_offers(pool, pair, admin_conn):
    stranger = new_person("stranger")
    PostgresGateway(pool, stranger).rpc("ensure_profile", {"p_display_name": "Stranger", "p_email": stranger.email})
    with pytest.raises(PermissionDenied, match="only to creators who invited you"):
        offers.create(pair.pg("B"), stranger.id, terms(), time_zone=TZ, send=True)
    with pytest.raises(PermissionDenied, match="only brand partners send offers"):
        offers.create(pair.pg("C"), stranger.id, terms(), time_zone=TZ, send=True)
    assert offer_count(admin_conn, stranger.id) == 0
