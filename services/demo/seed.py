"""The demo workspace: the people of services/demo/people.py, their brands and partnerships, and 18 months
of generated metrics (services/demo/generator.py).

People, brands and partnerships have no insert policies, so they go in through the privileged connection.
Every creator's accounts and metrics go in through the gateway acting as that creator, so the same
policies that guard the app guard the seed. Every write is an upsert with a stable id: seeding twice
changes nothing, and seeding again on a later day moves the window forward (posts keep their ids)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import uuid
from typing import Callable

import psycopg
from psycopg import sql

from services.demo import generator as demo
from services.demo import offers as seed_offers
from services.demo import payouts as seed_payouts
from services.demo import reports as seed_reports
from services.core import clock
from services.core.messages import Message, N_
from services.core.db.gateway import Filter, Person, eq
from services.demo.people import DEMO_PEOPLE, LOCAL_ISSUER, demo_person
from services.core.errors import ConfigError

SEEDED_ACTION = "demo.seeded"
_NICHES = {"fashion": "Sustainable fashion", "games": "Indie games", "food": "Plant-based food"}
_CONFLICT = {
    "account_daily": ("account_id", "day"),
    "posts": ("id",),
    "post_metrics": ("post_id", "captured_at"),
    "audience_breakdowns": ("account_id", "as_of", "dimension", "bucket"),
}
_COLUMNS = {
    "account_daily": demo.ACCOUNT_DAILY_COLUMNS,
    "posts": demo.POST_COLUMNS,
    "post_metrics": demo.POST_METRIC_COLUMNS,
    "audience_breakdowns": demo.BREAKDOWN_COLUMNS,
}


def demo_present(admin_url: str) -> bool:
    """True when every demo person exists and a seed has run to the end (so an interrupted first
    start seeds again)."""
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        if not conn.execute("select to_regclass('public.profiles') is not null").fetchone()[0]:
            return False
        found = conn.execute("select count(*) from public.profiles where id = any(%s::uuid[])",
                             ([p.id for p in DEMO_PEOPLE],)).fetchone()[0]
        finished = conn.execute("select exists (select 1 from public.audit_log where action = %s)",
                                (SEEDED_ACTION,)).fetchone()[0]
    return found == len(DEMO_PEOPLE) and finished


def seed_demo(backend, *, creators: int = 0, days: int = demo.DEFAULT_DAYS, end: dt.date | None = None,
              progress: Callable[[float, "str | Message"], None] | None = None) -> dict[str, int]:
    """Create or refresh the demo workspace plus `creators` synthetic creators; returns rows written per table.
    progress(fraction, message) is called before each step."""
    if not backend.admin_url:
        raise ConfigError("Seeding needs the privileged database connection: configure [database] url "
                          "or use the embedded database.")
    step = progress or (lambda _f, _m: None)
    end = end or clock.today()
    specs = demo.all_specs(creators)
    total_steps = len(specs) + 2
    step(0.0, N_("Creating the demo people, brands and partnerships"))
    written = _people_and_partnerships(backend.admin_url, specs[len(demo.DEMO_SPECS):], end)

    for n, spec in enumerate(specs, start=1):
        step(n / total_steps, Message("Loading {name}: {days} days of metrics", name=_name(spec), days=days))
        data = demo.generate_creator(spec, end=end, days=days)
        gateway = backend.gateway_for(_person(spec))
        written["social_accounts"] = written.get("social_accounts", 0) + len(
            gateway.insert("social_accounts", data.accounts, on_conflict=("id",)))
        for account in data.accounts:
            _trim(gateway, account["id"], end - dt.timedelta(days=days - 1))
        for table, rows in (("account_daily", data.account_daily), ("posts", data.posts),
                            ("post_metrics", data.post_metrics), ("audience_breakdowns", data.breakdowns)):
            written[table] = written.get(table, 0) + gateway.bulk_load(
                table, _COLUMNS[table], rows, on_conflict=_CONFLICT[table])

    _as_synced(backend.admin_url, [_person(spec).id for spec in specs])

    step((total_steps - 1) / total_steps, N_("Adding the demo offers"))
    written.update(seed_offers.seed_offers(backend))
    written.update(seed_payouts.seed_payouts(backend))
    written.update(seed_reports.seed_reports(backend))
    step((total_steps - 1) / total_steps, N_("Updating database statistics"))
    with psycopg.connect(backend.admin_url, autocommit=True) as conn:
        conn.execute("analyze public.profiles, public.social_accounts, public.account_daily, public.posts, "
                     "public.post_metrics, public.audience_breakdowns")
        conn.execute("select app.audit(%s, 'profiles', null, %s::jsonb) where not exists "
                     "(select 1 from public.audit_log where action = %s)",
                     (SEEDED_ACTION, json.dumps({"creators": len(specs), "days": days, "end": end.isoformat()}),
                      SEEDED_ACTION))
    step(1.0, N_("Demo workspace ready"))
    return written


def _as_synced(admin_url: str, creator_ids: list[str]) -> None:
    """The demo's accounts are connected ones: their numbers are what a platform sync would have written
    (source api). A creator's own session may only write self-reported rows, so the generated rows go in
    through the creators' gateways and are then marked as synced on the privileged connection."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for table in _COLUMNS:
            conn.execute(sql.SQL("update {} set source = 'api' where creator_id = any(%s) and source = 'manual'")
                         .format(sql.Identifier("public", table)), (creator_ids,))


def _trim(gateway, account_id: str, first: dt.date) -> None:
    """Remove what an earlier seed with a longer window left before this window's first day."""
    start = dt.datetime.combine(first, dt.time(0), dt.timezone.utc)
    gateway.delete("posts", [eq("account_id", account_id), Filter("posted_at", "lt", start)])
    gateway.delete("account_daily", [eq("account_id", account_id), Filter("day", "lt", first)])
    gateway.delete("audience_breakdowns", [eq("account_id", account_id), Filter("as_of", "lt", first)])


def _person(spec: demo.CreatorSpec) -> Person:
    return Person(id=spec.creator_id, issuer=LOCAL_ISSUER, subject=spec.key)


def _name(spec: demo.CreatorSpec) -> str:
    try:
        return demo_person(spec.key).display_name
    except KeyError:
        return f"Creator {spec.key.removeprefix('creator-')}"


def _stable_id(*parts: str) -> str:
    return str(uuid.uuid5(demo.NAMESPACE, "/".join(parts)))


def _people_and_partnerships(admin_url: str, extra_specs, end: dt.date) -> dict[str, int]:
    """Profiles, identities, brands, memberships, accepted invitations and partner links, in one
    transaction; rows already there are left as they are (people may have changed their settings)."""
    people = [(p.id, p.role, p.display_name, p.email, p.niche, p.home_currency, p.time_zone, p.locale,
               list(p.disclosure_markets), p.key) for p in DEMO_PEOPLE]
    people += [(s.creator_id, "creator", _name(s), None, _NICHES[s.voice], "USD", "UTC", "en", ["US"], s.key)
               for s in extra_specs]
    written: dict[str, int] = {}
    with psycopg.connect(admin_url) as conn, conn.transaction(), conn.cursor() as cur:
        def run(table, query, rows):
            cur.executemany(query, rows)
            written[table] = written.get(table, 0) + max(cur.rowcount, 0)

        run("profiles", "insert into public.profiles (id, role, display_name, email, niche, home_currency, "
            "time_zone, locale, disclosure_markets) values (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
            "on conflict (id) do nothing", [row[:9] for row in people])
        run("identities", "insert into public.identities (profile_id, issuer, subject, email) "
            "values (%s, %s, %s, %s) on conflict (issuer, subject) do nothing",
            [(row[0], LOCAL_ISSUER, row[9], row[3]) for row in people])

        midnight = dt.datetime.combine(end, dt.time(0), dt.timezone.utc)
        for n, partner in enumerate(p for p in DEMO_PEOPLE if p.role == "brand_partner"):
            brand_id = _stable_id("brand", partner.brand)
            run("brands", "insert into public.brands (id, name, created_by) values (%s, %s, %s) "
                "on conflict (id) do nothing", [(brand_id, partner.brand, partner.id)])
            run("brand_memberships", "insert into public.brand_memberships (brand_id, profile_id, member_role) "
                "values (%s, %s, 'owner') on conflict do nothing", [(brand_id, partner.id)])
            for m, creator_key in enumerate(partner.invited_by):
                creator = demo_person(creator_key)
                invitation_id = _stable_id("invitation", creator_key, partner.key)
                sent = midnight - dt.timedelta(days=150 - 20 * n - 9 * m, hours=3)
                token_hash = hashlib.sha256(secrets.token_urlsafe(32).encode()).hexdigest()  # nobody keeps the token
                run("invitations", "insert into public.invitations (id, creator_id, email, brand_name, token_hash, "
                    "expires_at, accepted_by, accepted_at, created_at) values (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
                    "on conflict (id) do nothing",
                    [(invitation_id, creator.id, partner.email, partner.brand, token_hash,
                      sent + dt.timedelta(days=7), partner.id, sent + dt.timedelta(days=1, hours=5), sent)])
                run("creator_partners", "insert into public.creator_partners (creator_id, partner_id, brand_id, "
                    "invitation_id, created_at) values (%s, %s, %s, %s, %s) on conflict do nothing",
                    [(creator.id, partner.id, brand_id, invitation_id, sent + dt.timedelta(days=1, hours=5))])
    return written
