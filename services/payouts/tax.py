"""Tax profiles, the tax determination of an invoice and statutory late interest, all driven by the data in
services/payouts/tax_rules.json (one entry per seller country, each rule with its source quoted). There is no
per-country code path here: a scenario (domestic, intra_union_b2b, export, small_business, not_registered,
no_vat) is picked from the two parties' countries and statuses, and the seller country's entry for it gives the
rate, whether VAT is charged, the wording and its source.

Tax ids are checked offline with python-stdnum (format and check digits); for countries python-stdnum does not
cover (UAE TRN, Saudi VAT number) the rules file gives a pattern. Nothing here calls a network service."""
from __future__ import annotations

import datetime as dt
import importlib
import json
import re
from dataclasses import asdict, dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from services.core.db.gateway import Gateway, eq
from services.core.errors import ValidationError
from services.core.money import round_to

RULES_FILE = Path(__file__).resolve().parent / "tax_rules.json"
US_FORMS = ("W-9", "W-8BEN", "W-8BEN-E")
EU_VAT_PREFIX = {"GR": "EL"}


@lru_cache(maxsize=1)
def rules() -> dict:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


def country_rules(country: str) -> dict | None:
    return rules()["countries"].get((country or "").upper())


def in_union(country: str, union: str | None) -> bool:
    return bool(union) and (country or "").upper() in rules()["unions"].get(union, [])


def country_name(country: str) -> str:
    r = country_rules(country)
    return r["name"] if r else (country or "").upper()


# -- tax profiles ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TaxProfile:
    legal_name: str
    address: str
    country: str
    tax_id: str | None = None
    vat_registered: bool = False
    small_business_exemption: bool = False
    us_form: str | None = None
    creator_id: str | None = None
    brand_id: str | None = None


def normalize_tax_id(country: str, value: str | None) -> str | None:
    """The tax id in its compact form (with the country prefix for VAT numbers), or ValidationError naming the
    country's expected format."""
    text = re.sub(r"[\s.]", "", (value or "")).upper()
    if not text:
        return None
    country = (country or "").upper()
    spec = (country_rules(country) or {}).get("tax_id")
    if spec is None and in_union(country, "EU"):
        spec = {"validator": "stdnum.eu.vat", "prefix": EU_VAT_PREFIX.get(country, country),
                "format": f"{EU_VAT_PREFIX.get(country, country)} followed by the national VAT number"}
    if spec is None:
        if not re.fullmatch(r"[A-Z0-9-]{4,20}", text):
            raise ValidationError('The tax id "{value}" is not valid: use 4 to 20 letters, digits or hyphens.',
                                  value=value)
        return text
    message = f'The tax id "{value}" is not a valid {country_name(country)} number: expected {spec["format"]}.'
    if spec["validator"] == "regex":
        if not re.fullmatch(spec["pattern"], text):
            raise ValidationError(message)
        return text
    module = importlib.import_module(spec["validator"])
    prefix = spec.get("prefix") or ""
    candidate = text if not prefix or text.startswith(prefix) else prefix + text
    try:
        compact = module.validate(candidate)
    except Exception:  # stdnum raises its own ValidationError subclasses (format, length, checksum)
        raise ValidationError(message) from None
    compact = compact.replace("-", "").upper()
    if prefix and not compact.startswith(prefix):
        compact = prefix + compact
    return compact


def validate_profile(profile: TaxProfile) -> TaxProfile:
    problems = []
    legal_name, address = (profile.legal_name or "").strip(), (profile.address or "").strip()
    country = (profile.country or "").strip().upper()
    if not legal_name:
        problems.append("the legal name")
    if not address:
        problems.append("the address")
    if not re.fullmatch(r"[A-Z]{2}", country):
        problems.append("the country (two-letter code, e.g. DE)")
    if problems:
        raise ValidationError("The tax profile is missing " + ", ".join(problems) + ".")
    if len(legal_name) > 120 or len(address) > 500:
        raise ValidationError("The legal name is at most 120 characters and the address at most 500.")
    tax_id = normalize_tax_id(country, profile.tax_id)
    if profile.vat_registered and not tax_id:
        raise ValidationError("A VAT-registered party has a VAT number (TRN): enter it, or untick VAT-registered.")
    if profile.vat_registered and profile.small_business_exemption:
        raise ValidationError("A small-business exemption means not charging VAT: untick VAT-registered to use it.")
    r = country_rules(country)
    if profile.small_business_exemption and (r is None or "small_business" not in r["scenarios"]):
        raise ValidationError("{country} has no small-business VAT exemption in the portal's rules.",
                              country=country_name(country))
    us_form = (profile.us_form or "").strip() or None
    if us_form is not None and us_form not in US_FORMS:
        raise ValidationError('The US form on file is one of {items} (got "{us_form}").',
                              items=", ".join(US_FORMS), us_form=us_form)
    return TaxProfile(legal_name, address, country, tax_id, bool(profile.vat_registered),
                      bool(profile.small_business_exemption), us_form, profile.creator_id, profile.brand_id)


def save_profile(gw: Gateway, profile: TaxProfile, *, brand_id: str | None = None) -> TaxProfile:
    """Saves the signed-in creator's tax profile, or (brand_id) the billing entity of a brand they act for."""
    p = validate_profile(profile)
    payload = {"legal_name": p.legal_name, "address": p.address, "country": p.country, "tax_id": p.tax_id or "",
               "vat_registered": p.vat_registered, "small_business_exemption": p.small_business_exemption,
               "us_form": p.us_form or ""}
    row = gw.rpc("save_tax_profile", {"p_brand_id": brand_id, "p_profile": payload})
    return _profile(row[0] if isinstance(row, list) else row)


def creator_profile(gw: Gateway, creator_id: str | None = None) -> TaxProfile | None:
    rows = gw.select("tax_profiles", filters=[eq("creator_id", creator_id or gw.person.id)])
    return _profile(rows[0]) if rows else None


def brand_profile(gw: Gateway, brand_id: str | None) -> TaxProfile | None:
    if not brand_id:
        return None
    rows = gw.select("tax_profiles", filters=[eq("brand_id", brand_id)])
    return _profile(rows[0]) if rows else None


def _profile(r: dict) -> TaxProfile:
    return TaxProfile(r["legal_name"], r["address"], r["country"], r.get("tax_id"), bool(r["vat_registered"]),
                      bool(r["small_business_exemption"]), r.get("us_form"), r.get("creator_id"), r.get("brand_id"))


# -- determination -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Determination:
    scenario: str
    seller_country: str
    buyer_country: str
    rate: str
    charged: bool
    wording: str
    source: str
    national: dict | None = None  # VAT in the seller's national currency: currency, rate, rate_date, source, ...

    def payload(self) -> dict:
        out = asdict(self)
        if out["national"] is None:
            out.pop("national")
        return out


def determine(seller: TaxProfile | None, buyer_country: str | None, buyer_tax_id: str | None) -> Determination:
    """The tax treatment of an invoice from `seller` to a business customer in `buyer_country`. Raises
    ValidationError saying what is missing when it cannot be decided."""
    if seller is None:
        raise ValidationError("The tax determination needs your tax profile (legal name, address, country, VAT "
                              "status): add it before issuing.")
    r = country_rules(seller.country)
    if r is None:
        raise ValidationError("The portal has no tax rules for invoices from {country} yet.", country=seller.country)
    buyer_country = (buyer_country or "").strip().upper()
    missing = []
    if not buyer_country:
        missing.append("the buyer's country")
    scenarios = r["scenarios"]
    if "no_vat" in scenarios:
        key = "no_vat"
    elif not seller.vat_registered:
        key = "small_business" if seller.small_business_exemption else "not_registered"
        if key not in scenarios:
            missing.append(f"your VAT status (in {r['name']} a business either charges VAT or uses the small-"
                           "business exemption)")
    elif buyer_country == seller.country:
        key = "domestic"
    elif in_union(buyer_country, r.get("union")) and in_union(seller.country, r.get("union")):
        key = "intra_union_b2b"
        if not (buyer_tax_id or "").strip():
            missing.append("the buyer's VAT number (needed for the reverse charge within the EU)")
    else:
        key = "export"
    if missing:
        raise ValidationError("The invoice's tax cannot be determined: " + "; ".join(missing) + " is missing.")
    if key == "intra_union_b2b" or (buyer_tax_id and country_rules(buyer_country)):
        normalize_tax_id(buyer_country, buyer_tax_id)  # the buyer's number must be valid where it is printed
    s = scenarios[key]
    return Determination(key, seller.country, buyer_country, s["rate"], bool(s["charged"]), s["wording"],
                         s["source"])


def with_national_vat(det: Determination, vat_amount: Decimal, currency: str, conversion, on: dt.date,
                      national_places: int = 2) -> Determination:
    """The determination with the VAT amount also in the seller's national currency (EU Directive 2006/112 art.
    230, UK VAT Notice 700/21, UAE Executive Regulation art. 59) when the invoice is in another currency."""
    r = country_rules(det.seller_country) or {}
    national = r.get("currency")
    if not national or national == currency or "vat_in_national_currency" not in r.get("mandatory_fields", []):
        return det
    if conversion is None:
        raise ValidationError("The VAT must also be shown in {national}: there is no {currency} to {national} exchange rate on or before {isoformat}. Add one under exchange rates.",
                              national=national, currency=currency, isoformat=on.isoformat())
    national_row = {"currency": national, "rate": str(conversion.rate), "rate_date": conversion.rate_date.isoformat(),
                    "source": conversion.source, "via": conversion.via,
                    "vat_amount": str(round_to(conversion.amount, national_places)),
                    "invoice_vat": str(vat_amount)}
    return Determination(det.scenario, det.seller_country, det.buyer_country, det.rate, det.charged, det.wording,
                         det.source, national_row)


def check_contractual_late_fee(seller_country: str, percent_per_month: Decimal) -> None:
    """Refuses an agreed late fee above what the seller country's rules allow."""
    late = (country_rules(seller_country) or {}).get("late_payment")
    if not late or percent_per_month is None or Decimal(percent_per_month) <= 0:
        return
    cap = Decimal(late["contractual_max_percent_per_month"])
    if Decimal(percent_per_month) > cap:
        raise ValidationError(
            "An agreed late fee of {normalize} % a month is more than the {normalize2} % a month allowed for invoices from {seller_country} ({contractual_source}). Lower it, or set it to 0 to use the statutory late interest.", normalize=format(Decimal(percent_per_month).normalize(), 'f'), normalize2=format(cap.normalize(), 'f'), seller_country=country_name(seller_country), contractual_source=late['contractual_source'])


# -- statutory late interest --------------------------------------------------------------------------------

@dataclass(frozen=True)
class InterestPeriod:
    start: dt.date
    end: dt.date
    days: int
    reference_rate: Decimal
    reference_date: dt.date
    annual_rate: Decimal
    interest: Decimal  # unrounded


@dataclass(frozen=True)
class LateInterest:
    country: str
    principal: Decimal
    currency: str
    due_date: dt.date
    as_of: dt.date
    days: int
    interest: Decimal       # rounded to the currency's minor units
    lump_sum: Decimal
    lump_sum_currency: str
    periods: tuple[InterestPeriod, ...]
    reference_name: str
    source: str


def reference_rate(name: str, day: dt.date, stored: dict | None = None) -> tuple[Decimal, dt.date]:
    """The reference rate that applies on `day`: the rate in force on the half-year's reference day (1 January /
    1 July, or the day before for the Bank of England rule), with the date it took effect. `stored` ({name: [(date,
    rate)]}, public.reference_rates) adds the rates the operator imported; on the same date they win over the rules
    file's."""
    ref = rules()["reference_rates"][name]
    start = dt.date(day.year, 1 if day.month <= 6 else 7, 1)
    on = start - dt.timedelta(days=1) if ref["half_year_reference"] == "day_before" else start
    known = {dt.date.fromisoformat(d): Decimal(v) for d, v in ref["rates"]}
    known.update({d: Decimal(v) for d, v in (stored or {}).get(name, ())})
    known = [(d, v) for d, v in known.items() if d <= on]
    if not known:
        raise ValidationError("No {name} is known for {isoformat}: the operator adds it to the rules.",
                              name=ref['name'], isoformat=on.isoformat())
    effective, value = max(known)
    return value, effective


def stored_reference_rates(gw: Gateway) -> dict[str, list[tuple[dt.date, Decimal]]]:
    """The reference rates the operator imported (services/payouts/reference_rates.py), by name."""
    out: dict[str, list[tuple[dt.date, Decimal]]] = {}
    for r in gw.select("reference_rates", columns=["name", "effective", "rate"], limit=2000):
        day = r["effective"] if isinstance(r["effective"], dt.date) else dt.date.fromisoformat(r["effective"])
        out.setdefault(r["name"], []).append((day, Decimal(str(r["rate"]))))
    return out


def statutory_interest(seller_country: str, principal: Decimal, currency: str, places: int, due_date: dt.date,
                       as_of: dt.date, stored: dict | None = None) -> LateInterest | None:
    """Simple interest day by day from the day after the due date to `as_of` (inclusive) at the reference rate of
    each day's half-year plus the country's points, on a 365-day year, rounded once; plus the fixed compensation.
    None where the seller's country sets no statutory rate."""
    late = (country_rules(seller_country) or {}).get("late_payment")
    if not late:
        return None
    points, basis = Decimal(late["points"]), Decimal(late["day_count"])
    periods: list[InterestPeriod] = []
    day = due_date + dt.timedelta(days=1)
    while day <= as_of:
        half_end = dt.date(day.year, 6, 30) if day.month <= 6 else dt.date(day.year, 12, 31)
        end = min(half_end, as_of)
        days = (end - day).days + 1
        ref, effective = reference_rate(late["reference"], day, stored)
        annual = ref + points
        periods.append(InterestPeriod(day, end, days, ref, effective, annual,
                                      Decimal(principal) * annual / Decimal(100) * days / basis))
        day = end + dt.timedelta(days=1)
    total_days = sum(p.days for p in periods)
    interest = round_to(sum((p.interest for p in periods), Decimal(0)), places)
    national = country_rules(seller_country)["currency"]
    lump = Decimal(0)
    if total_days:
        for band in late["lump_sum"]:
            if band["below"] is None or Decimal(principal) < Decimal(band["below"]):
                lump = Decimal(band["amount"])
                break
    ref_meta = rules()["reference_rates"][late["reference"]]
    return LateInterest(seller_country, Decimal(principal), currency, due_date, as_of, total_days, interest, lump,
                        national, tuple(periods), ref_meta["name"], f"{late['source']}; {ref_meta['source']}")


def late_payment_text(seller_country: str) -> str | None:
    late = (country_rules(seller_country) or {}).get("late_payment")
    return late["text"] if late else None


def payout_late_interest(gw: Gateway, payout) -> LateInterest | None:
    """The statutory late interest on an overdue payout's balance so far, from the law of the creator's country (the
    default when no late fee was agreed); None when it does not apply or no rate is known for the period."""
    if payout.days_overdue <= 0 or payout.balance <= 0 or payout.late_fee_percent or not payout.is_open:
        return None
    profile = creator_profile(gw, payout.creator_id)
    if profile is None:
        return None
    places = max(-Decimal(payout.balance).as_tuple().exponent, 0)
    try:
        return statutory_interest(profile.country, payout.balance, payout.currency, places, payout.due_date,
                                  payout.today, stored_reference_rates(gw))
    except ValidationError:
        return None
