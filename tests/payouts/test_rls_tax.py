"""Row-level security of tax_profiles (20261206300000), cell by cell on both gateways, with the personas and the
owner's world of tests/people/test_rls_matrix.py. A creator's tax profile is read by the creator and the brand
partners they invited (who pay them); nobody writes the table directly (public.save_tax_profile does)."""
from __future__ import annotations

import pytest

from services.core.db.gateway import eq
from tests.people.test_rls_matrix import World, unique, world  # noqa: F401
from tests.support.rls import ANON, NO, OWNER, REFUSED, YES, admin_rows, cases, check, rights

EXPECTED = {
    # cells: anon, owner, other creator, partner, unrelated partner
    **rights("tax_profiles", select=(NO, YES, NO, YES, NO), insert=(REFUSED,) * 5),
}
CASES = cases(EXPECTED)


def _owners_profile(w: World) -> list:
    with w.pool.connection() as conn:
        conn.execute("insert into public.tax_profiles (creator_id, legal_name, address, country, tax_id, "
                     "vat_registered) values (%s, 'Owner Studio', '1 High Street, London', 'GB', 'GB980780684', true) "
                     "on conflict (creator_id) do update set legal_name = 'Owner Studio'", (w.id(OWNER),))
    return [eq("creator_id", w.id(OWNER))]


@pytest.mark.parametrize("table, persona, operation, expected", CASES)
def test_rls_tax_profiles(gateway_for, world, admin_conn, table, persona, operation, expected):
    target = _owners_profile(world)
    assert len(admin_rows(admin_conn, table, target)) == 1
    creator = world.id(persona) if persona != ANON else world.id(OWNER)
    check(gateway_for(world.people[persona]), admin_conn, table, operation, expected, row=lambda: target,
          new_row=lambda: ({"creator_id": creator, "legal_name": unique(), "address": "x", "country": "GB",
                            "vat_registered": False}, ["legal_name"]), change=lambda: {"legal_name": "Forged"})
