"""Promo-code sales from the brand's shop files (tests/links/fixtures, each shaped from the shop's own export code or
documentation: see the README there): read, previewed, imported all or nothing, once per file; codes that belong to
no offer are reported, never guessed; malformed files refused with the row and column named."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from services.accounts.imports.model import ExportFileError
from services.core.db.postgres import PostgresGateway
from services.core.errors import ValidationError
from services.links import links, redemptions, shop_files
from tests.support.reports import build_world

FIXTURES = Path(__file__).with_name("fixtures")
D = dt.date


def _read(name: str, **kw) -> shop_files.ShopFile:
    return shop_files.read((FIXTURES / name).read_bytes(), name, **kw)


def _rows(f: shop_files.ShopFile) -> list[tuple]:
    return [(r.row, r.code, r.day, r.orders, r.revenue, r.currency) for r in f.rows]


READ = {name: case for name, case in json.loads((FIXTURES / "read-rows.json").read_text(encoding="utf-8")).items()
        if name != "about"}


@pytest.mark.parametrize("name", list(READ))
def test_a_shop_file_is_read_in_its_format(name):
    """Each shop's file read into the rows, format and notes tests/links/fixtures/read-rows.json gives for it."""
    expected = READ[name]
    f = _read(name, currency=expected["currency"]) if expected["currency"] else _read(name)
    assert f.format == expected["format"]
    assert _rows(f) == [(row, code, D.fromisoformat(day), orders, Decimal(revenue), currency)
                        for row, code, day, orders, revenue, currency in expected["rows"]]
    if expected["notes"] is not None:
        assert [str(n) for n in f.notes] == expected["notes"]


def test_shopify_report_without_days_is_dated_the_day_the_brand_gives():
    with pytest.raises(ExportFileError, match="no \"Day\" column"):
        _read("shopify-no-day.csv", currency="EUR")
    f = _read("shopify-no-day.csv", currency="EUR", day=D(2026, 11, 30))
    assert _rows(f) == [(2, "MAYA15", D(2026, 11, 30), 7, Decimal("314.50"), "EUR"),
                        (3, "WELCOME10", D(2026, 11, 30), 7, Decimal("348.00"), "EUR")]


def test_woocommerce_coupons_report_is_refused_with_a_pointer_to_the_orders_export():
    with pytest.raises(ExportFileError, match="Coupons report.*Orders"):
        _read("woocommerce-coupons.csv", currency="USD")


@pytest.mark.parametrize("text, message", [
    ("code,date,orders,revenue,currency\nA1B,2026-11-02,4.5,10.00,EUR\n", r"Row 2, column orders: \"4\.5\" is not a number of orders"),
    ("code,date,orders,revenue,currency\nA1B,2026-11-02,4,10.00,EUR\nA1B,02/11/2026,1,1.00,EUR\n",
     r"Row 3, column date: \"02/11/2026\" is not a date"),
    ("code,date,orders,revenue,currency\nA1B,2026-11-02,4,\"10,5\",EUR\n", r"Row 2, column revenue: \"10,5\" is not an amount"),
    ("code,date,orders,revenue,currency\nA1B,2026-11-02,4,10.00,euro\n", r"Row 2, column currency"),
    ("code,date,orders,revenue,currency\n,2026-11-02,4,10.00,EUR\n", r"Row 2, column code: the code is empty"),
    ("code,date,orders,revenue,currency\nA1B,2026-11-02,4\n", r"Row 2, column revenue: has 3 of the 5 columns"),
    ("name,when,how many\nA,B,C\n", r"Row 1: the header is not one this import knows"),
    ('code,date,orders,revenue,currency\n"A1B,2026-11-02,4,10.00,EUR\n', r"Row 2: a quoted value is never closed"),
])
def test_a_malformed_file_is_refused_naming_row_and_column(text, message):
    with pytest.raises(ExportFileError, match=message):
        shop_files.read(text.encode(), "bad.csv")


def test_shop_files_without_a_currency_ask_for_one():
    with pytest.raises(ExportFileError, match="Choose the currency"):
        _read("woocommerce-orders.csv")


# -- into the database ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shop(pool, admin_conn):
    world = build_world(pool, admin_conn, fee="500.00", currency="EUR")
    code = links.create_code(PostgresGateway(pool, world.creator), world.offer_id, "MAYA15")
    return world, code


def _stored(admin_conn, code_id: str) -> list[tuple]:
    return [(r["day"], r["orders"], r["revenue"], r["currency"], r["source"]) for r in admin_conn.execute(
        "select day, orders, revenue, currency, source from public.promo_redemptions where promo_code_id = %s "
        "order by day, source", (code_id,)).fetchall()]


def test_import_previews_then_writes_everything_once_and_reports_unknown_codes(pool, admin_conn, shop):
    world, code = shop
    brand = PostgresGateway(pool, world.partner_a)
    f = _read("shopify-sales-by-discount.csv", currency="EUR")
    plan = redemptions.run(brand, world.brand_a, f)
    assert (plan.created, plan.updated, plan.unchanged) == (3, 0, 0)
    assert plan.unknown_codes == ("WELCOME10",)
    assert [(c.code, c.orders, c.revenue, c.days) for c in plan.codes] == [("MAYA15", 7, Decimal("314.50"), 3)]
    assert _stored(admin_conn, code.id) == [], "a preview writes nothing"
    done = redemptions.run(brand, world.brand_a, f, dry_run=False)
    assert (done.created, done.unknown_codes) == (3, ("WELCOME10",))
    assert _stored(admin_conn, code.id) == [(D(2026, 11, 2), 4, Decimal("204.00"), "EUR", "import"),
                                            (D(2026, 11, 3), 2, Decimal("110.50"), "EUR", "import"),
                                            (D(2026, 11, 4), 1, Decimal("0.00"), "EUR", "import")]
    again = redemptions.run(brand, world.brand_a, f, dry_run=False)
    assert again.already_imported and again.created == 0
    assert len(_stored(admin_conn, code.id)) == 3
    assert admin_conn.execute("select count(*) as n from public.promo_imports where brand_id = %s and file_name = %s",
                              (world.brand_a, f.file_name)).fetchone()["n"] == 1


def test_a_later_file_replaces_the_days_it_covers(pool, admin_conn, shop):
    world, code = shop
    brand = PostgresGateway(pool, world.partner_a)
    text = "code,date,orders,revenue,currency\nmaya15,2026-11-02,5,250.00,EUR\nmaya15,2026-11-05,1,50.00,EUR\n"
    done = redemptions.run(brand, world.brand_a, shop_files.read(text.encode(), "later.csv"), dry_run=False)
    assert (done.created, done.updated, done.unchanged) == (1, 1, 0)
    stored = _stored(admin_conn, code.id)
    assert (D(2026, 11, 2), 5, Decimal("250.00"), "EUR", "import") in stored
    assert (D(2026, 11, 5), 1, Decimal("50.00"), "EUR", "import") in stored


def test_a_file_the_database_refuses_writes_nothing(pool, admin_conn, shop):
    world, code = shop
    brand = PostgresGateway(pool, world.partner_a)
    before = _stored(admin_conn, code.id)
    imports_before = admin_conn.execute("select count(*) as n from public.promo_imports").fetchone()["n"]
    text = "code,date,orders,revenue,currency\nMAYA15,2026-11-20,1,10.00,EUR\nMAYA15,2026-11-21,1,1500.5,JPY\n"
    with pytest.raises(ValidationError, match="Row 3, column revenue: JPY has at most 0 decimal places"):
        redemptions.run(brand, world.brand_a, shop_files.read(text.encode(), "yen.csv"), dry_run=False)
    assert _stored(admin_conn, code.id) == before
    assert admin_conn.execute("select count(*) as n from public.promo_imports").fetchone()["n"] == imports_before


def test_woocommerce_orders_are_summed_per_code_and_day(pool, admin_conn):
    from tests.support.reports import build_world as world_of
    world = world_of(pool, admin_conn, fee="300.00", currency="USD")
    code = links.create_code(PostgresGateway(pool, world.creator), world.offer_id, "Maya15")
    brand = PostgresGateway(pool, world.partner_a)
    done = redemptions.run(brand, world.brand_a, _read("woocommerce-orders.csv", currency="USD"), dry_run=False)
    assert done.unknown_codes == ("freeship",)
    assert _stored(admin_conn, code.id) == [(D(2026, 11, 2), 2, Decimal("153.00"), "USD", "import"),
                                            (D(2026, 11, 4), 1, Decimal("120.50"), "USD", "import")]
