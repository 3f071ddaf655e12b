"""Invoice PDF v2: an invoice that carries its tax determination, laid out so that every mandatory field of the
seller country (services/payouts/tax_rules.json) has its place. FIELD_PLACES says where each field is drawn; the
tests read the PDF back and find each one there.

Written in the issuing person's language (`locale`), except for sellers in the United Arab Emirates and Saudi
Arabia: their invoices are bilingual whatever the reader's language, each English label with its Arabic beside it
(the wording of the FTA's and ZATCA's tax invoices), shaped with uharfbuzz. The statutory sentences of the seller
country (tax wording, late-payment terms) stay in the language the rules file quotes them in.

A credit note carries the determination of the invoice it cancels (copied by public.issue_credit_note) and is laid
out here too, as the document that amends the invoice (EU VAT Directive art. 219, HMRC VAT Notice 700/21 §4.7):
"Credit note" with its own number, "Corrects invoice <number> of <date>", the reason, the same parties, lines and
VAT per rate credited (negative), VAT in the national currency at the invoice's rate and date, the invoice's tax
wording; no payment request or late-payment terms. Its ZATCA QR code holds its own figures (see qr_fields)."""
from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal

from fpdf.enums import XPos, YPos

from services.core import formatting as fmt
from services.core.pdf import FONT
from services.core.wording import speaking, t
from services.payouts import tax, zatca
from services.payouts.invoice_pdf import (INK, MARGIN, MUTED, RULE, _moment, _pct, amount_text, document, footer,
                                         party_block, section)

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
    "Credit note": "إشعار دائن", "Credit note number": "رقم الإشعار الدائن",
    "Corrects invoice": "الفاتورة الأصلية", "Reason": "سبب الإشعار",
}


def _title(invoice, r: dict) -> str:
    if invoice.is_credit_note:
        return "Credit note"
    if "tax_invoice_title" in r.get("mandatory_fields", []):
        simplified = r.get("zatca_qr") and not (invoice.buyer or {}).get("tax_id")
        return "Simplified tax invoice" if simplified else "Tax invoice"
    return "Invoice"


def qr_fields(invoice) -> dict[str, str]:
    """ZATCA phase-1 fields from the invoice's own figures (in SAR: converted at the invoice's stored rate when
    the invoice is in another currency). A credit note's code holds the credit note's own figures: its seller and
    VAT number, its own time stamp, and its total and VAT as ZATCA's credit notes (document type 381) state them,
    without a sign: the document type and the reference to the invoice make them a credit."""
    total, vat = Decimal(invoice.total), Decimal(invoice.tax_amount)
    national = (invoice.tax or {}).get("national")
    if national and national["currency"] == "SAR":
        total = (total * Decimal(national["rate"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        vat = Decimal(national["vat_amount"])
    moment = _moment(invoice.issued_at)
    return {"seller_name": invoice.seller.get("name", ""), "vat_number": invoice.seller.get("tax_id", ""),
            "timestamp": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "total_with_vat": f"{total:.2f}", "vat_total": f"{vat:.2f}"}


def render(invoice, *, corrects=None, locale: str | None = "en") -> bytes:
    """PDF bytes in the reader's language; English beside Arabic for sellers whose country's rules say bilingual.
    A credit note (`corrects`: the invoice it cancels) shows the invoice's figures credited, i.e. negative."""
    bilingual = bool((tax.country_rules(invoice.tax["seller_country"]) or {}).get("bilingual"))
    language = "en" if bilingual else (locale or "en")
    with speaking(language):
        return _render(invoice, corrects, language, bilingual)


def _render(invoice, corrects, locale: str, bilingual: bool) -> bytes:
    det = invoice.tax
    seller_country = det["seller_country"]
    r = tax.country_rules(seller_country) or {}
    places, cur = int(invoice.minor_units), invoice.currency
    credit = invoice.is_credit_note
    sign = Decimal(-1) if credit else Decimal(1)

    def amount(value) -> str:
        """An amount of the document: credited (negative) on a credit note."""
        return amount_text(sign * Decimal(value) if value else value, cur, places, locale)

    def deducted(value) -> str:
        """A deduction of the invoice (less ...), given back on a credit note."""
        plain = amount_text(value, cur, places, locale)
        return plain if credit else f"-{plain}"

    def pct(value) -> str:
        return _pct(value, locale)

    def day(value) -> str:
        return fmt.day(value, locale) if value else ""

    title_key = _title(invoice, r)
    title = _label(title_key)
    pdf = document(invoice, title, locale, shaped=bilingual)
    start, end = pdf.start, pdf.end
    width = pdf.w - 2 * MARGIN

    def row(key: str, value: str, *, size: float = 9.5, bold: bool = False, arabic: str | None = None,
            text: str | None = None) -> None:
        """One fact: the label and its value from the start of the line, the Arabic label at its end for
        bilingual sellers."""
        label = text or _label(key)
        pdf.set_font(FONT, "B" if bold else "", size)
        first = max(42.0, pdf.get_string_width(label) + 4)
        right = AR.get(arabic or key) if bilingual else None
        cells = [(first, label, MUTED, start), (width - first - (50 if right else 0), value, INK, start)]
        if right:
            cells.append((50, right, MUTED, "R"))
        for w, content, colour, align in pdf.mirrored(cells):
            pdf.set_text_color(*colour)
            pdf.cell(w, 5.5, content, align=align)
        pdf.set_text_color(*INK)
        pdf.ln(5.5)

    # Heading
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 18)
    number = t("No. {number}", number=invoice.display_number)
    for w, text, size, align in pdf.mirrored([(width * 0.6, title.upper(), 18, start), (width * 0.4, number, 12, end)]):
        pdf.set_font(FONT, "B", size)
        pdf.cell(w, 10, text, align=align)
    pdf.ln(10)
    if bilingual:
        pdf.set_font(FONT, "B", 14)
        pdf.cell(width, 8, AR[title_key], align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    # The seller country's own name for the date of supply is a legal term: it stays as the rules file writes it.
    supply_label = r.get("supply_date_label", "Date of supply").split(" / ")[0]
    if credit:
        row("Credit note number", invoice.display_number)
        if corrects is not None:
            row("Corrects invoice", t("{number} of {date}", number=corrects.display_number,
                                      date=day(corrects.issue_date)))
    else:
        row("Invoice number", invoice.display_number)
    row("Issue date", day(invoice.issue_date))
    row("Date of supply", day(invoice.supply_date), arabic="Date of supply",
        text=_label("Date of supply") if supply_label == "Date of supply" else supply_label)
    if " / " in r.get("supply_date_label", "") and not bilingual:
        pdf.set_font(FONT, size=8)
        pdf.set_text_color(*MUTED)
        pdf.cell(0, 4, f"({r['supply_date_label']})", align=start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if not credit:
        row("Due date", day(invoice.due_date))
    row("Currency", cur)
    if credit:  # the creator's own words, as long as they were written: a paragraph
        if bilingual:
            pdf.set_font(FONT, size=8)
            pdf.set_text_color(*MUTED)
            pdf.cell(width, 4.5, AR["Reason"], align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(*INK)
        pdf.set_font(FONT, size=9.5)
        pdf.multi_cell(width, 5, t("Reason: {reason}", reason=invoice.reason or ""), align=start,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)

    # Parties
    top = pdf.get_y()
    column = (width - 8) / 2
    bottoms = []
    for n, (name, party) in enumerate(pdf.mirrored((("From", invoice.seller), ("Bill to", invoice.buyer)))):
        pdf.set_xy(MARGIN + n * (column + 8), top)
        heading = f"{_label(name)} / {AR[name]}" if bilingual else _label(name)
        _party(pdf, heading, party, column, locale)
        bottoms.append(pdf.get_y())
    pdf.set_xy(MARGIN, max(bottoms) + 5)

    # Lines: quantity × unit price
    rate = Decimal(det["rate"]) if det["charged"] else Decimal(0)
    cols = [(8, "#", start), (width - 8 - 14 - 32 - 16 - 34, t("Description"), start), (14, t("Qty"), end),
            (32, t("Unit price"), end), (16, t("VAT %"), end), (34, t("Net amount"), end)]
    pdf.set_draw_color(*RULE)
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_text_color(*MUTED)
    for w, head, align in pdf.mirrored(cols):
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
        figures = [(w, text) for (w, _, _), text in zip(cols[2:], (fmt.number(qty, locale), amount(unit),
                                                                      f"{pct(rate)} %", amount(line.amount)))]
        described = width - cols[0][0] - cols[1][0]
        if pdf.rtl:  # from the right: #, description, then the figures towards the left margin
            pdf.set_x(MARGIN + width - cols[0][0])
            pdf.cell(cols[0][0], 5, fmt.number(line.position, locale), align=start)
            pdf.set_xy(MARGIN + described + 2, y)
        else:
            pdf.cell(cols[0][0], 5, fmt.number(line.position, locale))
        pdf.multi_cell(cols[1][0] - 2, 5, line.description, align=start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        bottom = pdf.get_y()
        pdf.set_xy(MARGIN if pdf.rtl else MARGIN + cols[0][0] + cols[1][0], y)
        for w, text in pdf.mirrored(figures):
            pdf.cell(w, 5, text, align=end)
        pdf.set_xy(MARGIN, bottom + 1.5)
    pdf.line(MARGIN, pdf.get_y(), MARGIN + width, pdf.get_y())
    pdf.ln(2)

    # Totals: net, VAT per rate, total; what the payer withholds; amount due
    rows = [(t("Net total"), amount(invoice.subtotal), False, "Net total"),
            (t("VAT {rate} % on {net}", rate=pct(rate), net=amount(invoice.subtotal)), amount(invoice.tax_amount),
             False, "VAT"),
            (t("Total"), amount(invoice.total), True, "Total")]
    if invoice.fee_amount:
        rows.append((t("Less platform or agency fee withheld ({rate} %)", rate=pct(invoice.fee_percent)),
                     deducted(invoice.fee_amount), False, None))
    if invoice.withholding_amount:
        rows.append((t("Less withholding tax withheld by the payer ({rate} %)", rate=pct(invoice.withholding_percent)),
                     deducted(invoice.withholding_amount), False, None))
    rows.append((t("Amount due"), amount(invoice.amount_due), True, "Amount due"))
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
            for w, content in pdf.mirrored([(width - 48, text), (48, value)]):
                pdf.cell(w, 6.5, content, align=end)
            pdf.ln(6.5)
            continue
        pdf.cell(48, 6.5, value, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    national = det.get("national")
    if national:
        pdf.set_font(FONT, size=9)
        pdf.multi_cell(width, 5, t("VAT in {currency}: {vat} at {rate} ({source} rate of {date})",
                                   currency=national["currency"],
                                   vat=amount_text(sign * Decimal(national["vat_amount"]), national["currency"],
                                                   2, locale),
                                   rate=fmt.fx_rate(national["rate"], cur, national["currency"], locale),
                                   source=national["source"], date=day(national["rate_date"])),
                       align=end, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)

    # Tax treatment and its source
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, t("Tax treatment") + (f" / {AR['Tax treatment']}" if bilingual else ""), align=start,
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=9)
    if det["wording"]:
        pdf.multi_cell(width, 5, det["wording"], align=start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        pdf.multi_cell(width, 5, t("{country} VAT charged at {rate} %.", country=fmt.territory(seller_country, locale),
                                   rate=pct(rate)), align=start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*MUTED)
    pdf.set_font(FONT, size=7.5)
    _quoted(pdf, width, 4, t("Source: {source}", source=det["source"]), t("Source:"), det["source"])
    pdf.set_text_color(*INK)
    pdf.ln(2)

    # Terms (a credit note asks for no payment: it says what it cancels)
    pdf.set_font(FONT, size=9.5)
    if credit:
        pdf.multi_cell(width, 5, t("This credit note cancels invoice {number} in full, with its VAT.",
                                   number=corrects.display_number if corrects is not None else ""),
                       align=start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        pdf.multi_cell(width, 5, t("Please pay {amount} by {date}, quoting {number} as the payment reference.",
                                   amount=amount(invoice.amount_due), date=day(invoice.due_date),
                                   number=invoice.display_number), align=start, new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
    statutory = None if credit else tax.late_payment_text(seller_country)
    if statutory:
        pdf.set_font(FONT, size=8.5)
        _quoted(pdf, width, 4.6, t("Late payment: {terms}", terms=statutory), t("Late payment:"), statutory)
    if invoice.late_fee_percent and not credit:
        pdf.set_font(FONT, size=9)
        pdf.multi_cell(width, 5, t("Agreed late fee: {rate} % per whole month after the due date, on the amount then "
                                   "unpaid.", rate=pct(invoice.late_fee_percent)), align=start,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    section(pdf, width, start, 2, t("Payment instructions"), invoice.payment_instructions)
    if invoice.notes:
        section(pdf, width, start, 2, t("Notes"), invoice.notes)

    if r.get("zatca_qr"):
        if pdf.get_y() + 50 > pdf.page_break_trigger:
            pdf.add_page()
        pdf.ln(3)
        y = pdf.get_y()
        pdf.image(io.BytesIO(zatca.png(zatca.payload(qr_fields(invoice)))), x=MARGIN, y=y, w=40, h=40)
        pdf.set_xy(MARGIN + 44, y + 14)
        pdf.set_font(FONT, size=8)
        pdf.multi_cell(width - 44, 4.5, t("ZATCA QR code (phase 1): seller, VAT number, time stamp, total with VAT, "
                                          "VAT total"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(y + 42)
    return bytes(pdf.output())


def _quoted(pdf, width: float, height: float, sentence: str, label: str, quote: str) -> None:
    """A label with a text quoted in the seller country's language (a statute, the statutory terms). On a
    right-to-left page the label and the quote are two paragraphs, so the quote keeps its own direction and its
    punctuation stays where its language puts it; elsewhere one sentence."""
    if not pdf.rtl:
        pdf.multi_cell(width, height, sentence, align=pdf.start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    pdf.multi_cell(width, height, label, align=pdf.start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.multi_cell(width, height, quote, align=pdf.start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _label(key: str) -> str:
    """The English label in the document's language (a literal per label, so the catalogues hold each one)."""
    return {"Tax invoice": t("Tax invoice"), "Simplified tax invoice": t("Simplified tax invoice"),
            "Invoice": t("Invoice"), "Invoice number": t("Invoice number"), "Issue date": t("Issue date"),
            "Credit note": t("Credit note"), "Credit note number": t("Credit note number"),
            "Corrects invoice": t("Corrects invoice"),
            "Date of supply": t("Date of supply"), "Due date": t("Due date"), "Currency": t("Currency"),
            "From": t("From"), "Bill to": t("Bill to")}.get(key, key)


def _party(pdf, heading: str, party: dict, width: float, locale: str = "en") -> None:
    country = party.get("country")
    party_block(pdf, heading, party, width, [
        party.get("address"), fmt.territory(country, locale) if country else None,
        t("VAT number: {number}", number=party["tax_id"]) if party.get("tax_id") and country != "US" else None,
        t("US tax form on file: {form}", form=party["us_form"]) if party.get("us_form") else None,
        party.get("email"), party.get("website")])
