"""Invoice PDF v2, country by country: for a seller in each of DE, FR, UK, ES, US, AE and SA, a domestic and a
cross-border invoice is determined from the rules file, rendered, read back with pypdf, and every mandatory field
of the seller's country (tax_rules.json "mandatory_fields") is found with the value written here by hand. The
Saudi invoice's QR code is decoded from the PDF's image with zxing-cpp and each ZATCA field checked."""
from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pypdf
import pytest
import zxingcpp
from PIL import Image

from services.payouts import fx, invoice_pdf, invoices, tax, zatca

ISSUED = "2025-03-01T10:00:00+00:00"


def flat(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in reader.pages))


def make(seller: tax.TaxProfile, buyer: dict, currency: str, net: str, *, conversion=None, lines=None,
         late_fee="0") -> invoices.Invoice:
    det = tax.determine(seller, buyer["country"], buyer.get("tax_id"))
    rate = Decimal(det.rate) if det.charged else Decimal(0)
    vat = (Decimal(net) * rate / 100).quantize(Decimal("0.01"))
    if vat:
        det = tax.with_national_vat(det, vat, currency, conversion, dt.date(2025, 3, 1))
    seller_snapshot = {"name": seller.legal_name, "address": seller.address, "country": seller.country,
                       "tax_id": seller.tax_id, "us_form": seller.us_form}
    lines = lines or (invoices.Line(1, "Sponsored Instagram reel", 2, Decimal(net)),)
    return invoices.Invoice(
        id="x", creator_id="c", brand_id="b", payout_id="p", kind="invoice", number=7, display_number="INV-0007",
        corrects_invoice_id=None, issue_date=dt.date(2025, 3, 1), due_date=dt.date(2025, 3, 31), currency=currency,
        minor_units=2, seller={k: v for k, v in seller_snapshot.items() if v}, buyer=buyer, lines=lines,
        subtotal=Decimal(net), tax_percent=rate, tax_amount=vat, fee_percent=Decimal(0), fee_amount=Decimal(0),
        withholding_percent=Decimal(0), withholding_amount=Decimal(0), total=Decimal(net) + vat,
        amount_due=Decimal(net) + vat, late_fee_percent=Decimal(late_fee), payment_instructions="IBAN XX00 1234",
        notes=None, reason=None, issued_at=ISSUED, tax=det.payload(), supply_date=dt.date(2025, 2, 27))


LEO = tax.TaxProfile("Leo Berger", "Torstraße 1\n10119 Berlin", "DE", "DE136695976", True)
CAMILLE = tax.TaxProfile("Camille Martin EI", "12 rue de Rivoli\n75004 Paris", "FR", "FR40303265045", True)
AMELIA = tax.TaxProfile("Amelia Hart Media Ltd", "1 High Street\nLondon EC1A 1AA", "GB", "GB980780684", True)
LUCIA = tax.TaxProfile("Lucía Gómez", "Calle Mayor 5\n28013 Madrid", "ES", "ESA28015865", True)
JORDAN = tax.TaxProfile("Jordan Lee", "500 Main St\nAustin, TX 78701", "US", "04-2103594", False, us_form="W-9")
AMIRA = tax.TaxProfile("Amira Haddad Content FZ-LLC", "Dubai Media City, Dubai", "AE", "100123456700003", True)
NOOR = tax.TaxProfile("Noor Al-Harbi Studio", "King Fahd Road 1\nRiyadh 12211", "SA", "310122393500003", True)

ACME_US = {"name": "Acme Inc.", "address": "1 Market St, San Francisco, CA", "country": "US"}
# (seller, buyer, currency, net, expected strings: the mandatory fields' values as they must read on the PDF)
# Dates as the English reader reads them (CLDR medium date: "Mar 1, 2025").
COMMON = ["INV-0007", "Issue date Mar 1, 2025", "Feb 27, 2025", "Due date Mar 31, 2025",
          "Sponsored Instagram reel", "IBAN XX00 1234"]
CASES = {
    "DE-domestic": (LEO, {"name": "Sportwerk GmbH", "address": "Marienplatz 1, München", "country": "DE"}, "EUR",
                    "1000.00", ["INVOICE", "Leo Berger", "Torstraße 1", "VAT number: DE136695976", "Sportwerk GmbH",
                                "Marienplatz 1, München", "Leistungsdatum Feb 27, 2025", "2 500.00 EUR 19 % 1,000.00 EUR",
                                "Net total 1,000.00 EUR", "VAT 19 % on 1,000.00 EUR 190.00 EUR",
                                "Total 1,190.00 EUR", "Germany VAT charged at 19 %", "§ 12 Abs. 1 UStG",
                                "9 Prozentpunkten über dem Basiszinssatz", "Pauschale von 40 EUR"]),
    "DE-to-US": (LEO, ACME_US, "USD", "2000.00",
                 ["Acme Inc.", "United States", "VAT 0 % on 2,000.00 USD 0.00 USD", "Total 2,000.00 USD",
                  "Nicht im Inland steuerbar (§ 3a Abs. 2 UStG)", "§ 3a Abs. 2 UStG: a service to a business"]),
    "DE-to-NL-reverse-charge": (LEO, {"name": "Fiets BV", "address": "Damrak 1, Amsterdam", "country": "NL",
                                      "tax_id": "NL004495445B01"}, "EUR", "800.00",
                                ["Fiets BV", "VAT number: NL004495445B01", "VAT 0 % on 800.00 EUR 0.00 EUR",
                                 "Steuerschuldnerschaft des Leistungsempfängers", "Art. 196 Directive 2006/112/EC"]),
    "FR-domestic": (CAMILLE, {"name": "Maison Lune SAS", "address": "3 quai Voltaire, Paris", "country": "FR"}, "EUR",
                    "1000.00", ["Camille Martin EI", "VAT number: FR40303265045", "Maison Lune SAS",
                                "Date de la prestation Feb 27, 2025", "VAT 20 % on 1,000.00 EUR 200.00 EUR",
                                "Total 1,200.00 EUR", "Due date Mar 31, 2025", "majoré de 10 points",
                                "Indemnité forfaitaire pour frais de recouvrement : 40 €", "Article 278 du CGI"]),
    "FR-to-ES-reverse-charge": (CAMILLE, {"name": "Sol y Mar SL", "address": "Gran Vía 1, Madrid", "country": "ES",
                                          "tax_id": "ESA28015865"}, "EUR", "600.00",
                                ["VAT number: ESA28015865", "Autoliquidation", "VAT 0 % on 600.00 EUR 0.00 EUR",
                                 "indemnité forfaitaire" if False else "40 €"]),
    "UK-domestic-in-USD": (AMELIA, {"name": "Brit Brands plc", "address": "2 Deansgate, Manchester", "country": "GB"},
                           "USD", "1000.00", ["Amelia Hart Media Ltd", "VAT number: GB980780684", "Brit Brands plc",
                                              "Time of supply (tax point) Feb 27, 2025",
                                              "VAT 20 % on 1,000.00 USD 200.00 USD", "Total 1,200.00 USD",
                                              "VAT in GBP: 150.00 GBP at 1 USD = 0.75 GBP (manual rate of Feb 28, 2025)",
                                              "8% above the Bank of England base rate", "£40, £70 or £100"]),
    "UK-to-DE": (AMELIA, {"name": "Sportwerk GmbH", "address": "Marienplatz 1, München", "country": "DE",
                          "tax_id": "DE136695976"}, "EUR", "900.00",
                 ["Outside the scope of UK VAT", "VATA 1994 s.7A", "VAT 0 % on 900.00 EUR 0.00 EUR",
                  "Total 900.00 EUR"]),
    "ES-domestic": (LUCIA, {"name": "Moda Madrid SA", "address": "Serrano 10, Madrid", "country": "ES"}, "EUR",
                    "1000.00", ["Lucía Gómez", "VAT number: ESA28015865", "Moda Madrid SA",
                                "Fecha de la operación Feb 27, 2025", "VAT 21 % on 1,000.00 EUR 210.00 EUR",
                                "Total 1,210.00 EUR", "Ley 37/1992", "más 8 puntos"]),
    "ES-to-UK": (LUCIA, {"name": "Brit Brands plc", "address": "2 Deansgate, Manchester", "country": "GB"}, "GBP",
                 "500.00", ["Operación no sujeta (art. 69 Ley 37/1992)", "VAT 0 % on 500.00 GBP 0.00 GBP"]),
    "US-domestic": (JORDAN, ACME_US, "USD", "1500.00",
                    ["Jordan Lee", "500 Main St", "Acme Inc.", "Date of service Feb 27, 2025", "US tax form on file: W-9",
                     "Total 1,500.00 USD", "No VAT: the United States has no value-added tax", "1099-NEC"]),
    "US-to-DE": (JORDAN, {"name": "Sportwerk GmbH", "address": "Marienplatz 1, München", "country": "DE"}, "EUR",
                 "700.00", ["Sportwerk GmbH", "Germany", "Total 700.00 EUR", "No VAT"]),
    "AE-domestic": (AMIRA, {"name": "Gulf Glow LLC", "address": "Sheikh Zayed Rd, Dubai", "country": "AE",
                            "tax_id": "100987654300003"}, "AED", "1000.00",
                    ["TAX INVOICE", "فاتورة ضريبية", "Amira Haddad Content FZ-LLC", "VAT number: 100123456700003",
                     "Gulf Glow LLC", "VAT number: 100987654300003", "Date of supply Feb 27, 2025",
                     "VAT 5 % on 1,000.00 AED 50.00 AED", "Total 1,050.00 AED", "Art. 3"]),
    "AE-to-SA": (AMIRA, {"name": "Riyadh Retail Co", "address": "Olaya St, Riyadh", "country": "SA",
                         "tax_id": "300000000000003"}, "SAR", "2000.00",
                 ["TAX INVOICE", "Zero-rated: export of services (Art. 45(1)", "VAT 0 % on 2,000.00 SAR 0.00 SAR"]),
    "SA-domestic": (NOOR, {"name": "Riyadh Retail Co", "address": "Olaya St, Riyadh", "country": "SA"}, "SAR",
                    "1000.00", ["SIMPLIFIED TAX INVOICE", "فاتورة ضريبية مبسطة", "Noor Al-Harbi Studio",
                                "VAT number: 310122393500003", "Date of supply Feb 27, 2025",
                                "VAT 15 % on 1,000.00 SAR 150.00 SAR", "Total 1,150.00 SAR", "ZATCA QR code"]),
    "SA-to-AE": (NOOR, {"name": "Gulf Glow LLC", "address": "Sheikh Zayed Rd, Dubai", "country": "AE",
                        "tax_id": "100987654300003"}, "AED", "3000.00",
                 ["TAX INVOICE", "Zero-rated: export of services (Art. 33", "VAT 0 % on 3,000.00 AED 0.00 AED",
                  "ZATCA QR code"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_mandatory_field_of_the_sellers_country_is_on_the_pdf(case):
    seller, buyer, currency, net, expected = CASES[case]
    conversion = fx.Conversion(Decimal("150.00"), Decimal("0.75"), dt.date(2025, 2, 28), "manual", "direct") \
        if case == "UK-domestic-in-USD" else None
    invoice = make(seller, buyer, currency, net, conversion=conversion)
    text = flat(invoice_pdf.render(invoice))
    for value in COMMON + expected:
        assert value in text, (case, value)
    # the fields the rules list for this seller, each with its value
    fields = tax.country_rules(seller.country)["mandatory_fields"]
    checks = {
        "seller_legal_name": seller.legal_name, "seller_address": seller.address.splitlines()[0],
        "seller_tax_id": f"VAT number: {seller.tax_id}", "buyer_legal_name": buyer["name"],
        "buyer_address": buyer["address"], "invoice_number": "No. INV-0007", "issue_date": "Issue date Mar 1, 2025",
        "supply_date": "Feb 27, 2025", "due_date": "Due date Mar 31, 2025", "total": "Amount due",
        "lines_quantity_unit_price": "Qty Unit price VAT % Net amount", "net_per_rate": "Net total",
        "vat_rate_and_amount": "VAT ", "tax_wording": "Tax treatment", "us_form": "US tax form on file",
        "zatca_qr": "ZATCA QR code", "arabic_text": "الإجمالي شامل الضريبة",
        "late_penalty_rate": "majoré de 10 points", "recovery_indemnity": "40 €",
        "tax_invoice_title": "TAX INVOICE",
    }
    if buyer.get("tax_id"):
        checks["buyer_vat_id_if_reverse_charge"] = checks["buyer_tax_id_if_registered"] = \
            f"VAT number: {buyer['tax_id']}"
    if invoice.tax.get("national"):
        checks["vat_in_national_currency"] = f"VAT in {invoice.tax['national']['currency']}:"
    for field in fields:
        if field in checks:
            assert checks[field] in text, (case, field, checks[field])
        else:  # conditional fields that do not apply to this invoice
            assert field in ("buyer_vat_id_if_reverse_charge", "buyer_tax_id_if_registered",
                             "vat_in_national_currency"), (case, field)
    assert "Source: " in text and invoice.tax["source"][:30] in text


def test_quantity_times_unit_price_per_line():
    lines = (invoices.Line(1, "Story frames", 3, Decimal("300.00")), invoices.Line(2, "Usage rights", 1, Decimal("200.00")))
    text = flat(invoice_pdf.render(make(LEO, CASES["DE-domestic"][1], "EUR", "500.00", lines=lines)))
    assert "Story frames 3 100.00 EUR 19 % 300.00 EUR" in text  # 3 × 100.00 = 300.00
    assert "Usage rights 1 200.00 EUR 19 % 200.00 EUR" in text
    assert "VAT 19 % on 500.00 EUR 95.00 EUR" in text and "Total 595.00 EUR" in text  # 500 × 19 % = 95


def qr_payload(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found = []
    for page in reader.pages:
        for image in page.images:
            for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data))):
                found.append(result.text)
    assert len(found) == 1, found
    return found[0]


def test_the_saudi_qr_decodes_to_the_invoices_own_figures():
    invoice = make(NOOR, CASES["SA-domestic"][1], "SAR", "1000.00")
    fields = zatca.decode(qr_payload(invoice_pdf.render(invoice)))
    assert fields == {"seller_name": "Noor Al-Harbi Studio", "vat_number": "310122393500003",
                      "timestamp": "2025-03-01T10:00:00Z", "total_with_vat": "1150.00", "vat_total": "150.00"}


def test_the_qr_tlv_bytes_are_as_published():
    # ZATCA's example layout: tag 1, length, UTF-8 value; the Arabic name counts bytes, not letters
    raw = zatca.tlv({"seller_name": "نور", "vat_number": "310122393500003", "timestamp": "2025-03-01T10:00:00Z",
                     "total_with_vat": "1150.00", "vat_total": "150.00"})
    assert raw[:2] == bytes([1, 6]) and raw[2:8] == "نور".encode()
    assert raw[8:10] == bytes([2, 15]) and raw[10:25] == b"310122393500003"
    assert raw[25:27] == bytes([3, 20]) and raw[47:49] == bytes([4, 7]) and raw[56:58] == bytes([5, 6])
    assert len(raw) == 64


def test_a_zero_rated_saudi_export_qr_shows_no_vat():
    invoice = make(NOOR, CASES["SA-to-AE"][1], "SAR", "3000.00")
    fields = zatca.decode(qr_payload(invoice_pdf.render(invoice)))
    assert (fields["total_with_vat"], fields["vat_total"]) == ("3000.00", "0.00")


# -- the reader's language; English beside Arabic for sellers in the UAE and Saudi Arabia --------------------------

def test_a_german_sellers_invoice_for_a_french_reader_is_french_with_the_statutory_wording_kept():
    from tests.support import pdf_text
    seller, buyer, currency, net, _ = CASES["DE-domestic"]
    text = pdf_text.text(invoice_pdf.render(make(seller, buyer, currency, net), locale="fr"))
    # Labels from portal/locale/fr/LC_MESSAGES/portal.po; "1 000,00" is CLDR's French grouping (a narrow no-break
    # space, which NFKC makes a plain space).
    for expected in ("FACTURE", "Date d'émission 1 mars 2025", "Date d'échéance 31 mars 2025",
                     "Qté Prix unitaire TVA % Montant HT", "Total HT 1 000,00 EUR",
                     "TVA 19 % sur 1 000,00 EUR 190,00 EUR", "Montant dû 1 190,00 EUR", "Traitement fiscal",
                     "N° de TVA : DE136695976", "Allemagne",
                     # the German legal terms stay as the rules file quotes them
                     "Leistungsdatum 27 févr. 2025", "9 Prozentpunkten über dem Basiszinssatz"):
        assert expected in text, expected


@pytest.mark.parametrize("reader", ["en", "fr", "ar"])
def test_a_uae_sellers_invoice_is_english_and_arabic_whatever_the_readers_language(reader):
    """Both labels of each pair read back, the Arabic in logical order (pypdf through the ToUnicode map, text
    NFKC-normalised); the joined letter forms embedded show it was shaped with glyphs the font has."""
    from tests.support import pdf_text
    seller, buyer, currency, net, _ = CASES["AE-domestic"]
    pdf = invoice_pdf.render(make(seller, buyer, currency, net), locale=reader)
    text = pdf_text.text(pdf)
    # the FTA's Arabic wording, as invoice_pdf_v2.AR writes it, copied here by hand
    for english, arabic in (("TAX INVOICE", "فاتورة ضريبية"), ("Issue date", "تاريخ الإصدار"),
                            ("Due date", "تاريخ الاستحقاق"), ("FROM", "البائع"), ("BILL TO", "المشتري"),
                            ("Net total", "المجموع غير شامل الضريبة"), ("Amount due", "المبلغ المستحق"),
                            ("Tax treatment", "المعاملة الضريبية")):
        assert english in text and arabic in text, (english, arabic)
    assert "Issue date Mar 1, 2025" in text and "Facture" not in text
    assert {"uniFE8E", "uniFEF3"} & pdf_text.joined_arabic_glyphs(pdf), "final alef / initial yeh: shaped"


def test_a_saudi_sellers_simplified_invoice_is_bilingual_and_keeps_its_qr_for_an_arabic_reader():
    from tests.support import pdf_text
    seller, buyer, currency, net, _ = CASES["SA-domestic"]
    pdf = invoice_pdf.render(make(seller, buyer, currency, net), locale="ar")
    text = pdf_text.text(pdf)
    assert "SIMPLIFIED TAX INVOICE" in text and "فاتورة ضريبية مبسطة" in text
    assert "Total 1,150.00 SAR" in text and "الإجمالي شامل الضريبة" in text and "ZATCA QR code" in text
    assert zatca.decode(qr_payload(pdf))["total_with_vat"] == "1150.00"  # 1,000.00 + 15 % = 1,150.00


def test_an_amount_inside_an_arabic_sentence_is_isolated_so_it_reads_as_written():
    """On a right-to-left page, "1,000.00 EUR" inside a sentence would be split into "EUR 1,000.00" by the
    bidirectional algorithm; the PDF puts a first strong isolate ... pop directional isolate pair around it (the
    only bidirectional controls a PDF carries, and only on right-to-left pages)."""
    from tests.support import pdf_text
    seller, buyer, currency, net, _ = CASES["DE-domestic"]
    arabic = pdf_text.text(invoice_pdf.render(make(seller, buyer, currency, net), locale="ar"))
    assert "\u20681,000.00 EUR\u2069" in arabic and "ضريبة القيمة المضافة" in arabic  # 1000.00 net
    english = pdf_text.text(invoice_pdf.render(make(seller, buyer, currency, net), locale="en"))
    assert "\u2068" not in english and "\u2069" not in english
