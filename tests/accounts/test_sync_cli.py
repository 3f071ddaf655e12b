"""`python -m services.sync` for a scheduler: one log line per account, demo accounts without tokens
skipped with a reason, exit status 1 when any account failed, 2 when it cannot run at all.

Runs on its own database in the session's server, so that other tests' accounts are not synced."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import uuid

import httpx
import psycopg
import pytest

from services.accounts import sync
from services.core.db.postgres import PostgresGateway, make_pool
from tests.support import platform_replay as replay
from tests.support.browser import ROOT
from tests.support.connections import KEY, connect, new_creator
from tests.support.platform_replay import Reply
from tests.support.databases import fresh_database

LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (synced|skipped|needs_reauth|error)\s+(\w+)\s+(\S+) \(([0-9a-f-]{36})\) ")


@pytest.fixture(scope="module")
def cli_db(database):
    with fresh_database(database, "sync_cli") as url:
        pool = make_pool(url, max_size=2)
        yield url, pool
        pool.close()


def secrets_file(tmp_path, url: str, platforms=("twitch", "discord", "tiktok")) -> str:
    text = f'[database]\nurl = "{url}"\n\n[portal]\ntoken_encryption_key = "{KEY}"\n'
    for p in platforms:
        text += f'\n[platforms.{p}]\nclient_id = "{p}-client-id"\nclient_secret = "{p}-client-secret"\n'
    path = tmp_path / "secrets.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


class Platforms(httpx.BaseTransport):
    """One transport for every platform's replay, chosen by host."""

    def __init__(self, *worlds):
        self.worlds = worlds

    def handle_request(self, request):
        for world in self.worlds:
            if any(route.url.split("/", 1)[0] == request.url.host for route in world.routes):
                return world(request)
        return httpx.Response(404, json={})


def test_sync_all_prints_one_line_per_account_and_fails_when_one_needs_reauthorisation(cli_db, tmp_path, monkeypatch):
    url, pool = cli_db
    creator = PostgresGateway(pool, new_creator(pool, "cli"))
    demo = creator.insert("social_accounts", [{"creator_id": creator.person.id, "platform": "instagram",
                                               "handle": "demo.account", "platform_account_id": "demo-1"}])[0]
    twitch = connect(creator, "twitch")
    discord = connect(creator, "discord")
    other = PostgresGateway(pool, new_creator(pool, "cli-other"))
    tiktok = connect(other, "tiktok")
    monkeypatch.setenv("PORTAL_SECRETS_FILE", secrets_file(tmp_path, url))

    worlds = Platforms(replay.twitch(), replay.tiktok(),
                       replay.discord().override("GET", "discord.com/api/v10/users/@me", Reply(401, "error_unauthorized.json"))
                                       .override("POST", "discord.com/api/oauth2/token", Reply(400, "token_error_invalid_grant.json")))
    out, err = io.StringIO(), io.StringIO()
    status = sync.main(["--all"], out=out, err=err, transport=worlds, sleep=lambda s: None)
    assert err.getvalue() == ""
    lines = out.getvalue().splitlines()
    accounts = {m.group(4): m.group(1) for m in map(LINE.match, lines[:-1])}
    assert accounts == {demo["id"]: "skipped", twitch: "synced", discord: "needs_reauth", tiktok: "synced"}
    assert "no connection to sync (a demo or imported account)" in next(l for l in lines if demo["id"] in l)
    assert lines[-1] == "4 accounts: 2 synced, 1 skipped, 1 failed."
    assert status == 1

    # each creator's rows were written as that creator
    with psycopg.connect(url) as conn:
        owners = conn.execute("select distinct a.creator_id::text from public.account_daily d "
                              "join public.social_accounts a on a.id = d.account_id").fetchall()
    assert {o[0] for o in owners} == {creator.person.id, other.person.id}

    out = io.StringIO()
    assert sync.main(["--account", twitch], out=out, err=err, transport=worlds, sleep=lambda s: None) == 0
    assert len(out.getvalue().splitlines()) == 2 and " synced " in out.getvalue()


def test_the_command_runs_under_a_scheduler_with_exit_codes(cli_db, tmp_path):
    """The real `python -m services.sync` process: no platform is reached (the account whose platform is
    not configured fails before any request), so this runs without network."""
    url, pool = cli_db
    creator = PostgresGateway(pool, new_creator(pool, "scheduler"))
    demo = creator.insert("social_accounts", [{"creator_id": creator.person.id, "platform": "youtube",
                                               "handle": "demo.channel", "platform_account_id": f"demo-{uuid.uuid4().hex[:6]}"}])[0]
    reddit = connect(creator, "reddit")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "STREAMLIT_"))}
    env["PORTAL_SECRETS_FILE"] = secrets_file(tmp_path, url, platforms=("twitch",))

    def run(*args):
        return subprocess.run([sys.executable, "-m", "services.sync", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120)

    done = run("--account", demo["id"])
    assert done.returncode == 0, done.stderr
    assert LINE.match(done.stdout.splitlines()[0]).group(1) == "skipped"

    failed = run("--account", reddit, "--account", demo["id"])
    assert failed.returncode == 1, failed.stderr
    line = next(l for l in failed.stdout.splitlines() if reddit in l)
    assert LINE.match(line).group(1) == "error" and "[platforms.reddit] is not configured" in line

    unknown = run("--account", str(uuid.uuid4()))
    assert unknown.returncode == 2 and unknown.stderr.startswith("error: No account to sync with id")

    usage = run()
    assert usage.returncode == 2 and "one of the arguments --all --account --requested --rotate-keys is required" in usage.stderr


def test_a_supabase_portal_without_the_service_key_says_which_setting_the_sync_needs(tmp_path, monkeypatch):
    path = tmp_path / "secrets.toml"
    path.write_text('[supabase]\nurl = "https://abcd.supabase.co"\nanon_key = "k"\n', encoding="utf-8")
    monkeypatch.setenv("PORTAL_SECRETS_FILE", str(path))
    err = io.StringIO()
    assert sync.main(["--all"], out=io.StringIO(), err=err) == 2
    assert "[supabase] service_role_key" in err.getvalue() and "Traceback" not in err.getvalue()
