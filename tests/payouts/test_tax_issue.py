"""Issuing with a tax profile: the determination is made from the rules file, stored on the invoice with its date
of supply, and the payout's tax follows it in the same transaction; refusals (invalid tax id, missing buyer
country or buyer VAT number, an agreed late fee above the country's cap, an incomplete determination sent straight
to SQL) say what is wrong and write nothing. Row-level security of tax_profiles per persona, on both gateways."""
from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from services.core import clock
from services.core.db.gateway import ANONYMOUS, Person, eq
from services.core.db.postgres import PostgresGateway
from services.core.errors import DomainError, PermissionDenied, ValidationError
from services.payouts import fx, invoices, payouts, tax
from tests.support.creator_accounts import give_accounts


def person(label: str) -> Person:
    return Person(id=str(uuid.uuid4()), email=f"{label}-{uuid.uuid4().hex[:6]}@example.com")


@pytest.fixture
def pair(pool, gateway_for):
    creator, partner = person("creator"), person("partner")
    PostgresGateway(pool, creator).rpc("ensure_profile", {"p_display_name": "Leo", "p_email": creator.email})
    give_accounts(pool, creator, "instagram")
    invitation = PostgresGateway(pool, creator).rpc("create_invitation", {"p_brand_name": "Acme",
                                                                         "p_email": partner.email})[0]
    PostgresGateway(pool, partner).rpc("accept_invitation", {"p_token": invitation["token"], "p_display_name": "Pat"})
    c, b = gateway_for(creator), gateway_for(partner)
    brand_id = c.select("creator_partners")[0]["brand_id"]
    invoices.save_billing_details(c, invoices.BillingDetails(payment_instructions="IBAN DE00 1234"))
    return c, b, brand_id


def payout(c, brand_id, amount="1000.00", currency="EUR", **kw):
    return payouts.create(c, payouts.PayoutTerms("Reel", currency, amount, clock.today() + dt.timedelta(days=10),
                                                 brand_id=brand_id, **kw), today=clock.today())


def counts(admin_conn, creator_id):
    return (admin_conn.execute("select count(*) c from public.invoices where creator_id = %s",
                               (creator_id,)).fetchone()["c"],
            admin_conn.execute("select count(*) c from public.payout_events where creator_id = %s",
                               (creator_id,)).fetchone()["c"])


def test_domestic_invoice_charges_the_countrys_rate_and_stores_the_determination(pair, admin_conn):
    c, b, brand_id = pair
    tax.save_profile(c, tax.TaxProfile("Leo Berger", "Torstraße 1, Berlin", "DE", "de 136 695 976", True))
    tax.save_profile(b, tax.TaxProfile("Sportwerk GmbH", "Marienplatz 1, München", "DE", "DE136695976", True),
                     brand_id=brand_id)
    p = payout(c, brand_id)  # entered without tax
    invoice = invoices.issue(c, p.id, invoices.BillTo())
    # 1,000.00 × 19 % (§ 12 Abs. 1 UStG) = 190.00
    assert (invoice.tax_percent, invoice.tax_amount, invoice.total) == (Decimal(19), Decimal("190.00"),
                                                                        Decimal("1190.00"))
    assert invoice.tax["scenario"] == "domestic" and "§ 12 Abs. 1 UStG" in invoice.tax["source"]
    assert invoice.seller["name"] == "Leo Berger" and invoice.seller["tax_id"] == "DE136695976"
    assert invoice.buyer["name"] == "Sportwerk GmbH" and invoice.buyer["country"] == "DE"
    row = admin_conn.execute("select amount_due, tax_amount from public.payouts where id = %s", (p.id,)).fetchone()
    assert (row["amount_due"], row["tax_amount"]) == (Decimal("1190.00"), Decimal("190.00"))
    assert invoice.supply_date == clock.today()


def test_reverse_charge_to_an_eu_brand_and_export_to_a_us_brand(pair):
    c, b, brand_id = pair
    tax.save_profile(c, tax.TaxProfile("Leo Berger", "Torstraße 1, Berlin", "DE", "DE136695976", True))
    eu = invoices.issue(c, payout(c, brand_id, tax_percent="19").id,
                        invoices.BillTo(name="Fiets BV", address="Damrak 1", country="NL", tax_id="NL004495445B01"))
    assert eu.tax["scenario"] == "intra_union_b2b" and eu.tax_amount == 0 and eu.total == Decimal("1000.00")
    assert "Steuerschuldnerschaft des Leistungsempfängers" in eu.tax["wording"]
    us = invoices.issue(c, payout(c, brand_id, currency="USD").id,
                        invoices.BillTo(name="Acme Inc.", address="1 Market St", country="US"))
    assert us.tax["scenario"] == "export" and us.tax_amount == 0


def test_vat_in_the_national_currency_uses_a_pegged_and_an_ecb_rate(pair):
    c, _, brand_id = pair
    tax.save_profile(c, tax.TaxProfile("Amira Content FZ-LLC", "Dubai Media City", "AE", "100123456700003", True))
    fx.save_rate(c, "EUR", "USD", "1.1", clock.today() - dt.timedelta(days=2))
    invoice = invoices.issue(c, payout(c, brand_id, amount="1000.00", currency="EUR").id,
                             invoices.BillTo(name="Gulf Glow LLC", address="Dubai", country="AE"))
    # VAT 5 % of 1,000.00 EUR = 50.00 EUR; 1 EUR = 1.1 USD × 3.6725 AED = 4.03975 AED; 50 × 4.03975 = 201.9875
    national = invoice.tax["national"]
    assert (national["currency"], national["vat_amount"], national["rate"]) == ("AED", "201.99", "4.039750")
    assert national["source"] == "peg + manual"


def test_a_pegged_cross_rate_through_usd(pair):
    c, _, _ = pair
    fx.save_rate(c, "EUR", "USD", "1.1", clock.today() - dt.timedelta(days=1))
    conv = fx.convert(c, Decimal("100.00"), "EUR", "SAR", clock.today())
    assert conv.amount == Decimal("412.50") and conv.via == "USD peg"  # 100 × 1.1 × 3.75
    back = fx.convert(c, Decimal("367.25"), "AED", "USD", clock.today())
    assert back.amount == Decimal("100.00")  # 367.25 / 3.6725, no other rate needed


@pytest.mark.parametrize("profile, message", [
    (tax.TaxProfile("Leo", "Berlin", "DE", "DE136695975", True), "expected DE followed by 9 digits"),
    (tax.TaxProfile("Amelia", "London", "GB", "GB123", True), "expected GB followed by 9 digits"),
    (tax.TaxProfile("Amira", "Dubai", "AE", "200123456700003", True), "15-digit Tax Registration Number"),
    (tax.TaxProfile("Noor", "Riyadh", "SA", "310122393500001", True), "starts and ends with 3"),
    (tax.TaxProfile("Jordan", "Austin", "US", "12-34", False), "an EIN (NN-NNNNNNN)"),
    (tax.TaxProfile("Lucía", "Madrid", "ES", "", True), "A VAT-registered party has a VAT number"),
])
def test_invalid_tax_ids_are_refused_with_the_expected_format_and_nothing_is_saved(pair, admin_conn, profile,
                                                                                   message):
    c, _, _ = pair
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        tax.save_profile(c, profile)
    assert admin_conn.execute("select count(*) c from public.tax_profiles where creator_id = %s",
                              (c.person.id,)).fetchone()["c"] == 0


def test_an_incomplete_determination_is_refused_and_nothing_is_written(pair, admin_conn):
    c, _, brand_id = pair
    tax.save_profile(c, tax.TaxProfile("Leo Berger", "Torstraße 1, Berlin", "DE", "DE136695976", True))
    p = payout(c, brand_id)
    before = counts(admin_conn, c.person.id)
    with pytest.raises(ValidationError, match="the buyer's country is missing"):
        invoices.issue(c, p.id, invoices.BillTo(name="No Country Ltd"))
    with pytest.raises(ValidationError, match="the buyer's VAT number \\(needed for the reverse charge"):
        invoices.issue(c, p.id, invoices.BillTo(name="Fiets BV", country="NL"))
    with pytest.raises(DomainError, match="(?i)the tax determination is incomplete: rate, source missing"):
        c.rpc("issue_invoice", {"p_payout_id": p.id, "p_details": {
            "bill_to_country": "DE", "supply_date": clock.today().isoformat(),
            "tax": {"scenario": "domestic", "seller_country": "DE", "buyer_country": "DE", "charged": True,
                    "wording": ""}}})
    with pytest.raises(DomainError, match="(?i)the invoice has no tax determination"):
        c.rpc("issue_invoice", {"p_payout_id": p.id, "p_details": {"bill_to_country": "DE"}})
    assert counts(admin_conn, c.person.id) == before
    assert admin_conn.execute("select amount_due from public.payouts where id = %s",
                              (p.id,)).fetchone()["amount_due"] == Decimal("1000.00")


def test_an_agreed_late_fee_above_the_countrys_cap_is_refused(pair, admin_conn):
    c, _, brand_id = pair
    tax.save_profile(c, tax.TaxProfile("Leo Berger", "Torstraße 1, Berlin", "DE", "DE136695976", True))
    p = payout(c, brand_id, late_fee_percent="5")
    before = counts(admin_conn, c.person.id)
    with pytest.raises(ValidationError, match="more than the 2 % a month allowed for invoices from Germany"):
        invoices.issue(c, p.id, invoices.BillTo(name="Sportwerk", country="DE"))
    assert counts(admin_conn, c.person.id) == before


# -- row-level security ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rls_world(pool):
    owner, other, partner, unrelated = (person(k) for k in ("owner", "other", "partner", "unrelated"))
    for cr in (owner, other):
        PostgresGateway(pool, cr).rpc("ensure_profile", {"p_display_name": "C", "p_email": cr.email})
    brands = {}
    for cr, pa in ((owner, partner), (other, unrelated)):
        inv = PostgresGateway(pool, cr).rpc("create_invitation", {"p_brand_name": f"B {uuid.uuid4().hex[:6]}",
                                                                  "p_email": pa.email})[0]
        PostgresGateway(pool, pa).rpc("accept_invitation", {"p_token": inv["token"], "p_display_name": "P"})
        brands[pa.id] = PostgresGateway(pool, cr).select("creator_partners", filters=[eq("partner_id", pa.id)])[0][
            "brand_id"]
    creator_row = tax.save_profile(PostgresGateway(pool, owner),
                                   tax.TaxProfile("Owner", "Berlin", "DE", "DE136695976", True))
    brand_row = tax.save_profile(PostgresGateway(pool, partner),
                                 tax.TaxProfile("Brand GmbH", "München", "DE", None, False),
                                 brand_id=brands[partner.id])
    return {"anon": ANONYMOUS, "owner": owner, "other": other, "partner": partner, "unrelated": unrelated,
            "brand_id": brands[partner.id], "creator_row": creator_row, "brand_row": brand_row}


SEES = {  # persona: (sees the owner's profile, sees the brand's profile)
    "anon": (False, False), "owner": (True, True), "other": (False, False), "partner": (True, True),
    "unrelated": (False, False)}


@pytest.mark.parametrize("persona", list(SEES))
def test_tax_profiles_select_per_persona(gateway_for, rls_world, persona):
    gw = gateway_for(rls_world[persona])
    creator_rows = gw.select("tax_profiles", filters=[eq("creator_id", rls_world["owner"].id)])
    brand_rows = gw.select("tax_profiles", filters=[eq("brand_id", rls_world["brand_id"])])
    assert (len(creator_rows) == 1, len(brand_rows) == 1) == SEES[persona]


@pytest.mark.parametrize("persona", list(SEES))
def test_nobody_writes_tax_profiles_directly(gateway_for, rls_world, admin_conn, persona):
    gw = gateway_for(rls_world[persona])
    target = [eq("creator_id", rls_world["owner"].id)]
    with pytest.raises(PermissionDenied):
        gw.insert("tax_profiles", [{"creator_id": rls_world["owner"].id, "legal_name": "Forged", "address": "x",
                                    "country": "DE", "vat_registered": False}])
    assert gw.update("tax_profiles", {"legal_name": "Forged"}, target) == []
    assert gw.delete("tax_profiles", target) == []
    row = admin_conn.execute("select legal_name from public.tax_profiles where creator_id = %s",
                             (rls_world["owner"].id,)).fetchone()
    assert row["legal_name"] == "Owner"


@pytest.mark.parametrize("persona, allowed", [("partner", True), ("owner", False), ("unrelated", False),
                                              ("other", False)])
def test_only_the_brands_own_partners_save_its_billing_entity(gateway_for, rls_world, persona, allowed):
    gw = gateway_for(rls_world[persona])
    profile = tax.TaxProfile("Brand GmbH", "München", "DE", None, False)
    if allowed:
        assert tax.save_profile(gw, profile, brand_id=rls_world["brand_id"]).legal_name == "Brand GmbH"
    else:
        with pytest.raises(PermissionDenied):
            tax.save_profile(gw, profile, brand_id=rls_world["brand_id"])


def test_anonymous_cannot_save_a_tax_profile(gateway_for):
    with pytest.raises(PermissionDenied):
        tax.save_profile(gateway_for(ANONYMOUS), tax.TaxProfile("X", "Y", "DE", None, False))


# -- tax-year summaries ------------------------------------------------------------------------------------

def _paid(c, p, amount):
    fresh = payouts.get(c, p.id)
    payouts.record_payment(c, fresh, payouts.PaymentDetails(amount, "bank_transfer", f"R-{uuid.uuid4().hex[:8]}",
                                                            clock.today()))


def test_german_euer_lines_split_net_and_vat_and_convert_at_the_days_rate(pair):
    from services.payouts import tax_summary
    c, _, brand_id = pair
    tax.save_profile(c, tax.TaxProfile("Leo Berger", "Torstraße 1, Berlin", "DE", "DE136695976", True))
    fx.save_rate(c, "USD", "EUR", "0.9", clock.today() - dt.timedelta(days=3))
    domestic = payout(c, brand_id)
    invoices.issue(c, domestic.id, invoices.BillTo(name="Sportwerk", country="DE"))
    _paid(c, domestic, "1190.00")
    export = payout(c, brand_id, amount="500.00", currency="USD")
    invoices.issue(c, export.id, invoices.BillTo(name="Acme Inc.", country="US"))
    _paid(c, export, "500.00")
    title, rows = tax_summary.summary(c, clock.today() - dt.timedelta(days=1), clock.today())
    got = {r.line: (r.amount, r.currency) for r in rows}
    assert "Anlage EÜR" in title
    # 1,190.00 received for a 1,000.00 + 190.00 invoice: 1,000.00 net and 190.00 VAT; 500 USD × 0.9 = 450.00 EUR
    assert got == {"Umsatzsteuerpflichtige Betriebseinnahmen (netto)": (Decimal("1000.00"), "EUR"),
                   "Vereinnahmte Umsatzsteuer": (Decimal("190.00"), "EUR"),
                   "Umsatzsteuerfreie, nicht umsatzsteuerbare Betriebseinnahmen und solche nach § 13b UStG":
                       (Decimal("450.00"), "EUR")}
    assert tax_summary.to_frame(rows).shape == (3, 5)


def test_us_1099_nec_expected_per_payer(pair):
    from services.payouts import tax_summary
    c, _, brand_id = pair
    tax.save_profile(c, tax.TaxProfile("Jordan Lee", "500 Main St, Austin", "US", "04-2103594", False,
                                       us_form="W-9"))
    p = payout(c, brand_id, amount="2500.00", currency="USD")
    invoices.issue(c, p.id, invoices.BillTo(name="Acme Inc.", country="US"))
    _paid(c, p, "2500.00")
    _, rows = tax_summary.summary(c, clock.today() - dt.timedelta(days=1), clock.today())
    assert [(r.payer, r.amount, r.currency) for r in rows] == [("Acme", Decimal("2500.00"), "USD")]
    assert "at or above the" in rows[0].note  # 2,500 is above both the $600 and the $2,000 thresholds
