"""Importing into the database on both gateways: exact totals per format, all or nothing, the same file
twice changes nothing, numbers marked as imported, captions kept as written, and only into one's own
accounts."""
from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest

from services.accounts import imports
from services.core.csv_export import to_safe_csv
from services.core.db.gateway import Person, eq
from services.core.db.postgres import PostgresGateway
from services.core.errors import DomainError, NotFound, PermissionDenied, ValidationError
from services.accounts.imports import NewAccount, ReadOptions, read_export

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
META_DAY, TIKTOK_DAY = dt.date(2026, 9, 2), dt.date(2026, 1, 4)
TABLES = ("account_daily", "posts", "post_metrics", "audience_breakdowns", "follower_activity")


def new_creator(pool, name: str = "Importer") -> Person:
    person = Person(id=str(uuid.uuid4()), email=f"{uuid.uuid4().hex[:8]}@example.test")
    PostgresGateway(pool, person).rpc("ensure_profile", {"p_display_name": name, "p_email": person.email})
    return person


def export_of(path: str, downloaded_on: dt.date = META_DAY):
    file = FIXTURES / path
    return read_export(file.read_bytes(), file.name, ReadOptions(downloaded_on))


def new_account_for(export, handle: str | None = None) -> NewAccount:
    hint = export.account_hint
    return NewAccount(export.platform, handle or hint.get("handle") or f"acct{uuid.uuid4().hex[:6]}",
                      hint.get("platform_account_id"))


def one(conn, query: str, *params):
    return conn.execute(query, params).fetchone()


def rows_of(conn, account_id: str) -> dict[str, list]:
    """Everything stored for an account, read past RLS, in a stable order."""
    out = {}
    for table in ("account_daily", "audience_breakdowns", "follower_activity", "posts"):
        out[table] = conn.execute(f"select * from public.{table} where account_id = %s order by 1, 2, 3, 4",
                                  (account_id,)).fetchall()
    out["post_metrics"] = conn.execute(
        "select m.* from public.post_metrics m join public.posts p on p.id = m.post_id where p.account_id = %s "
        "order by m.post_id, m.captured_at", (account_id,)).fetchall()
    return out


def stored_counts(conn, creator_id: str) -> dict[str, int]:
    counts = {t: one(conn, f"select count(*) as n from public.{t} where creator_id = %s", creator_id)["n"]
              for t in TABLES + ("social_accounts", "imports")}
    return counts


# -- each format to exact totals -----------------------------------------------------------------------------------

POSTS_TOTALS = ("select count(distinct p.id) as posts, sum(m.views) as views, sum(m.reach) as reach, "
                "sum(m.likes) as likes, sum(m.shares) as shares, sum(m.comments) as comments, sum(m.saves) as saves "
                "from public.posts p join public.post_metrics m on m.post_id = p.id where p.account_id = %s")
DAILY_TOTALS = ("select count(*) as days, sum(views) as views, sum(reach) as reach, sum(profile_views) as profile_views, "
                "sum(likes) as likes, sum(comments) as comments, sum(shares) as shares, sum(followers) as followers, "
                "min(day) as first, max(day) as last from public.account_daily where account_id = %s")
AUDIENCE = "select count(*) as n, sum(share) as total from public.audience_breakdowns where account_id = %s"
ACTIVITY = "select count(*) as n, sum(active_followers) as total, min(day) as first from public.follower_activity where account_id = %s"

EXPECTED = {
    "meta/instagram_posts.csv": (META_DAY, {POSTS_TOTALS: {
        "posts": 5, "views": 44235, "reach": 32655, "likes": 3245, "shares": 427, "comments": 262, "saves": 1336}}),
    "meta/instagram_reach.csv": (META_DAY, {DAILY_TOTALS: {
        "days": 7, "reach": 11982, "views": None, "first": dt.date(2026, 3, 1), "last": dt.date(2026, 3, 7)}}),
    "tiktok/Overview.csv": (TIKTOK_DAY, {DAILY_TOTALS: {
        "days": 7, "views": 55424, "profile_views": 575, "likes": 582, "comments": 7, "shares": 37,
        "first": dt.date(2025, 12, 28), "last": dt.date(2026, 1, 3)}}),
    "tiktok/FollowerHistory.xlsx": (TIKTOK_DAY, {DAILY_TOTALS: {
        "days": 7, "followers": 69018, "first": dt.date(2025, 8, 25), "last": dt.date(2025, 8, 31)}}),
    "tiktok/Followers_maya.makes.zip": (TIKTOK_DAY, {
        DAILY_TOTALS: {"days": 7, "followers": 73513, "first": dt.date(2025, 12, 28)},
        AUDIENCE: {"n": 9, "total": 2},
        ACTIVITY: {"n": 48, "total": 6032, "first": dt.date(2025, 12, 31)}}),
    "youtube/Content 2026-08-01_2026-08-07 Maya Makes.zip": (META_DAY, {
        POSTS_TOTALS: {"posts": 3, "views": 5690, "likes": 402, "comments": 58, "shares": 41, "saves": None},
        DAILY_TOTALS: {"days": 7, "views": 5690, "first": dt.date(2026, 8, 1), "last": dt.date(2026, 8, 7)}}),
}


@pytest.mark.parametrize("path", list(EXPECTED))
def test_each_format_imports_to_exact_totals_marked_as_imported(gateway_for, pool, admin_conn, path):
    downloaded_on, checks = EXPECTED[path]
    creator = new_creator(pool)
    export = export_of(path, downloaded_on)
    outcome = imports.run(gateway_for(creator), export, new_account=new_account_for(export))
    assert outcome.account_created and not outcome.already_imported and outcome.account_id
    for query, expected in checks.items():
        row = one(admin_conn, query, outcome.account_id)
        assert {k: row[k] for k in expected} == expected, query
    account = one(admin_conn, "select status, platform, creator_id::text as creator_id from public.social_accounts "
                              "where id = %s", outcome.account_id)
    assert (account["status"], account["platform"], account["creator_id"]) == ("imported", export.platform, creator.id)
    stored = rows_of(admin_conn, outcome.account_id)
    assert sum(len(v) for v in stored.values()) == sum(export.counts().values())
    assert {r["source"] for rows in stored.values() for r in rows} == {"import"}
    log = one(admin_conn, "select file_sha256, format, rows_read from public.imports where account_id = %s",
              outcome.account_id)
    assert (log["file_sha256"], log["format"], log["rows_read"]) == (export.sha256, export.format, export.rows)


# -- idempotent ---------------------------------------------------------------------------------------------------

def test_importing_the_same_file_again_changes_nothing(gateway_for, pool, admin_conn):
    creator = new_creator(pool)
    gw = gateway_for(creator)
    export = export_of("youtube/Content 2026-08-01_2026-08-07 Maya Makes.zip")
    first = imports.run(gw, export, new_account=new_account_for(export, "mayamakes.yt"))
    before = rows_of(admin_conn, first.account_id)

    again = imports.run(gw, export, account_id=first.account_id)
    assert again.already_imported and again.import_id == first.import_id and again.tables == {}
    assert rows_of(admin_conn, first.account_id) == before

    # Even with its log entry gone, the upserts keyed by video id and date leave every row as it was.
    assert len(gw.delete("imports", [eq("id", first.import_id)])) == 1
    third = imports.run(gw, export, account_id=first.account_id)
    assert not third.already_imported
    assert third.total("created") == third.total("updated") == 0
    assert third.total("unchanged") == sum(export.counts().values())
    assert rows_of(admin_conn, first.account_id) == before


def test_dry_run_counts_what_would_change_and_writes_nothing(gateway_for, pool, admin_conn):
    creator = new_creator(pool)
    gw = gateway_for(creator)
    export = export_of("tiktok/Overview.csv", TIKTOK_DAY)
    plan = imports.run(gw, export, new_account=new_account_for(export, "maya.tt"), dry_run=True)
    assert plan.dry_run and plan.account_created and plan.account_id is None
    assert plan.tables["account_daily"] == {"created": 7, "updated": 0, "unchanged": 0}
    assert stored_counts(admin_conn, creator.id) == dict.fromkeys(TABLES + ("social_accounts", "imports"), 0)


def test_a_second_file_adds_its_columns_and_keeps_the_others(gateway_for, pool, admin_conn):
    creator = new_creator(pool)
    gw = gateway_for(creator)
    account = gw.insert("social_accounts", [{"creator_id": creator.id, "platform": "tiktok", "handle": "maya.tt",
                                             "platform_account_id": "7000000001"}])[0]
    gw.insert("account_daily", [{"account_id": account["id"], "creator_id": creator.id, "day": "2026-01-01",
                                 "followers": 10500, "following": 80}])  # from the API, before any import
    overview = imports.run(gw, export_of("tiktok/Overview.csv", TIKTOK_DAY), account_id=account["id"])
    assert overview.tables["account_daily"] == {"created": 6, "updated": 1, "unchanged": 0}
    day = one(admin_conn, "select * from public.account_daily where account_id = %s and day = '2026-01-01'",
              account["id"])
    assert (day["followers"], day["following"], day["views"], day["source"]) == (10500, 80, 13639, "import")

    history = imports.run(gw, export_of("tiktok/FollowerHistory.csv", TIKTOK_DAY), account_id=account["id"])
    assert history.tables["account_daily"] == {"created": 0, "updated": 7, "unchanged": 0}
    day = one(admin_conn, "select * from public.account_daily where account_id = %s and day = '2026-01-01'",
              account["id"])
    assert (day["followers"], day["following"], day["views"], day["likes"]) == (10529, 80, 13639, 124)


# -- all or nothing -------------------------------------------------------------------------------------------------

def test_a_failure_in_the_last_table_rolls_back_the_whole_import(gateway_for, pool, admin_conn):
    """The account, the daily rows, the audience shares and the log are written before follower activity;
    a row the database refuses there undoes all of it."""
    creator = new_creator(pool)
    export = export_of("tiktok/Followers_maya.makes.zip", TIKTOK_DAY)
    export.payload_rows["follower_activity"][-1]["active_followers"] = -1  # slips past Python, not past SQL
    with pytest.raises(ValidationError, match="a value is not allowed"):
        imports.run(gateway_for(creator), export, new_account=new_account_for(export, "maya.tt"))
    assert stored_counts(admin_conn, creator.id) == dict.fromkeys(TABLES + ("social_accounts", "imports"), 0)


def test_a_failure_in_an_existing_account_leaves_it_as_it_was(gateway_for, pool, admin_conn):
    creator = new_creator(pool)
    gw = gateway_for(creator)
    first = imports.run(gw, export_of("tiktok/Overview.csv", TIKTOK_DAY),
                        new_account=NewAccount("tiktok", "maya.tt"))
    before = rows_of(admin_conn, first.account_id)
    export = export_of("tiktok/FollowerHistory.csv", TIKTOK_DAY)
    export.payload_rows["account_daily"][-1]["followers"] = -5
    with pytest.raises(ValidationError):
        imports.run(gw, export, account_id=first.account_id)
    assert rows_of(admin_conn, first.account_id) == before
    assert one(admin_conn, "select count(*) as n from public.imports where account_id = %s", first.account_id)["n"] == 1


@pytest.mark.parametrize("path", sorted(str(p.relative_to(FIXTURES)) for p in (FIXTURES / "malformed").iterdir()))
def test_a_malformed_file_is_refused_before_anything_is_written(gateway_for, pool, admin_conn, path):
    creator = new_creator(pool)
    with pytest.raises(imports.ExportFileError, match=r"^(\w[\w .]*, )?[Rr]ow \d+"):
        export = export_of(path, TIKTOK_DAY)
        imports.run(gateway_for(creator), export, new_account=NewAccount(export.platform, "x"))
    assert stored_counts(admin_conn, creator.id) == dict.fromkeys(TABLES + ("social_accounts", "imports"), 0)


# -- captions and CSV exports ---------------------------------------------------------------------------------------

def test_a_caption_starting_with_equals_is_stored_as_text_and_neutralised_in_csv(gateway_for, pool, admin_conn):
    creator = new_creator(pool)
    gw = gateway_for(creator)
    outcome = imports.run(gw, export_of("meta/instagram_posts.csv"), new_account=NewAccount("instagram", "maya.makes"))
    stored = one(admin_conn, "select caption from public.posts where account_id = %s and platform_post_id = %s",
                 outcome.account_id, "18050000000000002")
    assert stored["caption"] == "=9 pieces, 30 outfits #capsulewardrobe"
    import pandas as pd
    frame = pd.DataFrame(gw.select("posts", columns=["platform_post_id", "caption"],
                                   filters=[eq("account_id", outcome.account_id)], order=[("platform_post_id", False)]))
    text = to_safe_csv(frame).decode("utf-8")
    assert "\"'=9 pieces, 30 outfits #capsulewardrobe\"" in text
    assert "'+1 for visible mending? Tell me below" in text and "'-30% at the swap shop" in text
    assert "\n=" not in text and ",=" not in text and ",\"=" not in text


# -- whose account ----------------------------------------------------------------------------------------------------

def test_nobody_imports_into_another_creators_account(gateway_for, pool, admin_conn):
    owner, intruder = new_creator(pool, "Owner"), new_creator(pool, "Intruder")
    mine = imports.run(gateway_for(owner), export_of("tiktok/Overview.csv", TIKTOK_DAY),
                       new_account=NewAccount("tiktok", "owner.tt"))
    before = rows_of(admin_conn, mine.account_id)
    export = export_of("tiktok/FollowerHistory.csv", TIKTOK_DAY)
    with pytest.raises(NotFound):
        imports.run(gateway_for(intruder), export, account_id=mine.account_id)
    with pytest.raises(NotFound, match="is not one of your accounts"):  # past the Python check, straight to SQL
        gateway_for(intruder).rpc("import_platform_export", {
            "p_account_id": mine.account_id, "p_file_name": "x.csv", "p_file_sha256": export.sha256,
            "p_format": export.format, "p_payload": export.payload()})
    assert rows_of(admin_conn, mine.account_id) == before
    assert stored_counts(admin_conn, intruder.id)["imports"] == 0


def test_a_file_of_another_platform_is_refused_with_its_name(gateway_for, pool):
    creator = new_creator(pool)
    gw = gateway_for(creator)
    insta = imports.run(gw, export_of("meta/instagram_reach.csv"), new_account=NewAccount("instagram", "maya.makes"))
    with pytest.raises(ValidationError, match=r"^This is a TikTok export, but @maya.makes is an account on Instagram.$"):
        imports.run(gw, export_of("tiktok/Overview.csv", TIKTOK_DAY), account_id=insta.account_id)
    with pytest.raises(DomainError, match="^This is a tiktok export, but account @maya.makes is on instagram.$"):
        export = export_of("tiktok/Overview.csv", TIKTOK_DAY)
        gw.rpc("import_platform_export", {"p_account_id": insta.account_id, "p_file_name": "Overview.csv",
                                          "p_file_sha256": export.sha256, "p_format": export.format,
                                          "p_payload": export.payload()})


def test_a_brand_partner_cannot_add_an_account_by_importing(gateway_for, pool, admin_conn):
    from tests.people.test_rls_matrix import invite
    creator, partner = new_creator(pool, "Creator"), Person(id=str(uuid.uuid4()), email="p@example.test")
    invite(pool, creator, partner, f"Brand {uuid.uuid4().hex[:6]}")
    export = export_of("tiktok/Overview.csv", TIKTOK_DAY)
    with pytest.raises(PermissionDenied):
        imports.run(gateway_for(partner), export, new_account=NewAccount("tiktok", "sneaky"))
    assert one(admin_conn, "select count(*) as n from public.social_accounts where creator_id = %s", partner.id)["n"] == 0
