"""Row-level security of the reference data added for tax-correct invoices, cell by cell on both gateways with the
personas of tests/people/test_rls_matrix.py: currency_pegs (payouts baseline, read by anyone like currencies) and
reference_rates (20261207400100, read by people signed in; written only by the operator's command). Nobody writes
either table through the API."""
from __future__ import annotations

import pytest

from services.core.db.gateway import eq
from tests.people.test_rls_matrix import unique, world  # noqa: F401
from tests.support.rls import REFUSED, YES, admin_rows, cases, check, rights

EXPECTED = {
    # cells: anon, owner, other creator, partner, unrelated partner
    **rights("currency_pegs", select=(YES,) * 5, insert=(REFUSED,) * 5),
    **rights("reference_rates", select=(REFUSED, YES, YES, YES, YES), writes=(REFUSED,) * 5),
}
CASES = cases(EXPECTED)
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


@pytest.mark.parametrize("table, persona, operation, expected", CASES)
def test_rls_reference_data(gateway_for, world, admin_conn, stored_rate, table, persona, operation, expected):
    target = TARGETS[table]
    assert len(admin_rows(admin_conn, table, target)) == 1
    check(gateway_for(world.people[persona]), admin_conn, table, operation, expected, row=lambda: target,
          new_row=lambda: (NEW_ROWS[table](unique()), ["source"]), change=lambda: CHANGES[table])
