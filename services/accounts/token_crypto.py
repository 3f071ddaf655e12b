"""Tokens at rest: every access token, refresh token and PKCE verifier is Fernet-encrypted before it
reaches the database, so a dump or a stolen backup holds no usable token.

The key comes from `[portal] token_encryption_key`. Rotation uses MultiFernet: put the new key in
`token_encryption_key`, move the old one to `[portal] old_token_encryption_keys`, restart, then run
`python -m services.sync --rotate-keys` to re-encrypt every stored token with the new key; once it
reports 0 tokens left on old keys, remove the old key from the secrets.
"""
from __future__ import annotations

from typing import Iterable

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from services.core.errors import ConfigError, DomainError

KEY_SETTING = "[portal] token_encryption_key"
OLD_KEYS_SETTING = "[portal] old_token_encryption_keys"
GENERATE_HINT = ('generate one with: python -c "from cryptography.fernet import Fernet; '
                 'print(Fernet.generate_key().decode())"')


class TokenKeyMissing(ConfigError):
    """No encryption key is configured, so accounts cannot be connected."""


class TokenUnreadable(DomainError):
    """A stored token was encrypted with a key that is no longer configured."""


def validate_key(key: str, setting: str = KEY_SETTING) -> str:
    """The key as given, or ConfigError naming the setting when it is not a Fernet key."""
    try:
        Fernet(key.encode("ascii") if isinstance(key, str) else key)
    except (ValueError, TypeError, UnicodeEncodeError):
        raise ConfigError("{setting} must be a Fernet key (32 url-safe base64-encoded bytes): {GENERATE_HINT}",
                          setting=setting, GENERATE_HINT=GENERATE_HINT) from None
    return key


class TokenCipher:
    """Encrypts with the current key; decrypts with the current or any old key."""

    def __init__(self, key: str, old_keys: Iterable[str] = ()):
        self._current = Fernet(validate_key(key).encode("ascii"))
        self._old = [Fernet(validate_key(k, OLD_KEYS_SETTING).encode("ascii")) for k in old_keys]
        self._all = MultiFernet([self._current, *self._old])

    def encrypt(self, plaintext: str | None) -> str | None:
        if plaintext is None:
            return None
        return self._all.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, ciphertext: str | None) -> str | None:
        if ciphertext is None:
            return None
        try:
            return self._all.decrypt(ciphertext.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeEncodeError):
            raise TokenUnreadable(
                "A stored token cannot be decrypted with {KEY_SETTING} or {OLD_KEYS_SETTING}: it was encrypted with a key that is no longer configured. Put that key back in old_token_encryption_keys, or connect the account again.", KEY_SETTING=KEY_SETTING, OLD_KEYS_SETTING=OLD_KEYS_SETTING) from None

    def needs_rotation(self, ciphertext: str | None) -> bool:
        """True when the token is not encrypted with the current key."""
        if ciphertext is None:
            return False
        try:
            self._current.decrypt(ciphertext.encode("ascii"))
            return False
        except InvalidToken:
            return True

    def rotate(self, ciphertext: str | None) -> str | None:
        """The same token, encrypted with the current key."""
        if ciphertext is None:
            return None
        try:
            return self._all.rotate(ciphertext.encode("ascii")).decode("ascii")
        except InvalidToken:
            self.decrypt(ciphertext)  # raises TokenUnreadable with the message
            raise


def cipher_for(settings) -> TokenCipher:
    """The cipher of these Settings; TokenKeyMissing (naming the setting) when no key is configured."""
    if not settings.token_key:
        raise TokenKeyMissing("Connecting accounts needs {KEY_SETTING} in .streamlit/secrets.toml: {GENERATE_HINT}.",
                              KEY_SETTING=KEY_SETTING, GENERATE_HINT=GENERATE_HINT)
    return TokenCipher(settings.token_key, settings.old_token_keys)
