"""Domain errors: plain exceptions raised next to the rule, turned into messages at the edge."""


class DomainError(Exception):
    """Something the person can fix; str(error) is the message to show."""


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
