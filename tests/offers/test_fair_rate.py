"""The fair-rate hint: the creator's own medians from SQL (both gateways) times published CPM bands, exact to
the cent, compared with the offer only in the benchmark's currency."""
from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from services.offers import fair_rate
from services.core.db.gateway import Person
from services.core.db.postgres import PostgresGateway
from services.offers.offers import Item
from services.core import clock

@pytest.fixture(scope="module")
def creator(pool) -> Person:
    now = clock.now()
    person = Person(id=str(uuid.uuid4()), email="rates@example.com")
    gw = PostgresGateway(pool, person)
    gw.rpc("ensure_profile", {"p_display_name": "Rate Creator", "p_email": person.email})
    account = gw.insert("social_accounts", [{"creator_id": person.id, "platform": "youtube", "handle": "rates",
                                             "platform_account_id": uuid.uuid4().hex}])[0]
    # Four shorts with views 1000, 3000, 2000, 9000 (median 2500); each has an older, smaller snapshot too.
    for n, views in enumerate((1000, 3000, 2000, 9000)):
        post = gw.insert("posts", [{"account_id": account["id"], "creator_id": person.id,
                                    "platform_post_id": uuid.uuid4().hex, "post_type": "short",
                                    "posted_at": now - dt.timedelta(days=10 + n)}])[0]
        gw.insert("post_metrics", [
            {"post_id": post["id"], "creator_id": person.id, "captured_at": now - dt.timedelta(days=9 + n),
             "views": views // 2, "reach": views // 4, "likes": 1, "comments": 0},
            {"post_id": post["id"], "creator_id": person.id, "captured_at": now - dt.timedelta(days=2),
             "views": views, "reach": views // 2, "likes": 10, "comments": 2}])
    old = gw.insert("posts", [{"account_id": account["id"], "creator_id": person.id,
                               "platform_post_id": uuid.uuid4().hex, "post_type": "short",
                               "posted_at": now - dt.timedelta(days=400)}])[0]
    gw.insert("post_metrics", [{"post_id": old["id"], "creator_id": person.id, "captured_at": now - dt.timedelta(days=399),
                                "views": 999999}])
    return person


def test_the_basis_is_the_median_of_each_post_s_latest_snapshot_in_the_window(gateway_for, creator):
    rows = gateway_for(creator).rpc("creator_rate_basis", {"p_platform": "youtube", "p_format": "short", "p_days": 180})
    row = rows[0]
    assert int(row["posts"]) == 4
    assert Decimal(str(row["median_views"])) == Decimal(2500)
    assert Decimal(str(row["median_engagements"])) == Decimal(12)


def test_the_range_is_median_times_quantity_times_the_cpm_band(gateway_for, creator):
    item = Item("youtube", "short", 3, clock.today() + dt.timedelta(days=10))
    hint = fair_rate.hint(gateway_for(creator), [item], fee=Decimal("40.00"), currency="USD")
    band = fair_rate.bands()["youtube"]
    assert (band.low, band.high, band.currency, band.source.year) == (Decimal(15), Decimal(30), "USD", 2023)
    # 2,500 views × 3 × $15 / 1,000 = $112.50 … × $30 = $225.00
    assert (hint.low, hint.high, hint.currency) == (Decimal("112.50"), Decimal("225.00"), "USD")
    assert hint.comparable and hint.far_below and hint.ratio == Decimal("0.36")
    fair = fair_rate.hint(gateway_for(creator), [item], fee=Decimal("150.00"), currency="USD")
    assert not fair.far_below


def test_no_comparison_across_currencies_and_no_range_without_posts_or_a_benchmark(gateway_for, creator):
    due = clock.today() + dt.timedelta(days=10)
    other_currency = fair_rate.hint(gateway_for(creator), [Item("youtube", "short", 1, due)], fee=Decimal("1.00"),
                                    currency="EUR")
    assert other_currency.low is not None and not other_currency.comparable and not other_currency.far_below
    missing = fair_rate.hint(gateway_for(creator), [Item("youtube", "video", 1, due), Item("twitch", "stream", 1, due)],
                             fee=Decimal("1.00"), currency="USD")
    assert [h.missing for h in missing.items] == ["no_posts", "no_posts"]
    assert not missing.complete and missing.low is None and not missing.far_below
    assert "twitch" not in fair_rate.bands(), "no dated published Twitch CPM was found, so none is used"


def test_someone_else_s_posts_never_enter_the_basis(gateway_for, creator, pool):
    stranger = Person(id=str(uuid.uuid4()), email="stranger@example.com")
    PostgresGateway(pool, stranger).rpc("ensure_profile", {"p_display_name": "Stranger", "p_email": stranger.email})
    rows = gateway_for(stranger).rpc("creator_rate_basis", {"p_platform": "youtube", "p_format": "short", "p_days": 180})
    assert int(rows[0]["posts"]) == 0 and rows[0]["median_views"] is None
