"""`python -m services.imports PATH --account ID [--dry-run] [--json]` against the test database."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from services.core.db.gateway import Person
from services.core.db.postgres import PostgresGateway
from services.accounts.imports.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "accounts" / "fixtures" / "exports"


@pytest.fixture
def cli_env(admin_url, monkeypatch, tmp_path):
    """The CLI reads the database from the environment, never from a developer's secrets file."""
    env = {"PORTAL_DATABASE_URL": admin_url, "PORTAL_SECRETS_FILE": str(tmp_path / "no-secrets.toml")}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


@pytest.fixture
def creator(pool) -> Person:
    person = Person(id=str(uuid.uuid4()))
    PostgresGateway(pool, person).rpc("ensure_profile", {"p_display_name": "CLI Creator"})
    return person


def account(pool, creator: Person, platform: str, handle: str) -> str:
    return PostgresGateway(pool, creator).insert("social_accounts", [{
        "creator_id": creator.id, "platform": platform, "handle": handle,
        "platform_account_id": f"import:{handle}"}])[0]["id"]


def stored(admin_conn, creator: Person) -> dict[str, int]:
    return {t: admin_conn.execute(f"select count(*) as n from public.{t} where creator_id = %s",
                                  (creator.id,)).fetchone()["n"]
            for t in ("social_accounts", "account_daily", "posts", "post_metrics", "audience_breakdowns",
                      "follower_activity", "imports")}


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


CASES = {
    "meta/instagram_posts.csv": ("instagram", "2026-09-02", "meta_instagram_posts", 5, "2026-03-01", "2026-03-10",
                                 {"Views": 44235, "Reach": 32655, "Likes": 3245, "Shares": 427, "Follows": 171,
                                  "Comments": 262, "Saves": 1336}),
    "meta/instagram_reach.csv": ("instagram", "2026-09-02", "meta_instagram_metric", 7, "2026-03-01", "2026-03-07",
                                 {"Instagram reach": 11982}),
    "tiktok/Overview.csv": ("tiktok", "2026-01-04", "tiktok_overview", 7, "2025-12-28", "2026-01-03",
                            {"Video Views": 55424, "Profile Views": 575, "Likes": 582, "Comments": 7, "Shares": 37}),
    "tiktok/FollowerHistory.xlsx": ("tiktok", "2026-01-04", "tiktok_follower_history", 7, "2025-08-25", "2025-08-31",
                                    {"Followers": 69018, "Difference in followers from previous day": 162}),
    "youtube/Table data.csv": ("youtube", "2026-09-02", "youtube_table_data", 3, "2026-07-28", "2026-08-05",
                               {"Views": 5690, "Watch time (hours)": 210.4861, "Subscribers": 37, "Likes": 402,
                                "Comments added": 58, "Shares": 41, "Impressions": 98210}),
    "youtube/Content 2026-08-01_2026-08-07 Maya Makes.zip": (
        "youtube", "2026-09-02", "youtube_studio_export", 31, "2026-07-28", "2026-08-07",
        {"Table data.csv: Views": 5690, "Table data.csv: Watch time (hours)": 210.4861,
         "Table data.csv: Subscribers": 37, "Table data.csv: Likes": 402, "Table data.csv: Comments added": 58,
         "Table data.csv: Shares": 41, "Table data.csv: Impressions": 98210, "Chart data.csv: Views": 5690,
         "Totals.csv: Views": 5690}),
}


@pytest.mark.parametrize("path", list(CASES))
def test_json_reports_format_rows_dates_and_the_sum_of_each_metric_column(cli_env, capsys, pool, creator, path):
    platform, downloaded_on, fmt, rows, first, last, sums = CASES[path]
    account_id = account(pool, creator, platform, f"maya.makes.{uuid.uuid4().hex[:6]}")
    code, out, err = run_cli(capsys, FIXTURES / path, "--account", account_id, "--json", "--downloaded-on",
                             downloaded_on)
    assert (code, err) == (0, "")
    assert len(out.strip().splitlines()) == 1, "one JSON object on one line"
    report = json.loads(out)
    assert (report["format"], report["rows"], report["first_date"], report["last_date"]) == (fmt, rows, first, last)
    assert report["sums"] == sums
    assert report["account_id"] == account_id and report["dry_run"] is False and report["already_imported"] is False
    assert sum(c["created"] for c in report["tables"].values()) > 0


def test_dry_run_writes_nothing_and_a_second_import_changes_nothing(cli_env, capsys, pool, admin_conn, creator):
    account_id = account(pool, creator, "tiktok", "maya.tt")
    overview = FIXTURES / "tiktok/Overview.csv"
    code, out, _ = run_cli(capsys, overview, "--account", account_id, "--dry-run", "--downloaded-on", "2026-01-04")
    assert code == 0 and "Dry run: nothing was written." in out and "7 new" in out
    assert stored(admin_conn, creator)["account_daily"] == 0

    code, out, _ = run_cli(capsys, overview, "--account", account_id, "--downloaded-on", "2026-01-04")
    assert code == 0 and "Imported into @maya.tt." in out
    assert "TikTok's dates have no year: assumed the rows run up to January 3, 2026" in out
    after_first = stored(admin_conn, creator)

    code, out, _ = run_cli(capsys, overview, "--account", account_id, "--downloaded-on", "2026-01-04", "--json")
    assert code == 0 and json.loads(out)["already_imported"] is True
    assert stored(admin_conn, creator) == after_first


def test_creator_option_adds_the_account_the_file_names(cli_env, capsys, admin_conn, creator):
    code, out, _ = run_cli(capsys, FIXTURES / "meta/instagram_posts.csv", "--creator", creator.id, "--json",
                           "--downloaded-on", "2026-09-02")
    report = json.loads(out)
    assert code == 0 and report["account_created"] is True
    row = admin_conn.execute("select handle, platform_account_id, status from public.social_accounts where id = %s",
                             (report["account_id"],)).fetchone()
    assert (row["handle"], row["platform_account_id"], row["status"]) == ("maya.makes", "17841400000000001", "imported")

    code, _, err = run_cli(capsys, FIXTURES / "tiktok/Overview.csv", "--creator", creator.id)
    assert code == 1 and err == "error: This TikTok file does not name its account: give the new account's handle " \
                                "with --handle.\n"


MALFORMED = {
    "malformed/truncated_posts.csv": "Row 4: a quoted value is never closed: the file looks cut short",
    "malformed/impossible_publish_time.csv": 'Row 3, column Publish time: "02/30/2026 09:05" is not a real date',
    "malformed/negative_likes_overview.csv": "Row 4, column Likes: -12 is negative",
    "malformed/missing_column_overview.csv": "Row 1, column Profile Views: missing",
    "malformed/impossible_day_history.csv": 'Row 4, column Date: "February 30" is not a real date',
    "malformed/non_numeric_views_table_data.csv": 'Row 4, column Views: "lots" is not a whole number',
    "malformed/screenshot.png": "Row 1: this is not a CSV or XLSX export: it is a PNG image",
}


@pytest.mark.parametrize("path", list(MALFORMED))
def test_a_bad_file_exits_non_zero_with_one_line_naming_row_and_column(cli_env, capsys, pool, admin_conn, creator,
                                                                       path):
    account_id = account(pool, creator, "tiktok", "maya.tt")
    before = stored(admin_conn, creator)
    code, out, err = run_cli(capsys, FIXTURES / path, "--account", account_id, "--json")
    assert code == 1 and out == ""
    assert err.startswith(f"error: {MALFORMED[path]}") and err.count("\n") == 1
    assert stored(admin_conn, creator) == before


def test_wrong_account_or_platform_exits_non_zero(cli_env, capsys, pool, creator):
    code, _, err = run_cli(capsys, FIXTURES / "tiktok/Overview.csv", "--account", str(uuid.uuid4()))
    assert code == 1 and err.startswith("error: There is no account ")
    insta = account(pool, creator, "instagram", "maya.makes")
    code, _, err = run_cli(capsys, FIXTURES / "tiktok/Overview.csv", "--account", insta)
    assert (code, err) == (1, "error: This is a TikTok export, but @maya.makes is an account on Instagram.\n")
    code, _, err = run_cli(capsys, FIXTURES / "nope.csv", "--account", insta)
    assert code == 1 and err.startswith("error: File not found:")


def test_it_runs_as_a_module(cli_env, pool, creator):
    """The real entry point, as a scheduler or an operator would call it."""
    account_id = account(pool, creator, "youtube", "maya.yt")
    env = {**os.environ, **cli_env}
    done = subprocess.run([sys.executable, "-m", "services.imports", str(FIXTURES / "youtube/Totals.csv"),
                           "--account", account_id, "--json"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sums"] == {"Views": 5690}
    bad = subprocess.run([sys.executable, "-m", "services.imports", str(FIXTURES / "malformed/screenshot.png"),
                          "--account", account_id], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr.strip().splitlines() == ["error: Row 1: this is not a CSV or XLSX export: it is a PNG image"]
