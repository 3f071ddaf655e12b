"""Domain errors: plain exceptions raised next to the rule, turned into messages at the edge."""
from __future__ import annotations

from services.core.messages import Message


class DomainError(Exception):
    """Something the person can fix; str(error) is the message in English, and `error.message` the same message
    as a template with its values, which the portal shows in the reader's language:
    `raise ValidationError('Unknown language "{code}".', code=code)`."""

    def __init__(self, message: str | Message = "", /, **values):
        self.message = message if isinstance(message, Message) else Message(str(message), **values)
        super().__init__(str(self.message))


class ValidationError(DomainError):
    """Input that breaks a rule; nothing was written."""


class PermissionDenied(DomainError):
    """The signed-in person may not do this."""


class NotFound(DomainError):
    """The thing asked for does not exist or is not visible to this person."""


class ConfigError(DomainError):
    """A setting is missing or malformed; the message names the setting."""


class DatabaseUnavailable(DomainError):
    """The database cannot be reached."""
