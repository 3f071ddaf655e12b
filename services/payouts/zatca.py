"""The QR code of a Saudi (simplified) tax invoice, ZATCA e-invoicing phase 1.

ZATCA, "E-Invoicing Detailed Guidelines" and the QR code specification for phase 1 (generation phase, from
4 December 2021): the QR code holds, TLV-encoded (Tag-Length-Value, the tag and the length one byte each, the
value UTF-8) and then Base64-encoded:
  1 seller's name, 2 VAT registration number of the seller, 3 time stamp of the invoice (date and time),
  4 invoice total (with VAT), 5 VAT total."""
from __future__ import annotations

import base64
import io

import segno

TAGS = {1: "seller_name", 2: "vat_number", 3: "timestamp", 4: "total_with_vat", 5: "vat_total"}


def tlv(fields: dict[str, str]) -> bytes:
    out = bytearray()
    for tag, name in TAGS.items():
        value = str(fields[name]).encode("utf-8")
        if not value or len(value) > 255:
            raise ValueError(f"the ZATCA QR field {name} must be 1 to 255 bytes long")
        out += bytes([tag, len(value)]) + value
    return bytes(out)


def payload(fields: dict[str, str]) -> str:
    """The Base64 text the QR code carries."""
    return base64.b64encode(tlv(fields)).decode("ascii")


def decode(text: str) -> dict[str, str]:
    """The fields of a Base64 TLV payload (to check a scanned code)."""
    data = base64.b64decode(text)
    out, i = {}, 0
    while i < len(data):
        tag, length = data[i], data[i + 1]
        out[TAGS.get(tag, str(tag))] = data[i + 2:i + 2 + length].decode("utf-8")
        i += 2 + length
    return out


def png(text: str) -> bytes:
    """The QR code as a PNG (error correction M, 4-module quiet zone, 8 pixels a module)."""
    buffer = io.BytesIO()
    segno.make_qr(text, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()
