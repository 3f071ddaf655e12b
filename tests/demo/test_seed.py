"""Seeding the demo workspace: people and partnerships through the privileged connection, metrics through
the gateway as each creator, idempotent, and quick enough for a first start.

Each test module seeds its own database on the session server, so the row counts here are not disturbed by
other modules that seed the shared one."""
from __future__ import annotations

import datetime as dt
import io
import time
import uuid
from decimal import Decimal
from types import SimpleNamespace

import psycopg
import pypdf
import pytest
import zxingcpp
from PIL import Image
from psycopg import sql

from services.demo import generator as demo
from services.demo import seed
from services.core.backend import Backend
from services.core.config import Settings
from services.core.db.gateway import Person, eq, person_id_for
from services.core.db.postgres import PostgresGateway, make_pool
from services.payouts import invoices, zatca
from services.demo.people import DEMO_PEOPLE, demo_creators, demo_person
from tests.support.databases import fresh_database

END = dt.date(2026, 11, 28)
TABLES = ("profiles", "identities", "brands", "brand_memberships", "invitations", "creator_partners",
          "social_accounts", "account_daily", "posts", "post_metrics", "audience_breakdowns")


@pytest.fixture
def fresh(database):
    with fresh_database(database, "seed") as url:
        pool = make_pool(url, max_size=2)
        yield Backend(Settings(backend="postgres", database_url=url), admin_url=url, pool=pool)
        pool.close()


@pytest.fixture(scope="module")
def seeded(database):
    with fresh_database(database, "seed") as url:
        yield from _seeded(url)


def _seeded(url):
    pool = make_pool(url, max_size=2)
    backend = Backend(Settings(backend="postgres", database_url=url), admin_url=url, pool=pool)
    present_before = seed.demo_present(url)
    progress = []
    started = time.perf_counter()
    written = seed.seed_demo(backend, end=END, progress=lambda f, m: progress.append((f, m)))
    seconds = time.perf_counter() - started
    print(f"\nseeded the demo workspace (4 creators, 548 days) in {seconds:.2f} s")
    yield SimpleNamespace(url=url, pool=pool, backend=backend, written=written, progress=progress,
                          seconds=seconds, present_before=present_before)
    pool.close()


def _counts(url) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {t: conn.execute(sql.SQL("select count(*) from {}").format(sql.Identifier("public", t))).fetchone()[0]
                for t in TABLES}


def _fingerprints(url) -> dict[str, str]:
    with psycopg.connect(url) as conn:
        return {t: conn.execute(sql.SQL("select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) "
                                        "from {} x").format(sql.Identifier("public", t))).fetchone()[0]
                for t in TABLES}


def _gateway(pool, key) -> PostgresGateway:
    return PostgresGateway(pool, demo_person(key).person())


def test_demo_is_present_only_after_seeding(seeded):
    assert seeded.present_before is False
    assert seed.demo_present(seeded.url) is True


def test_seeding_reports_its_progress_in_order(seeded):
    """How long seeding takes is measured by bench/cold_start.py (a first start includes it), not timed here."""
    fractions = [f for f, _ in seeded.progress]
    assert fractions[0] == 0 and fractions[-1] == 1 and fractions == sorted(fractions)
    assert any("Maya Okafor" in str(m) for _, m in seeded.progress)


def test_every_table_holds_the_generated_rows(seeded):
    worlds = [demo.generate_creator(spec, end=END) for spec in demo.DEMO_SPECS]
    expected = {t: sum(w.counts()[t] for w in worlds) for t in worlds[0].counts()}
    # services/demo/people.py: four creators (Maya, Leo, Amira, Noura) and three brand partners with one brand each;
    # Sofia and Tom were invited by one creator each, Nadia by two (Amira, Maya)
    expected.update(profiles=7, identities=7, brands=3, brand_memberships=3, invitations=4, creator_partners=4)
    assert _counts(seeded.url) == expected
    offers = {k: seeded.written[k] for k in ("offers", "offer_steps", "payouts", "payout_steps", "reports",
                                             "report_shares", "report_conversions", "media_kits")}
    assert {k: v for k, v in seeded.written.items() if k not in offers} == expected
    assert offers["offers"] == 10 and offers["offer_steps"] > 0  # services/demo/offers.py: ten scenarios
    # services/demo/payouts.py: thirteen scenarios (ten, plus Leo's to a Dutch brand and Noura's two)
    assert offers["payouts"] == 13 and offers["payout_steps"] > 0


def test_demo_people_sign_in_locally_with_their_key(seeded):
    with psycopg.connect(seeded.url) as conn:
        rows = conn.execute("select p.id::text, p.role, i.issuer, i.subject from public.profiles p "
                            "join public.identities i on i.profile_id = p.id").fetchall()
    assert {(r[0], r[1], r[2], r[3]) for r in rows} == {
        (p.id, p.role, "local", p.key) for p in DEMO_PEOPLE}


def test_brand_partners_are_linked_to_the_creators_who_invited_them(seeded):
    with psycopg.connect(seeded.url) as conn:
        links = conn.execute(
            "select c.creator_id::text, c.partner_id::text, b.name, i.accepted_by = c.partner_id, "
            "i.token_hash ~ '^[0-9a-f]{64}$', m.member_role "
            "from public.creator_partners c join public.brands b on b.id = c.brand_id "
            "join public.invitations i on i.id = c.invitation_id and i.creator_id = c.creator_id "
            "join public.brand_memberships m on m.brand_id = b.id and m.profile_id = c.partner_id").fetchall()
    expected = {(demo_person(creator).id, p.id, p.brand, True, True, "owner")
                for p in DEMO_PEOPLE if p.role == "brand_partner" for creator in p.invited_by}
    assert set(links) == expected and len(links) == 4


def test_a_brand_partner_sees_the_inviting_creators_profile_but_none_of_their_numbers(seeded):
    nadia = _gateway(seeded.pool, "nadia")
    visible = {r["id"] for r in nadia.select("profiles", columns=["id"])}
    assert visible == {demo_person(k).id for k in ("nadia", "amira", "maya")}
    assert nadia.select("social_accounts") == []
    assert nadia.select("account_daily", limit=1) == []
    assert [b["name"] for b in nadia.select("brands")] == ["Verdant Pantry"]


def test_each_creator_sees_only_their_own_accounts_and_metrics(seeded):
    for creator in demo_creators():
        gateway = _gateway(seeded.pool, creator.key)
        accounts = gateway.select("social_accounts")
        spec = next(s for s in demo.DEMO_SPECS if s.key == creator.key)
        assert sorted(a["platform"] for a in accounts) == sorted(a.platform for a in spec.accounts)
        assert {a["creator_id"] for a in accounts} == {creator.id}
        posts = gateway.select("posts", columns=["creator_id"])
        assert posts and {p["creator_id"] for p in posts} == {creator.id}
    stranger = PostgresGateway(seeded.pool, Person(id=str(uuid.uuid4())))
    assert stranger.select("posts", limit=1) == []


def test_creator_home_summary_for_maya_has_plausible_numbers(seeded):
    [summary] = _gateway(seeded.pool, "maya").rpc("creator_home_summary", {"p_days": 30})
    assert 21_500 <= summary["total_followers"] <= 26_500
    assert 0 < summary["followers_change"] < 0.15 * summary["total_followers"]
    assert 25 <= summary["posts_in_period"] <= 70
    assert 0.03 <= summary["engagement_rate_by_reach"] <= 0.09
    assert summary["period_end"] == END.isoformat()


def test_seeding_again_changes_nothing(seeded):
    before_counts, before = _counts(seeded.url), _fingerprints(seeded.url)
    seed.seed_demo(seeded.backend, end=END)
    assert _counts(seeded.url) == before_counts
    assert _fingerprints(seeded.url) == before
    with psycopg.connect(seeded.url) as conn:
        assert conn.execute("select count(*) from public.audit_log where action = %s",
                            (seed.SEEDED_ACTION,)).fetchone()[0] == 1


def test_seeding_on_a_later_day_moves_the_window_and_keeps_counters_consistent(fresh):
    seed.seed_demo(fresh, days=60, end=END)
    maya = _gateway(fresh.pool, "maya")
    first_posts = {p["id"]: p["posted_at"] for p in maya.select("posts", columns=["id", "posted_at"])}
    seed.seed_demo(fresh, days=60, end=END + dt.timedelta(days=9))
    with psycopg.connect(fresh.admin_url) as conn:
        days = conn.execute("select min(day), max(day), count(*) / count(distinct account_id) "
                            "from public.account_daily").fetchone()
        assert days == (END - dt.timedelta(days=50), END + dt.timedelta(days=9), 60)
        decreasing = conn.execute(
            "select count(*) from (select likes < lag(likes) over w or reach < lag(reach) over w "
            "or views < lag(views) over w as dropped from public.post_metrics "
            "window w as (partition by post_id order by captured_at)) s where dropped").fetchone()[0]
        assert decreasing == 0
        before_post = conn.execute("select count(*) from public.post_metrics m join public.posts p "
                                   "on p.id = m.post_id where m.captured_at <= p.posted_at").fetchone()[0]
        assert before_post == 0
    kept = {p["id"]: p["posted_at"] for p in maya.select("posts", columns=["id", "posted_at"])}
    overlap = [pid for pid, at in first_posts.items() if at >= (END - dt.timedelta(days=50)).isoformat()]
    assert overlap and all(kept[pid] == first_posts[pid] for pid in overlap)


def test_synthetic_creators_are_added_with_local_identities(fresh):
    written = seed.seed_demo(fresh, creators=2, days=30, end=END)
    assert written["profiles"] == 9  # 7 demo people + 2 synthetic creators
    second = person_id_for("local", "creator-0002")
    with psycopg.connect(fresh.admin_url) as conn:
        assert conn.execute("select subject from public.identities where profile_id = %s",
                            (second,)).fetchone() == ("creator-0002",)
    gateway = PostgresGateway(fresh.pool, Person(id=second))
    accounts = gateway.select("social_accounts")
    assert accounts and all(a["creator_id"] == second for a in accounts)
    assert gateway.select("account_daily", filters=[eq("account_id", accounts[0]["id"])])


def test_the_demo_has_tax_profiles_and_its_invoices_carry_the_tax_determination(seeded):
    with psycopg.connect(seeded.url) as conn:
        profiles = conn.execute("select coalesce(p.display_name, b.name), t.country, t.vat_registered "
                                "from public.tax_profiles t left join public.profiles p on p.id = t.creator_id "
                                "left join public.brands b on b.id = t.brand_id order by 1").fetchall()
        issued = conn.execute(
            "select p.display_name, i.display_number, i.tax ->> 'scenario', i.tax ->> 'seller_country', "
            "i.tax ->> 'buyer_country', i.tax ->> 'rate', i.currency, i.subtotal, i.tax_amount, i.amount_due, "
            "i.buyer ->> 'tax_id', i.supply_date is not null from public.invoices i "
            "join public.profiles p on p.id = i.creator_id where i.kind = 'invoice' order by 1, 2").fetchall()
    assert profiles == [("Amira Haddad", "AE", False), ("Green Thread Apparel", "GB", True),
                        ("Leo Brandt", "DE", True), ("Maya Okafor", "GB", True), ("Noura Al-Qahtani", "SA", True),
                        ("PixelForge Studios", "US", False), ("Verdant Pantry", "AE", True)]
    D = Decimal
    # Figures by hand from the rules' rates: UK 20 % of 500.00 = 100.00; Saudi 15 % of 2000.00 = 300.00; an export
    # from Germany is outside German VAT, a German invoice to a Dutch business is a reverse charge (no VAT), and a
    # Saudi export of services to the UAE is zero-rated.
    assert issued == [
        ("Leo Brandt", "INV-0001", "export", "DE", "US", "0", "USD", D("350.00"), D("0.00"), D("350.00"),
         "271234567", True),  # the EIN is stored in its compact form (services/payouts/tax.normalize_tax_id)
        ("Leo Brandt", "INV-0002", "intra_union_b2b", "DE", "NL", "0", "EUR", D("400.00"), D("0.00"), D("400.00"),
         "NL805234317B01", True),
        ("Maya Okafor", "INV-0001", "domestic", "GB", "GB", "20", "GBP", D("500.00"), D("100.00"), D("600.00"),
         "GB980780684", True),
        ("Noura Al-Qahtani", "INV-0001", "domestic", "SA", "SA", "15", "SAR", D("2000.00"), D("300.00"),
         D("2300.00"), "311111111100003", True),
        ("Noura Al-Qahtani", "INV-0002", "export", "SA", "AE", "0", "AED", D("1800.00"), D("0.00"), D("1800.00"),
         "100234567800003", True)]


def test_the_saudi_demo_invoice_carries_the_zatca_qr_with_its_own_figures(seeded):
    noura = _gateway(seeded.pool, "noura")
    invoice = next(i for i in invoices.list_invoices(noura) if i.display_number == "INV-0001")
    pdf = invoices.document(noura, invoice)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Reverse charge" not in text and "Qahwa House Trading Co." in text
    codes = [r.text for page in reader.pages for image in page.images
             for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))]
    fields = zatca.decode(codes[0])
    assert len(codes) == 1
    assert (fields["seller_name"], fields["vat_number"], fields["total_with_vat"], fields["vat_total"]) == (
        "Noura Al-Qahtani Est.", "312345678900003", "2300.00", "300.00")
