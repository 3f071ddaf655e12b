"""Reading a PDF the portal drew back, as its reader's software would: the text (pypdf, through each font's
ToUnicode map) and the glyphs embedded for it (fontTools), to tell shaped Arabic from missing glyphs ("tofu")."""
from __future__ import annotations

import io
import re
import unicodedata

import pypdf
from fontTools.ttLib import TTFont

# Arabic Presentation Forms-B: the initial, medial and final forms a shaper picks when letters join.
JOINED_FORMS = range(0xFE70, 0xFF00)


def text(pdf: bytes) -> str:
    """The text of every page, whitespace runs made one space, NFKC-normalised (so a presentation form, if an
    extractor ever returned one, compares equal to the letter the catalogue writes)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    raw = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw))


def embedded_glyphs(pdf: bytes) -> dict[str, list[str]]:
    """Per embedded font (its base name): the names of the glyphs drawn with it."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    out: dict[str, list[str]] = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                data = descriptor["/FontFile2"].get_object().get_data()
                out.setdefault(str(font["/BaseFont"]), []).extend(TTFont(io.BytesIO(data)).getGlyphOrder())
    return out


def joined_arabic_glyphs(pdf: bytes) -> set[str]:
    """Glyphs of joined Arabic letter forms (uniFE8E, uniFEF3...) drawn in the PDF: present only when the text
    was shaped, and only when the font has them."""
    return {name for names in embedded_glyphs(pdf).values() for name in names
            if name.startswith("uni") and len(name) == 7 and int(name[3:], 16) in JOINED_FORMS}
