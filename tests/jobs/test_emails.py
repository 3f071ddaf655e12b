"""Notification emails through a real SMTP server (aiosmtpd on 127.0.0.1), read back: one per event and person, in
the person's language (English and Arabic), with a signed one-click unsubscribe link that works once it is
clicked and not when it is altered; a refusing server leads to retries and then a failure on the jobs list; the
embedded default writes the same message to the outbox folder; people who chose the digest get one email."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import uuid

import psycopg
import pytest
from aiosmtpd.controller import Controller

from services.core import clock
from services.core.db.postgres import PostgresGateway
from services.jobs import notify, tasks
from services.payouts import payouts
from tests.jobs.support import drain, jobs, last_error, runtime_for
from tests.payouts.test_payouts_transitions import Pair
from tests.support.connections import new_creator
from services.core.db.embedded import free_port


class Inbox:
    def __init__(self, refuse: bool = False):
        self.messages: list[email.message.EmailMessage] = []
        self.refuse = refuse

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "554 5.7.1 Message refused"
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, {"smtp": {"host": "127.0.0.1", "port": port, "starttls": False, "sender": "Portal <portal@example.test>"}}
    controller.stop()


def person(pool, admin, label: str, locale: str) -> str:
    who = new_creator(pool, label)
    admin.execute("update public.profiles set locale = %s, display_name = %s where id = %s",
                  (locale, f"Test {label}", who.id))
    return who.id


def notify_of(admin, person_id: str, event: str = "new_offer", **facts) -> int:
    facts = facts or {"brand": "Acme Outdoors", "campaign": "Spring trail", "offer_id": str(uuid.uuid4())}
    return admin.execute("insert into public.notifications (person_id, event, idempotency_key, facts) "
                         "values (%s, %s, %s, %s) returning id",
                         (person_id, event, f"{event}:{uuid.uuid4()}", psycopg.types.json.Jsonb(facts))).fetchone()["id"]


def run_mail_queue(url: str) -> None:
    """What the collect_notifications task does, then a worker on the mail queue until it is empty."""
    import asyncio

    from services.jobs import worker
    app = worker.queue_for(url)

    async def defer_all():
        async with app.open_async():
            for i in notify.collect(url):
                await app.configure_task(tasks.send_notification.name,
                                         queueing_lock=f"notify:{i}").defer_async(notification_id=i)
    asyncio.run(defer_all())
    drain(url, queues=("mail",))


def test_each_person_gets_one_email_in_their_own_language(queue_db, admin, smtp):
    url, pool = queue_db
    inbox, secrets = smtp
    english = person(pool, admin, "mail-en", "en")
    arabic = person(pool, admin, "mail-ar", "ar")
    notify_of(admin, english)
    notify_of(admin, arabic)
    runtime_for(url, secrets=secrets)
    run_mail_queue(url)
    run_mail_queue(url)  # a second pass sends nothing again
    by_person = {m["To"]: m for m in inbox.messages}
    assert len(inbox.messages) == 2
    emails = {r["id"]: r["email"] for r in admin.execute(
        "select id::text as id, email from public.profiles where id = any(%s::uuid[])", ([english, arabic],))}
    en, ar = by_person[emails[english]], by_person[emails[arabic]]
    assert en["Subject"] == "New offer from Acme Outdoors"
    assert "Acme Outdoors sent you an offer for Spring trail." in en.get_content()
    assert en["Content-Language"] == "en"
    assert ar["Subject"] == "عرض جديد من Acme Outdoors"
    assert "أرسلت Acme Outdoors إليك عرضًا لحملة Spring trail." in ar.get_content()
    assert "مرحبًا Test mail-ar،" in ar.get_content()
    assert ar["Content-Language"] == "ar"
    for message in (en, ar):
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert re.search(r"/unsubscribe\?token=[0-9a-f-]{36}\.[0-9a-f]{64}", message.get_content())
    statuses = admin.execute("select status, attempts from public.notifications where person_id = any(%s::uuid[])",
                             ([english, arabic],)).fetchall()
    assert [(r["status"], r["attempts"]) for r in statuses] == [("sent", 1), ("sent", 1)]


def test_the_unsubscribe_link_turns_email_off_and_an_altered_one_does_nothing(queue_db, admin, smtp):
    url, pool = queue_db
    inbox, secrets = smtp
    who = person(pool, admin, "unsub", "en")
    notify_of(admin, who)
    rt = runtime_for(url, secrets=secrets)
    run_mail_queue(url)
    token = re.search(r"token=(\S+)", inbox.messages[-1].get_content()).group(1)
    key = notify.signing_key(rt.settings)
    altered = token[:-1] + ("0" if token[-1] != "0" else "1")
    assert notify.unsubscribe(url, key, altered) is False
    assert admin.execute("select count(*) as n from public.notification_preferences where person_id = %s",
                         (who,)).fetchone()["n"] == 0
    assert notify.unsubscribe(url, key, token) is True
    assert admin.execute("select delivery from public.notification_preferences where person_id = %s",
                         (who,)).fetchone()["delivery"] == "off"
    later = notify_of(admin, who)
    run_mail_queue(url)
    assert admin.execute("select status from public.notifications where id = %s", (later,)).fetchone()["status"] == "skipped"
    assert len(inbox.messages) == 1


def test_a_refusing_smtp_server_is_retried_then_the_job_fails_with_the_reason(queue_db, admin, smtp):
    url, pool = queue_db
    inbox, secrets = smtp
    inbox.refuse = True
    who = person(pool, admin, "refused", "en")
    notification = notify_of(admin, who)
    runtime_for(url, secrets=secrets)
    run_mail_queue(url)
    for _ in range(notify.MAX_SEND_ATTEMPTS):
        admin.execute("update public.procrastinate_jobs set scheduled_at = now() where status = 'todo' and queue_name = 'mail'")
        drain(url, queues=("mail",))
    job = [j for j in jobs(url, tasks.send_notification.name) if j["args"]["notification_id"] == notification][-1]
    assert (job["status"], job["attempts"]) == ("failed", notify.MAX_SEND_ATTEMPTS)
    assert "554" in last_error(url, job["id"]) and "Message refused" in last_error(url, job["id"])
    row = admin.execute("select status, attempts, last_error from public.notifications where id = %s",
                        (notification,)).fetchone()
    assert (row["status"], row["attempts"]) == ("failed", notify.MAX_SEND_ATTEMPTS)
    assert inbox.messages == []


def test_without_smtp_the_email_is_written_to_the_outbox_once(queue_db, admin, tmp_path):
    url, pool = queue_db
    who = person(pool, admin, "outbox", "ar")
    notification = notify_of(admin, who, "payment_sent", brand="Acme", amount="1250.00", currency="EUR")
    runtime_for(url, outbox=tmp_path, secrets={})
    run_mail_queue(url)
    files = list(tmp_path.glob("*.eml"))
    assert len(files) == 1
    message = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "تُفيد Acme بإرسال دفعة"
    assert admin.execute("select status from public.notifications where id = %s", (notification,)).fetchone()["status"] == "sent"


def test_digest_readers_get_one_email_with_every_update(queue_db, admin, smtp):
    url, pool = queue_db
    inbox, secrets = smtp
    who = person(pool, admin, "digest", "en")
    PostgresGateway(pool, new_creator(pool, "unused"))  # somebody else, with nothing pending
    admin.execute("insert into public.notification_preferences (person_id, delivery) values (%s, 'digest')", (who,))
    notify_of(admin, who)
    notify_of(admin, who, "report_opened", report="Spring recap", brand="Acme")
    rt = runtime_for(url, secrets=secrets)
    run_mail_queue(url)
    assert inbox.messages == []  # not instantly
    assert notify.send_digests(rt) == 1
    assert notify.send_digests(rt) == 0
    [message] = inbox.messages
    assert message["Subject"] == "Your daily summary: 2 updates"
    assert "- Acme Outdoors sent you an offer for Spring trail." in message.get_content()
    assert "- Your report \u201cSpring recap\u201d was opened by the brand." in message.get_content()


def test_the_collect_task_queues_one_email_job_per_notification_however_often_it_runs(queue_db, admin, tmp_path):
    """The periodic task as a worker runs it: events → one send job each (a second run while they wait adds none)
    → the outbox."""
    url, pool = queue_db
    who = person(pool, admin, "collected", "en")
    notification = notify_of(admin, who)
    runtime_for(url, outbox=tmp_path, secrets={})
    import asyncio

    from services.jobs import worker
    app = worker.queue_for(url)

    async def defer_collect():
        async with app.open_async():
            await tasks.collect_notifications.defer_async()
    for _ in range(2):  # the second run finds the email job still waiting
        asyncio.run(defer_collect())
        drain(url, queues=("schedule",), concurrency=1)
    assert [j["status"] for j in jobs(url, tasks.collect_notifications.name)][-2:] == ["succeeded", "succeeded"]
    queued = [j for j in jobs(url, tasks.send_notification.name) if j["args"]["notification_id"] == notification]
    assert [j["status"] for j in queued] == ["todo"]
    drain(url, queues=("mail",))
    assert [j["status"] for j in jobs(url, tasks.send_notification.name)
            if j["args"]["notification_id"] == notification] == ["succeeded"]
    assert len(list(tmp_path.glob("*.eml"))) == 1


@pytest.mark.parametrize("locale, subject_line, balance, greeting", [
    ("en", "Subject: Friendly reminder: Spring trail reel", "\u20ac1,000.00", "A reminder for {brand}, ready to copy and send:"),
    # de catalogue: "Betreff: Freundliche Erinnerung: {description}"; CLDR de: 1.000,00 and the euro sign after
    ("de", "Betreff: Freundliche Erinnerung: Spring trail reel", "1.000,00\u00a0\u20ac", None),
])
def test_the_overdue_money_email_carries_the_reminder_to_send_in_the_creators_language(
        queue_db, admin, smtp, locale, subject_line, balance, greeting):
    """Money ten days overdue (polite until 14): the creator's email holds the same reminder the Payouts page
    suggests, filled from the payout and the creator's billing details, ready to forward to the brand."""
    url, pool = queue_db
    inbox, secrets = smtp
    pair = Pair(pool)
    admin.execute("update public.profiles set locale = %s where id = %s", (locale, pair.creator.id))
    due = clock.today() - dt.timedelta(days=10)
    payouts.create(pair.c, payouts.PayoutTerms("Spring trail reel", "EUR", "1000.00", due, brand_id=pair.brand_id,
                                               billed_on=due - dt.timedelta(days=30)), today=clock.today())
    brand = admin.execute("select name from public.brands where id = %s", (pair.brand_id,)).fetchone()["name"]
    runtime_for(url, secrets=secrets)
    run_mail_queue(url)
    [message] = [m for m in inbox.messages if m["To"] == pair.creator.email]
    body = message.get_content()
    assert subject_line in body
    assert balance in body
    assert "IBAN XX00 TEST 0000" in body and "Casey Creator Ltd" in body, "the creator's own billing details"
    assert "Hallo" in body if locale == "de" else f"Hi {brand} team," in body
    if greeting:
        assert greeting.format(brand=brand) in body


def test_no_reminder_once_the_overdue_payout_is_settled(queue_db, admin, smtp):
    url, pool = queue_db
    inbox, secrets = smtp
    pair = Pair(pool)
    due = clock.today() - dt.timedelta(days=3)
    p = payouts.create(pair.c, payouts.PayoutTerms("Paid late", "EUR", "200.00", due, brand_id=pair.brand_id,
                                                   billed_on=due - dt.timedelta(days=30)), today=clock.today())
    notify.collect(url)  # the event is recorded while the money is overdue
    payouts.record_payment(pair.c, p, payouts.PaymentDetails("200.00", "bank_transfer", f"TX-{uuid.uuid4().hex[:8]}",
                                                             clock.today()))
    runtime_for(url, secrets=secrets)
    run_mail_queue(url)
    [message] = [m for m in inbox.messages if m["To"] == pair.creator.email]
    assert "Subject: Friendly reminder" not in message.get_content()
