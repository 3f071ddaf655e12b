"""Sending one email: over SMTP when [smtp] is in the secrets, otherwise (the embedded default) into a local
outbox folder, one .eml file per message, named by its idempotency key so a message is never written twice.

    [smtp]
    host = "smtp.example.com"
    port = 587
    username = "portal@example.com"
    password = "…"
    sender = "Creator Portal <portal@example.com>"
    starttls = true            # false for a local relay; port 465 means TLS from the start
"""
from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from services.core.errors import ConfigError


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    username: str | None = None
    password: str | None = None
    sender: str = "Creator Portal <portal@localhost>"
    starttls: bool = True


def smtp_settings(secrets: dict | None = None) -> SmtpSettings | None:
    from services.core.config import read_secrets_file

    table = (read_secrets_file() if secrets is None else secrets).get("smtp")
    if not table:
        return None
    if not isinstance(table, dict) or not isinstance(table.get("host"), str) or not table["host"].strip():
        raise ConfigError("[smtp] host is required to send email (or remove [smtp] to write emails to the outbox).")
    port = table.get("port", 587)
    if not isinstance(port, int) or not 0 < port < 65536:
        raise ConfigError("[smtp] port must be a port number, like 587.")
    return SmtpSettings(table["host"].strip(), port, table.get("username"), table.get("password"),
                        table.get("sender") or SmtpSettings.sender, bool(table.get("starttls", port == 587)))


def send(message: EmailMessage, *, smtp: SmtpSettings | None, outbox: Path | None, key: str) -> str:
    """Sends (or files) the message; raises OSError / smtplib.SMTPException when the server refuses."""
    if smtp is None:
        if outbox is None:
            raise ConfigError("No [smtp] and no outbox folder: the email cannot go anywhere.")
        outbox.mkdir(parents=True, exist_ok=True)
        path = outbox / f"{key.replace(':', '_').replace('/', '_')}.eml"
        if not path.exists():
            partial = path.with_suffix(".partial")
            partial.write_bytes(bytes(message))
            partial.replace(path)
        return f"written to {path}"
    if smtp.port == 465:
        client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=30, context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=30)
    with client:
        if smtp.starttls and smtp.port != 465:
            client.starttls(context=ssl.create_default_context())
        if smtp.username:
            client.login(smtp.username, smtp.password or "")
        client.send_message(message)
    return f"sent through {smtp.host}:{smtp.port}"
