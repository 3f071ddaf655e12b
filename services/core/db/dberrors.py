"""One mapping from a database error (SQLSTATE + message) to a domain error, for both gateways."""
from __future__ import annotations

from services.core.errors import DatabaseUnavailable, DomainError, NotFound, PermissionDenied, ValidationError

_VALIDATION_STATES = {
    "22001": "a value is too long",
    "22003": "a number is out of range",
    "22007": "a date or time is not valid",
    "22008": "a date or time is out of range",
    "22P02": "a value has the wrong format",
    "23502": "a required value is missing",
    "23503": "it refers to something that does not exist",
    "23505": "it already exists",
    "23514": "a value is not allowed",
}


def error_for(sqlstate: str | None, message: str) -> DomainError:
    state = sqlstate or ""
    if state == "42501" or "row-level security" in message:
        return PermissionDenied(f"Not allowed: {message}")
    if state in ("P0002",):
        return NotFound(_sentence(message))
    if state in ("22023", "P0001", "55000", "40001", "55P03"):
        return ValidationError(_sentence(message))
    if state in _VALIDATION_STATES:
        return ValidationError(f"Rejected by the database: {_VALIDATION_STATES[state]} ({message}).")
    if state.startswith("08") or state in ("57P01", "57P03"):
        return DatabaseUnavailable(f"The database cannot be reached: {message}")
    return DomainError(f"The database refused the request: {message}")


def _sentence(message: str) -> str:
    text = message.strip()
    if not text:
        return "The request was refused."
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
