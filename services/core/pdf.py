"""The one PDF base the portal draws with: every string drawn (and the title and author) passes through
services.core.text.inert, so a name or note typed by one person cannot reorder, hide or break the lines around
it in a PDF another person reads. Fonts: DejaVu Sans, shipped in services/core/fonts."""
from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from services.core.text import inert

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"


class InertDocument(FPDF):
    footer_text = ""

    def normalize_text(self, text: str) -> str:
        return super().normalize_text(inert(text, None, multiline=True))

    def set_title(self, title: str) -> None:
        super().set_title(inert(title, 300))

    def set_author(self, author: str) -> None:
        super().set_author(inert(author, 300))

    def add_portal_fonts(self) -> None:
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
