"""A form field's text as the services check it before the database does (the database checks again): trimmed,
within its length, or a currency code the portal knows. The caller builds the refusal, so each message stays a
literal its catalogue extracts, in its own words."""
from __future__ import annotations

from typing import Collection


def text(raw: str | None, most: int, refused: Exception) -> str:
    """The text trimmed, 1 to `most` characters; `refused` raised otherwise."""
    trimmed = (raw or "").strip()
    if not 1 <= len(trimmed) <= most:
        raise refused
    return trimmed


def currency(raw: str | None, known: Collection[str], refused: Exception) -> str:
    """An ISO 4217 code as typed (any case, spaces around) in upper case, when it is `known`; `refused` otherwise."""
    code = (raw or "").strip().upper()
    if code not in known:
        raise refused
    return code
