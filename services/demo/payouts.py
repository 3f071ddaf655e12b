"""Demo payouts for the demo workspace, made the way people make them: through the gateways, as the demo
people. Creators keep billing details and exchange rates, log payouts, record payments, issue an invoice and
write off a lost one; brand partners mark a payment sent and open a dispute. Accepted demo offers already
have their deposit and balance payouts (scheduled by SQL when the offer was accepted).

The exchange rates are illustrative demo values entered by hand (not market data), labelled as such.
Idempotent: each payout is found again by its description, each payment by its reference, and each step runs
only when the payout is in the state the step starts from. Run it after services.demo.offers."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from services.payouts import fx
from services.payouts import tax
from services.payouts import invoices
from services.payouts import payouts
from services.core.db.gateway import Gateway, eq
from services.demo.people import demo_person
from services.offers.offers import today_in

DEMO_RATE_NOTE = "Demo rate (illustrative, not market data)"

BILLING = {
    "maya": invoices.BillingDetails(
        legal_name="Maya Okafor Studio", address="14 Weavers Yard\nLondon E2 7DG\nUnited Kingdom",
        tax_id="GB123456727 (fictitious, demo)", payment_instructions="Bank transfer (GBP): Maya Okafor Studio\n"
        "Sort code 00-00-00 · Account 12345678 (demo details, not a real account)",
        default_late_fee_percent=Decimal("1.5"), fiscal_year_start_month=4, fiscal_year_start_day=6),
    "leo": invoices.BillingDetails(
        legal_name="Leo Brandt", address="Kastanienallee 12\n10435 Berlin\nGermany",
        tax_id="DE123456788 (fictitious, demo)",
        payment_instructions="SEPA transfer: Leo Brandt · IBAN DE00 0000 0000 0000 0000 00 (demo, not a real account)"),
    "amira": invoices.BillingDetails(
        legal_name="Amira Haddad Kitchen", address="Al Wasl Road 21\nDubai\nUnited Arab Emirates",
        payment_instructions="Bank transfer (AED): Amira Haddad Kitchen · IBAN AE00 0000 0000 0000 0000 000 "
        "(demo, not a real account)"),
    "noura": invoices.BillingDetails(
        legal_name="Noura Al-Qahtani Est.", address="King Fahd Road 88\nRiyadh 12271\nSaudi Arabia",
        payment_instructions="Bank transfer (SAR): Noura Al-Qahtani Est. · IBAN SA00 0000 0000 0000 0000 0000 "
        "(demo, not a real account)"),
}

# Tax profiles. Every tax id here is fictitious: made up for the demo, not a real registration, but of a valid
# format, so the portal's offline checks (python-stdnum: format and check digits) accept it:
#   DE123456788     stdnum.de.vat: check digit 8 = ISO 7064 MOD 11,10 over 12345678
#   GB123456727     stdnum.gb.vat: 9-digit number passing the mod-97 check
#   NL805234317B01  stdnum.nl.btw: RSIN 805234317 passes the 11-test (stdnum.nl.bsn.calc_check_digit('80523431'))
#   27-1234567      stdnum.us.ein: a valid campus prefix (27) and 7 digits
#   UAE TRN / Saudi VAT numbers have no check digit: 15 digits starting 100 (TRN) or starting and ending with 3.
# Leo is VAT-registered in Germany: his invoice to PixelForge (a US brand) is outside the scope of German VAT and
# his invoice to Pixelhaven (a Dutch brand) is a reverse charge; Maya is VAT-registered in the UK and charges UK VAT
# to Green Thread (a UK brand); Amira is not registered for VAT in the UAE; Noura is VAT-registered in Saudi Arabia
# and issues a domestic invoice (15% VAT, with the ZATCA QR code) and a zero-rated one to a UAE brand.
TAX_PROFILES = {
    "maya": tax.TaxProfile("Maya Okafor Studio", "14 Weavers Yard\nLondon E2 7DG", "GB", "GB123456727", True),
    "leo": tax.TaxProfile("Leo Brandt", "Kastanienallee 12\n10435 Berlin", "DE", "DE123456788", True),
    "amira": tax.TaxProfile("Amira Haddad Kitchen", "Al Wasl Road 21\nDubai", "AE", None, False),
    "noura": tax.TaxProfile("Noura Al-Qahtani Est.", "King Fahd Road 88\nRiyadh 12271", "SA", "312345678900003",
                            True),
}
BRAND_TAX_PROFILES = {  # brand partner key: their brand's billing entity
    "tom": tax.TaxProfile("PixelForge Studios Inc.", "200 Mission St\nSan Francisco, CA 94105", "US", "27-1234567",
                          False, us_form="W-9"),
    "sofia": tax.TaxProfile("Green Thread Apparel Ltd", "Unit 4, Mill Lane\nLeeds LS1 4AB", "GB", "GB980780684",
                            True),
    "nadia": tax.TaxProfile("Verdant Pantry Trading LLC", "Business Bay\nDubai", "AE", "100000000000003", True),
}
# Brands that are not demo partners, billed by name (fictitious companies and numbers, as above).
BILL_TO = {
    "Pixelhaven Games": invoices.BillTo("Pixelhaven Games B.V.", "Keizersgracht 100\n1015 CV Amsterdam",
                                        "NL805234317B01", country="NL"),
    "Qahwa House": invoices.BillTo("Qahwa House Trading Co.", "Olaya Street 120\nRiyadh 12214", "311111111100003",
                                   country="SA"),
    "Oasis Sweets": invoices.BillTo("Oasis Sweets LLC", "Jumeirah Beach Road 5\nDubai", "100234567800003",
                                    country="AE"),
}
# Payouts invoiced by the tax seed, under the profiles above: (creator, payout description, bill to, or None for the
# brand's own tax profile).
TAX_INVOICES = (("leo", "Speedrun charity stream", None), ("leo", "Co-op dev diary", "Pixelhaven Games"),
                ("noura", "Cardamom latte reel", "Qahwa House"), ("noura", "Date dessert stories", "Oasis Sweets"))

# (creator, base, quote, rate): 1 base = rate quote, dated 400 days back so every demo date can use them.
RATES = (("maya", "EUR", "GBP", "0.8500"), ("maya", "USD", "GBP", "0.7700"), ("maya", "AED", "GBP", "0.2100"),
         ("leo", "USD", "EUR", "0.8600"), ("leo", "GBP", "EUR", "1.1700"),
         ("amira", "USD", "AED", "3.6725"), ("amira", "GBP", "AED", "4.7500"))


@dataclass(frozen=True)
class Step:
    who: str                     # demo person key
    when: tuple[str, ...]        # runs only while the payout's status is one of these
    run: Callable[[Gateway, payouts.Payout, dt.date], object]


@dataclass(frozen=True)
class Scenario:
    creator: str
    description: str
    brand: str                   # a demo brand partner key (links the payout to their brand) or a brand's name
    currency: str
    amount: str
    billed: int                  # days from today (negative: in the past)
    due: int
    late_fee_percent: str = "0"
    platform: str | None = None
    steps: tuple[Step, ...] = field(default_factory=tuple)


def _received(amount: str | None, reference: str, days: int, method: str = "bank_transfer") -> Callable:
    def run(gw, payout, today):
        if _reference_known(gw, reference):
            return None
        value = payout.payable if amount is None else amount
        return payouts.record_payment(gw, payout, payouts.PaymentDetails(value, method, reference,
                                                                        today + dt.timedelta(days=days)))
    return run


def _sent(amount: str, reference: str, days: int) -> Callable:
    def run(gw, payout, today):
        if _reference_known(gw, reference):
            return None
        return payouts.mark_sent(gw, payout, payouts.PaymentDetails(amount, "bank_transfer", reference,
                                                                    today + dt.timedelta(days=days)))
    return run


def _write_off(note: str) -> Callable:
    return lambda gw, payout, today: payouts.write_off(gw, payout.id, note)


def _dispute(note: str) -> Callable:
    def run(gw, payout, today):
        return None if payout.disputed else payouts.open_dispute(gw, payout.id, note)
    return run


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("maya", "Summer linen lookbook", "sofia", "GBP", "450.00", -75, -45, late_fee_percent="1.5",
             platform="instagram"),
    Scenario("maya", "Spring capsule try-on", "sofia", "GBP", "600.00", -160, -130, platform="instagram",
             steps=(Step("maya", ("overdue", "scheduled"), _received(None, "GT-2026-0412", -121)),)),
    Scenario("maya", "Circular denim panel", "Refash Berlin", "EUR", "300.00", -100, -70, platform="tiktok",
             steps=(Step("maya", ("overdue", "scheduled"), _received(None, "PP-7F3K2-REFASH", -66, "paypal")),)),
    Scenario("maya", "Pantry staples story set", "nadia", "AED", "1800.00", -40, -10, platform="instagram"),
    Scenario("maya", "Capsule wardrobe workshop", "Loop & Thread Studio", "GBP", "250.00", -5, 25, platform="instagram"),
    Scenario("leo", "Retro jam sponsorship", "Pixel Pals", "USD", "200.00", -240, -210, platform="twitch",
             steps=(Step("leo", ("overdue", "scheduled"), _write_off("The studio closed and stopped answering.")),)),
    Scenario("leo", "Autumn indie showcase", "tom", "USD", "500.00", -90, -60, platform="youtube",
             steps=(Step("leo", ("overdue", "scheduled"), _received(None, "PF-77120", -50)),)),
    Scenario("leo", "Speedrun charity stream", "tom", "USD", "350.00", -20, 10, platform="twitch",
             steps=(Step("tom", ("scheduled",), _sent("200.00", "PF-88231", -2)),)),
    Scenario("amira", "Eid giveaway stories", "nadia", "AED", "1500.00", -30, -10, platform="instagram",
             steps=(Step("nadia", ("overdue",), _dispute("Two of the three stories were missing the "
                                                         "paid-partnership label.")),)),
    Scenario("leo", "Co-op dev diary", "Pixelhaven Games", "EUR", "400.00", -12, 18, platform="youtube"),
    Scenario("noura", "Cardamom latte reel", "Qahwa House", "SAR", "2000.00", -15, 15, platform="instagram"),
    Scenario("noura", "Date dessert stories", "Oasis Sweets", "AED", "1800.00", -8, 22, platform="instagram"),
    Scenario("amira", "Lentil week recipes", "nadia", "AED", "2200.00", -200, -170, platform="youtube",
             steps=(Step("amira", ("overdue", "scheduled"), _received(None, "VP-TRX-40913", -150)),)),
)


def seed_payouts(backend) -> dict[str, int]:
    """Billing details, demo rates, demo payouts and their payments; returns how many payouts were created and
    steps run."""
    created = steps_run = 0
    for key, details in BILLING.items():
        gw = backend.gateway_for(demo_person(key).person())
        if invoices.billing_details(gw) != details:
            invoices.save_billing_details(gw, details)
    for key, base, quote, rate in RATES:
        gw = backend.gateway_for(demo_person(key).person())
        on = today_in(demo_person(key).time_zone) - dt.timedelta(days=400)
        if not any(r.base == base and r.quote == quote and r.rate_date == on and str(r.rate) == rate
                   for r in fx.list_rates(gw)):
            fx.save_rate(gw, base, quote, rate, on, DEMO_RATE_NOTE)

    _seed_tax_profiles(backend)
    for scenario in SCENARIOS:
        creator = demo_person(scenario.creator)
        gw = backend.gateway_for(creator.person())
        today = today_in(creator.time_zone)
        payout = _find(gw, scenario.description)
        if payout is None:
            payout = payouts.create(gw, _terms(gw, scenario, today), today=today)
            created += 1
        for step in scenario.steps:
            person = demo_person(step.who)
            step_gw = backend.gateway_for(person.person())
            current = payouts.get(step_gw, payout.id)
            if current.status in step.when and step.run(step_gw, current, today) is not None:
                steps_run += 1

    # Offers accepted by the offers seed: invoice Maya's denim balance, and a part payment for Amira's box.
    maya = backend.gateway_for(demo_person("maya").person())
    denim = _find(maya, "Fee · Spring denim edit")
    if denim is not None and denim.invoice_id is None and denim.status == "scheduled":
        invoices.issue(maya, denim.id, invoices.BillTo(name="Green Thread Apparel Ltd",
                                                       address="Unit 4, Mill Lane\nLeeds LS1 4AB\nUnited Kingdom"))
        steps_run += 1
    amira = backend.gateway_for(demo_person("amira").person())
    box = _find(amira, "Fee · Ramadan pantry box")
    if box is not None and box.is_open and not _reference_known(amira, "VP-TRX-55120"):
        payouts.record_payment(amira, box, payouts.PaymentDetails("2000.00", "bank_transfer", "VP-TRX-55120",
                                                                  today_in(demo_person("amira").time_zone)))
        steps_run += 1
    steps_run += _seed_tax(backend)
    return {"payouts": created, "payout_steps": steps_run}


def _seed_tax_profiles(backend) -> None:
    """Tax profiles for the demo people and their brands, saved before any demo invoice is issued."""
    for key, profile in TAX_PROFILES.items():
        gw = backend.gateway_for(demo_person(key).person())
        if not _same(tax.creator_profile(gw), profile):
            tax.save_profile(gw, profile)
    for key, profile in BRAND_TAX_PROFILES.items():
        gw = backend.gateway_for(demo_person(key).person())
        rows = gw.select("brands", columns=["id"], filters=[eq("name", demo_person(key).brand)])
        if rows and not _same(tax.brand_profile(gw, rows[0]["id"]), profile):
            tax.save_profile(gw, profile, brand_id=rows[0]["id"])


def _seed_tax(backend) -> int:
    """The demo invoices issued under the tax profiles, through the same service as a creator's own."""
    issued = 0
    for key, description, bill_to in TAX_INVOICES:
        gw = backend.gateway_for(demo_person(key).person())
        payout = _find(gw, description)
        if payout is not None and payout.invoice_id is None and payout.is_open:
            invoices.issue(gw, payout.id, BILL_TO[bill_to] if bill_to else invoices.BillTo())
            issued += 1
    return issued


def _same(stored: tax.TaxProfile | None, wanted: tax.TaxProfile) -> bool:
    if stored is None:
        return False
    fields = ("legal_name", "address", "country", "tax_id", "vat_registered", "small_business_exemption", "us_form")
    return all(getattr(stored, f) == getattr(tax.validate_profile(wanted), f) for f in fields)


def _terms(gw: Gateway, scenario: Scenario, today: dt.date) -> payouts.PayoutTerms:
    brand_id, brand_name = None, scenario.brand
    try:
        partner = demo_person(scenario.brand)
    except KeyError:
        partner = None
    if partner is not None:
        brand_name = partner.brand
        rows = gw.select("brands", columns=["id"], filters=[eq("name", partner.brand)])
        brand_id = rows[0]["id"] if rows else None
    return payouts.PayoutTerms(
        description=scenario.description, currency=scenario.currency, amount=scenario.amount,
        due_date=today + dt.timedelta(days=scenario.due), brand_name=brand_name, brand_id=brand_id,
        platform=scenario.platform, billed_on=today + dt.timedelta(days=scenario.billed),
        late_fee_percent=scenario.late_fee_percent)


def _find(gw: Gateway, description: str) -> payouts.Payout | None:
    for payout in payouts.list_payouts(gw, creator_id=gw.person.id):
        if payout.description == description:
            return payout
    return None


def _reference_known(gw: Gateway, reference: str) -> bool:
    return bool(gw.select("payments", columns=["id"], filters=[eq("reference", reference)]))
