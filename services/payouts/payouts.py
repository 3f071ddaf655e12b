"""Payouts: what each brand owes a creator, from accepted offers (deposit and balance, from the payment terms)
or logged by hand; payments received or reported sent; write-offs, disputes, the overdue figure for Home and
reminder texts. The rules live in SQL (supabase/migrations/20261128005000_payouts.sql); Python repeats a rule
only to say it first, in words, before anything is written. Money is Decimal from end to end.

Statuses (stored): scheduled → invoiced → partially_paid → paid, or written_off; payout_overview adds
"overdue": past the due date in the creator's calendar with something left to pay."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from services.core import fields, money, platforms
from services.core.db.gateway import Filter, Gateway, eq, only
from services.core.errors import NotFound, ValidationError
from services.payouts.charges import Charges
from services.core.money import to_decimal
from services.core.values import as_date

STATUSES = ("scheduled", "invoiced", "partially_paid", "overdue", "paid", "written_off")
OPEN = ("scheduled", "invoiced", "partially_paid", "overdue")
KINDS = ("deposit", "balance", "manual")
PLATFORMS = platforms.KEYS + ("several",)
METHODS = ("bank_transfer", "paypal", "wise", "stripe", "card", "cash", "cheque", "platform", "other")
FIRM_AFTER_DAYS = 14  # a reminder turns firm two weeks after the due date
STALE_RATE_DAYS = 7   # a converted total says so when its exchange rate is older than this


@dataclass(frozen=True)
class Payout(Charges):
    id: str
    creator_id: str
    creator_name: str | None
    brand_id: str | None
    brand_name: str
    offer_id: str | None
    kind: str
    description: str
    platform: str | None
    currency: str
    amount: Decimal
    amount_due: Decimal
    late_fee_percent: Decimal
    billed_on: dt.date
    due_date: dt.date
    recorded_status: str
    status: str
    days_overdue: int
    received: Decimal
    pending: Decimal
    last_received_on: dt.date | None
    late_fee: Decimal
    balance: Decimal
    invoice_id: str | None
    invoice_number: str | None
    invoice_issue_date: dt.date | None
    status_note: str | None
    status_changed_at: str
    dispute_note: str | None
    disputed_by: str | None
    disputed_at: str | None
    today: dt.date

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def disputed(self) -> bool:
        return self.disputed_at is not None

    @property
    def can_be_paid(self) -> bool:
        """Something is left to pay beyond what was already reported sent."""
        return self.is_open and self.balance - self.pending > 0

    @property
    def payable(self) -> Decimal:
        return max(self.balance - self.pending, Decimal(0))

    @property
    def editable(self) -> bool:
        return self.invoice_id is None and self.recorded_status not in ("paid", "written_off")


@dataclass(frozen=True)
class Payment:
    id: str
    payout_id: str
    currency: str
    amount: Decimal
    method: str
    reference: str
    status: str  # sent | received | rejected
    sent_on: dt.date | None
    received_on: dt.date | None
    note: str | None
    reported_by: str | None
    created_at: str


@dataclass(frozen=True)
class Event:
    id: int
    occurred_at: str
    actor_id: str | None
    action: str
    from_status: str | None
    to_status: str | None
    note: str | None
    detail: dict
    actor_name: str | None = None


@dataclass(frozen=True)
class PayoutTerms:
    """A payout logged or edited by hand. Amount and percentages stay text until parsed (never a float)."""
    description: str
    currency: str
    amount: str | Decimal
    due_date: dt.date | None
    brand_name: str = ""
    brand_id: str | None = None
    platform: str | None = None
    billed_on: dt.date | None = None
    tax_percent: str | Decimal = "0"
    fee_percent: str | Decimal = "0"
    withholding_percent: str | Decimal = "0"
    late_fee_percent: str | Decimal = "0"


@dataclass(frozen=True)
class PaymentDetails:
    amount: str | Decimal
    method: str
    reference: str
    on: dt.date | None
    note: str | None = None


@dataclass(frozen=True)
class OverdueLine:
    currency: str
    payouts: int
    balance: Decimal
    oldest_due: dt.date
    most_days_overdue: int
    home_amount: Decimal | None
    rate: Decimal | None
    rate_date: dt.date | None
    rate_source: str | None

    def rate_age(self, today: dt.date) -> int | None:
        """Days between the rate's date and today (None without a rate)."""
        return (today - self.rate_date).days if self.rate_date else None

    def rate_is_stale(self, today: dt.date) -> bool:
        age = self.rate_age(today)
        return age is not None and age > STALE_RATE_DAYS


@dataclass(frozen=True)
class OverdueSummary:
    home_currency: str
    lines: tuple[OverdueLine, ...] = ()

    @property
    def payouts(self) -> int:
        return sum(line.payouts for line in self.lines)

    @property
    def total(self) -> Decimal:
        """Everything overdue that could be converted, in the home currency."""
        return sum((line.home_amount for line in self.lines if line.home_amount is not None), Decimal(0))

    @property
    def unconverted(self) -> tuple[OverdueLine, ...]:
        """Currencies without an exchange rate into the home currency (shown as they are)."""
        return tuple(line for line in self.lines if line.home_amount is None)

    @property
    def converted(self) -> tuple[OverdueLine, ...]:
        return tuple(line for line in self.lines if line.home_amount is not None and line.currency != self.home_currency)

    @property
    def oldest_due(self) -> dt.date | None:
        return min((line.oldest_due for line in self.lines), default=None)


@dataclass
class BrandLedger:
    """What a brand owes one creator: the creator's payouts, open first."""
    creator_id: str
    creator_name: str
    payouts: list[Payout] = field(default_factory=list)

    def owed(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for p in self.payouts:
            if p.is_open:
                totals[p.currency] = totals.get(p.currency, Decimal(0)) + p.balance
        return totals


# -- reading ----------------------------------------------------------------------------------------------------

def list_payouts(gw: Gateway, *, creator_id: str | None = None, brand_id: str | None = None,
                 statuses: tuple[str, ...] | None = None) -> list[Payout]:
    """Every payout the person may see (RLS decides), by due date."""
    filters: list[Filter] = []
    if creator_id:
        filters.append(eq("creator_id", creator_id))
    if brand_id:
        filters.append(eq("brand_id", brand_id))
    if statuses:
        filters.append(Filter("status", "in", list(statuses)))
    rows = gw.select("payout_overview", filters=filters, order=[("due_date", False), ("created_at", False)])
    return [_payout(r) for r in rows]


def get(gw: Gateway, payout_id: str) -> Payout:
    return _payout(only(gw.select("payout_overview", filters=[eq("id", payout_id)]),
                        NotFound("This payout does not exist or is not shared with you.")))


def payments_for(gw: Gateway, payout_ids: list[str]) -> dict[str, list[Payment]]:
    if not payout_ids:
        return {}
    out: dict[str, list[Payment]] = {}
    for r in gw.select("payments", filters=[Filter("payout_id", "in", list(payout_ids))],
                       order=[("created_at", False)]):
        out.setdefault(r["payout_id"], []).append(_payment(r))
    return out


def history(gw: Gateway, payout_id: str) -> list[Event]:
    rows = gw.select("payout_events", filters=[eq("payout_id", payout_id)], order=[("id", False)])
    ids = list({r["actor_id"] for r in rows if r["actor_id"]})
    names = {p["id"]: p["display_name"] for p in gw.select("profiles", columns=["id", "display_name"],
                                                          filters=[Filter("id", "in", ids)])} if ids else {}
    return [Event(int(r["id"]), r["occurred_at"], r["actor_id"], r["action"], r["from_status"], r["to_status"],
                  r["note"], r["detail"] or {}, names.get(r["actor_id"])) for r in rows]


def groups(payouts: list[Payout]) -> dict[str, list[Payout]]:
    """The creator's tabs: overdue (most overdue first), open (by due date), paid (newest first), written off."""
    out: dict[str, list[Payout]] = {"overdue": [], "open": [], "paid": [], "written_off": []}
    for p in payouts:
        key = "overdue" if p.status == "overdue" else "open" if p.is_open else p.status
        out[key].append(p)
    out["overdue"].sort(key=lambda p: (-p.days_overdue, p.brand_name))
    out["paid"].sort(key=lambda p: p.last_received_on or p.due_date, reverse=True)
    return out


def brand_ledgers(gw: Gateway) -> list[BrandLedger]:
    """For a brand partner: the payouts of their brand(s), per creator, open ones first by due date."""
    ledgers: dict[str, BrandLedger] = {}
    for p in list_payouts(gw):
        if p.creator_id == gw.person.id:
            continue
        ledger = ledgers.setdefault(p.creator_id, BrandLedger(p.creator_id, p.creator_name or "—"))
        ledger.payouts.append(p)
    for ledger in ledgers.values():
        ledger.payouts.sort(key=lambda p: (not p.is_open, p.status != "overdue", p.due_date))
    return sorted(ledgers.values(), key=lambda led: led.creator_name)


def unscheduled_offers(gw: Gateway) -> list[dict]:
    """The creator's accepted deals with a fee but no payout yet (accepted before payouts were scheduled)."""
    offers = gw.select("offers", columns=["id", "brand_name", "campaign", "fee", "currency", "status"],
                       filters=[eq("creator_id", gw.person.id),
                                Filter("status", "in", ["accepted", "in_progress", "delivered", "completed"]),
                                Filter("fee", "gt", 0)])
    if not offers:
        return []
    scheduled = {r["offer_id"] for r in gw.select("payouts", columns=["offer_id"],
                                                  filters=[Filter("offer_id", "in", [o["id"] for o in offers])])}
    return [dict(o, fee=to_decimal(o["fee"])) for o in offers if o["id"] not in scheduled]


def partner_brands(gw: Gateway) -> dict[str, str]:
    """The brands of the partners the creator invited: {brand id: name} (a payout can be linked to one)."""
    ids = [r["brand_id"] for r in gw.select("creator_partners", columns=["brand_id"],
                                            filters=[eq("creator_id", gw.person.id)]) if r["brand_id"]]
    if not ids:
        return {}
    return {b["id"]: b["name"] for b in gw.select("brands", columns=["id", "name"], filters=[Filter("id", "in", ids)],
                                                  order=[("name", False)])}


def overdue(gw: Gateway, home_currency: str) -> OverdueSummary:
    """The creator's overdue balances per currency, converted into the home currency (rate, date, source)."""
    lines = []
    rows = gw.rpc("overdue_summary") or []
    for r in rows:
        lines.append(OverdueLine(r["currency"], int(r["payouts"]), to_decimal(r["balance"]), as_date(r["oldest_due"]),
                                 int(r["most_days_overdue"]), to_decimal(r["home_amount"]), to_decimal(r["rate"]),
                                 as_date(r["rate_date"]), r["rate_source"]))
    return OverdueSummary(rows[0]["home_currency"] if rows else home_currency, tuple(lines))


def minor_units(gw: Gateway) -> dict[str, int]:
    return {r["code"]: int(r["minor_units"]) for r in gw.select("currencies", columns=["code", "minor_units"])}


# -- validation (friendly messages first; SQL checks again) ------------------------------------------------------

def validate_terms(terms: PayoutTerms, units: dict[str, int], today: dt.date, *, need_brand: bool = True,
                   billed_ahead: dt.date | None = None) -> dict:
    """The JSON the SQL functions take, or ValidationError. billed_ahead: the billing date a payout scheduled from a
    deal already has when it lies after today (editing keeps it)."""
    brand = (terms.brand_name or "").strip()
    if need_brand and not terms.brand_id and not 1 <= len(brand) <= 120:
        raise ValidationError("Name the brand that pays (1 to 120 characters).")
    description = fields.text(terms.description, 200,
                              ValidationError("Say what the payout is for (1 to 200 characters)."))
    currency = fields.currency(terms.currency, units, ValidationError(
        'Unknown currency "{currency}": use an ISO 4217 code such as EUR or USD.', currency=terms.currency))
    amount = money.parse_amount(terms.amount, currency, units[currency], label="The amount")
    if terms.due_date is None:
        raise ValidationError("Choose the due date.")
    billed = terms.billed_on or today
    if billed > today and billed != billed_ahead:
        raise ValidationError("The billing date {billed} is after today ({today}).", billed=billed, today=today)
    if terms.due_date < billed:
        raise ValidationError("The due date {due_date} is before the billing date {billed}.",
                              due_date=terms.due_date, billed=billed)
    if terms.platform and terms.platform not in PLATFORMS:
        raise ValidationError('Unknown platform "{platform}".', platform=terms.platform)
    tax = money.parse_percent(terms.tax_percent, label="The tax")
    fee = money.parse_percent(terms.fee_percent, label="The platform or agency fee")
    withholding = money.parse_percent(terms.withholding_percent, label="The withholding tax")
    late = money.parse_percent(terms.late_fee_percent, label="The late fee", maximum=Decimal(10))
    places = units[currency]
    if amount + money.share(amount, tax, places) - money.share(amount, fee, places) \
            - money.share(amount, withholding, places) <= 0:
        raise ValidationError("After fees and withholding tax nothing would be left to pay.")
    payload = {"description": description, "currency": currency, "amount": str(amount),
               "due_date": terms.due_date.isoformat(), "billed_on": billed.isoformat(),
               "platform": terms.platform or None, "tax_percent": str(tax), "fee_percent": str(fee),
               "withholding_percent": str(withholding), "late_fee_percent": str(late)}
    if need_brand:
        if terms.brand_id:
            payload["brand_id"] = terms.brand_id
        else:
            payload["brand_name"] = brand
    return payload


def preview(terms: PayoutTerms, units: dict[str, int]) -> dict[str, Decimal]:
    """Tax, fees, withholding and amount due as the database will derive them (for the form's summary)."""
    currency = (terms.currency or "").strip().upper()
    places = units.get(currency, 2)
    amount = money.parse_amount(terms.amount, currency, places)
    tax = money.share(amount, money.parse_percent(terms.tax_percent, label="The tax"), places)
    fee = money.share(amount, money.parse_percent(terms.fee_percent, label="The fee"), places)
    withholding = money.share(amount, money.parse_percent(terms.withholding_percent, label="The withholding tax"),
                              places)
    return {"amount": amount, "tax": tax, "fee": fee, "withholding": withholding,
            "amount_due": amount + tax - fee - withholding}


def validate_payment(payout: Payout, details: PaymentDetails, units: dict[str, int], *, date_label: str) -> dict:
    if not payout.is_open:
        if payout.status == "written_off":
            raise ValidationError("This payout was written off: no payment can be added.")
        raise ValidationError("This payout is already paid in full.")
    places = units.get(payout.currency, 2)
    amount = money.parse_amount(details.amount, payout.currency, places, label="The payment")
    if amount > payout.payable:
        raise ValidationError(
            "A payment of {amount} is more than the balance: {payable} is still due (late fees included).", amount=money.plain(amount, payout.currency, places), payable=money.plain(payout.payable, payout.currency, places))
    if details.method not in METHODS:
        raise ValidationError("Choose how it was paid.")
    reference = " ".join((details.reference or "").split())
    if not 1 <= len(reference) <= 120:
        raise ValidationError("Enter the payment's reference (the transfer or transaction id, 1 to 120 characters).")
    if details.on is None:
        raise ValidationError("Choose {date_label}.", date_label=date_label)
    if details.on > payout.today:
        raise ValidationError("The payment's date {on} is after today ({today}).", on=details.on, today=payout.today)
    note = (details.note or "").strip() or None
    if note and len(note) > 1000:
        raise ValidationError("The note must be at most 1000 characters.")
    return {"amount": str(amount), "method": details.method, "reference": reference, "note": note}


# -- changing (one SQL function each) ---------------------------------------------------------------------------

def create(gw: Gateway, terms: PayoutTerms, *, today: dt.date) -> Payout:
    row = gw.rpc("create_payout", {"p_terms": validate_terms(terms, minor_units(gw), today)})
    return get(gw, row["id"])


def update(gw: Gateway, payout_id: str, terms: PayoutTerms, *, today: dt.date) -> Payout:
    current = get(gw, payout_id)
    gw.rpc("update_payout", {"p_payout_id": payout_id,
                             "p_terms": validate_terms(terms, minor_units(gw), today, need_brand=False,
                                                       billed_ahead=current.billed_on)})
    return get(gw, payout_id)


def schedule_for_offer(gw: Gateway, offer_id: str) -> int:
    return int(gw.rpc("schedule_offer_payouts", {"p_offer_id": offer_id}) or 0)


def record_payment(gw: Gateway, payout: Payout, details: PaymentDetails) -> Payment:
    """The creator records money that arrived (on details.on)."""
    payload = validate_payment(payout, details, minor_units(gw), date_label="the date received")
    payload["received_on"] = details.on.isoformat()
    return _payment(gw.rpc("record_payment", {"p_payout_id": payout.id, "p_payment": payload}))


def mark_sent(gw: Gateway, payout: Payout, details: PaymentDetails) -> Payment:
    """A brand partner reports a payment sent (on details.on); it counts once the creator confirms it."""
    payload = validate_payment(payout, details, minor_units(gw), date_label="the date sent")
    payload["sent_on"] = details.on.isoformat()
    return _payment(gw.rpc("mark_payment_sent", {"p_payout_id": payout.id, "p_payment": payload}))


def confirm_payment(gw: Gateway, payment_id: str, received_on: dt.date | None = None) -> Payment:
    return _payment(gw.rpc("confirm_payment", {"p_payment_id": payment_id,
                                               "p_received_on": received_on.isoformat() if received_on else None}))


def reject_payment(gw: Gateway, payment_id: str, note: str) -> Payment:
    if len((note or "").strip()) < 3:
        raise ValidationError("Say what is wrong with the payment (for the brand).")
    return _payment(gw.rpc("reject_payment", {"p_payment_id": payment_id, "p_note": note.strip()}))


def write_off(gw: Gateway, payout_id: str, note: str) -> Payout:
    if len((note or "").strip()) < 3:
        raise ValidationError("Say why the payout is written off.")
    gw.rpc("write_off_payout", {"p_payout_id": payout_id, "p_note": note.strip()})
    return get(gw, payout_id)


def open_dispute(gw: Gateway, payout_id: str, note: str) -> Payout:
    if len((note or "").strip()) < 3:
        raise ValidationError("Say what the dispute is about.")
    gw.rpc("open_payout_dispute", {"p_payout_id": payout_id, "p_note": note.strip()})
    return get(gw, payout_id)


def resolve_dispute(gw: Gateway, payout_id: str, note: str) -> Payout:
    if len((note or "").strip()) < 3:
        raise ValidationError("Say how the dispute was resolved.")
    gw.rpc("resolve_payout_dispute", {"p_payout_id": payout_id, "p_note": note.strip()})
    return get(gw, payout_id)


# -- reminders ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReminderFacts:
    """The facts a reminder is filled with (the page picks the words, in the person's language)."""
    tone: str                  # polite | firm
    brand: str
    creator: str
    invoice: str | None        # the invoice number; None when no invoice was issued (the text then names none)
    description: str
    amount_due: Decimal
    balance: Decimal
    late_fee: Decimal
    late_fee_percent: Decimal
    currency: str
    due_date: dt.date
    days_overdue: int
    issue_date: dt.date | None
    payment_instructions: str | None
    interest: object | None = None  # services.payouts.tax.LateInterest: the statutory default, when it applies


def reminder_facts(payout: Payout, *, creator_name: str, payment_instructions: str | None,
                   tone: str | None = None, interest=None) -> ReminderFacts:
    """polite up to FIRM_AFTER_DAYS days after the due date, then firm (or the tone asked for)."""
    chosen = tone or ("firm" if payout.days_overdue > FIRM_AFTER_DAYS else "polite")
    return ReminderFacts(chosen, payout.brand_name, creator_name, payout.invoice_number or None,
                         payout.description, payout.amount_due, payout.balance, payout.late_fee,
                         payout.late_fee_percent, payout.currency, payout.due_date, payout.days_overdue,
                         payout.invoice_issue_date, payment_instructions, interest)


@dataclass(frozen=True)
class Reminder:
    id: str
    payout_id: str
    sent_by: str
    sent_at: str
    tone: str
    body: str


def log_reminder(gw: Gateway, payout: Payout, tone: str, body: str) -> Reminder:
    """Keeps, with the payout, that the creator sent this reminder (the text as sent)."""
    if not payout.is_open:
        raise ValidationError("This payout is closed: there is nothing to remind the brand of.")
    if tone not in ("polite", "firm"):
        raise ValidationError("Choose a polite or a firm reminder.")
    if not 1 <= len((body or "").strip()) <= 5000:
        raise ValidationError("The reminder's text must be 1 to 5000 characters.")
    r = gw.rpc("log_payout_reminder", {"p_payout_id": payout.id, "p_tone": tone, "p_body": body.strip()})
    return Reminder(r["id"], r["payout_id"], r["sent_by"], r["sent_at"], r["tone"], r["body"])


def reminders(gw: Gateway, payout_id: str) -> list[Reminder]:
    """The reminders sent for a payout, newest first."""
    rows = gw.select("payout_reminders", filters=[eq("payout_id", payout_id)], order=[("sent_at", True)])
    return [Reminder(r["id"], r["payout_id"], r["sent_by"], r["sent_at"], r["tone"], r["body"]) for r in rows]


# -- rows --------------------------------------------------------------------------------------------------------

def _payout(r: dict) -> Payout:
    d = to_decimal
    return Payout(
        id=r["id"], creator_id=r["creator_id"], creator_name=r.get("creator_name"), brand_id=r["brand_id"],
        brand_name=r["brand_name"], offer_id=r["offer_id"], kind=r["kind"], description=r["description"],
        platform=r["platform"], currency=r["currency"], amount=d(r["amount"]), tax_percent=d(r["tax_percent"]),
        tax_amount=d(r["tax_amount"]), fee_percent=d(r["fee_percent"]), fee_amount=d(r["fee_amount"]),
        withholding_percent=d(r["withholding_percent"]), withholding_amount=d(r["withholding_amount"]),
        amount_due=d(r["amount_due"]), late_fee_percent=d(r["late_fee_percent"]), billed_on=as_date(r["billed_on"]),
        due_date=as_date(r["due_date"]), recorded_status=r["recorded_status"], status=r["status"],
        days_overdue=int(r["days_overdue"]), received=d(r["received"]), pending=d(r["pending"]),
        last_received_on=as_date(r["last_received_on"]), late_fee=d(r["late_fee"]), balance=d(r["balance"]),
        invoice_id=r["invoice_id"], invoice_number=r["invoice_number"],
        invoice_issue_date=as_date(r["invoice_issue_date"]), status_note=r["status_note"],
        status_changed_at=r["status_changed_at"], dispute_note=r["dispute_note"], disputed_by=r["disputed_by"],
        disputed_at=r["disputed_at"], today=as_date(r["today"]))


def _payment(r: dict) -> Payment:
    return Payment(r["id"], r["payout_id"], r["currency"], to_decimal(r["amount"]), r["method"], r["reference"],
                   r["status"], as_date(r["sent_on"]), as_date(r["received_on"]), r["note"], r["reported_by"],
                   r["created_at"])
