"""A credit note for an invoice with a tax determination: issued in SQL with the invoice's determination copied
(checked by an independent query), rendered as the tax document that corrects the invoice (EU VAT Directive
2006/112/EC art. 219: "Any document or message that amends and refers specifically and unambiguously to the initial
invoice shall be treated as an invoice"; HMRC VAT Notice 700/21 §4.7: a credit note shows "the rate of VAT and the
amount of VAT credited" and the original invoice's number and date), read back from the stored PDF. A Saudi
seller's credit note carries its own ZATCA QR code."""
from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from services.core.errors import ValidationError
from services.payouts import fx, invoice_pdf, invoices, tax, zatca
from tests.payouts.test_tax_invoice_pdf import CASES, flat, make, qr_payload
from tests.payouts.test_tax_issue import pair, payout  # noqa: F401  (pair is a fixture)


def stored(admin_conn, note_id: str) -> dict:
    """The credit note and the invoice it corrects, as the database holds them (not through the service)."""
    return admin_conn.execute(
        "select n.tax as note_tax, o.tax as invoice_tax, n.supply_date as note_supply, o.supply_date as invoice_supply,"
        " n.kind, o.display_number as original, o.issue_date as original_date, n.issued_at"
        " from public.invoices n join public.invoices o on o.id = n.corrects_invoice_id where n.id = %s",
        (note_id,)).fetchone()


def issue_and_credit(c, brand_id, bill_to, *, amount="1000.00", currency="EUR"):
    invoice = invoices.issue(c, payout(c, brand_id, amount=amount, currency=currency).id, bill_to)
    note = invoices.credit(c, invoice, "The agreed fee changed")
    return invoice, note, flat(invoices.document(c, note))


def day(value) -> str:  # the English reader's medium date, as CLDR writes it ("Mar 1, 2025")
    return f"{value:%b} {value.day}, {value.year}"


def test_a_german_domestic_credit_note_credits_the_vat_and_refers_to_the_invoice(pair, admin_conn):
    c, b, brand_id = pair
    tax.save_profile(c, tax.TaxProfile("Leo Berger", "Torstraße 1, Berlin", "DE", "DE136695976", True))
    tax.save_profile(b, tax.TaxProfile("Sportwerk GmbH", "Marienplatz 1, München", "DE", "DE136695976", True),
                     brand_id=brand_id)
    invoice, note, text = issue_and_credit(c, brand_id, invoices.BillTo())
    row = stored(admin_conn, note.id)
    assert row["kind"] == "credit_note" and row["note_tax"] == row["invoice_tax"] is not None
    assert row["note_supply"] == row["invoice_supply"]
    assert note.tax == row["invoice_tax"]
    assert "CREDIT NOTE" in text and f"No. {note.display_number}" in text
    assert f"Corrects invoice {row['original']} of {day(row['original_date'])}" in text
    assert "Reason: The agreed fee changed" in text
    # 1,000.00 net × 19 % (§ 12 Abs. 1 UStG) = 190.00 VAT, credited: -1,000.00, -190.00, -1,190.00
    assert "VAT 19 % on -1,000.00 EUR -190.00 EUR" in text and "Total -1,190.00 EUR" in text
    assert "Germany VAT charged at 19 %" in text and "§ 12 Abs. 1 UStG" in text
    assert "Leo Berger" in text and "VAT number: DE136695976" in text and "Sportwerk GmbH" in text
    assert "Please pay" not in text
    with pytest.raises(ValidationError, match="already cancelled"):  # one credit note per invoice
        invoices.credit(c, invoice, "again")


def test_a_reverse_charge_credit_note_keeps_the_wording_and_credits_no_vat(pair, admin_conn):
    c, _, brand_id = pair
    tax.save_profile(c, tax.TaxProfile("Leo Berger", "Torstraße 1, Berlin", "DE", "DE136695976", True))
    invoice, note, text = issue_and_credit(
        c, brand_id, invoices.BillTo(name="Fiets BV", address="Damrak 1", country="NL", tax_id="NL004495445B01"))
    row = stored(admin_conn, note.id)
    assert row["note_tax"] == row["invoice_tax"] and row["note_tax"]["scenario"] == "intra_union_b2b"
    assert f"Corrects invoice {invoice.display_number}" in text
    assert "VAT number: NL004495445B01" in text
    assert "VAT 0 % on -1,000.00 EUR 0.00 EUR" in text and "Total -1,000.00 EUR" in text  # reverse charge: no VAT
    assert "Steuerschuldnerschaft des Leistungsempfängers" in text and "Art. 196 Directive 2006/112/EC" in text


def test_a_saudi_credit_note_is_bilingual_with_its_own_qr(pair, admin_conn):
    c, _, brand_id = pair
    tax.save_profile(c, tax.TaxProfile("Noor Al-Harbi Studio", "King Fahd Road 1, Riyadh", "SA", "310122393500003",
                                       True))
    invoice, note, text = issue_and_credit(c, brand_id, invoices.BillTo(name="Riyadh Retail Co", address="Olaya St",
                                                                        country="SA"), currency="SAR")
    row = stored(admin_conn, note.id)
    assert row["note_tax"] == row["invoice_tax"]
    assert "CREDIT NOTE" in text and "إشعار دائن" in text
    assert f"Corrects invoice {invoice.display_number}" in text
    # 1,000.00 SAR × 15 % = 150.00 VAT, credited
    assert "VAT 15 % on -1,000.00 SAR -150.00 SAR" in text and "Total -1,150.00 SAR" in text
    fields = zatca.decode(qr_payload(invoices.document(c, note)))
    # the credit note's own time stamp (from the database row), its total and VAT without a sign (ZATCA's credit
    # notes, document type 381, state positive amounts)
    issued = row["issued_at"].astimezone(dt.timezone.utc)
    assert fields == {"seller_name": "Noor Al-Harbi Studio", "vat_number": "310122393500003",
                      "timestamp": issued.strftime("%Y-%m-%dT%H:%M:%SZ"), "total_with_vat": "1150.00",
                      "vat_total": "150.00"}


def test_vat_in_the_national_currency_is_credited_at_the_originals_rate_and_date():
    seller, buyer, currency, net, _ = CASES["UK-domestic-in-USD"]
    conversion = fx.Conversion(Decimal("150.00"), Decimal("0.75"), dt.date(2025, 2, 28), "manual", "direct")
    invoice = make(seller, buyer, currency, net, conversion=conversion)
    note = dataclasses.replace(invoice, kind="credit_note", display_number="CN-0003", corrects_invoice_id=invoice.id,
                               issue_date=dt.date(2025, 3, 20), reason="Cancelled campaign",
                               issued_at="2025-03-20T09:00:00+00:00")
    text = flat(invoice_pdf.render(note, corrects=invoice))
    # 1,000.00 USD × 20 % = 200.00 USD; × 0.75 = 150.00 GBP, at the invoice's rate of Feb 28, 2025, credited
    assert "VAT 20 % on -1,000.00 USD -200.00 USD" in text
    assert "VAT in GBP: -150.00 GBP at 1 USD = 0.75 GBP (manual rate of Feb 28, 2025)" in text
    assert "Corrects invoice INV-0007 of Mar 1, 2025" in text and "Issue date Mar 20, 2025" in text


def test_a_credit_note_without_a_determination_keeps_the_old_layout():
    seller, buyer, currency, net, _ = CASES["DE-domestic"]
    invoice = dataclasses.replace(make(seller, buyer, currency, net), tax=None)
    note = dataclasses.replace(invoice, kind="credit_note", display_number="CN-0001", reason="Duplicate")
    text = flat(invoice_pdf.render(note, corrects=invoice))
    assert "Cancels invoice INV-0007" in text and "Corrects invoice" not in text
