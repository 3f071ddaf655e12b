"""Importing a shop file's promo-code sales for a brand: the same call first as a dry run (what it would create,
update or leave, and which codes belong to no offer), then for real. One call, one transaction: all of the file or
nothing; the same file (SHA-256) twice changes nothing."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from services.core.db.gateway import Gateway, eq
from services.core.values import as_datetime, as_decimal
from services.links.shop_files import ShopFile


@dataclass(frozen=True)
class CodeTotal:
    code: str
    orders: int
    revenue: Decimal
    currency: str
    days: int


@dataclass(frozen=True)
class ImportOutcome:
    already_imported: bool
    imported_at: dt.datetime | None
    created: int
    updated: int
    unchanged: int
    unknown_codes: tuple[str, ...]   # in the file, but no offer of the brand has them: left out, never guessed
    codes: tuple[CodeTotal, ...]     # what the file brings per known code


def run(gw: Gateway, brand_id: str, shop_file: ShopFile, *, dry_run: bool = True) -> ImportOutcome:
    result = gw.rpc("import_promo_redemptions", {
        "p_brand_id": brand_id, "p_file_name": shop_file.file_name, "p_sha256": shop_file.sha256,
        "p_format": shop_file.format, "p_rows": [r.as_json() for r in shop_file.rows], "p_dry_run": dry_run})
    return ImportOutcome(
        bool(result.get("already_imported")), as_datetime(result.get("imported_at")), int(result.get("created") or 0),
        int(result.get("updated") or 0), int(result.get("unchanged") or 0),
        tuple(sorted(result.get("unknown_codes") or [])),
        tuple(CodeTotal(c["code"], int(c["orders"]), as_decimal(c["revenue"]), str(c["currency"]).strip(),
                        int(c["days"])) for c in result.get("codes") or []))


def history(gw: Gateway, brand_id: str, limit: int = 50) -> list[dict]:
    """The brand's imports, newest first: file, format, when, what changed, unknown codes."""
    return gw.select("promo_imports", columns=["id", "file_name", "file_format", "imported_at", "summary"],
                     filters=[eq("brand_id", brand_id)], order=[("imported_at", True)], limit=limit)
