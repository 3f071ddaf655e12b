"""The PDF of an issued invoice or credit note, drawn with fpdf2 from the invoice's own snapshot (so the same
invoice always renders the same content): both parties' details, the lines (one per deliverable), tax, fees
and withholding tax withheld, the amount due, the late-fee term and the payment instructions.

DejaVu Sans (services/core/fonts, Bitstream Vera licence) is embedded, so names in Latin, Greek, Cyrillic or Arabic
script and signs such as € or ₹ render on any server; amounts are written with their ISO 4217 code
("1,250.00 EUR", "1 250,00 EUR"), which no font can get wrong.

Written in the issuing person's language (`locale`: every label through services.core.wording inside
speaking(locale), every number and date through services.core.formatting); Arabic is shaped and right to left.

Version 2 (an invoice that carries a tax determination, services/payouts/tax.py): every field the seller
country's rules list as mandatory (services/payouts/tax_rules.json, "mandatory_fields", placed as FIELD_PLACES
says), lines as quantity × unit price, VAT per rate, VAT also in the national currency with the rate and its date,
the tax wording with its source, the statutory late-payment terms, Arabic beside English for AE and SA sellers
(shaped with uharfbuzz through fpdf2's text shaping; DejaVu Sans covers Arabic) and, for Saudi sellers, the ZATCA
phase-1 QR code (services/payouts/zatca.py)."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from services.core import formatting as fmt
from services.core.money import quantum
from services.core.pdf import FONT, INK, MUTED, PagedDocument
from services.core.wording import speaking, t

MARGIN = 18
RULE = (203, 210, 217)


class _Document(PagedDocument):
    footer_y = -14


def document(invoice, title: str, locale: str, *, shaped: bool = False) -> _Document:
    """An invoice's PDF with its metadata, footer and first page: `title` is the document's kind ("Invoice")."""
    issued = _moment(invoice.issued_at)
    return _Document.begin(margin=MARGIN, bottom=22, locale=locale, shaped=shaped,
                           title=f"{title} {invoice.display_number}", author=invoice.seller.get("name", ""),
                           footer=footer(title, invoice.display_number, issued, locale), created=issued)


def render(invoice, *, corrects=None, locale: str | None = "en") -> bytes:
    """PDF bytes for an issued invoice (services.payouts.invoices.Invoice) in `locale`; `corrects` is the invoice a
    credit note cancels. An invoice with a tax determination, and a credit note carrying one (copied from the invoice
    it cancels), are laid out by invoice_pdf_v2; this layout stays for documents without a determination."""
    if invoice.tax:
        from services.payouts import invoice_pdf_v2
        return invoice_pdf_v2.render(invoice, corrects=corrects, locale=locale)
    with speaking(locale):
        return _render(invoice, corrects, locale or "en")


def amount_text(value, currency: str, places: int, locale: str) -> str:
    """1,250.00 EUR (en) / 1 250,00 EUR (fr) / 1.250,00 EUR (de): exact to the currency's minor units (rounded
    half up, as the invoice's own figures are), with the ISO code."""
    exact = Decimal(value).quantize(quantum(places), rounding=ROUND_HALF_UP)
    return f"{fmt.decimal(exact, locale, places)} {currency}"


def _render(invoice, corrects, locale: str) -> bytes:
    credit = invoice.is_credit_note
    places = int(invoice.minor_units)
    cur = invoice.currency

    def amount(value: Decimal, *, negative: bool = False) -> str:
        text = amount_text(value, cur, places, locale)
        return f"-{text}" if negative and value else text

    def pct(value) -> str:
        return _pct(value, locale)

    def day(value) -> str:
        return fmt.day(value, locale)

    title = t("Credit note") if credit else t("Invoice")
    pdf = document(invoice, title, locale)
    start, end = pdf.start, pdf.end
    width = pdf.w - 2 * MARGIN

    # Heading
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 20)
    heading = [(width / 2, title.upper(), 20, start),
               (width / 2, t("No. {number}", number=invoice.display_number), 12, end)]
    for w, text, size, align in pdf.mirrored(heading):
        pdf.set_font(FONT, "B", size)
        pdf.cell(w, 10, text, align=align, new_x=XPos.RIGHT, new_y=YPos.TOP)
    pdf.ln(10)
    pdf.set_font(FONT, size=9.5)
    facts = [(t("Issue date"), day(invoice.issue_date))]
    if credit:
        if corrects is not None:
            facts.append((t("Cancels invoice"), t("{number} of {date}", number=corrects.display_number,
                                                   date=day(corrects.issue_date))))
    else:
        facts.append((t("Due date"), day(invoice.due_date)))
    facts.append((t("Currency"), cur))
    first = max(32.0, *(pdf.get_string_width(label) + 3 for label, _ in facts))
    for label, value in facts:
        cells = [(first, label, MUTED), (width - first, value, INK)]
        for w, text, colour in pdf.mirrored(cells):
            pdf.set_text_color(*colour)
            pdf.cell(w, 5.5, text, align=start)
        pdf.ln(5.5)
    pdf.ln(4)

    # Parties
    top = pdf.get_y()
    column = (width - 8) / 2
    bottoms = []
    for n, (label, party) in enumerate(pdf.mirrored(((t("From"), invoice.seller), (t("Bill to"), invoice.buyer)))):
        pdf.set_xy(MARGIN + n * (column + 8), top)
        _party(pdf, label, party, column)
        bottoms.append(pdf.get_y())
    pdf.set_xy(MARGIN, max(bottoms) + 6)

    if credit:
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(width, 5.5, t("This credit note cancels the invoice above in full."), align=start,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, size=9.5)
        pdf.multi_cell(width, 5, t("Reason: {reason}", reason=invoice.reason or ""), align=start,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)

    # Lines
    pdf.set_draw_color(*RULE)
    pdf.set_font(FONT, "B", 9)
    pdf.set_text_color(*MUTED)
    for w, text, align in pdf.mirrored([(10, "#", start), (width - 10 - 42, t("Description"), start),
                                        (42, t("Amount"), end)]):
        pdf.cell(w, 7, text, border="B", align=align)
    pdf.ln(7)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, size=9)
    number_x, text_x, amount_x = ((MARGIN + width - 10, MARGIN + 42, MARGIN) if pdf.rtl else
                                  (MARGIN, MARGIN + 10, MARGIN + width - 42))
    for line in invoice.lines:
        if pdf.get_y() + 16 > pdf.page_break_trigger:
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_x(number_x)
        pdf.cell(10, 5, fmt.number(line.position, locale), align=start)
        pdf.set_xy(text_x, y)
        pdf.multi_cell(width - 10 - 44, 5, line.description, align=start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        bottom = pdf.get_y()
        pdf.set_xy(amount_x, y)
        pdf.cell(42, 5, amount(line.amount, negative=credit), align=end)
        pdf.set_xy(MARGIN, bottom + 1.5)
    pdf.line(MARGIN, pdf.get_y(), MARGIN + width, pdf.get_y())
    pdf.ln(2)

    # Totals
    rows: list[tuple[str, str, bool]] = [(t("Subtotal"), amount(invoice.subtotal, negative=credit), False)]
    if invoice.tax_amount or invoice.tax_percent:
        rows.append((t("Tax ({rate} %)", rate=pct(invoice.tax_percent)), amount(invoice.tax_amount, negative=credit),
                     False))
    rows.append((t("Total"), amount(invoice.total, negative=credit), True))
    if invoice.fee_amount:
        rows.append((t("Less platform or agency fee withheld ({rate} %)", rate=pct(invoice.fee_percent)),
                     amount(invoice.fee_amount, negative=not credit), False))
    if invoice.withholding_amount:
        rows.append((t("Less withholding tax withheld by the payer ({rate} %)", rate=pct(invoice.withholding_percent)),
                     amount(invoice.withholding_amount, negative=not credit), False))
    rows.append((t("Amount credited") if credit else t("Amount due"), amount(invoice.amount_due, negative=credit),
                 True))
    for label, value, bold in rows:
        pdf.set_font(FONT, "B" if bold else "", 10 if bold else 9.5)
        for w, text in pdf.mirrored([(width - 48, label), (48, value)]):
            pdf.cell(w, 6.5, text, align=end)
        pdf.ln(6.5)
    pdf.ln(4)

    # Terms and payment instructions
    pdf.set_font(FONT, size=9.5)
    if not credit:
        pdf.multi_cell(width, 5, t("Please pay {amount} by {date}, quoting {number} as the payment reference.",
                                   amount=amount(invoice.amount_due), date=day(invoice.due_date),
                                   number=invoice.display_number), align=start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if invoice.late_fee_percent:
            pdf.multi_cell(width, 5, t("Late payment: {rate} % per whole month after the due date, on the amount then "
                                       "unpaid, as agreed.", rate=pct(invoice.late_fee_percent)),
                           align=start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        section(pdf, width, start, 3, t("Payment instructions"), invoice.payment_instructions)
    if invoice.notes:
        section(pdf, width, start, 3, t("Notes"), invoice.notes)
    return bytes(pdf.output())


def section(pdf: FPDF, width: float, start: str, gap: float, heading: str, text: str) -> None:
    """A headed paragraph (payment instructions, notes) after a gap of `gap` mm."""
    pdf.ln(gap)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, heading, align=start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=9.5)
    pdf.multi_cell(width, 5, text, align=start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def footer(title: str, number: str, issued: dt.datetime, locale: str) -> str:
    return t("{title} {number} · issued {moment} · an issued document is never changed; a credit note corrects it",
             title=title, number=number, moment=fmt.local_datetime(issued, "UTC", locale))


def _party(pdf: FPDF, label: str, party: dict, width: float) -> None:
    party_block(pdf, label, party, width, [
        t("Tax id: {tax_id}", tax_id=party[key]) if key == "tax_id" else party[key]
        for key in ("address", "tax_id", "email", "website") if party.get(key)])


def party_block(pdf, heading: str, party: dict, width: float, lines: list) -> None:
    """One party of the document: its heading, its name in bold, then its lines (empty ones left out)."""
    x = pdf.get_x()
    align = pdf.start
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.cell(width, 5, heading.upper(), align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 10)
    pdf.set_x(x)
    pdf.multi_cell(width, 5.5, party.get("name", ""), align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=9)
    for value in lines:
        if value:
            pdf.set_x(x)
            pdf.multi_cell(width, 4.8, value, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)


def _pct(value, locale: str = "en") -> str:
    """A rate as stored, without trailing zeros, in the locale's digits: 25 / 2.5 (en) / 2,5 (fr)."""
    exact = Decimal(value).normalize()
    return fmt.decimal(exact, locale, max(-exact.as_tuple().exponent, 0))


def _moment(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    else:
        moment = dt.datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)
