"""One clock for Python and SQL: when services.core.clock is moved, the gateways send it as the portal_now claim
and app.now() answers with it, so what SQL decides by the day (a payout being overdue, an offer expiring) follows
the portal's day on both gateways. A person's own Supabase token carries no such claim."""
from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import jwt
import pytest

from services.core import clock
from services.core.db.gateway import Person, eq
from services.core.db.postgres import PostgresGateway
from services.core.db.supabase import SupabaseGateway
from services.offers import offers
from services.offers.offers import Item, Terms
from services.payouts import payouts
from tests.conftest import ANON_KEY, JWT_SECRET
from tests.payouts.test_payouts_transitions import Pair

REAL_NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
LATER = REAL_NOW + dt.timedelta(days=400)


@pytest.fixture(autouse=True)
def real_clock_after_each_test():
    """Each test starts from the system's clock; the run's clock (tests/conftest.py) is put back afterwards."""
    saved = clock._frozen, clock._offset
    clock.reset()
    yield
    clock._frozen, clock._offset = saved


def test_clock_is_moved_only_while_set_or_running_from_another_instant():
    assert not clock.is_moved()
    clock.set_now(LATER)
    assert clock.is_moved()
    clock.reset()
    clock.run_from(LATER)
    assert clock.is_moved() and clock.now() > REAL_NOW + dt.timedelta(days=399)
    clock.reset()
    assert not clock.is_moved()


def test_a_payout_due_in_30_days_is_overdue_by_370_days_when_the_clock_is_400_days_ahead(pool, gateway_for):
    pair = Pair(pool, gateway_for)  # the creator's time zone is UTC
    due = REAL_NOW.date() + dt.timedelta(days=30)
    created = payouts.create(pair.c, payouts.PayoutTerms("Clock check", "EUR", "500.00", due, brand_id=pair.brand_id,
                                                         billed_on=REAL_NOW.date()), today=REAL_NOW.date())
    before = payouts.get(pair.c, created.id)
    assert (before.status, before.days_overdue, before.today) == ("scheduled", 0, REAL_NOW.date())

    clock.set_now(LATER)
    later = payouts.get(pair.c, created.id)
    assert later.today == LATER.date() == REAL_NOW.date() + dt.timedelta(days=400)
    assert (later.status, later.days_overdue) == ("overdue", 370)
    assert later.balance == Decimal("500.00")
    assert [(line.currency, line.payouts, line.most_days_overdue) for line in payouts.overdue(pair.c, "EUR").lines] \
        == [("EUR", 1, 370)]


def test_an_open_offer_expires_when_the_clock_passes_its_expiry_and_the_step_is_stamped_with_that_time(pool,
                                                                                                       gateway_for):
    pair = Pair(pool, gateway_for)
    due = REAL_NOW.date() + dt.timedelta(days=20)
    offer = offers.create(pair.b, pair.creator.id, Terms("Clock deal", Decimal("300.00"), "EUR",
                                                         (Item("tiktok", "video", 1, due),),
                                                         REAL_NOW.date() + dt.timedelta(days=10)),
                          time_zone="UTC", send=True)
    assert offers.expire_due(pair.c) == 0, "ten days before its expiry the offer stands"

    clock.set_now(LATER)
    assert offers.expire_due(pair.c) == 1
    row = pair.c.select("offers", columns=["status", "status_changed_at"], filters=[eq("id", offer.id)])[0]
    assert row["status"] == "expired"
    assert dt.datetime.fromisoformat(str(row["status_changed_at"])) == LATER


def test_a_persons_own_supabase_token_sends_no_clock(postgrest, pool):
    """With the person's own token the portal cannot add claims: SQL keeps the real time."""
    person = Person(id=str(uuid.uuid4()))
    PostgresGateway(pool, person).rpc("ensure_profile", {"p_display_name": "Own Token"})
    own_token = jwt.encode({"sub": person.id, "role": "authenticated", "aud": "authenticated",
                            "exp": int(REAL_NOW.timestamp()) + 600}, JWT_SECRET, algorithm="HS256")
    clock.set_now(LATER)
    signed = SupabaseGateway(postgrest.url, ANON_KEY, person, jwt_secret=JWT_SECRET)
    own = SupabaseGateway(postgrest.url, ANON_KEY, person, access_token=own_token)
    assert "portal_now" in jwt.decode(signed._signed_token(), JWT_SECRET, algorithms=["HS256"],
                                      audience="authenticated")
    signed_profile = signed.rpc("update_profile", {
        "p_display_name": "Own Token", "p_niche": None, "p_home_currency": "EUR", "p_time_zone": "UTC",
        "p_locale": "en", "p_disclosure_markets": ["US"]})
    assert dt.datetime.fromisoformat(str(signed_profile["updated_at"])) == LATER
    own_profile = own.rpc("update_profile", {
        "p_display_name": "Own Token", "p_niche": None, "p_home_currency": "EUR", "p_time_zone": "UTC",
        "p_locale": "en", "p_disclosure_markets": ["US"]})
    updated = dt.datetime.fromisoformat(str(own_profile["updated_at"]))
    assert abs(updated - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=5)
