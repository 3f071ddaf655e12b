"""A creator's connected accounts, as the Accounts page shows them, and disconnecting one."""
from __future__ import annotations

from dataclasses import dataclass

import httpx

from services.accounts.connectors import CONNECTORS, connector_for
from services.accounts.connectors.base import PlatformError, TokenSet, parse_time
from services.core.db.gateway import Gateway, eq
from services.core.errors import DomainError, NotFound
from services.accounts.token_crypto import cipher_for

COLUMNS = ["id", "platform", "handle", "platform_account_id", "status", "status_message", "last_synced_at",
           "token_expires_at", "refresh_token_expires_at", "connected_at", "parent_account_id", "created_at",
           "next_sync_at"]
PLATFORM_ORDER = list(CONNECTORS)


def list_accounts(gw: Gateway) -> list[dict]:
    """Every account of the signed-in creator, connection rows first with their communities after them;
    each row says whether it holds a connection (`connected`) but never carries the tokens."""
    rows = gw.select("social_accounts", columns=COLUMNS + ["access_token_encrypted"],
                     filters=[eq("creator_id", gw.person.id)])
    for row in rows:
        row["has_connection"] = row.pop("access_token_encrypted") is not None
    rows.sort(key=lambda r: (PLATFORM_ORDER.index(r["platform"]) if r["platform"] in PLATFORM_ORDER else 99,
                             r["handle"].lower()))
    by_parent: dict[str | None, list[dict]] = {}
    for row in rows:
        by_parent.setdefault(row["parent_account_id"], []).append(row)
    ordered = []
    for row in by_parent.get(None, []):
        ordered.append(row)
        ordered.extend(by_parent.get(row["id"], []))
    return ordered


def platform_enabled(settings, platform: str) -> bool:
    """This portal has an app registered with the platform (and a key to store its tokens), so accounts on it
    can be connected and synced."""
    return settings.platform_app(platform) is not None and bool(settings.token_key)


def shown_status(row: dict, enabled: bool) -> str:
    """The status the Accounts page shows, which must not contradict what the portal can do with the account:
    on a platform without an app here nothing syncs, whatever was stored before ("not_enabled"); an account
    stored as connected that holds no tokens (a demo account, say) is "not_connected". Otherwise the stored
    status: connected, needs_reauth, syncing, error, imported or disconnected."""
    if not enabled:
        return "not_enabled"
    if not row["has_connection"] and row["status"] in ("connected", "syncing"):
        return "not_connected"
    return row["status"]


@dataclass(frozen=True)
class Disconnected:
    account: dict
    revoked_at_platform: bool
    note: str | None = None


def disconnect(gw: Gateway, settings, account_id: str, *, transport: httpx.BaseTransport | None = None) -> Disconnected:
    """Revoke the token at the platform where it offers a way, then delete it here. A failed revocation
    does not keep the tokens: they are deleted anyway, and the note says what to do at the platform."""
    rows = gw.select("social_accounts", filters=[eq("id", account_id)])
    if not rows:
        raise NotFound("That account is not one of yours.")
    row = rows[0]
    connector = connector_for(row["platform"])
    revoked, note = False, None
    app = settings.platform_app(row["platform"])
    if row.get("access_token_encrypted") and app is not None and settings.token_key:
        try:
            cipher = cipher_for(settings)
            tokens = TokenSet(cipher.decrypt(row["access_token_encrypted"]),
                              cipher.decrypt(row.get("refresh_token_encrypted")),
                              parse_time(row.get("token_expires_at")))
            revoked = connector.revoke(app, tokens, transport)
        except (PlatformError, DomainError, httpx.HTTPError) as exc:
            note = f"{connector.name} could not be told to revoke the access ({exc})."
    if not revoked and note is None and row.get("access_token_encrypted"):
        if connector.revoke_url and app is None:
            note = (f"{connector.name} is not enabled on this portal, so it could not be asked to revoke the access: "
                    f"remove the app in your {connector.name} settings if you also want it gone there.")
        else:
            note = (f"{connector.name} offers no way to revoke access from here: remove the app in your "
                    f"{connector.name} settings if you also want it gone there.")
    account = gw.rpc("disconnect_account", {"p_account_id": account_id})
    return Disconnected({k: v for k, v in account.items() if not k.endswith("_encrypted")}, revoked, note)
