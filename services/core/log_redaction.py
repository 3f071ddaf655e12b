"""Secrets never reach a log. Some platforms take tokens and client secrets only in the query string
(Instagram's token exchange and refresh are documented as GET requests with client_secret and
access_token parameters), and httpx logs every request URL at INFO; a library at DEBUG may log headers
or bodies. install() puts one record factory in front of the logging module, so every record, whichever
logger or handler it goes to, is redacted before anything formats or stores it."""
from __future__ import annotations

import logging
import re
import threading

REDACTED = "[redacted]"
SECRET_NAMES = ("access_token", "refresh_token", "client_secret", "code", "code_verifier", "id_token",
                "fb_exchange_token", "input_token", "token", "client_assertion", "password", "apikey", "api_key")
_names = "|".join(SECRET_NAMES)
_PATTERNS = (
    # query strings and form bodies: ?access_token=…&code=…
    (re.compile(rf"(?i)([?&;](?:{_names})=)[^&\s\"'#;]+"), rf"\1{REDACTED}"),
    # JSON and dict reprs: "access_token": "…" / 'refresh_token': '…'
    (re.compile(rf"(?i)([\"'](?:{_names})[\"']\s*:\s*[\"'])[^\"']+"), rf"\1{REDACTED}"),
    # Authorization and API-key headers, in any rendering
    (re.compile(r"(?i)((?:authorization|apikey|x-api-key|client-secret)[\"']?\s*[:=,]\s*[\"']?"
                r"(?:(?:bearer|basic|bot|oauth)\s+)?)[^\s\"',)\]]+"), rf"\1{REDACTED}"),
    # a bare bearer token anywhere else
    (re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]+"), rf"\1{REDACTED}"),
)
_lock = threading.Lock()
_installed = False


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def install() -> None:
    """Idempotent: wraps the current log record factory once per process."""
    global _installed
    with _lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args, **kwargs):
            record = previous(*args, **kwargs)
            try:
                message = record.getMessage()
            except Exception:  # a broken format string: leave it for logging to report
                return record
            cleaned = redact(message)
            if cleaned != message:
                record.msg, record.args = cleaned, None
            return record

        logging.setLogRecordFactory(factory)
        _installed = True
