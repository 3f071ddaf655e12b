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


@dataclass(frozen=True)
class BrandCode:
    """One of a brand's promo codes as its sales page lists it."""
    id: str
    code: str
    campaign: str
    creator_name: str | None
    revoked: bool
    orders: int
    revenue: dict[str, Decimal]
    sources: tuple[str, ...]
    last_day: dt.date | None


def my_brands(gw: Gateway) -> list[dict]:
    """The brands the signed-in brand partner belongs to: [{id, name}], by name."""
    ids = sorted({r["brand_id"] for r in gw.select("brand_memberships", columns=["brand_id"],
                                                   filters=[eq("profile_id", gw.person.id)])})
    if not ids:
        return []
    from services.core.db.gateway import Filter
    return sorted(gw.select("brands", columns=["id", "name"], filters=[Filter("id", "in", ids)]),
                  key=lambda b: b["name"].lower())


def brand_codes(gw: Gateway, brand_id: str) -> list[BrandCode]:
    """The brand's promo codes with their sales so far, newest first."""
    from services.core.db.gateway import Filter
    from services.core.values import as_date
    codes = gw.select("promo_codes", filters=[eq("brand_id", brand_id)], order=[("created_at", True)])
    if not codes:
        return []
    offers = {o["id"]: o for o in gw.select("offers", columns=["id", "campaign", "creator_id"],
                                            filters=[Filter("id", "in", sorted({c["offer_id"] for c in codes}))])}
    people = {p["id"]: p["display_name"] for p in gw.select(
        "profiles", columns=["id", "display_name"],
        filters=[Filter("id", "in", sorted({c["creator_id"] for c in codes}))])}
    sales: dict[str, list[dict]] = {}
    for s in gw.select("promo_redemptions", columns=["promo_code_id", "day", "orders", "revenue", "currency", "source"],
                       filters=[Filter("promo_code_id", "in", [c["id"] for c in codes])]):
        sales.setdefault(s["promo_code_id"], []).append(s)
    out = []
    for c in codes:
        mine = sales.get(c["id"], [])
        revenue: dict[str, Decimal] = {}
        for s in mine:
            currency = str(s["currency"]).strip()
            revenue[currency] = revenue.get(currency, Decimal(0)) + as_decimal(s["revenue"])
        out.append(BrandCode(c["id"], c["code"], (offers.get(c["offer_id"]) or {}).get("campaign", ""),
                             people.get(c["creator_id"]), c.get("revoked_at") is not None,
                             sum(int(s["orders"]) for s in mine), revenue,
                             tuple(dict.fromkeys(s["source"] for s in mine)),
                             max((as_date(s["day"]) for s in mine), default=None)))
    return out


def currencies(gw: Gateway) -> dict[str, int]:
    """ISO code → minor units, for the sales forms."""
    return {r["code"].strip(): int(r["minor_units"]) for r in gw.select("currencies", columns=["code", "minor_units"],
                                                                       order=[("code", False)])}
