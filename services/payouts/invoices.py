"""Invoices and credit notes: issued by SQL (public.issue_invoice / issue_credit_note allocate the creator's next
number under a lock, without gaps, and snapshot both parties, the lines and the totals), rendered to PDF here
(services/payouts/invoice_pdf.py) and stored once (public.store_invoice_document), so the very same document can be
downloaded again. An issued invoice never changes: a credit note cancels it, and the payout is invoiced again.

Also the creator's billing details (legal name, address, tax id, payment instructions, defaults, tax year)."""
from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass

from decimal import Decimal

from services.payouts import fx, invoice_pdf, tax
from services.payouts.charges import Charges
from services.core import clock, money
from services.core.db.gateway import Filter, Gateway, eq, only
from services.core.errors import NotFound, ValidationError
from services.core.money import to_decimal
from services.core.values import as_date


@dataclass(frozen=True)
class Line:
    position: int
    description: str
    quantity: int
    amount: Decimal


@dataclass(frozen=True)
class Invoice(Charges):
    id: str
    creator_id: str
    brand_id: str | None
    payout_id: str
    kind: str  # invoice | credit_note
    number: int
    display_number: str
    corrects_invoice_id: str | None
    issue_date: dt.date
    due_date: dt.date
    currency: str
    minor_units: int
    seller: dict
    buyer: dict
    lines: tuple[Line, ...]
    subtotal: Decimal
    total: Decimal
    amount_due: Decimal
    late_fee_percent: Decimal
    payment_instructions: str
    notes: str | None
    reason: str | None
    issued_at: str
    tax: dict | None = None          # the tax determination stored when issued (services/payouts/tax.py)
    supply_date: dt.date | None = None

    @property
    def is_credit_note(self) -> bool:
        return self.kind == "credit_note"

    @property
    def file_name(self) -> str:
        return f"{self.display_number}.pdf"


@dataclass(frozen=True)
class BillTo:
    name: str = ""
    address: str = ""
    tax_id: str = ""
    email: str = ""
    notes: str = ""
    country: str = ""
    supply_date: dt.date | None = None

    def payload(self) -> dict:
        out = {"bill_to_name": self.name.strip(), "bill_to_address": self.address.strip(),
               "bill_to_tax_id": self.tax_id.strip(), "bill_to_email": self.email.strip(), "notes": self.notes.strip(),
               "bill_to_country": self.country.strip().upper()}
        for key, limit in (("bill_to_name", 120), ("bill_to_address", 500), ("bill_to_tax_id", 60),
                           ("bill_to_email", 120), ("notes", 1000)):
            if len(out[key]) > limit:
                raise ValidationError("The invoice's {value} must be at most {limit} characters.",
                                      value=key.replace('bill_to_', '').replace('_', ' '), limit=limit)
        return {k: v for k, v in out.items() if v}


@dataclass(frozen=True)
class BillingDetails:
    legal_name: str | None = None
    address: str | None = None
    tax_id: str | None = None
    email: str | None = None
    payment_instructions: str | None = None
    default_tax_percent: Decimal | str = Decimal(0)
    default_late_fee_percent: Decimal | str = Decimal(0)
    fiscal_year_start_month: int = 1
    fiscal_year_start_day: int = 1

    @property
    def ready_to_invoice(self) -> bool:
        return bool(self.payment_instructions)


# -- billing details ------------------------------------------------------------------------------------------

def billing_details(gw: Gateway) -> BillingDetails:
    rows = gw.select("billing_details", filters=[eq("creator_id", gw.person.id)])
    if not rows:
        return BillingDetails()
    r = rows[0]
    return BillingDetails(r["legal_name"], r["address"], r["tax_id"], r["email"], r["payment_instructions"],
                          to_decimal(r["default_tax_percent"]), to_decimal(r["default_late_fee_percent"]),
                          int(r["fiscal_year_start_month"]), int(r["fiscal_year_start_day"]))


def save_billing_details(gw: Gateway, details: BillingDetails) -> BillingDetails:
    if not 1 <= int(details.fiscal_year_start_month) <= 12 or not 1 <= int(details.fiscal_year_start_day) <= 28:
        raise ValidationError("The tax year starts on a month (1 to 12) and a day (1 to 28).")
    payload = {
        "legal_name": (details.legal_name or "").strip(), "address": (details.address or "").strip(),
        "tax_id": (details.tax_id or "").strip(), "email": (details.email or "").strip(),
        "payment_instructions": (details.payment_instructions or "").strip(),
        "default_tax_percent": str(money.parse_percent(details.default_tax_percent, label="The default tax")),
        "default_late_fee_percent": str(money.parse_percent(details.default_late_fee_percent,
                                                            label="The default late fee", maximum=to_decimal(10))),
        "fiscal_year_start_month": int(details.fiscal_year_start_month),
        "fiscal_year_start_day": int(details.fiscal_year_start_day),
    }
    for key, limit in (("legal_name", 120), ("address", 500), ("tax_id", 60), ("payment_instructions", 1000)):
        if len(payload[key]) > limit:
            raise ValidationError("The {value} must be at most {limit} characters.",
                                  value=key.replace('_', ' '), limit=limit)
    if payload["email"] and ("@" not in payload["email"] or " " in payload["email"]):
        raise ValidationError('The email "{email}" is not an email address.', email=payload["email"])
    gw.rpc("save_billing_details", {"p_details": payload})
    return billing_details(gw)


# -- invoices ----------------------------------------------------------------------------------------------------

def list_invoices(gw: Gateway, *, payout_ids: list[str] | None = None) -> list[Invoice]:
    filters: list[Filter] = []
    if payout_ids is not None:
        if not payout_ids:
            return []
        filters.append(Filter("payout_id", "in", list(payout_ids)))
    rows = gw.select("invoices", filters=filters, order=[("issued_at", False)])
    return [_invoice(r) for r in rows]


def get(gw: Gateway, invoice_id: str) -> Invoice:
    return _invoice(only(gw.select("invoices", filters=[eq("id", invoice_id)]),
                         NotFound("This invoice does not exist or is not shared with you.")))


def last_bill_to(gw: Gateway, brand_name: str) -> BillTo:
    """The bill-to details of the creator's latest invoice to this brand (to fill the form)."""
    rows = gw.select("invoices", columns=["buyer", "issued_at"],
                     filters=[eq("creator_id", gw.person.id), eq("kind", "invoice")],
                     order=[("issued_at", True)], limit=200)
    for r in rows:
        buyer = r["buyer"] or {}
        if (buyer.get("brand") or "").strip().lower() == (brand_name or "").strip().lower():
            return BillTo(buyer.get("name", ""), buyer.get("address", ""), buyer.get("tax_id", ""),
                          buyer.get("email", ""), country=buyer.get("country", ""))
    return BillTo(name=brand_name)


def issue(gw: Gateway, payout_id: str, bill_to: BillTo, *, locale: str | None = "en") -> Invoice:
    """Issues the invoice (SQL: number, snapshot), then renders and stores its PDF in `locale` (the issuing
    person's language; AE and SA sellers' invoices are English and Arabic whatever it is). A creator with a tax profile
    issues with the tax determination made from the rules file (services/payouts/tax.py); when it cannot be made
    the message says what is missing and nothing is written."""
    details = bill_to.payload()
    seller = tax.creator_profile(gw)
    if seller is not None:
        details.update(_tax_details(gw, seller, payout_id, bill_to))
    row = gw.rpc("issue_invoice", {"p_payout_id": payout_id, "p_details": details})
    invoice = _invoice(row)
    store_pdf(gw, invoice, locale=locale)
    return invoice


def _tax_details(gw: Gateway, seller: tax.TaxProfile, payout_id: str, bill_to: BillTo) -> dict:
    from services.payouts import payouts  # payouts imports this module's neighbours; imported when issuing
    payout = payouts.get(gw, payout_id)
    buyer = tax.brand_profile(gw, payout.brand_id)
    details = {}
    if buyer is not None:  # the brand's billing entity fills what the form leaves empty
        for key, value in (("bill_to_name", buyer.legal_name), ("bill_to_address", buyer.address),
                           ("bill_to_tax_id", buyer.tax_id or "")):
            if value and not getattr(bill_to, key.replace("bill_to_", "")).strip():
                details[key] = value
    country = bill_to.country.strip().upper() or (buyer.country if buyer else "")
    buyer_tax_id = bill_to.tax_id.strip() or (buyer.tax_id if buyer else "") or ""
    det = tax.determine(seller, country, buyer_tax_id)
    tax.check_contractual_late_fee(seller.country, payout.late_fee_percent)
    today = clock.today()
    rate = Decimal(det.rate) if det.charged else Decimal(0)
    places = money_places(gw, payout.currency)
    vat = money.share(payout.amount, rate, places)
    if vat:
        national = (tax.country_rules(seller.country) or {}).get("currency")
        conversion = fx.convert(gw, vat, payout.currency, national, today) if national != payout.currency else None
        det = tax.with_national_vat(det, vat, payout.currency, conversion, today)
    details.update({"bill_to_country": country, "tax": det.payload(),
                    "supply_date": (bill_to.supply_date or today).isoformat()})
    return details


def money_places(gw: Gateway, currency: str) -> int:
    rows = gw.select("currencies", filters=[eq("code", currency)])
    return int(rows[0]["minor_units"]) if rows else 2


def credit(gw: Gateway, invoice: Invoice, reason: str, *, locale: str | None = "en") -> Invoice:
    """Cancels an issued invoice with a credit note (its own number), rendered and stored like the invoice."""
    if len((reason or "").strip()) < 3:
        raise ValidationError("Say why the invoice is corrected (it is printed on the credit note).")
    row = gw.rpc("issue_credit_note", {"p_invoice_id": invoice.id, "p_reason": reason.strip()})
    note = _invoice(row)
    store_pdf(gw, note, corrects=invoice, locale=locale)
    return note


def render(invoice: Invoice, *, corrects: Invoice | None = None, locale: str | None = "en") -> bytes:
    return invoice_pdf.render(invoice, corrects=corrects, locale=locale)


def store_pdf(gw: Gateway, invoice: Invoice, *, corrects: Invoice | None = None, locale: str | None = "en") -> bytes:
    if invoice.is_credit_note and corrects is None:
        corrects = get(gw, invoice.corrects_invoice_id)
    pdf = render(invoice, corrects=corrects, locale=locale)
    gw.rpc("store_invoice_document", {"p_invoice_id": invoice.id,
                                      "p_content_base64": base64.b64encode(pdf).decode("ascii")})
    return pdf


def document(gw: Gateway, invoice: Invoice, *, locale: str | None = "en") -> bytes | None:
    """The stored PDF (in the language it was issued in). When none was stored (rendering failed after the invoice
    was issued), the creator's call renders it from the issued snapshot in `locale` and stores it; a brand partner
    gets None until then."""
    encoded = gw.rpc("invoice_document", {"p_invoice_id": invoice.id})
    if encoded:
        return base64.b64decode(encoded)
    if invoice.creator_id != gw.person.id:
        return None
    try:
        return store_pdf(gw, invoice, locale=locale)
    except ValidationError:  # stored meanwhile by another session: the stored one is the document
        encoded = gw.rpc("invoice_document", {"p_invoice_id": invoice.id})
        if not encoded:
            raise
        return base64.b64decode(encoded)


def _invoice(r: dict) -> Invoice:
    d = to_decimal
    lines = tuple(Line(int(x["position"]), x["description"], int(x.get("quantity", 1)), d(x["amount"]))
                  for x in (r["lines"] or []))
    return Invoice(
        id=r["id"], creator_id=r["creator_id"], brand_id=r["brand_id"], payout_id=r["payout_id"], kind=r["kind"],
        number=int(r["number"]), display_number=r["display_number"], corrects_invoice_id=r["corrects_invoice_id"],
        issue_date=as_date(r["issue_date"]), due_date=as_date(r["due_date"]), currency=r["currency"],
        minor_units=int(r["minor_units"]), seller=r["seller"] or {}, buyer=r["buyer"] or {}, lines=lines,
        subtotal=d(r["subtotal"]), tax_percent=d(r["tax_percent"]), tax_amount=d(r["tax_amount"]),
        fee_percent=d(r["fee_percent"]), fee_amount=d(r["fee_amount"]),
        withholding_percent=d(r["withholding_percent"]), withholding_amount=d(r["withholding_amount"]),
        total=d(r["total"]), amount_due=d(r["amount_due"]), late_fee_percent=d(r["late_fee_percent"]),
        payment_instructions=r["payment_instructions"], notes=r["notes"], reason=r["reason"],
        issued_at=r["issued_at"], tax=r.get("tax"), supply_date=as_date(r["supply_date"]) if r.get("supply_date") else None)
