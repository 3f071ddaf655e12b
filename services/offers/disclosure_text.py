"""Caption text as the disclosure checker reads it.

Folding happens before any matching, one character of the caption at a time, so every character of the folded
text knows the offset it came from and a finding can point at the caption as the person wrote it:

1. NFKC first (styled letters such as 𝗔𝗗 or 𝒜𝒹, full-width ＡＤ, ligatures and compatibility forms become plain
   letters), then case folding: in that order, so "𝗔𝗗" becomes "ad" and not a styled letter lower-cased;
2. zero-width characters, soft hyphens, bidi marks and the Arabic tatweel are dropped;
3. accents and Arabic diacritics (harakat, tanween, shadda, sukun, superscript alef) are dropped; the hamza
   forms of alef (أ إ آ ٱ) become ا; ى becomes ي;
4. Arabic-Indic and Eastern Arabic-Indic digits become 0-9;
5. the label separators "/", "|", "·", "•" and their full-width forms become spaces, so "AD/PR" and
   "Werbung|Anzeige" are two labels each.

URLs are blanked before folding so that "example.com/ad" never reads as a label.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f", "\u202a", "\u202b",
         "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u0640", "\u180e"}
_ALEF = {"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627", "\u0649": "\u064a"}
SEPARATORS = {"/", "|", "\u00b7", "\u2022", "\u2215", "\u2044", "\u30fb", "\u00a6"}


@dataclass(frozen=True)
class Folded:
    """The folded text and, for each of its characters, the offset in the caption it came from."""
    text: str
    index: tuple[int, ...]
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The caption offsets [start, end) that the folded characters [start, end) came from."""
        return self.index[start], self.index[end - 1] + 1

    def line_of(self, offset: int) -> int:
        """The 0-based line of a caption offset: every line break counts, empty lines and lone dots included."""
        return self.original.count("\n", 0, offset)


def fold(caption: str | None) -> Folded:
    original = caption or ""
    masked = _URL.sub(lambda m: " " * len(m.group(0)), original)
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(masked):
        if ch in _DROP:
            continue
        for c in unicodedata.normalize("NFKC", ch).casefold():
            for d in unicodedata.normalize("NFD", c):
                if unicodedata.combining(d) or d in _DROP:
                    continue
                d = _ALEF.get(d, d)
                if d in SEPARATORS:
                    d = " "
                elif d.isdigit() and not d.isascii():
                    value = unicodedata.digit(d, None)
                    if value is not None:
                        d = str(value)
                chars.append(d)
                index.append(i)
    return Folded("".join(chars), tuple(index), original)


def fold_phrase(phrase: str) -> str:
    """A label or negation phrase from a rule file, folded like captions are."""
    return fold(phrase).text.strip()


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)
