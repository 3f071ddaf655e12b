"""The PDF of an issued invoice or credit note, drawn with fpdf2 from the invoice's own snapshot (so the same
invoice always renders the same content): both parties' details, the lines (one per deliverable), tax, fees
and withholding tax withheld, the amount due, the late-fee term and the payment instructions.

DejaVu Sans (services/data/fonts, Bitstream Vera licence) is embedded, so names in Latin, Greek or Cyrillic
script and signs such as € or ₹ render on any server; amounts are written with their ISO 4217 code
("1,250.00 EUR"), which no font can get wrong.

Version 2 (an invoice that carries a tax determination, services/payouts/tax.py): every field the seller
country's rules list as mandatory (services/payouts/tax_rules.json, "mandatory_fields", placed as FIELD_PLACES
says), lines as quantity × unit price, VAT per rate, VAT also in the national currency with the rate and its date,
the tax wording with its source, the statutory late-payment terms, Arabic beside English for AE and SA sellers
(shaped with uharfbuzz through fpdf2's text shaping; DejaVu Sans covers Arabic) and, for Saudi sellers, the ZATCA
phase-1 QR code (services/payouts/zatca.py)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from services.core.money import plain
from services.core.pdf import FONT, InertDocument
from services.core.messages import N_

MARGIN = 18
INK = (31, 41, 51)
MUTED = (96, 108, 118)
RULE = (203, 210, 217)


class _Document(InertDocument):

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, size=7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.footer_text} · page {self.page_no()} of {{nb}}", align="C")


def render(invoice, *, corrects=None) -> bytes:
    """PDF bytes for an issued invoice (services.payouts.invoices.Invoice); `corrects` is the invoice a credit note
    cancels."""
    if invoice.tax and not invoice.is_credit_note:
        from services.payouts import invoice_pdf_v2
        return invoice_pdf_v2.render(invoice)
    credit = invoice.is_credit_note
    places = int(invoice.minor_units)
    cur = invoice.currency

    def amount(value: Decimal, *, negative: bool = False) -> str:
        text = plain(value, cur, places)
        return f"-{text}" if negative and value else text

    pdf = _Document(format="A4", unit="mm")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_portal_fonts()
    title = "Credit note" if credit else N_("Invoice")
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

    # Heading
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 20)
    pdf.cell(width / 2, 10, title.upper(), new_x=XPos.RIGHT, new_y=YPos.TOP)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(width / 2, 10, f"No. {invoice.display_number}", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=9.5)
    facts = [("Issue date", invoice.issue_date.isoformat())]
    if credit:
        if corrects is not None:
            facts.append(("Cancels invoice", f"{corrects.display_number} of {corrects.issue_date.isoformat()}"))
    else:
        facts.append(("Due date", invoice.due_date.isoformat()))
    facts.append(("Currency", cur))
    for label, value in facts:
        pdf.set_text_color(*MUTED)
        pdf.cell(32, 5.5, label)
        pdf.set_text_color(*INK)
        pdf.cell(0, 5.5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)

    # Parties
    top = pdf.get_y()
    column = (width - 8) / 2
    bottoms = []
    for n, (label, party) in enumerate((("From", invoice.seller), ("Bill to", invoice.buyer))):
        pdf.set_xy(MARGIN + n * (column + 8), top)
        _party(pdf, label, party, column)
        bottoms.append(pdf.get_y())
    pdf.set_xy(MARGIN, max(bottoms) + 6)

    if credit:
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(width, 5.5, "This credit note cancels the invoice above in full.",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, size=9.5)
        pdf.multi_cell(width, 5, f"Reason: {invoice.reason or ''}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)

    # Lines
    pdf.set_draw_color(*RULE)
    pdf.set_font(FONT, "B", 9)
    pdf.set_text_color(*MUTED)
    pdf.cell(10, 7, "#", border="B")
    pdf.cell(width - 10 - 42, 7, "Description", border="B")
    pdf.cell(42, 7, "Amount", border="B", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, size=9)
    for line in invoice.lines:
        if pdf.get_y() + 16 > pdf.page_break_trigger:
            pdf.add_page()
        y = pdf.get_y()
        pdf.cell(10, 5, str(line.position))
        pdf.multi_cell(width - 10 - 44, 5, line.description, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        bottom = pdf.get_y()
        pdf.set_xy(MARGIN + width - 42, y)
        pdf.cell(42, 5, amount(line.amount, negative=credit), align="R")
        pdf.set_xy(MARGIN, bottom + 1.5)
    pdf.line(MARGIN, pdf.get_y(), MARGIN + width, pdf.get_y())
    pdf.ln(2)

    # Totals
    rows: list[tuple[str, str, bool]] = [("Subtotal", amount(invoice.subtotal, negative=credit), False)]
    if invoice.tax_amount or invoice.tax_percent:
        rows.append((f"Tax ({_pct(invoice.tax_percent)} %)", amount(invoice.tax_amount, negative=credit), False))
    rows.append(("Total", amount(invoice.total, negative=credit), True))
    if invoice.fee_amount:
        rows.append((f"Less platform or agency fee withheld ({_pct(invoice.fee_percent)} %)",
                     amount(invoice.fee_amount, negative=not credit), False))
    if invoice.withholding_amount:
        rows.append((f"Less withholding tax withheld by the payer ({_pct(invoice.withholding_percent)} %)",
                     amount(invoice.withholding_amount, negative=not credit), False))
    rows.append(("Amount credited" if credit else "Amount due", amount(invoice.amount_due, negative=credit), True))
    for label, value, bold in rows:
        pdf.set_font(FONT, "B" if bold else "", 10 if bold else 9.5)
        pdf.cell(width - 48, 6.5, label, align="R")
        pdf.cell(48, 6.5, value, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)

    # Terms and payment instructions
    pdf.set_font(FONT, size=9.5)
    if not credit:
        pdf.multi_cell(width, 5, f"Please pay {amount(invoice.amount_due)} by {invoice.due_date.isoformat()}, "
                                 f"quoting {invoice.display_number} as the payment reference.",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if invoice.late_fee_percent:
            pdf.multi_cell(width, 5, f"Late payment: {_pct(invoice.late_fee_percent)} % per whole month after the "
                                     "due date, on the amount then unpaid, as agreed.",
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(0, 6, "Payment instructions", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, size=9.5)
        pdf.multi_cell(width, 5, invoice.payment_instructions, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if invoice.notes:
        pdf.ln(3)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(0, 6, "Notes", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, size=9.5)
        pdf.multi_cell(width, 5, invoice.notes, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def _party(pdf: FPDF, label: str, party: dict, width: float) -> None:
    x = pdf.get_x()
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.cell(width, 5, label.upper(), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 10)
    pdf.set_x(x)
    pdf.multi_cell(width, 5.5, party.get("name", ""), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=9)
    for key, prefix in (("address", ""), ("tax_id", "Tax id: "), ("email", ""), ("website", "")):
        value = party.get(key)
        if value:
            pdf.set_x(x)
            pdf.multi_cell(width, 4.8, f"{prefix}{value}", new_x=XPos.LEFT, new_y=YPos.NEXT)


def _pct(value) -> str:
    text = format(Decimal(value).normalize(), "f")
    return text


def _moment(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    else:
        moment = dt.datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)
