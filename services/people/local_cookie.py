"""The local-mode cookie: which demo person this browser chose, so a reload keeps them signed in.

The value is `<person key>.<expiry as Unix seconds>.<signature>`, the signature being HMAC-SHA256 over the
key and the expiry with a secret kept in the data folder (created 0600 on first use). A value that was
changed, signed with another secret or past its expiry (by the portal's clock) reads as nobody. The cookie
itself is set and cleared by the app's /local routes (portal/local_routes.py); this module only signs and
checks, and never imports Streamlit."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import re
import secrets as random
from pathlib import Path

from services.core import clock

COOKIE_NAME = "portal_local_person"
MAX_AGE = dt.timedelta(days=30)
SECRET_FILE = "local_mode.key"
_KEY = re.compile(r"^[a-z0-9_-]{1,64}$")
_SECRET_BYTES = 32


def sign(person_key: str, secret: bytes, *, now: dt.datetime | None = None,
         max_age: dt.timedelta = MAX_AGE) -> str:
    """A cookie value naming `person_key`, valid for `max_age` from `now` (the portal's clock by default)."""
    if not _KEY.match(person_key or ""):
        raise ValueError("a demo person's key is lowercase letters, digits, '-' and '_'")
    expires = int(((now or clock.now()) + max_age).timestamp())
    return f"{person_key}.{expires}.{_signature(person_key, expires, secret)}"


def verify(value: str | None, secret: bytes, *, now: dt.datetime | None = None) -> str | None:
    """The person key in a cookie value, or None when it is missing, malformed, tampered with, signed with
    another secret or expired."""
    parts = (value or "").split(".")
    if len(parts) != 3 or not _KEY.match(parts[0]) or not parts[1].isdigit():
        return None
    person_key, expires = parts[0], int(parts[1])
    if not hmac.compare_digest(parts[2], _signature(person_key, expires, secret)):
        return None
    if expires <= (now or clock.now()).timestamp():
        return None
    return person_key


def load_secret(data_dir: Path) -> bytes:
    """The signing secret in `data_dir`, made on first use: 32 random bytes in a file only the portal's user
    can read (0600, in a 0700 folder). Two processes starting together end up with the same secret."""
    data_dir = Path(data_dir)
    path = data_dir / SECRET_FILE
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    draft = data_dir / f".{SECRET_FILE}.{os.getpid()}.{random.token_hex(4)}"
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(random.token_bytes(_SECRET_BYTES))
        try:
            os.link(draft, path)  # atomic, and refuses to replace a secret another process just wrote
        except FileExistsError:
            pass
    finally:
        draft.unlink(missing_ok=True)
    return _read(path)


def _read(path: Path) -> bytes:
    secret = path.read_bytes()
    if len(secret) < _SECRET_BYTES:
        raise ValueError(f"{path} is shorter than {_SECRET_BYTES} bytes: delete it and a new one is made "
                         "(everyone in local mode then chooses their demo person again)")
    return secret


def _signature(person_key: str, expires: int, secret: bytes) -> str:
    digest = hmac.new(secret, f"{person_key}.{expires}".encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
