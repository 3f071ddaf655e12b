"""Invoice PDF v2: an invoice that carries its tax determination, laid out so that every mandatory field of the
seller country (services/payouts/tax_rules.json) has its place. FIELD_PLACES says where each field is drawn; the
tests read the PDF back and find each one there."""
from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal

from fpdf.enums import XPos, YPos

from services.core.money import plain
from services.core.pdf import FONT
from services.payouts import tax, zatca
from services.payouts.invoice_pdf import INK, MARGIN, MUTED, RULE, _Document, _moment, _pct

FIELD_PLACES = {
    "tax_invoice_title": 'the heading: "TAX INVOICE" or "SIMPLIFIED TAX INVOICE", with the Arabic title',
    "seller_legal_name": 'the "From" block, first line (the legal name of the tax profile)',
    "seller_address": 'the "From" block, the address lines and the country',
    "seller_tax_id": 'the "From" block, "VAT number: ..." (TRN / USt-IdNr. / N° TVA / NIF)',
    "buyer_legal_name": 'the "Bill to" block, first line',
    "buyer_address": 'the "Bill to" block, address lines and country',
    "buyer_vat_id_if_reverse_charge": 'the "Bill to" block, "VAT number: ..."',
    "buyer_tax_id_if_registered": 'the "Bill to" block, "VAT number: ..."',
    "invoice_number": 'the heading, "No. INV-0001", and the payment reference line',
    "issue_date": 'the facts under the heading, "Issue date"',
    "supply_date": "the facts under the heading, the country's date-of-supply label (e.g. Leistungsdatum)",
    "due_date": 'the facts under the heading, "Due date", and the "Please pay" line',
    "lines_quantity_unit_price": "the lines table: #, description, quantity, unit price, VAT %, net amount",
    "net_per_rate": 'the totals, "Net total" and "VAT <rate> % on <net>"',
    "vat_rate_and_amount": 'the totals, "VAT <rate> % on <net> <VAT amount>"',
    "vat_in_national_currency": 'below the totals, "VAT in <national currency>: ... at 1 X = r Y (<source> rate of <date>)"',
    "tax_wording": 'the "Tax treatment" paragraph, with "Source:" and the rule quoted',
    "total": 'the totals, "Total" and "Amount due"',
    "late_penalty_rate": 'the "Late payment" paragraph (statutory terms of the seller country)',
    "recovery_indemnity": 'the "Late payment" paragraph (the fixed recovery compensation)',
    "us_form": 'the "From" block, "US tax form on file: W-9 / W-8BEN"',
    "zatca_qr": "the QR code image after the payment instructions, captioned ZATCA",
    "arabic_text": "Arabic beside each English label, shaped right to left",
}

AR = {
    "Tax invoice": "فاتورة ضريبية", "Simplified tax invoice": "فاتورة ضريبية مبسطة", "Invoice": "فاتورة",
    "Issue date": "تاريخ الإصدار", "Date of supply": "تاريخ التوريد", "Due date": "تاريخ الاستحقاق",
    "Currency": "العملة", "From": "البائع", "Bill to": "المشتري", "Description": "الوصف", "Qty": "الكمية",
    "Unit price": "سعر الوحدة", "Net total": "المجموع غير شامل الضريبة", "VAT": "ضريبة القيمة المضافة",
    "Total": "الإجمالي شامل الضريبة", "Amount due": "المبلغ المستحق", "Tax treatment": "المعاملة الضريبية",
    "Invoice number": "رقم الفاتورة", "VAT number": "الرقم الضريبي",
}


def _title(invoice, r: dict) -> str:
    if "tax_invoice_title" in r.get("mandatory_fields", []):
        simplified = r.get("zatca_qr") and not (invoice.buyer or {}).get("tax_id")
        return "Simplified tax invoice" if simplified else "Tax invoice"
    return "Invoice"


def qr_fields(invoice) -> dict[str, str]:
    """ZATCA phase-1 fields from the invoice's own figures (in SAR: converted at the invoice's stored rate when
    the invoice is in another currency)."""
    total, vat = Decimal(invoice.total), Decimal(invoice.tax_amount)
    national = (invoice.tax or {}).get("national")
    if national and national["currency"] == "SAR":
        total = (total * Decimal(national["rate"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        vat = Decimal(national["vat_amount"])
    moment = _moment(invoice.issued_at)
    return {"seller_name": invoice.seller.get("name", ""), "vat_number": invoice.seller.get("tax_id", ""),
            "timestamp": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "total_with_vat": f"{total:.2f}", "vat_total": f"{vat:.2f}"}


def render(invoice) -> bytes:
    det = invoice.tax
    seller_country = det["seller_country"]
    r = tax.country_rules(seller_country) or {}
    bilingual = bool(r.get("bilingual"))
    places, cur = int(invoice.minor_units), invoice.currency

    def amount(value) -> str:
        return plain(Decimal(value), cur, places)

    def label(english: str) -> str:
        return english

    pdf = _Document(format="A4", unit="mm")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_portal_fonts()
    if bilingual:
        pdf.set_text_shaping(True)
    title = _title(invoice, r)
    pdf.set_title(f"{title} {invoice.display_number}")
    pdf.set_author(invoice.seller.get("name", ""))
    pdf.set_creator("Creator Portal")
    issued = _moment(invoice.issued_at)
    pdf.set_creation_date(issued)
    pdf.footer_text = (f"{title} {invoice.display_number} · issued {issued:%Y-%m-%d %H:%M} UTC · "
                       "an issued document is never changed; a credit note corrects it")
    pdf.alias_nb_pages()
    pdf.add_page()
    width = pdf.w - 2 * MARGIN

    def row(english: str, value: str, *, size: float = 9.5, bold: bool = False, arabic: str | None = None) -> None:
        """One fact: English label and value on the left, the Arabic label on the right for bilingual sellers."""
        pdf.set_font(FONT, "B" if bold else "", size)
        pdf.set_text_color(*MUTED)
        first = max(42.0, pdf.get_string_width(english) + 4)
        pdf.cell(first, 5.5, english)
        pdf.set_text_color(*INK)
        right = AR.get(arabic or english) if bilingual else None
        pdf.cell(width - first - (50 if right else 0), 5.5, value,
                 new_x=XPos.RIGHT if right else XPos.LMARGIN, new_y=YPos.TOP if right else YPos.NEXT)
        if right:
            pdf.set_text_color(*MUTED)
            pdf.cell(50, 5.5, right, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(*INK)

    # Heading
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 18)
    pdf.cell(width * 0.6, 10, title.upper(), new_x=XPos.RIGHT, new_y=YPos.TOP)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(width * 0.4, 10, f"No. {invoice.display_number}", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if bilingual:
        pdf.set_font(FONT, "B", 14)
        pdf.cell(width, 8, AR[title], align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    supply_label = r.get("supply_date_label", "Date of supply").split(" / ")[0]
    row("Invoice number", invoice.display_number)
    row("Issue date", invoice.issue_date.isoformat())
    row(supply_label, invoice.supply_date.isoformat() if invoice.supply_date else "", arabic="Date of supply")
    if " / " in r.get("supply_date_label", "") and not bilingual:
        pdf.set_font(FONT, size=8)
        pdf.set_text_color(*MUTED)
        pdf.cell(0, 4, f"({r['supply_date_label']})", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    row("Due date", invoice.due_date.isoformat())
    row("Currency", cur)
    pdf.ln(3)

    # Parties
    top = pdf.get_y()
    column = (width - 8) / 2
    bottoms = []
    for n, (name, party) in enumerate((("From", invoice.seller), ("Bill to", invoice.buyer))):
        pdf.set_xy(MARGIN + n * (column + 8), top)
        heading = f"{name} / {AR[name]}" if bilingual else name
        _party(pdf, heading, party, column)
        bottoms.append(pdf.get_y())
    pdf.set_xy(MARGIN, max(bottoms) + 5)

    # Lines: quantity × unit price
    rate = Decimal(det["rate"]) if det["charged"] else Decimal(0)
    cols = [(8, "#", "L"), (width - 8 - 14 - 32 - 16 - 34, "Description", "L"), (14, "Qty", "R"),
            (32, "Unit price", "R"), (16, "VAT %", "R"), (34, "Net amount", "R")]
    pdf.set_draw_color(*RULE)
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_text_color(*MUTED)
    for w, head, align in cols:
        pdf.cell(w, 6.5, head, border="B", align=align)
    pdf.ln(6.5)
    if bilingual:
        pdf.set_font(FONT, size=7.5)
        pdf.cell(width, 4.5, " · ".join(AR[k] for k in ("Description", "Qty", "Unit price", "VAT")), align="R",
                 new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, size=8.5)
    for line in invoice.lines:
        if pdf.get_y() + 16 > pdf.page_break_trigger:
            pdf.add_page()
        y = pdf.get_y()
        qty = max(int(line.quantity), 1)
        unit = (Decimal(line.amount) / qty).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        pdf.cell(cols[0][0], 5, str(line.position))
        pdf.multi_cell(cols[1][0] - 2, 5, line.description, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        bottom = pdf.get_y()
        pdf.set_xy(MARGIN + cols[0][0] + cols[1][0], y)
        for (w, _, _), text in zip(cols[2:], (str(qty), amount(unit), f"{_pct(rate)} %", amount(line.amount))):
            pdf.cell(w, 5, text, align="R")
        pdf.set_xy(MARGIN, bottom + 1.5)
    pdf.line(MARGIN, pdf.get_y(), MARGIN + width, pdf.get_y())
    pdf.ln(2)

    # Totals: net, VAT per rate, total; what the payer withholds; amount due
    rows = [("Net total", amount(invoice.subtotal), False, "Net total"),
            (f"VAT {_pct(rate)} % on {amount(invoice.subtotal)}", amount(invoice.tax_amount), False, "VAT"),
            ("Total", amount(invoice.total), True, "Total")]
    if invoice.fee_amount:
        rows.append((f"Less platform or agency fee withheld ({_pct(invoice.fee_percent)} %)",
                     f"-{amount(invoice.fee_amount)}", False, None))
    if invoice.withholding_amount:
        rows.append((f"Less withholding tax withheld by the payer ({_pct(invoice.withholding_percent)} %)",
                     f"-{amount(invoice.withholding_amount)}", False, None))
    rows.append(("Amount due", amount(invoice.amount_due), True, "Amount due"))
    for text, value, bold, key in rows:
        pdf.set_font(FONT, "B" if bold else "", 10 if bold else 9.5)
        if bilingual and key:
            pdf.set_text_color(*MUTED)
            pdf.set_font(FONT, size=8)
            pdf.cell(50, 6.5, AR[key])
            pdf.set_text_color(*INK)
            pdf.set_font(FONT, "B" if bold else "", 10 if bold else 9.5)
            pdf.cell(width - 50 - 48, 6.5, text, align="R")
        else:
            pdf.cell(width - 48, 6.5, text, align="R")
        pdf.cell(48, 6.5, value, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    national = det.get("national")
    if national:
        pdf.set_font(FONT, size=9)
        pdf.multi_cell(width, 5, f"VAT in {national['currency']}: {national['vat_amount']} {national['currency']} "
                                 f"at 1 {cur} = {national['rate']} {national['currency']} "
                                 f"({national['source']} rate of {national['rate_date']})", align="R",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)

    # Tax treatment and its source
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, "Tax treatment" + (f" / {AR['Tax treatment']}" if bilingual else ""),
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=9)
    if det["wording"]:
        pdf.multi_cell(width, 5, det["wording"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        pdf.multi_cell(width, 5, f"{tax.country_name(seller_country)} VAT charged at {_pct(rate)} %.",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*MUTED)
    pdf.set_font(FONT, size=7.5)
    pdf.multi_cell(width, 4, f"Source: {det['source']}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.ln(2)

    # Terms
    pdf.set_font(FONT, size=9.5)
    pdf.multi_cell(width, 5, f"Please pay {amount(invoice.amount_due)} by {invoice.due_date.isoformat()}, quoting "
                             f"{invoice.display_number} as the payment reference.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    statutory = tax.late_payment_text(seller_country)
    if statutory:
        pdf.set_font(FONT, size=8.5)
        pdf.multi_cell(width, 4.6, f"Late payment: {statutory}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if invoice.late_fee_percent:
        pdf.set_font(FONT, size=9)
        pdf.multi_cell(width, 5, f"Agreed late fee: {_pct(invoice.late_fee_percent)} % per whole month after the due "
                                 "date, on the amount then unpaid.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, "Payment instructions", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=9.5)
    pdf.multi_cell(width, 5, invoice.payment_instructions, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if invoice.notes:
        pdf.ln(2)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(0, 6, "Notes", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, size=9.5)
        pdf.multi_cell(width, 5, invoice.notes, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    if r.get("zatca_qr"):
        if pdf.get_y() + 50 > pdf.page_break_trigger:
            pdf.add_page()
        pdf.ln(3)
        y = pdf.get_y()
        pdf.image(io.BytesIO(zatca.png(zatca.payload(qr_fields(invoice)))), x=MARGIN, y=y, w=40, h=40)
        pdf.set_xy(MARGIN + 44, y + 14)
        pdf.set_font(FONT, size=8)
        pdf.multi_cell(width - 44, 4.5, "ZATCA QR code (phase 1): seller, VAT number, time stamp, total with VAT, "
                                        "VAT total", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(y + 42)
    return bytes(pdf.output())


def _party(pdf, heading: str, party: dict, width: float) -> None:
    x = pdf.get_x()
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.cell(width, 5, heading.upper(), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 10)
    pdf.set_x(x)
    pdf.multi_cell(width, 5.5, party.get("name", ""), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=9)
    country = party.get("country")
    lines = [party.get("address"), tax.country_name(country) if country else None,
             f"VAT number: {party['tax_id']}" if party.get("tax_id") and country != "US" else None,
             f"US tax form on file: {party['us_form']}" if party.get("us_form") else None,
             party.get("email"), party.get("website")]
    for value in lines:
        if value:
            pdf.set_x(x)
            pdf.multi_cell(width, 4.8, value, new_x=XPos.LEFT, new_y=YPos.NEXT)
