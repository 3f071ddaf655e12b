"""Row-level security of the reference data added for tax-correct invoices, cell by cell on both gateways with the
personas of tests/people/test_rls_matrix.py: currency_pegs (20261207400000, read by anyone like currencies) and
reference_rates (20261207400100, read by people signed in; written only by the operator's command). Nobody writes
either table through the API."""
from __future__ import annotations

import pytest

from services.core.db.gateway import eq
from services.core.errors import PermissionDenied
from tests.people.test_rls_matrix import (ANON, NO, OTHER, OWNER, PARTNER, PERSONAS, REFUSED, UNRELATED, YES,  # noqa: F401
                                          admin_rows, unique, world)

EXPECTED = {
    #                                  anon     owner    other    partner  unrelated
    ("currency_pegs", "select"):       (YES,     YES,     YES,     YES,     YES),
    ("currency_pegs", "insert"):       (REFUSED,) * 5,
    ("currency_pegs", "update"):       (NO,) * 5,
    ("currency_pegs", "delete"):       (NO,) * 5,
    ("reference_rates", "select"):     (REFUSED, YES,     YES,     YES,     YES),
    ("reference_rates", "insert"):     (REFUSED,) * 5,
    ("reference_rates", "update"):     (REFUSED,) * 5,
    ("reference_rates", "delete"):     (REFUSED,) * 5,
}
CASES = [pytest.param(table, op, persona, expected[i], id=f"{table}-{persona}-{op}")
         for (table, op), expected in EXPECTED.items() for i, persona in enumerate(PERSONAS)]
TARGETS = {"currency_pegs": [eq("currency", "AED")],
           "reference_rates": [eq("name", "boe_base"), eq("effective", "1999-01-01")]}
NEW_ROWS = {"currency_pegs": lambda u: {"currency": "HKD", "anchor": "USD", "rate": "7.8", "since": "1983-10-17",
                                        "source": u},
            "reference_rates": lambda u: {"name": "ecb_mro", "effective": "1999-01-04", "rate": "3", "source": u}}
CHANGES = {"currency_pegs": {"rate": "4"}, "reference_rates": {"rate": "9"}}


@pytest.fixture
def stored_rate(admin_conn):
    admin_conn.execute("insert into public.reference_rates (name, effective, rate, source) values "
                       "('boe_base', '1999-01-01', 6.25, 'RLS test row') on conflict do nothing")
    yield
    admin_conn.execute("delete from public.reference_rates where source in ('RLS test row')")


@pytest.mark.parametrize("table, operation, persona, expected", CASES)
def test_rls_reference_data(gateway_for, world, admin_conn, stored_rate, table, operation, persona, expected):
    gateway = gateway_for(world.people[persona])
    target = TARGETS[table]
    before = admin_rows(admin_conn, table, target)
    assert len(before) == 1
    if operation == "select" and expected == REFUSED:
        with pytest.raises(PermissionDenied):
            gateway.select(table, filters=target)
        return
    if operation == "select":
        assert len(gateway.select(table, filters=target)) == (1 if expected == YES else 0), persona
        return
    if operation == "insert":
        row = NEW_ROWS[table](unique())
        with pytest.raises(PermissionDenied):
            gateway.insert(table, [row])
        assert admin_rows(admin_conn, table, {"source": row["source"]}) == []
        return
    action = (lambda: gateway.update(table, CHANGES[table], target)) if operation == "update" else \
        (lambda: gateway.delete(table, target))
    if expected == REFUSED:
        with pytest.raises(PermissionDenied):
            action()
    else:
        assert action() == []
    assert admin_rows(admin_conn, table, target) == before, f"{persona}'s {operation} changed the row"
