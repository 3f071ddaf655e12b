"""Email notifications: what happened becomes one row per person and event (app.collect_notifications, keyed by
an idempotency key, so each event is mailed once), mailed at once or in a daily digest as the person chose in
Settings, in their language, with a signed one-click unsubscribe link. Runs on the privileged connection, in the
workers only."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import psycopg
from psycopg.rows import dict_row

from services.core import clock
from services.core.errors import DomainError
from services.jobs import mail
from services.jobs.retry import Transient
from services.jobs.wording import speaking, t

MAX_SEND_ATTEMPTS = 4
DELIVERY = ("instant", "digest", "off")

_PENDING_INSTANT = """
select n.id from public.notifications n
  left join public.notification_preferences p on p.person_id = n.person_id
 where n.status = 'pending' and coalesce(p.delivery, 'instant') = 'instant'
 order by n.id
"""
_SKIP_OFF = """
update public.notifications n set status = 'skipped'
  from public.notification_preferences p
 where p.person_id = n.person_id and p.delivery = 'off' and n.status = 'pending'
"""


def collect(admin_url: str) -> list[int]:
    """New events → rows; those of people who turned email off are skipped; returns the ids to mail now."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        with conn.transaction():
            conn.execute("select app.collect_notifications()")
            conn.execute(_SKIP_OFF)
        return [r[0] for r in conn.execute(_PENDING_INSTANT)]


# -- wording ---------------------------------------------------------------------------------------------------

def subject_and_text(event: str, facts: dict) -> tuple[str, str]:
    """The subject and first paragraph of one event, in the language of the surrounding speaking() block."""
    f = {k: ("" if v is None else v) for k, v in facts.items()}
    if event == "new_offer":
        return (t("New offer from {brand}", brand=f["brand"]),
                t("{brand} sent you an offer for {campaign}. Open Offers to accept, counter or decline it.",
                  brand=f["brand"], campaign=f["campaign"]))
    if event == "counter":
        return (t("{creator} countered your offer", creator=f["creator"]),
                t("{creator} proposed new terms for {campaign}. Open Offers to answer.",
                  creator=f["creator"], campaign=f["campaign"]))
    if event == "offer_expiring":
        return (t("An offer expires within a day"),
                t("The offer from {brand} for {campaign} expires soon. Answer it in Offers before it lapses.",
                  brand=f["brand"], campaign=f["campaign"]))
    if event == "deliverable_due":
        return (t("A deliverable is due tomorrow"),
                t("Your {platform} post for {brand} ({campaign}) is due on {date}.", platform=f["platform"],
                  brand=f["brand"], campaign=f["campaign"], date=f["due_date"]))
    if event == "payment_sent":
        return (t("{brand} reports a payment sent", brand=f["brand"]),
                t("{brand} says {amount} {currency} is on its way. Confirm it in Payouts when it arrives.",
                  brand=f["brand"], amount=f["amount"], currency=f["currency"]))
    if event == "money_overdue":
        return (t("Money from {brand} is overdue", brand=f["brand"]),
                t("{amount} {currency} from {brand} was due on {date} ({days} days ago). Payouts has a reminder "
                  "you can send.", amount=f["balance"], currency=f["currency"], brand=f["brand"],
                  date=f["due_date"], days=f["days_overdue"]))
    if event == "report_opened":
        return (t("{brand} opened your report", brand=f["brand"] or t("A brand")),
                t("Your report \u201c{report}\u201d was opened by the brand.", report=f["report"]))
    raise DomainError("unknown notification event {event}", event=repr(event))


def _footer(link: str) -> str:
    return t("You get this email because notifications are on in your Settings. Stop them with one click: {link}",
             link=link)


# -- unsubscribe links ------------------------------------------------------------------------------------------

def signing_key(settings) -> bytes:
    """From [portal] token_encryption_key when set, else a key file in the data folder (made once, 0600)."""
    if getattr(settings, "token_key", None):
        return hashlib.sha256(b"unsubscribe\0" + settings.token_key.encode()).digest()
    path = Path(settings.data_dir) / "unsubscribe.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def unsubscribe_token(key: bytes, person_id: str) -> str:
    return f"{person_id}.{hmac.new(key, person_id.encode(), hashlib.sha256).hexdigest()}"


def person_for_token(key: bytes, token: str) -> str | None:
    person_id, _, signature = (token or "").partition(".")
    expected = hmac.new(key, person_id.encode(), hashlib.sha256).hexdigest()
    return person_id if signature and hmac.compare_digest(signature, expected) else None


def unsubscribe(admin_url: str, key: bytes, token: str) -> bool:
    """The one click: a valid token turns that person's email off; anything else changes nothing."""
    person_id = person_for_token(key, token)
    if person_id is None:
        return False
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if conn.execute("select 1 from public.profiles where id::text = %s", (person_id,)).fetchone() is None:
            return False
        conn.execute("select public.unsubscribe_notifications(%s)", (person_id,))
    return True


def _link(settings, key: bytes, person_id: str) -> str:
    base = (getattr(settings, "public_url", None) or "http://localhost:8501").rstrip("/")
    return f"{base}/unsubscribe?token={unsubscribe_token(key, person_id)}"


def build(person: dict, items: list[dict], *, settings, key: bytes, sender: str, message_key: str) -> EmailMessage:
    with speaking(person.get("locale")):
        link = _link(settings, key, str(person["id"]))
        if len(items) == 1:
            subject, text = subject_and_text(items[0]["event"], items[0]["facts"])
            body = t("Hello {name},", name=person.get("display_name") or "") + "\n\n" + text
        else:
            subject = t("Your daily summary: {n} updates", n=len(items))
            lines = ["- " + subject_and_text(i["event"], i["facts"])[1] for i in items]
            body = t("Hello {name},", name=person.get("display_name") or "") + "\n\n" + "\n".join(lines)
        body += "\n\n-- \n" + _footer(link) + "\n"
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = person["email"]
    message["Message-ID"] = make_msgid(idstring=hashlib.sha256(message_key.encode()).hexdigest()[:24])
    message["List-Unsubscribe"] = f"<{link}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(body)
    message["Content-Language"] = person.get("locale") or "en"  # after set_content, which resets Content-*
    return message


# -- sending ------------------------------------------------------------------------------------------------------

_PERSON = "select id::text as id, email, display_name, locale from public.profiles where id = %s"


def send_one(rt, notification_id: int) -> str:
    """Mails one pending notification (row-locked while it is sent, so two workers never send it twice). An SMTP
    refusal is recorded on the row and retried by the job; after MAX_SEND_ATTEMPTS the row is failed."""
    smtp = mail.smtp_settings(rt.extra.get("secrets"))
    with psycopg.connect(rt.admin_url, row_factory=dict_row) as conn:
        with conn.transaction():
            row = conn.execute("select * from public.notifications where id = %s for update",
                               (notification_id,)).fetchone()
            if row is None or row["status"] != "pending":
                return f"notification {notification_id}: nothing to send ({row['status'] if row else 'gone'})"
            person = conn.execute(_PERSON, (row["person_id"],)).fetchone()
            if not person or not person["email"]:
                conn.execute("update public.notifications set status = 'skipped', last_error = 'no email address' "
                             "where id = %s", (notification_id,))
                return f"notification {notification_id}: skipped, the person has no email address"
            message = build(person, [row], settings=rt.settings, key=signing_key(rt.settings),
                            sender=smtp.sender if smtp else mail.SmtpSettings.sender, message_key=row["idempotency_key"])
            try:
                where = mail.send(message, smtp=smtp, outbox=rt.outbox, key=row["idempotency_key"])
            except (OSError, mail.smtplib.SMTPException) as exc:
                failure = f"{type(exc).__name__}: {exc}"
                final = row["attempts"] + 1 >= MAX_SEND_ATTEMPTS
                conn.execute("update public.notifications set attempts = attempts + 1, last_error = %s, status = %s "
                             "where id = %s", (failure, "failed" if final else "pending", notification_id))
            else:
                failure = None
                conn.execute("update public.notifications set status = 'sent', sent_at = %s, attempts = attempts + 1 "
                             "where id = %s", (clock.now(), notification_id))
    if failure:  # recorded above (committed); the job retries, and after the last attempt shows it failed
        raise Transient(f"email {row['idempotency_key']} to {person['email']} not sent: {failure}")
    return f"notification {notification_id} {where}"


def send_digests(rt) -> int:
    """One email per person on the daily digest with pending notifications; returns how many were sent."""
    smtp = mail.smtp_settings(rt.extra.get("secrets"))
    sent = 0
    day = clock.now().date().isoformat()
    with psycopg.connect(rt.admin_url, row_factory=dict_row) as conn:
        people = conn.execute("select p.person_id::text as id from public.notification_preferences p "
                              "where p.delivery = 'digest' and exists (select 1 from public.notifications n "
                              "where n.person_id = p.person_id and n.status = 'pending')").fetchall()
        for who in people:
            with conn.transaction():
                items = conn.execute("select * from public.notifications where person_id = %s and status = 'pending' "
                                     "order by id for update", (who["id"],)).fetchall()
                person = conn.execute(_PERSON, (who["id"],)).fetchone()
                if not items or not person or not person["email"]:
                    continue
                key = f"digest:{who['id']}:{day}"
                message = build(person, items, settings=rt.settings, key=signing_key(rt.settings),
                                sender=smtp.sender if smtp else mail.SmtpSettings.sender, message_key=key)
                mail.send(message, smtp=smtp, outbox=rt.outbox, key=key)
                conn.execute("update public.notifications set status = 'sent', sent_at = %s, attempts = attempts + 1 "
                             "where id = any(%s)", (clock.now(), [i["id"] for i in items]))
                sent += 1
    return sent
