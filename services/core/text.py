"""One way to show text a person typed, wherever it goes (pages, PDFs, CSVs): inert() makes it plain.

A name, a note, a caption or a payment reference comes from someone else and reaches another person's screen,
PDF or spreadsheet. inert() removes what could change how the rest of the page reads, and caps the length:

- bidirectional controls (U+202A-202E embeddings and overrides, U+2066-2069 isolates, U+200E/U+200F marks,
  U+061C): an override in a display name would reverse the rest of its line;
- invisible characters (zero width space U+200B, word joiner U+2060, BOM U+FEFF, soft hyphen U+00AD) that
  hide text inside text; the zero width (non-)joiners U+200C and U+200D stay, because Persian, Arabic and emoji
  sequences need them and they reorder nothing;
- other control characters (C0 and C1), except line breaks and tabs where the text may span lines.

Markdown is escaped by portal.layout.user_text(), which calls inert() first; formulas are neutralised by
services.core.csv_export.to_safe_csv() for CSVs. The database also refuses bidirectional controls in names and
caps every free-text column's length (supabase/migrations/20261205040000_one_brand_one_brands_data.sql).

isolated() and isolate_runs() then put back the one bidirectional control the portal itself adds: a first strong
isolate (U+2068) … pop directional isolate (U+2069) around each run a person or a rule supplies, so a name, a
quoted phrase or a hashtag in another script keeps its place in the sentence around it (and the sentence keeps
its order around it). HTML surfaces use dir="auto" (isolated_html) instead."""
from __future__ import annotations

import html
import re

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
INVISIBLE = "\u200b\u2060\ufeff\u00ad"
ELLIPSIS = "…"
DEFAULT_LIMIT = 2000

_CONTROLS = "".join(chr(c) for c in range(0x00, 0x20) if chr(c) not in "\n\t") + "".join(
    chr(c) for c in range(0x7f, 0xa0))
_STRIP = re.compile("[" + re.escape(BIDI_CONTROLS + INVISIBLE + _CONTROLS) + "]")
_LINE_BREAKS = re.compile(r"[\n\t]+")


def inert(text, limit: int | None = DEFAULT_LIMIT, *, multiline: bool = False) -> str:
    """text as plain characters that cannot reorder, hide or break the line they are shown in, at most `limit`
    characters (an ellipsis marks a cut). None gives "". Single-line unless multiline=True (line breaks and tabs
    become one space)."""
    if text is None:
        return ""
    out = _STRIP.sub("", str(text).replace("\r\n", "\n"))
    if not multiline:
        out = _LINE_BREAKS.sub(" ", out)
    if limit is not None and len(out) > limit:
        out = out[: max(limit - 1, 0)].rstrip() + ELLIPSIS
    return out


def has_bidi_controls(text: str | None) -> bool:
    """True when text holds a bidirectional control (the database refuses these in names)."""
    return bool(text) and any(ch in BIDI_CONTROLS for ch in text)


FSI, PDI = "\u2068", "\u2069"  # first strong isolate … pop directional isolate
# A quoted phrase ("…", “…”, «…», „…“) or a hashtag (#ad, #ليس_إعلان): the runs a rule's or a finding's wording
# quotes from a caption or a label list. The quotes stay outside the isolate, with the sentence they belong to.
_RUN = re.compile(r'"([^"\n]+)"|“([^”\n]+)”|«([^»\n]+)»|„([^“\n]+)“|(#\w+)', re.UNICODE)


def isolated(text, limit: int | None = DEFAULT_LIMIT, *, escape=None) -> str:
    """inert(text) (passed through `escape` when given, e.g. markdown escaping) between U+2068 and U+2069: one
    run of someone else's text that neither reorders nor is reordered by the sentence around it."""
    out = inert(text, limit)
    return FSI + (escape(out) if escape else out) + PDI


def runs(text) -> list[tuple[str, bool]]:
    """text (made inert) cut into (part, is_supplied) pieces: the quoted phrases and hashtags are the supplied
    runs; everything else is the sentence's own wording."""
    out, at, plain = [], 0, inert(text, None, multiline=True)
    for m in _RUN.finditer(plain):
        group = next(i for i in range(1, 6) if m.group(i) is not None)
        start, end = m.span(group)
        if start > at:
            out.append((plain[at:start], False))
        out.append((plain[start:end], True))
        at = end
    if at < len(plain):
        out.append((plain[at:], False))
    return out


def isolate_runs(text, *, escape=None) -> str:
    """A rule's or a finding's sentence with every quoted phrase and hashtag in it isolated (U+2068 … U+2069),
    and the whole sentence isolated too, so `"إعلان", "مادة إعلانية"` keeps its order in an English line and an
    English line keeps its order on a right-to-left page. `escape` is applied to each piece (markdown)."""
    esc = escape or (lambda s: s)
    return FSI + "".join(FSI + esc(part) + PDI if supplied else esc(part) for part, supplied in runs(text)) + PDI


def isolated_html(text, limit: int | None = DEFAULT_LIMIT) -> str:
    """For HTML surfaces: inert, HTML-escaped text in <bdi dir="auto">, the HTML form of an isolate."""
    return '<bdi dir="auto">' + html.escape(inert(text, limit)) + "</bdi>"
