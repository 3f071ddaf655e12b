"""Product categories on offers (a banned category cannot be accepted, on both gateways, whoever asks), the
markets' category table, creators' licences, and row-level security on the two new tables."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest

from services.core.db.gateway import Person, eq
from services.core.errors import PermissionDenied, ValidationError
from services.core.db.postgres import PostgresGateway
from services.offers import disclosures, offers
from services.people import licences
from tests.offers.test_rls_offers import terms
from tests.support.rls import (NO, OWNER, PARTNER, REFUSED, UNRELATED, YES, admin_rows, assert_covers, cases, cast,
                               check, rights)

MIGRATION = "20261205020000_offer_categories_and_licences.sql"

@dataclass
class World:
    people: dict[str, Person]


@pytest.fixture(scope="module")
def world(pool, admin_conn) -> World:
    people = cast(pool, "instagram", "tiktok")
    admin_conn.execute("update public.profiles set disclosure_markets = %s where id = %s",
                       (["FR", "AE"], people[OWNER].id))
    return World(people)


def _licence_row(admin_conn, creator: str, kind: str = "ae_advertiser_permit") -> None:
    admin_conn.execute("insert into public.creator_licences (creator_id, kind, number, expires_on) values "
                       "(%s, %s, 'AE-12345', '2099-01-01') on conflict (creator_id, kind) do update set "
                       "number = excluded.number, expires_on = excluded.expires_on", (creator, kind))


EXPECTED = {
    # cells: anon, owner, other creator, partner, unrelated partner; REFUSED where the role has no privilege at all
    **rights("market_category_rules", select=(NO, YES, YES, YES, YES), writes=(REFUSED,) * 5, insert=(NO,) * 5),
    **rights("creator_licences", select=(REFUSED, YES, NO, YES, NO), writes=(REFUSED, YES, NO, NO, NO),
             insert=(NO, YES, NO, NO, NO)),
}
CASES = cases(EXPECTED)


def _cell_rows(admin_conn, owner: str, table: str) -> tuple[list, tuple[dict, tuple], dict]:
    """The row a cell reads or changes, a row to insert with the columns that find it, and the change."""
    if table == "market_category_rules":
        new = {"market": "US", "category": "cosmetic_surgery", "status": "banned", "source_url": "https://x.test"}
        return [eq("market", "FR"), eq("category", "cosmetic_surgery")], (new, tuple(new)), {"status": "allowed"}
    _licence_row(admin_conn, owner)
    new = {"creator_id": owner, "kind": "sa_mawthooq", "number": f"M-{uuid.uuid4().hex[:6]}",
           "expires_on": "2099-01-01"}
    return ([eq("creator_id", owner), eq("kind", "ae_advertiser_permit")], (new, ("creator_id", "kind", "number")),
            {"number": "CHANGED-1"})


@pytest.mark.parametrize("table, persona, operation, expected", CASES)
def test_rls(gateway_for, world, admin_conn, table, persona, operation, expected):
    owner = world.people[OWNER].id
    target, new_row, change = _cell_rows(admin_conn, owner, table)
    check(gateway_for(world.people[persona]), admin_conn, table, operation, expected, row=lambda: target,
          new_row=lambda: new_row, change=lambda: change)
    if operation == "insert":  # the owner may hold one licence of a kind: the next cell inserts it again
        admin_conn.execute("delete from public.creator_licences where creator_id = %s and kind = 'sa_mawthooq'",
                           (owner,))


def test_matrix_covers_every_operation_and_rls_is_on(admin_conn):
    tables = {t for t, _ in EXPECTED}
    assert_covers(EXPECTED, tables)
    for table in tables:
        row = admin_conn.execute("select relrowsecurity from pg_class where oid = %s::regclass",
                                 (f"public.{table}",)).fetchone()
        assert row["relrowsecurity"], table


def test_the_database_s_category_table_matches_the_rule_files(admin_conn):
    rows = {(r["market"], r["category"]): (r["status"], r["source_url"])
            for r in admin_conn.execute("select * from public.market_category_rules").fetchall()}
    files = {(m.code, c): (e.status, e.source.url) for m in disclosures.markets() for c, e in m.categories.items()}
    assert rows == files


# -- banned categories refuse acceptance --------------------------------------------------------------------------

def _offer(pool, world, category: str | None, fee: str = "500.00") -> offers.Offer:
    return offers.create(PostgresGateway(pool, world.people[PARTNER]), world.people[OWNER].id, terms(fee),
                         time_zone="UTC", send=True, category=category)


def test_accepting_an_offer_in_a_banned_category_is_refused_with_the_reason(gateway_for, world, pool, admin_conn):
    offer = _offer(pool, world, "cosmetic_surgery")
    assert offer.product_category == "cosmetic_surgery" and offer.status == "sent"
    gw = gateway_for(world.people[OWNER])
    with pytest.raises(ValidationError, match=r"cosmetic surgery.*FR"):
        offers.accept(gw, offer.id)
    assert admin_rows(admin_conn, "offers", [eq("id", offer.id)])[0]["status"] == "sent"


def test_the_database_refuses_it_even_when_a_client_skips_the_python_check(gateway_for, world, pool, admin_conn):
    offer = _offer(pool, world, "nicotine_vaping")
    gw = gateway_for(world.people[OWNER])
    with pytest.raises(ValidationError, match=r"nicotine.*AE, FR"):
        gw.rpc("accept_offer", {"p_offer_id": offer.id, "p_note": None})
    assert admin_rows(admin_conn, "offers", [eq("id", offer.id)])[0]["status"] == "sent"
    assert admin_rows(admin_conn, "deliverables", [eq("offer_id", offer.id)]) == []


def test_a_restricted_or_allowed_category_is_accepted(gateway_for, world, pool):
    gw = gateway_for(world.people[OWNER])
    for category in ("alcohol", "cosmetics", None):
        offer = _offer(pool, world, category)
        assert offers.accept(gw, offer.id).status == "accepted", category


def test_only_the_brand_names_the_category_and_only_while_the_offer_is_open(gateway_for, world, pool):
    offer = _offer(pool, world, None)
    with pytest.raises(PermissionDenied):
        offers.set_category(gateway_for(world.people[OWNER]), offer.id, "alcohol")
    partner = gateway_for(world.people[PARTNER])
    assert offers.set_category(partner, offer.id, "alcohol").product_category == "alcohol"
    with pytest.raises(ValidationError, match="Unknown product category"):
        offers.set_category(partner, offer.id, "fireworks")
    offers.accept(gateway_for(world.people[OWNER]), offer.id)
    with pytest.raises(ValidationError, match="accepted"):
        offers.set_category(partner, offer.id, "cosmetics")
    events = [e.action for e in offers.history(partner, offer.id)]
    assert "category_set" in events


def test_the_acceptance_check_lists_bans_conditions_and_licence_warnings(world, pool):
    offer = _offer(pool, world, "alcohol")
    today = dt.date(2026, 6, 1)
    check = offers.acceptance_check(offer, ["FR", "AE", "SA"], [], today)
    assert check.refused and [c.market for c in check.banned] == ["SA"]
    assert {c.market for c in check.restricted} == {"FR", "AE"}
    assert ("AE", "missing") in check.licences and ("SA", "missing") in check.licences
    expired = licences.Licence(world.people[OWNER].id, "ae_advertiser_permit", "AE-1", dt.date(2026, 5, 1))
    held = licences.Licence(world.people[OWNER].id, "sa_mawthooq", "M-1", dt.date(2027, 1, 1))
    check = offers.acceptance_check(offer, ["AE", "SA"], [expired, held], today)
    assert check.licences == (("AE", "expired"),)
    assert not offers.acceptance_check(offer, ["FR", "AE"], [], today).refused


# -- licences -----------------------------------------------------------------------------------------------

def test_a_creator_records_a_licence_and_their_partner_sees_it(gateway_for, world):
    owner = gateway_for(world.people[OWNER])
    saved = licences.save_licence(owner, "sa_mawthooq", "  ١٢٣٤٥٦ ", dt.date(2099, 1, 1))
    assert saved.number == "123456"
    again = licences.save_licence(owner, "sa_mawthooq", "654321", None)
    assert again.number == "654321" and again.expires_on is None
    seen = licences.list_licences(gateway_for(world.people[PARTNER]), world.people[OWNER].id)
    assert "sa_mawthooq" in [lic.kind for lic in seen]
    assert licences.list_licences(gateway_for(world.people[UNRELATED]), world.people[OWNER].id) == []
    licences.delete_licence(owner, "sa_mawthooq")
    assert "sa_mawthooq" not in [lic.kind for lic in licences.list_licences(owner)]


@pytest.mark.parametrize("number, expires, message", [
    ("", None, "licence number"), ("<script>", None, "licence number"),
    ("AE-12345", dt.date(2000, 1, 1), "expired"),
])
def test_a_bad_licence_is_refused_before_anything_is_written(gateway_for, world, number, expires, message):
    with pytest.raises(ValidationError, match=message):
        licences.save_licence(gateway_for(world.people[OWNER]), "ae_advertiser_permit", number, expires)


def test_the_migration_says_what_it_replaces_and_changes_no_baseline_object():
    from services.core.db import migrations
    text = next(m for m in migrations.discover() if m.path.name == MIGRATION).path.read_text()
    assert "create or replace" not in text.lower()
    assert "set search_path = ''" in text
