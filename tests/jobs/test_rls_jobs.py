"""Row-level security of the jobs tables (20261206200000 the queue, 20261206200100 notifications), cell by cell on
both gateways, with the personas and the owner's world of tests/people/test_rls_matrix.py. Nobody but the privileged
connection touches the queue; a person reads their own notifications and sets their own email preference."""
from __future__ import annotations

import pytest

from services.core.db.gateway import eq
from tests.people.test_rls_matrix import World, unique, world  # noqa: F401
from tests.support.rls import NO, REFUSED, YES, Spec, assert_covers, cases, rights

R = (REFUSED,) * 5
OWNER_ONLY = (REFUSED, YES, NO, NO, NO)  # cells: anon, owner, other creator, partner, unrelated partner
EXPECTED = {
    **rights("procrastinate_jobs", "procrastinate_workers", "procrastinate_periodic_defers", "procrastinate_events",
             select=R, writes=R),
    **rights("notification_preferences", select=OWNER_ONLY, writes=OWNER_ONLY, delete=R),
    **rights("notifications", select=OWNER_ONLY, writes=R),
}
CASES = cases(EXPECTED)


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


# Each row() makes a fresh row (on the privileged pool), so every select, update and delete has its own.
SPECS = {
    "procrastinate_jobs": Spec(_job, lambda w, u: ({"queue_name": "sync", "task_name": "rls.test", "queueing_lock": u},
                                                   ["queueing_lock"]), lambda w, u: {"priority": 7}),
    "procrastinate_workers": Spec(_worker,
                                  lambda w, u: ({"last_heartbeat": "2001-01-01T00:00:00Z"}, ["last_heartbeat"]),
                                  lambda w, u: {"last_heartbeat": "2001-01-01T00:00:00Z"}),
    "procrastinate_periodic_defers": Spec(_defer, lambda w, u: ({"task_name": "rls.test", "periodic_id": u},
                                                                ["periodic_id"]), lambda w, u: {"periodic_id": u}),
    "procrastinate_events": Spec(_event, lambda w, u: ({"job_id": -1, "type": "deferred"}, ["job_id"]),
                                 lambda w, u: {"type": "started"}),
    "notification_preferences": Spec(_preference, _preference_row, lambda w, u: {"delivery": "off"}),
    "notifications": Spec(_notification, lambda w, u: ({"person_id": w.owner, "event": "new_offer",
                                                        "idempotency_key": u}, ["idempotency_key"]),
                          lambda w, u: {"status": "sent"}),
}


@pytest.mark.parametrize("table, persona, operation, expected", CASES)
def test_rls_jobs(gateway_for, world, admin_conn, table, persona, operation, expected):
    SPECS[table].check(gateway_for(world.people[persona]), admin_conn, world, table, operation, expected)


def test_matrix_covers_every_operation_of_the_jobs_tables():
    assert_covers(EXPECTED, set(SPECS))


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
