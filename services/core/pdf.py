"""The one PDF base the portal draws with: every string drawn (and the title and author) passes through
services.core.text.inert, so a name or note typed by one person cannot reorder, hide or break the lines around
it in a PDF another person reads. Fonts: DejaVu Sans, shipped in services/core/fonts (Bitstream Vera / DejaVu
licence, LICENSE-DejaVu.txt); it covers Latin, Greek, Cyrillic and Arabic.

A document is written in one language (`speak(locale)`): for Arabic, fpdf2's text shaping (uharfbuzz) joins the
letters and fpdf2's Unicode bidirectional algorithm orders each paragraph from the direction of its first strong
letter, so the translated sentences run right to left, paragraphs start at the right margin (`start`), tables run
from right to left (`mirrored`) and Latin runs inside (brand names, numbers, amounts with their ISO code) keep
their own order. Person-typed text is drawn in cells of its own wherever a table or a block allows it, so it
takes its own direction and cannot reorder the portal's wording around it (the bidirectional controls
services.core.text.isolated would add are removed by inert() here, as the PDF tests require)."""
from __future__ import annotations

import re
from pathlib import Path

from fpdf import FPDF

from services.core.text import FSI, PDI, inert
from services.core.wording import speaking, t

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
INK = (31, 41, 51)
MUTED = (96, 108, 118)
RTL_LOCALES = ("ar",)
# An amount with its ISO code ("1,000.00 EUR", "-40,00 EUR"): inside a right-to-left sentence the bidirectional
# algorithm would split the number from the code ("EUR 1,000.00"); isolated, it reads as written.
_AMOUNT = re.compile(r"-?\d[\d.,\u066b\u066c\u00a0\u202f]*[ \u00a0][A-Z]{3}\b")


class InertDocument(FPDF):
    footer_text = ""
    locale = "en"
    rtl = False

    def normalize_text(self, text: str) -> str:
        plain = inert(text, None, multiline=True)
        if self.rtl:  # the only bidirectional controls in a PDF: the portal's own, balanced, around amounts
            plain = _AMOUNT.sub(lambda m: FSI + m.group(0) + PDI, plain)
        return super().normalize_text(plain)

    def set_title(self, title: str) -> None:
        super().set_title(inert(title, 300))

    def set_author(self, author: str) -> None:
        super().set_author(inert(author, 300))

    def add_portal_fonts(self) -> None:
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))

    def speak(self, locale: str | None, *, shaped: bool = False) -> None:
        """The document's language: Arabic turns text shaping on, right to left; `shaped` turns it on for a
        left-to-right document that carries Arabic words too (bilingual invoices)."""
        self.locale = locale or "en"
        self.rtl = self.locale in RTL_LOCALES
        if self.rtl or shaped:
            # No forced direction: each paragraph takes the direction of its first strong letter (the PDF form of
            # the pages' dir="auto"), so a translated sentence runs right to left while a name, handle or link a
            # person typed, drawn in a cell of its own, keeps its own order ("@maya.okafor", not "maya.okafor@").
            self.set_text_shaping(True)

    @property
    def start(self) -> str:
        """Where a line begins: "L", or "R" on a right-to-left page."""
        return "R" if self.rtl else "L"

    @property
    def end(self) -> str:
        return "L" if self.rtl else "R"

    def mirrored(self, values: list | tuple) -> list:
        """A table row's cells from right to left on a right-to-left page."""
        return list(reversed(values)) if self.rtl else list(values)


class PagedDocument(InertDocument):
    """An A4 document with one line at the foot of every page: its `footer_text` and "page N of M", in its
    language. `footer_y` is how far from the bottom edge that line stands (mm, negative)."""
    footer_y = -12

    @classmethod
    def begin(cls, *, margin: float, bottom: float, locale: str, title: str, author: str, footer: str,
              shaped: bool = False, created=None) -> "PagedDocument":
        """The document with its fonts, language, metadata and first page, ready to draw on."""
        pdf = cls(format="A4", unit="mm")
        pdf.set_margins(margin, margin, margin)
        pdf.set_auto_page_break(True, margin=bottom)
        pdf.add_portal_fonts()
        pdf.speak(locale, shaped=shaped)
        pdf.set_title(title)
        pdf.set_author(author)
        pdf.set_creator("Creator Portal")
        if created is not None:
            pdf.set_creation_date(created)
        pdf.footer_text = footer
        pdf.alias_nb_pages()
        pdf.add_page()
        return pdf

    def footer(self) -> None:
        self.set_y(self.footer_y)
        self.set_font(FONT, size=7.5)
        self.set_text_color(*MUTED)
        with speaking(self.locale):
            page = t("page {page} of {pages}", page=self.page_no(), pages="{nb}")
        self.cell(0, 5, f"{self.footer_text} · {page}", align="C")
