"""What the row-level-security matrices (tests/<area>/test_rls_*.py) share: the five personas and the values of a
cell, the matrix rows of tables that share one policy, one pytest case per cell, the people the matrices start from,
the rows as the database holds them (read past RLS), and the one check a cell makes on either gateway.

A matrix is EXPECTED = {(table, operation): (one cell per persona, in the order of PERSONAS)}."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Callable

import pytest
from psycopg import sql

from services.core.db.gateway import ANONYMOUS, Person, eq
from services.core.db.postgres import PostgresGateway
from services.core.errors import PermissionDenied
from tests.support.creator_accounts import give_accounts

ANON, OWNER, OTHER, PARTNER, UNRELATED = "anon", "owner", "other_creator", "partner", "unrelated_partner"
PERSONAS = (ANON, OWNER, OTHER, PARTNER, UNRELATED)
OPERATIONS = ("select", "insert", "update", "delete")

YES = "yes"          # select: the row is visible · insert: written · update: changed · delete: removed
NO = "no"            # select: no rows · insert: PermissionDenied · update/delete: 0 rows, row unchanged
REFUSED = "refused"  # the role lacks the table privilege: PermissionDenied, nothing read or changed


def rights(*tables: str, select: tuple, writes: tuple = (NO,) * len(PERSONAS), insert: tuple | None = None,
           update: tuple | None = None, delete: tuple | None = None) -> dict:
    """The matrix rows of tables under one policy: who may select, and who may insert, update and delete (each
    `writes` unless named)."""
    cells = {"select": select, "insert": insert or writes, "update": update or writes, "delete": delete or writes}
    return {(table, op): cells[op] for table in tables for op in OPERATIONS}


def cases(expected: dict, personas: tuple = PERSONAS) -> list:
    """One test case per cell, with the id `table-persona-operation`."""
    return [pytest.param(table, persona, op, cells[i], id=f"{table}-{persona}-{op}")
            for (table, op), cells in expected.items() for i, persona in enumerate(personas)]


def assert_covers(expected: dict, tables: set[str], personas: tuple = PERSONAS) -> None:
    """The matrix holds every operation of exactly these tables, with a cell for every persona."""
    assert set(expected) == {(t, op) for t in tables for op in OPERATIONS}
    assert all(len(cells) == len(personas) for cells in expected.values())


# -- people ------------------------------------------------------------------------------------------------------

def new_person(label: str, **extra) -> Person:
    pid = str(uuid.uuid4())
    return Person(id=pid, email=f"{label}-{pid[:8]}@example.com", **extra)


def invite(pool, creator: Person, partner: Person, brand: str | None = None, display_name: str | None = None) -> str:
    """The creator invites, the partner accepts (as `display_name`, "<brand> team" by default); returns the
    invitation id."""
    brand = brand or f"Brand {uuid.uuid4().hex[:8]}"
    invitation = PostgresGateway(pool, creator).rpc("create_invitation", {"p_brand_name": brand,
                                                                         "p_email": partner.email})[0]
    PostgresGateway(pool, partner).rpc("accept_invitation", {"p_token": invitation["token"],
                                                             "p_display_name": display_name or f"{brand} team"})
    return invitation["invitation_id"]


def brand_of(pool, creator: Person, partner: Person) -> str:
    """The brand of a partner the creator invited, as the creator reads it."""
    return PostgresGateway(pool, creator).select("creator_partners",
                                                 filters=[eq("partner_id", partner.id)])[0]["brand_id"]


def cast(pool, *platforms: str, display_name: str = "Partner") -> dict[str, Person]:
    """The five personas, made the way people arrive: two creators with profiles (and accounts on these platforms),
    each inviting one brand partner (the owner the partner, the other creator the unrelated partner)."""
    owner, other, partner, unrelated = (new_person("owner"), new_person("other"), new_person("partner"),
                                        new_person("unrel"))
    for creator in (owner, other):
        PostgresGateway(pool, creator).rpc("ensure_profile", {"p_display_name": "Creator", "p_email": creator.email})
        if platforms:
            give_accounts(pool, creator, *platforms)
    invite(pool, owner, partner, display_name=display_name)
    invite(pool, other, unrelated, display_name=display_name)
    return {ANON: ANONYMOUS, OWNER: owner, OTHER: other, PARTNER: partner, UNRELATED: unrelated}


def report_people(world) -> dict[str, Person]:
    """The personas in the report world of tests/support/reports.py (brand B is the unrelated partner)."""
    return {ANON: ANONYMOUS, OWNER: world.creator, OTHER: world.other_creator, PARTNER: world.partner_a,
            UNRELATED: world.partner_b}


# -- one cell ------------------------------------------------------------------------------------------------------

def admin_rows(conn, table: str, filters) -> list[dict]:
    """The rows as the database holds them, read past RLS (filters: gateway filters or {column: value})."""
    items = [(f.column, f.value) for f in filters] if not isinstance(filters, dict) else list(filters.items())
    where = sql.SQL(" and ").join(sql.SQL("{} = %s").format(sql.Identifier(c)) for c, _ in items)
    query = sql.SQL("select * from {} where ").format(sql.Identifier("public", table)) + where
    return conn.execute(query, [v for _, v in items]).fetchall()


def check(gateway, admin_conn, table: str, operation: str, expected: str, *, row: Callable[[], list],
          new_row: Callable[[], tuple[dict, Any]] | None = None, change: Callable[[], dict] | None = None,
          fresh: Callable[[], list] | None = None) -> None:
    """Asserts one cell against the database: row() filters the row to read (and, without fresh(), to change);
    fresh() makes a row to update or delete; new_row() gives a row to insert and the columns that find it again;
    change() the values an update sets."""
    if operation == "select":
        _check_select(gateway, table, expected, row())
    elif operation == "insert":
        _check_insert(gateway, admin_conn, table, expected, *new_row())
    else:
        _check_change(gateway, admin_conn, table, operation, expected, (fresh or row)(), change)


def _check_select(gateway, table: str, expected: str, target: list) -> None:
    if expected == REFUSED:
        with pytest.raises(PermissionDenied):
            gateway.select(table, filters=target)
        return
    found = gateway.select(table, filters=target)
    if expected == YES:
        assert len(found) == 1, f"the {table} row should be visible"
    else:
        assert found == [], f"the {table} row must not be visible"


def _check_insert(gateway, admin_conn, table: str, expected: str, values: dict, keys) -> None:
    found_by = {k: values[k] for k in keys}
    if expected == YES:
        assert len(gateway.insert(table, [values])) == 1
        assert len(admin_rows(admin_conn, table, found_by)) == 1
        return
    with pytest.raises(PermissionDenied):
        gateway.insert(table, [values])
    assert admin_rows(admin_conn, table, found_by) == [], f"a refused insert wrote into {table}"


def _check_change(gateway, admin_conn, table: str, operation: str, expected: str, target: list, change) -> None:
    before = admin_rows(admin_conn, table, target)
    assert len(before) == 1
    values = change() if operation == "update" else None
    act = (lambda: gateway.update(table, values, target)) if values is not None else \
        (lambda: gateway.delete(table, target))
    if expected == YES:
        assert len(act()) == 1
        after = admin_rows(admin_conn, table, target)
        if values is None:
            assert after == []
        else:
            assert len(after) == 1 and {k: after[0][k] for k in values} == values
        return
    if expected == REFUSED:
        with pytest.raises(PermissionDenied):
            act()
    else:
        assert act() == []
    assert admin_rows(admin_conn, table, target) == before, f"the refused {operation} changed the {table} row"


@dataclass(frozen=True)
class Spec:
    """Per table of a matrix built on a world: the owner's row, a row to insert and its key columns, the values an
    update sets, and (when changes must hit nothing shared) a fresh owner's row to change."""
    row: Callable[[Any], list]
    new_row: Callable[[Any, str], tuple[dict, list[str]]]
    change: Callable[[Any, str], dict]
    fresh: Callable[[Any, str], list] | None = None

    def check(self, gateway, admin_conn, world, table: str, operation: str, expected: str) -> None:
        u = uuid.uuid4().hex[:12]
        check(gateway, admin_conn, table, operation, expected, row=lambda: self.row(world),
              new_row=lambda: self.new_row(world, u), change=lambda: self.change(world, u),
              fresh=(lambda: self.fresh(world, u)) if self.fresh else None)
