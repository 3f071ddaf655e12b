"""Shared pieces for the connected-accounts tests: settings with an app registered on every platform,
a fresh creator per test, an account connected with known tokens, and a snapshot of an account's rows."""
from __future__ import annotations

import datetime as dt
import uuid

from cryptography.fernet import Fernet

from services.core.config import PLATFORMS, PlatformApp, Settings
from services.core.db.gateway import Person
from services.core.db.postgres import PostgresGateway
from services.accounts.token_crypto import TokenCipher

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
KEY = Fernet.generate_key().decode()
CIPHER = TokenCipher(KEY)


def settings_for(*, server_override: str | None = None, **extra) -> Settings:
    apps = tuple(PlatformApp(p, f"{p}-client-id", f"{p}-client-secret", server_override) for p in PLATFORMS)
    return Settings(backend="postgres", token_key=KEY, platform_apps=apps, public_url="https://portal.example.com",
                    **extra)


SETTINGS = settings_for()

# The tokens an account holds before a test starts, and whose account it is (as the fixtures say).
TOKENS = {
    "instagram": ("IGAAlongLivedEXAMPLEtoken0002", None, "17841405822304914", "maya.rewears"),
    "tiktok": ("act.1d1021d2aee3d41fee2d2add43456badMFZnrhFhfWotu3Ecuiuka27L56lr!2403",
               "rft.713d5c1e8a2b4c5d6e7f8a9b0c1d2e3fWDmj2V1Zb1S2hG0Qm!2403",
               "723f24d7-e717-40f8-a2b6-cb8464cd23b4", "mayarewears"),
    "youtube": ("ya29.a0AfB_byExampleAccessTokenForTests0001", "1//09ExampleRefreshTokenForTestsCgYIARAAGAkSNwF",
                "UCx4kE2bQmR8vZ1pT9nW3yJg", "@leoplaysindie"),
    "twitch": ("rfx2uswqe8l4g1mkagrvg5tv0ks3", "5b93chm6hdve3mycz05zfzatkfdenfspp1h1ar2xxdalen01", "141981764",
               "leoplaysindie"),
    "reddit": ("eyJhbGciOiJSUzI1NiIsImtpZCI6IlNIQTI1NjpzS3dsMnlsV0VtMjVmcXhwTU40cWY4MXE2OWFFdWFyMnpLMUdhVGxjdWNZIiwidHlwIjoiSldUIn0.exampleAccess",
               "184562094371-exampleRefreshTokenPermanent", "4x7k2m9", "u/leoplaysindie"),
    "discord": ("6qrZcUqja7812RVdnEKjpzOL4CvHBFG", "D43f5y0ahjqew82jZ4NViEr2YafMKhue", "80351110224678912",
                "leoplaysindie"),
}


def new_creator(pool, label: str = "creator") -> Person:
    person = Person(id=str(uuid.uuid4()), email=f"{label}-{uuid.uuid4().hex[:8]}@example.test")
    PostgresGateway(pool, person).rpc("ensure_profile", {"p_display_name": f"Test {label}", "p_email": person.email})
    return person


def connect(gateway, platform: str, *, expires_at: dt.datetime | None = None, with_refresh: bool = True) -> str:
    """An account of this platform connected with the TOKENS above; returns its id."""
    access, refresh, platform_id, handle = TOKENS[platform]
    row = gateway.rpc("connect_account", {
        "p_platform": platform, "p_platform_account_id": platform_id, "p_handle": handle,
        "p_access_token_encrypted": CIPHER.encrypt(access),
        "p_refresh_token_encrypted": CIPHER.encrypt(refresh) if with_refresh else None,
        "p_token_expires_at": expires_at or NOW + dt.timedelta(days=59),
        "p_refresh_token_expires_at": None, "p_scopes": None})
    return row["id"]


def account_rows(admin_conn, account_id: str) -> dict[str, list[dict]]:
    """Everything stored for an account and its communities, read past RLS, in a stable order."""
    ids = [str(account_id)] + [str(r["id"]) for r in admin_conn.execute(
        "select id from public.social_accounts where parent_account_id = %s", (account_id,)).fetchall()]
    q = lambda sql: [dict(r) for r in admin_conn.execute(sql.replace("any(%s)", "any(%s::uuid[])"), (ids,)).fetchall()]  # noqa: E731
    return {
        "communities": q("select platform_account_id, handle, status from public.social_accounts "
                         "where id = any(%s) and parent_account_id is not null order by platform_account_id"),
        "account_daily": q("select a.platform_account_id, d.day, d.followers, d.following, d.posts, d.reach, d.views, "
                           "d.likes, d.comments, d.shares, d.watch_minutes, d.followers_gained, d.followers_lost, "
                           "d.active_members, d.source from public.account_daily d join public.social_accounts a "
                           "on a.id = d.account_id where d.account_id = any(%s) order by 1, 2"),
        "posts": q("select platform_post_id, permalink, post_type, caption, posted_at, source from public.posts "
                   "where account_id = any(%s) order by platform_post_id"),
        "post_metrics": q("select p.platform_post_id, m.captured_at, m.views, m.reach, m.likes, m.comments, m.shares, "
                          "m.saves, m.source from public.post_metrics m join public.posts p on p.id = m.post_id "
                          "where p.account_id = any(%s) order by 1, 2"),
        "audience_breakdowns": q("select as_of, dimension, bucket, share, source from public.audience_breakdowns "
                                 "where account_id = any(%s) order by 1, 2, 3"),
    }


def account(admin_conn, account_id: str) -> dict:
    return dict(admin_conn.execute("select * from public.social_accounts where id = %s", (account_id,)).fetchone())
