"""Writing an ExportFile into one of the signed-in creator's accounts.

All or nothing: the whole file goes to the database in ONE call of public.import_platform_export(),
which runs in one transaction on both gateways (PostgresGateway wraps each call in a transaction;
PostgREST runs each RPC request in one). A failure anywhere (a constraint, RLS, a lost connection)
rolls back every row, the new account and the log entry together. The same function with
p_dry_run counts what would be created, updated or left unchanged, for the preview."""
from __future__ import annotations

import re

from dataclasses import dataclass, field

from services.core.db.gateway import Gateway, eq
from services.core.errors import NotFound, ValidationError
from services.accounts.imports.reader import PLATFORM_NAMES, ExportFile

TABLE_LABELS = {"account_daily": "days of account numbers", "posts": "posts", "post_metrics": "post snapshots",
                "audience_breakdowns": "audience shares", "follower_activity": "hours of follower activity"}


@dataclass(frozen=True)
class NewAccount:
    """An account to create (status 'imported') in the same transaction as the import."""

    platform: str
    handle: str
    platform_account_id: str | None = None

    def as_json(self) -> dict:
        return {"platform": self.platform, "handle": self.handle.strip().lstrip("@"),
                "platform_account_id": self.platform_account_id}


@dataclass
class ImportOutcome:
    account_id: str | None
    account_created: bool
    already_imported: bool
    dry_run: bool
    imported_at: str | None = None
    import_id: str | None = None
    tables: dict[str, dict[str, int]] = field(default_factory=dict)

    def total(self, what: str) -> int:
        return sum(counts.get(what, 0) for counts in self.tables.values())

    def as_json(self) -> dict:
        return {"account_id": self.account_id, "account_created": self.account_created,
                "already_imported": self.already_imported, "dry_run": self.dry_run, "imported_at": self.imported_at,
                "import_id": self.import_id, "tables": self.tables}


def accounts(gw: Gateway, platform: str | None = None) -> list[dict]:
    """The signed-in creator's accounts (on one platform), for choosing where to import."""
    filters = [eq("creator_id", gw.person.id)]
    if platform:
        filters.append(eq("platform", platform))
    return gw.select("social_accounts", columns=["id", "platform", "handle", "platform_account_id", "status"],
                     filters=filters, order=[("platform", False), ("handle", False)])


def suggested_new_account(export: ExportFile) -> NewAccount:
    hint = export.account_hint
    return NewAccount(export.platform, hint.get("handle", ""), hint.get("platform_account_id"))


def check_account(gw: Gateway, export: ExportFile, account_id: str) -> dict:
    """The chosen account, with friendly messages before the database's own checks."""
    rows = gw.select("social_accounts", columns=["id", "platform", "handle", "platform_account_id"],
                     filters=[eq("id", account_id)])
    if not rows:
        raise NotFound("Account {account_id} is not one of your accounts.", account_id=account_id)
    account = rows[0]
    if account["platform"] != export.platform:
        theirs = PLATFORM_NAMES.get(account["platform"], account["platform"].capitalize())
        raise ValidationError("This is a {platform_name} export, but @{handle} is an account on {theirs}.",
                              platform_name=export.platform_name, handle=account['handle'], theirs=theirs)
    hint = export.account_hint
    if hint.get("platform_account_id") and not account["platform_account_id"].startswith("import:") \
            and account["platform_account_id"] != hint["platform_account_id"] \
            and account["handle"].lower().lstrip("@") != hint.get("handle", "").lower():
        raise ValidationError("This file is the export of @{value} (account {platform_account_id}), not of @{handle}: choose that account or add it.", value=hint.get('handle'), platform_account_id=hint['platform_account_id'], handle=account['handle'])
    channel = export.channel_name
    if channel and not _same_name(channel, account["handle"]):
        raise ValidationError('This file is the export of the YouTube channel "{channel}", not of @{value}: choose that channel\'s account or add it.', channel=channel, value=account['handle'].lstrip('@'))
    return account


def _same_name(channel: str, handle: str) -> bool:
    """"Leo Plays Indie" and @LeoPlaysIndie are one channel: letters and digits only, either containing the other."""
    a, b = (re.sub(r"[\W_]+", "", x).lower() for x in (channel, handle))
    return bool(a and b) and (a in b or b in a)


def run(gw: Gateway, export: ExportFile, *, account_id: str | None = None, new_account: NewAccount | None = None,
        dry_run: bool = False) -> ImportOutcome:
    """Import (or, with dry_run, count what importing would do) in one database call."""
    if bool(account_id) == bool(new_account):
        raise ValidationError("Choose one account to import into, or name a new one.")
    if account_id:
        check_account(gw, export, account_id)
    elif not new_account.handle.strip().lstrip("@"):
        raise ValidationError("Give the new account a handle, like @yourname.")
    elif new_account.platform != export.platform:
        raise ValidationError("This is a {platform_name} export: the new account must be on {platform_name}.",
                              platform_name=export.platform_name)
    result = gw.rpc("import_platform_export", {
        "p_account_id": account_id, "p_file_name": export.file_name, "p_file_sha256": export.sha256,
        "p_format": export.format, "p_payload": export.payload(),
        "p_new_account": new_account.as_json() if new_account else None, "p_dry_run": dry_run})
    return ImportOutcome(account_id=result.get("account_id"), account_created=bool(result.get("account_created")),
                         already_imported=bool(result.get("already_imported")), dry_run=dry_run,
                         imported_at=result.get("imported_at"), import_id=result.get("import_id"),
                         tables={k: {n: int(v) for n, v in counts.items()}
                                 for k, counts in (result.get("tables") or {}).items()})


def history(gw: Gateway, account_id: str | None = None, limit: int = 20) -> list[dict]:
    """The creator's latest imports, newest first."""
    filters = [eq("creator_id", gw.person.id)]
    if account_id:
        filters.append(eq("account_id", account_id))
    return gw.select("imports", columns=["id", "account_id", "file_name", "format", "rows_read", "first_day",
                                         "last_day", "imported_at"],
                     filters=filters, order=[("imported_at", True)], limit=limit)
