"""Database access: the Gateway interface, its two implementations, migrations and the embedded server."""
from services.core.db.gateway import Filter, Gateway, Person

__all__ = ["Filter", "Gateway", "Person"]
