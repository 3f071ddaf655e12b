"""The Accounts page's health line for a connected account: when it last synced and when the workers sync it
next, relative to now, in the person's language."""
from __future__ import annotations

import datetime as dt
import uuid

from services.core import clock
from services.core.db.gateway import Person
from services.core.db.postgres import PostgresGateway
from tests.accounts.test_accounts_page import open_accounts, secrets_for
from tests.support.app import texts
from tests.support.connections import connect


def test_the_health_line_says_when_the_account_synced_and_syncs_next(admin_url, pool, admin_conn):
    subject = f"health-{uuid.uuid4().hex[:8]}"
    at, creator_id = open_accounts(admin_url, secrets_for(admin_url), subject)
    account_id = connect(PostgresGateway(pool, Person(id=creator_id)), "youtube")
    now = clock.now()
    admin_conn.execute("update public.social_accounts set last_synced_at = %s, next_sync_at = %s where id = %s",
                       (now - dt.timedelta(minutes=12), now + dt.timedelta(minutes=48, seconds=20), account_id))
    at.run()
    assert not at.exception, at.exception
    assert "last synced 12 minutes ago · next in 48 minutes" in texts(at)

    admin_conn.execute("update public.profiles set locale = 'ar' where id = %s", (creator_id,))
    at, _ = open_accounts(admin_url, secrets_for(admin_url), subject)  # a new session reads the language
    # CLDR writes "ar" with Latin digits (its default numbering system, latn), as Babel does
    assert "آخر مزامنة قبل 12 دقيقة · المزامنة التالية خلال 48 دقيقة" in texts(at), texts(at)
