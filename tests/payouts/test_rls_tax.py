"""Row-level security of tax_profiles (20261206300000), cell by cell on both gateways, with the personas and the
owner's world of tests/people/test_rls_matrix.py. A creator's tax profile is read by the creator and the brand
partners they invited (who pay them); nobody writes the table directly (public.save_tax_profile does)."""
from __future__ import annotations

import pytest

from services.core.db.gateway import eq
from services.core.errors import PermissionDenied
from tests.people.test_rls_matrix import (ANON, NO, OTHER, OWNER, PARTNER, PERSONAS, REFUSED, UNRELATED, YES,  # noqa: F401
                                          World, admin_rows, unique, world)

EXPECTED = {
    #                                  anon     owner    other    partner  unrelated
    ("tax_profiles", "select"):        (NO,      YES,     NO,      YES,     NO),
    ("tax_profiles", "insert"):        (REFUSED,) * 5,
    ("tax_profiles", "update"):        (NO,) * 5,
    ("tax_profiles", "delete"):        (NO,) * 5,
}
CASES = [pytest.param(op, persona, expected[i], id=f"tax_profiles-{persona}-{op}")
         for (_, op), expected in EXPECTED.items() for i, persona in enumerate(PERSONAS)]


def _owners_profile(w: World) -> list:
    with w.pool.connection() as conn:
        conn.execute("insert into public.tax_profiles (creator_id, legal_name, address, country, tax_id, "
                     "vat_registered) values (%s, 'Owner Studio', '1 High Street, London', 'GB', 'GB980780684', true) "
                     "on conflict (creator_id) do update set legal_name = 'Owner Studio'", (w.id(OWNER),))
    return [eq("creator_id", w.id(OWNER))]


@pytest.mark.parametrize("operation, persona, expected", CASES)
def test_rls_tax_profiles(gateway_for, world, admin_conn, operation, persona, expected):
    gateway = gateway_for(world.people[persona])
    target = _owners_profile(world)
    before = admin_rows(admin_conn, "tax_profiles", target)
    assert len(before) == 1
    if operation == "select":
        assert len(gateway.select("tax_profiles", filters=target)) == (1 if expected == YES else 0), persona
        return
    if operation == "insert":
        row = {"creator_id": world.id(persona) if persona != ANON else world.id(OWNER), "legal_name": unique(),
               "address": "x", "country": "GB", "vat_registered": False}
        with pytest.raises(PermissionDenied):
            gateway.insert("tax_profiles", [row])
        assert admin_rows(admin_conn, "tax_profiles", {"legal_name": row["legal_name"]}) == []
        return
    if operation == "update":
        assert gateway.update("tax_profiles", {"legal_name": "Forged"}, target) == []
    else:
        assert gateway.delete("tax_profiles", target) == []
    assert admin_rows(admin_conn, "tax_profiles", target) == before, f"{persona}'s {operation} changed the row"
