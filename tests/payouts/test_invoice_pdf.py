"""Invoice PDFs: issued by SQL, rendered with fpdf2, stored once and downloaded again byte for byte; their text
(read back with pypdf) holds both parties, one line per deliverable, the tax and withheld lines, the amount due
in the currency's minor units and the payment instructions. Credit notes cancel an invoice in full."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import uuid
from decimal import Decimal

import pypdf
import pytest
from babel.dates import format_date

from services.payouts import invoice_pdf
from services.payouts import invoices
from services.offers import offers
from services.payouts import payouts
from services.core.db.gateway import Person, eq
from services.core.db.postgres import PostgresGateway
from services.offers.offers import Item, Terms
from services.core import clock
from tests.support.creator_accounts import give_accounts


def medium(day: dt.date) -> str:
    """A date as an English reader reads it on the PDF (CLDR's medium date, straight from Babel: "Mar 1, 2025")."""
    return format_date(day, "medium", locale="en")


def today() -> dt.date:
    return clock.today()


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def people(pool, gateway_for):
    creator, partner = (Person(id=str(uuid.uuid4()), email=f"{k}-{uuid.uuid4().hex[:6]}@example.com")
                        for k in ("creator", "partner"))
    PostgresGateway(pool, creator).rpc("ensure_profile", {"p_display_name": "Zoë Ødegård", "p_email": creator.email})
    give_accounts(pool, creator, "instagram", "tiktok")
    invitation = PostgresGateway(pool, creator).rpc("create_invitation", {"p_brand_name": "Смарт Бренд",
                                                                         "p_email": partner.email})[0]
    PostgresGateway(pool, partner).rpc("accept_invitation", {"p_token": invitation["token"], "p_display_name": "Pat"})
    c, b = gateway_for(creator), gateway_for(partner)
    invoices.save_billing_details(c, invoices.BillingDetails(
        legal_name="Zoë Ødegård Studio", address="Storgata 1\n0155 Oslo\nNorway", tax_id="NO 999 999 999 MVA",
        payment_instructions="IBAN NO00 0000 0000 000 · BIC DEMONOKK\nReference: the invoice number"))
    return c, b, creator, partner


def test_an_invoice_from_an_accepted_offer_lists_its_deliverables_and_the_right_numbers(people):
    c, b, creator, _ = people
    due = today() + dt.timedelta(days=10)
    offer = offers.create(b, creator.id, Terms("Fjord week", Decimal("1000.00"), "EUR",
                                               (Item("instagram", "reel", 2, due), Item("tiktok", "video", 1, due)),
                                               today() + dt.timedelta(days=3), deposit_percent=Decimal("40"),
                                               payment_net_days=14), time_zone="UTC", send=True)
    offers.accept(c, offer.id)
    deposit = next(p for p in payouts.list_payouts(c) if p.kind == "deposit")
    payouts.update(c, deposit.id, payouts.PayoutTerms(deposit.description, "EUR", "400.00", deposit.due_date,
                                                      tax_percent="25", fee_percent="10", withholding_percent="5",
                                                      late_fee_percent="2"), today=today())
    invoice = invoices.issue(c, deposit.id, invoices.BillTo(name="Smart Brand AS", address="Karl Johans gate 2, Oslo",
                                                            tax_id="NO 123 456 789", notes="PO 4711"))
    assert [(line.description.split(": ")[1].split(" (")[0], line.amount) for line in invoice.lines] == [
        ("Instagram reel #1", Decimal("133.34")), ("Instagram reel #2", Decimal("133.33")),
        ("TikTok video #1", Decimal("133.33"))]
    assert (invoice.subtotal, invoice.tax_amount, invoice.total) == (Decimal("400.00"), Decimal("100.00"),
                                                                     Decimal("500.00"))
    assert (invoice.fee_amount, invoice.withholding_amount, invoice.amount_due) == (
        Decimal("40.00"), Decimal("20.00"), Decimal("440.00"))

    pdf = invoices.document(c, invoice)
    text = flat(text_of(pdf))
    for expected in ("INVOICE", invoice.display_number, f"Issue date {medium(today())}",
                     f"Due date {medium(deposit.due_date)}", "Zoë Ødegård Studio", "Storgata 1",
                     "NO 999 999 999 MVA",
                     "Smart Brand AS", "Karl Johans gate 2, Oslo", "Tax id: NO 123 456 789",
                     "Deposit (40%) · Fjord week: Instagram reel #1", "133.34 EUR", "TikTok video #1",
                     "Subtotal 400.00 EUR", "Tax (25 %) 100.00 EUR", "Total 500.00 EUR",
                     "platform or agency fee withheld (10 %) -40.00 EUR", "withholding tax withheld by the payer (5 %) "
                     "-20.00 EUR", "Amount due 440.00 EUR", f"Please pay 440.00 EUR by {medium(deposit.due_date)}",
                     "Late payment: 2 % per whole month", "IBAN NO00 0000 0000 000 · BIC DEMONOKK", "PO 4711"):
        assert expected in text, expected
    assert text.count("133.33 EUR") == 2


def test_the_stored_pdf_is_downloaded_again_byte_for_byte_by_both_sides(people, admin_conn):
    c, b, _, _ = people
    p = payouts.create(c, payouts.PayoutTerms("Spring reel", "USD", "250.00", today() + dt.timedelta(days=7),
                                              brand_name="Somebody"), today=today())
    invoice = invoices.issue(c, p.id, invoices.BillTo())
    stored = admin_conn.execute("select content, sha256, file_name from public.invoice_documents where invoice_id = %s",
                                (invoice.id,)).fetchone()
    first, again = invoices.document(c, invoice), invoices.document(c, invoice)
    assert first == again == bytes(stored["content"]) and first.startswith(b"%PDF-")
    assert hashlib.sha256(first).hexdigest() == stored["sha256"] and stored["file_name"] == "INV-0001.pdf"
    assert b.select("invoices", filters=[eq("id", invoice.id)]) == [], "a payout not linked to the brand stays private"


def test_an_invoice_is_stored_in_the_issuing_creators_language_and_stays_so(people):
    from tests.support import pdf_text
    c, b, _, _ = people
    p = payouts.create(c, payouts.PayoutTerms("Campagne printemps", "EUR", "250.00", today() + dt.timedelta(days=7),
                                              brand_name="Somebody"), today=today())
    invoice = invoices.issue(c, p.id, invoices.BillTo(name="Maison Lune SAS"), locale="fr")
    # from portal/locale/fr/LC_MESSAGES/portal.po
    first = invoices.document(c, invoice, locale="de")
    assert "Montant dû 250,00 EUR" in pdf_text.text(first) and "FACTURE" in pdf_text.text(first)
    assert invoices.document(c, invoice, locale="en") == first, "an issued document never changes"
    note = invoices.credit(c, invoice, "Mauvaise raison sociale", locale="fr")
    assert "AVOIR" in pdf_text.text(invoices.document(c, note)) and "Motif : Mauvaise raison sociale" in \
        pdf_text.text(invoices.document(c, note))


def test_currencies_keep_their_minor_units_on_the_pdf(people):
    c, _, _, _ = people
    texts = {}
    for currency, amount in (("JPY", "150000"), ("KWD", "1234.567"), ("USD", "99.90")):
        p = payouts.create(c, payouts.PayoutTerms(f"Fee in {currency}", currency, amount, today() + dt.timedelta(days=5),
                                                  brand_name="Somebody", tax_percent="5"), today=today())
        texts[currency] = flat(text_of(invoices.document(c, invoices.issue(c, p.id, invoices.BillTo()))))
    assert "Subtotal 150,000 JPY" in texts["JPY"] and "Tax (5 %) 7,500 JPY" in texts["JPY"]
    assert "Amount due 157,500 JPY" in texts["JPY"]
    assert "Subtotal 1,234.567 KWD" in texts["KWD"] and "Tax (5 %) 61.728 KWD" in texts["KWD"]
    assert "Amount due 1,296.295 KWD" in texts["KWD"]
    assert "Amount due 104.90 USD" in texts["USD"]  # 99.90 + 4.995 rounded half away from zero = 5.00
    numbers = [int(re.search(r"INV-(\d{4})", t).group(1)) for t in texts.values()]
    assert numbers == [1, 2, 3], "one series per creator, no gaps"


def test_a_credit_note_cancels_the_invoice_on_paper_too(people):
    c, _, _, _ = people
    p = payouts.create(c, payouts.PayoutTerms("Story set", "GBP", "320.00", today() + dt.timedelta(days=9),
                                              brand_name="Somebody"), today=today())
    invoice = invoices.issue(c, p.id, invoices.BillTo(name="Somebody Ltd"))
    note = invoices.credit(c, invoice, "Wrong company name on the invoice")
    text = flat(text_of(invoices.document(c, note)))
    for expected in ("CREDIT NOTE", "No. CN-0001", f"Cancels invoice INV-0001 of {medium(invoice.issue_date)}",
                     "Reason: Wrong company name on the invoice", "Subtotal -320.00 GBP", "Amount credited -320.00 GBP"):
        assert expected in text, expected
    assert "Payment instructions" not in text
    reissued = invoices.issue(c, p.id, invoices.BillTo(name="Somebody Limited"))
    assert reissued.display_number == "INV-0002" and "Somebody Limited" in flat(text_of(invoices.document(c, reissued)))


def test_a_missing_pdf_is_rendered_from_the_issued_snapshot_for_the_creator_only(pool, admin_url):
    creator, partner = Person(id=str(uuid.uuid4())), Person(id=str(uuid.uuid4()), email="p@example.com")
    c = PostgresGateway(pool, creator)
    c.rpc("ensure_profile", {"p_display_name": "Creator", "p_email": None})
    give_accounts(pool, creator, "instagram", "tiktok")
    invitation = c.rpc("create_invitation", {"p_brand_name": "Brand", "p_email": partner.email})[0]
    b = PostgresGateway(pool, partner)
    b.rpc("accept_invitation", {"p_token": invitation["token"], "p_display_name": "Pat"})
    brand_id = c.select("creator_partners")[0]["brand_id"]
    invoices.save_billing_details(c, invoices.BillingDetails(payment_instructions="Pay by PayPal to me@example.com"))
    p = payouts.create(c, payouts.PayoutTerms("Reel", "EUR", "10.00", today() + dt.timedelta(days=3),
                                              brand_id=brand_id), today=today())
    row = c.rpc("issue_invoice", {"p_payout_id": p.id, "p_details": {}})  # issued, PDF not stored (as after a crash)
    invoice = invoices.get(c, row["id"])
    assert invoices.document(b, invoice) is None, "the brand waits for the creator's copy"
    pdf = invoices.document(c, invoice)
    assert "Amount due 10.00 EUR" in flat(text_of(pdf))
    assert invoices.document(b, invoice) == pdf


def test_the_renderer_embeds_its_font_and_spells_currency_codes():
    invoice = invoices.Invoice(
        id="x", creator_id="c", brand_id=None, payout_id="p", kind="invoice", number=12, display_number="INV-0012",
        corrects_invoice_id=None, issue_date=dt.date(2026, 11, 28), due_date=dt.date(2026, 12, 28), currency="INR",
        minor_units=2, seller={"name": "Priya ₹ Studio", "address": "Mumbai"}, buyer={"name": "Ελληνική Εταιρεία"},
        lines=tuple(invoices.Line(n, f"Line {n} " + "with a long description " * 6, 1, Decimal("10.00"))
                    for n in range(1, 41)),
        subtotal=Decimal("400.00"), tax_percent=Decimal("18"), tax_amount=Decimal("72.00"), fee_percent=Decimal(0),
        fee_amount=Decimal(0), withholding_percent=Decimal(0), withholding_amount=Decimal(0), total=Decimal("472.00"),
        amount_due=Decimal("472.00"), late_fee_percent=Decimal(0), payment_instructions="UPI priya@bank",
        notes=None, reason=None, issued_at="2026-11-28T10:00:00+00:00")
    pdf = invoice_pdf.render(invoice)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2, "forty long lines flow onto a second page"
    text = flat(text_of(pdf))
    assert "Priya ₹ Studio" in text and "Ελληνική Εταιρεία" in text and "Amount due 472.00 INR" in text
    assert "Line 40 with a long description" in text and "page 2 of" in text
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert any("DejaVu" in name for name in fonts)


# -- the reader's language -----------------------------------------------------------------------------------------

def _plain_invoice(**changes) -> invoices.Invoice:
    """An invoice without a tax determination (version 1 of the PDF), seller in Germany."""
    values = dict(
        id="x", creator_id="c", brand_id=None, payout_id="p", kind="invoice", number=3, display_number="INV-0003",
        corrects_invoice_id=None, issue_date=dt.date(2025, 3, 1), due_date=dt.date(2025, 3, 31), currency="EUR",
        minor_units=2, seller={"name": "Maya Okafor Studio", "address": "Berlin", "country": "DE"},
        buyer={"name": "Green Thread Apparel Ltd"},
        lines=(invoices.Line(1, "Instagram reel", 1, Decimal("400.00")),),
        subtotal=Decimal("400.00"), tax_percent=Decimal("0"), tax_amount=Decimal("0"), fee_percent=Decimal(0),
        fee_amount=Decimal(0), withholding_percent=Decimal(0), withholding_amount=Decimal(0), total=Decimal("400.00"),
        amount_due=Decimal("400.00"), late_fee_percent=Decimal(0), payment_instructions="IBAN DE00 1234",
        notes=None, reason=None, issued_at="2025-03-01T10:00:00+00:00")
    values.update(changes)
    return invoices.Invoice(**values)


def test_an_invoice_for_a_french_reader_is_french():
    from tests.support import pdf_text
    text = pdf_text.text(invoice_pdf.render(_plain_invoice(), locale="fr"))
    # Expected wording copied from portal/locale/fr/LC_MESSAGES/portal.po; dates and amounts as CLDR writes them
    # for French ("1 mars 2025", "400,00").
    for expected in ("FACTURE", "N° INV-0003", "Date d'émission 1 mars 2025", "Date d'échéance 31 mars 2025",
                     "Devise EUR", "Sous-total 400,00 EUR", "Montant dû 400,00 EUR",
                     "Merci de régler 400,00 EUR au plus tard le 31 mars 2025, en indiquant INV-0003 comme "
                     "référence de paiement.", "Instructions de paiement", "page 1 sur 1"):
        assert expected in text, expected
    assert "Amount due" not in text and "Issue date" not in text


def test_an_invoice_for_a_german_readers_credit_note_is_german():
    from tests.support import pdf_text
    note = _plain_invoice(kind="credit_note", display_number="CN-0001", reason="Falscher Firmenname")
    text = pdf_text.text(invoice_pdf.render(note, corrects=_plain_invoice(), locale="de"))
    # from portal/locale/de/LC_MESSAGES/portal.po; German dates as CLDR writes them ("1. März 2025")
    for expected in ("GUTSCHRIFT", "Storniert Rechnung INV-0003 vom 1. März 2025",
                     "Diese Gutschrift storniert die obige Rechnung vollständig.", "Grund: Falscher Firmenname",
                     "Gutgeschriebener Betrag -400,00 EUR"):
        assert expected in text, expected


def test_an_invoice_for_an_arabic_reader_is_shaped_arabic_in_logical_order():
    """The Arabic words read back in logical (reading) order, letter by letter as the catalogue writes them:
    pypdf reads each glyph through the font's ToUnicode map, which fpdf2 writes with the original letters; the
    text is NFKC-normalised first, so presentation forms would compare equal too. The joined letter forms in the
    embedded font show the text was shaped and that the font has the glyphs (no empty boxes)."""
    from tests.support import pdf_text
    pdf = invoice_pdf.render(_plain_invoice(), locale="ar")
    text = pdf_text.text(pdf)
    # from portal/locale/ar/LC_MESSAGES/portal.po
    for expected in ("تعليمات الدفع", "المبلغ المستحق", "تاريخ الاستحقاق", "المجموع الفرعي", "الوصف"):
        assert expected in text, expected
    assert "Payment instructions" not in text
    assert "Green Thread Apparel Ltd" in text and "IBAN DE00 1234" in text, "Latin runs keep their order"
    assert pdf_text.joined_arabic_glyphs(pdf), "shaped: joined Arabic letter forms are embedded"
