"""Each connector's sync against recorded responses shaped as its platform documents them
(tests/support/platform_replay.py says which documentation page each fixture follows): what a first sync
writes, pagination, running again, rate limits, revoked and expiring tokens, and a failure in the
middle of a sync, which must write nothing.

Syncs run through PostgresGateway as the account's creator; the first test runs on both gateways."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from services.accounts import sync
from services.core.db.supabase import SupabaseGateway
from tests.accounts.test_verified_numbers import SERVICE_KEY
from tests.conftest import ANON_KEY
from services.accounts.connectors import base
from services.accounts.connectors import discord
from services.core.db.postgres import PostgresGateway
from tests.support import platform_replay as replay
from tests.support.connections import (CIPHER, NOW, SETTINGS, TOKENS, account, account_rows, connect,
                                       new_creator)
from tests.support.platform_replay import Reply

pytestmark = pytest.mark.usefixtures("recorded_day")  # they sync at the fixed instant NOW

PLATFORMS = list(replay.WORLDS)


@pytest.fixture
def creator_gateway(pool):
    return PostgresGateway(pool, new_creator(pool))


def run(gateway, account_id, world, now=NOW, **kw):
    """The sync writes as its own identity: portal_sync beside a PostgresGateway, the service key on PostgREST."""
    sleeps = kw.pop("sleeps", [])
    if isinstance(gateway, SupabaseGateway):
        kw.setdefault("writer", SupabaseGateway(gateway.rest_url, ANON_KEY, access_token=SERVICE_KEY))
    result = sync.sync_account(gateway, SETTINGS, account_id, transport=world.transport, now=now,
                               sleep=sleeps.append, **kw)
    return result


def day_row(rows, day, community=None):
    platform_id = community
    matches = [r for r in rows["account_daily"] if r["day"] == day
               and (platform_id is None or r["platform_account_id"] == platform_id)]
    assert len(matches) == 1, (day, community, rows["account_daily"])
    return matches[0]


def metric(rows, post_id):
    matches = [r for r in rows["post_metrics"] if r["platform_post_id"] == post_id]
    assert len(matches) == 1, (post_id, rows["post_metrics"])
    return matches[0]


TODAY = NOW.date()


def check_instagram(rows):
    today = day_row(rows, TODAY)
    assert (today["followers"], today["following"], today["posts"]) == (15842, 612, 418)
    # end_time is the end of the Pacific day: 2026-11-18T08:00 reports 2026-11-17
    assert (day_row(rows, dt.date(2026, 11, 17))["reach"], day_row(rows, dt.date(2026, 11, 17))["followers_gained"]) == (3104, 21)
    assert day_row(rows, dt.date(2026, 11, 19))["reach"] == 4420
    assert [p["platform_post_id"] for p in rows["posts"]] == [
        "17895695668004550", "17912345678901234", "17923456789012345", "17934567890123456"]
    assert {p["platform_post_id"]: p["post_type"] for p in rows["posts"]} == {
        "17895695668004550": "reel", "17912345678901234": "carousel", "17923456789012345": "image",
        "17934567890123456": "reel"}
    reel = metric(rows, "17895695668004550")
    assert (reel["views"], reel["reach"], reel["likes"], reel["comments"], reel["shares"], reel["saves"]) == (
        21430, 9812, 1240, 88, 174, 402)
    no_insights = metric(rows, "17923456789012345")  # "(#10) Not enough viewers": the media's own counters
    assert (no_insights["likes"], no_insights["comments"], no_insights["reach"]) == (611, 23, None)
    genders = {r["bucket"]: r["share"] for r in rows["audience_breakdowns"] if r["dimension"] == "gender"}
    assert set(genders) == {"female", "male", "unknown"} and genders["female"] == Decimal("0.78778")
    assert {r["dimension"] for r in rows["audience_breakdowns"]} == {"age", "gender", "country", "city"}


def check_tiktok(rows):
    today = day_row(rows, TODAY)
    assert (today["followers"], today["following"], today["posts"]) == (8412, 301, 96)
    assert len(rows["posts"]) == 3
    video = metric(rows, "7437011981120654610")
    assert (video["views"], video["likes"], video["comments"], video["shares"], video["reach"]) == (48210, 5120, 233, 611, None)
    post = next(p for p in rows["posts"] if p["platform_post_id"] == "7437011981120654610")
    assert post["posted_at"] == dt.datetime(2026, 11, 18, 18, tzinfo=dt.timezone.utc)
    assert post["permalink"].startswith("https://www.tiktok.com/@mayarewears/video/7437011981120654610")


def check_youtube(rows):
    today = day_row(rows, TODAY)
    assert (today["followers"], today["posts"]) == (4910, 187)
    day = day_row(rows, dt.date(2026, 11, 16))
    assert (day["views"], day["watch_minutes"], day["followers_gained"], day["followers_lost"], day["likes"],
            day["comments"], day["shares"]) == (1204, 3391, 22, 3, 88, 12, 7)
    assert [p["platform_post_id"] for p in rows["posts"]] == ["Fh2Lm7Qw0zY", "Qa8Zx1Cv2Bn", "Xk3r9TqP1aE"]
    video = metric(rows, "Xk3r9TqP1aE")
    assert (video["views"], video["likes"], video["comments"]) == (5321, 412, 57)
    ages = {r["bucket"]: r["share"] for r in rows["audience_breakdowns"] if r["dimension"] == "age"}
    assert ages["18-24"] == Decimal("0.33800") and ages["65+"] == Decimal("0.00900")
    genders = {r["bucket"]: r["share"] for r in rows["audience_breakdowns"] if r["dimension"] == "gender"}
    assert genders == {"female": Decimal("0.24600"), "male": Decimal("0.74700"), "unknown": Decimal("0.00700")}


def check_twitch(rows):
    assert day_row(rows, TODAY)["followers"] == 2251
    assert {p["platform_post_id"]: p["post_type"] for p in rows["posts"]} == {
        "2301122334": "stream", "2297788990": "video", "2288800111": "stream"}
    assert metric(rows, "2301122334")["views"] == 1863


def check_reddit(rows):
    assert [(c["platform_account_id"], c["handle"]) for c in rows["communities"]] == [
        ("t5_4abcd7", "r/IndieCorner"), ("t5_5efgh8", "r/CozyGamesClub")]
    indie = day_row(rows, TODAY, "t5_4abcd7")
    assert (indie["followers"], indie["active_members"]) == (12480, 86)
    assert day_row(rows, TODAY, "t5_5efgh8")["active_members"] == 19
    assert rows["posts"] == []


def check_discord(rows):
    assert [(c["platform_account_id"], c["handle"]) for c in rows["communities"]] == [
        ("1041155467839143936", "Leo's Indie Corner"), ("1150000000000000001", "Cozy Devlog Club")]
    corner = day_row(rows, TODAY, "1041155467839143936")
    assert (corner["followers"], corner["active_members"]) == (952, 131)


CHECKS = {"instagram": check_instagram, "tiktok": check_tiktok, "youtube": check_youtube, "twitch": check_twitch,
          "reddit": check_reddit, "discord": check_discord}


# -- a first sync ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("platform", PLATFORMS)
def test_first_sync_writes_the_numbers_the_platform_documents(platform, pool, gateway_for, admin_conn):
    creator = new_creator(pool)
    gateway = gateway_for(creator)
    account_id = connect(gateway, platform)
    world = replay.WORLDS[platform]()
    result = run(gateway, account_id, world)
    assert result.outcome == "synced", result.message
    assert world.unmatched == []
    rows = account_rows(admin_conn, account_id)
    CHECKS[platform](rows)
    assert {r["source"] for table in ("account_daily", "posts", "post_metrics", "audience_breakdowns")
            for r in rows[table]} <= {"api"}
    for dimension in {r["dimension"] for r in rows["audience_breakdowns"]}:
        assert sum(r["share"] for r in rows["audience_breakdowns"] if r["dimension"] == dimension) == 1
    stored = account(admin_conn, account_id)
    assert stored["status"] == "connected" and stored["last_synced_at"] == NOW and stored["sync_started_at"] is None
    assert stored["status_message"] is None


@pytest.mark.parametrize("platform, url, pages", [
    ("instagram", f"{replay.IG_GRAPH}/{replay.IG_USER}/media", 2),
    ("tiktok", "open.tiktokapis.com/v2/video/list/", 2),
    ("youtube", "www.googleapis.com/youtube/v3/playlistItems", 2),
    ("twitch", "api.twitch.tv/helix/videos", 2),
    ("reddit", "oauth.reddit.com/subreddits/mine/moderator", 2),
])
def test_pagination_follows_the_cursor_and_stops_at_the_first_post_before_the_window(
        platform, url, pages, creator_gateway):
    """Page 2 ends with a post older than the window (or a null `after`): no third page is asked for."""
    account_id = connect(creator_gateway, platform)
    world = replay.WORLDS[platform]()
    assert run(creator_gateway, account_id, world).outcome == "synced"
    assert len(world.calls(url)) == pages


def test_discord_guild_pages_continue_after_the_last_guild_id(creator_gateway, admin_conn, monkeypatch):
    monkeypatch.setattr(discord, "PAGE_SIZE", 2)
    account_id = connect(creator_gateway, "discord")
    guilds = "discord.com/api/v10/users/@me/guilds"
    world = replay.discord()
    world.override("GET", guilds, replay.ok("guilds_page_2.json"), when=replay.has(after="613425648685547541"))
    world.override("GET", guilds, replay.ok("guilds_page_1.json"), when=replay.lacks("after"))
    assert run(creator_gateway, account_id, world).outcome == "synced"
    assert [replay.query(r).get("after") for r in world.calls(guilds)] == [None, "613425648685547541"]
    assert all(replay.query(r)["with_counts"] == "true" for r in world.calls(guilds))
    assert len(account_rows(admin_conn, account_id)["communities"]) == 2


@pytest.mark.parametrize("platform", PLATFORMS)
def test_running_the_same_sync_again_changes_nothing(platform, creator_gateway, admin_conn):
    account_id = connect(creator_gateway, platform)
    assert run(creator_gateway, account_id, replay.WORLDS[platform]()).outcome == "synced"
    first = account_rows(admin_conn, account_id)
    assert run(creator_gateway, account_id, replay.WORLDS[platform]()).outcome == "synced"
    assert account_rows(admin_conn, account_id) == first


def test_the_next_sync_asks_only_for_what_changed_since_the_last(creator_gateway, admin_conn):
    account_id = connect(creator_gateway, "youtube")
    assert run(creator_gateway, account_id, replay.youtube()).outcome == "synced"
    later = NOW + dt.timedelta(days=1)
    world = replay.youtube()
    assert run(creator_gateway, account_id, world, now=later).outcome == "synced"
    daily = [replay.query(r) for r in world.calls("youtubeanalytics.googleapis.com/v2/reports")
             if replay.query(r)["dimensions"] == "day"]
    assert (daily[0]["startDate"], daily[0]["endDate"]) == ("2026-11-17", "2026-11-21")  # LOOKBACK_DAYS before
    rows = account_rows(admin_conn, account_id)
    # Posts from the last POST_REFRESH_DAYS get a new snapshot; older ones are not asked for again.
    new_snapshots = {r["platform_post_id"] for r in rows["post_metrics"] if r["captured_at"] == later}
    assert new_snapshots == {"Xk3r9TqP1aE", "Fh2Lm7Qw0zY", "Qa8Zx1Cv2Bn"}

    ig = connect(creator_gateway, "instagram")
    assert run(creator_gateway, ig, replay.instagram()).outcome == "synced"
    world = replay.instagram()
    assert run(creator_gateway, ig, world, now=later).outcome == "synced"
    series = [replay.query(r) for r in world.calls(f"{replay.IG_GRAPH}/{replay.IG_USER}/insights")
              if replay.query(r).get("metric_type") == "time_series"][0]
    assert int(series["since"]) == int((NOW - dt.timedelta(days=sync.LOOKBACK_DAYS)).timestamp())
    assert world.calls(f"{replay.IG_GRAPH}/17934567890123456/insights") == []  # posted 2026-10-02: settled


# -- rate limits ---------------------------------------------------------------------------------------------

THROTTLED = {
    # platform: (endpoint answered first with the documented throttling response, reply, least wait asked)
    "instagram": (f"{replay.IG_GRAPH}/me", Reply(400, "error_throttled.json"), None),
    "tiktok": ("open.tiktokapis.com/v2/user/info/", Reply(429, "error_rate_limit_exceeded.json"), None),
    "youtube": ("www.googleapis.com/youtube/v3/channels", Reply(403, "error_rate_limit_exceeded.json"), None),
    "twitch": ("api.twitch.tv/helix/channels/followers", Reply(429, "error_too_many_requests.json", headers=replay.epoch_in(4)), 2.5),
    "reddit": ("oauth.reddit.com/api/v1/me",
               Reply(429, "error_too_many_requests.json", headers={"X-Ratelimit-Used": "100", "X-Ratelimit-Remaining": "0.0",
                                                                    "X-Ratelimit-Reset": "6"}), 6),
    "discord": ("discord.com/api/v10/users/@me/guilds",
                Reply(429, "error_rate_limited.json", headers={"Retry-After": "7", "X-RateLimit-Limit": "5",
                                                                "X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": "6.457",
                                                                "X-RateLimit-Scope": "user"}), 7),
}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_throttling_is_waited_out_then_the_sync_goes_on(platform, creator_gateway, admin_conn):
    url, reply, least_wait = THROTTLED[platform]
    account_id = connect(creator_gateway, platform)
    world = replay.WORLDS[platform]()
    ok_reply = next(r for r in world.routes if r.url == url and r.method == "GET").replies[0]
    world.override("GET", url, reply, reply, ok_reply)
    sleeps = []
    result = run(creator_gateway, account_id, world, sleeps=sleeps)
    assert result.outcome == "synced", result.message
    assert len(sleeps) == 2, sleeps
    if least_wait is None:  # no wait asked for: exponential backoff with full jitter (0-1 s, then 0-2 s)
        assert 0 <= sleeps[0] <= 1 and 0 <= sleeps[1] <= 2
    else:  # what the platform asked for (Retry-After and friends), plus at most a second of jitter
        assert all(least_wait <= s <= least_wait + 2.5 for s in sleeps), sleeps
    CHECKS[platform](account_rows(admin_conn, account_id))


def test_a_platform_asking_to_wait_too_long_ends_the_sync_and_writes_nothing(creator_gateway, admin_conn):
    account_id = connect(creator_gateway, "discord")
    world = replay.discord().override("GET", "discord.com/api/v10/users/@me/guilds",
                                      Reply(429, "error_rate_limited.json", headers={"Retry-After": "3600"}))
    result = run(creator_gateway, account_id, world)
    assert result.outcome == "error" and "wait 60 minutes" in result.message
    assert account_rows(admin_conn, account_id)["account_daily"] == []
    assert account(admin_conn, account_id)["status"] == "error"


def test_backoff_waits_grow_and_stay_jittered():
    class Slow(base.Connector):
        name = "Slow"

    waits = []
    calls = []

    def handler(request):
        calls.append(request)
        return base.httpx.Response(503, json={})

    import random
    client = base.ApiClient(Slow(), base.httpx.Client(transport=base.httpx.MockTransport(handler)), sleep=waits.append,
                            rng=random.Random(7))
    with pytest.raises(base.PlatformError, match="after 5 attempts"):
        client.get("https://api.example.test/x")
    assert len(calls) == 5 and len(waits) == 4
    assert all(0 <= w <= 2 ** i for i, w in enumerate(waits)) and len(set(waits)) == 4


def test_retry_after_as_an_http_date_is_understood():
    response = base.httpx.Response(429, headers={"Retry-After": "Fri, 20 Nov 2026 12:00:30 GMT"})
    assert base.server_wait(response, now=NOW.timestamp()) == 30


# -- tokens ----------------------------------------------------------------------------------------------------

REVOKED = {
    # platform: (API answer that refuses the token, token endpoint answer to the refresh attempt or None)
    "instagram": (Reply(400, "error_token_revoked.json"), None),
    "tiktok": (Reply(401, "error_access_token_invalid.json"), Reply(400, "token_error_invalid_grant.json")),
    "youtube": (Reply(401, "error_unauthorized.json"), Reply(400, "token_error_invalid_grant.json")),
    "twitch": (Reply(401, "error_unauthorized.json"), Reply(400, "token_error_invalid_refresh.json")),
    "reddit": (Reply(401, "error_unauthorized.json"), Reply(400, "token_error_invalid_grant.json")),
    "discord": (Reply(401, "error_unauthorized.json"), Reply(400, "token_error_invalid_grant.json")),
}
FIRST_CALL = {"instagram": f"{replay.IG_GRAPH}/me", "tiktok": "open.tiktokapis.com/v2/user/info/",
              "youtube": "www.googleapis.com/youtube/v3/channels", "twitch": "api.twitch.tv/helix/users",
              "reddit": "oauth.reddit.com/api/v1/me", "discord": "discord.com/api/v10/users/@me"}
TOKEN_URL = {"tiktok": "open.tiktokapis.com/v2/oauth/token/", "youtube": "oauth2.googleapis.com/token",
             "twitch": "id.twitch.tv/oauth2/token", "reddit": "www.reddit.com/api/v1/access_token",
             "discord": "discord.com/api/oauth2/token"}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_revoked_token_leaves_the_account_needing_reauthorisation(platform, creator_gateway, admin_conn):
    refused, refresh_answer = REVOKED[platform]
    account_id = connect(creator_gateway, platform)
    world = replay.WORLDS[platform]().override("GET", FIRST_CALL[platform], refused)
    if refresh_answer:
        world.override("POST", TOKEN_URL[platform], refresh_answer)
    result = run(creator_gateway, account_id, world)
    assert result.outcome == "needs_reauth", result.message
    assert "connect" in result.message.lower() and "again" in result.message.lower()
    stored = account(admin_conn, account_id)
    assert stored["status"] == "needs_reauth" and stored["status_message"] == result.message
    assert stored["last_synced_at"] is None
    assert account_rows(admin_conn, account_id) == {k: [] for k in account_rows(admin_conn, account_id)}
    if refresh_answer:  # exactly one attempt to renew, with the stored refresh token
        (attempt,) = world.calls(TOKEN_URL[platform], "POST")
        assert replay.form(attempt)["refresh_token"] == TOKENS[platform][1]


RENEWED = {  # platform: (access token after the refresh, refresh token after it)
    "instagram": ("IGAArefreshedEXAMPLEtoken0003", None),
    "tiktok": ("act.7f2c3a1b9e8d4c6b5a4f3e2d1c0b9a8eRotated0Access!2403",
               "rft.2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7eRotated0Refresh!2403"),  # rotated
    "youtube": ("ya29.a0AfB_byExampleRefreshedAccessToken0002", TOKENS["youtube"][1]),  # kept: none in the answer
    "twitch": ("1ssjqsqfy6bads1ws7m03gras79zfr", "eyJfMzUtNDU0OC4MWYwLTQ5MDY5ODY4NGNlMSJ9%asdfasdf="),
    "reddit": ("eyJhbGciOiJSUzI1NiIsImtpZCI6IlNIQTI1NjpzS3dsMnlsV0VtMjVmcXhwTU40cWY4MXE2OWFFdWFyMnpLMUdhVGxjdWNZIiwidHlwIjoiSldUIn0.exampleRefreshed",
               TOKENS["reddit"][1]),
    "discord": ("8Tq0bWc1xYz2Ae3Rf4Gh5Jk6Lm7Np8Q", "Zx9Cv8Bn7Mq6Wa5Sd4Ef3Rg2Th1YuJk"),
}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_token_about_to_expire_is_renewed_before_any_api_call_and_stored_encrypted(platform, creator_gateway,
                                                                                      admin_conn):
    soon = NOW + (dt.timedelta(days=10) if platform == "instagram" else dt.timedelta(minutes=5))
    account_id = connect(creator_gateway, platform, expires_at=soon)
    admin_conn.execute("update public.social_accounts set token_refreshed_at = %s where id = %s",
                       (NOW - dt.timedelta(days=50), account_id))
    world = replay.WORLDS[platform]()
    result = run(creator_gateway, account_id, world)
    assert result.outcome == "synced", result.message
    first = world.requests[0]
    if platform == "instagram":  # GET graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token
        assert (first.url.path, replay.query(first)) == ("/refresh_access_token", {
            "grant_type": "ig_refresh_token", "access_token": TOKENS["instagram"][0]})
    else:
        body = replay.form(first)
        assert f"{first.url.host}{first.url.path}" == TOKEN_URL[platform]
        assert (body["grant_type"], body["refresh_token"]) == ("refresh_token", TOKENS[platform][1])
        if platform == "tiktok":
            assert (body["client_key"], body["client_secret"]) == ("tiktok-client-id", "tiktok-client-secret")
        if platform in ("reddit", "discord"):
            assert first.headers["authorization"].startswith("Basic ")
    stored = account(admin_conn, account_id)
    access, refresh = RENEWED[platform]
    assert stored["access_token_encrypted"] != access and CIPHER.decrypt(stored["access_token_encrypted"]) == access
    assert CIPHER.decrypt(stored["refresh_token_encrypted"]) == refresh
    assert stored["token_refreshed_at"] == NOW
    api_calls = [r for r in world.requests[1:] if r.url.host not in ("oauth2.googleapis.com",)]
    assert all(r.headers.get("authorization") == f"Bearer {access}" for r in api_calls
               if r.headers.get("authorization", "").startswith("Bearer"))


def test_a_refused_access_token_is_renewed_once_and_the_sync_goes_on(creator_gateway, admin_conn):
    """Twitch recommends refreshing when a call answers 401 rather than trusting expires_in."""
    account_id = connect(creator_gateway, "twitch")
    world = replay.twitch().override("GET", "api.twitch.tv/helix/users", Reply(401, "error_unauthorized.json"),
                                     replay.ok("users.json"))
    result = run(creator_gateway, account_id, world)
    assert result.outcome == "synced", result.message
    assert len(world.calls("id.twitch.tv/oauth2/token")) == 1
    assert CIPHER.decrypt(account(admin_conn, account_id)["access_token_encrypted"]) == RENEWED["twitch"][0]
    users = world.calls("api.twitch.tv/helix/users")
    assert users[-1].headers["authorization"] == f"Bearer {RENEWED['twitch'][0]}"
    assert users[-1].headers["client-id"] == "twitch-client-id"


# -- failures --------------------------------------------------------------------------------------------------

MIDDLE = {  # platform: (a call that comes after others succeeded, the platform's server error)
    "instagram": (f"{replay.IG_GRAPH}/{replay.IG_USER}/media", Reply(500, "error_unknown.json"),
                  replay.has(after="QVFIUmxtX0tfRGJ5dGJfZAl9FZAWJ6")),
    "tiktok": ("open.tiktokapis.com/v2/video/list/", Reply(500, "error_internal.json"),
               lambda r: json.loads(r.content or b"{}").get("cursor") is not None),
    "youtube": ("youtubeanalytics.googleapis.com/v2/reports", Reply(503, "error_backend.json"), replay.has(dimensions="day")),
    "twitch": ("api.twitch.tv/helix/videos", Reply(500, "error_internal.json"), replay.has(after="eyJiIjpudWxsLCJhIjoiMTUwMzQ0MTc3NjQyNDQyMjAwMCJ9")),
    "reddit": ("oauth.reddit.com/r/CozyGamesClub/about", Reply(500, "error_internal.json"), None),
    "discord": ("discord.com/api/v10/users/@me/guilds", Reply(500, "error_internal.json"), None),
}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_failure_in_the_middle_of_a_sync_writes_nothing_and_the_next_sync_does_it_all(platform, creator_gateway,
                                                                                        admin_conn):
    url, failure, when = MIDDLE[platform]
    account_id = connect(creator_gateway, platform)
    method = "POST" if platform == "tiktok" else "GET"
    world = replay.WORLDS[platform]().override(method, url, failure, when=when)
    result = run(creator_gateway, account_id, world)
    assert result.outcome == "error", result.message
    assert len(world.calls(url)) >= base.MAX_ATTEMPTS  # retried before giving up
    assert "the next sync will try again" in result.message
    empty = account_rows(admin_conn, account_id)
    assert all(rows == [] for rows in empty.values()), empty
    stored = account(admin_conn, account_id)
    assert (stored["status"], stored["last_synced_at"], stored["sync_started_at"]) == ("error", None, None)
    assert stored["status_message"] == result.message

    result = run(creator_gateway, account_id, replay.WORLDS[platform]())
    assert result.outcome == "synced"
    CHECKS[platform](account_rows(admin_conn, account_id))
    assert account(admin_conn, account_id)["status"] == "connected"


def test_numbers_the_database_refuses_roll_back_the_whole_sync(creator_gateway, admin_conn):
    account_id = connect(creator_gateway, "tiktok")
    page = replay.fixture("tiktok", "video_list_page_2.json")
    page["data"]["videos"][0]["view_count"] = -5
    world = replay.tiktok().override("POST", "open.tiktokapis.com/v2/video/list/", Reply(200, body=page),
                                     when=lambda r: json.loads(r.content or b"{}").get("cursor") is not None)
    result = run(creator_gateway, account_id, world)
    assert result.outcome == "error" and "Rejected by the database" in result.message
    assert all(rows == [] for rows in account_rows(admin_conn, account_id).values())


def test_a_quota_that_is_used_up_is_reported_without_retrying(creator_gateway, admin_conn):
    account_id = connect(creator_gateway, "youtube")
    world = replay.youtube().override("GET", "www.googleapis.com/youtube/v3/videos", Reply(403, "error_quota_exceeded.json"))
    result = run(creator_gateway, account_id, world)
    assert result.outcome == "error" and "quota" in result.message and "midnight Pacific" in result.message
    assert len(world.calls("www.googleapis.com/youtube/v3/videos")) == 1


# -- around the sync ---------------------------------------------------------------------------------------------

def test_an_account_without_tokens_is_skipped_with_a_reason(creator_gateway, admin_conn):
    row = creator_gateway.insert("social_accounts", [{"creator_id": creator_gateway.person.id, "platform": "instagram",
                                                      "handle": "demo.account", "platform_account_id": "demo-1"}])[0]
    result = sync.sync_account(creator_gateway, SETTINGS, row["id"], now=NOW)
    assert result.outcome == "skipped" and "no connection" in result.message
    assert account(admin_conn, row["id"])["status"] == "connected"


def test_a_second_sync_of_the_same_account_is_refused_while_one_runs(creator_gateway):
    account_id = connect(creator_gateway, "twitch")
    creator_gateway.rpc("begin_sync", {"p_account_id": account_id})
    result = run(creator_gateway, account_id, replay.twitch())
    assert result.outcome == "skipped" and "already running" in result.message


def test_imported_numbers_are_kept_when_the_api_reports_the_same_day(creator_gateway, admin_conn):
    account_id = connect(creator_gateway, "tiktok")
    creator_gateway.insert("account_daily", [{"account_id": account_id, "creator_id": creator_gateway.person.id,
                                              "day": TODAY, "followers": 8000, "source": "import"}])
    assert run(creator_gateway, account_id, replay.tiktok()).outcome == "synced"
    today = day_row(account_rows(admin_conn, account_id), TODAY)
    assert (today["followers"], today["following"], today["source"]) == (8000, None, "import")


def test_sync_progress_reports_each_stage_in_order(creator_gateway):
    account_id = connect(creator_gateway, "instagram")
    seen = []
    result = run(creator_gateway, account_id, replay.instagram(), progress=lambda f, m: seen.append((f, m)))
    assert result.outcome == "synced"
    assert [m for _, m in seen] == [sync.STAGES[k][1] for k in
                                    ("start", "token", "profile", "posts", "insights", "daily", "audience", "saving", "done")]
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)


def test_another_creator_cannot_sync_or_write_into_an_account(pool, creator_gateway, admin_conn):
    account_id = connect(creator_gateway, "twitch")
    stranger = PostgresGateway(pool, new_creator(pool, "stranger"))
    from services.core.errors import NotFound
    with pytest.raises(NotFound):
        sync.sync_account(stranger, SETTINGS, account_id, now=NOW)
    from services.core.errors import PermissionDenied
    with pytest.raises(PermissionDenied):  # the sync's writer is not a person's to call at all
        stranger.rpc("apply_sync", {"p_account_id": account_id, "p_payload": {"account_daily": [
            {"day": "2026-11-20", "followers": 1}]}})
    assert account_rows(admin_conn, account_id)["account_daily"] == []


def test_numbers_for_a_community_the_sync_did_not_list_are_refused(creator_gateway, admin_conn):
    from services.core.errors import ValidationError
    account_id = connect(creator_gateway, "discord")
    with pytest.raises(ValidationError, match="community it did not list"):
        sync.sync_writer_for(creator_gateway).rpc("apply_sync", {"p_account_id": account_id, "p_payload": {
            "account_daily": [{"community": "999", "day": "2026-11-20", "followers": 5}]}})
    assert account_rows(admin_conn, account_id)["account_daily"] == []
