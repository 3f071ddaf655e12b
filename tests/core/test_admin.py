"""The operator CLI, run as operators run it: `python -m services.admin …` in a subprocess, pointed at a
temporary data folder through PORTAL_DATA_DIR, so it starts its own embedded server there."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from services.core.db import migrations
from services.core.db.embedded import EmbeddedPostgres

ROOT = Path(__file__).resolve().parents[2]
TABLES = ("profiles", "identities", "brands", "invitations", "creator_partners", "social_accounts",
          "account_daily", "posts", "post_metrics", "audience_breakdowns")


def admin(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "services.admin", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def _env(data_dir: Path, secrets_file: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env.update(PORTAL_DATA_DIR=str(data_dir), PORTAL_SECRETS_FILE=str(secrets_file))
    return env


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("admin-data")
    yield path
    EmbeddedPostgres(path / "postgres").stop()


@pytest.fixture(scope="module")
def env(data_dir):
    return _env(data_dir, data_dir / "no-secrets.toml")


def _url(env) -> str:
    result = admin(env, "db-url")
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _counts(url) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"select count(*) from public.{t}").fetchone()[0] for t in TABLES}


def _one_line_error(result) -> str:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_migrate_applies_every_file_once_then_has_nothing_to_apply(env, data_dir):
    first = admin(env, "migrate")
    assert first.returncode == 0, first.stderr
    for migration in migrations.discover():
        assert f"applied {migration.path.name}" in first.stdout
    second = admin(env, "migrate")
    assert second.returncode == 0, second.stderr
    assert "nothing to apply" in second.stdout.lower()
    assert "applied 2" not in second.stdout
    assert EmbeddedPostgres(data_dir / "postgres").is_running()  # left running for the app and psql


def test_db_url_prints_a_url_psycopg_can_use(env):
    result = admin(env, "db-url")
    assert result.returncode == 0, result.stderr
    url = result.stdout.strip()
    assert url.startswith("postgresql://") and len(result.stdout.splitlines()) == 1
    with psycopg.connect(url) as conn:
        assert conn.execute("select 1").fetchone() == (1,)


def test_seed_demo_reports_what_it_created(env):
    result = admin(env, "seed-demo", "--days", "30")
    assert result.returncode == 0, result.stderr
    assert "Seeded the demo workspace" in result.stdout
    assert "post_metrics" in result.stdout and "profiles" in result.stdout
    counts = _counts(_url(env))
    # services/demo/people.py: 4 creators and 3 brand partners; accounts 2 (Maya) + 3 (Leo) + 2 (Amira) + 2 (Noura)
    assert counts["profiles"] == 7 and counts["creator_partners"] == 4
    assert counts["account_daily"] == 9 * 30
    assert counts["posts"] > 0 and counts["post_metrics"] > 0


def test_seed_demo_rejects_a_negative_count(env):
    assert "--creators" in _one_line_error(admin(env, "seed-demo", "--creators", "-1"))


def test_backup_then_restore_brings_back_every_row(env, tmp_path):
    url = _url(env)
    before = _counts(url)
    dump = tmp_path / "portal.dump"
    result = admin(env, "backup", str(dump))
    assert result.returncode == 0, result.stderr
    assert str(dump) in result.stdout and dump.stat().st_size > 0
    assert dump.read_bytes().startswith(b"PGDMP")

    with psycopg.connect(url) as conn:
        conn.execute("delete from public.post_metrics")
        conn.execute("delete from public.account_daily")
    assert _counts(url)["post_metrics"] == 0

    result = admin(env, "restore", str(dump))
    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout
    assert _counts(url) == before


def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(env, tmp_path):
    url = _url(env)
    before = _counts(url)
    not_a_dump = tmp_path / "notes.txt"
    not_a_dump.write_text("select 1;\n")
    assert "not a backup" in _one_line_error(admin(env, "restore", str(not_a_dump)))
    assert "not found" in _one_line_error(admin(env, "restore", str(tmp_path / "missing.dump")))
    assert _counts(url) == before


def test_backup_into_a_missing_folder_fails_with_one_line(env, tmp_path):
    assert "does not exist" in _one_line_error(admin(env, "backup", str(tmp_path / "nowhere" / "x.dump")))


@pytest.mark.parametrize("content, names", [
    ("[database\nurl = 'postgresql://x'\n", "not valid TOML"),
    ("[database]\nurl = 'mysql://root@localhost/portal'\n", "[database] url"),
])
def test_a_malformed_secrets_file_stops_every_command_with_a_message_naming_the_setting(tmp_path, content, names):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(content)
    env = _env(tmp_path / "data", secrets)
    for command in (["migrate"], ["db-url"], ["backup", str(tmp_path / "x.dump")]):
        assert names in _one_line_error(admin(env, *command))
    assert not (tmp_path / "data").exists()  # nothing was started


def test_an_unreachable_database_url_fails_with_one_line(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[database]\nurl = 'postgresql://nobody@127.0.0.1:9/portal?connect_timeout=2'\n")
    message = _one_line_error(admin(_env(tmp_path / "data", secrets), "migrate"))
    assert "127.0.0.1" in message or "connect" in message.lower()


def test_stop_stops_the_embedded_database_and_says_so(tmp_path):
    env = _env(tmp_path, tmp_path / "no-secrets.toml")
    server = EmbeddedPostgres(tmp_path / "postgres")
    try:
        _url(env)  # starts it
        assert server.is_running()
        result = admin(env, "stop")
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"Stopped the embedded PostgreSQL in {server.data_dir}."
        assert not server.is_running()
        again = admin(env, "stop")
        assert again.stdout.strip() == f"The embedded PostgreSQL in {server.data_dir} is not running."
    finally:
        server.stop()


def test_stop_with_an_external_database_stops_nothing(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[database]\nurl = "postgresql://portal:secret@db.example.com:5432/portal"\n')
    result = admin(_env(tmp_path, secrets), "stop")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("Nothing to stop: the portal uses PostgreSQL portal on db.example.com:5432, "
                                     "which it does not run.")
    assert not (tmp_path / "postgres").exists()


def _open_and_exit(env) -> subprocess.CompletedProcess:
    code = ("from services.core.backend import database_admin_url; from services.core.config import load_settings; "
            "database_admin_url(load_settings(), stop_on_exit=True)")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_portal_stops_on_exit_the_database_it_started_and_only_that_one(tmp_path):
    env = _env(tmp_path, tmp_path / "no-secrets.toml")
    server = EmbeddedPostgres(tmp_path / "postgres")
    try:
        result = _open_and_exit(env)
        assert result.returncode == 0, result.stderr
        assert (server.data_dir / "PG_VERSION").exists() and not server.is_running(), "started here, stopped at exit"
        _url(env)  # an operator starts it
        assert _open_and_exit(env).returncode == 0
        assert server.is_running(), "found running: left running"
    finally:
        server.stop()


def test_reference_rates_are_previewed_then_stored_all_or_nothing(env, tmp_path):
    fixture = ROOT / "tests" / "payouts" / "fixtures" / "reference_rates" / "boe_bank_rate_history.csv"

    def stored() -> list[tuple]:
        with psycopg.connect(_url(env)) as conn:
            return conn.execute("select effective::text, rate::text from public.reference_rates "
                                "where name = 'boe_base' order by effective").fetchall()

    preview = admin(env, "reference-rates", str(fixture))
    assert preview.returncode == 0, preview.stderr
    assert "6 rate changes of boe_base, 2024-08-01 to 2026-12-18" in preview.stdout
    assert "new      2026-12-18  3.50 %" in preview.stdout and "Nothing stored" in preview.stdout
    assert stored() == []
    bad = tmp_path / "bank-rate.csv"
    bad.write_text(fixture.read_text().replace("06 Feb 25,4.50", "06 Feb 25,four"))
    assert 'bank-rate.csv, line 5, column "Rate": "four" is not a rate' in _one_line_error(
        admin(env, "reference-rates", str(bad), "--apply"))
    assert stored() == []
    applied = admin(env, "reference-rates", str(fixture), "--apply")
    assert applied.returncode == 0, applied.stderr
    assert "Stored: 6 new, 0 changed, 0 already stored." in applied.stdout
    assert stored() == [("2024-08-01", "5.00"), ("2024-11-07", "4.75"), ("2025-02-06", "4.50"),
                        ("2025-05-08", "4.25"), ("2025-08-07", "4.00"), ("2026-12-18", "3.50")]

    by_hand = admin(env, "reference-rates", "--set", "de_basiszins", "2026-07-01", "1.27", "--source",
                    "Deutsche Bundesbank, Basiszinssatz", "--apply")
    assert by_hand.returncode == 0, by_hand.stderr
    assert "Stored: 1 new, 0 changed, 0 already stored." in by_hand.stdout
