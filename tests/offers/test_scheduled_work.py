"""Scheduled work (offer expiry, deliverable verification) runs in `python -m services.admin tick` and once when
the portal's backend starts, for every creator; it is idempotent, recorded in public.scheduled_work, and the
offers pages only read. Own database, so the hand-made overdue offers disturb no other module."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from psycopg.rows import dict_row

from services import admin
from services.core.db.gateway import ANONYMOUS
from services.core.db.postgres import PostgresGateway
from services.demo import offers as seed_offers
from services.demo.people import demo_person
from services.offers import deliverables, offers
from services.offers.offers import Item, Terms
from services.core import clock
from tests.support.app import texts
from tests.support.databases import demo_workspace
from tests.support.demo_pages import gw, open_page

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(database):
    with demo_workspace(database, "scheduled_work", days=30, seeders=[seed_offers.seed_offers]) as backend:
        yield backend


def new_offer(demo, *, brand: str = "sofia", creator: str = "maya", send: bool = True) -> offers.Offer:
    tz = demo_person(brand).time_zone
    today = offers.today_in(tz)
    terms = Terms(f"Scheduled {uuid.uuid4().hex[:6]}", Decimal("250.00"), "GBP",
                  (Item("instagram", "reel", 1, today + dt.timedelta(days=8)),), today + dt.timedelta(days=4))
    return offers.create(gw(demo, brand), demo_person(creator).id, terms, time_zone=tz, send=send)


def make_overdue(demo, *offer_ids: str) -> None:
    """By hand, as the clock moving past the expiry would: the expiry is an hour ago."""
    with psycopg.connect(demo.admin_url, autocommit=True) as conn:
        conn.execute("update public.offers set expires_at = %s::timestamptz - interval '1 hour' where id = any(%s)",
                     (clock.now(), list(offer_ids)))


def posted_deliverable_with_a_synced_post(demo) -> str:
    """An accepted offer's deliverable marked posted before its post was synced; then the sync brings the post.
    Returns the deliverable's id (status still 'posted': nothing has verified it yet)."""
    offer = new_offer(demo)
    offers.accept(gw(demo, "maya"), offer.id)
    item = deliverables.for_offers(gw(demo, "maya"), [offer.id])[offer.id][0]
    code = "Cz" + uuid.uuid4().hex[:9]
    link = f"https://www.instagram.com/reel/{code}/"
    assert deliverables.mark_posted(gw(demo, "maya"), item, link).status == "posted"
    with psycopg.connect(demo.admin_url, autocommit=True) as conn:
        account = conn.execute("select id from public.social_accounts where creator_id = %s and platform = 'instagram' "
                               "limit 1", (demo_person("maya").id,)).fetchone()[0]
        conn.execute("insert into public.posts (account_id, creator_id, platform_post_id, permalink, post_type, caption, "
                     "posted_at) values (%s, %s, %s, %s, 'reel', 'Ad · paid partnership with Sofia', %s)",
                     (account, demo_person("maya").id, code, link, clock.now()))
    return item.id


def snapshot(url: str) -> dict:
    with psycopg.connect(url, row_factory=dict_row) as conn:
        return {
            "offers": conn.execute("select id, status, status_changed_at, updated_at, expires_at from public.offers "
                                   "order by id").fetchall(),
            "deliverables": conn.execute("select id, status, post_id, verified_at, updated_at from public.deliverables "
                                         "order by id").fetchall(),
            "offer_events": conn.execute("select count(*) as n, max(id) as last from public.offer_events").fetchone(),
            "audit": conn.execute("select count(*) as n from public.audit_log").fetchone(),
        }


def statuses(demo, ids) -> dict[str, str]:
    with psycopg.connect(demo.admin_url) as conn:
        return dict(conn.execute("select id::text, status from public.offers where id = any(%s)", (list(ids),)).fetchall())


# -- tests (in this order: the first one starts the portal's backend for this database) ---------------------

def test_the_portal_catches_up_on_due_work_when_its_backend_starts(demo):
    overdue = new_offer(demo)
    make_overdue(demo, overdue.id)
    open_page(demo, "maya", "home/creator_home")  # the first run opens the backend for these settings
    assert statuses(demo, [overdue.id]) == {overdue.id: "expired"}
    with psycopg.connect(demo.admin_url) as conn:
        jobs = dict(conn.execute("select job, runs from public.scheduled_work").fetchall())
    assert set(jobs) == {"offers.expire", "deliverables.verify"}


def test_offers_pages_only_read_even_with_overdue_offers_and_unverified_posts(demo):
    overdue = new_offer(demo)
    make_overdue(demo, overdue.id)
    posted = posted_deliverable_with_a_synced_post(demo)
    before = snapshot(demo.admin_url)
    inbox = open_page(demo, "maya", "offers/offers_inbox")
    brand = open_page(demo, "sofia", "offers/brand_offers")
    assert snapshot(demo.admin_url) == before, "opening the offers pages wrote to the database"
    assert "Expired offers and verified posts as of" in texts(inbox)
    assert "Expired offers as of" in texts(brand)
    # The same rows are what a tick changes: the pages had something to write and did not.
    counts = admin.run_tick(demo.admin_url)
    assert counts == {"Offers expired": 1, "Deliverables verified": 1}
    assert statuses(demo, [overdue.id]) == {overdue.id: "expired"}
    with psycopg.connect(demo.admin_url) as conn:
        assert conn.execute("select status from public.deliverables where id = %s", (posted,)).fetchone()[0] == "verified"


def test_a_tick_expires_exactly_the_overdue_open_offers_and_a_second_changes_nothing(demo):
    admin.run_tick(demo.admin_url)  # whatever the demo left due is done first
    sent_past, countered_past, sent_future, accepted_past = (new_offer(demo) for _ in range(4))
    draft_past = new_offer(demo, send=False)
    maya_tz = demo_person("maya").time_zone
    today = offers.today_in(maya_tz)
    offers.counter(gw(demo, "maya"), countered_past.id,
                   Terms(countered_past.campaign, Decimal("300.00"), "GBP",
                         (Item("instagram", "reel", 1, today + dt.timedelta(days=9)),), today + dt.timedelta(days=5)),
                   time_zone=maya_tz)
    offers.accept(gw(demo, "maya"), accepted_past.id)
    make_overdue(demo, sent_past.id, countered_past.id, draft_past.id, accepted_past.id)
    events_before = snapshot(demo.admin_url)["offer_events"]["n"]

    first = admin.run_tick(demo.admin_url)

    assert first == {"Offers expired": 2, "Deliverables verified": 0}
    ids = [sent_past.id, countered_past.id, sent_future.id, draft_past.id, accepted_past.id]
    assert statuses(demo, ids) == {sent_past.id: "expired", countered_past.id: "expired", sent_future.id: "sent",
                                   draft_past.id: "draft", accepted_past.id: "accepted"}
    with psycopg.connect(demo.admin_url) as conn:
        events = conn.execute("select offer_id::text, action, from_status, to_status, actor_id from public.offer_events "
                              "order by id desc limit 2").fetchall()
    assert sorted(events) == sorted([(sent_past.id, "expired", "sent", "expired", None),
                                     (countered_past.id, "expired", "countered", "expired", None)])
    assert snapshot(demo.admin_url)["offer_events"]["n"] == events_before + 2

    rows_before = snapshot(demo.admin_url)
    second = admin.run_tick(demo.admin_url)
    assert second == {"Offers expired": 0, "Deliverables verified": 0}
    after = snapshot(demo.admin_url)
    assert (after["offers"], after["deliverables"], after["offer_events"]) == \
        (rows_before["offers"], rows_before["deliverables"], rows_before["offer_events"])


def test_when_scheduled_work_ran_is_readable_by_signed_in_people_only(demo):
    admin.run_tick(demo.admin_url)
    with psycopg.connect(demo.admin_url) as conn:
        ran = conn.execute("select min(last_run_at) from public.scheduled_work").fetchone()[0]
    assert offers.scheduled_work_as_of(gw(demo, "maya"),
                                       (offers.EXPIRY_JOB, deliverables.VERIFY_JOB)) == ran
    assert offers.scheduled_work_as_of(gw(demo, "sofia")) is not None
    with pytest.raises(Exception):
        PostgresGateway(demo.pool, ANONYMOUS).select("scheduled_work")
    with pytest.raises(Exception):  # nobody signed in can record a run or run the work
        gw(demo, "maya").insert("scheduled_work", [{"job": "offers.expire", "last_run_at": "2026-01-01T00:00:00Z",
                                                    "last_changed": 0}])


def test_signed_in_people_cannot_run_the_scheduled_work_for_everyone(demo):
    with psycopg.connect(demo.admin_url) as conn:
        conn.execute("set role authenticated")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select app.expire_due_offers()")


def test_admin_tick_prints_one_line_per_kind_of_change(demo, tmp_path):
    overdue = new_offer(demo)
    make_overdue(demo, overdue.id)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[database]\nurl = "{demo.admin_url}"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env.update(PORTAL_SECRETS_FILE=str(secrets), PORTAL_DATA_DIR=str(tmp_path / "data"),
               PORTAL_NOW=clock.now().isoformat())  # the run's clock: the tick judges "due" at the same instant
    run = lambda: subprocess.run([sys.executable, "-m", "services.admin", "tick"], cwd=ROOT, env=env,  # noqa: E731
                                 capture_output=True, text=True, timeout=120)
    first = run()
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == ["Offers expired: 1", "Deliverables verified: 0"]
    second = run()
    assert second.stdout.splitlines() == ["Offers expired: 0", "Deliverables verified: 0"]
