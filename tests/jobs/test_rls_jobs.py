"""Row-level security of the jobs tables (20261206200000 the queue, 20261206200100 notifications), cell by cell on
both gateways, with the personas and the owner's world of tests/people/test_rls_matrix.py. Nobody but the privileged
connection touches the queue; a person reads their own notifications and sets their own email preference."""
from __future__ import annotations

import pytest

from services.core.db.gateway import eq
from services.core.errors import PermissionDenied
from tests.people.test_rls_matrix import (ANON, NO, OTHER, OWNER, PARTNER, PERSONAS, REFUSED, UNRELATED, YES,  # noqa: F401
                                          World, admin_rows, unique, world)

R = (REFUSED,) * 5
EXPECTED = {
    #                                              anon     owner    other    partner  unrelated
    ("procrastinate_jobs", "select"):             R,
    ("procrastinate_jobs", "insert"):             R,
    ("procrastinate_jobs", "update"):             R,
    ("procrastinate_jobs", "delete"):             R,
    ("procrastinate_workers", "select"):          R,
    ("procrastinate_workers", "insert"):          R,
    ("procrastinate_workers", "update"):          R,
    ("procrastinate_workers", "delete"):          R,
    ("procrastinate_periodic_defers", "select"):  R,
    ("procrastinate_periodic_defers", "insert"):  R,
    ("procrastinate_periodic_defers", "update"):  R,
    ("procrastinate_periodic_defers", "delete"):  R,
    ("procrastinate_events", "select"):           R,
    ("procrastinate_events", "insert"):           R,
    ("procrastinate_events", "update"):           R,
    ("procrastinate_events", "delete"):           R,

    ("notification_preferences", "select"):       (REFUSED, YES,     NO,      NO,      NO),
    ("notification_preferences", "insert"):       (REFUSED, YES,     NO,      NO,      NO),
    ("notification_preferences", "update"):       (REFUSED, YES,     NO,      NO,      NO),
    ("notification_preferences", "delete"):       R,

    ("notifications", "select"):                  (REFUSED, YES,     NO,      NO,      NO),
    ("notifications", "insert"):                  R,
    ("notifications", "update"):                  R,
    ("notifications", "delete"):                  R,
}
CASES = [pytest.param(table, persona, op, expected[i], id=f"{table}-{persona}-{op}")
         for (table, op), expected in EXPECTED.items() for i, persona in enumerate(PERSONAS)]


def _admin(w: World, query: str, params=()):
    with w.pool.connection() as conn:
        cursor = conn.execute(query, params)
        return cursor.fetchone() if cursor.description else None


def _job(w: World) -> list:
    job_id = _admin(w, "insert into public.procrastinate_jobs (queue_name, task_name, queueing_lock) "
                       "values ('rls_test', 'rls.test', %s) returning id", (unique(),))[0]
    return [eq("id", job_id)]


def _worker(w: World) -> list:
    return [eq("id", _admin(w, "insert into public.procrastinate_workers default values returning id")[0])]


def _defer(w: World) -> list:
    return [eq("id", _admin(w, "insert into public.procrastinate_periodic_defers (task_name, periodic_id) "
                               "values ('rls.test', %s) returning id", (unique(),))[0])]


def _event(w: World) -> list:
    job = _job(w)[0].value
    return [eq("id", _admin(w, "select id from public.procrastinate_events where job_id = %s", (job,))[0])]


def _preference(w: World) -> list:
    _admin(w, "insert into public.notification_preferences (person_id, delivery) values (%s, 'instant') "
              "on conflict (person_id) do update set delivery = 'instant'", (w.owner,))
    return [eq("person_id", w.owner)]


def _preference_row(w: World, u: str):
    _admin(w, "delete from public.notification_preferences where person_id = %s", (w.owner,))
    return {"person_id": w.owner, "delivery": "digest"}, ["person_id"]


def _notification(w: World) -> list:
    key = f"rls:{unique()}"
    _admin(w, "insert into public.notifications (person_id, event, idempotency_key) values (%s, 'new_offer', %s)",
           (w.owner, key))
    return [eq("idempotency_key", key)]


SPECS = {
    "procrastinate_jobs": (_job, lambda w, u: ({"queue_name": "sync", "task_name": "rls.test", "queueing_lock": u},
                                               ["queueing_lock"]), lambda w, u: {"priority": 7}),
    "procrastinate_workers": (_worker, lambda w, u: ({"last_heartbeat": "2001-01-01T00:00:00Z"}, ["last_heartbeat"]),
                              lambda w, u: {"last_heartbeat": "2001-01-01T00:00:00Z"}),
    "procrastinate_periodic_defers": (_defer, lambda w, u: ({"task_name": "rls.test", "periodic_id": u}, ["periodic_id"]),
                                      lambda w, u: {"periodic_id": u}),
    "procrastinate_events": (_event, lambda w, u: ({"job_id": -1, "type": "deferred"}, ["job_id"]),
                             lambda w, u: {"type": "started"}),
    "notification_preferences": (_preference, _preference_row, lambda w, u: {"delivery": "off"}),
    "notifications": (_notification, lambda w, u: ({"person_id": w.owner, "event": "new_offer",
                                                    "idempotency_key": u}, ["idempotency_key"]),
                      lambda w, u: {"status": "sent"}),
}


@pytest.mark.parametrize("table, persona, operation, expected", CASES)
def test_rls_jobs(gateway_for, world, admin_conn, table, persona, operation, expected):
    fresh, new_row, change = SPECS[table]
    gateway = gateway_for(world.people[persona])
    u = unique()
    if operation == "select":
        target = fresh(world)
        if expected == REFUSED:
            with pytest.raises(PermissionDenied):
                gateway.select(table, filters=target)
            return
        assert len(gateway.select(table, filters=target)) == (1 if expected == YES else 0), f"{persona} {table}"
        return
    if operation == "insert":
        row, key = new_row(world, u)
        if expected == YES:
            assert len(gateway.insert(table, [row])) == 1
            assert len(admin_rows(admin_conn, table, {k: row[k] for k in key})) == 1
        else:
            with pytest.raises(PermissionDenied):
                gateway.insert(table, [row])
            assert admin_rows(admin_conn, table, {k: row[k] for k in key}) == []
        return
    target = fresh(world)
    before = admin_rows(admin_conn, table, target)
    assert len(before) == 1
    if operation == "update":
        values = change(world, u)
        if expected == YES:
            assert len(gateway.update(table, values, target)) == 1
            assert {k: admin_rows(admin_conn, table, target)[0][k] for k in values} == values
            return
        if expected == REFUSED:
            with pytest.raises(PermissionDenied):
                gateway.update(table, values, target)
        else:
            assert gateway.update(table, values, target) == []
    else:
        if expected == REFUSED:
            with pytest.raises(PermissionDenied):
                gateway.delete(table, target)
        else:
            assert gateway.delete(table, target) == []
    assert admin_rows(admin_conn, table, target) == before, f"{persona}'s {operation} changed the {table} row"


def test_matrix_covers_every_operation_of_the_jobs_tables():
    assert set(EXPECTED) == {(t, op) for t in SPECS for op in ("select", "insert", "update", "delete")}


@pytest.mark.parametrize("function", ["public.request_account_sync(uuid)", "public.account_sync_health(uuid)",
                                      "public.unsubscribe_notifications(uuid)", "app.take_rate_token(text)",
                                      "app.enqueue_due_syncs(integer)", "app.collect_notifications(interval)",
                                      "public.procrastinate_defer_jobs_v1(procrastinate_job_to_defer_v1[])",
                                      "public.procrastinate_fetch_job_v2(character varying[], bigint)"])
def test_anon_cannot_call_the_jobs_functions(admin_conn, function):
    assert admin_conn.execute("select has_function_privilege('anon', %s, 'execute') as allowed",
                              (function,)).fetchone()["allowed"] is False


@pytest.mark.parametrize("function, allowed", [
    ("public.request_account_sync(uuid)", True), ("public.account_sync_health(uuid)", True),
    ("public.unsubscribe_notifications(uuid)", False), ("app.take_rate_token(text)", False),
    ("public.procrastinate_defer_jobs_v1(procrastinate_job_to_defer_v1[])", False)])
def test_a_signed_in_person_calls_only_the_checked_entry_points(admin_conn, function, allowed):
    assert admin_conn.execute("select has_function_privilege('authenticated', %s, 'execute') as allowed",
                              (function,)).fetchone()["allowed"] is allowed
